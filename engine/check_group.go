package engine

import (
	"context"
	"io"
	"os"
	"os/exec"
	"time"
)

// escapeWait is how long the checker keeps reading output after the learner's program and
// its process group have ended: only a process that left the group (setsid, a new job) can
// still hold the pipe open then.
const escapeWait = time.Second

// runInGroup runs the learner's program in a process group of its own (a job object on
// Windows), with stdout and stderr both going to out, and returns how the program itself
// ended. Whatever the program started is ended with it: when it exits, when ctx ends (a
// timeout, the output cap, Ctrl-C), or when the check returns.
//
// The program is judged by its own exit and output. os/exec would wait for everyone holding
// its stdout pipe (a `sleep 1000 &` the program left behind) and then fail a correct program
// with "WaitDelay expired before I/O complete"; so the pipe here is an *os.File the checker
// reads itself, and the program's exit is what ends the run.
func runInGroup(ctx context.Context, exe, dir string, env []string, out io.Writer) error {
	cmd := exec.Command(exe)
	cmd.Dir, cmd.Env = dir, env
	inOwnGroup(cmd)
	pr, pw, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	err = cmd.Start()
	pw.Close() // the program and its children hold the write end now
	if err != nil {
		pr.Close()
		return err
	}
	endAll := cmd.Process.Kill
	if g, gerr := groupOf(cmd); gerr == nil {
		defer g.close()
		endAll = func() error { g.kill(); return nil }
	}
	copied := make(chan struct{})
	go func() {
		io.Copy(out, pr)
		close(copied)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err = <-waited:
	case <-ctx.Done():
		endAll()
		err = <-waited
	}
	endAll() // the program is done: so is everything it started
	select {
	case <-copied:
	case <-time.After(escapeWait):
	}
	pr.Close()
	<-copied
	return err
}
