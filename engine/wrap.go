package engine

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// Pages are wrapped once, here, and not by glamour. glamour keeps the source's line breaks
// and then wraps again at its width, which strands single words on lines of their own; it
// also breaks at hyphens and slashes, inside commands the learner must copy whole. So a page
// goes through three passes:
//
//  1. prepareMarkdown joins each paragraph and list item onto one line and makes the spaces
//     inside inline code unbreakable;
//  2. glamour renders it without wrapping;
//  3. layout wraps every line that is too wide, at plain spaces only, keeping its indent
//     (list items hang under their text). Code block lines are never touched.

// nbsp stands in for the spaces inside inline code until layout is done: it is not a break.
const nbsp = '\u00a0'

var (
	listItem    = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+`)
	fenceStart  = regexp.MustCompile("^\\s*(```+|~~~+)")
	quoteLine   = regexp.MustCompile(`^\s*>`)
	ruleLine    = regexp.MustCompile(`^\s*([-*_])(\s*[-*_]){2,}\s*$`)
	orderedMark = regexp.MustCompile(`^\d+\. `)
)

// prepareMarkdown returns markdown whose paragraphs, list items and quotes each sit on one
// line, with inline code protected, and the set of code block lines (trimmed), which layout
// must leave alone.
func prepareMarkdown(md string) (string, map[string]bool) {
	code := map[string]bool{}
	var out []string
	fence := ""       // the fence of the code block we are in
	joinable := false // the last output line is prose a following line continues
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			out = append(out, line)
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			} else if trimmed != "" {
				code[trimmed] = true
			}
			continue
		}
		if m := fenceStart.FindStringSubmatch(line); m != nil {
			fence = m[1]
			out = append(out, line)
			joinable = false
			continue
		}
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "|") ||
			strings.HasPrefix(trimmed, "<") || ruleLine.MatchString(line):
			out = append(out, line)
			joinable = false
			continue
		case listItem.MatchString(line):
			out = append(out, protectCode(line))
			joinable = true
			continue
		case quoteLine.MatchString(line):
			body := strings.TrimSpace(strings.TrimPrefix(trimmed, ">"))
			last := len(out) - 1
			if joinable && last >= 0 && quoteLine.MatchString(out[last]) && body != "" && !hardBreak(out[last]) {
				out[last] += " " + protectCode(body)
				continue
			}
			out = append(out, protectCode(line))
			joinable = body != ""
			continue
		}
		last := len(out) - 1
		if joinable && last >= 0 && !hardBreak(out[last]) {
			out[last] += " " + protectCode(trimmed)
			continue
		}
		out = append(out, protectCode(line))
		joinable = true
	}
	return strings.Join(out, "\n"), code
}

// hardBreak: a line ending in two spaces or a backslash asks for a line break.
func hardBreak(line string) bool {
	return strings.HasSuffix(line, "  ") || strings.HasSuffix(line, `\`)
}

// goVersion is "Go 1.24" in prose: the name and its number read as one, so no line ends
// between them.
var goVersion = regexp.MustCompile(`\bGo (\d)`)

// protectCode replaces the spaces inside inline code spans with nbsp, and the one in "Go 1.24".
func protectCode(line string) string {
	line = goVersion.ReplaceAllString(line, "Go"+string(nbsp)+"$1")
	if !strings.Contains(line, "`") {
		return line
	}
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		ticks := line[i : i+n]
		end := closingTicks(line, i+n, n)
		if end < 0 {
			b.WriteString(ticks)
			i += n
			continue
		}
		content := line[i+n : end]
		// CommonMark drops one space on each side when both are there: keep those two.
		lead, trail := "", ""
		if len(content) >= 2 && content[0] == ' ' && content[len(content)-1] == ' ' && strings.Trim(content, " ") != "" {
			lead, trail, content = " ", " ", content[1:len(content)-1]
		}
		b.WriteString(ticks + lead + strings.ReplaceAll(content, " ", string(nbsp)) + trail + ticks)
		i = end + n
	}
	return b.String()
}

// closingTicks finds the next run of exactly n backticks at or after from, or -1.
func closingTicks(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// layout wraps rendered lines wider than width. Lines of code blocks and tables stay whole:
// a command must be copyable, and a table's columns must line up.
func layout(rendered string, width int, code map[string]bool) string {
	lines := strings.Split(rendered, "\n")
	var out []string
	for _, line := range lines {
		visible := strings.ReplaceAll(stripANSI(line), string(nbsp), " ")
		trimmed := strings.TrimSpace(visible)
		if width <= 0 || cellWidth(strings.TrimRight(visible, " ")) <= width || code[trimmed] || isTableLine(trimmed) {
			out = append(out, line)
			continue
		}
		out = append(out, wrapLine(line, width)...)
	}
	return strings.ReplaceAll(strings.Join(out, "\n"), string(nbsp), " ")
}

func isTableLine(s string) bool {
	return strings.ContainsAny(s, "┼┬┴") || strings.Count(s, "│") >= 2 || strings.Count(s, "|") >= 2
}

// wrapText wraps a message (not Markdown) to width at plain spaces, never inside `code`, with
// continuation lines indented as the first one.
func wrapText(s string, width int) string {
	if width <= 0 {
		return s
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = protectCode(line)
		if cellWidth(stripANSI(line)) <= width {
			out = append(out, line)
			continue
		}
		out = append(out, wrapLine(line, width)...)
	}
	return strings.ReplaceAll(strings.Join(out, "\n"), string(nbsp), " ")
}

// A word is what lies between plain spaces: its bytes (escapes included), its width on
// screen, and how many spaces came before it.
type word struct {
	raw   string
	width int
	gap   int
}

// wrapLine breaks one line into lines of at most width cells where it can. The first line
// keeps the line's own indent; the others are indented to where the text starts (under a
// list item's text, or behind a quote's bar). Terminal styles open at a break are closed at
// the end of the line and opened again after the next line's indent.
func wrapLine(line string, width int) []string {
	prefix, rest := splitIndent(line)
	visPrefix := stripANSI(prefix)
	cont := strings.Repeat(" ", cellWidth(visPrefix))
	words := splitWords(rest)
	if len(words) == 0 {
		return []string{line}
	}
	// A list marker or a quote bar is the first word: the text hangs after it.
	first := strings.ReplaceAll(stripANSI(words[0].raw), string(nbsp), " ")
	marker := true
	switch {
	case len(words) > 1 && (first == "•" || first == "-" || first == "*" || orderedMark.MatchString(first+" ")):
		cont += strings.Repeat(" ", words[0].width+words[1].gap)
	case len(words) > 1 && first == "│":
		cont += "│" + strings.Repeat(" ", words[1].gap)
	default:
		marker = false
	}
	if marker {
		// The marker and the first word go together: a marker never ends a line.
		m, w := words[0], words[1]
		words[1] = word{raw: m.raw + strings.Repeat(" ", w.gap) + w.raw, width: m.width + w.gap + w.width, gap: m.gap}
		words = words[1:]
	}
	contWidth := cellWidth(cont)

	breaks := fill(words, width, cellWidth(visPrefix), contWidth)

	var out []string
	var active []string // styles open at this point
	for li, start := range breaks {
		end := len(words)
		if li+1 < len(breaks) {
			end = breaks[li+1]
		}
		var b strings.Builder
		if li == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteString(cont)
			b.WriteString(strings.Join(active, ""))
		}
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(strings.Repeat(" ", words[i].gap))
			}
			b.WriteString(words[i].raw)
			active = trackStyles(active, words[i].raw)
		}
		if li+1 < len(breaks) && len(active) > 0 {
			b.WriteString("\x1b[0m")
		}
		out = append(out, b.String())
	}
	return out
}

// fill chooses where lines start (breaks[i] is the index of the first word of line i): lines
// of even length rather than greedy ones, and no short word (nor a last word) left alone on
// a line when the words around it could keep it company. A word wider than the line gets a
// line of its own.
func fill(words []word, width, firstIndent, contIndent int) []int {
	n := len(words)
	const alone = 1 << 20 // the cost of a short word on a line by itself
	cost := make([]int, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		cost[i] = -1
		used := contIndent
		if i == 0 {
			used = firstIndent
		}
		for j := i; j < n; j++ {
			if j > i {
				used += words[j].gap
			}
			used += words[j].width
			if used > width && j > i {
				break
			}
			c := 0
			if j+1 < n {
				slack := max(width-used, 0)
				c = slack * slack
			}
			// A short word alone, or any word alone on the last line (a paragraph ending in a
			// lone path or command), when the words around it could keep it company.
			if j == i && n > 1 && (words[i].width*2 < width || j+1 == n) {
				c += alone
			}
			if total := c + cost[j+1]; cost[i] < 0 || total < cost[i] {
				cost[i], next[i] = total, j+1
			}
		}
	}
	breaks := []int{0}
	for i := next[0]; i < n; i = next[i] {
		breaks = append(breaks, i)
	}
	return breaks
}

// splitIndent cuts a line into its leading spaces (with any escapes among them) and the rest.
func splitIndent(line string) (prefix, rest string) {
	i := 0
	for i < len(line) {
		if line[i] == ' ' {
			i++
			continue
		}
		if n := escapeLen(line[i:]); n > 0 {
			i += n
			continue
		}
		break
	}
	return line[:i], line[i:]
}

// splitWords cuts s at plain spaces; escapes stay with the text they touch.
func splitWords(s string) []word {
	var words []word
	cur := word{}
	var raw strings.Builder
	flush := func() {
		cur.raw = raw.String()
		raw.Reset()
		words = append(words, cur)
		cur = word{}
	}
	pendingGap := 0
	for i := 0; i < len(s); {
		if n := escapeLen(s[i:]); n > 0 {
			raw.WriteString(s[i : i+n])
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == ' ' {
			if cur.width > 0 {
				flush()
			}
			pendingGap++
			i += size
			continue
		}
		if cur.width == 0 {
			cur.gap = pendingGap
			pendingGap = 0
		}
		raw.WriteString(s[i : i+size])
		if r == nbsp {
			cur.width++
		} else {
			cur.width += runeCells(r)
		}
		i += size
	}
	if cur.width > 0 {
		flush()
	} else if raw.Len() > 0 && len(words) > 0 {
		// Escapes after the last word (a closing reset) belong to it.
		words[len(words)-1].raw += raw.String()
	}
	return words
}

// escapeLen is the length of the terminal escape sequence s starts with, or 0.
func escapeLen(s string) int {
	if len(s) < 2 || s[0] != 0x1b {
		return 0
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']': // OSC, ended by BEL or ST (hyperlinks)
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// trackStyles follows the SGR sequences in raw: a reset closes everything open.
func trackStyles(active []string, raw string) []string {
	for i := 0; i < len(raw); {
		n := escapeLen(raw[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(raw[i:])
			i += size
			continue
		}
		seq := raw[i : i+n]
		if strings.HasSuffix(seq, "m") && strings.HasPrefix(seq, "\x1b[") {
			if seq == "\x1b[0m" || seq == "\x1b[m" {
				active = active[:0]
			} else {
				active = append(active, seq)
			}
		}
		i += n
	}
	return active
}

// stripANSI removes terminal escape sequences.
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := escapeLen(s[i:]); n > 0 {
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// cells counts as terminals do: East Asian ambiguous characters (•, …, │) take one cell,
// whatever the locale tells go-runewidth.
var cells = &runewidth.Condition{EastAsianWidth: false}

func runeCells(r rune) int { return cells.RuneWidth(r) }

func cellWidth(s string) int { return cells.StringWidth(s) }
