package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/AlecAivazis/survey/v2"
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
}

// NewTerminal builds the UI on the process's own terminal, with survey's key help in the
// learner's language (survey keeps it in a package-level template).
func NewTerminal(r *Renderer, t *Messages) *Terminal {
	survey.SelectQuestionTemplate = strings.Replace(survey.SelectQuestionTemplate,
		"Use arrows to move, type to filter", t.F("survey.help"), 1)
	return &Terminal{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Renderer: r}
}

// Page renders and prints a page.
func (t *Terminal) Page(markdown string) error { return t.Renderer.write(t.Out, markdown) }

func (t *Terminal) stdio() survey.AskOpt { return survey.WithStdio(t.In, t.Out, t.Err) }

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
	w := t.Renderer.width
	short := make([]string, len(options))
	for i, o := range options {
		short[i] = runewidth.Truncate(o, max(w-4, 20), "…")
	}
	question = runewidth.Truncate(question, max(w-40, 20), "…")
	return &survey.Select{Message: question, Options: short, PageSize: 12}
}

// Input asks for a line of text.
func (t *Terminal) Input(question string) (string, error) {
	var s string
	err := survey.AskOne(&survey.Input{Message: question}, &s, t.stdio())
	return s, promptErr(err)
}

// Busy shows a spinner on stderr.
func (t *Terminal) Busy(msg string) func() { return spinner(t.Err, t.Renderer.width, msg) }

func promptErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, terminal.InterruptErr):
		return ErrInterrupted
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: %v", ErrNoTerminal, err)
	}
	return err
}
