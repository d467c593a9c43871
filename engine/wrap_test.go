package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/firstrun/firstrun/lessons"
)

// pageRenderer lays pages out as on a terminal of cols columns.
func pageRenderer(style string, cols int) *Renderer {
	r := NewRenderer(style, 80)
	r.Columns = func() int { return cols }
	return r
}

// wrapFaults counts what makes a rendered page read badly: single words stranded on a line
// of their own inside a paragraph, Korean particles or punctuation cut off from the word
// before, inline code split over two lines, and code block lines that were wrapped or lost
// their indent.
type wrapFaults struct {
	stranded, particles, brokenCode, brokenBlock, tooWide int
	examples                                              []string
}

func (f *wrapFaults) total() int {
	return f.stranded + f.particles + f.brokenCode + f.brokenBlock + f.tooWide
}

func (f *wrapFaults) add(n *int, where, what string) {
	*n++
	if len(f.examples) < 12 {
		f.examples = append(f.examples, where+": "+what)
	}
}

var (
	// particles are what must stay on the word before them. 이 and 하고 are left out: they
	// also start sentences ("this", "do and").
	particles = map[string]bool{
		"은": true, "는": true, "가": true, "을": true, "를": true, "로": true, "으로": true,
		"에": true, "에서": true, "의": true, "와": true, "과": true, "까지": true,
		"부터": true, "처럼": true, "보다": true, "이나": true, "입니다.": true, "이다.": true,
		"은(는)": true, "이(가)": true, "을(를)": true,
		"도": true, "만": true, "라는": true, "이라는": true, "라고": true, "이라고": true,
		"로는": true, "으로는": true, "에는": true, "와는": true, "과는": true,
		"이고": true, "이며": true, "이면": true, "이란": true, "란": true, "마다": true,
		"만큼": true, "대로": true, "에게": true, "조차": true, "밖에": true, "이든": true,
		"입니다": true, "이에요": true, "예요": true, "로도": true, "으로도": true, "에도": true,
	}
	codeSpan = regexp.MustCompile("`([^`]+)`")
)

func scanPage(f *wrapFaults, where, markdown, rendered string, width int) {
	_, codeLines := prepareMarkdown(strings.ReplaceAll(markdown, "\t", "    "))
	var lines []string
	for _, l := range strings.Split(stripANSI(rendered), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	isCode := func(l string) bool { return codeLines[strings.TrimSpace(l)] }
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if cellWidth(l) > width && !isCode(l) {
			f.add(&f.tooWide, where, fmt.Sprintf("%d cells: %q", cellWidth(l), t))
		}
		if cellWidth(l) > width && isCode(l) {
			// The terminal would wrap it at its last column, under no indent.
			f.add(&f.brokenBlock, where, fmt.Sprintf("code line of %d cells: %q", cellWidth(l), t))
		}
		if t == "" || isCode(l) {
			continue
		}
		first := i == 0 || strings.TrimSpace(lines[i-1]) == "" || strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#")
		if words := strings.Fields(t); first && len(words) == 1 && cellWidth(t) < 12 && i+1 < len(lines) && !strings.HasPrefix(t, "#") {
			// A short word alone on the first line of a paragraph, the rest below it.
			next := strings.TrimSpace(lines[i+1])
			if next != "" && !isCode(lines[i+1]) && !strings.HasPrefix(next, "•") && !listItem.MatchString(next) {
				f.add(&f.stranded, where, fmt.Sprintf("%q alone before %q", t, next))
			}
		}
		if i == 0 {
			continue
		}
		prev := strings.TrimSpace(lines[i-1])
		if prev == "" || isCode(lines[i-1]) || strings.HasPrefix(prev, "#") || strings.HasPrefix(t, "•") || listItem.MatchString(t) {
			continue
		}
		words := strings.Fields(t)
		if strings.HasSuffix(prev, " Go") && t[0] >= '0' && t[0] <= '9' {
			f.add(&f.stranded, where, fmt.Sprintf("Go split from its version: %q / %q", prev, t))
		}
		if len(words) == 1 && !strings.HasPrefix(t, "│") {
			f.add(&f.stranded, where, fmt.Sprintf("%q alone after %q", t, prev))
		}
		if particles[strings.TrimRight(words[0], ",.;:)!?")] || strings.Trim(words[0], ",.;:)!?") == "" {
			f.add(&f.particles, where, fmt.Sprintf("line starts with %q", t))
		}
	}
	flat := make([]string, len(lines))
	for i, l := range lines {
		flat[i] = strings.TrimSpace(l)
	}
	joined := strings.Join(flat, " ")
	inFence := false
	for _, src := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(strings.TrimSpace(src), "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			c := strings.TrimSpace(strings.ReplaceAll(src, "\t", "    "))
			if c == "" {
				continue
			}
			found := false
			for _, l := range lines {
				if strings.TrimSpace(l) == c && strings.HasPrefix(l, "  ") {
					found = true
				}
			}
			if !found {
				f.add(&f.brokenBlock, where, fmt.Sprintf("code line %q wrapped or unindented", c))
			}
			continue
		}
		for _, m := range codeSpan.FindAllStringSubmatch(src, -1) {
			c := strings.TrimSpace(m[1])
			if len(c) < 3 || !strings.ContainsAny(c, " -/") || !strings.Contains(strings.ReplaceAll(joined, " ", ""), strings.ReplaceAll(c, " ", "")) {
				continue
			}
			whole := false
			for _, l := range flat {
				whole = whole || strings.Contains(l, c)
			}
			if !whole {
				f.add(&f.brokenCode, where, fmt.Sprintf("code %q split over lines", c))
			}
		}
	}
}

// TestPagesWrapWell renders every page of the course, in both languages, at 100 and 60
// columns, in the colour style and in plain text, and counts the faults wrapFaults names.
// Before firstrun wrapped pages itself (glamour wrapping twice, padded code spans), the
// dark style gave en 100: 17, en 60: 44, ko 100: 25, ko 60: 49.
func TestPagesWrapWell(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, style := range []string{"dark", "notty"} {
		for _, lang := range Languages {
			for _, cols := range []int{100, 60} {
				r := pageRenderer(style, cols)
				a := &App{Course: c, T: NewMessages(lang)}
				f := &wrapFaults{}
				for _, l := range c.Lessons {
					for _, s := range l.Steps {
						md := a.StepMarkdown(l, s)
						out, err := r.Render(md)
						if err != nil {
							t.Fatal(err)
						}
						scanPage(f, fmt.Sprintf("%s/%s", l.ID, s.ID), md, out, cols)
					}
				}
				t.Logf("%s %s %d columns: %d stranded, %d particles, %d code spans split, %d code lines broken, %d too wide",
					style, lang, cols, f.stranded, f.particles, f.brokenCode, f.brokenBlock, f.tooWide)
				if f.total() > 0 {
					t.Errorf("%s %s at %d columns: %d faults:\n  %s", style, lang, cols, f.total(), strings.Join(f.examples, "\n  "))
				}
			}
		}
	}
}

// TestMessagesWrapWell does the same for the lesson text shown as messages, not pages: every
// hint, every quiz explanation and every lesson's summary in the course's ending, laid out as
// the workbook lays out a message (Renderer.Message, at the width of the line).
func TestMessagesWrapWell(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, style := range []string{"dark", "notty"} {
		for _, lang := range Languages {
			for _, cols := range []int{100, 60} {
				r := pageRenderer(style, cols)
				a := &App{Course: c, T: NewMessages(lang)}
				f := &wrapFaults{}
				show := func(where, text string) {
					scanPage(f, where, text, r.Message(text, r.Width()), cols)
				}
				for i, l := range c.Lessons {
					page := l.Text(lang)
					show(l.ID+"/summary", a.T.F("ending.lesson", i+1, page.Title, page.Summary))
					for _, s := range l.Steps {
						st := page.Steps[s.ID]
						for n, h := range st.Hints {
							where := fmt.Sprintf("%s/%s hint %d", l.ID, s.ID, n+1)
							show(where, a.T.F("hint.title", n+1, len(st.Hints))+": "+h)
							show(where+" (after a failure)", a.T.F("hint.fits", n+1, h))
						}
						if st.Quiz != nil {
							for n, ch := range st.Quiz.Choices {
								show(fmt.Sprintf("%s/%s why %d", l.ID, s.ID, n+1), a.T.F("quiz.right")+" "+a.fill(ch.Why))
							}
						}
					}
				}
				if f.total() > 0 {
					t.Errorf("%s %s at %d columns: %d faults:\n  %s", style, lang, cols, f.total(), strings.Join(f.examples, "\n  "))
				}
			}
		}
	}
}

// TestWrapGolden keeps every page, in both languages, at 100 and 60 columns, as plain text
// (the layout is the same in colour), in one golden file per lesson and language:
// testdata/golden/wrap/. After a deliberate change: go test ./engine -update.
func TestWrapGolden(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		a := &App{Course: c, T: NewMessages(lang)}
		for _, l := range c.Lessons {
			var b strings.Builder
			for _, cols := range []int{100, 60} {
				r := pageRenderer("notty", cols)
				for _, s := range l.Steps {
					out, err := r.Render(a.StepMarkdown(l, s))
					if err != nil {
						t.Fatal(err)
					}
					fmt.Fprintf(&b, "==== %s %d columns ====\n%s", s.ID, cols, out)
				}
			}
			compareGolden(t, filepath.Join("testdata", "golden", "wrap", l.Dir+"."+lang+".txt"), b.String())
		}
	}
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test ./engine -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: the laid-out pages changed; if that is intended, run go test ./engine -update\n%s", name, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, wl, gl)
		}
	}
	return ""
}

// The fault scan itself finds each kind of fault it counts.
func TestScanPageFinds(t *testing.T) {
	cases := []struct {
		name, markdown, rendered string
		count                    func(*wrapFaults) int
	}{
		{"word alone inside", "a b c d", "  a b c\n  d\n  e f g", func(f *wrapFaults) int { return f.stranded }},
		{"word alone first", "Now the rest", "  Now\n  the rest of it", func(f *wrapFaults) int { return f.stranded }},
		{"particle", "`go run`으로 실행", "  먼저 `go run`\n  으로 실행합니다", func(f *wrapFaults) int { return f.particles }},
		{"split code", "run `go build -o x`", "  run `go build\n  -o x`", func(f *wrapFaults) int { return f.brokenCode }},
		{"code block", "```\ngo build -ldflags=\"-s -w\"\n```", "go build\n-ldflags=\"-s -w\"", func(f *wrapFaults) int { return f.brokenBlock }},
		{"too wide", "x", "  " + strings.Repeat("word ", 14), func(f *wrapFaults) int { return f.tooWide }},
	}
	for _, c := range cases {
		f := &wrapFaults{}
		scanPage(f, c.name, c.markdown, c.rendered, 60)
		if c.count(f) == 0 {
			t.Errorf("%s: not found in %q", c.name, c.rendered)
		}
	}
}

// Unit cases of the wrapper itself.
func TestWrapLine(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		// a list item hangs under its text
		{"  • one two three four five", 14, "  • one two\n    three four\n    five"},
		// a last word alone gets company
		{"aaa bbb ccc ddd", 11, "aaa bbb\nccc ddd"},
		// code spans are not broken, even where a hyphen or space would allow it
		{"run `go build -ldflags=\"-s -w\"` now", 12, "run\n`go build -ldflags=\"-s -w\"`\nnow"},
		// a long last word (a path) is not left alone when a word can go with it
		{"it stays in the cache, as `$GOCACHE/xx/<hash>-d/hello`.", 34, "it stays in the cache,\nas `$GOCACHE/xx/<hash>-d/hello`."},
		// "Go 1.24" is not split over two lines
		{"this changed in Go 1.24 for good", 16, "this changed in\nGo 1.24 for good"},
		// a Korean particle stays on its word
		{"먼저 `go run`으로 실행합니다", 10, "먼저\n`go run`으로\n실행합니다"},
	}
	for _, c := range cases {
		if got := wrapText(c.in, c.width); got != c.want {
			t.Errorf("wrapText(%q, %d) =\n%s\nwant\n%s", c.in, c.width, got, c.want)
		}
	}
}

// A line of parts separated by " · " (the step header) breaks between parts, not inside one.
func TestMessageBreaksAtDots(t *testing.T) {
	r := NewRenderer("notty", 80)
	got := r.Message("Lesson 6/6 · Myth or fact? · step 1/7: Claim 1: slow, then instant", 58)
	want := "Lesson 6/6 · Myth or fact? ·\nstep 1/7: Claim 1: slow, then instant"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := r.Message("a · b", 58); got != "a · b" {
		t.Errorf("a line that fits: got %q", got)
	}
}

var verb = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// sampleArgs fills a message's verbs with values like the real ones: a command for %s, a
// count for %d, a ratio for %f.
func sampleArgs(format string) []any {
	var args []any
	next := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[4] == "%" {
			continue
		}
		i := next
		if m[2] != "" {
			fmt.Sscan(m[2], &i)
			i--
		}
		next = i + 1
		for len(args) <= i {
			args = append(args, nil)
		}
		switch m[4] {
		case "d":
			args[i] = 246
		case "f", "g":
			args[i] = 2.5
		default:
			args[i] = "go run -x hello.go"
		}
	}
	return args
}

// TestCatalogWrapsWell lays out every message of the catalogs, with values like the real
// ones, at 60 and 100 columns in both languages and styles, and counts the same faults.
func TestCatalogWrapsWell(t *testing.T) {
	for _, style := range []string{"dark", "notty"} {
		for _, lang := range Languages {
			for _, cols := range []int{100, 60} {
				r := pageRenderer(style, cols)
				f := &wrapFaults{}
				for key, format := range catalogs[lang] {
					text := fmt.Sprintf(format, sampleArgs(format)...)
					scanPage(f, key, text, r.Message(text, r.Width()), cols)
				}
				if f.total() > 0 {
					t.Errorf("%s %s at %d columns: %d faults:\n  %s", style, lang, cols, f.total(), strings.Join(f.examples, "\n  "))
				}
			}
		}
	}
}
