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
	// Quitting, however it happens, leaves no build of firstrun's own running.
	defer a.stopPreparing()
	shown := "" // the step whose page is on screen
	if l, s := a.current(); l != nil {
		// Show the page first; the first wrapper build then runs behind it.
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
			q, prompt, choices := a.quizPrompt(l, s)
			question = prompt
			for i, c := range choices {
				actions = append(actions, action{c, func() error { return a.answerQuiz(l, s, q, i) }})
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
		actions = append(actions, action{a.T.F("menu.hint"), a.Hint})
		if p, err := a.Progress(); err == nil && tried(p, l, s) && a.solutionText(l, s) != "" {
			// Offered once the learner has tried: a failed check of this step.
			actions = append(actions, action{a.T.F("menu.solution"), func() error {
				_, err := a.Solution(false)
				return err
			}})
		}
		actions = append(actions,
			action{a.T.F("menu.shell"), func() error {
				if err := a.wrapperReady(ctx); err != nil {
					return err
				}
				a.say("%s", a.T.F("shell.enter", a.WS.Dir))
				err := shell()
				if ctx.Err() == nil { // not when a signal ended the shell with the workbook
					a.say("%s", a.T.F("shell.back"))
				}
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
			action{a.quitLabel(), func() error { return errQuit }},
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

// quizPrompt is a quiz step's question and its choices as the menu shows them, with the
// learner's own numbers filled in as on the page.
func (a *App) quizPrompt(l *Lesson, s *Step) (q *QuizText, question string, choices []string) {
	q = l.Text(a.T.Lang).Steps[s.ID].Quiz
	for i, c := range q.Choices {
		choices = append(choices, fmt.Sprintf("%c) %s", 'a'+i, a.fill(c.Text)))
	}
	return q, a.fill(q.Question), choices
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
	labels = append(labels, a.quitLabel())
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
	if err := a.wrapperReady(ctx); err != nil {
		return err
	}
	words := strings.Fields(command)
	a.say("%s", a.T.F("runforme.run", command, a.WS.Dir))
	name := words[0]
	switch {
	case name == "go":
		name = a.WS.WrapperPath()
	case name == "firstrun":
		if a.Self == "" {
			a.say("%s", a.T.F("file.missing", words[0]))
			return nil
		}
		name = a.Self
	default:
		p, err := a.WS.Path(strings.TrimPrefix(name, "./"))
		if err != nil {
			break
		}
		name = p
		if _, err := os.Stat(p + sandbox.ExeSuffix); err != nil {
			a.say("%s", a.T.F("file.missing", words[0]))
			return nil
		}
	}
	// A job of its own with the terminal (RunJob): Ctrl-C typed there reaches the command as
	// when the learner types it (firstrun killing it would record a different exit), and
	// SIGTERM or SIGHUP to firstrun (ctx) ends the command and everything it started.
	cmd := exec.Command(name, words[1:]...)
	cmd.Dir = a.WS.Dir
	cmd.Env = a.WS.Env(a.Environ)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	stopClock, pauseClock := a.runClock(stdout, command)
	var code int
	err := a.child(func() (err error) {
		code, err = runJob(ctx, cmd, pauseClock)
		return err
	})
	stopClock()
	switch {
	case ctx.Err() != nil:
		return ErrInterrupted
	case err != nil:
		return err
	case code != 0:
		// After a Ctrl-C the terminal has echoed ^C with no newline.
		a.say("\n%s", a.T.F("runforme.exit", command, code))
	case name == a.WS.WrapperPath():
		// Show the number the lesson is about, as the wrapper recorded it.
		if log, _ := sandbox.ReadLog(a.WS.LogPath()); len(log) > 0 {
			a.say("%s", a.T.F("runforme.took", command, a.T.Seconds(log[len(log)-1].Millis)))
		}
	}
	return nil
}
