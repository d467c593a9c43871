//go:build unix

package engine

import (
	"os/exec"
	"syscall"
)

// inOwnGroup makes cmd the leader of a new process group, so that everything it starts
// (a `sleep 1000` the learner's program left behind, or go run's child) can be ended with it.
func inOwnGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// processGroup is a started command's process group.
type processGroup struct{ pgid int }

// groupOf returns the group of a command started after inOwnGroup.
func groupOf(cmd *exec.Cmd) (*processGroup, error) {
	return &processGroup{pgid: cmd.Process.Pid}, nil
}

// terminate asks every process in the group to stop (SIGTERM).
func (g *processGroup) terminate() { syscall.Kill(-g.pgid, syscall.SIGTERM) }

// kill ends every process in the group at once. A group already gone is not an error.
func (g *processGroup) kill() { syscall.Kill(-g.pgid, syscall.SIGKILL) }

// close releases what the group holds (nothing on Unix).
func (g *processGroup) close() {}
