//go:build !windows

package main

import (
	"os"
	"path/filepath"
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

// `firstrun reset` in a terminal lists what it would delete and asks; the answer offered first
// is No, and No deletes nothing (issue 8 §3). Before, it deleted everything without a word.
func TestInteractiveResetAsks(t *testing.T) {
	l := newLearner(t, "en")
	if out, code := l.runPlain(t, "check"); code != 1 {
		t.Fatalf("firstrun check in a new workspace: exit code %d, want 1\n%s", code, out)
	}
	hello := filepath.Join(l.ws, "hello.go")
	writeFile(t, hello, helloSource)

	s := l.start(t, "reset")
	s.expect("This deletes, in " + l.ws)
	s.expect("your files: go.mod, hello.go")
	s.expect("Delete all of this?")
	s.expect("> No")
	s.press(keyEnter)
	s.expect("Nothing was deleted.")
	s.exitsCleanly()
	if _, err := os.Stat(hello); err != nil {
		t.Errorf("hello.go is gone after the learner said No: %v", err)
	}

	// Yes resets.
	s = l.start(t, "reset")
	s.expect("Delete all of this?")
	s.choose("Yes")
	s.expect("Reset: your files")
	s.exitsCleanly()
	if _, err := os.Stat(hello); err == nil {
		t.Errorf("hello.go is still there after the learner said Yes")
	}
}

// writePack writes a lesson pack from name → content and returns its folder.
func writePack(t *testing.T, files map[string]string) string {
	t.Helper()
	pack := t.TempDir()
	for name, content := range files {
		os.MkdirAll(filepath.Join(pack, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(pack, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pack
}

// A quiz step is not a dead end: below the choices the menu offers a hint, a shell, the
// lessons, a reset and quit, as on any step (issue 8 §3). Before, only the choices or Ctrl-C.
func TestInteractiveQuizMenu(t *testing.T) {
	md := "---\ntitle: One\nsteps:\n  q:\n    hints: [Think of the cache.]\n    quiz:\n      question: Yes?\n      choices:\n        - {text: 'Yes', why: Right.}\n        - {text: 'No', why: Wrong.}\n---\n<!-- step: q -->\n## Q\nAnswer it.\n"
	pack := writePack(t, map[string]string{
		"01-one/lesson.yaml": "format: 1\nid: one\nsteps:\n  - id: q\n    quiz:\n      answer: a\n",
		"01-one/en.md":       md,
		"01-one/ko.md":       md,
	})
	l := newLearner(t, "en")
	s := l.start(t, "--lessons", pack)
	s.expect("Yes?")
	s.expect("a) Yes")
	s.expect("Show a hint")
	s.expect("Pick a lesson")
	s.expect("Quit (progress is saved)")

	s.choose("hint")
	s.expect("Think of the cache.")
	s.expect("Quit (progress is saved)") // the quiz is asked again

	// A wrong answer is explained and asked again; Quit leaves with the progress saved.
	s.choose("b) No")
	s.expect("Wrong.")
	s.expect("Quit (progress is saved)")
	s.choose("Quit")
	s.exitsCleanly()
}
