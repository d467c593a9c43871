// Command gowrapper stands in for `go` inside a firstrun workspace. It runs the real go
// with the same arguments and terminal, then appends one JSON line to the workspace log,
// so the workbook can see what the learner ran, how long it took and how it ended. When the
// current step checks what a subcommand prints (capture.json beside the log names it), the
// wrapper also copies that subcommand's output through and keeps a bounded part of it.
//
// Package sandbox embeds this file and builds it in file mode, so it must stay a single
// file that imports only the standard library and builds for every GOOS firstrun supports.
// It must also stay cheap: `go version` through it may cost only a few milliseconds more.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// command mirrors sandbox.Command; sandbox.ReadLog decodes these lines, so the JSON
// field names must stay identical (this file cannot import the sandbox package).
type command struct {
	Args     []string  `json:"args"`
	Dir      string    `json:"dir"`
	Start    time.Time `json:"start"`
	Millis   float64   `json:"ms"`
	Exit     int       `json:"exit"`
	Compiles *int      `json:"compiles,omitempty"`
	Links    *int      `json:"links,omitempty"`
	By       string    `json:"by,omitempty"`
	// Interrupted: Ctrl-C arrived while the command ran.
	Interrupted bool      `json:"interrupted,omitempty"`
	Target      string    `json:"target,omitempty"`
	Stdout      *captured `json:"stdout,omitempty"`
	Stderr      *captured `json:"stderr,omitempty"`
}

// captured mirrors sandbox.Captured.
type captured struct {
	Text      string `json:"text"`
	Truncated bool   `json:"truncated,omitempty"`
}

// captureRequest mirrors sandbox.CaptureRequest: which subcommands' streams the current
// step wants kept. The file sits beside the log.
type captureRequest struct {
	Commands map[string][]string `json:"commands"`
	Limit    int                 `json:"limit"`
}

func main() {
	os.Exit(run())
}

func run() int {
	realGo := os.Getenv("FIRSTRUN_REAL_GO")
	logPath := os.Getenv("FIRSTRUN_LOG")
	// A bare name would be looked up on PATH, where this wrapper comes first: it would run itself forever.
	if !filepath.IsAbs(realGo) {
		fmt.Fprintln(os.Stderr, "firstrun: this `go` is firstrun's logging wrapper and FIRSTRUN_REAL_GO is not set to the real go's full path; run `firstrun shell`, or `eval \"$(firstrun env)\"` in this terminal")
		return 2
	}
	args := os.Args[1:]
	if args == nil {
		args = []string{}
	}

	cmd := exec.Command(realGo, args...)
	// The same *os.File values, so the real go sees the learner's terminal (tty checks, colours).
	// Only a stream the wrapper must read (-x, or a step that checks this command's output)
	// becomes a pipe, copied through to the terminal as it comes.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	outCap, errCap := wantedCapture(logPath, args)
	var stderr io.Writer = os.Stderr
	if outCap != nil {
		cmd.Stdout = &tee{out: os.Stdout, keep: outCap}
	}
	if errCap != nil {
		stderr = &tee{out: os.Stderr, keep: errCap}
		cmd.Stderr = stderr
	}
	var tools *toolCounter
	if hasX(args) {
		tools = &toolCounter{out: stderr}
		cmd.Stderr = tools
	}
	if cmd.Stdout != os.Stdout || cmd.Stderr != os.Stderr {
		// A background process started by the learner's program could keep the pipe open
		// after go exits; do not hang the learner's shell waiting for it.
		cmd.WaitDelay = time.Second
	}

	// The terminal sends Ctrl-C to the whole foreground process group, so the real go gets
	// it directly; the wrapper only has to survive it to write the log line. Notify rather
	// than signal.Ignore: an ignored disposition would be inherited by the child across exec.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		signal.Stop(sigs)
		fmt.Fprintf(os.Stderr, "firstrun: cannot start the real go %s: %v\n", realGo, err)
		appendLog(logPath, command{Args: args, Dir: cwd(), Start: start, Millis: millis(time.Since(start)), Exit: 127})
		return 127
	}
	var interrupted atomic.Bool
	go forward(sigs, cmd.Process, &interrupted)
	// The outcome is in ProcessState; an error here (exec.ErrWaitDelay) only means that
	// something kept the stderr pipe open after go exited.
	_ = cmd.Wait()
	elapsed := time.Since(start)
	// Interrupts stay caught until the log line is written: a Ctrl-C typed just as go
	// finishes would otherwise kill the wrapper before it logs.

	exit := cmd.ProcessState.ExitCode() // -1 when killed by a signal
	code := exit
	if exit == -1 {
		code = 128 + signalNumber(cmd.ProcessState)
	}
	c := command{Args: args, Dir: cwd(), Start: start, Millis: millis(elapsed), Exit: exit, Interrupted: interrupted.Load(), Target: otherTarget()}
	if tools != nil {
		tools.flush()
		c.Compiles, c.Links = &tools.compiles, &tools.links
	}
	c.Stdout, c.Stderr = outCap.result(), errCap.result()
	appendLog(logPath, c)
	return code
}

// forward passes termination signals on to the real go, which would otherwise be
// orphaned when a window closes (SIGHUP) or someone runs kill on the wrapper.
// Interrupts are swallowed, see run. The goroutine is never stopped: the wrapper exits
// right after the child does.
// It notes an interrupt: go run exits 1 when Ctrl-C stopped the program, and only the
// wrapper can tell that from a compile error.
func forward(sigs <-chan os.Signal, p *os.Process, interrupted *atomic.Bool) {
	for sig := range sigs {
		if sig == os.Interrupt {
			interrupted.Store(true)
		}
		if sig == os.Interrupt || runtime.GOOS == "windows" {
			continue // Windows can only kill a process, and Ctrl-C already reached the child.
		}
		_ = p.Signal(sig)
	}
}

// signalNumber reports the signal that killed the child, for the shell convention of
// exiting 128+n; an interface keeps this file building where WaitStatus differs.
func signalNumber(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(interface {
		Signaled() bool
		Signal() syscall.Signal
	}); ok && ws.Signaled() {
		return int(ws.Signal())
	}
	return 0
}

// otherTarget names the GOOS and GOARCH settings that make go build for another machine
// ("GOOS=windows GOARCH=arm64"), or "": the check then blames a failed go run on them, even
// when the workbook runs in a terminal without them. firstrun builds this wrapper for the
// machine it runs on, so runtime.GOOS and GOARCH are this machine's.
func otherTarget() string {
	var set []string
	for _, kv := range [][2]string{{"GOOS", runtime.GOOS}, {"GOARCH", runtime.GOARCH}} {
		if v := os.Getenv(kv[0]); v != "" && v != kv[1] {
			set = append(set, kv[0]+"="+v)
		}
	}
	return strings.Join(set, " ")
}

// hasX reports whether go will print its commands (-x), the only case where the wrapper
// must read stderr to count compiles and links. Arguments after "--" belong to a program.
func hasX(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-x" {
			return true
		}
	}
	return false
}

// toolCounter copies go's stderr through unchanged, chunk by chunk (so a prompt without a
// newline still shows at once), while counting the lines that run the compiler or linker.
type toolCounter struct {
	out      io.Writer
	line     []byte
	compiles int
	links    int
}

// maxLine bounds the memory kept per line; a tool name sits at the start of its line.
const maxLine = 4096

func (t *toolCounter) Write(p []byte) (int, error) {
	n, err := t.out.Write(p)
	for rest := p; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			t.keep(rest)
			break
		}
		t.keep(rest[:i])
		t.flush()
		rest = rest[i+1:]
	}
	return n, err
}

func (t *toolCounter) keep(b []byte) {
	if room := maxLine - len(t.line); room > 0 {
		if len(b) > room {
			b = b[:room]
		}
		t.line = append(t.line, b...)
	}
}

// flush classifies the pending line.
func (t *toolCounter) flush() {
	switch toolOf(string(t.line)) {
	case "compile":
		t.compiles++
	case "link":
		t.links++
	}
	t.line = t.line[:0]
}

// toolOf names the Go tool a `go -x` line runs ("compile", "link"), or "" for other lines.
// cmd/go prints a tool run as [NAME='value' ...] /path/to/tool -o ..., for example
//
//	/usr/local/go/pkg/tool/linux_amd64/compile -o $WORK/b011/_pkg_.a -trimpath ...
//	GOROOT='/usr/local/go' /usr/local/go/pkg/tool/linux_amd64/link -o $WORK/b001/exe/hello ...
//
// and on Windows quotes the path Go-style: "C:\\Go\\pkg\\tool\\windows_amd64\\compile.exe".
// Requiring "-o" next keeps a learner's program that happens to be named link from counting.
func toolOf(line string) string {
	s := strings.TrimLeft(line, " \t")
	for {
		rest, ok := skipAssignment(s)
		if !ok {
			break
		}
		s = rest
	}
	word, rest, ok := nextWord(s)
	if !ok || !strings.HasPrefix(rest, "-o ") {
		return ""
	}
	i := strings.LastIndexAny(word, `/\`)
	if i < 0 {
		return ""
	}
	name := strings.TrimSuffix(word[i+1:], ".exe")
	if name == "compile" || name == "link" {
		return name
	}
	return ""
}

// skipAssignment removes one leading NAME=value (value bare, 'single' or "Go-quoted").
func skipAssignment(s string) (string, bool) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return s, false
	}
	for i, r := range s[:eq] {
		if !(r == '_' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || i > 0 && '0' <= r && r <= '9') {
			return s, false
		}
	}
	_, rest, ok := nextWord(s[eq+1:])
	return rest, ok
}

// nextWord splits off one shell word as cmd/go prints it and the spaces after it.
func nextWord(s string) (word, rest string, ok bool) {
	switch {
	case strings.HasPrefix(s, "'"):
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", s, false
		}
		word, rest = s[1:1+end], s[2+end:]
	case strings.HasPrefix(s, `"`):
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return "", s, false
		}
		word, _ = strconv.Unquote(q)
		rest = s[len(q):]
	default:
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		word, rest = s[:end], s[end:]
	}
	if word == "" {
		return "", s, false
	}
	return word, strings.TrimLeft(rest, " \t"), true
}

// wantedCapture reads the capture request beside the log and returns a buffer for each
// stream of this subcommand the current step wants kept (nil for the others). No request,
// or one that does not parse, captures nothing: the command runs exactly as without firstrun.
func wantedCapture(logPath string, args []string) (stdout, stderr *keepBuf) {
	if logPath == "" || len(args) == 0 {
		return nil, nil
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(logPath), "capture.json"))
	if err != nil {
		return nil, nil
	}
	var req captureRequest
	if json.Unmarshal(data, &req) != nil {
		return nil, nil
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 64 << 10
	}
	for _, s := range req.Commands[args[0]] {
		switch s {
		case "stdout":
			stdout = &keepBuf{half: limit / 2}
		case "stderr":
			stderr = &keepBuf{half: limit / 2}
		}
	}
	return stdout, stderr
}

// tee copies a stream through to the terminal and keeps it. A write error on the terminal
// (the learner piped into head, which exited) is returned, so go sees a closed pipe as it
// would without the wrapper.
type tee struct {
	out  io.Writer
	keep *keepBuf
}

func (t *tee) Write(p []byte) (int, error) {
	t.keep.write(p)
	return t.out.Write(p)
}

// keepBuf keeps the first and the last half bytes of a stream, so memory stays bounded
// however much a command prints.
type keepBuf struct {
	half int
	head []byte
	tail []byte // the latest bytes after head, compacted to half when it reaches twice that
	rest int    // how many bytes came after head
}

func (k *keepBuf) write(p []byte) {
	if room := k.half - len(k.head); room > 0 {
		n := min(room, len(p))
		k.head = append(k.head, p[:n]...)
		p = p[n:]
	}
	k.rest += len(p)
	k.tail = append(k.tail, p...)
	if len(k.tail) > 2*k.half {
		k.tail = append(k.tail[:0:0], k.tail[len(k.tail)-k.half:]...)
	}
}

func (k *keepBuf) result() *captured {
	if k == nil {
		return nil
	}
	tail := k.tail
	if len(tail) > k.half {
		tail = tail[len(tail)-k.half:]
	}
	if k.rest > k.half {
		return &captured{Text: string(k.head) + "\n…\n" + string(tail), Truncated: true}
	}
	return &captured{Text: string(k.head) + string(tail)}
}

func cwd() string {
	d, _ := os.Getwd()
	return d
}

func millis(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

// appendLog writes c as one line with a single write to an O_APPEND file, so lines from
// go commands running at the same time in two terminals never interleave. A log that does
// not end in a newline holds a line torn by a crash: this line then starts on a fresh line,
// so the reader loses only the torn fragment, never this command.
func appendLog(path string, c command) {
	if path == "" {
		return
	}
	b, err := json.Marshal(c)
	if err == nil {
		var f *os.File
		f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
		if err == nil {
			line := append(b, '\n')
			if tornEnd(f) {
				line = append([]byte{'\n'}, line...)
			}
			_, err = f.Write(line)
			err = errors.Join(err, f.Close())
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "firstrun: could not log this go command: %v\n", err)
	}
}

// tornEnd reports whether the file's last byte is not a newline. sandbox.AppendLog has the
// same rule; keep them alike.
func tornEnd(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
		return false
	}
	return last[0] != '\n'
}
