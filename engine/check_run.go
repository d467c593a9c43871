package engine

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// ran checks the wrapper's log: the learner ran a go command since the step began, and it
// ended as the step expects (exit 0 unless `exit` or `fails` say otherwise) and printed what
// the step looks for. It is how the workbook knows what really happened in the learner's
// terminal.
type ran struct {
	common      `yaml:",inline"`
	Command     string `yaml:"command"`
	Cold        bool   `yaml:"cold"`
	SaveAs      string `yaml:"save_as"`
	Compiles    *int   `yaml:"compiles"`
	Links       *int   `yaml:"links"`
	MinCompiles *int   `yaml:"min_compiles"`
	MaxCompiles *int   `yaml:"max_compiles"`
	// Exit is the exit code the run must end with (default 0); Fails accepts any failure.
	Exit  *int `yaml:"exit"`
	Fails bool `yaml:"fails"`
	// Which is the run that counts when there are several (check_ran_output.go).
	Which  string       `yaml:"which"`
	Stdout *outputMatch `yaml:"stdout"`
	Stderr *outputMatch `yaml:"stderr"`
	Output *outputMatch `yaml:"output"`
	words  []string     // the command after "go", read against the workspace's module when checked
}

func (c *ran) validate() error {
	if err := required("command", c.Command); err != nil {
		return err
	}
	f := strings.Fields(c.Command)
	if len(f) < 2 || f[0] != "go" {
		return fmt.Errorf("command %q: expected a go command such as \"go run hello.go\"", c.Command)
	}
	c.words = f[1:]
	if c.SaveAs != "" && !idPattern.MatchString(c.SaveAs) {
		return fmt.Errorf("save_as %q: use lower-case letters, digits and dashes", c.SaveAs)
	}
	switch {
	case c.Exit != nil && c.Fails:
		return fmt.Errorf("give exit (one exit code) or fails: true (any failure), not both")
	case c.Exit != nil && (*c.Exit < 0 || *c.Exit > 255):
		return fmt.Errorf("exit: %d: an exit code is 0 to 255", *c.Exit)
	}
	switch c.Which {
	case "", "any", "first", "last":
	default:
		return fmt.Errorf("which %q: expected first, last or any (the default)", c.Which)
	}
	return nil
}

func (c *ran) needsX() bool {
	return c.Compiles != nil || c.Links != nil || c.MinCompiles != nil || c.MaxCompiles != nil
}

// pattern is the lesson's command as the go command reads it, typed in the workspace.
func (c *ran) pattern(module string) goCommand {
	return parseGoCommand(c.words, "", "", module, false)
}

// buildsNothing lists go subcommands that never write to the build cache.
var buildsNothing = map[string]bool{"version": true, "env": true, "help": true, "doc": true, "fmt": true, "mod": true, "telemetry": true}

func cleansCache(c sandbox.Command) bool {
	if len(c.Args) == 0 || c.Args[0] != "clean" || c.Exit != 0 {
		return false
	}
	return parseGoCommand(c.Args, "", "", "", false).Flags["cache"] == "true"
}

// matchingRun is a logged command that the pattern accepts, with whether the build cache was
// empty when it started.
type matchingRun struct {
	cmd      *sandbox.Command
	wasEmpty bool
}

func (c *ran) Run(_ context.Context, e *Env) Result {
	module := workspaceModule(e.WS.Dir)
	pattern := c.pattern(module)
	noX, hasX := pattern.without("x")
	var matching []matchingRun
	var withoutX, similar *sandbox.Command
	cacheEmpty := e.StartCache.Entries == 0
	for i := range e.Log {
		cmd := &e.Log[i]
		if cmd.Start.Before(e.StepStart) {
			continue
		}
		wasEmpty := cacheEmpty
		if cleansCache(*cmd) {
			cacheEmpty = true
		} else if len(cmd.Args) > 0 && !buildsNothing[cmd.Args[0]] {
			cacheEmpty = false
		}
		if cmd.By != "" {
			continue
		}
		g := parseGoCommand(cmd.Args, e.WS.Dir, cmd.Dir, module, true)
		if !pattern.accepts(g) {
			if hasX && cmd.Exit == 0 && noX.accepts(g) {
				withoutX = cmd
			} else if g.Sub == pattern.Sub {
				similar = cmd // e.g. `go run .` where the step asks for `go run hello.go`
			}
			continue
		}
		matching = append(matching, matchingRun{cmd, wasEmpty})
	}
	if c.Which == "last" && len(matching) > 1 {
		matching = matching[len(matching)-1:] // only what the learner ran last counts
	}
	// found is the run that satisfies the check; the others remember why nothing did, so the
	// learner is told the most useful thing.
	var found, failed, miscounted, wrongExit, wrongOutput *sandbox.Command
	var sawWarm bool
	var outputWhy string
	for _, m := range matching {
		cmd := m.cmd
		switch {
		case (cmd.Interrupted && cmd.Exit != 0) || cmd.Exit == -1:
			failed = cmd // stopped: never the failure a step expects
		case !c.exitOK(cmd.Exit) && c.expectsFailure():
			wrongExit = cmd
		case !c.exitOK(cmd.Exit):
			failed = cmd
		case c.Cold && !m.wasEmpty:
			sawWarm = true
		case !c.countsOK(cmd):
			miscounted = cmd
		default:
			if why := c.outputWhy(e.T, cmd); why != "" {
				wrongOutput, outputWhy = cmd, why
				continue
			}
			if found == nil || c.Which != "first" {
				found = cmd // the first qualifying run for which: first, else the latest
			}
		}
	}
	if found == nil {
		switch {
		case miscounted != nil && miscounted.Compiles == nil:
			return fail(e.T.F("ran.needx", c.Command, withX(c.Command)))
		case miscounted != nil && e.StartCache.Entries == 0 && c.MinCompiles == nil && *miscounted.Compiles > deref(c.Compiles):
			// Not the learner's doing: the step began on an empty cache (a fresh workspace).
			return fail(e.T.F("ran.countscold", commandLine(miscounted.Args), *miscounted.Compiles))
		case miscounted != nil:
			return fail(e.T.F("ran.counts", commandLine(miscounted.Args), *miscounted.Compiles, deref(miscounted.Links), c.expectCounts(e.T)))
		case sawWarm || (c.Cold && e.StartCache.Entries > 0 && failed == nil && wrongExit == nil && len(matching) == 0):
			st, _ := sandbox.ReadCacheStats(e.WS.CacheDir())
			return fail(e.T.F("ran.notcold", c.Command, st.Entries))
		case wrongOutput != nil:
			return fail(outputWhy)
		case wrongExit != nil:
			return fail(c.exitWhy(e.T, wrongExit))
		case failed != nil && (failed.Interrupted || failed.Exit == -1):
			// Killed by a signal: usually Ctrl-C on a program that never ends.
			return fail(e.T.F("ran.stopped", commandLine(failed.Args)))
		case failed != nil && c.expectsFailure():
			return fail(c.exitWhy(e.T, failed))
		case failed != nil && failed.Args[0] == "run" && crossTarget(e.Environ) != "":
			return fail(e.T.F("ran.cross", commandLine(failed.Args), failed.Exit, crossTarget(e.Environ), runtime.GOOS+"/"+runtime.GOARCH))
		case failed != nil:
			return fail(failedWhy(e.T, failed, parseGoCommand(failed.Args, e.WS.Dir, failed.Dir, module, true)))
		case withoutX != nil:
			return fail(e.T.F("ran.needx", c.Command, c.Command))
		case similar != nil:
			return fail(e.T.F("ran.other", commandLine(similar.Args), c.Command))
		default:
			return fail(e.T.F("ran.missing", c.Command))
		}
	}
	if c.SaveAs != "" {
		e.Progress.SaveRun(c.SaveAs, *found)
	}
	switch {
	case found.Compiles != nil:
		return pass(e.T.F("ran.okx", commandLine(found.Args), e.T.Seconds(found.Millis), *found.Compiles, deref(found.Links)))
	case found.Exit != 0:
		return pass(e.T.F("ran.okexit", commandLine(found.Args), found.Exit))
	}
	return pass(e.T.F("ran.ok", commandLine(found.Args), e.T.Seconds(found.Millis)))
}

// countsOK: the run's compile and link counts (known only with -x) are what the step expects.
func (c *ran) countsOK(cmd *sandbox.Command) bool {
	if !c.needsX() {
		return true
	}
	if cmd.Compiles == nil {
		return false
	}
	got, links := *cmd.Compiles, deref(cmd.Links)
	return !((c.Compiles != nil && got != *c.Compiles) ||
		(c.MinCompiles != nil && got < *c.MinCompiles) ||
		(c.MaxCompiles != nil && got > *c.MaxCompiles) ||
		(c.Links != nil && links != *c.Links))
}

func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// commandLine shows a logged command as the learner typed it.
func commandLine(args []string) string {
	if len(args) > 0 && strings.HasPrefix(args[0], "./") {
		return strings.Join(args, " ")
	}
	return strings.Join(append([]string{"go"}, args...), " ")
}

func withX(command string) string {
	f := strings.Fields(command)
	if len(f) < 2 {
		return command
	}
	return strings.Join(append([]string{f[0], f[1], "-x"}, f[2:]...), " ")
}

// seconds formats a duration in ms the way the lessons talk about it: 6.12 s, 0.052 s.
func seconds(ms float64) string {
	switch {
	case ms >= 10000:
		return fmt.Sprintf("%.1f s", ms/1000)
	case ms >= 1000:
		return fmt.Sprintf("%.2f s", ms/1000)
	}
	return fmt.Sprintf("%.3f s", ms/1000)
}

// faster compares two saved runs: the heart of lesson 1.
type faster struct {
	common `yaml:",inline"`
	RunID  string  `yaml:"run"`
	Than   string  `yaml:"than"`
	Times  float64 `yaml:"times"`
}

func (c *faster) validate() error {
	if err := required("run", c.RunID); err != nil {
		return err
	}
	if err := required("than", c.Than); err != nil {
		return err
	}
	if c.Times <= 1 {
		return fmt.Errorf("times must be more than 1")
	}
	return nil
}

func (c *faster) Run(_ context.Context, e *Env) Result {
	a, okA := e.Progress.Runs[c.RunID]
	b, okB := e.Progress.Runs[c.Than]
	if !okA || !okB {
		missing := c.RunID
		if okA {
			missing = c.Than
		}
		return fail(e.T.F("faster.missing", e.T.RunName(missing)))
	}
	ratio := b.Millis / max(a.Millis, 0.001)
	if ratio < c.Times {
		return fail(e.T.F("faster.slow", e.T.RunName(c.RunID), e.T.Seconds(a.Millis), ratio, e.T.RunName(c.Than), e.T.Seconds(b.Millis), c.Times))
	}
	return pass(e.T.F("faster.ok", e.T.RunName(c.RunID), ratio, e.T.RunName(c.Than)))
}

// showRuns puts saved runs side by side; it passes once they exist, so it is a step the
// learner reads rather than does.
type showRuns struct {
	common `yaml:",inline"`
	Runs   []string `yaml:"runs"`
}

func (c *showRuns) validate() error {
	if len(c.Runs) == 0 {
		return fmt.Errorf("missing field: runs (names given with save_as)")
	}
	return nil
}

// Run shows the recorded runs. Runs from lessons the learner skipped (with `firstrun lesson
// N`) are left out rather than blocking the step; it needs at least one.
func (c *showRuns) Run(_ context.Context, e *Env) Result {
	present := c.present(e.Progress)
	if len(present) == 0 {
		return fail(e.T.F("faster.missing", e.T.RunName(c.Runs[0])))
	}
	return Result{OK: true, Msg: e.T.F("runs.shown"), Show: RunTable(e.T, e.Progress, present)}
}

// present lists the runs of the check that have been recorded.
func (c *showRuns) present(p *Progress) []string {
	var names []string
	for _, r := range c.Runs {
		if _, ok := p.Runs[r]; ok {
			names = append(names, r)
		}
	}
	return names
}
