//go:build !unix

package engine

import (
	"errors"

	"github.com/AlecAivazis/survey/v2/terminal"
)

// On Windows survey reads console events itself, not through our reader, so a menu cannot be
// taken down: the workbook re-checks a changed step when it next draws the menu.
func canWaitForInput(terminal.FileReader) bool { return false }

func waitForInput(terminal.FileReader, int) (bool, error) {
	return false, errors.New("waiting for input is not supported here")
}
