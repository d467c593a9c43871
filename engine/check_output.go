package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// programOutput builds the learner's program and runs it. It builds with firstrun's own cache
// (CheckerEnv), never the learner's, so checking a step cannot warm the cache that a later
// step times. It builds rather than run the executable the learner's own go run left in their
// cache (Go 1.24+): finding that one means asking the go command in the learner's cache, which
// a check must not touch, and a Go before 1.24 keeps none. With the tool cache prepared (see
// sandbox.Preparation) the build compiles only the learner's package and links, a fraction of
// a second.
//
// With binary instead of path it runs the learner's own executable (the ./hello that go build
// left), and save_as records how long it ran, for the timing view.
type programOutput struct {
	common  `yaml:",inline"`
	Path    string   `yaml:"path"`
	Binary  string   `yaml:"binary"`
	Want    string   `yaml:"want"`
	Timeout Duration `yaml:"timeout"`
	SaveAs  string   `yaml:"save_as"`
}

func (c *programOutput) validate() error {
	switch {
	case c.Path != "" && c.Binary != "":
		return fmt.Errorf("give path (a .go file to build) or binary (an executable to run), not both")
	case c.Binary != "":
		if err := relPath("binary", c.Binary); err != nil {
			return err
		}
	default:
		if err := relPath("path", c.Path); err != nil {
			return err
		}
	}
	if c.SaveAs != "" && !idPattern.MatchString(c.SaveAs) {
		return fmt.Errorf("save_as %q: use lower-case letters, digits and dashes", c.SaveAs)
	}
	return required("want", c.Want)
}

// outputCap bounds what a runaway program can make the checker hold.
const outputCap = 64 << 10

func (c *programOutput) Run(ctx context.Context, e *Env) Result {
	name := c.Path
	var exe string
	if c.Binary != "" {
		name = "./" + c.Binary
		p, err := e.WS.Path(c.Binary)
		if err != nil {
			return fail(err.Error())
		}
		p += sandbox.ExeSuffix
		if _, err := os.Stat(p); err != nil {
			return fail(e.T.F("file.missing", c.Binary))
		}
		exe = p
	} else {
		var res *Result
		if exe, res = c.build(ctx, e); res != nil {
			return *res
		}
	}
	timeout := time.Duration(c.Timeout)
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// A program that floods its output is stopped as soon as it passes the cap.
	buf := cappedBuffer{full: cancel}
	start := time.Now()
	err := runInGroup(rctx, exe, e.WS.Dir, e.WS.Env(e.Environ), &buf)
	elapsed := time.Since(start)
	got := buf.String()
	switch {
	case buf.truncated:
		return fail(e.T.F("output.toomuch", name, humanBytes(outputCap)))
	case errors.Is(rctx.Err(), context.DeadlineExceeded):
		return fail(e.T.F("output.timeout", name, timeout))
	case err != nil:
		return fail(e.T.F("output.exit", name, err, got))
	case strings.TrimRight(got, "\r\n") != strings.TrimRight(c.Want, "\r\n"):
		return fail(e.T.F("output.wrong", name, got, c.Want))
	}
	if c.SaveAs != "" {
		e.Progress.SaveRun(c.SaveAs, sandbox.Command{Args: []string{name}, Start: start, Millis: float64(elapsed.Microseconds()) / 1000})
	}
	return pass(e.T.F("output.ok", name, strings.TrimSpace(got)))
}

// build compiles the learner's file into the state folder with the checker's environment.
func (c *programOutput) build(ctx context.Context, e *Env) (string, *Result) {
	if _, res := parseGo(e, c.Path); res != nil {
		return "", res
	}
	src, _ := e.WS.Path(c.Path)
	exe, err := e.WS.CheckerProgram()
	if err != nil {
		r := fail(err.Error())
		return "", &r
	}
	if e.ToolsReady != nil {
		// The workbook is still preparing firstrun's own cache: building now would compile
		// the same standard packages a second time, side by side.
		if err := e.ToolsReady(ctx); err != nil && ctx.Err() != nil {
			r := fail(ctx.Err().Error())
			return "", &r
		}
	}
	done := e.busy(e.T.F("output.building", c.Path))
	// The same flags as every build in firstrun's cache (sandbox.RunToolBuild): once that
	// cache is prepared, this compiles only the learner's package.
	out, err := e.WS.RunToolBuild(ctx, e.Environ, e.WS.Dir, "-o", exe, src)
	done()
	if err != nil {
		r := fail(e.T.F("output.build", c.Path, relativeErrors(string(out), e.WS.Dir)))
		if ctx.Err() != nil {
			r = fail(ctx.Err().Error())
		}
		return "", &r
	}
	return exe, nil
}

// relativeErrors shortens absolute paths in compiler output to workspace-relative ones, so the
// learner sees hello.go:5:2 as in their own terminal.
func relativeErrors(out, dir string) string {
	out = strings.ReplaceAll(out, dir+string(filepath.Separator), "")
	out = strings.ReplaceAll(out, "# command-line-arguments\n", "")
	return strings.TrimSpace(out)
}

// cappedBuffer keeps the first outputCap bytes and calls full once when more arrive. It is
// both stdout and stderr of one command, so os/exec calls Write from one goroutine at a time.
// The buffer is a field, not embedded: an embedded bytes.Buffer would bring ReadFrom along,
// and io.Copy would use it and bypass the cap.
type cappedBuffer struct {
	buf       bytes.Buffer
	truncated bool
	full      func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := outputCap - b.buf.Len(); len(p) > room {
		b.buf.Write(p[:max(room, 0)])
		if !b.truncated && b.full != nil {
			b.full()
		}
		b.truncated = true
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *cappedBuffer) String() string { return b.buf.String() }

// Duration reads "5s" / "2m" in lesson.yaml.
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: expected e.g. 5s", b)
	}
	*d = Duration(v)
	return nil
}

// exportOf asks the real go, in the learner's environment, where a package's compiled archive
// is in the learner's cache. It does not go through the wrapper, so it is not logged as if the
// learner had run it.
func exportOf(ctx context.Context, ws *sandbox.Workspace, environ []string, pkg string) (string, error) {
	if ws.RealGo == "" {
		return "", sandbox.ErrNoGo
	}
	cmd := exec.CommandContext(ctx, ws.RealGo, "list", "-export", "-f", "{{.Export}}", pkg)
	cmd.Dir = ws.Dir
	cmd.Env = ws.InspectEnv(environ)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -export %s: %w", pkg, err)
	}
	return strings.TrimSpace(string(out)), nil
}
