//go:build !windows

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
	"github.com/mattn/go-runewidth"
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

// lastRow is the bottom line of the learner's screen.
func (s *session) lastRow() string {
	_, rows := s.screen.Size()
	lines := strings.Split(s.screen.String(), "\n")
	if len(lines) < rows {
		return ""
	}
	return strings.TrimRight(lines[rows-1], " \x00")
}

// "Run it for me" keeps a ticking clock on the bottom row while the command runs, since a
// cold build prints nothing for many seconds (issue 8 §4); the command's own output is not
// touched, and the row is cleared when it ends.
func TestInteractiveRunClock(t *testing.T) {
	md := "---\ntitle: Slow\nsteps:\n  slow:\n    hints: [Wait.]\n---\n<!-- step: slow -->\n## Slow\nRun `./slow` and watch the clock.\n"
	pack := writePack(t, map[string]string{
		"01-slow/lesson.yaml": "format: 1\nid: slow\nsteps:\n  - id: slow\n    run: ./slow\n    checks:\n      - kind: file_exists\n        path: done.txt\n",
		"01-slow/en.md":       md,
		"01-slow/ko.md":       md,
	})
	l := newLearner(t, "en")
	if out, code := l.runPlain(t, "--lessons", pack, "check"); code != 1 {
		t.Fatalf("firstrun check in a new workspace: exit code %d, want 1\n%s", code, out)
	}
	writeFile(t, filepath.Join(l.ws, "slow"), "#!/bin/sh\nsleep 3\necho finished > done.txt\necho the slow command finished\n")
	if err := os.Chmod(filepath.Join(l.ws, "slow"), 0o755); err != nil {
		t.Fatal(err)
	}

	s := l.start(t, "--lessons", pack)
	s.expect("Quit (progress is saved)")
	s.choose("Run it for me")
	s.expect("Running ./slow")
	s.expect("running for 2 s")
	if row := s.lastRow(); !strings.Contains(row, "⏱ ./slow · running for") {
		t.Errorf("while the command runs the bottom row reads %q, want the clock\n%s", row, s.dump())
	}
	s.expect("the slow command finished")
	s.expect("Step passed: Slow")
	if row := s.lastRow(); strings.Contains(row, "running for") {
		t.Errorf("the clock is still on the bottom row after the command ended: %q\n%s", row, s.dump())
	}
	s.choose("Quit")
	s.exitsCleanly()
}

// After the learner resizes the terminal, the next page is laid out for the new width
// (issue 8 §5): at 100 columns the page has lines wider than 60; after a resize to 60 no line
// of the next page is wider than that.
func TestInteractiveResizeRewraps(t *testing.T) {
	long := strings.Repeat("Every page is laid out for the width of the terminal at the moment it is shown. ", 4)
	md := "---\ntitle: Wide\nsteps:\n  one:\n    hints: [Look.]\n  two:\n    hints: [Look again.]\n---\n<!-- step: one -->\n## One\n" +
		long + "\n<!-- step: two -->\n## Two\nSECOND " + long + "\n"
	pack := writePack(t, map[string]string{
		"01-wide/lesson.yaml": "format: 1\nid: wide\nsteps:\n  - id: one\n    checks:\n      - kind: file_exists\n        path: go.mod\n  - id: two\n    checks:\n      - kind: file_exists\n        path: nothing.txt\n",
		"01-wide/en.md":       md,
		"01-wide/ko.md":       md,
	})
	l := newLearner(t, "en")
	l.extraEnv = []string{"FIRSTRUN_WATCH=off"} // the step passes when Check is chosen, not before
	s := l.start(t, "--lessons", pack)
	s.expect("Quit (progress is saved)")
	if w := widestLine(s.raw.String()); w <= 60 {
		t.Fatalf("at %d columns the first page's widest line has %d cells; the test needs one wider than 60\n%s", termCols, w, s.dump())
	}

	// The learner makes the window narrower, then goes on to the next page.
	if err := pty.Setsize(s.c.Tty(), &pty.Winsize{Cols: 60, Rows: termRows}); err != nil {
		t.Fatal(err)
	}
	s.screen.Resize(60, termRows)
	from := len(s.raw.String())
	s.choose("Check")
	s.expect("SECOND")
	s.expect("Quit (progress is saved)")
	if w := widestLine(s.raw.String()[from:]); w > 60 {
		t.Errorf("after a resize to 60 columns the next page has a line of %d cells:\n%s", w, s.raw.String()[from:])
	}
	s.choose("Quit")
	s.exitsCleanly()
}

// widestLine is the width in cells of the longest line of terminal output, escapes aside.
func widestLine(raw string) int {
	var st stripANSI
	for i := 0; i < len(raw); i++ {
		st.feed(raw[i])
	}
	widest := 0
	for _, line := range strings.Split(string(st.text), "\n") {
		widest = max(widest, runewidth.StringWidth(strings.TrimRight(line, " ")))
	}
	return widest
}

// The learner lets firstrun run the cold `go run hello.go`, presses Ctrl-C in the middle of
// the build, then runs it again to the end: the stopped run and its completion are one cold
// build, and the step passes (issue 8 §3). Before, the second run was "not a cold run: the
// build cache already holds N entries", entries the stopped run had made.
func TestInteractiveStoppedBuildCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("needs a cold build")
	}
	l := newLearner(t, "en")
	if out, code := l.runPlain(t, "check"); code != 1 {
		t.Fatalf("firstrun check in a new workspace: exit code %d, want 1\n%s", code, out)
	}
	writeFile(t, filepath.Join(l.ws, "hello.go"), helloSource)
	if out, code := l.runPlain(t, "check"); code != 0 {
		t.Fatalf("firstrun check with hello.go written: exit code %d, want 0\n%s", code, out)
	}

	s := l.start(t)
	s.expect("Run it, cold")
	s.expect("Quit (progress is saved)")
	s.choose("Run it for me")
	s.expect("Running go run hello.go")
	// Ctrl-C once the build is well under way: the cache is filling.
	cache := filepath.Join(l.ws, ".firstrun", "gocache")
	deadline := time.Now().Add(expectTimeout)
	for {
		st, _ := sandbox.ReadCacheStats(cache)
		if st.Entries >= 20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cold build put no entries in %s\n%s", cache, s.dump())
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.send(keyCtrlC)
	s.expect("go run hello.go exited with code")
	s.expect("was stopped before it finished")
	s.expect("Quit (progress is saved)")

	s.choose("Run it for me")
	s.expect("Hello, Golang!")
	s.expect("finished the build that your stopped run began")
	s.expect("Step passed: Run it, cold")
	s.expect("Quit (progress is saved)")
	if strings.Contains(s.dump(), "would not be a cold run") {
		t.Errorf("the completed build was called not cold:\n%s", s.dump())
	}
	s.choose("Quit")
	s.exitsCleanly()

	p, err := engine.LoadProgress(l.stateFile("progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	log, err := sandbox.ReadLog(l.stateFile("commands.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(log) < 2 || !log[len(log)-2].Interrupted || log[len(log)-1].Exit != 0 {
		t.Fatalf("the log does not end with a stopped run and its completion: %+v", log)
	}
	want := log[len(log)-2].Millis + log[len(log)-1].Millis
	if got := p.Runs["cold"].Millis; got != want {
		t.Errorf("the saved cold run took %v ms, want %v (the stopped run and its completion)", got, want)
	}
}

// `firstrun times` (the chart) and `firstrun times --plain` (the table) fit the terminal
// (issue 8 §5: a 102-cell rule in a 100-column terminal): at 100 and at 60 columns no line is
// wider than the terminal, and every command the learner ran is shown whole on one line. In a
// pipe, COLUMNS says how wide the lines may be.
func TestTimesFit(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		for _, cols := range []int{100, 60} {
			t.Run(fmt.Sprintf("%s/%d", lang, cols), func(t *testing.T) {
				l := newLearner(t, lang)
				l.cols = cols
				p := engine.NewProgress()
				commands := []string{"go run hello.go", "go run hello.go", "go run -x hello.go",
					"go run -x -gcflags=all=-N -ldflags=-s -trimpath ./hello.go", "go build"}
				ms := 7400.0
				for i, name := range []string{"cold", "warm", "edited", "flags", "build"} {
					p.Runs[name] = engine.SavedRun{Args: strings.Fields(commands[i])[1:], Millis: ms}
					ms /= 2
				}
				if err := p.Save(l.stateFile("progress.json")); err != nil {
					t.Fatal(err)
				}
				for _, args := range [][]string{{"times", "--plain"}, {"times"}} {
					s := l.start(t, args...)
					if code := s.wait(); code != 0 {
						t.Fatalf("%s: exit code %d\n%s", args, code, s.dump())
					}
					if w := widestLine(s.raw.String()); w > cols {
						t.Errorf("%s: a line of %d cells in a %d-column terminal:\n%s", args, w, cols, s.dump())
					}
					if len(args) == 1 {
						continue // the chart names runs, not commands
					}
					for _, c := range commands {
						if !strings.Contains(s.dump(), c) {
							t.Errorf("%s: the command %q is not shown whole on one line:\n%s", args, c, s.dump())
						}
					}
				}
				l.extraEnv = append(l.extraEnv, fmt.Sprintf("COLUMNS=%d", cols))
				out, code := l.runPlain(t, "times")
				if code != 0 {
					t.Fatalf("times in a pipe: exit %d\n%s", code, out)
				}
				if w := widestLine(out); w > cols {
					t.Errorf("times in a pipe with COLUMNS=%d: a line of %d cells:\n%s", cols, w, out)
				}
			})
		}
	}
}

// An error on the terminal shows its code spans as the other messages do, not with raw
// backticks (issue 8 §5); in a pipe the backticks stay, as quotes.
func TestErrorRendersCode(t *testing.T) {
	l := newLearner(t, "en")
	s := l.start(t, "lesson", "9")
	s.expect("No lesson")
	if code := s.wait(); code != 2 {
		t.Errorf("exit code %d, want 2\n%s", code, s.dump())
	}
	if screen := s.dump(); strings.Contains(screen, "`") || !strings.Contains(screen, "firstrun list shows them") {
		t.Errorf("the error on the terminal:\n%s", screen)
	}
	if out, _ := l.runPlain(t, "lesson", "9"); !strings.Contains(out, "`firstrun list`") {
		t.Errorf("the error in a pipe: %q", out)
	}
}
