//go:build unix

package engine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A learner's program that starts `sleep 1000` and exits passes when its own output is right,
// whether or not the sleep shares its stdout, and the sleep is gone once the check is over.
// Before the checker ran programs in their own process group, the sleep kept running, and
// the one sharing stdout failed the check with "WaitDelay expired before I/O complete".
func TestProgramOutputEndsChildren(t *testing.T) {
	tests := []struct{ name, script, check, want string }{
		{"child shares stdout", "#!/bin/sh\nsleep 1000 &\necho $! > sleep.pid\necho hi\n",
			"{kind: program_output, binary: prog, want: hi}", `./prog prints "hi"`},
		{"child on its own", "#!/bin/sh\nsleep 1000 </dev/null >/dev/null 2>&1 &\necho $! > sleep.pid\necho hi\n",
			"{kind: program_output, binary: prog, want: hi}", `./prog prints "hi"`},
		{"timeout", "#!/bin/sh\nsleep 1000 &\necho $! > sleep.pid\nwait\n",
			"{kind: program_output, binary: prog, want: hi, timeout: 1s}", "did not finish within 1s"},
		{"output cap", "#!/bin/sh\nsleep 1000 &\necho $! > sleep.pid\nexec yes\n",
			"{kind: program_output, binary: prog, want: hi, timeout: 20s}", "printed more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEnv(t, "en")
			if err := os.WriteFile(filepath.Join(e.WS.Dir, "prog"), []byte(tt.script), 0o755); err != nil {
				t.Fatal(err)
			}
			e.Environ = os.Environ()
			start := time.Now()
			r := mustCheck(t, tt.check).Run(context.Background(), e)
			if !strings.Contains(r.Msg, tt.want) {
				t.Errorf("got %q, want it to contain %q", r.Msg, tt.want)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("the check took %v", d)
			}
			b, err := os.ReadFile(filepath.Join(e.WS.Dir, "sleep.pid"))
			if err != nil {
				t.Fatal(err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			if !gone(pid, 2*time.Second) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("the program's child (sleep 1000, pid %d) still runs after the check", pid)
			}
		})
	}
}

// gone waits up to d for a process to end. A zombie counts as ended: in a container without an
// init that reaps, a killed orphan stays one.
func gone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		if stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && bytes.HasPrefix(stat[i+1:], []byte(" Z")) {
				return true
			}
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
