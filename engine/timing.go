package engine

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// RunTable lays saved runs side by side with their ratio to the cold run (or to the first
// run listed when there is no cold run), as plain text that reads the same in a pipe.
func RunTable(t *Messages, p *Progress, names []string) string {
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
	return formatTable(rows)
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

// formatTable aligns columns by display width (Korean characters take two cells).
func formatTable(rows [][]string) string {
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
			b.WriteString(strings.Repeat("─", total-2))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func displayWidth(s string) int { return runewidth.StringWidth(s) }
