package engine

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// flowApp is a workbook on a two-step pack (a chart step with two hints, then a quiz), with
// its output in a buffer. The workspace folder is never created: nothing here runs go.
func flowApp(t *testing.T) (*App, *bytes.Buffer) {
	t.Helper()
	page := "---\ntitle: Demo\nsummary: Runs are cached.\nsteps:\n  chart:\n    hints: [first hint, second hint]\n  q:\n    hints: [think]\n" +
		"    quiz:\n      question: Yes?\n      choices:\n        - {text: 'Yes', why: Right.}\n        - {text: 'No', why: Wrong.}\n---\n" +
		"<!-- step: chart -->\n## Chart\nLook.\n\n<!-- step: q -->\n## Q\nAnswer it.\n"
	fsys := fstest.MapFS{
		"01-demo/lesson.yaml": {Data: []byte("format: 1\nid: demo\nsteps:\n  - id: chart\n    checks:\n      - kind: show_runs\n        runs: [cold, warm]\n  - id: q\n    quiz:\n      answer: a\n")},
		"01-demo/en.md":       {Data: []byte(page)},
		"01-demo/ko.md":       {Data: []byte(page)},
	}
	c, err := LoadCourse(fsys, "p")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := sandbox.Open(t.TempDir()+"/ws", "")
	if err != nil {
		t.Fatal(err)
	}
	out := &bytes.Buffer{}
	a := &App{Course: c, WS: ws, T: NewMessages("en"), Out: out, UI: &Plain{Out: out, Renderer: NewRenderer("notty", 80)}, Now: func() time.Time { return at(0) }}
	p, _ := a.Progress()
	p.Runs["cold"] = SavedRun{Args: []string{"run", "hello.go"}, Millis: 7400}
	p.Runs["warm"] = SavedRun{Args: []string{"run", "hello.go"}, Millis: 300}
	return a, out
}

// Each request shows the next hint only, the last one says so, and then there are no more.
func TestHintsOneAtATime(t *testing.T) {
	a, out := flowApp(t)
	var got []string
	for i := 0; i < 3; i++ {
		out.Reset()
		if err := a.Hint(); err != nil {
			t.Fatal(err)
		}
		got = append(got, out.String())
	}
	if !strings.Contains(got[0], "Hint 1/2: first hint") || strings.Contains(got[0], "second") {
		t.Errorf("first request:\n%s", got[0])
	}
	if !strings.Contains(got[1], "Hint 2/2 (the last one): second hint") || strings.Contains(got[1], "first hint") {
		t.Errorf("second request should show only the second hint:\n%s", got[1])
	}
	if !strings.Contains(got[2], "No more hints") || strings.Contains(got[2], "hint:") {
		t.Errorf("third request:\n%s", got[2])
	}
}

// A failing check with `hint: N` points at that hint.
func TestFailurePointsAtHint(t *testing.T) {
	a, out := flowApp(t)
	p, _ := a.Progress()
	delete(p.Runs, "cold")
	delete(p.Runs, "warm")
	l := a.Course.Lessons[0]
	s := l.Steps[0]
	s.Checks[0].(*showRuns).Hint = 2
	if ok, err := a.RunChecks(context.Background(), l, s, ""); ok || err != nil {
		t.Fatalf("RunChecks = %v, %v; want a failure", ok, err)
	}
	if !strings.Contains(out.String(), "→ Hint 2 fits this: second hint") {
		t.Errorf("the failure does not point at hint 2:\n%s", out)
	}
}

// In the workbook a chart step's runs are drawn with the page: checking it does not print
// them again as a table. `firstrun check` (no page shown) still prints the table.
func TestChartNotRepeated(t *testing.T) {
	for _, interactive := range []bool{true, false} {
		a, out := flowApp(t)
		a.interactive = interactive
		l := a.Course.Lessons[0]
		if ok, err := a.RunChecks(context.Background(), l, l.Steps[0], ""); !ok || err != nil {
			t.Fatalf("RunChecks = %v, %v", ok, err)
		}
		table := strings.Contains(out.String(), "compared with the cold run")
		if table == interactive {
			t.Errorf("interactive=%v: table shown=%v\n%s", interactive, table, out)
		}
	}
}

// The last step's pass shows the ending once: the learner's numbers, what they learned and
// where to go next.
func TestCourseEnding(t *testing.T) {
	a, out := flowApp(t)
	a.interactive = true
	l := a.Course.Lessons[0]
	p, _ := a.Progress()
	p.Done[Key("demo", "chart")] = at(1)
	if err := a.advance(l, l.Steps[1]); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"the cold run took 7.40 s, the warm run 0.300 s: 25× faster", "What you learned:", "1. Demo: Runs are cached.", "go help cache", "firstrun times", "firstrun cache"} {
		if !strings.Contains(got, want) {
			t.Errorf("the ending lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "finished every lesson"); n != 1 {
		t.Errorf("\"finished every lesson\" %d times:\n%s", n, got)
	}
}

// The Korean ending gives times in Korean units, as the tables and check messages do.
func TestCourseEndingKorean(t *testing.T) {
	a, out := flowApp(t)
	a.T = NewMessages("ko")
	a.CourseEnding(a.prog)
	if got := out.String(); !strings.Contains(got, "콜드 런 7.40초, 웜 런 0.300초") {
		t.Errorf("the Korean ending's times:\n%s", got)
	}
}

// A step with one hint says so when it has been seen, in words ("all 1" reads wrong).
func TestOnlyHint(t *testing.T) {
	for _, lang := range Languages {
		a, out := flowApp(t)
		a.T = NewMessages(lang)
		p, _ := a.Progress()
		p.Lesson, p.Step = "demo", "q" // its one hint: think
		a.Hint()
		out.Reset()
		a.Hint()
		if got := out.String(); strings.Contains(got, " 1 ") || strings.Contains(got, "1개") {
			t.Errorf("%s: after the only hint: %q", lang, got)
		}
	}
}
