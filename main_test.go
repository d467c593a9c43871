package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/firstrun/firstrun/sandbox"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(cleanupM{m}, map[string]func(){
		"firstrun": func() { os.Exit(run(os.Args[1:])) },
	})
}

// cleanupM removes the shared tool cache after every test of the binary has run, whichever
// of them created it.
type cleanupM struct{ m *testing.M }

func (c cleanupM) Run() int {
	code := c.m.Run()
	if toolCache != "" {
		os.RemoveAll(toolCache)
	}
	return code
}

// toolCache is shared by every script: firstrun's own builds (the go wrapper, the checker's
// build of hello.go) compile the standard library once per test run instead of once per
// script. The learner's cache stays private to each script's workspace.
var (
	toolCacheOnce sync.Once
	toolCache     string
)

func sharedToolCache(t *testing.T) string {
	toolCacheOnce.Do(func() {
		dir, err := os.MkdirTemp("", "firstrun-toolcache-")
		if err != nil {
			t.Fatal(err)
		}
		toolCache = dir
	})
	return toolCache
}

func TestScripts(t *testing.T) {
	tc := sharedToolCache(t)
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH: the scripts need the real toolchain")
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			bin, err := exec.LookPath("firstrun")
			if err != nil {
				return err
			}
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("USERPROFILE", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("FIRSTRUN_WORKSPACE", filepath.Join(env.WorkDir, "ws"))
			env.Setenv("FIRSTRUN_TOOLCACHE", tc)
			env.Setenv("FIRSTRUN_BIN", filepath.Dir(bin))
			env.Setenv("GODIR", filepath.Dir(realGo))
			env.Setenv("FIRSTRUN_LANG", "")
			env.Setenv("LANG", "C")
			env.Setenv("LC_ALL", "")
			env.Setenv("LC_MESSAGES", "")
			env.Setenv("LANGUAGE", "")
			// The scripts must pass whatever the user's go settings are.
			env.Setenv("GOFLAGS", "-mod=mod")
			return os.MkdirAll(home, 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"wsgo":    cmdWsgo,
			"exits":   cmdExits,
			"cache":   cmdCache,
			"lastlog": cmdLastLog,
			"trimnl":  cmdTrimNL,
		},
	})
}

// cmdWsgo runs go as the learner does after eval "$(firstrun env)": through the workspace's
// wrapper, with its environment, in the workspace; `wsgo -in=DIR …` runs it in DIR instead.
func cmdWsgo(ts *testscript.TestScript, neg bool, args []string) {
	ws, err := sandbox.Open(ts.Getenv("FIRSTRUN_WORKSPACE"), filepath.Join(ts.Getenv("GODIR"), "go"))
	ts.Check(err)
	dir := ws.Dir
	if len(args) > 0 && strings.HasPrefix(args[0], "-in=") {
		dir, args = ts.MkAbs(strings.TrimPrefix(args[0], "-in=")), args[1:]
	}
	base := []string{"PATH=" + ts.Getenv("PATH"), "HOME=" + ts.Getenv("HOME"), "GOFLAGS=" + ts.Getenv("GOFLAGS")}
	env := ws.Env(base)
	cmd := exec.Command(ws.WrapperPath(), args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	fmt.Fprint(ts.Stdout(), stdout.String())
	fmt.Fprint(ts.Stderr(), stderr.String())
	if neg && err == nil {
		ts.Fatalf("go %s: unexpected success", strings.Join(args, " "))
	}
	if !neg && err != nil {
		ts.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
}

// cmdExits runs a command and asserts its exact exit code: `firstrun check` promises 0, 1 or
// 2, and `! exec` only tells success from failure.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = scriptEnv(ts)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	fmt.Fprint(ts.Stdout(), stdout.String())
	fmt.Fprint(ts.Stderr(), stderr.String())
	got := 0
	if exit, ok := err.(*exec.ExitError); ok {
		got = exit.ExitCode()
	} else if err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s: exit code %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

func scriptEnv(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "USERPROFILE", "XDG_CONFIG_HOME", "FIRSTRUN_WORKSPACE", "FIRSTRUN_TOOLCACHE",
		"FIRSTRUN_LANG", "LANG", "LC_ALL", "GOFLAGS", "NO_COLOR", "SYSTEMROOT", "TMPDIR", "SHELL"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}

// cmdCache asserts the learner's private cache state: `cache empty` or `cache populated`.
func cmdCache(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: cache empty|populated")
	}
	st, err := sandbox.ReadCacheStats(filepath.Join(ts.Getenv("FIRSTRUN_WORKSPACE"), ".firstrun", "gocache"))
	ts.Check(err)
	empty := st.Entries == 0
	if (args[0] == "empty") != empty != neg {
		ts.Fatalf("cache has %d entries (%d bytes), want %s", st.Entries, st.Bytes, args[0])
	}
}

// cmdLastLog prints the last line of the workspace's command log, for stdout assertions.
func cmdLastLog(ts *testscript.TestScript, neg bool, args []string) {
	log, err := sandbox.ReadLog(filepath.Join(ts.Getenv("FIRSTRUN_WORKSPACE"), ".firstrun", "commands.jsonl"))
	ts.Check(err)
	if len(log) == 0 {
		ts.Fatalf("the command log is empty")
	}
	last := log[len(log)-1]
	fmt.Fprintf(ts.Stdout(), "args=%s exit=%d by=%s\n", strings.Join(last.Args, " "), last.Exit, last.By)
}

// cmdTrimNL removes the newline at the end of a file: txtar always ends a file with one, and
// a torn last line has none.
func cmdTrimNL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: trimnl FILE")
	}
	name := ts.MkAbs(args[0])
	data, err := os.ReadFile(name)
	ts.Check(err)
	ts.Check(os.WriteFile(name, bytes.TrimSuffix(data, []byte("\n")), 0o644))
}

func firstrunBin(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("firstrun") // put on PATH by testscript.Main in TestMain
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
