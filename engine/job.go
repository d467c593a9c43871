package engine

import (
	"errors"
	"os/exec"
	"time"
)

// jobGrace is how long a hung-up job (RunJob) has to end by itself before it is killed: the go
// wrapper uses it to write its log line.
const jobGrace = 2 * time.Second

// exitCode turns cmd.Wait's error into the command's exit code (-1 when a signal ended it);
// an error is returned only when there is no exit to report.
func exitCode(err error) (int, error) {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}
