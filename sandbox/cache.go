package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// CacheStats counts a build cache folder (the learner's private cache or any GOCACHE),
// so lessons can show it filling up after the first run and staying put after the second.
type CacheStats struct {
	Entries int   // index entries: "-a" files, one per cached action
	Outputs int   // outputs: "-d" files, and "-d" folders holding a cached go run executable
	Bytes   int64 // size of every file in the tree
	Exists  bool  // the folder exists
}

// ReadCacheStats counts the cache at dir. It looks only in the 256 two-hex-digit folders
// where cmd/go keeps entries, so README and trim.txt are not entries (their bytes count).
// A missing dir is an empty cache that does not exist yet.
func ReadCacheStats(dir string) (CacheStats, error) {
	var st CacheStats
	top, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading build cache: %w", err)
	}
	st.Exists = true
	for _, sub := range top {
		if !sub.IsDir() || !isHexByte(sub.Name()) {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(dir, sub.Name()))
		if err != nil {
			return st, fmt.Errorf("reading build cache: %w", err)
		}
		for _, e := range entries {
			switch {
			case strings.HasSuffix(e.Name(), "-a"):
				st.Entries++
			case strings.HasSuffix(e.Name(), "-d"):
				st.Outputs++
			}
		}
	}
	err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			st.Bytes += info.Size()
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("reading build cache: %w", err)
	}
	return st, nil
}

func isHexByte(name string) bool {
	if len(name) != 2 {
		return false
	}
	for _, c := range name {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ClearCache empties the learner's cache so the next `go run` is cold again. It deletes
// the files itself rather than running `go clean -cache`, which fails on a cache the
// learner broke on purpose. The clean is logged (By "firstrun") so lessons can tell a
// cold run after a reset from a surprising one. Like every reset it refuses a folder that
// is not a workspace, and creates nothing there. A cache folder that is a symbolic link
// (see CacheLink) is never emptied: only the link is replaced by an empty folder.
func (w *Workspace) ClearCache() error {
	if err := w.CheckResettable(); err != nil {
		return err
	}
	start := w.clock()
	if _, isLink := w.CacheLink(); isLink {
		if err := os.Remove(w.CacheDir()); err != nil {
			return fmt.Errorf("clearing build cache: %w", err)
		}
	} else {
		entries, err := os.ReadDir(w.CacheDir())
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clearing build cache: %w", err)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(w.CacheDir(), e.Name())); err != nil {
				return fmt.Errorf("clearing build cache: %w", err)
			}
		}
	}
	if err := os.MkdirAll(w.CacheDir(), 0o755); err != nil {
		return fmt.Errorf("clearing build cache: %w", err)
	}
	return AppendLog(w.LogPath(), Command{
		Args:   []string{"clean", "-cache"},
		Dir:    w.Dir,
		Start:  start,
		Millis: float64(w.clock().Sub(start)) / float64(time.Millisecond),
		By:     "firstrun",
	})
}

// clock is time.Now unless a test set w.now.
func (w *Workspace) clock() time.Time {
	if w.now != nil {
		return w.now()
	}
	return time.Now()
}
