//go:build !windows

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// The menu is up; the learner saves hello.go in their editor and presses nothing: the step is
// checked by itself, the menu is taken down for the result, and the next page and menu follow.
func TestInteractiveWatchAdvances(t *testing.T) {
	l := newLearner(t, "en")
	s := l.start(t)
	s.expect("Write hello.go")
	s.expect("Quit (progress is saved)")
	s.press("") // the menu is reading keys
	writeFile(t, filepath.Join(l.ws, "hello.go"), helloSource)
	s.expect("↻ Your workspace changed; this step was checked again:")
	s.expect("Step passed: Write hello.go")
	s.expect("Run it, cold")
	s.expect("Quit (progress is saved)")
	if strings.Contains(s.dump(), "Not yet") {
		t.Errorf("a failure was shown, though the learner only wrote a correct file:\n%s", s.dump())
	}
	s.choose("Quit")
	s.exitsCleanly()
	p, err := engine.LoadProgress(l.stateFile("progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Done["hello/write"].IsZero() || p.Step != "cold" {
		t.Errorf("progress after the watched pass: done %v, at %s/%s", p.Done, p.Lesson, p.Step)
	}
}

// `firstrun watch` without a terminal (stdin /dev/null, output a pipe): the page, a check on
// every change, the next page when the step passes; Ctrl-C ends it with 130, progress saved.
func TestWatchNoTerminal(t *testing.T) {
	l := newLearner(t, "en")
	cmd := exec.Command(firstrunBin(t), "watch")
	cmd.Env = l.env(t)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	waitFor := func(text string) {
		t.Helper()
		deadline := time.Now().Add(expectTimeout)
		for !strings.Contains(out.String(), text) {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %q:\n%s", text, out.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("Watching ")
	waitFor("hello.go does not exist yet") // the first check shows where things stand
	writeFile(t, filepath.Join(l.ws, "hello.go"), helloSource)
	waitFor("Step passed: Write hello.go")
	waitFor("Run it, cold")
	time.Sleep(300 * time.Millisecond)
	if n := strings.Count(out.String(), "does not exist yet"); n != 1 {
		t.Errorf("the same failure was shown %d times, want once:\n%s", n, out.String())
	}
	cmd.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(expectTimeout):
		t.Fatalf("firstrun watch did not stop on Ctrl-C:\n%s", out.String())
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit code %d, want 130\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "Interrupted. Your progress is saved.") {
		t.Errorf("no word about progress on Ctrl-C:\n%s", out.String())
	}
	if strings.Contains(out.String(), "\x1b[") {
		t.Errorf("escape sequences in output to a pipe:\n%q", out.String())
	}
	p, err := engine.LoadProgress(l.stateFile("progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Done["hello/write"].IsZero() {
		t.Errorf("the pass was not saved: %+v", p.Done)
	}
}
