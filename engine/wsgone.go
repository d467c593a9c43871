package engine

import "errors"

// ErrWorkspaceGone: the workspace was deleted while firstrun had it open. Nothing can be
// checked or saved, and it is not recreated behind the learner's back.
var ErrWorkspaceGone = errors.New("workspace deleted while firstrun was open")

type goneError struct{ msg string }

func (e *goneError) Error() string { return e.msg }
func (e *goneError) Unwrap() error { return ErrWorkspaceGone }

// gone returns the error that says the workspace is gone, with the fix, or nil while it is
// there.
func (a *App) gone() error {
	if a.WS == nil || !a.WS.Gone() {
		return nil
	}
	return &goneError{a.T.F("ws.gone", a.WS.Dir)}
}

// quitLabel is the menu's Quit, which promises the progress is saved, except when the
// workspace is gone and nothing can be.
func (a *App) quitLabel() string {
	if a.gone() != nil {
		return a.T.F("menu.quitgone")
	}
	return a.T.F("menu.quit")
}
