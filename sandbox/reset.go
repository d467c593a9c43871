package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// NotWorkspaceError is a reset refused because Dir has no workspace marker: a mistyped
// --workspace must never lose (or gain) anything.
type NotWorkspaceError struct {
	Dir    string
	Marker string // the marker file that was missing, relative to Dir
}

func (e *NotWorkspaceError) Error() string {
	return fmt.Sprintf("refusing to reset %s: it is not a firstrun workspace (no %s)", e.Dir, e.Marker)
}

// LinkError is a reset refused because a folder it would delete in is a symbolic link:
// deleting through it would empty a folder outside the workspace.
type LinkError struct {
	Path   string // the link
	Target string // where it points
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("refusing to reset: %s is a symbolic link to %s, and firstrun never deletes through a link", e.Path, e.Target)
}

// CheckResettable is what every reset checks before it deletes or creates anything: the
// folder is a workspace, and neither it nor its state folder is a link to somewhere else
// (the folder a link points to can be given as --workspace itself).
func (w *Workspace) CheckResettable() error {
	for _, p := range []string{w.Dir, w.StateDir()} {
		if target, ok := linkTarget(p); ok {
			return &LinkError{Path: p, Target: target}
		}
	}
	if !w.Exists() {
		return &NotWorkspaceError{Dir: w.Dir, Marker: workspaceMarker}
	}
	return nil
}

// CacheLink reports where the learner's cache folder points when it is a symbolic link (a
// learner may link it to their real ~/.cache/go-build). Resets replace only the link.
func (w *Workspace) CacheLink() (string, bool) { return linkTarget(w.CacheDir()) }

// linkTarget reports whether path itself is a symbolic link (or, on Windows, a junction),
// and where it points.
func linkTarget(path string) (string, bool) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) == 0 {
		return "", false
	}
	target, err := os.Readlink(path)
	if err != nil {
		target = "?"
	}
	return target, true
}

// ResetFiles starts the lessons over in the same folder: it deletes the learner's files
// and the private cache, work folders, GOBIN and log, then copies the starter again.
// The wrapper and the tool cache stay, so the reset costs no rebuild of firstrun's own
// tools. Progress is the engine's to keep or delete. Like ResetAll, it refuses a folder
// that is not a workspace. Everything the new start needs (the Go version for go.mod, a
// readable starter) is checked before the first delete, so a failed reset loses nothing.
// os.RemoveAll removes a link rather than what it points to, so no delete here goes
// through a link (the state folder itself is checked by CheckResettable).
func (w *Workspace) ResetFiles(starter fs.FS, goVersion string) error {
	if err := w.CheckResettable(); err != nil {
		return err
	}
	if _, err := goModVersion(goVersion); err != nil {
		return fmt.Errorf("resetting workspace %s: nothing was deleted: %w", w.Dir, err)
	}
	if err := readableStarter(starter); err != nil {
		return fmt.Errorf("resetting workspace %s: nothing was deleted: the starter files cannot be read: %w", w.Dir, err)
	}
	names, err := w.LearnerFiles()
	if err != nil {
		return fmt.Errorf("resetting workspace: %w", err)
	}
	var doomed []string
	for _, name := range names {
		doomed = append(doomed, filepath.Join(w.Dir, name))
	}
	doomed = append(doomed, w.CacheDir(), w.TmpDir(), w.BinDir(), w.LogPath())
	for _, p := range doomed {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("resetting workspace: %w", err)
		}
	}
	return w.Create(starter, goVersion)
}

// LearnerFiles names what is in the workspace folder besides firstrun's state folder: the
// learner's files and programs, which ResetFiles deletes (a reset asks first, listing them).
func (w *Workspace) LearnerFiles() ([]string, error) {
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(w.StateDir()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// readableStarter reads every starter file once, so a pack folder that went away or a file
// that cannot be read stops a reset before it deletes the learner's files.
func readableStarter(starter fs.FS) error {
	if starter == nil {
		return nil
	}
	return fs.WalkDir(starter, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s: the starter may not hold symbolic links", p)
		}
		if d.IsDir() {
			return nil
		}
		_, err = fs.ReadFile(starter, p)
		return err
	})
}

// ResetAll deletes the whole workspace folder. Only a folder with the marker file is
// deleted: a mistyped --dir must never remove someone's home or project.
func (w *Workspace) ResetAll() error {
	if err := w.CheckResettable(); err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		// Windows cannot delete a running program: removing the workspace from its own
		// launcher would delete the marker and everything else, then fail, and leave a folder
		// that is no longer a workspace. Refuse before anything is deleted.
		if exe, err := os.Executable(); err == nil && insideDir(exe, w.Dir) {
			return fmt.Errorf("firstrun is running from inside the workspace (%s), and Windows cannot delete a running program. Nothing was deleted: run the reset from another terminal, with the firstrun you started the workbook with", exe)
		}
	}
	if err := os.RemoveAll(w.Dir); err != nil {
		return fmt.Errorf("deleting workspace: %w", err)
	}
	w.seen.Store(false) // deleted by firstrun itself, as asked: not Gone
	return nil
}

// insideDir: path is dir or below it.
func insideDir(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel)
}
