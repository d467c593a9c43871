package sandbox

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// envMap fails the test when a key appears twice: the child would see only one of them.
func envMap(t *testing.T, env []string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if runtime.GOOS == "windows" {
			k = strings.ToUpper(k)
		}
		if _, dup := m[k]; dup && k != "" {
			t.Errorf("key %s appears twice in %q", k, env)
		}
		m[k] = v
	}
	return m
}

func TestEnv(t *testing.T) {
	w, _ := Open(t.TempDir(), "/opt/go/bin/go")
	sep := string(filepath.ListSeparator)
	base := []string{
		"HOME=/home/learner",
		"GOCACHE=/home/learner/.cache/go-build",
		"GOFLAGS=-trimpath",
		"PATH=/usr/local/bin" + sep + w.WrapperDir() + sep + "/usr/bin",
		"GOCACHE=/second/duplicate",
		"FIRSTRUN_LOG=/stale/log",
	}
	got := envMap(t, w.Env(base))
	for k, want := range map[string]string{
		"HOME": "/home/learner", "GOCACHE": w.CacheDir(), "GOTMPDIR": w.TmpDir(), "GOBIN": w.BinDir(),
		"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "", "GOENV": "off", "GOWORK": "off",
		"GO111MODULE": "", "FIRSTRUN_REAL_GO": "/opt/go/bin/go", "FIRSTRUN_LOG": w.LogPath(),
		"FIRSTRUN_WORKSPACE": w.Dir,
		"PATH":               strings.Join([]string{w.WrapperDir(), w.BinDir(), w.LauncherDir(), "/usr/local/bin", "/usr/bin"}, sep),
	} {
		if v, ok := got[k]; !ok || v != want {
			t.Errorf("Env: %s = %q (set %v), want %q", k, v, ok, want)
		}
	}
}

func TestCheckerEnv(t *testing.T) {
	w, _ := Open(t.TempDir(), filepath.Join("/opt", "go", "bin", "go"))
	sep := string(filepath.ListSeparator)
	got := envMap(t, w.CheckerEnv(w.Env([]string{"PATH=/usr/bin", "CGO_ENABLED=1"})))
	if want := strings.Join([]string{filepath.Dir(w.RealGo), "/usr/bin"}, sep); got["PATH"] != want {
		t.Errorf("CheckerEnv PATH = %q, want %q (real go first, no wrapper)", got["PATH"], want)
	}
	if got["GOCACHE"] != w.ToolCacheDir() || got["CGO_ENABLED"] != "0" {
		t.Errorf("CheckerEnv GOCACHE = %q, CGO_ENABLED = %q; want %q, 0", got["GOCACHE"], got["CGO_ENABLED"], w.ToolCacheDir())
	}
	if v, ok := got["FIRSTRUN_LOG"]; ok {
		t.Errorf("CheckerEnv keeps FIRSTRUN_LOG=%q; firstrun's own builds must not be logged", v)
	}
	if strings.HasPrefix(got["GOTMPDIR"], w.TmpDir()) {
		t.Errorf("CheckerEnv GOTMPDIR = %q, inside the learner's work folder", got["GOTMPDIR"])
	}
	w.ToolCache = "/shared/toolcache"
	if got := envMap(t, w.CheckerEnv(nil)); got["GOCACHE"] != "/shared/toolcache" {
		t.Errorf("with ToolCache set, CheckerEnv GOCACHE = %q, want /shared/toolcache", got["GOCACHE"])
	}
}

func TestExportLines(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("export lines are for POSIX shells")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	// A quote in the folder name must survive the round trip through eval.
	w, _ := Open(filepath.Join(t.TempDir(), "it's here"), "/opt/go/bin/go")
	out := w.ExportLines([]string{"PATH=/usr/bin:/bin", "GOFLAGS=-trimpath"})
	if !strings.HasPrefix(lastLine(out), "#") {
		t.Errorf("ExportLines does not end with a comment line:\n%s", out)
	}
	cmd := exec.Command(sh, "-c", `eval "$1"; printf '%s|%s|%s|%s' "$GOCACHE" "$GOFLAGS" "$GOTOOLCHAIN" "$PATH"`, "sh", out)
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("eval of ExportLines: %v\n%s", err, out)
	}
	want := strings.Join([]string{w.CacheDir(), "", "local", w.WrapperDir() + ":" + w.BinDir() + ":" + w.LauncherDir() + ":/usr/bin:/bin"}, "|")
	if string(got) != want {
		t.Errorf("after eval:\n got %q\nwant %q", got, want)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestOwnCommandsStayInWorkspace: the go commands firstrun runs itself keep their home,
// config (telemetry counters) and GOPATH inside the workspace.
func TestOwnCommandsStayInWorkspace(t *testing.T) {
	w := &Workspace{Dir: t.TempDir(), RealGo: "/usr/local/go/bin/go"}
	base := []string{"HOME=/home/learner", "XDG_CONFIG_HOME=/home/learner/.config", "PATH=/usr/bin"}
	for name, env := range map[string][]string{"CheckerEnv": w.CheckerEnv(base), "InspectEnv": w.InspectEnv(base)} {
		for _, key := range []string{"HOME", "XDG_CONFIG_HOME", "GOPATH"} {
			if v := getEnv(env, key); !strings.HasPrefix(v, w.StateDir()) {
				t.Errorf("%s: %s=%q, want a folder inside %s", name, key, v, w.StateDir())
			}
		}
	}
	if got := getEnv(w.InspectEnv(base), "GOCACHE"); got != w.CacheDir() {
		t.Errorf("InspectEnv: GOCACHE=%q, want the learner's cache %s", got, w.CacheDir())
	}
	if got := getEnv(w.Env(base), "HOME"); got != "/home/learner" {
		t.Errorf("Env: HOME=%q, want the learner's own home", got)
	}
}

func TestExportLinesPowerShell(t *testing.T) {
	env := []string{"GOCACHE=C:\\Users\\o'neil\\ws\\.firstrun\\gocache", "GOFLAGS="}
	got := exportLines(env, []envVar{{key: "GOCACHE"}, {key: "GOFLAGS"}}, true)
	want := "$env:GOCACHE = 'C:\\Users\\o''neil\\ws\\.firstrun\\gocache'\n$env:GOFLAGS = ''\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("got:\n%s\nwant it to start with:\n%s", got, want)
	}
}
