package engine

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	"github.com/mattn/go-runewidth"
)

// ErrNoTerminal is returned by prompts when there is no terminal to ask on.
var ErrNoTerminal = errors.New("no terminal to prompt on")

// ErrInterrupted is returned when the learner pressed Ctrl-C at a prompt.
var ErrInterrupted = errors.New("interrupted")

// UI is everything the workbook shows or asks. The terminal implementation renders with
// glamour and prompts with survey; Plain writes text and never prompts, for pipes, CI and
// `firstrun check`; tests use their own.
type UI interface {
	// Page shows a Markdown page.
	Page(markdown string) error
	// Select asks to pick one option; it returns the index.
	Select(question string, options []string) (int, error)
	// Input asks for one line of text.
	Input(question string) (string, error)
	// Busy shows that something slow is under way until done is called.
	Busy(msg string) (done func())
}

// Renderer turns Markdown into terminal text. The style is chosen once, at start: glamour's
// auto style asks the terminal for its background colour and can stall for 5 s.
type Renderer struct {
	once  sync.Once
	style string
	width int
	// Columns, when set, tells the terminal's width now: each page is laid out for the width
	// at the moment it is shown, so a resized terminal gets pages that fit.
	Columns func() int
	r       *glamour.TermRenderer
	err     error
}

// NewRenderer picks the style: "notty" (plain text) or a glamour style name or JSON path, and
// the width of a line (used while Columns is not set). Building the glamour renderer is
// deferred to the first page, so commands that render nothing do not pay for it.
func NewRenderer(style string, width int) *Renderer {
	if width <= 0 {
		width = 80
	}
	return &Renderer{style: style, width: width}
}

// Plain reports whether pages are plain text (no colours or styling).
func (r *Renderer) Plain() bool { return r.style == "notty" || r.style == "ascii" }

// maxLine caps lines however wide the terminal: long lines are hard to read.
const maxLine = 100

// Width is how wide a line may be now: two cells less than the terminal (some terminals
// wrap early at the last column), at most maxLine.
func (r *Renderer) Width() int {
	w := r.width
	if r.Columns != nil {
		if c := r.Columns(); c > 20 {
			w = c - 2
		}
	}
	return min(w, maxLine)
}

var trailingSpace = regexp.MustCompile(`[ \t]+\n`)

// Render returns the page as it should appear on screen.
func (r *Renderer) Render(markdown string) (string, error) {
	r.once.Do(func() {
		// No wrapping by glamour: layout wraps each page once, for the width of the moment.
		opts := []glamour.TermRendererOption{glamour.WithWordWrap(0), glamour.WithEmoji()}
		switch r.style {
		case "dark", "light":
			opts = append(opts, glamour.WithStyles(tightCode(r.style)))
		case "notty", "ascii", "dracula", "pink", "tokyo-night":
			opts = append(opts, glamour.WithStandardStyle(r.style))
		default:
			opts = append(opts, glamour.WithStylePath(r.style))
		}
		r.r, r.err = glamour.NewTermRenderer(opts...)
	})
	if r.err != nil {
		return "", fmt.Errorf("markdown style %q: %w", r.style, r.err)
	}
	// glamour pads lines to the wrap width counting a tab as one cell; the terminal then
	// expands it and the line wraps. Go code is full of tabs, so show them as four spaces.
	md, code := prepareMarkdown(strings.ReplaceAll(markdown, "\t", "    "))
	out, err := r.r.Render(md)
	if err != nil {
		return "", err
	}
	if r.style == "notty" || r.style == "ascii" {
		// Plain output should not carry trailing spaces.
		out = trailingSpace.ReplaceAllString(out, "\n")
	}
	return layout(out, r.Width(), code), nil
}

// tightCode is a glamour style without the spaces the standard styles put around inline
// code: with them a line could break between a code span and the Korean particle or the
// comma that follows it.
func tightCode(name string) ansi.StyleConfig {
	cfg := styles.DarkStyleConfig
	if name == "light" {
		cfg = styles.LightStyleConfig
	}
	cfg.Code.Prefix, cfg.Code.Suffix = "", ""
	return cfg
}

// Plain is the UI without a terminal: pages as plain text, no prompts.
type Plain struct {
	Out      io.Writer
	Renderer *Renderer
}

// Page writes the page as plain text.
func (p *Plain) Page(markdown string) error { return p.Renderer.write(p.Out, markdown) }

// write renders a page onto w.
func (r *Renderer) write(w io.Writer, markdown string) error {
	out, err := r.Render(markdown)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, out)
	return err
}

// Select never prompts: there is no one to answer.
func (p *Plain) Select(string, []string) (int, error) { return 0, ErrNoTerminal }

// Input never prompts either.
func (p *Plain) Input(string) (string, error) { return "", ErrNoTerminal }

// Busy prints the message once: a spinner would only litter a log.
func (p *Plain) Busy(msg string) func() {
	fmt.Fprintln(p.Out, msg)
	return func() {}
}

// spinner redraws one line on a terminal while something slow runs. The line must not wrap,
// or each redraw would start a new one.
func spinner(w io.Writer, width int, msg string) func() {
	msg = runewidth.Truncate(msg, max(width-12, 20), "…")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		frames := []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
		start := time.Now()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for i := 0; ; i++ {
			fmt.Fprintf(w, "\r%s %s %.0fs ", frames[i%len(frames)], msg, time.Since(start).Seconds())
			select {
			case <-stop:
				fmt.Fprintf(w, "\r%s\r", strings.Repeat(" ", min(displayWidth(msg)+12, 200)))
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(stop); wg.Wait() }) }
}
