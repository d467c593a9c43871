package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ResetFiles starts the lessons over in the same folder: it deletes the learner's files
// and the private cache, work folders, GOBIN and log, then copies the starter again.
// The wrapper and the tool cache stay, so the reset costs no rebuild of firstrun's own
// tools. Progress is the engine's to keep or delete. Like ResetAll, it refuses a folder
// that is not a workspace.
func (w *Workspace) ResetFiles(starter fs.FS, goVersion string) error {
	if err := w.requireMarker(); err != nil {
		return err
	}
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		return fmt.Errorf("resetting workspace: %w", err)
	}
	var doomed []string
	for _, e := range entries {
		if e.Name() != filepath.Base(w.StateDir()) {
			doomed = append(doomed, filepath.Join(w.Dir, e.Name()))
		}
	}
	doomed = append(doomed, w.CacheDir(), w.TmpDir(), w.BinDir(), w.LogPath())
	for _, p := range doomed {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("resetting workspace: %w", err)
		}
	}
	return w.Create(starter, goVersion)
}

// ResetAll deletes the whole workspace folder. Only a folder with the marker file is
// deleted: a mistyped --dir must never remove someone's home or project.
func (w *Workspace) ResetAll() error {
	if err := w.requireMarker(); err != nil {
		return err
	}
	if err := os.RemoveAll(w.Dir); err != nil {
		return fmt.Errorf("deleting workspace: %w", err)
	}
	return nil
}

func (w *Workspace) requireMarker() error {
	if !w.Exists() {
		return fmt.Errorf("refusing to reset %s: it is not a firstrun workspace (no %s)", w.Dir, workspaceMarker)
	}
	return nil
}
