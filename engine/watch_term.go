package engine

import (
	"errors"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// errPromptStopped ends a prompt taken down from outside (the step was re-checked).
var errPromptStopped = errors.New("prompt taken down")

// errEnded ends a prompt when firstrun must end (Terminal.Ended).
var errEnded = errors.New("ended by a signal")

// stoppableSelect is a UI whose menu can be taken down while it waits for a key, so the
// workbook can show what a re-check found and draw the menu again.
type stoppableSelect interface {
	// SelectStoppable is Select until stop is closed; then the menu is erased and it returns
	// errPromptStopped.
	SelectStoppable(stop <-chan struct{}, question string, options []string) (int, error)
	canStop() bool
}

// SelectStoppable asks like Select, reading the keys through a reader that gives up when stop
// closes: survey has no way to cancel a prompt, but it stops at the first read error.
func (t *Terminal) SelectStoppable(stop <-chan struct{}, question string, options []string) (int, error) {
	p := t.selectPrompt(question, options)
	var i int
	err := survey.AskOne(p, &i, survey.WithStdio(t.reader(stop), t.Out, t.Err))
	if errors.Is(err, errPromptStopped) {
		// The cursor is back below the menu; rendering nothing erases the lines it drew.
		_ = p.Render("", nil)
		return -1, errPromptStopped
	}
	return i, promptErr(err)
}

func (t *Terminal) canStop() bool { return canWaitForInput(t.In) }

// stoppableReader reads the terminal only once a key is there, so it never holds a pending
// read that would steal the first key from the next prompt or from the learner's shell.
// It gives up when stop or ended closes (a nil channel never does).
type stoppableReader struct {
	f     terminal.FileReader
	stop  <-chan struct{}
	ended <-chan struct{}
}

func (r *stoppableReader) Fd() uintptr { return r.f.Fd() }

func (r *stoppableReader) Read(p []byte) (int, error) {
	for {
		select {
		case <-r.ended:
			return 0, errEnded
		case <-r.stop:
			return 0, errPromptStopped
		default:
		}
		ready, err := waitForInput(r.f, 50)
		if err != nil || ready {
			return r.f.Read(p)
		}
	}
}
