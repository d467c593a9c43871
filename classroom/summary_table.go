package classroom

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// table is a text table for the terminal and Markdown. Columns align by display width
// (Hangul takes two cells).
type table struct {
	head  []string
	rows  [][]string
	right map[int]bool // numbers align right
	// flex is the column that gives way (cut with …) when the table is wider than the
	// terminal: a title or a list of names, never a number.
	flex int
	// drop are the columns left out, in this order, when the table does not fit even with the
	// flexible column cut to flexMin.
	drop []int
}

func newTable(flex int, head ...string) *table {
	return &table{head: head, right: map[int]bool{}, flex: flex}
}

func (tb *table) add(cells ...string) { tb.rows = append(tb.rows, cells) }

func (tb *table) alignRight(cols ...int) {
	for _, c := range cols {
		tb.right[c] = true
	}
}

const gap = 2

// flexMin is how narrow the flexible column may get before other columns are dropped.
const flexMin = 12

// text lays the table out; width > 0 is the terminal's width, which no line may exceed: the
// columns in drop go first (in order), then the flexible column is cut, then line ends.
func (tb *table) text(width int) string {
	all := append([][]string{tb.head}, tb.rows...)
	widths := make([]int, len(tb.head))
	for _, r := range all {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], runewidth.StringWidth(c))
			}
		}
	}
	dropped := map[int]bool{}
	total := func() int {
		t, n := 0, 0
		for i, w := range widths {
			if !dropped[i] {
				t += w
				n++
			}
		}
		return t + gap*(n-1)
	}
	if width > 0 {
		smallest := func() int { // the total with the flexible column cut as far as it may be
			if tb.flex < 0 {
				return total()
			}
			return total() - widths[tb.flex] + min(widths[tb.flex], flexMin)
		}
		for _, d := range tb.drop {
			if smallest() <= width {
				break
			}
			dropped[d] = true
		}
		if over := total() - width; over > 0 && tb.flex >= 0 {
			widths[tb.flex] = max(min(widths[tb.flex], 8), widths[tb.flex]-over)
		}
	}
	var b strings.Builder
	for ri, r := range all {
		var cells []string
		for i, w := range widths {
			if dropped[i] {
				continue
			}
			c := ""
			if i < len(r) {
				c = runewidth.Truncate(r[i], w, "…")
			}
			pad := strings.Repeat(" ", w-runewidth.StringWidth(c))
			if tb.right[i] {
				cells = append(cells, pad+c)
			} else {
				cells = append(cells, c+pad)
			}
		}
		s := strings.TrimRight(strings.Join(cells, strings.Repeat(" ", gap)), " ")
		if width > 0 {
			s = runewidth.Truncate(s, width, "…") // still too wide: the last columns give way
		}
		b.WriteString(s + "\n")
		if ri == 0 {
			rule := total()
			if width > 0 {
				rule = min(rule, width)
			}
			b.WriteString(strings.Repeat("─", rule) + "\n")
		}
	}
	return b.String()
}

// markdown is the table as GitHub-flavoured Markdown. Cells are learners' input: pipes,
// HTML and line breaks are escaped so that a name cannot change the page.
func (tb *table) markdown() string {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	row(tb.head)
	b.WriteString("|")
	for i := range tb.head {
		if tb.right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range tb.rows {
		row(r)
	}
	return b.String()
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "*", `\*`, "_", `\_`,
	"`", "\\`", "[", `\[`, "]", `\]`, "\n", " ", "\r", " ",
)

func mdEscape(s string) string { return mdEscaper.Replace(s) }

func cellWidth(s string) int { return runewidth.StringWidth(s) }
