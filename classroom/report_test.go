package classroom

import (
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
)

// testCourse is two small lessons: hello (write, cold, warm) and cache (look).
func testCourse() *engine.Course {
	page := func(title string, steps map[string]string) map[string]*engine.Page {
		st := map[string]*engine.StepText{}
		for id, t := range steps {
			st[id] = &engine.StepText{Title: t}
		}
		return map[string]*engine.Page{"en": {Title: title, Steps: st}}
	}
	return &engine.Course{Lessons: []*engine.Lesson{
		{ID: "hello", Steps: []*engine.Step{{ID: "write"}, {ID: "cold"}, {ID: "warm"}},
			Pages: page("Hello", map[string]string{"write": "Write hello.go", "cold": "Run it, cold", "warm": "Run it again"})},
		{ID: "cache", Steps: []*engine.Step{{ID: "look"}},
			Pages: page("Cache", map[string]string{"look": "Look inside"})},
	}}
}

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestFromProgress(t *testing.T) {
	who := Learner{Name: "ana", Go: "go1.26.0", OS: "linux", Arch: "amd64", Pack: "embedded", Lang: "en"}
	type step struct {
		number        string
		spent         time.Duration
		failed, hints int
		passed, curr  bool
	}
	for _, tc := range []struct {
		name     string
		progress func() *engine.Progress
		position string
		done     int
		finished bool
		steps    []step // the steps to look at (by number)
		runs     []string
		coldMs   float64
		compiles int
	}{
		{name: "fresh", progress: engine.NewProgress, position: "1.1",
			steps: []step{{number: "1.1", curr: true}, {number: "1.2"}}},
		{name: "mid-course with history", progress: func() *engine.Progress {
			p := engine.NewProgress()
			p.Lesson, p.Step = "hello", "warm"
			p.Done["hello/write"], p.Done["hello/cold"] = at(5), at(12)
			p.Hints = map[string]int{"hello/cold": 2}
			p.History = map[string]*engine.StepHistory{
				"hello/write": {Started: at(0), Passed: at(5), SpentMs: 5 * 60000, Visits: 1, Failed: 3},
				"hello/cold":  {Started: at(5), Passed: at(12), SpentMs: 7 * 60000, Visits: 1},
				"hello/warm":  {Started: at(12), Since: at(12), Visits: 1, Failed: 1},
			}
			n := 61
			p.SaveRun("warm", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: 310})
			p.SaveRun("cold", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: 6100, Compiles: &n})
			return p
		}, position: "1.3", done: 2, runs: []string{"cold", "warm"}, coldMs: 6100, compiles: 61,
			steps: []step{
				{number: "1.1", spent: 5 * time.Minute, failed: 3, passed: true},
				{number: "1.2", spent: 7 * time.Minute, hints: 2, passed: true},
				{number: "1.3", spent: 18 * time.Minute, failed: 1, curr: true}, // open since minute 12, report at 30
				{number: "2.1"},
			}},
		{name: "progress from before the history", progress: func() *engine.Progress {
			p := engine.NewProgress()
			p.Lesson, p.Step, p.StepStarted = "hello", "cold", at(20)
			p.Done["hello/write"] = at(20)
			return p
		}, position: "1.2", done: 1, steps: []step{
			{number: "1.1", passed: true},
			{number: "1.2", spent: 10 * time.Minute, curr: true},
		}},
		{name: "a failed check on a step begun before the history", progress: func() *engine.Progress {
			p := engine.NewProgress()
			p.Lesson, p.Step, p.StepStarted = "hello", "cold", at(20)
			p.Done["hello/write"] = at(20)
			p.History = map[string]*engine.StepHistory{"hello/cold": {Failed: 1}}
			return p
		}, position: "1.2", done: 1, steps: []step{
			{number: "1.2", spent: 10 * time.Minute, failed: 1, curr: true},
		}},
		{name: "finished", progress: func() *engine.Progress {
			p := engine.NewProgress()
			for _, k := range []string{"hello/write", "hello/cold", "hello/warm", "cache/look"} {
				p.Done[k] = at(1)
			}
			return p
		}, finished: true, done: 4, steps: []step{{number: "2.1", passed: true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := FromProgress(testCourse(), tc.progress(), who, at(30))
			if r.Format != ReportFormat || r.Kind != ReportKind || r.Name != "ana" || r.Total != 4 {
				t.Errorf("header: got %+v", r)
			}
			if r.Position != tc.position || r.Done != tc.done || r.Finished != tc.finished {
				t.Errorf("position %q done %d finished %v, want %q %d %v", r.Position, r.Done, r.Finished, tc.position, tc.done, tc.finished)
			}
			byNumber := map[string]StepReport{}
			for _, s := range r.Steps {
				byNumber[s.Number] = s
			}
			for _, w := range tc.steps {
				s, ok := byNumber[w.number]
				if !ok {
					t.Fatalf("no step %s in %+v", w.number, r.Steps)
				}
				if got := time.Duration(s.SpentMs) * time.Millisecond; got != w.spent {
					t.Errorf("%s: spent %v, want %v", w.number, got, w.spent)
				}
				if s.Failed != w.failed || s.Hints != w.hints || !s.Passed.IsZero() != w.passed || s.Current != w.curr {
					t.Errorf("%s: got %+v, want %+v", w.number, s, w)
				}
			}
			var names []string
			for _, run := range r.Runs {
				names = append(names, run.Name)
			}
			if len(names) != len(tc.runs) || (len(names) > 0 && names[0] != tc.runs[0]) {
				t.Errorf("runs %v, want %v", names, tc.runs)
			}
			if c := r.Run("cold"); tc.coldMs > 0 && (c == nil || c.Ms != tc.coldMs || c.Compiles == nil || *c.Compiles != tc.compiles || c.Command != "go run hello.go") {
				t.Errorf("cold run: got %+v", c)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	en, ko := engine.NewMessages("en"), engine.NewMessages("ko")
	for _, tc := range []struct {
		ms     int64
		en, ko string
	}{
		{0, "0s", "0초"},
		{41600, "42s", "42초"},
		{185000, "3m 05s", "3분 05초"},
		{3720000, "1h 02m", "1시간 02분"},
	} {
		if got := Duration(en, tc.ms); got != tc.en {
			t.Errorf("Duration(en, %d) = %q, want %q", tc.ms, got, tc.en)
		}
		if got := Duration(ko, tc.ms); got != tc.ko {
			t.Errorf("Duration(ko, %d) = %q, want %q", tc.ms, got, tc.ko)
		}
	}
}

// TestReportMessagesAgree: every report string exists in both languages with as many format
// verbs (the engine's own catalog test cannot see strings registered from here).
func TestReportMessagesAgree(t *testing.T) {
	for _, p := range engine.CatalogProblems() {
		t.Error(p)
	}
}
