package engine

import "time"

// Event kinds: what happened to the learner, for whoever listens (the class link in
// classroom/, which the engine never imports).
const (
	EventStepStarted = "step_started"
	EventStepPassed  = "step_passed"
	EventCheckFailed = "check_failed"
	EventHint        = "hint"
	EventSolution    = "solution"
	EventRunSaved    = "run_saved"
)

// Event is one thing the learner did or reached. Lesson and Step are ids; Msg is the check's
// message (for EventCheckFailed), Run the saved run (for EventRunSaved).
type Event struct {
	Kind   string    `json:"kind"`
	Time   time.Time `json:"time"`
	Lesson string    `json:"lesson"`
	Step   string    `json:"step"`
	Msg    string    `json:"msg,omitempty"`
	Hint   int       `json:"hint,omitempty"` // which hint (1-based) for EventHint
	Run    *NamedRun `json:"run,omitempty"`
}

// NamedRun is a saved run with its name (cold, warm…).
type NamedRun struct {
	Name string `json:"name"`
	SavedRun
}

// emit hands an event to the App's listener, if any. Listeners must not block: the class
// link writes to a local outbox and delivers in the background.
func (a *App) emit(e Event) {
	if e.Time.IsZero() {
		e.Time = a.Now()
	}
	if a.prog != nil {
		a.prog.note(e) // the step history for progress reports; saved with the progress
	}
	if a.OnEvent != nil {
		a.OnEvent(e)
	}
}

// emitRuns reports the runs checks saved since the last call.
func (a *App) emitRuns(p *Progress, l *Lesson, s *Step) {
	for _, name := range p.newRuns {
		r := p.Runs[name]
		a.emit(Event{Kind: EventRunSaved, Lesson: l.ID, Step: s.ID, Run: &NamedRun{Name: name, SavedRun: r}})
	}
	p.newRuns = nil
}
