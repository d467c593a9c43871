package engine

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// solutionApp is goodYAML's pack (a file_exists step, then a quiz) with a written solution
// for the first step, in a workspace that exists (so progress is saved).
func solutionApp(t *testing.T) (*App, *bytes.Buffer) {
	t.Helper()
	page := strings.Replace(goodEN, "    hints: [look]", "    hints: [look]\n    solution: |\n      Create it: `touch hello.go`.", 1)
	a, out := packApp(t, pack(map[string]string{"01-demo/en.md": page, "01-demo/ko.md": page}))
	p, _ := a.Progress()
	if err := a.startStep(p, "demo", "one"); err != nil {
		t.Fatal(err)
	}
	return a, out
}

func TestSolutionAfterATry(t *testing.T) {
	a, out := solutionApp(t)
	if code, err := a.Solution(false); code != ExitNotYet || err != nil || !strings.Contains(out.String(), "Try the step first") || strings.Contains(out.String(), "touch hello.go") {
		t.Fatalf("before any try: %d, %v\n%s\nwant exit 1, told to try first, no solution", code, err, out)
	}
	out.Reset()
	if ok, err := a.RunChecks(context.Background(), a.Course.Lessons[0], a.Course.Lessons[0].Steps[0], ""); ok || err != nil {
		t.Fatalf("RunChecks = %v, %v; want a failure (no hello.go)", ok, err)
	}
	out.Reset()
	if code, err := a.Solution(false); code != ExitOK || err != nil || !strings.Contains(out.String(), "Solution: One") || !strings.Contains(out.String(), "touch hello.go") {
		t.Fatalf("after a failed check: %d, %v\n%s\nwant the solution", code, err, out)
	}
	p, err := LoadProgress(a.WS.ProgressPath())
	if err != nil {
		t.Fatal(err)
	}
	if h := p.History["demo/one"]; h == nil || h.Solutions != 1 || h.Failed != 1 {
		t.Errorf("saved history %+v, want 1 failed check and 1 solution shown", h)
	}
}

func TestSolutionForced(t *testing.T) {
	a, out := solutionApp(t)
	if code, err := a.Solution(true); code != ExitOK || err != nil || !strings.Contains(out.String(), "touch hello.go") {
		t.Fatalf("--force: %d, %v\n%s", code, err, out)
	}
	if h := a.prog.History["demo/one"]; h == nil || h.Solutions != 1 {
		t.Errorf("history %+v, want the solution recorded", h)
	}
}

// A quiz without a written solution shows its answer, after a wrong answer.
func TestSolutionOfAQuiz(t *testing.T) {
	a, out := solutionApp(t)
	p, _ := a.Progress()
	p.Done[Key("demo", "one")] = time.Now()
	if err := a.startStep(p, "demo", "two"); err != nil {
		t.Fatal(err)
	}
	l := a.Course.Lessons[0]
	if err := a.wrongAnswer(l, l.Steps[1], l.Pages["en"].Steps["two"].Quiz, 0); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code, err := a.Solution(false); code != ExitOK || err != nil || !strings.Contains(out.String(), "The answer is b) B") {
		t.Fatalf("quiz solution: %d, %v\n%s", code, err, out)
	}
}

// packApp is a workbook on fsys in a fresh workspace, its output in a buffer.
func packApp(t *testing.T, fsys fstest.MapFS) (*App, *bytes.Buffer) {
	t.Helper()
	c, err := LoadCourse(fsys, "p")
	if err != nil {
		t.Fatal(err)
	}
	out := &bytes.Buffer{}
	return &App{Course: c, Pack: fsys, WS: testWorkspace(t), T: NewMessages("en"), Out: out,
		UI: &Plain{Out: out, Renderer: NewRenderer("notty", 80)}, Now: time.Now}, out
}

func TestSolutionNone(t *testing.T) {
	a, out := packApp(t, pack(nil))
	if code, _ := a.Solution(true); code != ExitNotYet || !strings.Contains(out.String(), "no written solution") {
		t.Errorf("no solution: exit %d\n%s", code, out)
	}
}
