//go:build windows

package engine

import (
	"context"
	"os"
	"os/exec"
	"sync"
)

// RunJob runs a command that owns the learner's console while it runs ("Run it for me", the
// learner's shell). It shares firstrun's console and console process group, so a Ctrl-C
// typed there reaches it as it reaches firstrun, and it joins a job object: when ctx ends
// (the console window was closed, which Go delivers as SIGTERM) the job's processes are
// ended, and when firstrun exits, however it exits, Windows ends them as it closes the job.
// Whatever the command left running is ended when it exits. It returns the command's exit
// code.
func RunJob(ctx context.Context, cmd *exec.Cmd) (int, error) { return runJob(ctx, cmd, nil) }

// runJob is RunJob; a console has no Ctrl-Z that stops a job, so pause is never called.
func runJob(ctx context.Context, cmd *exec.Cmd, _ func() (resume func())) (int, error) {
	if err := cmd.Start(); err != nil {
		return -1, err
	}
	// end runs from the deferred calls and from ctx's AfterFunc, maybe at once: the mutex
	// keeps the job handle open until no end is using it, and closed only after both.
	var mu sync.Mutex
	closed := false
	end := func() {
		mu.Lock()
		defer mu.Unlock()
		if !closed {
			cmd.Process.Kill()
		}
	}
	if g, err := groupOf(cmd); err == nil {
		end = func() {
			mu.Lock()
			defer mu.Unlock()
			if !closed {
				g.kill()
			}
		}
		defer func() {
			mu.Lock()
			defer mu.Unlock()
			closed = true
			g.close()
		}()
	}
	defer end()
	stop := context.AfterFunc(ctx, end)
	defer stop()
	return exitCode(cmd.Wait())
}

// TakeTerminal does nothing on Windows: a console has no foreground process group.
func TakeTerminal(*os.File) {}
