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

// flowApp is a workbook on a three-step pack (the runs, done already; a chart step with two
// hints; a quiz), with its output in a buffer. The workspace folder is never created: nothing
// here runs go.
func flowApp(t *testing.T) (*App, *bytes.Buffer) {
	t.Helper()
	page := "---\ntitle: Demo\nsummary: Runs are cached.\nsteps:\n  chart:\n    hints: [first hint, second hint]\n  q:\n    hints: [think]\n" +
		"    quiz:\n      question: Yes?\n      choices:\n        - {text: 'Yes', why: Right.}\n        - {text: 'No', why: Wrong.}\n---\n" +
		"<!-- step: time -->\n## Time\nRun it twice.\n\n<!-- step: chart -->\n## Chart\nLook.\n\n<!-- step: q -->\n## Q\nAnswer it.\n"
	fsys := fstest.MapFS{
		"01-demo/lesson.yaml": {Data: []byte("format: 1\nid: demo\nsteps:\n  - id: time\n    checks:\n      - {kind: ran, command: go run hello.go, which: first, save_as: cold}\n      - {kind: ran, command: go run hello.go, save_as: warm}\n  - id: chart\n    checks:\n      - kind: show_runs\n        runs: [cold, warm]\n  - id: q\n    quiz:\n      answer: a\n")},
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
	p.Done[Key("demo", "time")] = at(0)
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
	s := l.Step("chart")
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
		if ok, err := a.RunChecks(context.Background(), l, l.Step("chart"), ""); !ok || err != nil {
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
	if err := a.advance(l, l.Step("q")); err != nil {
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

// The author's explanation may start with the engine's own word: it is not said twice.
func TestVerdictNotDoubled(t *testing.T) {
	for _, tt := range []struct{ mark, why, want string }{
		{"✓ Right.", "Right. The cache held it.", "✓ Right. The cache held it."},
		{"✓ Right.", "right: the cache held it.", "✓ right: the cache held it."},
		{"✓ Right.", "The cache held it.", "✓ Right. The cache held it."},
		{"✓ Right.", "Rightly so, the cache held it.", "✓ Right. Rightly so, the cache held it."},
		{"✗ Not quite.", "Not quite: the cache is keyed by content.", "✗ Not quite: the cache is keyed by content."},
		{"✓ 정답입니다.", "정답입니다. 캐시에 있었습니다.", "✓ 정답입니다. 캐시에 있었습니다."},
		{"✓ 정답입니다.", "캐시에 있었습니다.", "✓ 정답입니다. 캐시에 있었습니다."},
	} {
		if got := verdict(tt.mark, tt.why); got != tt.want {
			t.Errorf("verdict(%q, %q) = %q, want %q", tt.mark, tt.why, got, tt.want)
		}
	}
}

// Watching to the end of the course says it is finished once: the ending says it already.
func TestWatchFinishesOnce(t *testing.T) {
	yaml := "format: 1\nid: demo\nsteps:\n  - id: one\n    checks:\n      - {kind: file_exists, path: hello.go}\n"
	page := "---\ntitle: Demo\n---\n<!-- step: one -->\n## One\nWrite hello.go.\n"
	fsys := fstest.MapFS{"01-demo/lesson.yaml": {Data: []byte(yaml)}, "01-demo/en.md": {Data: []byte(page)}, "01-demo/ko.md": {Data: []byte(page)}}
	c, err := LoadCourse(fsys, "p")
	if err != nil {
		t.Fatal(err)
	}
	out := &bytes.Buffer{}
	a := &App{Course: c, Pack: fsys, WS: testWorkspace(t), T: NewMessages("en"), UI: &recordUI{}, Out: out, Now: time.Now}
	writeWS(t, a.WS, "hello.go", "package main\n")
	sw := a.newStepWatch()
	defer sw.w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if code, err := a.watchLoop(ctx, sw); code != ExitOK || err != nil {
		t.Fatalf("watch = %d, %v; want the course done\n%s", code, err, out)
	}
	if n := strings.Count(out.String(), "finished every lesson"); n != 1 {
		t.Errorf("\"finished every lesson\" %d times:\n%s", n, out)
	}
}

// The workbook's quiz prompt shows the learner's own numbers, as the page does.
func TestQuizPromptIsFilled(t *testing.T) {
	a, _ := flowApp(t)
	l := a.Course.Lessons[0]
	q := l.Pages["en"].Steps["q"].Quiz
	q.Question = "Your cold run took {{run.cold.time|long}}: why?"
	q.Choices[0].Text = "The warm one took {{run.warm.time|less}}."
	_, question, choices := a.quizPrompt(l, l.Step("q"))
	got := strings.Join(append([]string{question}, choices...), "\n")
	if !strings.Contains(got, "Your cold run took 7.40 s: why?") || !strings.Contains(got, "a) The warm one took 0.300 s.") {
		t.Errorf("the quiz prompt was not filled in:\n%s", got)
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
