//go:build !windows

// Pseudo-terminal tests: `firstrun` with no arguments, driven as a learner drives it, on a
// 100×40 terminal. The program's terminal is a pty whose output feeds a vt10x emulator (which
// answers survey's cursor-position queries) and a raw log; go-expect waits for text and sends
// keys. These tests do not build on Windows (no ptys).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/firstrun/firstrun/sandbox"
	"github.com/hinshun/vt10x"
	"golang.org/x/term"
)

// Keys a learner presses.
const (
	keyUp    = "\x1b[A"
	keyEnter = "\r"
	keyCtrlC = "\x03"
	keyCtrlZ = "\x1a"
)

const (
	termCols, termRows = 100, 40
	// expectTimeout is how long the program may stay silent: the first start builds the go
	// wrapper, and the cold `go run` compiles the standard library (~7 s).
	expectTimeout = 30 * time.Second
)

// learner is one person's setup: a home, a workspace of their own, a language.
type learner struct {
	home, ws, lang string
	shell          string   // $SHELL; empty unless a test opens one
	extraEnv       []string // settings added after the defaults (a later one wins)
	cols           int      // the terminal's width; 0: termCols
}

func newLearner(t *testing.T, lang string) *learner {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go on PATH: firstrun needs the real toolchain")
	}
	return &learner{home: t.TempDir(), ws: filepath.Join(t.TempDir(), "ws"), lang: lang}
}

// env is the whole environment firstrun gets: nothing else leaks in from the test's own.
func (l *learner) env(t *testing.T) []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + l.home,
		"XDG_CONFIG_HOME=" + filepath.Join(l.home, ".config"),
		"TMPDIR=" + os.TempDir(),
		"FIRSTRUN_WORKSPACE=" + l.ws,
		"FIRSTRUN_TOOLCACHE=" + sharedToolCache(t), // the wrapper is compiled once per test run
		"FIRSTRUN_LANG=" + l.lang,
		"LANG=C",
		"TERM=xterm-256color",
		"GOFLAGS=-mod=mod",
		"SHELL=" + l.shell,
	}, l.extraEnv...)
}

func (l *learner) stateFile(name string) string { return filepath.Join(l.ws, ".firstrun", name) }

// runPlain runs firstrun as a script does, without a terminal: stdin is /dev/null, the output
// a pipe. It gives up (killing the program and its children) if the program does not exit.
func (l *learner) runPlain(t *testing.T, args ...string) (out string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*expectTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, firstrunBin(t), args...)
	cmd.Env = l.env(t)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	b, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("firstrun %s did not exit within %v\n%s", strings.Join(args, " "), 2*expectTimeout, b)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("firstrun %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return string(b), cmd.ProcessState.ExitCode()
}

// session is `firstrun` running on a pseudo-terminal.
type session struct {
	t         *testing.T
	c         *expect.Console
	screen    vt10x.Terminal
	raw       *lockedBuffer // every byte the program wrote, escapes included
	cooked    *term.State   // the pty's settings before the program started
	cmd       *exec.Cmd
	exited    chan struct{} // closed when the program has exited
	afterExit *term.State   // once exited is closed: the pty's settings the program left
	ttyMu     sync.Mutex    // our end of the program's tty is closed when it exits
	ttyFd     int
	ttyClosed bool
}

// start runs `firstrun args...` as the learner does in a terminal: the pty is its stdin,
// stdout, stderr and controlling terminal, in a session of its own. The program (and anything
// it started) is killed when the test ends, passed or not.
func (l *learner) start(t *testing.T, args ...string) *session {
	t.Helper()
	return l.startProgram(t, firstrunBin(t), args...)
}

// startProgram is start for another program on the pty (a shell the learner types
// firstrun into).
func (l *learner) startProgram(t *testing.T, program string, args ...string) *session {
	t.Helper()
	// The emulator's answers to the program's queries go back to it as typed input through a
	// second pty pair (as survey's own tests do).
	replyPtm, replyPts, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pty: %v", err)
	}
	cols := termCols
	if l.cols > 0 {
		cols = l.cols
	}
	screen := vt10x.New(vt10x.WithWriter(replyPts), vt10x.WithSize(cols, termRows))
	raw := &lockedBuffer{}
	c, err := expect.NewConsole(
		expect.WithStdin(replyPtm),
		expect.WithStdout(screen, raw),
		expect.WithCloser(replyPtm, replyPts),
		expect.WithDefaultTimeout(expectTimeout),
	)
	if err != nil {
		replyPtm.Close()
		replyPts.Close()
		t.Fatalf("opening the console: %v", err)
	}
	s := &session{t: t, c: c, screen: screen, raw: raw, exited: make(chan struct{})}
	t.Cleanup(func() { c.Close() })
	if err := pty.Setsize(c.Tty(), &pty.Winsize{Cols: uint16(cols), Rows: termRows}); err != nil {
		t.Fatalf("sizing the pty: %v", err)
	}
	s.ttyFd = int(c.Tty().Fd())
	if s.cooked, err = term.GetState(s.ttyFd); err != nil {
		t.Fatalf("reading the pty's settings: %v", err)
	}

	s.cmd = exec.Command(program, args...)
	s.cmd.Env = l.env(t)
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = c.Tty(), c.Tty(), c.Tty()
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting firstrun: %v", err)
	}
	go func() {
		s.cmd.Wait()
		s.ttyMu.Lock()
		// The pty outlives the program: what it left the terminal set to is still there.
		s.afterExit, _ = term.GetState(s.ttyFd)
		// With our end of the pty closed too, reading the rest of the output ends in EOF, so
		// an expect fails at once instead of timing out.
		c.Tty().Close()
		s.ttyClosed = true
		s.ttyMu.Unlock()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			t.Logf("killing firstrun (pid %d) and its children", s.cmd.Process.Pid)
			syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.exited
		}
	})
	return s
}

// expect waits until text appears in what the program writes (colours and cursor movements
// aside) and fails the test with the screen if it does not come.
func (s *session) expect(text string) {
	s.t.Helper()
	if _, err := s.c.Expect(shows(text)); err != nil {
		s.t.Fatalf("waiting for %q: %v%s\n%s", text, err, s.exitNote(), s.dump())
	}
}

// send types keys.
func (s *session) send(keys string) {
	s.t.Helper()
	if _, err := s.c.Send(keys); err != nil {
		s.t.Fatalf("typing %q: %v", keys, err)
	}
}

// press types keys once the prompt on screen reads them: a survey prompt draws itself first
// and only then puts the terminal in raw mode. Keys typed before that would be echoed and
// line-buffered by the terminal (Enter would arrive as "\n").
func (s *session) press(keys string) {
	s.t.Helper()
	deadline := time.Now().Add(expectTimeout)
	for {
		st, err := s.ttyState()
		if err != nil {
			s.t.Fatalf("waiting for a prompt: %v%s\n%s", err, s.exitNote(), s.dump())
		}
		if !reflect.DeepEqual(st, s.cooked) {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the prompt never started reading keys (terminal still in line mode)\n%s", s.dump())
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.send(keys)
}

// ttyState reads the settings of the program's terminal, as long as it runs.
func (s *session) ttyState() (*term.State, error) {
	s.ttyMu.Lock()
	defer s.ttyMu.Unlock()
	if s.ttyClosed {
		return nil, errors.New("firstrun has exited")
	}
	return term.GetState(s.ttyFd)
}

// choose picks a menu entry as a learner who knows the menu does: type part of it (survey
// filters the list), then Enter.
func (s *session) choose(filter string) {
	s.t.Helper()
	s.press(filter + keyEnter)
}

// exitsCleanly: the program ends with exit code 0 and leaves the terminal as it found it.
func (s *session) exitsCleanly() {
	s.t.Helper()
	if code := s.wait(); code != 0 {
		s.t.Errorf("exit code %d, want 0\n%s", code, s.dump())
	}
	s.terminalSane()
}

// wait reads the rest of the output until the program exits, and returns its exit code.
func (s *session) wait() int {
	s.t.Helper()
	if _, err := s.c.ExpectEOF(); err != nil {
		select {
		case <-s.exited:
			s.t.Fatalf("firstrun exited but its terminal stayed open (a child still running?): %v\n%s", err, s.dump())
		default:
			s.t.Fatalf("firstrun did not exit: %v\n%s", err, s.dump())
		}
	}
	<-s.exited
	return s.cmd.ProcessState.ExitCode()
}

// exitNote says how the program ended, if it has.
func (s *session) exitNote() string {
	select {
	case <-s.exited:
		return " (firstrun exited: " + s.cmd.ProcessState.String() + ")"
	default:
		return ""
	}
}

// dump is the screen as the learner sees it, for failure messages.
func (s *session) dump() string {
	var lines []string
	for _, l := range strings.Split(s.screen.String(), "\n") {
		lines = append(lines, strings.TrimRight(l, " \x00"))
	}
	screen := strings.TrimRight(strings.Join(lines, "\n"), "\n")
	return "--- screen ---\n" + screen + "\n--- end of screen ---"
}

// terminalSane reports what the program left wrong in the terminal: a hidden cursor, or the
// terminal not back in line mode.
func (s *session) terminalSane() {
	s.t.Helper()
	raw := s.raw.String()
	if hide, show := strings.LastIndex(raw, "\x1b[?25l"), strings.LastIndex(raw, "\x1b[?25h"); hide > show {
		s.t.Errorf("the cursor was hidden (\\e[?25l at byte %d) and never shown again (last \\e[?25h at %d)", hide, show)
	}
	if !s.screen.CursorVisible() {
		s.t.Errorf("the emulator's cursor is hidden after firstrun exited")
	}
	if !reflect.DeepEqual(s.afterExit, s.cooked) {
		s.t.Errorf("firstrun left the terminal's settings changed (raw mode?): before %+v, after %+v", s.cooked, s.afterExit)
	}
}

// A learner opens the workbook for the first time, looks around and quits with the arrow keys.
func TestInteractiveFirstStart(t *testing.T) {
	l := newLearner(t, "en")
	s := l.start(t)

	// The first lesson's page, rendered...
	s.expect("Hello, cold start")
	s.expect(`fmt.Println("Hello, Golang!")`)
	// ...then the menu.
	s.expect("What next?")
	s.expect("Check this step")
	s.expect("Quit (progress is saved)")

	// ↑ wraps around from the first entry to the last one, Quit; Enter.
	s.press(keyUp)
	s.expect("> Quit (progress is saved)")
	s.send(keyEnter)

	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d, want 0\n%s", code, s.dump())
	}
	if _, err := os.Stat(l.stateFile("progress.json")); err != nil {
		t.Errorf("no progress saved: %v", err)
	}
	s.terminalSane()
}

// Ctrl-C at the menu ends the workbook with 130, saves progress and restores the terminal.
func TestInteractiveCtrlC(t *testing.T) {
	l := newLearner(t, "en")
	s := l.start(t)
	s.expect("What next?")
	s.expect("Quit (progress is saved)")

	// The learner presses Ctrl-C.
	s.press(keyCtrlC)
	s.expect("Interrupted. Your progress is saved.")

	if code := s.wait(); code != 130 {
		t.Errorf("exit code %d, want 130\n%s", code, s.dump())
	}
	data, err := os.ReadFile(l.stateFile("progress.json"))
	if err != nil {
		t.Fatalf("no progress saved: %v", err)
	}
	var progress map[string]any
	if err := json.Unmarshal(data, &progress); err != nil {
		t.Errorf("progress.json is not valid JSON: %v\n%s", err, data)
	}
	s.terminalSane()
}

// Asking for a hint shows the first one and comes back to the menu.
func TestInteractiveHint(t *testing.T) {
	l := newLearner(t, "en")
	s := l.start(t)
	s.expect("What next?")
	s.expect("Quit (progress is saved)")

	// The learner types "hint" (the menu filters down to "Show a hint") and Enter.
	s.choose("hint")
	s.expect("Hint 1/")
	s.expect("What next?")
	s.expect("Quit (progress is saved)")

	s.choose("Quit")
	s.exitsCleanly()
}

// A learner who wrote hello.go checks it, lets firstrun run it, and checks the cold run.
func TestInteractiveCheckAndRunForMe(t *testing.T) {
	l := newLearner(t, "en")
	// The workspace exists (the first `firstrun check` made it) and hello.go is written.
	if out, code := l.runPlain(t, "check"); code != 1 {
		t.Fatalf("firstrun check in a new workspace: exit code %d, want 1\n%s", code, out)
	}
	hello := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"Hello, Golang!\")\n}\n"
	if err := os.WriteFile(filepath.Join(l.ws, "hello.go"), []byte(hello), 0o644); err != nil {
		t.Fatal(err)
	}

	s := l.start(t)
	s.expect("Write hello.go")
	s.expect("Quit (progress is saved)")

	// Check this step: it passes and the next step's page appears.
	s.choose("Check")
	s.expect("Step passed: Write hello.go")
	s.expect("Run it, cold")
	s.expect("Quit (progress is saved)")

	// Run it for me: the program's own output shows up, and the run is in the command log.
	s.choose("Run it for me")
	s.expect("Running go run hello.go") // code spans are coloured on a terminal, not quoted
	s.expect("Hello, Golang!")
	// Back at the menu, the step is checked by itself (watch mode): the cold run passes.
	s.expect("Step passed: Run it, cold")
	s.expect("Quit (progress is saved)")
	log, err := sandbox.ReadLog(l.stateFile("commands.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(log); n == 0 || strings.Join(log[n-1].Args, " ") != "run hello.go" || log[n-1].Exit != 0 {
		t.Errorf("the command log does not end with a successful `go run hello.go`: %+v", log)
	}

	s.choose("Quit")
	s.exitsCleanly()
}

// A Korean learner gets the Korean page and menu.
func TestInteractiveKorean(t *testing.T) {
	l := newLearner(t, "ko")
	s := l.start(t)
	s.expect("Hello, 콜드 스타트")
	s.expect("무엇을 할까요?")
	s.expect("[화살표 키로 이동하고, 글자를 입력하면 목록이 좁혀집니다]") // survey's own key help, translated
	s.expect("종료 (진행 상황은 저장됩니다)")

	// ↑ to Quit, Enter.
	s.press(keyUp)
	s.expect("> 종료 (진행 상황은 저장됩니다)")
	s.send(keyEnter)
	s.exitsCleanly()
}

// Without a terminal (stdin is /dev/null, output a pipe) firstrun shows the step, says how to
// go on without prompts, and exits instead of waiting for keys.
func TestInteractiveNoTerminal(t *testing.T) {
	l := newLearner(t, "en")
	out, code := l.runPlain(t)
	if code != 0 {
		t.Errorf("exit code %d, want 0\n%s", code, out)
	}
	for _, want := range []string{"Write hello.go", `fmt.Println("Hello, Golang!")`, "No terminal here"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("escape sequences in output to a pipe:\n%q", out)
	}
}

// stripANSI reads terminal output and keeps the text: escape sequences and carriage returns
// are dropped. It works byte by byte, so a match can be checked after every rune read.
type stripANSI struct {
	state int
	text  []byte
}

const (
	stText = iota
	stEsc
	stCSI
	stString    // OSC, DCS…: up to BEL or ESC \
	stStringEsc // ESC inside a string
	stCharset   // ESC ( B and friends: one more byte
)

func (s *stripANSI) feed(b byte) {
	switch s.state {
	case stText:
		switch b {
		case 0x1b:
			s.state = stEsc
		case '\r':
		default:
			s.text = append(s.text, b)
		}
	case stEsc:
		switch b {
		case '[':
			s.state = stCSI
		case ']', 'P', 'X', '^', '_':
			s.state = stString
		case '(', ')', '*', '+', '#', '%':
			s.state = stCharset
		default:
			s.state = stText
		}
	case stCSI:
		if b >= 0x40 && b <= 0x7e {
			s.state = stText
		}
	case stString:
		switch b {
		case 0x07:
			s.state = stText
		case 0x1b:
			s.state = stStringEsc
		}
	case stStringEsc:
		s.state = stString
		if b == '\\' {
			s.state = stText
		}
	case stCharset:
		s.state = stText
	}
}

// textMatcher is a go-expect matcher for text as it appears on screen, whatever colours or
// cursor movements are interleaved.
type textMatcher struct {
	want string
	read int // bytes of the buffer fed so far
	s    stripANSI
}

func shows(text string) expect.ExpectOpt {
	return func(o *expect.ExpectOpts) error {
		o.Matchers = append(o.Matchers, &textMatcher{want: text})
		return nil
	}
}

func (m *textMatcher) Match(v any) bool {
	buf, ok := v.(*bytes.Buffer)
	if !ok {
		return false
	}
	b := buf.Bytes()
	for ; m.read < len(b); m.read++ {
		m.s.feed(b[m.read])
	}
	// Only a match ending in what was just read is new.
	tail := m.s.text[max(0, len(m.s.text)-len(m.want)-utf8Max):]
	return bytes.Contains(tail, []byte(m.want))
}

func (m *textMatcher) Criteria() any { return m.want }

const utf8Max = 4

// lockedBuffer is the raw output log, written by go-expect while tests read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A learner who finished every step gets the lesson menu; Quit there ends the workbook
// normally. A one-step pack keeps this quick.
func TestInteractiveCourseDone(t *testing.T) {
	pack := t.TempDir()
	files := map[string]string{
		"01-one/lesson.yaml": "format: 1\nid: one\nsteps:\n  - id: q\n    quiz:\n      answer: a\n",
		"01-one/en.md":       "---\ntitle: One\nsteps:\n  q:\n    hints: [Think.]\n    quiz:\n      question: Yes?\n      choices:\n        - {text: 'Yes', why: Right.}\n        - {text: 'No', why: Wrong.}\n---\n<!-- step: q -->\n## Q\nAnswer it.\n",
	}
	files["01-one/ko.md"] = files["01-one/en.md"]
	for name, content := range files {
		os.MkdirAll(filepath.Join(pack, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(pack, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := newLearner(t, "en")
	if out, code := l.runPlain(t, "--lessons", pack, "answer", "a"); code != 0 {
		t.Fatalf("answering the only quiz: exit %d\n%s", code, out)
	}
	s := l.start(t, "--lessons", pack)
	s.expect("You finished every lesson")
	s.expect("Which lesson?")
	s.choose("Quit")
	s.exitsCleanly()
}

// The learner opens a shell from the menu: its prompt is marked, the go found first is the
// workspace's wrapper (so what they run is logged), a Ctrl-C there does not end the workbook,
// and exit comes back to the menu.
func TestInteractiveShell(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	l := newLearner(t, "en")
	l.shell = bash
	s := l.start(t)
	s.expect("Quit (progress is saved)")

	s.choose("Open a shell")
	s.expect("Type exit to come back.")
	s.expect("(firstrun) ")
	s.send("go env GOCACHE\r")
	s.expect(filepath.Join(".firstrun", "gocache"))
	// Wait for the prompt after go's output before the Ctrl-C: otherwise the next expect
	// matches that prompt, "exit" is typed while bash still handles the interrupt, and readline
	// drops its first letter ("xit: command not found").
	s.expect("(firstrun) ")
	s.send("\x03") // Ctrl-C at the shell prompt belongs to the shell
	// What matters is that the shell, not the workbook, got the interrupt, so the shell must
	// still answer. bash may handle it late and then drop what readline had read of the next
	// line (seen as "cho: command not found"): the leading spaces are there to be dropped.
	time.Sleep(200 * time.Millisecond)
	s.send("   echo still-here\r")
	s.expect("echo still-here") // the command line, then what it printed
	s.expect("still-here")
	s.expect("(firstrun) ")
	s.send("exit\r")
	s.expect("Back in the workbook.")
	s.expect("Quit (progress is saved)")
	if strings.Contains(s.dump(), "exit status") {
		t.Errorf("the shell's last exit status was reported as an error:\n%s", s.dump())
	}

	log, err := sandbox.ReadLog(l.stateFile("commands.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 || strings.Join(log[len(log)-1].Args, " ") != "env GOCACHE" {
		t.Errorf("the command log does not end with `go env GOCACHE` from the shell: %+v\n%s", log, s.dump())
	}
	s.choose("Quit")
	s.exitsCleanly()
}
