package engine

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// RunTable lays saved runs side by side with their ratio to the cold run (or to the first
// run listed when there is no cold run), as plain text that reads the same in a pipe. When
// the table is wider than width (a terminal's line; 0: no limit), each command goes on a line
// of its own under its run, whole, so that it can still be copied; the rule never runs past
// the line.
func RunTable(t *Messages, p *Progress, names []string, width int) string {
	base := names[0]
	if _, ok := p.Runs["cold"]; ok {
		base = "cold"
	}
	ref := p.Runs[base].Millis
	rows := [][]string{{t.F("table.run"), t.F("table.time"), t.F("table.vscold"), t.F("table.command")}}
	for _, n := range names {
		r, ok := p.Runs[n]
		if !ok {
			continue
		}
		rows = append(rows, []string{t.RunName(n), t.Seconds(r.Millis), ratioText(t, ref, r.Millis), commandLine(r.Args)})
	}
	wide := formatTable(rows, width)
	if width <= 0 || tableWidth(wide) <= width {
		return wide
	}
	short := [][]string{{rows[0][0], rows[0][1], t.F("table.vscoldshort")}}
	for _, r := range rows[1:] {
		short = append(short, r[:3])
	}
	lines := strings.SplitAfter(formatTable(short, width), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + lines[1]) // the header and its rule
	for i, r := range rows[1:] {
		b.WriteString(lines[i+2])
		b.WriteString("  " + r[3] + "\n")
	}
	return b.String()
}

// tableWidth is the width of a table's widest line.
func tableWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, displayWidth(l))
	}
	return w
}

func ratioText(t *Messages, ref, ms float64) string {
	switch {
	case ref <= 0 || ms <= 0:
		return ""
	case ms < ref*0.95 && ref/ms < 10:
		return t.F("table.fasterfine", ref/ms)
	case ms < ref*0.95:
		return t.F("table.faster", ref/ms)
	case ms > ref*1.05:
		return t.F("table.slower", ms/ref)
	}
	return t.F("table.same")
}

// formatTable aligns columns by display width (Korean characters take two cells). The rule
// under the header is as wide as the table, but never wider than width (when width > 0).
func formatTable(rows [][]string, width int) string {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for ri, r := range rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
		if ri == 0 {
			total := 0
			for i := range r {
				total += widths[i] + 2
			}
			if width > 0 {
				total = min(total, width+2)
			}
			b.WriteString(strings.Repeat("─", total-2))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func displayWidth(s string) int { return runewidth.StringWidth(s) }
