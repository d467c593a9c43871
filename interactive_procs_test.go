//go:build !windows

package main

import (
	"strings"
	"testing"
)

// On a terminal that says TERM=dumb firstrun writes plain text (no colours, no cursor moves)
// and asks nothing: before, it drew the 256-colour page and survey's menu there.
func TestInteractiveDumbTerminal(t *testing.T) {
	l := newLearner(t, "en")
	l.extraEnv = []string{"TERM=dumb"}
	s := l.start(t)
	s.expect("Write hello.go")
	s.expect("firstrun check")
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
