package engine

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// ran checks the wrapper's log: the learner ran a go command, successfully, since the step
// began. It is how the workbook knows what really happened in the learner's terminal.
type ran struct {
	common      `yaml:",inline"`
	Command     string `yaml:"command"`
	Cold        bool   `yaml:"cold"`
	SaveAs      string `yaml:"save_as"`
	Compiles    *int   `yaml:"compiles"`
	Links       *int   `yaml:"links"`
	MinCompiles *int   `yaml:"min_compiles"`
	MaxCompiles *int   `yaml:"max_compiles"`
	// Dir is the folder, relative to the workspace, the command must run in (default: the
	// workspace itself): the same command run anywhere else is not the learner's step.
	Dir     string `yaml:"dir"`
	pattern []string
}

func (c *ran) validate() error {
	if err := required("command", c.Command); err != nil {
		return err
	}
	f := strings.Fields(c.Command)
	if len(f) < 2 || f[0] != "go" {
		return fmt.Errorf("command %q: expected a go command such as \"go run hello.go\"", c.Command)
	}
	c.pattern = f[1:]
	if c.Dir != "" {
		if err := relPath("dir", c.Dir); err != nil {
			return err
		}
	}
	if c.SaveAs != "" && !idPattern.MatchString(c.SaveAs) {
		return fmt.Errorf("save_as %q: use lower-case letters, digits and dashes", c.SaveAs)
	}
	return nil
}

func (c *ran) needsX() bool {
	return c.Compiles != nil || c.Links != nil || c.MinCompiles != nil || c.MaxCompiles != nil
}

// matches: same subcommand, and every word of the pattern among the learner's arguments, so
// `go run -x hello.go` satisfies "go run hello.go" but `go run main.go` does not.
func matches(pattern, args []string) bool {
	if len(args) == 0 || args[0] != pattern[0] {
		return false
	}
	for _, want := range pattern[1:] {
		found := false
		for _, a := range args[1:] {
			found = found || a == want || (strings.HasPrefix(want, "./") && a == want[2:]) || ("./"+a == want)
		}
		if !found {
			return false
		}
	}
	return true
}

// buildsNothing lists go subcommands that never write to the build cache.
var buildsNothing = map[string]bool{"version": true, "env": true, "help": true, "doc": true, "fmt": true, "mod": true, "telemetry": true}

func cleansCache(c sandbox.Command) bool {
	if len(c.Args) == 0 || c.Args[0] != "clean" || c.Exit != 0 {
		return false
	}
	for _, a := range c.Args[1:] {
		if a == "-cache" {
			return true
		}
	}
	return false
}

// stoppedRun: the learner stopped it (Ctrl-C, or a kill) before it finished.
func stoppedRun(c *sandbox.Command) bool { return c.Exit != 0 && (c.Interrupted || c.Exit == -1) }

// dir is the folder the check's command must run in.
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

func (c *ran) Run(_ context.Context, e *Env) Result {
	// found is the run that satisfies the check; the others remember why nothing did, so the
	// learner is told the most useful thing.
	var found, failed, miscounted, withoutX, similar, elsewhere, filledBy *sandbox.Command
	var sawWarm, joined bool
	noX := withoutFlag(c.pattern, "-x")
	cacheEmpty := e.StartCache.Entries == 0
	want := c.dir(e)
	// stopped are the learner's runs of this command that were stopped before they finished,
	// since the last one that finished: with the run that completes them they are one build
	// (what the stopped runs compiled is in the cache, so the last run only does the rest).
	var stopped []*sandbox.Command
	stoppedCold := false // the first of them began on an empty cache
	for i := range e.Log {
		cmd := &e.Log[i]
		if cmd.Start.Before(e.StepStart) {
			continue
		}
		wasEmpty := cacheEmpty
		builds := len(cmd.Args) > 0 && !buildsNothing[cmd.Args[0]]
		if cleansCache(*cmd) {
			cacheEmpty, stopped, filledBy = true, nil, nil
		} else if builds {
			cacheEmpty = false
		}
		if cmd.By != "" {
			continue
		}
		mine := matches(c.pattern, cmd.Args)
		if mine && !sandbox.RanIn(*cmd, want) {
			elsewhere, mine = cmd, false
		}
		if !mine {
			if builds {
				stopped = nil // another build came between: no longer one build
			}
			if cmd == elsewhere {
				continue
			}
			if noX != nil && cmd.Exit == 0 && matches(noX, cmd.Args) {
				withoutX = cmd
			} else if len(cmd.Args) > 0 && cmd.Args[0] == c.pattern[0] {
				similar = cmd // e.g. `go run .` where the step asks for `go run hello.go`
			}
			continue
		}
		if stoppedRun(cmd) {
			if len(stopped) == 0 {
				stoppedCold = wasEmpty
			}
			stopped = append(stopped, cmd)
			failed = cmd
			continue
		}
		if cmd.Exit != 0 {
			failed, stopped = cmd, nil
			if wasEmpty {
				filledBy = cmd // its build filled the cache before it failed
			}
			continue
		}
		// The run as one build with the stopped ones before it. The run on its own comes
		// first: a warm run's time must not grow by a stopped run's (a program left looping).
		// The whole build counts when the run alone does not: not cold, or too few compiles.
		var whole *sandbox.Command
		if len(stopped) > 0 {
			w := joinRuns(stopped, cmd)
			whole = &w
		}
		aloneOK := (!c.Cold || wasEmpty) && c.countsOK(cmd)
		wholeOK := whole != nil && (!c.Cold || stoppedCold) && c.countsOK(whole)
		switch {
		case aloneOK || wholeOK:
			run, isWhole := cmd, false
			if !aloneOK {
				run, isWhole = whole, true
			}
			if found == nil || !c.Cold { // a cold run is the first; otherwise the latest
				found, joined = run, isWhole
			}
		case c.Cold && !wasEmpty && !(whole != nil && stoppedCold):
			sawWarm = true
		default:
			miscounted = cmd
			if whole != nil && whole.Compiles != nil {
				miscounted = whole // say what the whole build did
			}
		}
		stopped = nil
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
		case sawWarm || (c.Cold && e.StartCache.Entries > 0 && failed == nil && elsewhere == nil):
			st, _ := sandbox.ReadCacheStats(e.WS.CacheDir())
			return fail(e.T.F("ran.notcold", c.Command, st.Entries))
		case failed != nil && stoppedRun(failed):
			// Killed by a signal: Ctrl-C during a slow build, or on a program that never ends.
			return fail(e.T.F("ran.stopped", commandLine(failed.Args)))
		case failed != nil && failed.Args[0] == "run" && crossTarget(e.Environ) != "":
			return fail(e.T.F("ran.cross", commandLine(failed.Args), failed.Exit, crossTarget(e.Environ), runtime.GOOS+"/"+runtime.GOARCH))
		case failed != nil:
			return fail(e.T.F("ran.failed", commandLine(failed.Args), failed.Exit))
		case elsewhere != nil:
			return fail(e.T.F("ran.elsewhere", commandLine(elsewhere.Args), elsewhere.Dir, want))
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
	case joined && found.Compiles != nil:
		return pass(e.T.F("ran.okjoinedx", commandLine(found.Args), e.T.Seconds(found.Millis), *found.Compiles, deref(found.Links)))
	case joined:
		return pass(e.T.F("ran.okjoined", commandLine(found.Args), e.T.Seconds(found.Millis)))
	case found.Compiles != nil:
		return pass(e.T.F("ran.okx", commandLine(found.Args), e.T.Seconds(found.Millis), *found.Compiles, deref(found.Links)))
	}
	return pass(e.T.F("ran.ok", commandLine(found.Args), e.T.Seconds(found.Millis)))
}

// joinRuns is runs stopped before they finished and the run that completed them, as one
// build: it began with the first, took their times together, and did their compiles and
// links together (known only when every one of them ran with -x).
func joinRuns(stopped []*sandbox.Command, last *sandbox.Command) sandbox.Command {
	whole := *last
	whole.Start = stopped[0].Start
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

// withoutFlag is the pattern without flag, or nil when it does not have it: it recognises a
// learner who ran the right command but forgot -x.
func withoutFlag(pattern []string, flag string) []string {
	var out []string
	for _, p := range pattern {
		if p != flag {
			out = append(out, p)
		}
	}
	if len(out) == len(pattern) {
		return nil
	}
	return out
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
