package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// cacheState checks the learner's private build cache: empty before the cold run, populated
// after it.
type cacheState struct {
	common     `yaml:",inline"`
	Want       string `yaml:"want"`
	MinEntries int    `yaml:"min_entries"`
}

func (c *cacheState) validate() error {
	if c.Want != "empty" && c.Want != "populated" {
		return fmt.Errorf("want %q: expected empty or populated", c.Want)
	}
	return nil
}

func (c *cacheState) Run(_ context.Context, e *Env) Result {
	st, err := sandbox.ReadCacheStats(e.WS.CacheDir())
	if err != nil {
		return fail(err.Error())
	}
	if c.Want == "empty" {
		if st.Entries > 0 {
			return fail(e.T.F("cache.notempty", st.Entries, humanBytes(st.Bytes)))
		}
		return pass(e.T.F("cache.empty"))
	}
	if st.Entries == 0 {
		return fail(e.T.F("cache.none"))
	}
	if st.Entries < c.MinEntries {
		return fail(e.T.F("cache.few", st.Entries, max(c.MinEntries, 1)))
	}
	return pass(e.T.F("cache.populated", st.Entries, humanBytes(st.Bytes)))
}

// workdir finds a go-build work folder that `go run -work` kept in the workspace's GOTMPDIR.
type workdir struct {
	common `yaml:",inline"`
}

func (c *workdir) validate() error { return nil }

func (c *workdir) Run(_ context.Context, e *Env) Result {
	dirs, _ := filepath.Glob(filepath.Join(e.WS.TmpDir(), "go-build*"))
	var kept []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			kept = append(kept, d)
		}
	}
	if len(kept) == 0 {
		return fail(e.T.F("workdir.none", e.WS.TmpDir()))
	}
	return pass(e.T.F("workdir.ok", kept[len(kept)-1]))
}

// exportPath asks the learner where fmt's compiled archive is: they may type the path, or the
// engine accepts that they ran `go list -export` for the package.
type exportPath struct {
	common  `yaml:",inline"`
	Package string `yaml:"package"`
}

func (c *exportPath) validate() error { return required("package", c.Package) }

func (c *exportPath) Run(ctx context.Context, e *Env) Result {
	for _, cmd := range e.Log {
		if !cmd.Start.Before(e.StepStart) && cmd.Exit == 0 && cmd.By == "" && sandbox.RanIn(cmd, e.WS.Dir) && len(cmd.Args) > 0 && cmd.Args[0] == "list" &&
			contains(cmd.Args, "-export") && contains(cmd.Args, c.Package) {
			return pass(e.T.F("export.ran", c.Package))
		}
	}
	want, err := exportOf(ctx, e.WS, e.Environ, c.Package)
	if err != nil {
		return fail(err.Error())
	}
	got := strings.TrimSpace(e.Answer)
	if got == "" && e.Input != nil {
		got, err = e.Input(e.T.F("export.prompt", c.Package))
		if err != nil {
			return fail(err.Error())
		}
		got = strings.TrimSpace(got)
	}
	if got == "" {
		return fail(e.T.F("export.ask", c.Package))
	}
	if filepath.Clean(got) != filepath.Clean(want) {
		return fail(e.T.F("export.wrong", got, c.Package))
	}
	return pass(e.T.F("export.ok", c.Package, want))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
