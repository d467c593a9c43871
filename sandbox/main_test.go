package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// toolCache is shared by every workspace in these tests, so the wrapper is compiled cold
// at most once per `go test` run.
var toolCache string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "firstrun-sandbox-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	toolCache = filepath.Join(tmp, "toolcache")
	// Keep every go command these tests run away from the user's home, GOPATH and
	// settings; Env and CheckerEnv set GOCACHE themselves.
	home := filepath.Join(tmp, "home")
	for k, v := range map[string]string{
		"HOME": home, "USERPROFILE": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"GOPATH": filepath.Join(tmp, "gopath"), "GOCACHE": filepath.Join(tmp, "stray-gocache"),
	} {
		os.Setenv(k, v)
	}
	return m.Run()
}

// starter is a tiny lesson starter: a nested file, and go.mod shipped as go.mod.tmpl the
// way embedded starters must.
var starter = fstest.MapFS{
	"hello.go":      {Data: []byte("package main\n\nfunc main() { println(\"hello\") }\n")},
	"sub/notes.txt": {Data: []byte("nested\n")},
	"go.mod.tmpl":   {Data: []byte("module hello\n\ngo 1.21\n")},
}

// realGo is the toolchain running the tests.
func realGo(t testing.TB) string {
	t.Helper()
	g, err := FindGo(os.Getenv("PATH"))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// newWorkspace creates a workspace from starter in a fresh temp dir.
func newWorkspace(t testing.TB) *Workspace {
	t.Helper()
	w, err := Open(filepath.Join(t.TempDir(), "ws"), realGo(t))
	if err != nil {
		t.Fatal(err)
	}
	w.ToolCache = toolCache
	if err := w.Create(starter, "go1.26.8"); err != nil {
		t.Fatal(err)
	}
	return w
}
