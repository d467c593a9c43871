//go:build unix

package sandbox

import (
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// inToolGroup starts cmd as the leader of its own process group, away from the terminal's:
// a Ctrl-C the learner types (in the workbook, or in a shell it opened) is not meant for
// firstrun's own builds. Cancelling sends the whole group SIGINT, as a Ctrl-C would: the
// compilers stop, and the go command, which waits for them, removes its work folder. One
// that has not ended two seconds later is killed.
func inToolGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = 2 * time.Second
}

// lowerPriority makes a started tool build, and every compiler it starts from now on, yield
// the processor to the learner's commands (nice 10). A group whose priority cannot be
// changed simply runs at the normal one.
func lowerPriority(cmd *exec.Cmd) {
	unix.Setpriority(unix.PRIO_PGRP, cmd.Process.Pid, 10)
}
