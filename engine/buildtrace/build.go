package buildtrace

import (
	"math"
	"sort"
	"strings"
	"time"
)

// builder turns the event stream into actions. Spans on one tid nest (a goroutine runs one
// action at a time, and any span inside an action ends before it), so a stack per tid
// matches each E with its B.
type builder struct {
	first, last int64 // nanoseconds since the Unix epoch
	command     string
	open        map[uint64][]*span
	actions     []*Action
	byName      map[string][]*Action // to find a flow's source by its name
	flows       map[uint64]*flow     // by flow id
	truncated   bool
	events      int
	firstEvent  string // the first event's name, to tell what a trace of something else holds
}

type span struct {
	name   string
	action *Action // nil for spans that are not actions (loading packages…)
	begin  int64
}

type flow struct {
	from     string // the source span's name
	fromTime int64  // when it ended
	to       *Action
}

func newBuilder() *builder {
	return &builder{first: math.MaxInt64, last: math.MinInt64, open: map[uint64][]*span{},
		byName: map[string][]*Action{}, flows: map[uint64]*flow{}}
}

func (b *builder) add(ev *event) {
	if b.events == 0 {
		b.firstEvent = ev.Name
	}
	b.events++
	b.first = min(b.first, ev.Time)
	b.last = max(b.last, ev.Time)
	switch ev.Phase {
	case "B":
		sp := &span{name: ev.Name, begin: ev.Time}
		if mode, pkg, ok := parseAction(ev.Name); ok {
			sp.action = &Action{Mode: mode, Package: pkg, name: ev.Name, tid: ev.TID}
			b.actions = append(b.actions, sp.action)
			b.byName[ev.Name] = append(b.byName[ev.Name], sp.action)
		} else if b.command == "" && strings.HasPrefix(ev.Name, "Running ") && strings.HasSuffix(ev.Name, " command") {
			b.command = strings.TrimSuffix(strings.TrimPrefix(ev.Name, "Running "), " command")
		}
		b.open[ev.TID] = append(b.open[ev.TID], sp)
	case "E":
		stack := b.open[ev.TID]
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].name != ev.Name {
				continue
			}
			if a := stack[i].action; a != nil {
				a.Start, a.End = b.offset(stack[i].begin), b.offset(ev.Time)
			}
			b.open[ev.TID] = stack[:i] // spans above it never ended: drop them too
			break
		}
	case "s":
		from, _, ok := strings.Cut(ev.Name, " -> ")
		if ok {
			f := b.flows[ev.ID]
			if f == nil {
				f = &flow{}
				b.flows[ev.ID] = f
			}
			f.from, f.fromTime = from, ev.Time
		}
	case "f":
		// Bound to the enclosing slice: the action running on that tid when it started.
		f := b.flows[ev.ID]
		if f == nil {
			f = &flow{}
			b.flows[ev.ID] = f
		}
		stack := b.open[ev.TID]
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].action != nil {
				f.to = stack[i].action
				break
			}
		}
	}
}

// parseAction splits "Executing action (build fmt)" into mode and package. Modes are one or
// more words, and package descriptions have no spaces except for a test variant's
// " [x.test]" suffix, so the package is the last word unless the word before it is the
// whole mode: the modes are the go command's (work/action.go), few and stable.
func parseAction(name string) (mode, pkg string, ok bool) {
	if !strings.HasPrefix(name, actionPrefix) || !strings.HasSuffix(name, ")") {
		return "", "", false
	}
	inner := name[len(actionPrefix) : len(name)-1]
	variant := ""
	if i := strings.Index(inner, " ["); i >= 0 && strings.HasSuffix(inner, "]") {
		inner, variant = inner[:i], inner[i:]
	}
	for _, m := range knownModes {
		if inner == m {
			return m, "", true
		}
		if strings.HasPrefix(inner, m+" ") && !strings.Contains(inner[len(m)+1:], " ") {
			return m, inner[len(m)+1:] + variant, true
		}
	}
	// A mode this package does not know (a newer go command): the package is the last word.
	if i := strings.LastIndexByte(inner, ' '); i >= 0 {
		return inner[:i], inner[i+1:] + variant, true
	}
	return inner, "", true
}

// knownModes are the action modes of the go command (cmd/go/internal/work, test, run),
// longest first (init sorts them) so that "build check cache" is not read as mode "build" of
// package "check cache".
var knownModes = []string{
	"build check cache", "go build -buildmode=shared", "go install -buildmode=shared",
	"write coverage meta-data file", "preprocess PGO profile", "test print (nop)",
	"go install (tools)", "built-in package", "gccgo stdlib", "install header", "shlib packages",
	"collect cgo", "test barrier", "test build", "test clean", "test print", "test run",
	"build-install", "link-install", "go install", "go build", "go test", "go tool", "go run",
	"cgo run", "cover", "vet", "link", "build", "nop", "go", "swigDoIntSize", "shlibname",
}

func init() {
	sort.SliceStable(knownModes, func(i, j int) bool { return len(knownModes[i]) > len(knownModes[j]) })
}

func (b *builder) offset(ts int64) time.Duration { return time.Duration(ts - b.first) }

func (b *builder) finish() (*Trace, error) {
	if b.events == 0 {
		return nil, &Error{Kind: NotGoBuild}
	}
	if len(b.actions) == 0 {
		return nil, &Error{Kind: NotGoBuild, Detail: b.firstEvent}
	}
	t := &Trace{
		Command: b.command, Truncated: b.truncated, Events: b.events,
		Start: time.Unix(0, b.first), End: time.Unix(0, b.last),
	}
	// Actions still open when the trace ended (an interrupted build) run to its end.
	for _, stack := range b.open {
		for _, sp := range stack {
			if a := sp.action; a != nil {
				a.Start, a.End, a.Open = b.offset(sp.begin), b.offset(b.last), true
			}
		}
	}
	for _, f := range b.flows {
		if f.to == nil || f.from == "" {
			continue
		}
		if from := b.source(f); from != nil && from != f.to {
			f.to.Deps = append(f.to.Deps, from)
		}
	}
	// Lanes: the goroutines that ran actions, numbered in the order of their tids (the go
	// command numbers its workers as it starts them).
	var tids []uint64
	seen := map[uint64]bool{}
	for _, a := range b.actions {
		if !seen[a.tid] {
			seen[a.tid] = true
			tids = append(tids, a.tid)
		}
	}
	sort.Slice(tids, func(i, j int) bool { return tids[i] < tids[j] })
	lane := map[uint64]int{}
	for i, tid := range tids {
		lane[tid] = i + 1
	}
	for _, a := range b.actions {
		a.Lane = lane[a.tid]
		sort.Slice(a.Deps, func(i, j int) bool { return a.Deps[i].End < a.Deps[j].End })
	}
	t.Workers = len(tids)
	t.Actions = b.actions
	sort.SliceStable(t.Actions, func(i, j int) bool { return t.Actions[i].Start < t.Actions[j].Start })
	return t, nil
}

// source is the action a flow starts from: the one of that name that ended when the flow
// says (names repeat only in unusual graphs).
func (b *builder) source(f *flow) *Action {
	cands := b.byName[f.from]
	if len(cands) == 1 {
		return cands[0]
	}
	at := b.offset(f.fromTime)
	var best *Action
	for _, a := range cands {
		if best == nil || absDur(a.End-at) < absDur(best.End-at) {
			best = a
		}
	}
	return best
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
