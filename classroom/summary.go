package classroom

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// SummaryFormat is the version of the class summary's JSON.
const SummaryFormat = 1

// Summary is the class as many reports show it: who is where, what each step costs the class,
// where learners are stuck, and everyone's cold and warm runs.
type Summary struct {
	Format   int          `json:"format"`
	Kind     string       `json:"kind"` // "firstrun-class-summary"
	Learners []LearnerRow `json:"learners"`
	Steps    []StepStat   `json:"steps"`
	Stuck    []StuckAt    `json:"stuck"`
	Runs     []RunRow     `json:"runs"` // slowest cold run first
	// ColdMedianMs and WarmMedianMs are the class's medians, 0 without runs.
	ColdMedianMs float64 `json:"cold_median_ms"`
	WarmMedianMs float64 `json:"warm_median_ms"`
	Skipped      []Skip  `json:"skipped"`

	reports []*Report
	live    bool // the live class: learners were last seen, not reports written
}

// LearnerRow is one learner: where they are and how it goes there.
type LearnerRow struct {
	Name     string    `json:"name"`
	Lesson   string    `json:"lesson"`
	Step     string    `json:"step"`
	Position string    `json:"position"`
	Title    string    `json:"title"`
	Finished bool      `json:"finished"`
	Done     int       `json:"done"`
	Total    int       `json:"total"`
	OnStepMs int64     `json:"on_step_ms"` // on the current step, when the report was written
	Failed   int       `json:"failed"`     // failed checks on the current step
	Hints    int       `json:"hints"`      // hints shown in all
	Go       string    `json:"go"`
	OS       string    `json:"os"`
	Arch     string    `json:"arch"`
	Written  time.Time `json:"written"`
	File     string    `json:"file"`
}

// StepStat is one step across the class.
type StepStat struct {
	Lesson   string `json:"lesson"`
	Step     string `json:"step"`
	Number   string `json:"number"`
	Title    string `json:"title"`
	Reached  int    `json:"reached"`
	Passed   int    `json:"passed"`
	Here     int    `json:"here"`      // learners on it now
	MedianMs int64  `json:"median_ms"` // of those who passed it
	// Longest is who took longest to pass it, and how long.
	Longest   string `json:"longest,omitempty"`
	LongestMs int64  `json:"longest_ms,omitempty"`
	Failed    int    `json:"failed"` // failed checks, the class's total
	Hints     int    `json:"hints"`
}

// StuckAt is a step where learners are stuck now, with who they are.
type StuckAt struct {
	Lesson   string         `json:"lesson"`
	Step     string         `json:"step"`
	Number   string         `json:"number"`
	Title    string         `json:"title"`
	Learners []StuckLearner `json:"learners"` // longest on the step first
}

// StuckLearner is one learner stuck on a step.
type StuckLearner struct {
	Name     string `json:"name"`
	OnStepMs int64  `json:"on_step_ms"`
	Failed   int    `json:"failed"`
}

// RunRow is one learner's cold and warm run side by side.
type RunRow struct {
	Name    string  `json:"name"`
	ColdMs  float64 `json:"cold_ms"` // 0: no cold run recorded
	WarmMs  float64 `json:"warm_ms"`
	Go      string  `json:"go"`
	OS      string  `json:"os"`
	Arch    string  `json:"arch"`
	Slowest bool    `json:"slowest,omitempty"` // the slowest cold run of the class
}

// How long on a step counts as stuck: at least stuckMin, and stuckWithoutMedian on a step
// the class has no time for yet.
const (
	stuckMin           = 5 * time.Minute
	stuckWithoutMedian = 10 * time.Minute
)

// Summarize builds the class summary from reports (as ReadReports returns them).
func Summarize(reports []*Report, skipped []Skip) *Summary {
	s := &Summary{Format: SummaryFormat, Kind: "firstrun-class-summary", reports: reports,
		Learners: []LearnerRow{}, Steps: []StepStat{}, Stuck: []StuckAt{}, Runs: []RunRow{}, Skipped: skipped}
	if s.Skipped == nil {
		s.Skipped = []Skip{}
	}
	for _, r := range reports {
		row := LearnerRow{Name: r.Name, Lesson: r.Lesson, Step: r.Step, Position: r.Position, Finished: r.Finished,
			Done: r.Done, Total: r.Total, Go: r.Go, OS: r.OS, Arch: r.Arch, Written: r.Written, File: r.File}
		if cur := r.CurrentStep(); cur != nil && !r.Finished {
			row.Title, row.OnStepMs, row.Failed = cur.Title, cur.SpentMs, cur.Failed
		}
		for _, st := range r.Steps {
			row.Hints += st.Hints
		}
		s.Learners = append(s.Learners, row)
	}

	// Steps in course order, merged across reports (a learner with another pack adds its own).
	type acc struct {
		StepStat
		order  [2]int
		spent  []int64
		stuckL []StuckLearner
		here   []*Report
	}
	steps := map[string]*acc{}
	for _, r := range reports {
		for _, st := range r.Steps {
			key := st.Lesson + "/" + st.Step
			a := steps[key]
			if a == nil {
				a = &acc{StepStat: StepStat{Lesson: st.Lesson, Step: st.Step, Number: st.Number, Title: st.Title}, order: numberOrder(st.Number)}
				steps[key] = a
			}
			if !st.Reached() {
				continue
			}
			a.Reached++
			a.Failed += st.Failed
			a.Hints += st.Hints
			if !st.Passed.IsZero() {
				a.Passed++
				a.spent = append(a.spent, st.SpentMs)
				if st.SpentMs > a.LongestMs {
					a.Longest, a.LongestMs = r.Name, st.SpentMs
				}
			}
			if st.Current && !r.Finished {
				a.Here++
				a.here = append(a.here, r)
			}
		}
	}
	var ordered []*acc
	for _, a := range steps {
		ordered = append(ordered, a)
	}
	sort.Slice(ordered, func(i, j int) bool {
		if ordered[i].order != ordered[j].order {
			return ordered[i].order[0] < ordered[j].order[0] ||
				ordered[i].order[0] == ordered[j].order[0] && ordered[i].order[1] < ordered[j].order[1]
		}
		return ordered[i].Lesson+"/"+ordered[i].Step < ordered[j].Lesson+"/"+ordered[j].Step
	})
	for _, a := range ordered {
		a.MedianMs = medianInt(a.spent)
		if a.Reached > 0 {
			s.Steps = append(s.Steps, a.StepStat)
		}
		// Stuck: a check failed there, or on it over twice the class's median for it (and at
		// least stuckMin: twice a 20-second step is no reason to walk over).
		limit := max(2*time.Duration(a.MedianMs)*time.Millisecond, stuckMin)
		if a.MedianMs == 0 { // nobody passed it, or only in reports without times
			limit = stuckWithoutMedian
		}
		for _, r := range a.here {
			cur := r.CurrentStep()
			if cur.Failed > 0 || time.Duration(cur.SpentMs)*time.Millisecond > limit {
				a.stuckL = append(a.stuckL, StuckLearner{Name: r.Name, OnStepMs: cur.SpentMs, Failed: cur.Failed})
			}
		}
		if len(a.stuckL) > 0 {
			sort.SliceStable(a.stuckL, func(i, j int) bool { return a.stuckL[i].OnStepMs > a.stuckL[j].OnStepMs })
			s.Stuck = append(s.Stuck, StuckAt{Lesson: a.Lesson, Step: a.Step, Number: a.Number, Title: a.Title, Learners: a.stuckL})
		}
	}
	// Most stuck learners first; a tie keeps course order (the earlier step holds more back).
	sort.SliceStable(s.Stuck, func(i, j int) bool { return len(s.Stuck[i].Learners) > len(s.Stuck[j].Learners) })

	var colds, warms []float64
	for _, r := range reports {
		row := RunRow{Name: r.Name, Go: r.Go, OS: r.OS, Arch: r.Arch}
		if c := r.Run("cold"); c != nil {
			row.ColdMs = c.Ms
			colds = append(colds, c.Ms)
		}
		if w := r.Run("warm"); w != nil {
			row.WarmMs = w.Ms
			warms = append(warms, w.Ms)
		}
		if row.ColdMs > 0 || row.WarmMs > 0 {
			s.Runs = append(s.Runs, row)
		}
	}
	sort.SliceStable(s.Runs, func(i, j int) bool { return s.Runs[i].ColdMs > s.Runs[j].ColdMs })
	if len(s.Runs) > 0 && s.Runs[0].ColdMs > 0 {
		s.Runs[0].Slowest = true
	}
	s.ColdMedianMs, s.WarmMedianMs = median(colds), median(warms)
	return s
}

// numberOrder reads "3.12" as (3, 12), so that 3.12 comes after 3.9.
func numberOrder(n string) [2]int {
	a, b, _ := strings.Cut(n, ".")
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return [2]int{1 << 30, 0}
	}
	return [2]int{x, y}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = append([]float64(nil), v...)
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func medianInt(v []int64) int64 {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return int64(median(f))
}
