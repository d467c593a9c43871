package engine

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

func TestStepHistory(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	ev := func(kind string, min int, lesson, step string) Event {
		return Event{Kind: kind, Time: at(min), Lesson: lesson, Step: step}
	}
	type want struct {
		key                      string
		spent                    time.Duration // as of minute 60
		failed, visits, sol      int
		passed, current, reached bool
	}
	for _, tc := range []struct {
		name   string
		events []Event
		want   []want
	}{
		{"passed after two failures", []Event{
			ev(EventStepStarted, 0, "hello", "write"),
			ev(EventCheckFailed, 3, "hello", "write"),
			ev(EventCheckFailed, 5, "hello", "write"),
			ev(EventStepPassed, 7, "hello", "write"),
			ev(EventStepStarted, 7, "hello", "cold"),
		}, []want{
			{key: "hello/write", spent: 7 * time.Minute, failed: 2, visits: 1, passed: true, reached: true},
			{key: "hello/cold", spent: 53 * time.Minute, visits: 1, current: true, reached: true},
		}},
		{"left for another lesson and came back", []Event{
			ev(EventStepStarted, 0, "hello", "write"),
			ev(EventStepStarted, 10, "cache", "look"), // firstrun lesson 3
			ev(EventSolution, 12, "cache", "look"),
			ev(EventStepStarted, 20, "hello", "write"), // firstrun lesson 1
			ev(EventStepPassed, 25, "hello", "write"),
		}, []want{
			{key: "hello/write", spent: 15 * time.Minute, visits: 2, passed: true, reached: true},
			{key: "cache/look", spent: 10 * time.Minute, visits: 1, sol: 1, reached: true},
		}},
		{"the same step started again is a new visit, not counted twice", []Event{
			ev(EventStepStarted, 0, "hello", "write"),
			ev(EventStepStarted, 30, "hello", "write"),
		}, []want{
			{key: "hello/write", spent: 60 * time.Minute, visits: 2, current: true, reached: true},
		}},
		{"a pass without a start (an old progress file) still counts", []Event{
			ev(EventStepPassed, 4, "hello", "warm"),
		}, []want{
			{key: "hello/warm", visits: 0, passed: true, reached: true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewProgress()
			for _, e := range tc.events {
				p.note(e)
			}
			for _, w := range tc.want {
				h := p.History[w.key]
				if h == nil {
					t.Fatalf("%s: no history", w.key)
				}
				if got := h.Spent(at(60)); got != w.spent {
					t.Errorf("%s: spent %v, want %v", w.key, got, w.spent)
				}
				if h.Failed != w.failed || h.Visits != w.visits || h.Solutions != w.sol {
					t.Errorf("%s: failed %d visits %d solutions %d, want %d %d %d", w.key, h.Failed, h.Visits, h.Solutions, w.failed, w.visits, w.sol)
				}
				if !h.Passed.IsZero() != w.passed || !h.Since.IsZero() != w.current || h.Started.IsZero() == w.reached {
					t.Errorf("%s: got %+v, want passed=%v current=%v", w.key, h, w.passed, w.current)
				}
			}
		})
	}
}

// TestHistoryOfAStepBegunBefore: progress from before the history knows when the current
// step began; the history takes it from there.
func TestHistoryOfAStepBegunBefore(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p := NewProgress()
	p.Lesson, p.Step, p.StepStarted = "hello", "warm", t0
	p.note(Event{Kind: EventCheckFailed, Time: t0.Add(5 * time.Minute), Lesson: "hello", Step: "warm"})
	p.note(Event{Kind: EventStepPassed, Time: t0.Add(8 * time.Minute), Lesson: "hello", Step: "warm"})
	h := p.History["hello/warm"]
	if h.Started != t0 || h.Spent(t0.Add(time.Hour)) != 8*time.Minute || h.Failed != 1 || h.Visits != 1 {
		t.Errorf("got %+v, want started at %v, 8 min spent, 1 failure, 1 visit", h, t0)
	}
}

// TestProgressWithoutHistory: a progress.json written before the history existed still loads
// (same format number), and the history survives a round trip.
func TestProgressWithoutHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	old := `{"_note": "x", "format": 1, "lesson": "hello", "step": "warm", "step_started": "2026-03-01T09:00:00Z",
		"done": {"hello/write": "2026-03-01T08:50:00Z"}, "runs": {}, "hints": {"hello/write": 2}}`
	os.WriteFile(path, []byte(old), 0o644)
	p, err := LoadProgress(path)
	if err != nil || p.Lesson != "hello" || p.History != nil {
		t.Fatalf("old file: got %+v, %v", p, err)
	}
	p.note(Event{Kind: EventCheckFailed, Time: time.Now(), Lesson: "hello", Step: "warm"})
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	q, err := LoadProgress(path)
	if err != nil || q.History["hello/warm"] == nil || q.History["hello/warm"].Failed != 1 {
		t.Fatalf("round trip: got %+v, %v", q.History, err)
	}
}

// TestAttemptsAreSaved: the App records its own events in the history and writes them at
// once, so a failed attempt survives the process (firstrun answer, then quit), and the
// listener still hears the event.
func TestAttemptsAreSaved(t *testing.T) {
	ws, err := sandbox.Open(filepath.Join(t.TempDir(), "ws"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Create(nil, "go1.26.0"); err != nil {
		t.Fatal(err)
	}
	var heard []string
	a := &App{WS: ws, T: NewMessages("en"), Out: io.Discard, Now: func() time.Time { return time.Unix(1000, 0) },
		OnEvent: func(e Event) { heard = append(heard, e.Kind) }}
	a.prog = NewProgress()
	l := &Lesson{ID: "hello"}
	s := &Step{ID: "why"}
	q := &QuizText{Choices: []Choice{{Text: "the disk"}, {Text: "the compiler"}}}
	if err := a.wrongAnswer(l, s, q, 0); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProgress(ws.ProgressPath())
	if err != nil {
		t.Fatal(err)
	}
	if h := p.History["hello/why"]; h == nil || h.Failed != 1 {
		t.Errorf("saved history %+v, want one failed attempt on hello/why", p.History)
	}
	if len(heard) != 1 || heard[0] != EventCheckFailed {
		t.Errorf("listener heard %v, want [%s]", heard, EventCheckFailed)
	}
}
