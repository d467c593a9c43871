package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/lessons"
	"github.com/firstrun/firstrun/sandbox"
	cp "github.com/otiai10/copy"
)

// alsoFromStart are steps after a lesson's first checked one that a learner starting there must
// pass too, by doing what the pages say: 3.3 looks at what lessons 1 and 2 put in the cache.
var alsoFromStart = map[string]bool{"cache/entries": true}

// TestLessonStarts starts every lesson of the course on a new workspace with `firstrun lesson N`
// and does what its pages say until its first checked step passes. Lesson 4 (1 compile
// expected) starts from a truly empty cache; to keep the cold builds down, the other lessons'
// workspaces get a copy of that warmed cache first (it holds the standard library, but not this
// workspace's own build of hello.go, so warming still has something to do).
func TestLessonStarts(t *testing.T) {
	if testing.Short() {
		t.Skip("needs a cold build")
	}
	course, err := engine.LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	firstrun := firstrunBin(t)
	tc := sharedToolCache(t)
	order := []*engine.Lesson{}
	for _, l := range course.Lessons {
		if l.ID == "miss" {
			order = append([]*engine.Lesson{l}, order...)
		} else {
			order = append(order, l)
		}
	}
	warmed := ""
	for _, l := range order {
		n := 0
		for i, x := range course.Lessons {
			if x == l {
				n = i + 1
			}
		}
		t.Run(l.ID, func(t *testing.T) {
			dir := t.TempDir()
			wsDir := filepath.Join(dir, "ws")
			env := append(os.Environ(), "FIRSTRUN_WORKSPACE="+wsDir, "FIRSTRUN_TOOLCACHE="+tc, "FIRSTRUN_LANG=en",
				"HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
			fr := func(want int, args ...string) string {
				t.Helper()
				cmd := exec.Command(firstrun, args...)
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				got := 0
				if exit, ok := err.(*exec.ExitError); ok {
					got = exit.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Fatalf("firstrun %s: exit %d, want %d\n%s", strings.Join(args, " "), got, want, out)
				}
				return string(out)
			}
			ws, err := sandbox.Open(wsDir, realGo)
			if err != nil {
				t.Fatal(err)
			}
			if warmed != "" {
				fr(1, "check") // creates the workspace
				if err := cp.Copy(warmed, ws.CacheDir()); err != nil {
					t.Fatal(err)
				}
			}
			out := fr(0, "lesson", l.ID)
			mustContain(t, "firstrun lesson", out, "← ")
			if st := l.Start; st != nil && st.Cache == "warm" {
				want := "Warming your build cache as lessons 1–"
				if n == 2 {
					want = "Warming your build cache as lesson 1 would have"
				}
				mustContain(t, "firstrun lesson", out, want)
				mustContain(t, "firstrun lesson", out, "(not recorded as your command)")
				if log, _ := sandbox.ReadLog(ws.LogPath()); len(log) > 0 {
					t.Errorf("warming was logged as the learner's: %+v", log)
				}
			}
			for _, s := range l.Steps[:lastToPass(l)+1] {
				key := engine.Key(l.ID, s.ID)
				if act := learnerActions[key]; act != nil {
					act(t, wsDir)
				}
				if s.Quiz != nil {
					fr(0, "answer", string(rune('a'+s.Quiz.Answer)))
					continue
				}
				if s.Run != "" {
					runForLearner(t, ws, s.Run)
				}
				mustContain(t, key, fr(0, "check"), passed["en"])
			}
			if l.ID == "miss" {
				warmed = filepath.Join(os.TempDir(), "firstrun-warm-"+filepath.Base(dir))
				if err := cp.Copy(ws.CacheDir(), warmed); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if warmed != "" {
		os.RemoveAll(warmed)
	}
}

// lastToPass is the index of the lesson's first checked step (its first step when it has only
// quizzes), or of the last step alsoFromStart names, whichever comes later.
func lastToPass(l *engine.Lesson) int {
	last := -1
	for i, s := range l.Steps {
		if last < 0 && s.Quiz == nil {
			last = i
		}
		if alsoFromStart[engine.Key(l.ID, s.ID)] {
			last = max(last, i)
		}
	}
	return max(last, 0)
}
