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

// text lays the table out; width > 0 is the terminal's width, which no line may exceed.
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
	total := func() int {
		t := 0
		for _, w := range widths {
			t += w
		}
		return t + gap*(len(widths)-1)
	}
	if width > 0 && total() > width && tb.flex >= 0 {
		widths[tb.flex] = max(8, widths[tb.flex]-(total()-width))
	}
	var b strings.Builder
	for ri, r := range all {
		var line strings.Builder
		for i, w := range widths {
			c := ""
			if i < len(r) {
				c = runewidth.Truncate(r[i], w, "…")
			}
			pad := strings.Repeat(" ", w-runewidth.StringWidth(c))
			if tb.right[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
			if i < len(widths)-1 {
				line.WriteString(strings.Repeat(" ", gap))
			}
		}
		s := strings.TrimRight(line.String(), " ")
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

func displayWidth(s string) int { return runewidth.StringWidth(s) }
