//go:build windows

package sandbox

import (
	"os/exec"
	"time"

	"golang.org/x/sys/windows"
)

// inToolGroup starts cmd in its own process group, so a console Ctrl-C aimed at the learner's
// command is not also its. Cancelling ends the go command (Windows has no gentler signal to
// send another group); the compiler it was running finishes its one package and exits.
func inToolGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &windows.SysProcAttr{CreationFlags: windows.CREATE_NEW_PROCESS_GROUP}
	cmd.WaitDelay = 2 * time.Second
}

// lowerPriority lets a started tool build yield the processor to the learner's commands; the
// compilers it starts inherit the lower priority class.
func lowerPriority(cmd *exec.Cmd) {
	h, err := windows.OpenProcess(windows.PROCESS_SET_INFORMATION, false, uint32(cmd.Process.Pid))
	if err != nil {
		return
	}
	defer windows.CloseHandle(h)
	windows.SetPriorityClass(h, windows.BELOW_NORMAL_PRIORITY_CLASS)
}
