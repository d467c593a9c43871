package engine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

func testWorkspace(t *testing.T) *sandbox.Workspace {
	t.Helper()
	ws, err := sandbox.Open(filepath.Join(t.TempDir(), "ws"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Create(nil, "go1.26.0"); err != nil {
		t.Fatal(err)
	}
	return ws
}

// signals counts what the watcher reports within d.
func signals(w *Watcher, d time.Duration) int {
	n := 0
	deadline := time.After(d)
	for {
		select {
		case <-w.C:
			n++
		case <-deadline:
			return n
		}
	}
}

func writeWS(t *testing.T, ws *sandbox.Workspace, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(ws.Dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherSeesChanges(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "events"
		if poll {
			name = "polling"
		}
		t.Run(name, func(t *testing.T) {
			ws := testWorkspace(t)
			w := NewWatcher(ws, poll)
			defer w.Close()
			if w.Polling() != poll {
				t.Fatalf("Polling() = %v, want %v", w.Polling(), poll)
			}
			writeWS(t, ws, "hello.go", "package main\n")
			if n := signals(w, 2*time.Second); n < 1 {
				t.Errorf("a file written: no signal")
			}
			// A go command ends with a line in the log.
			if err := sandbox.AppendLog(ws.LogPath(), sandbox.Command{Args: []string{"run", "hello.go"}}); err != nil {
				t.Fatal(err)
			}
			if n := signals(w, 2*time.Second); n < 1 {
				t.Errorf("the command log grew: no signal")
			}
		})
	}
}

// An editor's save is a burst of events; the learner did one thing.
func TestWatcherDebounces(t *testing.T) {
	ws := testWorkspace(t)
	w := NewWatcher(ws, false)
	defer w.Close()
	for i := range 8 {
		writeWS(t, ws, "hello.go", strings.Repeat("x", i))
		time.Sleep(20 * time.Millisecond)
	}
	if n := signals(w, WatchDebounce+time.Second); n != 1 {
		t.Errorf("8 writes 20 ms apart: %d signals, want 1", n)
	}
}

// firstrun's own writes (its temp and lock files, the checker's folder, editors' scratch
// files) are no reason to check; progress.json is seen, but does not change the fingerprint.
func TestWatcherIgnoresOwnWrites(t *testing.T) {
	ws := testWorkspace(t)
	w := NewWatcher(ws, false)
	defer w.Close()
	before := w.Fingerprint()
	for _, f := range []string{".progress-123.tmp", "progress.lock", "goversion.json"} {
		if err := os.WriteFile(filepath.Join(ws.StateDir(), f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeWS(t, ws, ".hello.go.swp", "x")
	writeWS(t, ws, "hello.go~", "x")
	if err := os.MkdirAll(filepath.Join(ws.StateDir(), "check", "tmp", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if n := signals(w, WatchDebounce+500*time.Millisecond); n != 0 {
		t.Errorf("firstrun's own files: %d signals, want 0", n)
	}
	if err := NewProgress().Save(ws.ProgressPath()); err != nil {
		t.Fatal(err)
	}
	if w.Fingerprint() != before {
		t.Errorf("saving progress changed the fingerprint:\n%s\n---\n%s", before, w.Fingerprint())
	}
}

type recordUI struct{ bytes.Buffer }

func (u *recordUI) Page(md string) error                 { u.WriteString(md); return nil }
func (u *recordUI) Select(string, []string) (int, error) { return 0, ErrNoTerminal }
func (u *recordUI) Input(string) (string, error)         { return "", ErrNoTerminal }
func (u *recordUI) Busy(string) func()                   { return func() {} }

func watchApp(t *testing.T) (*App, *bytes.Buffer) {
	t.Helper()
	c, err := LoadCourse(pack(nil), "p")
	if err != nil {
		t.Fatal(err)
	}
	out := &bytes.Buffer{}
	return &App{Course: c, Pack: pack(nil), WS: testWorkspace(t), T: NewMessages("en"), UI: &recordUI{},
		Out: out, Now: time.Now}, out
}

// The step is checked only when the workspace changed, an unchanged failure is not news, and
// a pass advances.
func TestRecheck(t *testing.T) {
	a, _ := watchApp(t)
	ctx := context.Background()
	sw := a.newStepWatch()
	defer sw.w.Close()
	if news, err := a.recheck(ctx, sw); news != "" || err != nil {
		t.Fatalf("nothing changed: got %q, %v; want no news", news, err)
	}
	writeWS(t, a.WS, "notes.txt", "a")
	news, err := a.recheck(ctx, sw)
	if err != nil || !strings.Contains(news, "hello.go does not exist yet") {
		t.Fatalf("a change, still failing: got %q, %v; want the failure", news, err)
	}
	writeWS(t, a.WS, "notes.txt", "ab")
	if news, _ := a.recheck(ctx, sw); news != "" {
		t.Errorf("the same failure again: got %q, want no news", news)
	}
	writeWS(t, a.WS, "hello.go", "package main\n")
	news, err = a.recheck(ctx, sw)
	if err != nil || !strings.Contains(news, "Step passed") {
		t.Fatalf("hello.go written: got %q, %v; want a pass", news, err)
	}
	if got := a.currentKey(); got != "demo/two" {
		t.Errorf("after the pass the learner is at %q, want demo/two", got)
	}
	p, _ := LoadProgress(a.WS.ProgressPath())
	if p.Done["demo/one"].IsZero() {
		t.Errorf("the pass was not saved: %+v", p)
	}
}

// `firstrun watch` ends on Ctrl-C (a cancelled context) with progress saved, and moves on when
// a file is written, with no key pressed.
func TestWatchAdvancesAndStops(t *testing.T) {
	a, out := watchApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sw := a.newStepWatch()
	defer sw.w.Close()
	done := make(chan error, 1)
	go func() {
		// Watch without Ready (which would build the go wrapper): the loop itself.
		_, err := a.watchLoop(ctx, sw)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	writeWS(t, a.WS, "hello.go", "package main\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		p, _ := LoadProgress(a.WS.ProgressPath())
		if !p.Done["demo/one"].IsZero() {
			break
		}
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatalf("step one never passed:\n%s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != ErrInterrupted {
		t.Errorf("after Ctrl-C: %v, want ErrInterrupted", err)
	}
}

// A re-check's result is laid out like any check's: on a colour terminal code spans are
// coloured, not shown with raw backticks (the background UI wraps the terminal's).
func TestRecheckRendersCode(t *testing.T) {
	yaml := strings.Replace(goodYAML, "      - kind: file_exists\n        path: hello.go\n", "      - kind: ran\n        command: go run hello.go\n", 1)
	c, err := LoadCourse(pack(map[string]string{"01-demo/lesson.yaml": yaml}), "p")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := watchApp(t)
	a.Course = c
	a.UI, a.Width = &Plain{Out: a.Out, Renderer: NewRenderer("dark", 80)}, 80
	ctx := context.Background()
	sw := a.newStepWatch()
	defer sw.w.Close()
	writeWS(t, a.WS, "notes.txt", "a")
	news, err := a.recheck(ctx, sw)
	if err != nil || !strings.Contains(news, "firstrun shell") {
		t.Fatalf("a change, still failing: got %q, %v; want the failure naming a firstrun command", news, err)
	}
	if strings.Contains(news, "`") {
		t.Errorf("re-check result shows raw backticks:\n%s", news)
	}
	if !strings.Contains(news, "\x1b[38;5;203;48;5;236m") {
		t.Errorf("re-check result has no coloured code span:\n%q", news)
	}
}
