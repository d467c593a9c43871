//go:build unix

package engine

import (
	"errors"

	"github.com/AlecAivazis/survey/v2/terminal"
	"golang.org/x/sys/unix"
)

func canWaitForInput(terminal.FileReader) bool { return true }

// waitForInput waits up to ms milliseconds for f to have something to read.
func waitForInput(f terminal.FileReader, ms int) (bool, error) {
	fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, ms)
	if errors.Is(err, unix.EINTR) {
		return false, nil
	}
	return n > 0, err
}
