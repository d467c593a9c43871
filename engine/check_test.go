package engine

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
	"go.yaml.in/yaml/v3"
)

func testEnv(t *testing.T, lang string) *Env {
	t.Helper()
	ws, err := sandbox.Open(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	return &Env{WS: ws, T: NewMessages(lang), Progress: NewProgress()}
}

func mustCheck(t *testing.T, src string) Check {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	c, err := decodeCheck(n.Content[0])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func write(t *testing.T, e *Env, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(e.WS.Dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGoSource(t *testing.T) {
	check := mustCheck(t, "{kind: go_source, path: hello.go, package: main, call: fmt.Println, text: 'Hello, Golang!'}")
	tests := []struct {
		name, src string
		ok        bool
		want      string
	}{
		{"right", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"Hello, Golang!\") }\n", true, "calls fmt.Println"},
		{"renamed import", "package main\nimport f \"fmt\"\nfunc main() { f.Println(\"Hello, Golang!\") }\n", true, ""},
		{"missing", "", false, "does not exist"},
		{"syntax error", "package main\nimport \"fmt\"\nfunc main() {\n\tfmt.Println(\"Hello, Golang!\"\n}\n", false, "hello.go:4:"},
		{"wrong package", "package hello\nimport \"fmt\"\nfunc main() { fmt.Println(\"Hello, Golang!\") }\n", false, "package hello"},
		{"no import", "package main\nfunc main() { println(\"Hello, Golang!\") }\n", false, `does not import "fmt"`},
		{"no call", "package main\nimport \"fmt\"\nfunc main() { fmt.Print(\"Hello, Golang!\") }\n", false, "never calls fmt.Println"},
		{"wrong text", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"Hello, golang\") }\n", false, `"Hello, golang"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEnv(t, "en")
			if tt.src != "" {
				write(t, e, "hello.go", tt.src)
			}
			r := check.Run(context.Background(), e)
			if r.OK != tt.ok || !strings.Contains(r.Msg, tt.want) {
				t.Errorf("got OK=%v %q, want OK=%v containing %q", r.OK, r.Msg, tt.ok, tt.want)
			}
		})
	}
}

func at(sec int) time.Time { return time.Unix(1_800_000_000+int64(sec), 0) }

func cmd(sec int, ms float64, exit int, args ...string) sandbox.Command {
	return sandbox.Command{Args: args, Start: at(sec), Millis: ms, Exit: exit}
}

func TestRan(t *testing.T) {
	cold := mustCheck(t, "{kind: ran, command: go run hello.go, cold: true, save_as: cold}")
	warm := mustCheck(t, "{kind: ran, command: go run hello.go, save_as: warm}")
	counted := mustCheck(t, "{kind: ran, command: go run hello.go, compiles: 1, links: 1}")
	withX := mustCheck(t, "{kind: ran, command: go run -x hello.go}")
	clean := mustCheck(t, "{kind: ran, command: go clean -cache}")
	flags := mustCheck(t, "{kind: ran, command: go run -x -gcflags=all=-N hello.go, min_compiles: 30, save_as: flags}")
	coldx := mustCheck(t, "{kind: ran, command: go run -x hello.go, cold: true, min_compiles: 30, links: 1, save_as: cold}")
	one, zero := 1, 0
	// xrun is a `go run -x -gcflags=all=-N hello.go` (-x: its compiles and links are counted).
	xrun := func(sec int, ms float64, exit int, stopped bool, compiles, links int) sandbox.Command {
		return sandbox.Command{Args: []string{"run", "-x", "-gcflags=all=-N", "hello.go"}, Start: at(sec), Millis: ms,
			Exit: exit, Interrupted: stopped, Compiles: &compiles, Links: &links}
	}
	stoppedCold := sandbox.Command{Args: []string{"run", "hello.go"}, Start: at(1), Millis: 4000, Exit: 1, Interrupted: true}
	elsewhere := cmd(1, 40, 0, "run", "hello.go")
	elsewhere.Dir = t.TempDir()
	tests := []struct {
		name       string
		check      Check
		startCache int
		log        []sandbox.Command
		ok         bool
		want       string
		saved      float64
	}{
		{"nothing ran", warm, 0, nil, false, "No `go run hello.go` has been recorded", 0},
		{"before the step", warm, 0, []sandbox.Command{cmd(-5, 50, 0, "run", "hello.go")}, false, "No `go run", 0},
		{"failed", warm, 0, []sandbox.Command{cmd(1, 50, 1, "run", "hello.go")}, false, "exit code 1", 0},
		{"killed", warm, 0, []sandbox.Command{cmd(1, 50, -1, "run", "hello.go")}, false, "was stopped before it finished", 0},
		{"interrupted", warm, 0, []sandbox.Command{{Args: []string{"run", "hello.go"}, Start: at(1), Exit: 1, Interrupted: true}}, false, "was stopped before it finished", 0},
		{"other file", warm, 0, []sandbox.Command{cmd(1, 50, 0, "run", "main.go")}, false, "You ran `go run main.go`, but this step asks for `go run hello.go`", 0},
		{"other command", warm, 0, []sandbox.Command{cmd(1, 50, 0, "build", "hello.go")}, false, "No `go run hello.go` has been recorded", 0},
		{"with flags", warm, 0, []sandbox.Command{cmd(1, 50, 0, "run", "-x", "hello.go")}, true, "ran in 0.050 s", 50},
		{"latest wins", warm, 0, []sandbox.Command{cmd(1, 50, 0, "run", "hello.go"), cmd(2, 40, 0, "run", "hello.go")}, true, "", 40},
		{"cold", cold, 0, []sandbox.Command{cmd(1, 6000, 0, "run", "hello.go"), cmd(2, 40, 0, "run", "hello.go")}, true, "", 6000},
		{"warm cache at start", cold, 240, []sandbox.Command{cmd(1, 40, 0, "run", "hello.go")}, false, "would not be a cold run", 0},
		{"cleaned first", cold, 240, []sandbox.Command{cmd(1, 40, 0, "run", "hello.go"), cmd(2, 90, 0, "clean", "-cache"), cmd(3, 6000, 0, "run", "hello.go")}, true, "", 6000},
		{"cleaned by firstrun", cold, 240, []sandbox.Command{{Args: []string{"clean", "-cache"}, Start: at(1), By: "firstrun"}, cmd(3, 6000, 0, "run", "hello.go")}, true, "", 6000},
		{"built something after clean", cold, 240, []sandbox.Command{cmd(1, 90, 0, "clean", "-cache"), cmd(2, 3000, 0, "build", "hello.go"), cmd(3, 400, 0, "run", "hello.go")}, false, "would not be a cold run", 0},
		{"version does not warm", cold, 0, []sandbox.Command{cmd(1, 9, 0, "version"), cmd(3, 6000, 0, "run", "hello.go")}, true, "", 6000},
		{"needs -x", counted, 0, []sandbox.Command{cmd(1, 150, 0, "run", "hello.go")}, false, "go run -x hello.go", 0},
		{"counts", counted, 0, []sandbox.Command{{Args: []string{"run", "-x", "hello.go"}, Start: at(1), Compiles: &one, Links: &one}}, true, "1 compiles, 1 links", 0},
		{"any qualifying run counts", counted, 0, []sandbox.Command{
			{Args: []string{"run", "-x", "hello.go"}, Start: at(1), Compiles: &one, Links: &one},
			{Args: []string{"run", "-x", "hello.go"}, Start: at(2), Compiles: &zero, Links: &zero}}, true, "", 0},
		{"wrong counts", counted, 0, []sandbox.Command{{Args: []string{"run", "-x", "hello.go"}, Start: at(1), Compiles: &zero, Links: &zero}}, false, "ran 0 compiles and 0 links; this step expects 1 compile, 1 link", 0},
		{"forgot -x", withX, 0, []sandbox.Command{cmd(1, 50, 0, "run", "hello.go")}, false, "run it with -x", 0},
		{"clean is a command too", clean, 240, []sandbox.Command{cmd(1, 90, 0, "clean", "-cache")}, true, "`go clean -cache` ran", 0},
		// Issue 8: Ctrl-C during the build, then the same command to the end, is one build.
		{"stopped then completed", flags, 240, []sandbox.Command{xrun(1, 3000, 1, true, 12, 0), xrun(2, 5000, 0, false, 25, 1)},
			true, "finished the build that your stopped run began: 8.00 s in all, 37 compiles, 1 links", 8000},
		{"a third run after it", flags, 240, []sandbox.Command{xrun(1, 3000, 1, true, 12, 0), xrun(2, 5000, 0, false, 25, 1), xrun(3, 90, 0, false, 0, 0)},
			true, "37 compiles", 8000},
		{"stopped twice", flags, 240, []sandbox.Command{xrun(1, 1000, -1, false, 5, 0), xrun(2, 1000, 1, true, 7, 0), xrun(3, 4000, 0, false, 25, 1)},
			true, "37 compiles", 6000},
		{"too few even together", flags, 240, []sandbox.Command{xrun(1, 1000, 1, true, 2, 0), xrun(2, 4000, 0, false, 25, 1)},
			false, "ran 27 compiles and 1 links; this step expects at least 30 compiles. The packages it did not compile were already in the build cache", 0},
		{"another build between", flags, 240, []sandbox.Command{xrun(1, 3000, 1, true, 12, 0), cmd(2, 50, 0, "build", "hello.go"), xrun(3, 5000, 0, false, 25, 1)},
			false, "ran 25 compiles", 0},
		{"completed counts alone too", counted, 240, []sandbox.Command{
			{Args: []string{"run", "-x", "hello.go"}, Start: at(1), Exit: 1, Interrupted: true, Compiles: &one, Links: &zero},
			{Args: []string{"run", "-x", "hello.go"}, Start: at(2), Compiles: &one, Links: &one}}, true, "1 compiles, 1 links", 0},
		{"stopped cold run completed", cold, 0, []sandbox.Command{stoppedCold, cmd(2, 3000, 0, "run", "hello.go")},
			true, "finished the build that your stopped run began: 7.00 s in all, counted as one run", 7000},
		{"stopped cold run, the rest with -x", coldx, 0, []sandbox.Command{
			{Args: []string{"run", "-x", "hello.go"}, Start: at(1), Millis: 4000, Exit: 130, Interrupted: true, Compiles: intp(100), Links: &zero},
			{Args: []string{"run", "-x", "hello.go"}, Start: at(2), Millis: 3000, Compiles: intp(146), Links: &one}}, true, "246 compiles, 1 links", 7000},
		{"a warm run keeps its own time", warm, 240, []sandbox.Command{{Args: []string{"run", "hello.go"}, Start: at(1), Millis: 9000, Exit: 1, Interrupted: true},
			cmd(2, 40, 0, "run", "hello.go")}, true, "ran in 0.040 s", 40},
		{"stopped on a warm cache", cold, 240, []sandbox.Command{stoppedCold, cmd(2, 3000, 0, "run", "hello.go")}, false, "would not be a cold run", 0},
		{"a failed cold run filled the cache", cold, 0, []sandbox.Command{cmd(1, 5000, 1, "run", "hello.go"), cmd(2, 300, 0, "run", "hello.go")},
			false, "Your earlier `go run hello.go` failed, but it had already filled the build cache", 0},
		// Issue 8: a run in another folder (after eval "$(firstrun env)") is not the step's.
		{"in another folder", warm, 0, []sandbox.Command{elsewhere}, false, "You ran `go run hello.go` in " + elsewhere.Dir + ", but this step looks only at commands run in", 0},
		{"elsewhere, then here", warm, 0, []sandbox.Command{elsewhere, cmd(2, 30, 0, "run", "hello.go")}, true, "", 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEnv(t, "en")
			e.StepStart = at(0)
			e.StartCache.Entries = tt.startCache
			e.Log = tt.log
			r := tt.check.Run(context.Background(), e)
			if r.OK != tt.ok || !strings.Contains(r.Msg, tt.want) {
				t.Errorf("got OK=%v %q, want OK=%v containing %q", r.OK, r.Msg, tt.ok, tt.want)
			}
			if tt.saved > 0 {
				name := "warm"
				switch tt.check {
				case cold, coldx:
					name = "cold"
				case flags:
					name = "flags"
				}
				if got := e.Progress.Runs[name].Millis; got != tt.saved {
					t.Errorf("saved %s run: got %v ms, want %v", name, got, tt.saved)
				}
			}
		})
	}
}

func intp(n int) *int { return &n }

func TestFaster(t *testing.T) {
	check := mustCheck(t, "{kind: faster, run: warm, than: cold, times: 5}")
	for _, tt := range []struct {
		cold, warm float64
		ok         bool
		want       string
	}{
		{6000, 50, true, "120× faster"},
		{6000, 2000, false, "only 3.0× faster"},
	} {
		e := testEnv(t, "en")
		e.Progress.Runs["cold"] = SavedRun{Millis: tt.cold}
		e.Progress.Runs["warm"] = SavedRun{Millis: tt.warm}
		r := check.Run(context.Background(), e)
		if r.OK != tt.ok || !strings.Contains(r.Msg, tt.want) {
			t.Errorf("cold %v warm %v: got OK=%v %q, want OK=%v containing %q", tt.cold, tt.warm, r.OK, r.Msg, tt.ok, tt.want)
		}
	}
	if r := check.Run(context.Background(), testEnv(t, "ko")); r.OK || !strings.Contains(r.Msg, "웜 런") {
		t.Errorf("no runs saved: got %q, want a Korean message naming the warm run", r.Msg)
	}
}

func TestVersionConditions(t *testing.T) {
	tests := []struct {
		cond, version string
		want          bool
	}{
		{">=1.24", "go1.26.8", true},
		{">=1.24", "go1.23.4", false},
		{"<1.24", "go1.23.4", true},
		{"<1.20", "go1.19", true},
		{"<1.20", "go1.20rc1", false},
		{">=1.24", "devel go1.27-abcdef", true},
		{"=1.23", "go1.23.0", true},
		{"", "go1.10", true},
	}
	for _, tt := range tests {
		c, err := parseVersionCond(tt.cond)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.matches(ParseGoVersion(tt.version)); got != tt.want {
			t.Errorf("%q matches %s: got %v, want %v", tt.cond, tt.version, got, tt.want)
		}
	}
}

func TestProgramOutputLimits(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses shell scripts as the learner's program")
	}
	tests := []struct{ name, script, check, want string }{
		{"never ends", "#!/bin/sh\nexec sleep 30\n", "{kind: program_output, binary: prog, want: hi, timeout: 1s}", "did not finish within 1s"},
		{"floods", "#!/bin/sh\nexec yes\n", "{kind: program_output, binary: prog, want: hi, timeout: 10s}", "printed more than 65.5 kB"},
		{"wrong output", "#!/bin/sh\necho bye\n", "{kind: program_output, binary: prog, want: hi}", "but this step expects:\nhi"},
		{"right output", "#!/bin/sh\necho hi\n", "{kind: program_output, binary: prog, want: hi, save_as: binary}", "./prog prints \"hi\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEnv(t, "en")
			if err := os.WriteFile(filepath.Join(e.WS.Dir, "prog"), []byte(tt.script), 0o755); err != nil {
				t.Fatal(err)
			}
			e.Environ = os.Environ()
			r := mustCheck(t, tt.check).Run(context.Background(), e)
			if !strings.Contains(r.Msg, tt.want) {
				t.Errorf("got %q, want it to contain %q", r.Msg, tt.want)
			}
		})
	}
}

func TestShowRuns(t *testing.T) {
	check := mustCheck(t, "{kind: show_runs, runs: [cold, warm, edited]}")
	e := testEnv(t, "en")
	if r := check.Run(context.Background(), e); r.OK {
		t.Errorf("no runs saved: got OK %q, want a failure", r.Msg)
	}
	e.Progress.Runs["cold"] = SavedRun{Args: []string{"run", "hello.go"}, Millis: 6000}
	e.Progress.Runs["edited"] = SavedRun{Args: []string{"run", "-x", "hello.go"}, Millis: 150}
	r := check.Run(context.Background(), e)
	if !r.OK || !strings.Contains(r.Show, "run after an edit  0.150 s  40× faster") || strings.Contains(r.Show, "warm") {
		t.Errorf("got OK=%v with table:\n%s\nwant the cold and edited runs, 40× faster, and no warm run", r.OK, r.Show)
	}
}
