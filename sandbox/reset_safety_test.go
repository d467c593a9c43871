package sandbox

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestClearCacheNeverFollowsLink: a cache folder linked to the learner's real cache is
// replaced by an empty folder; the files it pointed to stay.
func TestClearCacheNeverFollowsLink(t *testing.T) {
	w := newWorkspace(t)
	outside := filepath.Join(t.TempDir(), "go-build")
	keep := filepath.Join(outside, "ab", "abcd-a")
	os.MkdirAll(filepath.Dir(keep), 0o755)
	os.WriteFile(keep, []byte("v1"), 0o644)
	os.RemoveAll(w.CacheDir())
	if err := os.Symlink(outside, w.CacheDir()); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if target, ok := w.CacheLink(); !ok || target != outside {
		t.Errorf("CacheLink() = %q, %v; want %q, true", target, ok, outside)
	}
	if err := w.ClearCache(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("ClearCache deleted through the link: %v", err)
	}
	if fi, err := os.Lstat(w.CacheDir()); err != nil || !fi.IsDir() {
		t.Errorf("the cache is not a real folder after ClearCache: %v, %v", fi, err)
	}
}

// TestResetsRefuseLinkedStateFolder: with .firstrun a link, no reset deletes anything.
func TestResetsRefuseLinkedStateFolder(t *testing.T) {
	w := newWorkspace(t)
	state := filepath.Join(t.TempDir(), "state")
	if err := os.Rename(w.StateDir(), state); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(state, w.StateDir()); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.WriteFile(filepath.Join(state, "gocache", "x"), []byte("x"), 0o644)
	for name, reset := range map[string]func() error{
		"ClearCache": w.ClearCache,
		"ResetFiles": func() error { return w.ResetFiles(starter, "go1.26.8") },
		"ResetAll":   w.ResetAll,
	} {
		var le *LinkError
		if err := reset(); !errors.As(err, &le) || le.Target != state {
			t.Errorf("%s: err = %v, want a LinkError to %s", name, err, state)
		}
	}
	for _, p := range []string{filepath.Join(state, "gocache", "x"), filepath.Join(w.Dir, "hello.go")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a refused reset deleted %s", p)
		}
	}
}

// TestResetFilesChecksFirst: a reset that could not recreate the workspace deletes nothing.
func TestResetFilesChecksFirst(t *testing.T) {
	w := newWorkspace(t)
	hello := filepath.Join(w.Dir, "hello.go")
	os.WriteFile(hello, []byte("// mine\n"), 0o644)
	if err := w.ResetFiles(starter, ""); err == nil {
		t.Fatal("ResetFiles without a Go version succeeded")
	}
	if err := w.ResetFiles(brokenFS{}, "go1.26.8"); err == nil {
		t.Fatal("ResetFiles with an unreadable starter succeeded")
	}
	if b, err := os.ReadFile(hello); err != nil || string(b) != "// mine\n" {
		t.Errorf("a failed reset changed hello.go: %q, %v", b, err)
	}
}

// TestClearCacheRefusesForeignFolder: not a workspace, so nothing is created there.
func TestClearCacheRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	w, _ := Open(dir, "")
	var nw *NotWorkspaceError
	if err := w.ClearCache(); !errors.As(err, &nw) {
		t.Errorf("ClearCache on a plain folder: %v, want a NotWorkspaceError", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("ClearCache created %v in a folder that is not a workspace", entries)
	}
}

type brokenFS struct{}

func (brokenFS) Open(string) (fs.File, error) { return nil, os.ErrPermission }

// TestResetFilesRemovesLinksNotTargets: links among the learner's files and in the state
// folder are removed as links; what they point to stays.
func TestResetFilesRemovesLinksNotTargets(t *testing.T) {
	w := newWorkspace(t)
	outside := t.TempDir()
	keep := filepath.Join(outside, "keep.txt")
	os.WriteFile(keep, []byte("mine"), 0o644)
	os.RemoveAll(w.TmpDir())
	if err := os.Symlink(outside, filepath.Join(w.Dir, "project")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(outside, w.TmpDir())
	os.Symlink(keep, w.LogPath())
	if err := w.ResetFiles(starter, "go1.26.8"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "mine" {
		t.Errorf("ResetFiles deleted or changed a file through a link: %q, %v", b, err)
	}
	if _, err := os.Lstat(filepath.Join(w.Dir, "project")); err == nil {
		t.Error("the learner's link survived ResetFiles")
	}
}

// TestResetsRefuseLinkedWorkspace: a workspace reached through a link is not reset through it.
func TestResetsRefuseLinkedWorkspace(t *testing.T) {
	w := newWorkspace(t)
	link := filepath.Join(t.TempDir(), "ws-link")
	if err := os.Symlink(w.Dir, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	lw, _ := Open(link, w.RealGo)
	var le *LinkError
	if err := lw.ResetAll(); !errors.As(err, &le) || le.Path != link {
		t.Errorf("ResetAll through a link: %v, want a LinkError for %s", err, link)
	}
	if !w.Exists() {
		t.Error("the workspace behind the link is gone")
	}
}
