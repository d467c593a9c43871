package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// LauncherDir holds the launcher: a copy of the firstrun that last opened the workspace. Env
// puts it on PATH, so that `firstrun` in the workspace shell, or in a terminal after
// `eval "$(firstrun env)"`, is always that same firstrun, however it was started: `go run .`
// runs a binary from a temporary or cache folder that no PATH names, and `go install`'s
// folder is often not on PATH either.
func (w *Workspace) LauncherDir() string { return filepath.Join(w.StateDir(), "launcher") }

// LauncherPath is the launcher's executable.
func (w *Workspace) LauncherPath() string {
	return filepath.Join(w.LauncherDir(), "firstrun"+ExeSuffix)
}

// InstallLauncher makes LauncherPath the executable exe (the running firstrun, from
// os.Executable), unless it already is: the same file, or one of the same size and
// modification time (a copy is given the original's). The check is two stats, so it runs on
// every start. A hard link is tried before a copy: it costs no space and no time.
func (w *Workspace) InstallLauncher(exe string) error {
	if exe == "" {
		return errors.New("installing the firstrun launcher: the running firstrun's path is unknown")
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	src, err := os.Stat(exe)
	if err != nil {
		return fmt.Errorf("installing the firstrun launcher: %w", err)
	}
	dst := w.LauncherPath()
	if have, err := os.Stat(dst); err == nil &&
		(os.SameFile(src, have) || (have.Size() == src.Size() && have.ModTime().Equal(src.ModTime()))) {
		return nil
	}
	if err := os.MkdirAll(w.LauncherDir(), 0o755); err != nil {
		return fmt.Errorf("installing the firstrun launcher: %w", err)
	}
	removeOldLaunchers(w.LauncherDir())
	tmp := filepath.Join(w.LauncherDir(), "firstrun-"+strconv.Itoa(os.Getpid())+".tmp"+ExeSuffix)
	os.Remove(tmp)
	if err := os.Link(exe, tmp); err != nil {
		if err := copyExecutable(exe, tmp, src); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("installing the firstrun launcher: %w", err)
		}
	}
	if err := replaceFile(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("installing the firstrun launcher: %w", err)
	}
	return nil
}

// copyExecutable copies src to dst with the mode and modification time of src (fi).
func copyExecutable(src, dst string, fi os.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

// replaceFile renames tmp over dst. Windows refuses to replace an executable that is running
// (the learner's shell may be running the launcher at this moment) but lets it be renamed, so
// the old one is moved aside first and removed later, once nothing runs it.
func replaceFile(tmp, dst string) error {
	err := os.Rename(tmp, dst)
	if err == nil || runtime.GOOS != "windows" {
		return err
	}
	old := dst + "." + strconv.Itoa(os.Getpid()) + ".old"
	if os.Rename(dst, old) != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// removeOldLaunchers removes launchers moved aside by replaceFile; one still running stays
// until a later start.
func removeOldLaunchers(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".old") {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// LauncherCommand is how a learner types the launcher in a terminal where `firstrun` may not
// be on PATH: its path, shortened with ~ when it is under home, quoted for the shell where
// needed.
func (w *Workspace) LauncherCommand(home string) string {
	p := w.LauncherPath()
	if runtime.GOOS == "windows" {
		if strings.ContainsAny(p, " '&()") {
			return "& '" + strings.ReplaceAll(p, "'", "''") + "'"
		}
		return p
	}
	if home != "" && home != "/" {
		if rel, err := filepath.Rel(home, p); err == nil && filepath.IsLocal(rel) && !needsQuotes(rel) {
			return "~/" + rel
		}
	}
	if needsQuotes(p) {
		return shellQuote(p)
	}
	return p
}

// needsQuotes reports whether s means something else to a POSIX shell when typed as is.
func needsQuotes(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+,:@%", r)) {
			return true
		}
	}
	return false
}
