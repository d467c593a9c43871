package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResetRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	os.WriteFile(keep, []byte("mine"), 0o644)
	w, _ := Open(dir, "")
	for name, reset := range map[string]func() error{
		"ResetAll":   w.ResetAll,
		"ResetFiles": func() error { return w.ResetFiles(starter, "go1.26.8") },
	} {
		err := reset()
		if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "not a firstrun workspace") {
			t.Errorf("%s on a plain folder: err = %v, want a refusal naming %s", name, err, dir)
		}
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a refused reset deleted a file: %v", err)
	}
}

func TestResetFiles(t *testing.T) {
	w := newWorkspace(t)
	w.ToolCache = "" // the per-workspace tool cache must survive
	write := func(path, data string) {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(w.Dir, "hello.go"), "// edited\n")
	write(filepath.Join(w.Dir, "extra", "mine.go"), "package extra\n")
	write(filepath.Join(w.CacheDir(), "ab", "abcd-a"), "v1")
	write(filepath.Join(w.BinDir(), "hello"), "bin")
	write(w.LogPath(), "{}\n")
	write(filepath.Join(w.WrapperDir(), "go"), "wrapper")
	write(filepath.Join(w.ToolCacheDir(), "README"), "tools")

	if err := w.ResetFiles(starter, "go1.26.8"); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{filepath.Join(w.Dir, "extra"), filepath.Join(w.CacheDir(), "ab"), filepath.Join(w.BinDir(), "hello"), w.LogPath()} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s survived ResetFiles", gone)
		}
	}
	for _, kept := range []string{filepath.Join(w.WrapperDir(), "go"), filepath.Join(w.ToolCacheDir(), "README")} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("ResetFiles removed %s: %v", kept, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(w.Dir, "hello.go")); strings.Contains(string(b), "edited") {
		t.Error("hello.go still has the learner's edit after ResetFiles")
	}
	if !w.Exists() {
		t.Error("not a workspace any more after ResetFiles")
	}

	if err := w.ResetAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(w.Dir); err == nil {
		t.Errorf("%s still exists after ResetAll", w.Dir)
	}
}
