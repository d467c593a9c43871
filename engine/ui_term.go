package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"github.com/mattn/go-runewidth"
)

// Terminal is the interactive UI: glamour pages and survey prompts. Callers must have checked
// that stdin and stdout are terminals: survey never checks, and on a pipe every prompt fails
// with io.EOF.
type Terminal struct {
	In       terminal.FileReader
	Out      terminal.FileWriter
	Err      io.Writer
	Renderer *Renderer
	// Ended is closed when firstrun must end at once (SIGTERM, SIGHUP): a prompt waiting for
	// a key gives up with ErrInterrupted, and survey puts the terminal back as it does after
	// Ctrl-C (line mode, cursor shown). On Windows survey reads the console itself and cannot
	// be stopped this way; main ends the process there.
	Ended <-chan struct{}
}

// NewTerminal builds the UI on the process's own terminal, with survey's key help in the
// learner's language (survey keeps it in a package-level template). With a plain renderer
// (--plain, NO_COLOR) the prompts have no colours either.
func NewTerminal(r *Renderer, t *Messages) *Terminal {
	surveyOnce.Do(func() { fitSurvey(r, t) })
	if r.Plain() {
		core.DisableColor = true
	}
	return &Terminal{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Renderer: r}
}

var surveyOnce sync.Once

// fitSurvey changes survey's select template (a package-level string) so that the prompt fits
// a narrow terminal: the key help goes on a line of its own instead of taking the question's
// room, and the answer echo (of a list or a line of text) moves to the next line when it would
// not fit beside the question.
func fitSurvey(r *Renderer, t *Messages) {
	tmpl := strings.Replace(survey.SelectQuestionTemplate, "Use arrows to move, type to filter", t.F("survey.help"), 1)
	tmpl = strings.Replace(tmpl, `{{- "  "}}{{- color "cyan"}}[`, `{{- "\n  "}}{{- color "cyan"}}[`, 1)
	tmpl = strings.Replace(tmpl, `{{color "cyan"}} {{.Answer}}`, `{{color "cyan"}}{{echoAnswer .Message .Answer}}`, 1)
	survey.SelectQuestionTemplate = tmpl
	// Input's echo has no space of its own before the answer (the question carries it).
	survey.InputQuestionTemplate = strings.Replace(survey.InputQuestionTemplate,
		`{{- color "cyan"}}{{.Answer}}`, `{{- color "cyan"}}{{echoInput .Message .Answer}}`, 1)
	echo := func(question, answer string) string {
		if cellWidth(question)+cellWidth(answer)+3 <= r.Width() {
			return " " + answer
		}
		return "\n  " + answer
	}
	echoInput := func(question, answer string) string {
		if e := echo(question, answer); strings.HasPrefix(e, "\n") {
			return e
		}
		return answer
	}
	core.TemplateFuncsWithColor["echoAnswer"] = echo
	core.TemplateFuncsNoColor["echoAnswer"] = echo
	core.TemplateFuncsWithColor["echoInput"] = echoInput
	core.TemplateFuncsNoColor["echoInput"] = echoInput
}

// Page renders and prints a page.
func (t *Terminal) Page(markdown string) error { return t.Renderer.write(t.Out, markdown) }

func (t *Terminal) stdio() survey.AskOpt { return survey.WithStdio(t.reader(nil), t.Out, t.Err) }

// reader is the terminal as survey reads it: one that gives up when firstrun must end, or when
// stop closes (the menu is taken down), where the terminal can be waited on.
func (t *Terminal) reader(stop <-chan struct{}) terminal.FileReader {
	if (stop == nil && t.Ended == nil) || !canWaitForInput(t.In) {
		return t.In
	}
	return &stoppableReader{f: t.In, stop: stop, ended: t.Ended}
}

// Select asks with a survey list; Ctrl-C becomes ErrInterrupted.
//
// Options and the question are cut to the terminal's width: survey redraws a list by counting
// lines, and an option that wraps leaves duplicated lines behind (survey #101). Callers show
// the full text above the prompt.
func (t *Terminal) Select(question string, options []string) (int, error) {
	var i int
	err := survey.AskOne(t.selectPrompt(question, options), &i, t.stdio())
	return i, promptErr(err)
}

func (t *Terminal) selectPrompt(question string, options []string) *survey.Select {
	w := t.Renderer.Width()
	short := make([]string, len(options))
	for i, o := range options {
		short[i] = runewidth.Truncate(dropTicks(o), max(w-4, 20), "…")
	}
	question = runewidth.Truncate(dropTicks(question), max(w-4, 20), "…")
	return &survey.Select{Message: question, Options: short, PageSize: 12}
}

// Input asks for a line of text.
func (t *Terminal) Input(question string) (string, error) {
	var s string
	err := survey.AskOne(t.inputPrompt(question), &s, t.stdio())
	return s, promptErr(err)
}

// inputPrompt shows the question whole when it fits the line: what is typed after it (a
// path, longer than any line) wraps anyway, and its echo moves to a line of its own.
func (t *Terminal) inputPrompt(question string) *survey.Input {
	question = runewidth.Truncate(dropTicks(question), max(t.Renderer.Width()-4, 20), "…")
	return &survey.Input{Message: question}
}

// Busy shows a spinner on stderr.
func (t *Terminal) Busy(msg string) func() {
	return spinner(t.Err, t.Renderer.Width(), dropTicks(msg))
}

// dropTicks removes Markdown's backticks from text survey shows as is: a prompt cannot
// colour a code span, and raw backticks read as noise.
func dropTicks(s string) string { return strings.ReplaceAll(s, "`", "") }

func promptErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, terminal.InterruptErr), errors.Is(err, errEnded):
		return ErrInterrupted
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: %v", ErrNoTerminal, err)
	}
	return err
}
