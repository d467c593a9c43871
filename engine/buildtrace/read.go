// Package buildtrace reads the build traces the go command writes with -debug-trace=FILE
// (an undocumented debugging flag of go build, run, test, install and vet since Go 1.16) and
// works out where the time went: which actions ran on which worker, which packages took
// longest, the critical path and how busy the workers were.
//
// The file is Chrome's Trace Event format ("JSON Array Format"): duration events B/E per
// goroutine (tid), one span "Executing action (MODE PACKAGE)" per action of the build graph,
// and flow events s/f from each dependency to the action that waited for it
// (cmd/go/internal/trace, cmd/go/internal/work/exec.go). The go command writes the closing
// "]" only when it exits normally, so a trace of an interrupted build ends early; the format
// allows that and so does Read.
package buildtrace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// Trace is one go command's build, as its trace recorded it.
type Trace struct {
	// Command is the go subcommand ("run", "build", "test"…), "" when the trace does not say.
	Command string
	// Start is when the go command began (the first event); End the last event.
	Start, End time.Time
	// Actions are the build graph's actions that ran, in the order they started.
	Actions []*Action
	// Workers is how many parallel lanes ran actions: the go command's -p, or fewer when the
	// build had less to do at once.
	Workers int
	// Truncated: the file ended before its closing "]" (the go command was interrupted or
	// is still running); everything up to there was read.
	Truncated bool
	// Events is how many trace events the file held.
	Events int
}

// Action is one node of the build graph: compiling a package, checking the cache for it,
// linking, running the program…
type Action struct {
	// Mode is what the action did: "build" (compile a package), "build check cache",
	// "link", "go run" (run the program), "test run", "vet"…
	Mode string
	// Package is the package it worked on as the go command describes it ("fmt",
	// "command-line-arguments" for files named on the command line, "fmt [fmt.test]" for a
	// test variant); "" when the action has none.
	Package string
	// Lane is the worker that ran it, 1..Trace.Workers.
	Lane int
	// Start and End are offsets from the trace's start.
	Start, End time.Duration
	// Deps are the actions it waited for (the trace's flow arrows); nil when the trace has
	// no arrows.
	Deps []*Action
	// Open: the trace ended while the action was still running; End is the trace's end.
	Open bool

	name string
	tid  uint64
}

// Duration is how long the action ran.
func (a *Action) Duration() time.Duration { return a.End - a.Start }

// Compile reports whether the action compiled a package (mode "build"); on a warm cache
// such an action finds the package in the cache and takes almost no time.
func (a *Action) Compile() bool { return a.Mode == "build" }

// Label is a short name for the action: the package for a compile, "link", "run"… with the
// package after it otherwise.
func (a *Action) Label() string {
	switch {
	case a.Mode == "build":
		return a.Package
	case a.Package == "":
		return a.Mode
	}
	return a.Mode + " " + a.Package
}

// Wall is the whole trace, from the go command's start to its last event.
func (t *Trace) Wall() time.Duration { return t.End.Sub(t.Start) }

// ErrorKind says what was wrong with a file that is not a readable build trace.
type ErrorKind int

const (
	// Empty: the file holds nothing (or only white space).
	Empty ErrorKind = iota + 1
	// NotJSON: the file does not start like JSON; Detail holds its first bytes.
	NotJSON
	// RuntimeTrace: an execution trace of a Go program (go test -trace, runtime/trace),
	// which go tool trace reads; not a build trace.
	RuntimeTrace
	// BadJSON: the JSON is malformed at Line:Col; Detail is the decoder's complaint.
	BadJSON
	// NotEvents: valid JSON, but not a list of trace events; Detail says what was found.
	NotEvents
	// NotGoBuild: trace events, but none of a go command's build actions; Detail holds the
	// first event's name, if any.
	NotGoBuild
)

// Error says why a file is not a build trace. Read returns it for every problem with the
// content (I/O errors are returned as they are). The fields let a caller say it in its own
// words and language; Error() says it in English.
type Error struct {
	Kind      ErrorKind
	Line, Col int // where a BadJSON problem is, 1-based
	// Element is the 1-based position, in the list of events, of the element a NotEvents
	// problem is about; 0 when the problem is the file's top level.
	Element int
	// Found is what a NotEvents problem found instead of events: one of the Found* values.
	Found string
	// Detail is the JSON decoder's complaint (BadJSON), the first bytes (NotJSON) or the
	// first event's name (NotGoBuild, may be "").
	Detail string
}

// What a NotEvents problem found instead of a trace event.
const (
	FoundString      = "string"
	FoundNumber      = "number"
	FoundBoolean     = "boolean"
	FoundNull        = "null"
	FoundList        = "list"
	FoundObject      = "object without \"ph\""
	FoundBadEvent    = "object whose fields are not a trace event's"
	FoundNoEvents    = "object without \"traceEvents\""
	FoundEventsValue = "\"traceEvents\" that is not a list"
)

func (e *Error) Error() string {
	switch e.Kind {
	case Empty:
		return "the file is empty"
	case NotJSON:
		return fmt.Sprintf("not a JSON trace: it starts with %q", e.Detail)
	case RuntimeTrace:
		return "a Go execution trace (go test -trace, runtime/trace; read it with go tool trace), not a build trace"
	case BadJSON:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Detail)
	case NotEvents:
		if e.Element > 0 {
			return fmt.Sprintf("JSON, but element %d of the list is a %s, not a trace event", e.Element, e.Found)
		}
		return fmt.Sprintf("JSON, but a %s, not a list of trace events", e.Found)
	case NotGoBuild:
		if e.Detail != "" {
			return fmt.Sprintf("a trace, but not of a go build: no \"Executing action\" events (the first event is %q)", e.Detail)
		}
		return "a trace, but not of a go build: no \"Executing action\" events"
	}
	return "not a build trace"
}

// ReadFile reads the trace in the file at path.
func ReadFile(path string) (*Trace, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// event is one trace event, with the fields the go command writes.
type event struct {
	Name  string
	Phase string
	Time  int64 // nanoseconds since the Unix epoch ("ts" is in microseconds)
	TID   uint64
	ID    uint64
}

// jsonEvent is an event as encoding/json reads it; ts stays text so that both paths turn
// it into nanoseconds the same way.
type jsonEvent struct {
	Name  string      `json:"name"`
	Phase string      `json:"ph"`
	TS    json.Number `json:"ts"`
	TID   uint64      `json:"tid"`
	ID    uint64      `json:"id"`
}

// micros turns a "ts" value (microseconds, often with a fraction: 1796278409487458.8)
// into nanoseconds. Splitting it at the point keeps it exact and fast; float64 would lose
// the nanoseconds of a timestamp this large.
func micros(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if strings.ContainsAny(s, "eE") || len(whole) > 16 || len(frac) > 9 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.Abs(f) > 9e15 {
			return 0, false
		}
		return int64(math.Round(f * 1000)), true
	}
	neg := strings.HasPrefix(whole, "-")
	us, err := strconv.ParseUint(strings.TrimPrefix(whole, "-"), 10, 64)
	if err != nil {
		return 0, false
	}
	ns := int64(us) * 1000
	if frac != "" {
		f, err := strconv.ParseUint(frac, 10, 64)
		if err != nil {
			return 0, false
		}
		for i := len(frac); i < 3; i++ {
			f *= 10
		}
		for i := len(frac); i > 3; i-- {
			f /= 10 // below a nanosecond
		}
		ns += int64(f)
	}
	if neg {
		ns = -ns
	}
	return ns, true
}

const actionPrefix = "Executing action ("

// Read reads a build trace. It fails with an *Error when the content is not one.
func Read(r io.Reader) (*Trace, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse reads a build trace held in memory. Traces as the go command writes them take a
// fast path (fast.go); anything else, and every problem, is read again with encoding/json,
// which says exactly where the problem is.
func Parse(data []byte) (*Trace, error) {
	if k, detail := sniff(data[:min(len(data), 512)]); k != 0 {
		return nil, &Error{Kind: k, Detail: detail}
	}
	b := newBuilder()
	if fastParse(data, b) {
		return b.finish()
	}
	b = newBuilder()
	if err := decodeEvents(data, b); err != nil {
		return nil, err
	}
	return b.finish()
}

// decodeEvents reads the events with encoding/json: the array format, or the object format
// that holds the array under "traceEvents".
func decodeEvents(data []byte, b *builder) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return jsonError(data, dec, err)
	}
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		// The JSON Object Format: {"traceEvents": [...], ...}. The go command writes the
		// array format, but a trace saved again by a viewer may come back like this.
		if err := seekTraceEvents(dec); err != nil {
			return jsonError(data, dec, err)
		}
	default: // sniff saw [ or {: only a byte order mark of another encoding gets here
		return &Error{Kind: NotEvents, Found: jsonKind(tok)}
	}
	var ev jsonEvent
	for n := 0; ; n++ {
		if !dec.More() {
			if _, err := dec.Token(); err != nil { // the closing ]
				if isEOF(err) {
					b.truncated = true
					return nil
				}
				return jsonError(data, dec, err)
			}
			return nil
		}
		raw, err := nextRaw(dec)
		if err != nil {
			if isEOF(err) {
				b.truncated = true // an event cut off in the middle: keep what came before
				return nil
			}
			return valueError(data, dec, err)
		}
		ev = jsonEvent{}
		if len(raw) == 0 || raw[0] != '{' {
			return &Error{Kind: NotEvents, Element: n + 1, Found: describeRaw(raw)}
		}
		if err := json.Unmarshal(raw, &ev); err != nil {
			return &Error{Kind: NotEvents, Element: n + 1, Found: FoundBadEvent}
		}
		if ev.Phase == "" {
			return &Error{Kind: NotEvents, Element: n + 1, Found: FoundObject}
		}
		ns, ok := micros(string(ev.TS))
		if !ok && ev.TS != "" {
			return &Error{Kind: NotEvents, Element: n + 1, Found: FoundBadEvent}
		}
		b.add(&event{Name: ev.Name, Phase: ev.Phase, Time: ns, TID: ev.TID, ID: ev.ID})
	}
}

// nextRaw reads the next array element without decoding it twice.
func nextRaw(dec *json.Decoder) (json.RawMessage, error) {
	var raw json.RawMessage
	err := dec.Decode(&raw)
	return raw, err
}

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// sniff recognises what a file is from its first bytes, before any JSON is decoded.
func sniff(head []byte) (ErrorKind, string) {
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	trimmed = bytes.TrimLeft(trimmed, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return Empty, ""
	case bytes.HasPrefix(trimmed, []byte("go 1.")) && bytes.Contains(trimmed[:min(len(trimmed), 16)], []byte(" trace")):
		return RuntimeTrace, ""
	case trimmed[0] == '[' || trimmed[0] == '{':
		return 0, ""
	}
	first := trimmed[:min(len(trimmed), 24)]
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	return NotJSON, strings.ToValidUTF8(string(first), "?")
}

// seekTraceEvents moves dec inside the "traceEvents" array of the object format.
func seekTraceEvents(dec *json.Decoder) error {
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key == "traceEvents" {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			if tok != json.Delim('[') {
				return &Error{Kind: NotEvents, Found: FoundEventsValue}
			}
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return &Error{Kind: NotEvents, Found: FoundNoEvents}
}

func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case string:
		return FoundString
	case bool:
		return FoundBoolean
	case nil:
		return FoundNull
	}
	return FoundNumber
}

func describeRaw(raw []byte) string {
	switch {
	case len(raw) == 0:
		return FoundNull
	case raw[0] == '{':
		return FoundObject
	case raw[0] == '[':
		return FoundList
	case raw[0] == '"':
		return FoundString
	case raw[0] == 't' || raw[0] == 'f':
		return FoundBoolean
	case raw[0] == 'n':
		return FoundNull
	}
	return FoundNumber
}

// valueError is jsonError for an array element that failed to decode. The decoder's
// SyntaxError offsets do not count what Token consumed (the "[", commas, white space), so the
// element is scanned again on its own: the decoder still holds it, from its first byte
// through the bad one.
func valueError(data []byte, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return jsonError(data, dec, err)
	}
	base := dec.InputOffset()
	if se.Offset == base {
		// Between two elements (a missing comma): the decoder's offset is the bad byte's.
		line, col := position(data, base)
		return &Error{Kind: BadJSON, Line: line, Col: col, Detail: se.Error()}
	}
	rest, _ := io.ReadAll(dec.Buffered())
	var raw json.RawMessage
	if e := json.NewDecoder(bytes.NewReader(rest)).Decode(&raw); errors.As(e, &se) {
		line, col := position(data, base+se.Offset-1)
		return &Error{Kind: BadJSON, Line: line, Col: col, Detail: se.Error()}
	}
	return jsonError(data, dec, err)
}

// jsonError turns a decoder error into an *Error with the line and column where it happened.
func jsonError(data []byte, dec *json.Decoder, err error) error {
	var te *Error
	if errors.As(err, &te) {
		return te
	}
	off := dec.InputOffset()
	detail := err.Error()
	var ue *json.UnmarshalTypeError
	if errors.As(err, &ue) {
		off = ue.Offset
	}
	if isEOF(err) {
		detail = "the file ends in the middle of the JSON"
	}
	line, col := position(data, off)
	return &Error{Kind: BadJSON, Line: line, Col: col, Detail: detail}
}

// position is the 1-based line and column of the byte at off.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, int(off) - start + 1
}
