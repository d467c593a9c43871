package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// askingCheck asks for a line of text, as the export_path check does.
type askingCheck struct{}

func (askingCheck) Applies(GoVersion) bool { return true }
func (askingCheck) Run(_ context.Context, e *Env) Result {
	if _, err := e.Input("Where is it?"); err != nil {
		return fail(err.Error())
	}
	return pass("answered")
}

// interruptingUI is a terminal where the learner presses Ctrl-C at every prompt.
type interruptingUI struct{ *Plain }

func (interruptingUI) Input(string) (string, error) { return "", ErrInterrupted }

// Ctrl-C at a check's text prompt ends the workbook like Ctrl-C anywhere else: RunChecks
// returns ErrInterrupted (main saves and exits 130). Before, the check reported "Not yet:
// interrupted" and the menu came back.
func TestCtrlCAtTextPrompt(t *testing.T) {
	ws, err := sandbox.Open(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	out := &strings.Builder{}
	a := &App{WS: ws, T: NewMessages("en"), Out: out, UI: interruptingUI{&Plain{Out: out}}, Now: time.Now, interactive: true}
	l := &Lesson{ID: "one"}
	s := &Step{ID: "path", Checks: []Check{askingCheck{}}}
	l.Steps = []*Step{s}
	ok, err := a.RunChecks(context.Background(), l, s, "")
	if ok || !errors.Is(err, ErrInterrupted) {
		t.Errorf("RunChecks after Ctrl-C at the prompt = %v, %v; want ErrInterrupted", ok, err)
	}
	if strings.Contains(out.String(), "Not yet") {
		t.Errorf("reported as a failed check:\n%s", out)
	}
}
