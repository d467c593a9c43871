package engine

import (
	"context"
	"time"
)

// StepHistory is what happened on one step, for progress reports: when the learner first
// reached it and first passed it, how long it was their current step, and how often a check
// failed or a solution was shown. Hints shown are Progress.Hints, which already counts them.
//
// It lives in progress.json under "history" (format 1 still: older files simply have none,
// and an older firstrun ignores the field).
type StepHistory struct {
	Started time.Time `json:"started"`
	Passed  time.Time `json:"passed,omitzero"`
	// SpentMs is the wall-clock time the step was the current one, summed over every visit
	// that has ended; the visit in progress began at Since.
	SpentMs   int64     `json:"spent_ms"`
	Since     time.Time `json:"since,omitzero"`
	Visits    int       `json:"visits"`
	Failed    int       `json:"failed,omitempty"`
	Solutions int       `json:"solutions,omitempty"`
}

// Spent is the time on the step as of now, counting a visit still in progress.
func (h *StepHistory) Spent(now time.Time) time.Duration {
	d := time.Duration(h.SpentMs) * time.Millisecond
	if !h.Since.IsZero() && now.After(h.Since) {
		d += now.Sub(h.Since)
	}
	return d
}

// note keeps the step history up to date from the engine's events, so every place that emits
// one records it too.
func (p *Progress) note(e Event) {
	if p.History == nil {
		p.History = map[string]*StepHistory{}
	}
	key := Key(e.Lesson, e.Step)
	h := p.History[key]
	if h == nil {
		h = &StepHistory{}
		p.History[key] = h
		if e.Kind != EventStepStarted && key == Key(p.Lesson, p.Step) && !p.StepStarted.IsZero() {
			// The current step began before progress kept a history: it began at StepStarted.
			h.Started, h.Since, h.Visits = p.StepStarted, p.StepStarted, 1
		}
	}
	switch e.Kind {
	case EventStepStarted:
		// Only one step is current at a time: whatever was current before is left now.
		for k, other := range p.History {
			if k != key {
				other.leave(e.Time)
			}
		}
		h.leave(e.Time) // starting the current step again (firstrun lesson N) is a new visit
		if h.Started.IsZero() {
			h.Started = e.Time
		}
		h.Since = e.Time
		h.Visits++
	case EventStepPassed:
		h.leave(e.Time)
		if h.Passed.IsZero() {
			h.Passed = e.Time
		}
		if h.Started.IsZero() {
			h.Started = e.Time
		}
	case EventCheckFailed:
		h.Failed++
	case EventSolution:
		h.Solutions++
	}
}

func (h *StepHistory) leave(now time.Time) {
	if h.Since.IsZero() {
		return
	}
	if now.After(h.Since) {
		h.SpentMs += now.Sub(h.Since).Milliseconds()
	}
	h.Since = time.Time{}
}

// RunNames are the saved runs in the order the course makes them (cold, warm, …), then any
// others by name.
func (p *Progress) RunNames() []string { return savedRunNames(p) }

// GoVersion is the learner's Go release (asked once, remembered in the workspace).
func (a *App) GoVersion(ctx context.Context) GoVersion { return a.goVersion(ctx) }

// Seconds is a run's time as the workbook shows it: 0.312 s, 6.10 s, 14.2 s.
func Seconds(ms float64) string { return seconds(ms) }
