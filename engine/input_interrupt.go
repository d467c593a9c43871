package engine

import "errors"

// noteInterrupt wraps e.Input so that a Ctrl-C at a text prompt (the path question of lesson 3)
// is remembered: the check only sees an error and reports "not yet", but the learner asked to
// stop, so RunChecks ends the workbook as Ctrl-C does everywhere else (save, exit 130).
func noteInterrupt(e *Env) *bool {
	interrupted := new(bool)
	if input := e.Input; input != nil {
		e.Input = func(prompt string) (string, error) {
			s, err := input(prompt)
			if errors.Is(err, ErrInterrupted) {
				*interrupted = true
			}
			return s, err
		}
	}
	return interrupted
}
