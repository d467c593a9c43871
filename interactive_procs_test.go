//go:build !windows

package main

import (
	"strings"
	"testing"

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
