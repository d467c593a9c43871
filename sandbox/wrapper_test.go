package sandbox

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wrapperWorkspace is a workspace with the wrapper built (from the shared tool cache).
func wrapperWorkspace(t testing.TB) *Workspace {
	t.Helper()
	w := newWorkspace(t)
	if err := w.EnsureWrapper(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}

// learnerGo runs `go args...` as the learner would in `firstrun shell`: by name, found on
// the PATH that Env builds, so the wrapper answers.
func learnerGo(t *testing.T, w *Workspace, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	env := w.Env(os.Environ())
	wrapper, lerr := lookGo(getEnv(env, "PATH"))
	if lerr != nil {
		t.Fatal(lerr)
	}
	cmd := exec.Command(wrapper, args...)
	cmd.Dir, cmd.Env = w.Dir, env
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// lookGo is exec.LookPath("go") on a given PATH value, wrappers included.
func lookGo(pathEnv string) (string, error) {
	for _, dir := range filepath.SplitList(pathEnv) {
		p := filepath.Join(dir, "go"+ExeSuffix)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", ErrNoGo
}

func TestWrapperLogsCommands(t *testing.T) {
	w := wrapperWorkspace(t)
	if g, _ := lookGo(getEnv(w.Env(os.Environ()), "PATH")); filepath.Dir(g) != w.WrapperDir() {
		t.Fatalf("first go on the learner's PATH is %s, want the wrapper in %s", g, w.WrapperDir())
	}
	if g, err := FindGo(getEnv(w.Env(os.Environ()), "PATH")); err != nil || filepath.Dir(g) == w.WrapperDir() {
		t.Errorf("FindGo on the learner's PATH = %s, %v; want the real go, not the wrapper", g, err)
	}

	if out, errOut, err := learnerGo(t, w, "version"); err != nil || !strings.HasPrefix(out, "go version go") {
		t.Fatalf("go version through the wrapper: %q, %v\n%s", out, err, errOut)
	}
	if out, _, err := learnerGo(t, w, "env", "GOCACHE"); err != nil || strings.TrimSpace(out) != w.CacheDir() {
		t.Errorf("go env GOCACHE through the wrapper = %q, %v; want %s", out, err, w.CacheDir())
	}
	_, errOut, err := learnerGo(t, w, "nosuchcmd")
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("go nosuchcmd through the wrapper: err = %v, want exit status 2 (as go itself)", err)
	}
	if !strings.Contains(errOut, "nosuchcmd") {
		t.Errorf("go nosuchcmd: stderr %q does not come from the real go", errOut)
	}

	cmds, err := ReadLog(w.LogPath())
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) != 3 {
		t.Fatalf("log has %d lines, want 3: %+v", len(cmds), cmds)
	}
	for i, want := range []struct {
		args string
		exit int
	}{{"version", 0}, {"env GOCACHE", 0}, {"nosuchcmd", 2}} {
		c := cmds[i]
		if strings.Join(c.Args, " ") != want.args || c.Exit != want.exit || c.Millis <= 0 || c.Dir != w.Dir || c.By != "" || c.Compiles != nil {
			t.Errorf("log line %d = %+v, want args %q, exit %d, ms > 0, dir %s, no compile count", i, c, want.args, want.exit, w.Dir)
		}
		if time.Since(c.Start) > time.Minute {
			t.Errorf("log line %d starts at %v, want about now", i, c.Start)
		}
	}
}

// TestWrapperCountsTools runs the only cold learner build in this package: `go run -x`
// of a program that imports nothing (the runtime alone: about 30 compiles, 3 s cold).
func TestWrapperCountsTools(t *testing.T) {
	if testing.Short() {
		t.Skip("cold build")
	}
	w := wrapperWorkspace(t)
	os.WriteFile(filepath.Join(w.Dir, "hello.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	before, _ := ReadCacheStats(w.CacheDir())

	for _, run := range []struct {
		name                     string
		minCompiles, maxCompiles int
		links                    int
	}{
		{"cold", 2, 200, 1},
		{"warm", 0, 0, 0}, // Go 1.24+ runs the cached executable: no compile, no link
	} {
		_, errOut, err := learnerGo(t, w, "run", "-x", "hello.go")
		if err != nil {
			t.Fatalf("%s go run -x: %v\n%s", run.name, err, errOut)
		}
		if !strings.Contains(errOut, "WORK=") {
			t.Errorf("%s go run -x: stderr does not pass through the wrapper:\n%s", run.name, errOut)
		}
		cmds, _ := ReadLog(w.LogPath())
		c := cmds[len(cmds)-1]
		if c.Compiles == nil || c.Links == nil {
			t.Fatalf("%s go run -x logged %+v, want compile and link counts", run.name, c)
		}
		want := strings.Count(errOut, "/compile -o ") + strings.Count(errOut, `\\compile.exe" -o `)
		if *c.Compiles != want || *c.Compiles < run.minCompiles || *c.Compiles > run.maxCompiles || *c.Links != run.links {
			t.Errorf("%s go run -x: logged %d compiles, %d links; want %d compiles (as on stderr, in [%d, %d]) and %d links",
				run.name, *c.Compiles, *c.Links, want, run.minCompiles, run.maxCompiles, run.links)
		}
	}

	after, err := ReadCacheStats(w.CacheDir())
	if err != nil {
		t.Fatal(err)
	}
	if before.Entries != 0 || after.Entries < 10 || after.Outputs < 10 || after.Bytes < 1<<20 {
		t.Errorf("cache stats before %+v, after a build %+v; want empty, then many entries and outputs, over 1 MB", before, after)
	}
}

func TestEnsureWrapperIsNoOpWhenCurrent(t *testing.T) {
	w := wrapperWorkspace(t)
	wrapper := filepath.Join(w.WrapperDir(), "go"+ExeSuffix)
	fi1, err := os.Stat(wrapper)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.EnsureWrapper(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fi2, _ := os.Stat(wrapper); !fi2.ModTime().Equal(fi1.ModTime()) {
		t.Errorf("second EnsureWrapper rebuilt the wrapper (mtime %v, was %v)", fi2.ModTime(), fi1.ModTime())
	}

	// A stale stamp (a Go upgrade, a new firstrun) rebuilds.
	os.WriteFile(filepath.Join(w.WrapperDir(), wrapperMarker), []byte("old"), 0o644)
	time.Sleep(10 * time.Millisecond)
	if err := w.EnsureWrapper(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fi3, _ := os.Stat(wrapper); fi3.ModTime().Equal(fi1.ModTime()) {
		t.Error("EnsureWrapper kept a wrapper whose stamp changed")
	}
}

func TestWrapperBuildIgnoresLearnersGoMod(t *testing.T) {
	w := newWorkspace(t)
	os.WriteFile(filepath.Join(w.Dir, "go.mod"), []byte("module hello\n\ngo 1.999\nrequire (\n"), 0o644)
	if err := w.EnsureWrapper(context.Background()); err != nil {
		t.Errorf("EnsureWrapper with a broken learner go.mod: %v", err)
	}
}

func TestWrapperWithoutRealGo(t *testing.T) {
	w := wrapperWorkspace(t)
	cmd := exec.Command(filepath.Join(w.WrapperDir(), "go"+ExeSuffix), "version")
	cmd.Env = editEnv(os.Environ(), []envVar{{key: "FIRSTRUN_REAL_GO", unset: true}})
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "firstrun shell") {
		t.Errorf("wrapper without FIRSTRUN_REAL_GO: %v, %q; want exit 2 and a hint to run firstrun shell", err, out)
	}
}

// TestWrapperCapture: only the streams of the subcommands the capture request names are
// kept (and still reach the terminal); every other command is logged without output.
func TestWrapperCapture(t *testing.T) {
	w := wrapperWorkspace(t)
	if err := w.SetCapture("demo/one", map[string][]string{"env": {"stdout"}, "nosuchcmd": {"stderr"}}); err != nil {
		t.Fatal(err)
	}
	out, _, err := learnerGo(t, w, "env", "GOCACHE")
	if err != nil || strings.TrimSpace(out) != w.CacheDir() {
		t.Fatalf("go env GOCACHE while capturing: %q, %v; want the output passed through", out, err)
	}
	_, errOut, _ := learnerGo(t, w, "nosuchcmd")
	if !strings.Contains(errOut, "nosuchcmd") {
		t.Fatalf("go nosuchcmd while capturing stderr: stderr %q not passed through", errOut)
	}
	learnerGo(t, w, "version")
	if err := w.SetCapture("demo/two", nil); err != nil {
		t.Fatal(err)
	}
	learnerGo(t, w, "env", "GOCACHE")

	cmds, err := ReadLog(w.LogPath())
	if err != nil || len(cmds) != 4 {
		t.Fatalf("log: %d lines, %v; want 4", len(cmds), err)
	}
	if c := cmds[0]; c.Stdout == nil || strings.TrimSpace(c.Stdout.Text) != w.CacheDir() || c.Stderr != nil {
		t.Errorf("go env GOCACHE logged stdout %+v stderr %+v; want stdout %s and no stderr", c.Stdout, c.Stderr, w.CacheDir())
	}
	if c := cmds[1]; c.Stderr == nil || !strings.Contains(c.Stderr.Text, "nosuchcmd") || c.Stdout != nil {
		t.Errorf("go nosuchcmd logged stdout %+v stderr %+v; want only stderr", c.Stdout, c.Stderr)
	}
	for _, c := range cmds[2:] {
		if c.Stdout != nil || c.Stderr != nil {
			t.Errorf("go %s logged output %+v %+v; it was not asked for", strings.Join(c.Args, " "), c.Stdout, c.Stderr)
		}
	}
	if _, err := os.Stat(w.CapturePath()); !os.IsNotExist(err) {
		t.Errorf("SetCapture(nil) left %s: %v", w.CapturePath(), err)
	}
}
