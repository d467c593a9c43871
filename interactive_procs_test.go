//go:build !windows

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
)

// On a terminal that says TERM=dumb firstrun writes plain text (no colours, no cursor moves)
// and asks nothing: before, it drew the 256-colour page and survey's menu there.
func TestInteractiveDumbTerminal(t *testing.T) {
	l := newLearner(t, "en")
	l.extraEnv = []string{"TERM=dumb"}
	s := l.start(t)
	s.expect("Write hello.go")
	// The note comes once the workspace is ready: plain output shows no spinner while the
	// first test's wrapper builds, which takes longer than expectTimeout on a loaded machine.
	if _, err := s.c.Expect(shows("firstrun check"), expect.WithTimeout(5*expectTimeout)); err != nil {
		t.Fatalf("waiting for the note that says to run firstrun check: %v\n%s", err, s.dump())
	}
	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d, want 0\n%s", code, s.dump())
	}
	if raw := s.raw.String(); strings.Contains(raw, "\x1b[") {
		t.Errorf("escape sequences written to a TERM=dumb terminal:\n%q", raw[:min(len(raw), 400)])
	}
	if strings.Contains(s.dump(), "What next?") {
		t.Errorf("a menu was shown on a dumb terminal:\n%s", s.dump())
	}
}

// The first start shows the page and the menu at once: firstrun's go wrapper is built behind
// them (in a new tool cache here, so the build surely takes seconds), and quitting ends that
// build, its compilers included, leaving no work folder and no wrapper that passes for built.
func TestInteractiveWrapperBuildsBehindMenu(t *testing.T) {
	l := newLearner(t, "en")
	l.extraEnv = []string{"FIRSTRUN_TOOLCACHE=" + filepath.Join(t.TempDir(), "toolcache")}
	s := l.start(t)
	s.expect("What next?")
	s.expect("Quit (progress is saved)")
	wrapper := filepath.Join(l.ws, ".firstrun", "wrapper", "go")
	if _, err := os.Stat(wrapper); err == nil {
		t.Fatalf("the wrapper was built before the menu appeared; want it built behind the menu\n%s", s.dump())
	}
	if strings.Contains(s.dump(), "Preparing your workspace") {
		t.Errorf("the menu waited for the workspace to be prepared:\n%s", s.dump())
	}
	// The build is under way: the go command has made its work folder.
	work := filepath.Join(l.ws, ".firstrun", "check", "tmp", "build-*", "go-build*")
	for deadline := time.Now().Add(expectTimeout); ; time.Sleep(20 * time.Millisecond) {
		if m, _ := filepath.Glob(work); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no build of the wrapper started within %v", expectTimeout)
		}
	}
	s.choose("Quit")
	s.exitsCleanly()
	if left, _ := os.ReadDir(filepath.Join(l.ws, ".firstrun", "check", "tmp")); len(left) > 0 {
		t.Errorf("quitting left %s of the wrapper's build behind", left[0].Name())
	}
	if _, err := os.Stat(wrapper); err == nil {
		t.Errorf("a wrapper exists after its build was stopped")
	}
	if procs := processesMentioning(l.ws); len(procs) > 0 {
		t.Errorf("processes of the wrapper's build still run after quitting:\n%s", strings.Join(procs, "\n"))
	}
}

// processesMentioning lists the command lines (from /proc, on Linux) that contain s.
func processesMentioning(s string) []string {
	dirs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var out []string
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b), s) {
			out = append(out, strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	return out
}
