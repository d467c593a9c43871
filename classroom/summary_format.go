package classroom

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/firstrun/firstrun/engine"
)

// The summary's sections, each a table, in the order they are shown.
func (s *Summary) sections(t *engine.Messages) []struct {
	title string
	tb    *table
	empty string
} {
	written := t.F("sum.col.written")
	if s.live {
		written = t.F("class.col.seen")
	}
	where := newTable(1, t.F("sum.col.name"), t.F("sum.col.at"), t.F("sum.col.done"), t.F("sum.col.onstep"),
		t.F("sum.col.failed"), t.F("sum.col.hints"), written)
	where.alignRight(2, 3, 4, 5)
	where.drop = []int{6, 5}
	// A class's reports are usually written the same day: then the time alone says enough.
	stamp := "15:04"
	for _, l := range s.Learners {
		if l.Written.Local().Format("2006-01-02") != s.Learners[0].Written.Local().Format("2006-01-02") {
			stamp = "2006-01-02 15:04"
		}
	}
	for _, l := range s.Learners {
		at, on, failed := t.F("sum.finished"), "", ""
		if !l.Finished {
			at = strings.TrimSpace(l.Position + " " + l.Title)
			on, failed = Duration(t, l.OnStepMs), strconv.Itoa(l.Failed)
		}
		where.add(l.Name, at, fmt.Sprintf("%d/%d", l.Done, l.Total), on, failed, strconv.Itoa(l.Hints),
			l.Written.Local().Format(stamp))
	}

	steps := newTable(1, t.F("report.col.step"), t.F("report.col.title"), t.F("sum.col.passed"), t.F("sum.col.median"),
		t.F("sum.col.longest"), t.F("sum.col.failed"), t.F("sum.col.hints"), t.F("sum.col.here"))
	steps.alignRight(2, 3, 5, 6, 7)
	steps.drop = []int{6, 5, 4}
	for _, st := range s.Steps {
		median, longest := "", ""
		if st.Passed > 0 {
			median = Duration(t, st.MedianMs)
			longest = st.Longest + " (" + Duration(t, st.LongestMs) + ")"
		}
		steps.add(st.Number, st.Title, fmt.Sprintf("%d/%d", st.Passed, st.Reached), median, longest,
			strconv.Itoa(st.Failed), strconv.Itoa(st.Hints), strconv.Itoa(st.Here))
	}

	stuck := newTable(3, t.F("report.col.step"), t.F("report.col.title"), t.F("sum.col.stuck"), t.F("sum.col.who"))
	stuck.alignRight(2)
	stuck.drop = []int{1}
	for _, st := range s.Stuck {
		var who []string
		for _, l := range st.Learners {
			if l.Failed > 0 {
				who = append(who, t.F("sum.who", l.Name, Duration(t, l.OnStepMs), l.Failed))
			} else {
				who = append(who, t.F("sum.who0", l.Name, Duration(t, l.OnStepMs)))
			}
		}
		stuck.add(st.Number, st.Title, strconv.Itoa(len(st.Learners)), strings.Join(who, ", "))
	}

	runs := newTable(-1, t.F("sum.col.name"), t.F("sum.col.cold"), t.F("sum.col.warm"), t.F("sum.col.ratio"),
		t.F("sum.col.osarch"), "Go")
	runs.alignRight(1, 2, 3)
	runs.drop = []int{5}
	for _, r := range s.Runs {
		name := r.Name
		if r.Slowest {
			name += " " + t.F("sum.slowest") // with the name: it must survive a narrow terminal
		}
		runs.add(name, runTime(r.ColdMs), runTime(r.WarmMs), ratio(r.ColdMs, r.WarmMs), r.OS+"/"+r.Arch, r.Go)
	}
	if len(s.Runs) > 1 {
		runs.add(t.F("sum.median"), runTime(s.ColdMedianMs), runTime(s.WarmMedianMs), ratio(s.ColdMedianMs, s.WarmMedianMs), "", "")
	}

	return []struct {
		title string
		tb    *table
		empty string
	}{
		{t.F("sum.where"), where, ""},
		{t.F("sum.steps"), steps, ""},
		{t.F("sum.stuck"), stuck, t.F("sum.nostuck")},
		{t.F("sum.runs"), runs, t.F("sum.noruns")},
	}
}

func runTime(ms float64) string {
	if ms <= 0 {
		return ""
	}
	return engine.Seconds(ms)
}

func ratio(cold, warm float64) string {
	if cold <= 0 || warm <= 0 {
		return ""
	}
	x := cold / warm
	if x < 10 {
		return fmt.Sprintf("%.1f×", x)
	}
	return fmt.Sprintf("%.0f×", x)
}

// Text is the summary for a terminal (width > 0: no line wider; bold headings when styled) or
// a pipe (width 0, plain).
func (s *Summary) Text(t *engine.Messages, width int, styled bool) string {
	var b strings.Builder
	heading := func(h string) {
		h = Wrap(h, width)
		if styled {
			h = "\x1b[1m" + h + "\x1b[0m"
		}
		b.WriteString(h + "\n")
	}
	if s.live {
		heading(t.F("class.head", len(s.Learners)))
	} else {
		heading(t.F("sum.head", len(s.Learners)))
	}
	for _, sec := range s.sections(t) {
		b.WriteString("\n")
		heading(sec.title)
		if len(sec.tb.rows) == 0 {
			b.WriteString(sec.empty + "\n")
			continue
		}
		b.WriteString(sec.tb.text(width))
	}
	return b.String()
}

// Wrap breaks text at spaces so that no line is wider than width (0 leaves it as it is):
// headings and totals lines, which the terminal would otherwise cut mid-word.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && cellWidth(line+" "+w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// Markdown is the summary as a Markdown document (for the course's notes or an issue).
func (s *Summary) Markdown(t *engine.Messages) string {
	var b strings.Builder
	b.WriteString("# " + mdEscape(t.F("sum.head", len(s.Learners))) + "\n")
	for _, sec := range s.sections(t) {
		b.WriteString("\n## " + mdEscape(sec.title) + "\n\n")
		if len(sec.tb.rows) == 0 {
			b.WriteString(mdEscape(sec.empty) + "\n")
			continue
		}
		b.WriteString(sec.tb.markdown())
	}
	return b.String()
}

// JSON writes the summary as indented JSON.
func (s *Summary) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// CSV writes one row per learner for a spreadsheet: where they are, their runs, then the time
// on each step the class reached, in seconds. Column names stay English (a spreadsheet's
// formulas refer to them). Cells a spreadsheet would run as formulas are defused.
func (s *Summary) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"name", "position", "lesson", "step", "title", "finished", "done", "total", "on_step_s",
		"failed_on_step", "hints", "cold_s", "warm_s", "go", "os", "arch", "written"}
	for _, st := range s.Steps {
		head = append(head, st.Number+" s")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	byName := map[string]*Report{}
	for _, r := range s.reports {
		byName[r.Name] = r
	}
	for _, l := range s.Learners {
		r := byName[l.Name]
		cold, warm := "", ""
		if run := r.Run("cold"); run != nil {
			cold = secondsCell(run.Ms)
		}
		if run := r.Run("warm"); run != nil {
			warm = secondsCell(run.Ms)
		}
		onStep, failed := secondsCell(float64(l.OnStepMs)), strconv.Itoa(l.Failed)
		if l.Finished {
			onStep, failed = "", ""
		}
		row := []string{l.Name, l.Position, l.Lesson, l.Step, l.Title, strconv.FormatBool(l.Finished),
			strconv.Itoa(l.Done), strconv.Itoa(l.Total), onStep, failed,
			strconv.Itoa(l.Hints), cold, warm, l.Go, l.OS, l.Arch, l.Written.UTC().Format("2006-01-02T15:04:05Z")}
		spent := map[string]StepReport{}
		for _, st := range r.Steps {
			spent[st.Lesson+"/"+st.Step] = st
		}
		for _, st := range s.Steps {
			cell := ""
			if sr, ok := spent[st.Lesson+"/"+st.Step]; ok && sr.Reached() {
				cell = secondsCell(float64(sr.SpentMs))
			}
			row = append(row, cell)
		}
		for i := range row {
			row[i] = defuse(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func secondsCell(ms float64) string { return strconv.FormatFloat(ms/1000, 'f', 3, 64) }

// defuse keeps a spreadsheet from running a cell as a formula (=, +, -, @, or a tab or
// carriage return before one): a learner's name is input, and a CSV is opened by double-click.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
