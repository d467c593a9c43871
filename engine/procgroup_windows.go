//go:build windows

package engine

import (
	"os/exec"
	"unsafe"

	"golang.org/x/sys/windows"
)

// inOwnGroup starts cmd in a new process group (so a console Ctrl-C aimed at firstrun is not
// also its); the job object that ends its children is made by groupOf.
func inOwnGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &windows.SysProcAttr{}
	}
	cmd.SysProcAttr.CreationFlags |= windows.CREATE_NEW_PROCESS_GROUP
}

// processGroup is a job object holding a started command and everything it starts. Windows
// has no way to start a process inside a job with os/exec, so the process joins right after
// it starts: a child it starts in those first instants can escape.
type processGroup struct{ job windows.Handle }

func groupOf(cmd *exec.Cmd) (*processGroup, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return nil, err
	}
	// Closing the last handle (firstrun exiting, however it exits) ends the job's processes too.
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return nil, err
	}
	p, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(cmd.Process.Pid))
	if err != nil {
		windows.CloseHandle(job)
		return nil, err
	}
	defer windows.CloseHandle(p)
	if err := windows.AssignProcessToJobObject(job, p); err != nil {
		windows.CloseHandle(job)
		return nil, err
	}
	return &processGroup{job: job}, nil
}

// terminate ends the job: Windows has no SIGTERM to ask politely with.
func (g *processGroup) terminate() { g.kill() }

// kill ends every process in the job.
func (g *processGroup) kill() { windows.TerminateJobObject(g.job, 1) }

// close releases the job handle.
func (g *processGroup) close() { windows.CloseHandle(g.job) }
