package sandbox

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// The launcher is the running firstrun: installed once, left alone while that binary is the
// same, refreshed when it changes (a rebuilt firstrun, another `go run .`), and its own copy
// running (from the workspace shell) changes nothing.
func TestInstallLauncher(t *testing.T) {
	w := newWorkspace(t)
	exe := filepath.Join(t.TempDir(), "firstrun-build")
	writeExe := func(content string, mtime time.Time) {
		t.Helper()
		// A new file, as the go command writes one: a rebuilt binary is never edited in place.
		os.Remove(exe)
		if err := os.WriteFile(exe, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(exe, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	launcher := func() string {
		t.Helper()
		b, err := os.ReadFile(w.LauncherPath())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	writeExe("#!/bin/sh\necho one\n", t0)
	if err := w.InstallLauncher(exe); err != nil {
		t.Fatal(err)
	}
	if got := launcher(); got != "#!/bin/sh\necho one\n" {
		t.Fatalf("launcher holds %q, want the first build", got)
	}
	fi, err := os.Stat(w.LauncherPath())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("launcher mode %v, want executable", fi.Mode())
	}

	// The same binary again, and the launcher itself as the running firstrun: nothing to do.
	for _, running := range []string{exe, w.LauncherPath()} {
		if err := w.InstallLauncher(running); err != nil {
			t.Fatalf("InstallLauncher(%s): %v", running, err)
		}
	}
	if got := launcher(); got != "#!/bin/sh\necho one\n" {
		t.Fatalf("launcher holds %q, want the first build still", got)
	}

	// A rebuilt firstrun (same size, another time) replaces it.
	writeExe("#!/bin/sh\necho two\n", t0.Add(time.Minute))
	if err := w.InstallLauncher(exe); err != nil {
		t.Fatal(err)
	}
	if got := launcher(); got != "#!/bin/sh\necho two\n" {
		t.Errorf("after a rebuild the launcher holds %q, want the new build", got)
	}
	entries, _ := os.ReadDir(w.LauncherDir())
	if len(entries) != 1 {
		t.Errorf("launcher folder holds %d files, want only the launcher: %v", len(entries), entries)
	}
}

// A copy (when no hard link can be made) keeps the original's time, so the next start sees
// an up-to-date launcher and copies nothing.
func TestCopyExecutableKeepsTime(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.WriteFile(src, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(src, when, when)
	fi, _ := os.Stat(src)
	if err := copyExecutable(src, dst, fi); err != nil {
		t.Fatal(err)
	}
	got, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !got.ModTime().Equal(when) || got.Size() != fi.Size() {
		t.Errorf("copy: size %d, time %v; want %d, %v", got.Size(), got.ModTime(), fi.Size(), when)
	}
}

func TestLauncherCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shell forms")
	}
	home := t.TempDir()
	w, _ := Open(filepath.Join(home, "firstrun-workspace"), "")
	if got, want := w.LauncherCommand(home), "~/firstrun-workspace/.firstrun/launcher/firstrun"; got != want {
		t.Errorf("under home: %q, want %q", got, want)
	}
	if got := w.LauncherCommand("/elsewhere"); got != w.LauncherPath() {
		t.Errorf("outside home: %q, want the absolute path %q", got, w.LauncherPath())
	}
	spaced, _ := Open(filepath.Join(home, "my ws"), "")
	if got, want := spaced.LauncherCommand(home), "'"+spaced.LauncherPath()+"'"; got != want {
		t.Errorf("with a space: %q, want %q", got, want)
	}
}
