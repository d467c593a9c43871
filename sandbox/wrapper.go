package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

//go:embed gowrapper/main.go
var wrapperSource []byte

// wrapperGoMod stops the go command from walking up to the learner's go.mod while it
// builds the wrapper: a learner who breaks go.mod (or asks for a newer Go) would
// otherwise break the wrapper build too.
const wrapperGoMod = "module firstrun.invalid/gowrapper\n\ngo 1.21\n"

// EnsureWrapper builds the logging `go` wrapper into WrapperDir with the real go, unless
// the one there was built from the same source by the same go binary. That check is a
// stat of the real go, a stat of the wrapper and a read of the small marker file, so it
// is cheap enough to run before every lesson step.
func (w *Workspace) EnsureWrapper(ctx context.Context) error {
	return w.ensureWrapper(ctx, false)
}

// WrapperCurrent reports whether the wrapper in WrapperDir is the one EnsureWrapper would
// build, so that nothing needs building.
func (w *Workspace) WrapperCurrent() bool {
	want, err := w.wrapperStamp()
	return err == nil && w.wrapperMatches(want)
}

func (w *Workspace) wrapperMatches(want []byte) bool {
	have, err := os.ReadFile(filepath.Join(w.WrapperDir(), wrapperMarker))
	if err != nil || !bytes.Equal(have, want) {
		return false
	}
	_, err = os.Stat(w.WrapperPath())
	return err == nil
}

// ensureWrapper is EnsureWrapper; with background the build runs at a lower priority (see
// Prepare).
func (w *Workspace) ensureWrapper(ctx context.Context, background bool) error {
	if w.RealGo == "" {
		return fmt.Errorf("building the go wrapper: %w", ErrNoGo)
	}
	want, err := w.wrapperStamp()
	if err != nil {
		return fmt.Errorf("building the go wrapper: %w", err)
	}
	if w.wrapperMatches(want) {
		return nil
	}

	srcDir := w.toolSrcDir()
	for _, d := range []string{w.WrapperDir(), srcDir, w.checkTmpDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("building the go wrapper: %w", err)
		}
	}
	// One build at a time: the workbook builds in the background while the learner may
	// already run `firstrun env` in a second terminal. The second waits, then finds the
	// wrapper built.
	unlock, err := lockContext(ctx, filepath.Join(w.checkDir(), "wrapper.lock"))
	if err != nil {
		return fmt.Errorf("building the go wrapper: %w", err)
	}
	defer unlock()
	if w.wrapperMatches(want) {
		return nil
	}
	marker := filepath.Join(w.WrapperDir(), wrapperMarker)
	// Mark the folder before a wrapper exists in it, so FindGo never takes it for the real go,
	// but with no valid stamp, so a failed build is retried next time.
	if err := os.WriteFile(marker, wrapperMarkerText(nil), 0o644); err != nil {
		return fmt.Errorf("building the go wrapper: %w", err)
	}
	if err := os.WriteFile(filepath.Join(srcDir, "main.go"), wrapperSource, 0o644); err != nil {
		return fmt.Errorf("building the go wrapper: %w", err)
	}
	if err := os.WriteFile(filepath.Join(srcDir, "go.mod"), []byte(wrapperGoMod), 0o644); err != nil {
		return fmt.Errorf("building the go wrapper: %w", err)
	}
	// Build next to the target and rename, so a shell using the wrapper at this moment
	// never runs a half-written file.
	tmp := filepath.Join(w.WrapperDir(), "go-"+strconv.Itoa(os.Getpid())+".tmp"+ExeSuffix)
	if out, err := w.runToolBuild(ctx, os.Environ(), srcDir, background, "-ldflags=-s -w", "-o", tmp, "main.go"); err != nil {
		os.Remove(tmp)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("building the go wrapper with %s: %w\n%s", w.RealGo, err, out)
	}
	if err := os.Rename(tmp, w.WrapperPath()); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("installing the go wrapper: %w", err)
	}
	if err := os.WriteFile(marker, want, 0o644); err != nil {
		return fmt.Errorf("building the go wrapper: %w", err)
	}
	return nil
}

// wrapperStamp is the marker content for a wrapper built from this source by this go
// binary for this machine; a Go upgrade (new size or mtime), a new firstrun version or a
// wrapper built for another platform changes it.
func (w *Workspace) wrapperStamp() ([]byte, error) {
	fi, err := os.Stat(w.RealGo)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s", wrapperSource, w.RealGo, fi.Size(), fi.ModTime().UnixNano(), builtFor())
	return wrapperMarkerText(h.Sum(nil)), nil
}

func wrapperMarkerText(stamp []byte) []byte {
	return fmt.Appendf(nil, "This folder holds firstrun's `go` wrapper, which logs each go command and runs the real go.\nstamp %x\n", stamp)
}
