package engine

import (
	"context"
	"fmt"
	"path/filepath"
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
	// Dir is the folder, relative to the workspace, the command is typed in (default: the
	// workspace itself): its packages and files are read from there, and the same command
	// run in another folder builds another program, so it does not count.
	Dir   string   `yaml:"dir"`
	words []string // the command after "go", read against the workspace's module when checked
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
	if c.Dir != "" {
		if err := relPath("dir", c.Dir); err != nil {
			return err
		}
	}
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

// pattern is the lesson's command as the go command reads it, typed in the folder dir.
func (c *ran) pattern(ws, dir, module string) goCommand {
	// A pattern without packages accepts any, except with dir: then it is that folder's.
	return parseGoCommand(c.words, ws, dir, module, c.Dir != "")
}

// dir is the folder the check's command is typed in.
func (c *ran) dir(e *Env) string {
	if c.Dir == "" {
		return e.WS.Dir
	}
	d, err := e.WS.Path(c.Dir)
	if err != nil {
		return e.WS.Dir // validate refused such a path already
	}
	return d
}

// inWorkspace: dir is the workspace or a folder in it ("" is an old log line without a
// folder, taken as the workspace).
func inWorkspace(ws, dir string) bool {
	rel := relDir(ws, dir)
	return rel == "." || filepath.IsLocal(filepath.FromSlash(rel))
}

// stoppedRun: the learner stopped it (Ctrl-C, or a kill) before it finished.
func stoppedRun(c *sandbox.Command) bool { return c.Exit != 0 && (c.Interrupted || c.Exit == -1) }

// buildsNothing lists go subcommands that never write to the build cache.
var buildsNothing = map[string]bool{"version": true, "env": true, "help": true, "doc": true, "fmt": true, "mod": true, "telemetry": true}

func cleansCache(c sandbox.Command) bool {
	if len(c.Args) == 0 || c.Args[0] != "clean" || c.Exit != 0 {
		return false
	}
	return parseGoCommand(c.Args, "", "", "", false).Flags["cache"] == "true"
}

// matchingRun is a logged command that the pattern accepts, with whether the build cache was
// empty when it started. whole is the run together with the stopped runs of the same command
// just before it (nil when there were none): one build, begun by them and completed by it.
type matchingRun struct {
	cmd         *sandbox.Command
	wasEmpty    bool
	whole       *sandbox.Command
	stoppedCold bool // the first of those stopped runs began on an empty cache
}

func (c *ran) Run(_ context.Context, e *Env) Result {
	module := workspaceModule(e.WS.Dir)
	want := c.dir(e)
	pattern := c.pattern(e.WS.Dir, want, module)
	noX, hasX := pattern.without("x")
	var matching []matchingRun
	var withoutX, similar, elsewhere *sandbox.Command
	cacheEmpty := e.StartCache.Entries == 0
	// stopped are the learner's runs of this command that were stopped before they finished,
	// since the last one that finished: with the run that completes them they are one build
	// (what the stopped runs compiled is in the cache, so the last run only does the rest).
	var stopped []*sandbox.Command
	stoppedCold := false
	for i := range e.Log {
		cmd := &e.Log[i]
		if cmd.Start.Before(e.StepStart) {
			continue
		}
		wasEmpty := cacheEmpty
		builds := len(cmd.Args) > 0 && !buildsNothing[cmd.Args[0]]
		if cleansCache(*cmd) {
			cacheEmpty, stopped = true, nil
		} else if builds {
			cacheEmpty = false
		}
		if cmd.By != "" {
			continue
		}
		g := parseGoCommand(cmd.Args, e.WS.Dir, cmd.Dir, module, true)
		// Typed inside the workspace, its packages say whether it is the step's command (`go
		// test .` in sum is `go test ./sum`); typed outside it, it never is.
		if !pattern.accepts(g) || !inWorkspace(e.WS.Dir, cmd.Dir) {
			if builds {
				stopped = nil // another build came between: no longer one build
			}
			switch {
			case !sandbox.RanIn(*cmd, want) && pattern.accepts(parseGoCommand(cmd.Args, e.WS.Dir, want, module, true)):
				elsewhere = cmd // the right command, typed in another folder
			case hasX && cmd.Exit == 0 && noX.accepts(g):
				withoutX = cmd
			case g.Sub == pattern.Sub:
				similar = cmd // e.g. `go run .` where the step asks for `go run hello.go`
			}
			continue
		}
		m := matchingRun{cmd: cmd, wasEmpty: wasEmpty}
		switch {
		case stoppedRun(cmd):
			if len(stopped) == 0 {
				stoppedCold = wasEmpty
			}
			stopped = append(stopped, cmd)
		case cmd.Exit != 0:
			stopped = nil
		default:
			if len(stopped) > 0 {
				w := joinRuns(stopped, cmd)
				m.whole, m.stoppedCold = &w, stoppedCold
			}
			stopped = nil
		}
		matching = append(matching, m)
	}
	if c.Which == "last" && len(matching) > 1 {
		matching = matching[len(matching)-1:] // only what the learner ran last counts
	}
	// found is the run that satisfies the check; the others remember why nothing did, so the
	// learner is told the most useful thing.
	var found, failed, miscounted, wrongExit, wrongOutput, filledBy *sandbox.Command
	var sawWarm, joined bool
	var outputWhy string
	for _, m := range matching {
		cmd := m.cmd
		switch {
		case stoppedRun(cmd):
			failed = cmd // stopped: never the failure a step expects
			continue
		case !c.exitOK(cmd.Exit) && c.expectsFailure():
			wrongExit = cmd
			continue
		case !c.exitOK(cmd.Exit):
			failed = cmd
			sawWarm = false // only a warm run after this failure makes the step "not cold"
			if m.wasEmpty {
				filledBy = cmd // its build filled the cache before it failed
			}
			continue
		}
		// The run on its own comes first: a warm run's time must not grow by a stopped run's
		// (a program left looping). The whole build counts when the run alone does not: not
		// cold, or too few compiles.
		aloneOK := (!c.Cold || m.wasEmpty) && c.countsOK(cmd)
		wholeOK := m.whole != nil && (!c.Cold || m.stoppedCold) && c.countsOK(m.whole)
		switch {
		case aloneOK || wholeOK:
			if why := c.outputWhy(e.T, cmd); why != "" {
				wrongOutput, outputWhy = cmd, why
				continue
			}
			run, isWhole := cmd, false
			if !aloneOK {
				run, isWhole = m.whole, true
			}
			if found == nil || c.Which != "first" {
				found, joined = run, isWhole // the first qualifying run for which: first, else the latest
			}
		case c.Cold && !m.wasEmpty && !(m.whole != nil && m.stoppedCold):
			sawWarm = true
		default:
			miscounted = cmd
			if m.whole != nil && m.whole.Compiles != nil {
				miscounted = m.whole // say what the whole build did
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
			msg := e.T.F("ran.counts", commandLine(miscounted.Args), *miscounted.Compiles, deref(miscounted.Links), c.expectCounts(e.T))
			if c.MinCompiles != nil && *miscounted.Compiles < *c.MinCompiles {
				// The packages came from the cache (an earlier run built them): the way out.
				msg += " " + e.T.F("ran.countsclean", commandLine(miscounted.Args))
			}
			return fail(msg)
		case sawWarm && filledBy != nil:
			return fail(e.T.F("ran.notcoldafter", commandLine(filledBy.Args), c.Command))
		case sawWarm || (c.Cold && e.StartCache.Entries > 0 && elsewhere == nil && len(matching) == 0):
			st, _ := sandbox.ReadCacheStats(e.WS.CacheDir())
			return fail(e.T.F("ran.notcold", c.Command, st.Entries))
		case wrongOutput != nil:
			return fail(outputWhy)
		case wrongExit != nil:
			return fail(c.exitWhy(e.T, wrongExit))
		case failed != nil && stoppedRun(failed):
			// Killed by a signal: Ctrl-C during a slow build, or on a program that never ends.
			return fail(e.T.F("ran.stopped", commandLine(failed.Args)))
		case failed != nil && c.expectsFailure():
			return fail(c.exitWhy(e.T, failed))
		case failed != nil && failed.Args[0] == "run" && crossOf(failed, e.Environ) != "":
			return fail(e.T.F("ran.cross", commandLine(failed.Args), failed.Exit, crossOf(failed, e.Environ), runtime.GOOS+"/"+runtime.GOARCH))
		case failed != nil:
			return fail(failedWhy(e.T, failed, parseGoCommand(failed.Args, e.WS.Dir, failed.Dir, module, true)))
		case elsewhere != nil:
			return fail(e.T.F("ran.elsewhere", commandLine(elsewhere.Args), elsewhere.Dir, want))
		case withoutX != nil:
			return fail(e.T.F("ran.needx", c.Command, c.Command))
		case similar != nil:
			return fail(e.T.F("ran.other", commandLine(similar.Args), c.Command))
		default:
			return fail(e.T.F("ran.missing", c.Command, launcherCommand(e.WS, e.Environ)))
		}
	}
	if c.SaveAs != "" {
		e.Progress.SaveRun(c.SaveAs, *found)
	}
	switch {
	case joined && found.Compiles != nil:
		return pass(e.T.F("ran.okjoinedx", commandLine(found.Args), e.T.Seconds(found.Millis), *found.Compiles, deref(found.Links)))
	case joined:
		return pass(e.T.F("ran.okjoined", commandLine(found.Args), e.T.Seconds(found.Millis)))
	case found.Compiles != nil:
		return pass(e.T.F("ran.okx", commandLine(found.Args), e.T.Seconds(found.Millis), *found.Compiles, deref(found.Links)))
	case found.Exit != 0:
		return pass(e.T.F("ran.okexit", commandLine(found.Args), found.Exit))
	}
	return pass(e.T.F("ran.ok", commandLine(found.Args), e.T.Seconds(found.Millis)))
}

// joinRuns is runs stopped before they finished and the run that completed them, as one
// build: it began with the first, took their times together, and did their compiles and
// links together (known only when every one of them ran with -x).
func joinRuns(stopped []*sandbox.Command, last *sandbox.Command) sandbox.Command {
	// It starts where the completing run did: that run wrote what the build leaves (a
	// -debug-trace file, the program), and a check that compares times must find it there.
	whole := *last
	compiles, links, counted := deref(last.Compiles), deref(last.Links), last.Compiles != nil
	for _, s := range stopped {
		whole.Millis += s.Millis
		compiles += deref(s.Compiles)
		links += deref(s.Links)
		counted = counted && s.Compiles != nil
	}
	whole.Compiles, whole.Links = nil, nil
	if counted {
		whole.Compiles, whole.Links = &compiles, &links
	}
	return whole
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
	return Result{OK: true, Msg: e.T.F("runs.shown"), Show: RunTable(e.T, e.Progress, present, e.Width)}
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
