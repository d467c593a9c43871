//go:build unix

package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// wrapperWith starts the wrapper with a stand-in for the real go, which is all the
// wrapper's signal and exit handling needs.
func wrapperWith(t *testing.T, w *Workspace, realGo string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(filepath.Join(w.WrapperDir(), "go"), args...)
	cmd.Env = editEnv(w.Env(os.Environ()), []envVar{{key: "FIRSTRUN_REAL_GO", value: realGo}})
	cmd.Dir = w.Dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func TestWrapperSignals(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	w := wrapperWorkspace(t)
	cmd := wrapperWith(t, w, sleep, "30")
	time.Sleep(200 * time.Millisecond) // let it install its handler and start the child

	// Ctrl-C reaches the real go through the process group; the wrapper itself must
	// survive it so it can log.
	cmd.Process.Signal(os.Interrupt)
	time.Sleep(100 * time.Millisecond)
	// SIGTERM is passed on to the child, which dies of it.
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("wrapper did not end after SIGTERM")
	}
	if got := cmd.ProcessState.ExitCode(); got != 128+int(syscall.SIGTERM) {
		t.Errorf("wrapper exit code = %d, want %d (128+SIGTERM: it survived SIGINT and forwarded SIGTERM)", got, 128+int(syscall.SIGTERM))
	}
	cmds, _ := ReadLog(w.LogPath())
	if len(cmds) != 1 || cmds[0].Exit != -1 || cmds[0].Millis < 200 || !cmds[0].Interrupted {
		t.Errorf("log = %+v, want one line with exit -1 (signalled), ms >= 200 and interrupted (Ctrl-C came)", cmds)
	}
}

func TestWrapperCannotStartRealGo(t *testing.T) {
	w := wrapperWorkspace(t)
	cmd := wrapperWith(t, w, filepath.Join(w.Dir, "no-such-go"), "version")
	cmd.Wait()
	if got := cmd.ProcessState.ExitCode(); got != 127 {
		t.Errorf("wrapper exit code with a missing real go = %d, want 127", got)
	}
	if cmds, _ := ReadLog(w.LogPath()); len(cmds) != 1 || cmds[0].Exit != 127 {
		t.Errorf("log = %+v, want one line with exit 127", cmds)
	}
}
