//go:build unix

package engine

import (
	"context"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// RunJob runs a command that owns the learner's terminal while it runs ("Run it for me", the
// learner's shell) the way a shell runs a command line: as a process group of its own that
// gets the terminal, so a Ctrl-C or Ctrl-Z typed there goes to it and not to firstrun, and
// so that firstrun can end all of it, go's child and whatever the learner's program started
// included. When ctx ends (firstrun got SIGTERM or SIGHUP) the group is hung up, as a closing
// window would do, and killed if it is still there after jobGrace. When the command exits,
// whatever it left running in its group is killed. It returns the command's exit code (-1
// when a signal ended it).
//
// Ctrl-Z stops the command: firstrun then stops too, as the rest of the learner's command
// line would, and gives the terminal back to the command when the shell continues it (fg).
func RunJob(ctx context.Context, cmd *exec.Cmd) (int, error) { return runJob(ctx, cmd, nil) }

// runJob is RunJob; pause, if not nil, is called when the job stops (Ctrl-Z), before firstrun
// stops, and the function it returns when both go on.
func runJob(ctx context.Context, cmd *exec.Cmd, pause func() (resume func())) (int, error) {
	tty := foregroundTTY(cmd.Stdin)
	inOwnGroup(cmd)
	if tty >= 0 {
		// The child takes the terminal itself, before exec: it never runs in the background,
		// where reading the terminal would stop it (SIGTTIN).
		cmd.SysProcAttr.Foreground = true
		cmd.SysProcAttr.Ctty = tty
	}
	if err := cmd.Start(); err != nil {
		return -1, err
	}
	// While the job has the terminal, firstrun is in the background: its clock writing there
	// (with stty tostop) or taking the terminal back must not stop it. Ignored only now, as a
	// child inherits an ignored signal.
	signal.Ignore(syscall.SIGTTOU)
	defer signal.Reset(syscall.SIGTTOU)
	g := &processGroup{pgid: cmd.Process.Pid}
	defer takeTerminal(tty)
	defer g.kill() // runs first: whatever the command left behind

	done := make(chan struct{})
	defer close(done)
	stop := context.AfterFunc(ctx, func() {
		g.hangUp()
		select {
		case <-done:
		case <-time.After(jobGrace):
			g.kill()
		}
	})
	defer stop()

	if tty < 0 || !allFiles(cmd) {
		return exitCode(cmd.Wait())
	}
	// Waiting ourselves, to see the job stop: os/exec only reports an exit. With every
	// stream an *os.File, os/exec started no goroutine that Wait would have to collect.
	pid := cmd.Process.Pid
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(pid, &ws, syscall.WUNTRACED, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, err
		}
		if ws.Stopped() {
			resume := func() {}
			if pause != nil {
				resume = pause()
			}
			suspend(tty, g)
			resume()
			continue
		}
		cmd.Process.Release()
		if ws.Signaled() {
			return -1, nil
		}
		return ws.ExitStatus(), nil
	}
}

// suspend follows the job when Ctrl-Z stopped it: firstrun stops too (with whatever shares
// its process group, go run's go when the learner ran `go run .`), as the rest of a command
// line would, and when the shell continues it (fg) gives the terminal back to the job and
// continues it.
func suspend(tty int, g *processGroup) {
	takeTerminal(tty)
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, syscall.SIGCONT)
	syscall.Kill(0, syscall.SIGTSTP) // the whole process group, as the terminal would
	// Stopped, firstrun waits here until fg continues it (SIGCONT). Where nothing could
	// continue it (no job-control shell above firstrun: an orphaned process group), the stop
	// is never delivered, and the job just goes on: Ctrl-Z does nothing there.
	select {
	case <-cont:
	case <-time.After(stopWait):
	}
	signal.Stop(cont)
	setForeground(tty, g.pgid)
	syscall.Kill(-g.pgid, syscall.SIGCONT)
}

// stopWait is how long suspend waits to be stopped: a stop is delivered at once, if at all.
const stopWait = 500 * time.Millisecond

// foregroundTTY is the descriptor of in when it is firstrun's controlling terminal and
// firstrun has it (is in its foreground process group); -1 otherwise.
func foregroundTTY(in io.Reader) int {
	f, ok := in.(*os.File)
	if !ok {
		return -1
	}
	fd := int(f.Fd())
	if pg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP); err != nil || pg != syscall.Getpgrp() {
		return -1
	}
	return fd
}

// takeTerminal makes firstrun's process group the terminal's foreground again after a job:
// a shell killed by a signal does not give it back, and firstrun in the background would be
// stopped at its next prompt (SIGTTIN) or when it restores the terminal's settings (SIGTTOU).
func takeTerminal(tty int) {
	if tty >= 0 {
		setForeground(tty, syscall.Getpgrp())
	}
}

// TakeTerminal is takeTerminal for main, on its way out after a signal.
func TakeTerminal(f *os.File) {
	fd := int(f.Fd())
	if pg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP); err != nil || pg == syscall.Getpgrp() {
		return
	}
	signal.Ignore(syscall.SIGTTOU)
	defer signal.Reset(syscall.SIGTTOU)
	setForeground(fd, syscall.Getpgrp())
}

// setForeground gives the terminal to process group pgrp. From the background this needs
// SIGTTOU ignored (RunJob does that).
func setForeground(tty, pgrp int) {
	if tty < 0 {
		return
	}
	if cur, err := unix.IoctlGetInt(tty, unix.TIOCGPGRP); err == nil && cur == pgrp {
		return
	}
	_ = unix.IoctlSetPointerInt(tty, unix.TIOCSPGRP, pgrp)
}

// hangUp tells every process in the group that its terminal is gone (SIGHUP, and SIGCONT so
// that a stopped one gets it too), as a closing window does.
func (g *processGroup) hangUp() {
	syscall.Kill(-g.pgid, syscall.SIGHUP)
	syscall.Kill(-g.pgid, syscall.SIGCONT)
}

func allFiles(cmd *exec.Cmd) bool {
	for _, s := range []any{cmd.Stdin, cmd.Stdout, cmd.Stderr} {
		if _, ok := s.(*os.File); !ok {
			return false
		}
	}
	return true
}
