//go:build !windows

package main

import (
	"regexp"
	"strings"
	"testing"
)

// colourCode is an SGR escape that sets a colour or an attribute (a bare reset aside).
var colourCode = regexp.MustCompile(`\x1b\[[0-9;]*[1-9][0-9;]*m`)

// NO_COLOR means no colours, nothing else: in a real terminal the menu stays (issue 8 §3). So
// does --plain. Before, both said "No terminal here, so firstrun will not prompt" and exited.
func TestInteractiveNoColorKeepsMenu(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  []string
		args []string
	}{
		{"NO_COLOR", []string{"NO_COLOR=1"}, nil},
		{"--plain", nil, []string{"--plain"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLearner(t, "en")
			l.extraEnv = tt.env
			s := l.start(t, tt.args...)
			s.expect("Write hello.go")
			s.expect("What next?")
			s.expect("Quit (progress is saved)")
			if strings.Contains(s.dump(), "No terminal here") {
				t.Errorf("told there is no terminal, in a terminal:\n%s", s.dump())
			}
			s.choose("hint")
			s.expect("Hint 1/")
			s.expect("Quit (progress is saved)")
			s.choose("Quit")
			s.exitsCleanly()
			if c := colourCode.FindString(s.raw.String()); c != "" {
				t.Errorf("a colour (%q) was written with %s", c, tt.name)
			}
		})
	}
}
