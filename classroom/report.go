// Package classroom is the instructor's side of firstrun: progress reports a learner hands in,
// the class summary built from many of them, and the live class. It reads the engine's public
// progress types; the engine never imports it.
package classroom

import (
	"fmt"
	"strings"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// ReportFormat is the version of the progress report. A reader refuses a newer format by
// name rather than misread it; fields may be added within a format.
const ReportFormat = 1

// ReportKind marks a JSON file as a firstrun progress report, so that a foreign JSON file
// (a package.json in the same folder) is told apart from a broken report.
const ReportKind = "firstrun-progress"

// Report is one learner's progress as `firstrun progress --json` writes it: who and on what
// machine, where they are, and what each step cost them.
type Report struct {
	Format  int       `json:"format"`
	Kind    string    `json:"kind"`
	Name    string    `json:"name"`
	Written time.Time `json:"written"`
	Go      string    `json:"go"` // e.g. go1.26.0, "" when no go was found
	OS      string    `json:"os"`
	Arch    string    `json:"arch"`
	Pack    string    `json:"pack"` // "embedded" or the lesson folder
	Lang    string    `json:"lang"`
	// Lesson and Step are the step reached (the current one); both "" once the course is
	// finished. Position is its number, e.g. "3.2".
	Lesson   string       `json:"lesson"`
	Step     string       `json:"step"`
	Position string       `json:"position"`
	Finished bool         `json:"finished"`
	Done     int          `json:"done"`  // steps passed
	Total    int          `json:"total"` // steps in the course
	Steps    []StepReport `json:"steps"` // every step of the course, in order
	Runs     []RunReport  `json:"runs"`  // saved runs: cold, warm, …

	File string `json:"-"` // where a report was read from
}

// StepReport is one step of the course and what the learner did there.
type StepReport struct {
	Lesson    string    `json:"lesson"`
	Step      string    `json:"step"`
	Number    string    `json:"number"` // "1.2"
	Title     string    `json:"title"`
	Started   time.Time `json:"started,omitzero"`
	Passed    time.Time `json:"passed,omitzero"`
	SpentMs   int64     `json:"spent_ms"` // time it was the current step, up to Written
	Failed    int       `json:"failed"`   // failed check attempts (wrong quiz answers too)
	Hints     int       `json:"hints"`
	Solutions int       `json:"solutions"`
	Current   bool      `json:"current,omitempty"`
}

// Reached says whether the learner ever got to the step.
func (s *StepReport) Reached() bool { return !s.Started.IsZero() || !s.Passed.IsZero() || s.Current }

// RunReport is one saved run: the go command, how long it took, what it compiled.
type RunReport struct {
	Name     string    `json:"name"` // cold, warm, edited, build…
	Command  string    `json:"command"`
	Ms       float64   `json:"ms"`
	Compiles *int      `json:"compiles,omitempty"`
	Links    *int      `json:"links,omitempty"`
	Step     string    `json:"step,omitempty"` // lesson/step that saved it
	Start    time.Time `json:"start,omitzero"`
}

// Learner is who wrote a report and on what: the facts the progress file does not hold.
type Learner struct {
	Name string
	Go   string
	OS   string
	Arch string
	Pack string
	Lang string
}

// FromProgress builds the report of a learner's progress through a course, as of now.
func FromProgress(c *engine.Course, p *engine.Progress, who Learner, now time.Time) *Report {
	r := &Report{
		Format: ReportFormat, Kind: ReportKind, Name: who.Name, Written: now.UTC().Truncate(time.Second),
		Go: who.Go, OS: who.OS, Arch: who.Arch, Pack: who.Pack, Lang: who.Lang,
		Steps: []StepReport{}, Runs: []RunReport{},
	}
	cl, cs := current(c, p)
	if cl == nil {
		r.Finished = true
	} else {
		r.Lesson, r.Step = cl.ID, cs.ID
	}
	for li, l := range c.Lessons {
		page := l.Text(who.Lang)
		for si, s := range l.Steps {
			key := engine.Key(l.ID, s.ID)
			sr := StepReport{Lesson: l.ID, Step: s.ID, Number: fmt.Sprintf("%d.%d", li+1, si+1),
				Title: s.ID, Hints: p.Hints[key], Current: l == cl && s == cs}
			if st := page.Steps[s.ID]; st != nil {
				sr.Title = st.Title
			}
			h := p.History[key]
			if h != nil {
				sr.Started, sr.Passed = h.Started, h.Passed
				sr.SpentMs = h.Spent(now).Milliseconds()
				sr.Failed, sr.Solutions = h.Failed, h.Solutions
			}
			if sr.Current && (h == nil || h.Since.IsZero()) && !p.StepStarted.IsZero() && now.After(p.StepStarted) {
				// The step began before progress kept a history: its start is all there is.
				if sr.Started.IsZero() {
					sr.Started = p.StepStarted
				}
				sr.SpentMs += now.Sub(p.StepStarted).Milliseconds()
			}
			if done := p.Done[key]; !done.IsZero() {
				r.Done++
				if sr.Passed.IsZero() {
					sr.Passed = done
				}
			}
			if sr.Current {
				r.Position = sr.Number
			}
			r.Steps = append(r.Steps, sr)
		}
	}
	r.Total = len(r.Steps)
	for _, name := range p.RunNames() {
		run := p.Runs[name]
		r.Runs = append(r.Runs, RunReport{Name: name, Command: strings.Join(append([]string{"go"}, run.Args...), " "),
			Ms: run.Millis, Compiles: run.Compiles, Links: run.Links, Step: run.Step, Start: run.Start})
	}
	return r
}

// current is where the learner is, as the workbook sees it: the saved step, else the first
// step not done; nil when every step is done.
func current(c *engine.Course, p *engine.Progress) (*engine.Lesson, *engine.Step) {
	if l := c.Lesson(p.Lesson); l != nil {
		if s := l.Step(p.Step); s != nil {
			return l, s
		}
	}
	for _, l := range c.Lessons {
		for _, s := range l.Steps {
			if p.Done[engine.Key(l.ID, s.ID)].IsZero() {
				return l, s
			}
		}
	}
	return nil, nil
}

// CurrentStep is the step the learner is on, nil once finished.
func (r *Report) CurrentStep() *StepReport {
	for i := range r.Steps {
		if r.Steps[i].Current {
			return &r.Steps[i]
		}
	}
	return nil
}

// Run is the saved run of that name, nil when there is none.
func (r *Report) Run(name string) *RunReport {
	for i := range r.Runs {
		if r.Runs[i].Name == name {
			return &r.Runs[i]
		}
	}
	return nil
}
