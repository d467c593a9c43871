package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A start field is read at lesson and step level; mistakes name the file and line.
func TestLoadStart(t *testing.T) {
	yamlWith := func(lessonStart, stepStart string) string {
		s := strings.Replace(goodYAML, "id: demo\n", "id: demo\n"+lessonStart, 1)
		return strings.Replace(s, "  - id: one\n", "  - id: one\n"+stepStart, 1)
	}
	c, err := LoadCourse(pack(map[string]string{"01-demo/lesson.yaml": yamlWith(
		"start: {cache: warm, warm_with: \"go run hello.go\"}\n", "    start: {cache: empty}\n")}), "p")
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lessons[0]
	if l.Start == nil || l.Start.Cache != "warm" || l.Start.WarmWith != "go run hello.go" {
		t.Errorf("lesson start: got %+v", l.Start)
	}
	if st := startOf(l, l.Steps[0]); st == nil || st.Cache != "empty" {
		t.Errorf("step one starts from %+v, want its own cache: empty", st)
	}
	if st := startOf(l, l.Steps[1]); st != l.Start {
		t.Errorf("step two starts from %+v, want the lesson's", st)
	}

	tests := []struct{ name, lesson, step, want string }{
		{"unknown cache", "start: {cache: hot}\n", "", `p/01-demo/lesson.yaml:3: start: cache "hot": expected one of any, empty, warm, rewarm`},
		{"warm without command", "start: {cache: warm}\n", "", `p/01-demo/lesson.yaml:3: start: cache warm needs warm_with`},
		{"not a build", "", "    start: {cache: warm, warm_with: \"go env GOCACHE\"}\n", `p/01-demo/lesson.yaml:5: step: start: warm_with "go env GOCACHE": expected a go command that builds`},
		{"command without warm", "start: {cache: empty, warm_with: \"go run hello.go\"}\n", "", `p/01-demo/lesson.yaml:3: start: warm_with goes with cache: warm or rewarm, not empty`},
		{"unknown field", "start: {cache: warm, warm: \"go run hello.go\"}\n", "", `p/01-demo/lesson.yaml:3: unknown field "warm" (expected one of: cache, warm_with)`},
		{"not a mapping", "start: warm\n", "", `p/01-demo/lesson.yaml:3: start must be a mapping`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCourse(pack(map[string]string{"01-demo/lesson.yaml": yamlWith(tt.lesson, tt.step)}), "p")
			var le *LoadError
			if !errors.As(err, &le) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

const twoStepsYAML = `format: 1
id: demo
steps:
  - id: one
    checks:
      - kind: file_exists
        path: a
  - id: two
    checks:
      - kind: file_exists
        path: b
`

const twoStepsEN = `---
title: Demo
---
<!-- step: one -->
## One
A.

<!-- step: two -->
## Two
B.
`

// Going back to a done step: the lesson goes on in order from there, done marks stay.
func TestRevisitGoesOnInOrder(t *testing.T) {
	a, _ := watchApp(t)
	p2 := pack(map[string]string{"01-demo/lesson.yaml": twoStepsYAML, "01-demo/en.md": twoStepsEN, "01-demo/ko.md": twoStepsEN})
	c, err := LoadCourse(p2, "p")
	if err != nil {
		t.Fatal(err)
	}
	a.Course, a.Pack = c, p2
	writeWS(t, a.WS, "a", "")
	writeWS(t, a.WS, "b", "")
	ctx := context.Background()
	p, _ := a.Progress()
	l := c.Lessons[0]
	for range 2 {
		cl, cs := a.current()
		if _, err := a.checkStep(ctx, cl, cs, ""); err != nil {
			t.Fatal(err)
		}
	}
	if cl, _ := a.current(); cl != nil {
		t.Fatalf("both steps passed, but the learner is still at %s", a.currentKey())
	}
	if l, s := a.findStep("1.1"); s == nil || s.ID != "one" {
		t.Fatalf("findStep(1.1) = %v %v", l, s)
	}
	if _, s := a.findStep("demo.two"); s == nil || s.ID != "two" {
		t.Fatalf("findStep(demo.two) = %v", s)
	}
	if _, s := a.findStep("1.9"); s != nil {
		t.Fatalf("findStep(1.9) = %v, want none", s)
	}
	if err := a.moveTo(ctx, p, l, l.Steps[0]); err != nil {
		t.Fatal(err)
	}
	if got := a.currentKey(); got != "demo/one" {
		t.Fatalf("after going back: at %q, want demo/one", got)
	}
	if _, err := a.checkStep(ctx, l, l.Steps[0], ""); err != nil {
		t.Fatal(err)
	}
	if got := a.currentKey(); got != "demo/two" {
		t.Errorf("after redoing step one: at %q, want demo/two (the lesson goes on in order)", got)
	}
	if p.Done["demo/two"].IsZero() {
		t.Errorf("step two's done mark was lost")
	}
}
