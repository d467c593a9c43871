package engine

import (
	"os"
	"path/filepath"
	"testing"
)

func TestGoRootVersion(t *testing.T) {
	root := t.TempDir()
	bin := filepath.Join(root, "bin", "go")
	os.MkdirAll(filepath.Dir(bin), 0o755)
	os.WriteFile(bin, nil, 0o755)
	if got := goRootVersion(bin); got != "" {
		t.Errorf("no VERSION file: got %q, want \"\"", got)
	}
	os.WriteFile(filepath.Join(root, "VERSION"), []byte("go1.23.4\ntime 2024-12-03T00:00:00Z\n"), 0o644)
	if got := goRootVersion(bin); got != "go1.23.4" {
		t.Errorf("got %q, want go1.23.4", got)
	}
	// A go reached through a symlink (/usr/bin/go → /usr/lib/go/bin/go) has its GOROOT
	// where the link points.
	link := filepath.Join(t.TempDir(), "go")
	if err := os.Symlink(bin, link); err == nil {
		if got := goRootVersion(link); got != "go1.23.4" {
			t.Errorf("through a symlink: got %q, want go1.23.4", got)
		}
	}
}
