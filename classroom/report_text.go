package classroom

import (
	"fmt"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// Who is the report's first line: name, Go, OS/arch and lesson pack.
func (r *Report) Who(t *engine.Messages) string {
	goVer := r.Go
	if goVer == "" {
		goVer = t.F("report.nogo")
	}
	pack := r.Pack
	if pack == "embedded" {
		pack = t.F("report.embedded")
	}
	return t.F("report.who", r.Name, goVer, r.OS, r.Arch, pack)
}

// StepsText is the table of the steps the learner reached, with the time each took, failed
// checks and hints, then one line of totals. width > 0 keeps it within the terminal.
func (r *Report) StepsText(t *engine.Messages, width int) string {
	solutions := false
	for _, s := range r.Steps {
		solutions = solutions || s.Solutions > 0
	}
	head := []string{t.F("report.col.step"), t.F("report.col.title"), t.F("report.col.time"),
		t.F("report.col.failed"), t.F("report.col.hints")}
	if solutions {
		head = append(head, t.F("report.col.sol"))
	}
	tb := newTable(1, append(head, "")...)
	tb.alignRight(2, 3, 4, 5)
	var spent int64
	failed, hints, reached := 0, 0, 0
	for _, s := range r.Steps {
		if !s.Reached() {
			continue
		}
		reached++
		spent += s.SpentMs
		failed += s.Failed
		hints += s.Hints
		mark := ""
		switch {
		case s.Current:
			mark = "← " + t.F("list.current")
		case !s.Passed.IsZero():
			mark = t.F("report.passed")
		}
		row := []string{s.Number, s.Title, Duration(t, s.SpentMs), fmt.Sprint(s.Failed), fmt.Sprint(s.Hints)}
		if solutions {
			row = append(row, fmt.Sprint(s.Solutions))
		}
		tb.add(append(row, mark)...)
	}
	out := ""
	if reached > 0 {
		out = tb.text(width) + "\n"
	}
	total := t.F("report.total", r.Done, r.Total, Duration(t, spent), failed, hints)
	return out + Wrap(total, width) + "\n"
}

// Duration is a time on a step as people say it: 42s, 3m 05s, 1h 02m.
func Duration(t *engine.Messages, ms int64) string {
	d := (time.Duration(ms) * time.Millisecond).Round(time.Second)
	switch {
	case d >= time.Hour:
		return t.F("report.dur.h", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return t.F("report.dur.m", int(d.Minutes()), int(d.Seconds())%60)
	}
	return t.F("report.dur.s", int(d.Seconds()))
}
