//go:build !windows

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
)

// signalExit is how long firstrun may take to end after SIGTERM or SIGHUP: "at once", with
// room for a loaded machine. Not a speed target; before the fix it never ended at all.
const signalExit = 15 * time.Second

// SIGTERM or SIGHUP while a prompt waits for a key (the step menu, a quiz, a check's text
// question) ends the workbook at once: progress saved, the cursor shown again, the terminal
// back in line mode, exit 128+signal. Before, SIGTERM waited for the next key press, and
// SIGHUP killed firstrun with the cursor hidden.
func TestInteractiveSignalAtPrompt(t *testing.T) {
	cases := []struct {
		name   string
		sig    syscall.Signal
		code   int
		where  string // the firstrun step to start at, "" for the first
		prompt func(s *session)
	}{
		{"SIGTERM at the menu", syscall.SIGTERM, 143, "", atMenu},
		{"SIGHUP at the menu", syscall.SIGHUP, 129, "", atMenu},
		{"SIGTERM at a quiz", syscall.SIGTERM, 143, "hello.why", func(s *session) {
			s.expect("d) ")
		}},
		{"SIGTERM at a text prompt", syscall.SIGTERM, 143, "cache.fmt", func(s *session) {
			atMenu(s)
			s.choose("Check")
			s.expect("compiled archive in the cache:")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newLearner(t, "en")
			l.extraEnv = []string{"FIRSTRUN_WATCH=off"}
			if c.where != "" {
				if out, code := l.runPlain(t, "step", c.where); code != 0 {
					t.Fatalf("firstrun step %s: exit %d\n%s", c.where, code, out)
				}
			}
			s := l.start(t)
			if c.where == "" {
				// Something to save: the hint count is progress too.
				atMenu(s)
				s.choose("hint")
				s.expect("Hint 1/")
			}
			c.prompt(s)
			s.waitForPrompt()
			s.signal(c.sig)
			s.expect("Your progress is saved")
			if code := s.waitWithin(signalExit); code != c.code {
				t.Errorf("exit code %d after %v, want %d\n%s", code, c.sig, c.code, s.dump())
			}
			s.terminalSane()
			data, err := os.ReadFile(l.stateFile("progress.json"))
			if err != nil {
				t.Fatalf("no progress saved: %v", err)
			}
			var p struct{ Hints map[string]int }
			if err := json.Unmarshal(data, &p); err != nil {
				t.Fatalf("progress.json is not valid JSON: %v\n%s", err, data)
			}
			if c.where == "" && p.Hints["hello/write"] != 1 {
				t.Errorf("the hint shown before %v is not in progress.json: %s", c.sig, data)
			}
		})
	}
}

func atMenu(s *session) {
	s.t.Helper()
	s.expect("What next?")
	s.expect("Quit (progress is saved)")
}

// A program that never ends, run by "Run it for me" from a workbook the learner started in
// bash. Ctrl-C stops the program and the menu comes back (the terminal sends it to the
// program, as in a shell); Ctrl-Z stops the workbook with the program and fg brings both back;
// SIGTERM or SIGHUP to firstrun ends the workbook and every process it started: the go
// wrapper, go and the program. Before, SIGTERM was ignored until the program ended, and
// SIGHUP left the program spinning with parent 1. One workspace for all, so only the first
// run compiles.
func TestInteractiveSignalDuringRunForMe(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to list the processes firstrun left")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	l := newLearner(t, "en")
	// No background check running the program too; bash's prompt known, no history kept.
	l.extraEnv = []string{"FIRSTRUN_WATCH=off", "PS1=shell$ ", "HISTFILE=/dev/null"}
	if out, code := l.runPlain(t, "step", "hello.cold"); code != 0 {
		t.Fatalf("firstrun step hello.cold: exit %d\n%s", code, out)
	}
	spin := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"syscall\"\n)\n\n" +
		"func main() {\n\tos.WriteFile(\"spin.pid\", []byte(fmt.Sprint(os.Getpid(), \" \", syscall.Getpgrp())), 0o644)\n" +
		"\tfmt.Println(\"spinning\")\n\tfor {\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(l.ws, "hello.go"), []byte(spin), 0o644); err != nil {
		t.Fatal(err)
	}
	// runSpin opens bash, starts the workbook there and has it run the program; it returns
	// once the program spins, with firstrun's pid and the program's.
	runSpin := func(t *testing.T) (s *session, firstrun, program int) {
		os.Remove(filepath.Join(l.ws, "spin.pid"))
		s = l.startProgram(t, bash, "--norc", "--noprofile", "-i")
		t.Cleanup(func() { killSession(s.cmd.Process.Pid) })
		s.expect("shell$ ")
		s.send(shellQuote(firstrunBin(t)) + keyEnter)
		s.expect("Run it, cold")
		firstrun = childOf(t, s.cmd.Process.Pid)
		atMenu(s)
		s.choose("Run it for me")
		s.expect("spinning")
		f := strings.Fields(readFile(t, filepath.Join(l.ws, "spin.pid")))
		if len(f) != 2 {
			t.Fatalf("spin.pid: %q", f)
		}
		program, _ = strconv.Atoi(f[0])
		return s, firstrun, program
	}
	// exitStatus waits for firstrun to end and asks bash how it ended.
	exitStatus := func(s *session, firstrun int, after string) int {
		s.t.Helper()
		for deadline := time.Now().Add(signalExit); alive(firstrun); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				s.t.Fatalf("firstrun still runs %v after %s\n%s", signalExit, after, s.dump())
			}
		}
		s.expect("shell$ ")
		s.send(`echo "sta""tus=$?."` + keyEnter) // what bash prints, not what it echoes
		status := regexp.MustCompile(`status=(\d+)\.`)
		out, err := s.c.Expect(expect.Regexp(status))
		if err != nil {
			s.t.Fatalf("waiting for the exit status: %v\n%s", err, s.dump())
		}
		m := status.FindStringSubmatch(out)
		code, _ := strconv.Atoi(m[1])
		return code
	}

	t.Run("Ctrl-C stops the program", func(t *testing.T) {
		s, firstrun, program := runSpin(t)
		s.send(keyCtrlC)
		s.expect("exited with code")
		atMenu(s)
		if alive(program) {
			t.Errorf("the program (pid %d) still runs after Ctrl-C", program)
		}
		s.choose("Quit")
		if code := exitStatus(s, firstrun, "Quit"); code != 0 {
			t.Errorf("exit code %d after Quit, want 0\n%s", code, s.dump())
		}
	})
	t.Run("Ctrl-Z and fg", func(t *testing.T) {
		s, firstrun, program := runSpin(t)
		s.send(keyCtrlZ)
		s.expect("Stopped")
		s.expect("shell$ ")
		if st, _ := procStat(program); st.state != "T" {
			t.Errorf("the program's state after Ctrl-Z is %q, want T (stopped)", st.state)
		}
		s.send("fg" + keyEnter)
		waitFor(t, "the program to run again after fg", func() bool {
			st, _ := procStat(program)
			return st.state == "R" || st.state == "S"
		})
		s.send(keyCtrlC)
		s.expect("exited with code")
		atMenu(s)
		s.choose("Quit")
		if code := exitStatus(s, firstrun, "Quit"); code != 0 {
			t.Errorf("exit code %d after Quit, want 0\n%s", code, s.dump())
		}
	})
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			s, firstrun, program := runSpin(t)
			if err := syscall.Kill(firstrun, c.sig); err != nil {
				t.Fatal(err)
			}
			if code := exitStatus(s, firstrun, c.sig.String()); code != c.code {
				t.Errorf("exit code %d after %v, want %d\n%s", code, c.sig, c.code, s.dump())
			}
			var left []string
			for _, p := range sessionProcs(s.cmd.Process.Pid) {
				if !strings.HasPrefix(p, strconv.Itoa(s.cmd.Process.Pid)+" ") { // bash itself
					left = append(left, p)
				}
			}
			if len(left) > 0 {
				t.Errorf("after %v, processes firstrun started still run: %s", c.sig, strings.Join(left, "; "))
			}
			if alive(program) {
				st, _ := procStat(program)
				t.Errorf("the program (pid %d, parent %d) still runs after %v", program, st.ppid, c.sig)
			}
			raw := s.raw.String()
			if set, reset := strings.LastIndex(raw, "\x1b[1;"), strings.LastIndex(raw, "\x1b[r"); set > reset {
				t.Errorf("the run's clock row (a scrolling region) was left set")
			}
			if hide, show := strings.LastIndex(raw, "\x1b[?25l"), strings.LastIndex(raw, "\x1b[?25h"); hide > show {
				t.Errorf("the cursor was left hidden")
			}
		})
	}
}

// waitForPrompt returns once the prompt on screen reads keys (the terminal in raw mode).
func (s *session) waitForPrompt() {
	s.t.Helper()
	s.press("")
}

// signal sends sig to firstrun itself, as kill(1) or a closing window does.
func (s *session) signal(sig syscall.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("sending %v: %v", sig, err)
	}
}

// waitWithin is wait, failing the test if the program has not exited after d.
func (s *session) waitWithin(d time.Duration) int {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(d):
		s.t.Fatalf("firstrun still runs %v after the signal\n%s", d, s.dump())
	}
	return s.wait()
}

// sessionProcs lists the live processes (zombies aside) of session sid, as "pid comm".
func sessionProcs(sid int) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, ok := procStat(pid)
		if ok && st.sid == sid && st.state != "Z" {
			found = append(found, e.Name()+" "+st.comm)
		}
	}
	return found
}

// killSession kills whatever a failed test left in session sid.
func killSession(sid int) {
	for _, p := range sessionProcs(sid) {
		pid, _ := strconv.Atoi(strings.Fields(p)[0])
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// alive: pid is a process that has not exited (a zombie waiting for its parent has).
func alive(pid int) bool {
	st, ok := procStat(pid)
	return ok && st.state != "Z"
}

type stat struct {
	comm, state string
	ppid, sid   int
}

// procStat reads /proc/PID/stat: "pid (comm) state ppid pgrp session ...".
func procStat(pid int) (stat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return stat{}, false
	}
	s := string(b)
	open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || close < open {
		return stat{}, false
	}
	f := strings.Fields(s[close+1:])
	if len(f) < 4 {
		return stat{}, false
	}
	ppid, _ := strconv.Atoi(f[1])
	sid, _ := strconv.Atoi(f[3])
	return stat{comm: s[open+1 : close], state: f[0], ppid: ppid, sid: sid}, true
}

// childOf is the pid of the one child of process parent (firstrun under bash).
func childOf(t *testing.T, parent int) int {
	t.Helper()
	var pid int
	waitFor(t, "firstrun to start under bash", func() bool {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			p, err := strconv.Atoi(e.Name())
			if st, ok := procStat(p); err == nil && ok && st.ppid == parent {
				pid = p
				return true
			}
		}
		return false
	})
	return pid
}

// waitFor polls ok until it holds, failing the test after expectTimeout.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(expectTimeout); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", expectTimeout, what)
		}
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// SIGTERM while the learner's shell is open from the menu, running a command that does not
// end: the shell and its command end with the workbook, which exits 143.
func TestInteractiveSignalInShell(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to list the processes firstrun left")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	l := newLearner(t, "en")
	l.shell = bash
	s := l.start(t)
	sid := s.cmd.Process.Pid
	t.Cleanup(func() { killSession(sid) })
	atMenu(s)
	s.choose("Open a shell")
	s.expect("(firstrun) ")
	s.send("sleep 1000" + keyEnter)
	waitFor(t, "sleep to start in the shell", func() bool {
		return strings.Contains(strings.Join(sessionProcs(sid), "; "), " sleep")
	})
	s.signal(syscall.SIGTERM)
	s.expect("Your progress is saved")
	if code := s.waitWithin(signalExit); code != 143 {
		t.Errorf("exit code %d after SIGTERM, want 143\n%s", code, s.dump())
	}
	if left := sessionProcs(sid); len(left) > 0 {
		t.Errorf("after SIGTERM, processes of the shell still run: %s", strings.Join(left, "; "))
	}
	if strings.Contains(s.dump(), "Back in the workbook") {
		t.Errorf("the shell's end was announced as a return to the workbook:\n%s", s.dump())
	}
	s.terminalSane()
}
