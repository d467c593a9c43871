package engine

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// goVersionStamp caches `go env GOVERSION` per go binary: asking costs a process start
// (~10 ms) that `firstrun check` should not pay on every call.
type goVersionStamp struct {
	Go      string `json:"go"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime"`
	Version string `json:"version"`
}

// goVersion is the learner's Go release, asked once and remembered in the state folder.
func (a *App) goVersion(ctx context.Context) GoVersion {
	if a.goVer != nil {
		return *a.goVer
	}
	v := a.readGoVersion(ctx)
	a.goVer = &v
	return v
}

func (a *App) readGoVersion(ctx context.Context) GoVersion {
	st, err := os.Stat(a.WS.RealGo)
	if err != nil {
		return GoVersion{}
	}
	stampPath := a.WS.GoVersionStampPath()
	want := goVersionStamp{Go: a.WS.RealGo, Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	var have goVersionStamp
	if data, err := os.ReadFile(stampPath); err == nil && json.Unmarshal(data, &have) == nil {
		if have.Go == want.Go && have.Size == want.Size && have.ModTime == want.ModTime && have.Version != "" {
			return ParseGoVersion(have.Version)
		}
	}
	want.Version = goRootVersion(a.WS.RealGo)
	if want.Version == "" {
		cmd := exec.CommandContext(ctx, a.WS.RealGo, "env", "GOVERSION")
		cmd.Env = a.Environ
		if a.WS.Exists() {
			cmd.Env = a.WS.CheckerEnv(a.Environ)
		}
		out, err := cmd.Output()
		if err != nil {
			return GoVersion{}
		}
		want.Version = strings.TrimSpace(string(out))
	}
	if a.WS.Exists() {
		if data, err := json.Marshal(want); err == nil {
			_ = os.WriteFile(stampPath, data, 0o644)
		}
	}
	return ParseGoVersion(want.Version)
}

// goRootVersion reads the VERSION file that Go distributions keep in GOROOT, next to bin/go:
// it costs no process start, and it needs no workspace to run go in. "" when there is none
// (a toolchain built from source), and the caller asks go itself.
func goRootVersion(goBin string) string {
	real, err := filepath.EvalSymlinks(goBin)
	if err != nil {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(real)), "VERSION"))
	if err != nil {
		return ""
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if !strings.HasPrefix(first, "go1") {
		return ""
	}
	return strings.TrimSpace(first)
}
