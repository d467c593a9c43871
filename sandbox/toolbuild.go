package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// toolBuildFlags are the flags of every build firstrun makes in its own cache: the go
// wrapper, warming the tool cache, and the checker's build of the learner's program.
// -trimpath is part of every package's cache key, so two of these builds that differed in it
// would compile the standard library twice into the same cache (issue 8: the wrapper had it,
// the checker did not, and the check of lesson 1's cold step waited for a second cold build).
// Link-only flags such as -ldflags do not change a package's key and may differ.
var toolBuildFlags = []string{"-trimpath"}

// RunToolBuild runs a `go build` of firstrun's own in dir and returns its combined output:
// the real go, CheckerEnv(base) and the flags every such build shares (see toolBuildFlags),
// so that each reuses the packages the others compiled into ToolCacheDir. args follow the
// shared flags. The build runs in its own process group; cancelling ctx ends the go command
// and the compilers it started. Each build has a work folder of its own, removed when it
// ends, since a go build that is interrupted leaves its work folder behind.
func (w *Workspace) RunToolBuild(ctx context.Context, base []string, dir string, args ...string) ([]byte, error) {
	return w.runToolBuild(ctx, base, dir, false, args...)
}

// runToolBuild is RunToolBuild; with background the build runs at a lower priority, so that
// it slows down a learner's command running at the same moment as little as possible.
func (w *Workspace) runToolBuild(ctx context.Context, base []string, dir string, background bool, args ...string) ([]byte, error) {
	if w.RealGo == "" {
		return nil, ErrNoGo
	}
	if err := os.MkdirAll(w.checkTmpDir(), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(w.checkTmpDir(), "build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, w.RealGo, append(append([]string{"build"}, toolBuildFlags...), args...)...)
	cmd.Dir = dir
	cmd.Env = editEnv(w.CheckerEnv(base), []envVar{{key: "GOTMPDIR", value: tmp}})
	inToolGroup(cmd)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if background {
		lowerPriority(cmd)
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		return out.Bytes(), ctx.Err()
	}
	return out.Bytes(), err
}

// WarmToolCache compiles pkgs (standard-library import paths, such as those the lessons'
// programs import) into ToolCacheDir with the shared flags, so that a later check compiles
// only the learner's own package. Paths that are not in the standard library are skipped:
// the workspace is offline. With background, the build runs at a lower priority, so that it
// slows down a learner's command running at the same moment as little as possible.
func (w *Workspace) WarmToolCache(ctx context.Context, base []string, pkgs []string, background bool) error {
	std := StdImports(pkgs)
	if len(std) == 0 {
		return nil
	}
	// In the wrapper's own module, so that a broken go.mod of the learner's changes nothing.
	dir := w.toolSrcDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("preparing firstrun's build cache: %w", err)
	}
	// Written only when it differs: another firstrun may be building the wrapper from this
	// folder (under the wrapper lock), and must never read a go.mod cut short.
	gomod := filepath.Join(dir, "go.mod")
	if old, err := os.ReadFile(gomod); err != nil || string(old) != wrapperGoMod {
		if err := os.WriteFile(gomod, []byte(wrapperGoMod), 0o644); err != nil {
			return fmt.Errorf("preparing firstrun's build cache: %w", err)
		}
	}
	if out, err := w.runToolBuild(ctx, base, dir, background, std...); err != nil {
		return fmt.Errorf("preparing firstrun's build cache: go build %s: %w\n%s", strings.Join(std, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// StdImports returns the standard-library paths among imports, sorted and without
// duplicates. A standard import path has no dot in its first element; "C" (cgo) and
// "unsafe" compile nothing.
func StdImports(imports []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range imports {
		first, _, _ := strings.Cut(p, "/")
		if p == "" || p == "C" || p == "unsafe" || strings.Contains(first, ".") || seen[p] ||
			strings.HasPrefix(p, "-") || strings.ContainsAny(p, " \t\\") {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// toolSrcDir holds the sources of the wrapper firstrun builds.
func (w *Workspace) toolSrcDir() string { return filepath.Join(w.checkDir(), "wrapper-src") }
