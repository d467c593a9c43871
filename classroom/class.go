package classroom

import (
	"sort"
	"strings"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// class is what the server knows of the learners, rebuilt from the journal at start. It is
// not safe for concurrent use: the Server holds its lock.
type class struct {
	learners map[string]*learner // by learner id
	events   int                 // accepted events, all learners
	version  uint64              // changes with every record applied
}

// learner is one joined workspace.
type learner struct {
	id, name string
	through  int64 // the highest seq held
	events   int
	// report is the newest progress report, level the seq it is as of, and received when it
	// was written by the server's clock (learners' clocks differ; time on a step is counted
	// on from received).
	report   *Report
	level    int64
	received time.Time
	lastSeen time.Time
	// From events alone, for a client that sends no report.
	lesson, step string
	since        time.Time
	failedHere   int
	hints        int
	runs         map[string]RunReport
}

func newClass() *class { return &class{learners: map[string]*learner{}} }

// record is one journal line: what one accepted batch added, already cleaned and with the
// duplicates left out, so that replaying it does what accepting it did.
type record struct {
	T       time.Time  `json:"t"` // the server's clock
	Learner string     `json:"learner"`
	Name    string     `json:"name"`
	Events  []Envelope `json:"events,omitempty"`
	Report  *Report    `json:"report,omitempty"`
	Level   int64      `json:"level,omitempty"` // the seq Report is as of
	// AsOf is when Report was written, by the server's clock: T less the time the batch
	// waited on the learner's laptop (zero: T).
	AsOf time.Time `json:"as_of,omitzero"`
}

// decide is what accepting b at now would add, nil when nothing (a batch sent again).
func (c *class) decide(b *Batch, now time.Time) *record {
	l := c.learners[b.Learner]
	rec := &record{T: now, Learner: b.Learner, Name: b.Name}
	var through, level int64
	if l != nil {
		through = l.through
	}
	for _, e := range b.Events {
		if e.Seq > through {
			rec.Events = append(rec.Events, e)
		}
		level = max(level, e.Seq)
	}
	if len(b.Events) == 0 {
		level = through // a report alone is as of everything held
	}
	if b.Report != nil {
		// A batch that arrives late (sent again after a newer one got through) must not put
		// an older report over a newer one.
		if l == nil || l.report == nil || level > l.level || level == l.level && !b.Report.Written.Before(l.report.Written) {
			rec.Report, rec.Level = b.Report, level
			// On the learner's clock the report waited Sent - Written before it was sent;
			// a day or more is a clock that is wrong, not a wait.
			if wait := b.Sent.Sub(b.Report.Written); !b.Sent.IsZero() && !b.Report.Written.IsZero() && wait > 0 && wait < 24*time.Hour {
				rec.AsOf = now.Add(-wait)
			}
		}
	}
	if l != nil && len(rec.Events) == 0 && rec.Report == nil && l.name == b.Name {
		return nil
	}
	if l != nil && rec.Report != nil && len(rec.Events) == 0 && l.name == b.Name && sameReport(l.report, rec.Report) {
		return nil
	}
	return rec
}

func sameReport(a, b *Report) bool {
	return a != nil && b != nil && a.Written.Equal(b.Written) && a.Done == b.Done && a.Position == b.Position &&
		len(a.Steps) == len(b.Steps) && len(a.Runs) == len(b.Runs)
}

// apply adds a record; it says whether the learner is new.
func (c *class) apply(rec *record) (joined bool) {
	l := c.learners[rec.Learner]
	if l == nil {
		l = &learner{id: rec.Learner, runs: map[string]RunReport{}}
		c.learners[rec.Learner] = l
		joined = true
	}
	l.name = rec.Name
	if rec.T.After(l.lastSeen) {
		l.lastSeen = rec.T
	}
	for _, e := range rec.Events {
		if e.Seq <= l.through {
			continue
		}
		l.through = e.Seq
		l.events++
		c.events++
		l.note(e.Event, rec.T)
	}
	if rec.Report != nil {
		l.report, l.level, l.received = rec.Report, rec.Level, rec.T
		if !rec.AsOf.IsZero() {
			l.received = rec.AsOf
		}
	}
	c.version++
	return joined
}

// note follows an event for a client that sends no report.
func (l *learner) note(e engine.Event, at time.Time) {
	if e.Lesson != "" && (e.Lesson != l.lesson || e.Step != l.step) && e.Kind != engine.EventRunSaved {
		l.lesson, l.step, l.since, l.failedHere = e.Lesson, e.Step, at, 0
	}
	switch e.Kind {
	case engine.EventCheckFailed:
		l.failedHere++
	case engine.EventHint:
		l.hints++
	case engine.EventRunSaved:
		if e.Run != nil {
			l.runs[e.Run.Name] = RunReport{Name: e.Run.Name, Command: strings.Join(append([]string{"go"}, e.Run.Args...), " "),
				Ms: e.Run.Millis, Compiles: e.Run.Compiles, Links: e.Run.Links, Step: e.Run.Step, Start: e.Run.Start}
		}
	}
}

// reportAt is the learner's report as of now: a copy whose current step has gone on for
// the time since it arrived. Without a report it is made from the events.
func (l *learner) reportAt(now time.Time) *Report {
	var r Report
	if l.report != nil {
		r = *l.report
		r.Steps = append([]StepReport(nil), l.report.Steps...)
		r.Runs = append([]RunReport(nil), l.report.Runs...)
	} else {
		r = Report{Format: ReportFormat, Kind: ReportKind, Lesson: l.lesson, Step: l.step, Position: l.lesson + "/" + l.step}
		if l.lesson != "" {
			r.Steps = []StepReport{{Lesson: l.lesson, Step: l.step, Number: r.Position, Title: l.step, Current: true,
				Started: l.since, Failed: l.failedHere, Hints: l.hints}}
		}
		names := make([]string, 0, len(l.runs))
		for n := range l.runs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			r.Runs = append(r.Runs, l.runs[n])
		}
	}
	r.Name = l.name
	from := l.received
	if l.report == nil {
		from = l.since
	}
	if d := now.Sub(from); d > 0 && !from.IsZero() && !r.Finished {
		for i := range r.Steps {
			if r.Steps[i].Current {
				r.Steps[i].SpentMs += d.Milliseconds()
			}
		}
	}
	r.Written = l.lastSeen
	return &r
}

// ordered are the learners by name (then id: two Anas stay in one order).
func (c *class) ordered() []*learner {
	ls := make([]*learner, 0, len(c.learners))
	for _, l := range c.learners {
		ls = append(ls, l)
	}
	sort.Slice(ls, func(i, j int) bool {
		a, b := strings.ToLower(ls[i].name), strings.ToLower(ls[j].name)
		if a != b {
			return a < b
		}
		return ls[i].id < ls[j].id
	})
	return ls
}

// ClassFormat is the version of the class view (GET /api/class and the stream).
const ClassFormat = 1

// ClassView is the live class as GET /api/class serves it: the class summary of the
// learners' newest reports, each aged to now, with when each learner was last heard from.
// It never holds the class code or the learners' ids.
type ClassView struct {
	Format       int           `json:"format"`
	Kind         string        `json:"kind"` // "firstrun-class"
	Now          time.Time     `json:"now"`
	Version      uint64        `json:"version"` // changes when a batch is accepted
	Events       int           `json:"events"`  // accepted so far, all learners
	Learners     []LiveLearner `json:"learners"`
	Steps        []StepStat    `json:"steps"`
	Stuck        []StuckAt     `json:"stuck"`
	Runs         []RunRow      `json:"runs"` // slowest cold run first
	ColdMedianMs float64       `json:"cold_median_ms"`
	WarmMedianMs float64       `json:"warm_median_ms"`
}

// LiveLearner is one learner's row.
type LiveLearner struct {
	Name     string    `json:"name"`
	Lesson   string    `json:"lesson"`
	Step     string    `json:"step"`
	Position string    `json:"position"`
	Title    string    `json:"title"`
	Finished bool      `json:"finished"`
	OnStepMs int64     `json:"on_step_ms"` // as of Now
	Failed   int       `json:"failed"`     // failed checks on the current step
	Hints    int       `json:"hints"`      // hints shown in all
	ColdMs   float64   `json:"cold_ms"`    // 0: no cold run yet
	WarmMs   float64   `json:"warm_ms"`
	Done     int       `json:"done"`
	Total    int       `json:"total"`
	Stuck    bool      `json:"stuck"`
	Events   int       `json:"events"`
	Go       string    `json:"go"`
	OS       string    `json:"os"`
	Arch     string    `json:"arch"`
	LastSeen time.Time `json:"last_seen"`
}

// view is the class as of now.
func (c *class) view(now time.Time) *ClassView {
	ls := c.ordered()
	reports := make([]*Report, len(ls))
	for i, l := range ls {
		reports[i] = l.reportAt(now)
	}
	sum := Summarize(reports, nil)
	v := &ClassView{Format: ClassFormat, Kind: "firstrun-class", Now: now.UTC(), Version: c.version, Events: c.events,
		Learners: make([]LiveLearner, len(ls)), Steps: sum.Steps, Stuck: sum.Stuck, Runs: sum.Runs,
		ColdMedianMs: sum.ColdMedianMs, WarmMedianMs: sum.WarmMedianMs}
	stuck := map[string]bool{}
	for _, st := range sum.Stuck {
		for _, who := range st.Learners {
			stuck[st.Lesson+"/"+st.Step+"\x00"+who.Name] = true
		}
	}
	for i, row := range sum.Learners {
		r := reports[i]
		ll := LiveLearner{Name: row.Name, Lesson: row.Lesson, Step: row.Step, Position: row.Position, Title: row.Title,
			Finished: row.Finished, OnStepMs: row.OnStepMs, Failed: row.Failed, Hints: row.Hints, Done: row.Done, Total: row.Total,
			Stuck: !row.Finished && stuck[row.Lesson+"/"+row.Step+"\x00"+row.Name], Events: ls[i].events,
			Go: row.Go, OS: row.OS, Arch: row.Arch, LastSeen: ls[i].lastSeen.UTC()}
		if run := r.Run("cold"); run != nil {
			ll.ColdMs = run.Ms
		}
		if run := r.Run("warm"); run != nil {
			ll.WarmMs = run.Ms
		}
		v.Learners[i] = ll
	}
	return v
}

// Summary is the view as a class summary, for the terminal table of `firstrun class status`.
func (v *ClassView) Summary() *Summary {
	s := &Summary{Format: SummaryFormat, Kind: "firstrun-class-summary", Steps: v.Steps, Stuck: v.Stuck, Runs: v.Runs,
		ColdMedianMs: v.ColdMedianMs, WarmMedianMs: v.WarmMedianMs, Skipped: []Skip{}, live: true}
	for _, l := range v.Learners {
		s.Learners = append(s.Learners, LearnerRow{Name: l.Name, Lesson: l.Lesson, Step: l.Step, Position: l.Position,
			Title: l.Title, Finished: l.Finished, Done: l.Done, Total: l.Total, OnStepMs: l.OnStepMs, Failed: l.Failed,
			Hints: l.Hints, Go: l.Go, OS: l.OS, Arch: l.Arch, Written: l.LastSeen})
	}
	return s
}
