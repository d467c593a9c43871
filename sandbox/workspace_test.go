package sandbox

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCreate(t *testing.T) {
	w := newWorkspace(t)
	if !w.Exists() {
		t.Fatal("Exists() = false after Create")
	}
	for _, rel := range []string{"hello.go", "sub/notes.txt", "go.mod", ".firstrun/WORKSPACE"} {
		p := filepath.Join(w.Dir, filepath.FromSlash(rel))
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("after Create: %v", err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm()&0o600 != 0o600 {
			t.Errorf("%s has mode %v, want it readable and writable by the learner", rel, fi.Mode())
		}
	}
	if _, err := os.Stat(filepath.Join(w.Dir, "go.mod.tmpl")); err == nil {
		t.Error("go.mod.tmpl was copied as is, want it renamed to go.mod")
	}
	for _, d := range []string{w.CacheDir(), w.TmpDir(), w.BinDir()} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			t.Errorf("state folder %s missing after Create: %v", d, err)
		}
	}

	// A second Create must keep what the learner edited and restore what they deleted.
	hello := filepath.Join(w.Dir, "hello.go")
	if err := os.WriteFile(hello, []byte("// edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(w.Dir, "sub", "notes.txt"))
	if err := w.Create(starter, "go1.26.8"); err != nil {
		t.Fatalf("second Create: %v", err)
	}
	if b, _ := os.ReadFile(hello); string(b) != "// edited\n" {
		t.Errorf("hello.go after second Create = %q, want the learner's edit kept", b)
	}
	if _, err := os.Stat(filepath.Join(w.Dir, "sub", "notes.txt")); err != nil {
		t.Errorf("deleted starter file not restored: %v", err)
	}
}

func TestCreateWritesGoMod(t *testing.T) {
	for _, starter := range []fstest.MapFS{nil, {}} {
		w, _ := Open(t.TempDir(), "")
		if err := w.Create(starter, "go1.22rc1"); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(w.Dir, "go.mod"))
		if want := "module hello\n\ngo 1.22\n"; string(b) != want {
			t.Errorf("go.mod = %q, want %q", b, want)
		}
	}
}

func TestCreateRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("precious"), 0o644)
	w, _ := Open(dir, "")
	err := w.Create(starter, "go1.26.8")
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Create in a non-empty folder: err = %v, want a refusal naming %s", err, dir)
	}
	if _, err := os.Stat(w.StateDir()); err == nil {
		t.Error("Create left a .firstrun folder in a folder it refused")
	}
}

func TestGoModVersion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"go1.26.8", "1.26.8"},
		{"1.26.8", "1.26.8"},
		{"go1.22rc1", "1.22"},
		{"go1.21.0", "1.21.0"},
		{"go1.20.3", "1.20"},
		{"go1.26.8 X:nocoverageredesign", "1.26.8"},
		{"devel go1.27-6f0c2b9e Tue Jan 1", "1.27"},
	} {
		got, err := goModVersion(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("goModVersion(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "go", "go1", "banana", "go1.x"} {
		if got, err := goModVersion(in); err == nil {
			t.Errorf("goModVersion(%q) = %q, want an error", in, got)
		}
	}
}

func TestPath(t *testing.T) {
	w, _ := Open(t.TempDir(), "")
	for _, rel := range []string{"hello.go", "sub/x.go"} {
		got, err := w.Path(rel)
		if want := filepath.Join(w.Dir, filepath.FromSlash(rel)); err != nil || got != want {
			t.Errorf("Path(%q) = %q, %v; want %q", rel, got, err, want)
		}
	}
	for _, rel := range []string{"/etc/passwd", "../x", "a/../../x", "", ".."} {
		if got, err := w.Path(rel); err == nil {
			t.Errorf("Path(%q) = %q, want an error", rel, got)
		} else if rel != "" && !strings.Contains(err.Error(), rel) {
			t.Errorf("Path(%q) error %q does not name the path", rel, err)
		}
	}
}

func TestFindGo(t *testing.T) {
	exe := "go"
	if runtime.GOOS == "windows" {
		exe = "go.exe"
	}
	fake := func(dir string) string {
		os.MkdirAll(dir, 0o755)
		p := filepath.Join(dir, exe)
		os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755)
		return p
	}
	tmp := t.TempDir()
	wrapper, real, empty := filepath.Join(tmp, "wrapper"), filepath.Join(tmp, "real"), filepath.Join(tmp, "empty")
	fake(wrapper)
	os.WriteFile(filepath.Join(wrapper, wrapperMarker), nil, 0o644)
	want := fake(real)
	os.MkdirAll(empty, 0o755)
	list := strings.Join([]string{empty, "relative", wrapper, real}, string(filepath.ListSeparator))

	if got, err := FindGo(list); err != nil || got != want {
		t.Errorf("FindGo(%q) = %q, %v; want %q (the wrapper folder skipped)", list, got, err, want)
	}
	if got, err := FindGo(empty); !errors.Is(err, ErrNoGo) {
		t.Errorf("FindGo(%q) = %q, %v; want ErrNoGo", empty, got, err)
	}
}
