package sandbox

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPrepareStop: quitting the workbook while firstrun still builds its wrapper (in a new
// tool cache, so the build surely takes seconds) ends the build and its compilers, which
// leave no work folder behind, and no wrapper that could pass for a finished one.
func TestPrepareStop(t *testing.T) {
	w := newWorkspace(t)
	w.ToolCache = filepath.Join(t.TempDir(), "toolcache")
	p := w.Prepare(context.Background(), os.Environ(), []string{"fmt"})
	// Wait until the go command has made its work folder: the build is under way.
	deadline := time.Now().Add(time.Minute)
	for len(workFolders(t, w)) == 0 {
		if p.Done() {
			t.Fatalf("the preparation ended before it was stopped: %v", p.Wait(context.Background()))
		}
		if time.Now().After(deadline) {
			t.Fatal("no go-build work folder appeared in a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.Stop()
	if !p.WrapperBuilt() || !p.Done() {
		t.Fatal("Stop returned before the preparation ended")
	}
	if err := p.Wait(context.Background()); err == nil {
		t.Error("a stopped preparation reports no error")
	}
	if w.WrapperCurrent() {
		t.Error("after Stop the wrapper counts as current; want it rebuilt next time")
	}
	if left, _ := os.ReadDir(w.checkTmpDir()); len(left) > 0 {
		t.Errorf("the stopped build left %s in its work folder %s", left[0].Name(), w.checkTmpDir())
	}
	entries, _ := os.ReadDir(w.WrapperDir())
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("the stopped build left %s", e.Name())
		}
	}
}

func workFolders(t *testing.T, w *Workspace) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(w.checkTmpDir(), "*", "go-build*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestStdImports(t *testing.T) {
	got := StdImports([]string{"fmt", "os", "fmt", "C", "unsafe", "example.com/x", "net/http", "", "-toolexec", "a b"})
	if want := []string{"fmt", "net/http", "os"}; !slices.Equal(got, want) {
		t.Errorf("StdImports = %q, want %q", got, want)
	}
}
