package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// Interactive is the workbook in a terminal: it shows the current step, and asks what to do
// next until the learner quits. Progress is saved after every change, so Ctrl-C (which comes
// back as ErrInterrupted) loses nothing.
func (a *App) Interactive(ctx context.Context, shell func() error, stdin io.Reader, stdout, stderr io.Writer) error {
	a.interactive = true
	shown := "" // the step whose page is on screen
	if l, s := a.current(); l != nil {
		// Show the page before anything slow (the first wrapper build) happens.
		if err := a.showStep(l, s); err != nil {
			return err
		}
		shown = Key(l.ID, s.ID)
	}
	if err := a.Ready(ctx); err != nil {
		return err
	}
	defer a.watchWorkspace()()
	for {
		if ctx.Err() != nil {
			return ErrInterrupted
		}
		l, s := a.current()
		if l == nil {
			if !a.ended {
				a.say("%s", a.T.F("course.done"))
			}
			a.ended = false
			if err := a.lessonMenu(); errors.Is(err, errQuit) {
				return nil
			} else if err != nil {
				return err
			}
			continue
		}
		if k := Key(l.ID, s.ID); k != shown {
			shown = k
			if err := a.showStep(l, s); err != nil {
				return err
			}
		}
		var actions []action
		question := a.T.F("menu.prompt")
		if s.Quiz != nil {
			// The choices first, then the way out a quiz needs as much as any step.
			q := l.Text(a.T.Lang).Steps[s.ID].Quiz
			question = q.Question
			for i, c := range q.Choices {
				actions = append(actions, action{fmt.Sprintf("%c) %s", 'a'+i, c.Text), func() error { return a.answerQuiz(l, s, q, i) }})
			}
		} else {
			actions = append(actions, action{a.T.F("menu.check"), func() error {
				_, err := a.checkStep(ctx, l, s, "")
				return err
			}})
			if s.Run != "" {
				actions = append(actions, action{a.T.F("menu.runforme", s.Run), func() error {
					return a.RunForMe(ctx, s.Run, stdin, stdout, stderr)
				}})
			}
		}
		actions = append(actions,
			action{a.T.F("menu.hint"), a.Hint},
			action{a.T.F("menu.shell"), func() error {
				a.say("%s", a.T.F("shell.enter", a.WS.Dir))
				err := shell()
				a.say("%s", a.T.F("shell.back"))
				return err
			}},
			action{a.T.F("menu.lessons"), func() error { shown = ""; return a.lessonMenu() }},
			action{a.T.F("menu.reset"), func() error {
				done, err := a.reset(ctx, false, false, false) // lists what goes and asks
				if done {
					shown = ""
				}
				return err
			}},
			action{a.T.F("menu.quit"), func() error { return errQuit }},
		)
		labels := make([]string, len(actions))
		for i, ac := range actions {
			labels[i] = ac.label
		}
		var i int
		var err error
		if s.Quiz != nil {
			i, err = a.UI.Select(question, labels) // nothing to re-check while a quiz is asked
		} else {
			i, err = a.menuSelect(ctx, question, labels)
		}
		if errors.Is(err, errRedraw) {
			continue // a re-check by watching printed its result
		}
		if err != nil {
			return err
		}
		if err := actions[i].do(); errors.Is(err, errQuit) {
			return nil
		} else if errors.Is(err, ErrInterrupted) || errors.Is(err, ErrNoTerminal) {
			return err
		} else if err != nil {
			// A failed action (a shell that would not start…) is reported, not fatal.
			a.say("%v", err)
		}
	}
}

var errQuit = errors.New("quit")

func (a *App) showStep(l *Lesson, s *Step) error {
	a.say("%s", a.Where(l, s))
	if err := a.UI.Page(a.StepMarkdown(l, s)); err != nil {
		return err
	}
	// A step that shows runs side by side shows them with its page, as a chart.
	p, err := a.Progress()
	if err != nil {
		return err
	}
	for _, c := range s.Checks {
		if sr, ok := c.(*showRuns); ok {
			a.block(RunChart(a.T, p, sr.present(p), a.lineWidth()))
		}
	}
	return nil
}

// action is one entry of the workbook's menu.
type action struct {
	label string
	do    func() error
}

// answerQuiz judges the learner's choice; a wrong one is asked again by the menu loop.
func (a *App) answerQuiz(l *Lesson, s *Step, q *QuizText, choice int) error {
	if a.judge(q, s.Quiz.Answer, choice) {
		return a.advance(l, s)
	}
	return a.wrongAnswer(l, s, q, choice)
}

func (a *App) lessonMenu() error {
	p, err := a.Progress()
	if err != nil {
		return err
	}
	var labels []string
	for i, l := range a.Course.Lessons {
		done := 0
		for _, s := range l.Steps {
			if !p.Done[Key(l.ID, s.ID)].IsZero() {
				done++
			}
		}
		labels = append(labels, fmt.Sprintf("%d. %s (%d/%d)", i+1, l.Text(a.T.Lang).Title, done, len(l.Steps)))
	}
	labels = append(labels, a.T.F("menu.quit"))
	i, err := a.UI.Select(a.T.F("menu.pick"), labels)
	if err != nil {
		return err
	}
	if i == len(a.Course.Lessons) {
		return errQuit
	}
	return a.pickStep(context.Background(), a.Course.Lessons[i])
}

// RunForMe runs a step's command in the workspace for the learner, through the same go wrapper
// (so it is logged and checked exactly like a command they typed), with output as it comes.
func (a *App) RunForMe(ctx context.Context, command string, stdin io.Reader, stdout, stderr io.Writer) error {
	if err := a.Ready(ctx); err != nil {
		return err
	}
	words := strings.Fields(command)
	a.say("%s", a.T.F("runforme.run", command, a.WS.Dir))
	name := words[0]
	if name == "go" {
		name = a.WS.WrapperPath()
	} else if p, err := a.WS.Path(strings.TrimPrefix(name, "./")); err == nil {
		name = p
		if _, err := os.Stat(p + sandbox.ExeSuffix); err != nil {
			a.say("%s", a.T.F("file.missing", words[0]))
			return nil
		}
	}
	// Not CommandContext: Ctrl-C reaches the child from the terminal, as when the learner types
	// the command; killing it ourselves would record a different exit.
	cmd := exec.Command(name, words[1:]...)
	cmd.Dir = a.WS.Dir
	cmd.Env = a.WS.Env(a.Environ)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	stopClock := a.runClock(stdout, command)
	err := a.child(cmd.Run)
	stopClock()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		// After a Ctrl-C the terminal has echoed ^C with no newline.
		a.say("\n%s", a.T.F("runforme.exit", command, exit.ExitCode()))
	case ctx.Err() != nil:
		return ErrInterrupted
	case err != nil:
		return err
	case name == a.WS.WrapperPath():
		// Show the number the lesson is about, as the wrapper recorded it.
		if log, _ := sandbox.ReadLog(a.WS.LogPath()); len(log) > 0 {
			a.say("%s", a.T.F("runforme.took", command, a.T.Seconds(log[len(log)-1].Millis)))
		}
	}
	return nil
}
