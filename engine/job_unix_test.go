//go:build unix

package engine

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A job that ignores the hang-up (a program trapping SIGHUP, and the child it started) is
// killed after jobGrace when ctx ends: RunJob returns, and nothing of the job is left.
func TestRunJobEndsAStubbornGroup(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "sleep.pid")
	cmd := exec.Command("/bin/sh", "-c", `trap "" HUP TERM; sleep 1000 & echo $! > `+pidFile+`; wait`)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var code int
	var err error
	go func() {
		code, err = RunJob(ctx, cmd)
		close(done)
	}()
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0; time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(pidFile); strings.HasSuffix(string(b), "\n") {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
		if time.Now().After(deadline) {
			t.Fatal("the job never started its sleep")
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * jobGrace):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatal("RunJob did not return after ctx ended")
	}
	if err != nil || code != -1 {
		t.Errorf("RunJob = %d, %v; want -1 (killed), nil", code, err)
	}
	// SIGKILL to the group is delivered to the sleep in its own time; once dead, it waits as
	// a zombie for init (its shell is gone), which counts as ended.
	waitGone(t, pid)
}

// waitGone waits for pid to have ended (a signal already sent is delivered asynchronously).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); syscall.Kill(pid, 0) == nil && !zombie(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the sleep the job started (pid %d) still runs", pid)
		}
	}
}

// A job's exit code comes back; whatever it left running in its group is ended.
func TestRunJobExitAndLeftovers(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "sleep.pid")
	cmd := exec.Command("/bin/sh", "-c", `sleep 1000 & echo $! > `+pidFile+`; exit 3`)
	code, err := RunJob(context.Background(), cmd)
	if err != nil || code != 3 {
		t.Fatalf("RunJob = %d, %v; want 3, nil", code, err)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	waitGone(t, pid)
}

// zombie: pid has exited and waits for its parent (Linux's /proc; elsewhere false).
func zombie(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && strings.HasPrefix(strings.TrimSpace(s[i+1:]), "Z")
}
