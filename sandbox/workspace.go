// Package sandbox owns every path a learner's workspace touches: the folder with the
// learner's files, the hidden .firstrun state folder inside it (private build cache, work
// folders, the `go` wrapper and its command log), and the environment that points the go
// command at them, so nothing the workbook does reaches the user's real cache or $HOME.
package sandbox

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/otiai10/copy"
)

// Workspace is a learner's folder plus its hidden state folder.
type Workspace struct {
	Dir    string // absolute workspace folder (learner's files: hello.go, go.mod ...)
	RealGo string // absolute path of the real `go` binary (found on PATH at start, never the wrapper)

	// ToolCache, when set (from FIRSTRUN_TOOLCACHE), replaces the per-workspace cache for
	// firstrun's own builds, so tests and repeated workspaces compile the wrapper once.
	ToolCache string

	now  func() time.Time // injectable clock for log entries firstrun writes itself
	seen atomic.Bool      // Exists has been true once: a missing workspace now was deleted
}

// ErrNoGo means no `go` was found on PATH; the workbook cannot teach anything without
// the toolchain, so its text tells the user what to do.
var ErrNoGo = errors.New("the Go toolchain was not found: no `go` on PATH. Install Go from https://go.dev/dl/ and try again")

// wrapperMarker marks a folder holding firstrun's `go` wrapper. FindGo skips such folders:
// started from inside `firstrun shell`, the first `go` on PATH is the wrapper, and using
// it as the real go would make the wrapper run itself.
const wrapperMarker = ".firstrun-wrapper"

// workspaceMarker is the file that proves a folder is a workspace, relative to Dir; reset
// deletes nothing without it.
const workspaceMarker = ".firstrun/WORKSPACE"

const workspaceMarkerText = "This folder is a firstrun workspace. `firstrun reset` may delete it.\n"

// ExeSuffix is what executables' names end in: ".exe" on Windows, "" elsewhere.
var ExeSuffix = func() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}()

// FindGo looks up `go` in pathEnv (a PATH value) the way a shell would, skipping folders
// that hold a firstrun wrapper, so the result is always the real toolchain. It returns
// ErrNoGo when there is none.
func FindGo(pathEnv string) (string, error) {
	for _, dir := range filepath.SplitList(pathEnv) {
		// Relative entries (and "", meaning ".") would make the answer depend on the
		// current folder; exec.LookPath refuses them for the same reason.
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, wrapperMarker)); err == nil {
			continue
		}
		p := filepath.Join(dir, "go"+ExeSuffix)
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0 {
			continue
		}
		return p, nil
	}
	return "", ErrNoGo
}

// DefaultDir is where a workspace goes when the user names none: a visible folder in
// home, so the learner can find and open the files the lessons talk about.
func DefaultDir(home string) string {
	return filepath.Join(home, "firstrun-workspace")
}

// Open describes the workspace at dir without creating anything, so commands that only
// read (status, env) stay fast and leave no folder behind.
func Open(dir, realGo string) (*Workspace, error) {
	if dir == "" {
		return nil, errors.New("opening workspace: no folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("opening workspace %s: %w", dir, err)
	}
	return &Workspace{Dir: abs, RealGo: realGo, now: time.Now}, nil
}

// Exists reports whether Dir has been made a workspace by Create (the marker file is
// there), which is also what reset requires before it deletes anything.
func (w *Workspace) Exists() bool {
	ok := w.exists()
	if ok {
		w.seen.Store(true)
	}
	return ok
}

func (w *Workspace) exists() bool {
	fi, err := os.Stat(w.markerPath())
	return err == nil && fi.Mode().IsRegular()
}

func (w *Workspace) markerPath() string {
	return filepath.Join(w.Dir, filepath.FromSlash(workspaceMarker))
}

// StateDir is the hidden folder for everything firstrun keeps; the go tool ignores
// folders starting with ".", so it never shows up in `go build ./...`.
func (w *Workspace) StateDir() string { return filepath.Join(w.Dir, ".firstrun") }

// CacheDir is the learner's private GOCACHE: it starts empty, so the first `go run` is
// cold as the lessons promise, and clearing it never touches the user's real cache.
func (w *Workspace) CacheDir() string { return filepath.Join(w.StateDir(), "gocache") }

// TmpDir is the learner's GOTMPDIR, so the go-build work folders the lessons talk about
// appear where the learner can look at them.
func (w *Workspace) TmpDir() string { return filepath.Join(w.StateDir(), "tmp") }

// BinDir is the learner's GOBIN, so `go install` lands inside the workspace.
func (w *Workspace) BinDir() string { return filepath.Join(w.StateDir(), "bin") }

// WrapperDir holds the logging `go` wrapper; Env puts it first on PATH.
func (w *Workspace) WrapperDir() string { return filepath.Join(w.StateDir(), "wrapper") }

// LogPath is the append-only JSON-lines log the wrapper writes, one line per go command.
func (w *Workspace) LogPath() string { return filepath.Join(w.StateDir(), "commands.jsonl") }

// WrapperPath is the `go` wrapper's executable, which the learner's PATH finds first.
func (w *Workspace) WrapperPath() string { return filepath.Join(w.WrapperDir(), "go"+ExeSuffix) }

// CheckerProgram is where firstrun builds the learner's program to check its output, away
// from the learner's files, cache and work folders. It makes sure the checker's work folder
// (CheckerEnv's GOTMPDIR) exists, since go refuses a missing GOTMPDIR.
func (w *Workspace) CheckerProgram() (string, error) {
	if err := os.MkdirAll(w.checkTmpDir(), 0o755); err != nil {
		return "", err
	}
	return filepath.Join(w.checkDir(), "program"+ExeSuffix), nil
}

// GoVersionStampPath remembers which Go release the learner's go binary is.
func (w *Workspace) GoVersionStampPath() string { return filepath.Join(w.StateDir(), "goversion.json") }

// ProgressPath is where the engine keeps the learner's progress.
func (w *Workspace) ProgressPath() string { return filepath.Join(w.StateDir(), "progress.json") }

// ToolCacheDir is the GOCACHE for firstrun's own builds (the wrapper, the checker's build
// of the learner's program), kept apart from CacheDir so they never warm the learner's cache.
func (w *Workspace) ToolCacheDir() string {
	if w.ToolCache != "" {
		return w.ToolCache
	}
	return filepath.Join(w.StateDir(), "toolcache")
}

// checkDir holds the work folders of firstrun's own builds.
func (w *Workspace) checkDir() string    { return filepath.Join(w.StateDir(), "check") }
func (w *Workspace) checkTmpDir() string { return filepath.Join(w.checkDir(), "tmp") }

// Path turns a learner-relative, slash-separated path from lesson data into a path in Dir.
// It refuses absolute paths and paths that climb out, so no lesson can touch files
// outside the workspace.
func (w *Workspace) Path(rel string) (string, error) {
	native := filepath.FromSlash(rel)
	switch {
	case rel == "":
		return "", errors.New("workspace path is empty")
	case path.IsAbs(rel) || filepath.IsAbs(native) || filepath.VolumeName(native) != "" || strings.HasPrefix(rel, `\`):
		return "", fmt.Errorf("workspace path %q is absolute; want a path relative to the workspace", rel)
	case !filepath.IsLocal(native):
		return "", fmt.Errorf("workspace path %q leaves the workspace folder (\"..\" climbs above it)", rel)
	}
	return filepath.Join(w.Dir, native), nil
}

// Create makes Dir a workspace: the marker, the state folders and the starter files
// (starter may be nil). It is safe to call again: files the learner already has are kept.
// It refuses a non-empty folder that is not a workspace, so it never mixes lesson files
// into someone's project.
func (w *Workspace) Create(starter fs.FS, goVersion string) error {
	modVersion, err := goModVersion(goVersion)
	if err != nil {
		return fmt.Errorf("creating workspace %s: %w", w.Dir, err)
	}
	if !w.Exists() {
		empty, err := isEmptyDir(w.Dir)
		if err != nil {
			return fmt.Errorf("creating workspace %s: %w", w.Dir, err)
		}
		if !empty {
			return &NotEmptyError{Dir: w.Dir, Marker: workspaceMarker}
		}
	}
	for _, d := range []string{w.Dir, w.StateDir(), w.CacheDir(), w.TmpDir(), w.BinDir(), w.checkTmpDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("creating workspace: %w", err)
		}
	}
	// The marker goes first, so a half-made workspace can still be reset.
	if err := os.WriteFile(w.markerPath(), []byte(workspaceMarkerText), 0o644); err != nil {
		return fmt.Errorf("creating workspace: %w", err)
	}
	if err := copyStarter(starter, w.Dir); err != nil {
		return fmt.Errorf("copying starter files into %s: %w", w.Dir, err)
	}
	goMod := filepath.Join(w.Dir, "go.mod")
	if _, err := os.Lstat(goMod); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(goMod, []byte("module hello\n\ngo "+modVersion+"\n"), 0o644); err != nil {
			return fmt.Errorf("creating workspace: %w", err)
		}
	}
	return nil
}

// isEmptyDir reports whether dir is missing or an empty folder.
func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return false, err
	} else if !fi.IsDir() {
		return false, fmt.Errorf("%s is a file, not a folder", dir)
	}
	_, err = f.ReadDir(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// copyStarter copies starter into dir without overwriting anything already there.
func copyStarter(starter fs.FS, dir string) error {
	if starter == nil {
		return nil
	}
	return copy.Copy(".", dir, copy.Options{
		FS: slashFS{starter},
		// embed.FS files are 0444 and folders 0555, and fstest.MapFS files default to 0:
		// adding 0644 (not just 0200) leaves every file readable and writable by the learner.
		PermissionControl: copy.AddPermission(0o644),
		// go.mod cannot be embedded (it cuts its folder out of the embed), so starters ship
		// go.mod.tmpl.
		RenameDestination: func(_, dest string) (string, error) { return starterDest(dest), nil },
		// Skip runs before RenameDestination, so it maps the name itself.
		Skip: func(info os.FileInfo, _, dest string) (bool, error) {
			if info.IsDir() {
				return false, nil // merge into an existing folder
			}
			_, err := os.Lstat(starterDest(dest))
			if errors.Is(err, fs.ErrNotExist) {
				return false, nil
			}
			return err == nil, err // the learner's file wins
		},
	})
}

func starterDest(dest string) string {
	if filepath.Base(dest) == "go.mod.tmpl" {
		return filepath.Join(filepath.Dir(dest), "go.mod")
	}
	return dest
}

// slashFS undoes a trap in otiai10/copy: it joins child paths with filepath.Join, which
// on Windows yields "sub\x.go", an invalid fs.FS path; the copy then silently skips the
// file because the error looks like "not exist".
type slashFS struct{ fsys fs.FS }

func (s slashFS) Open(name string) (fs.File, error) { return s.fsys.Open(filepath.ToSlash(name)) }

// goModVersion turns a Go version as `go env GOVERSION` or runtime.Version print it
// ("go1.26.8", "go1.22rc1", "go1.27-devel_abc ...") into a go.mod go line ("1.26.8",
// "1.22"). Before Go 1.21 the go line took only major.minor.
func goModVersion(v string) (string, error) {
	s := strings.TrimPrefix(strings.TrimSpace(v), "devel ")
	if i := strings.IndexAny(s, " -"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "go")
	end := strings.IndexFunc(s, func(r rune) bool { return r != '.' && (r < '0' || r > '9') })
	if end >= 0 {
		s = s[:end] // drop rc1, beta2
	}
	parts := strings.Split(strings.TrimSuffix(s, "."), ".")
	bad := fmt.Errorf("cannot read a Go version from %q; want something like go1.26.8", v)
	if len(parts) < 2 || len(parts) > 3 {
		return "", bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", bad
		}
		nums[i] = n
	}
	if nums[0] == 1 && nums[1] < 21 {
		parts = parts[:2]
	}
	return strings.Join(parts, "."), nil
}
