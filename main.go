// Command firstrun is an interactive terminal workbook that answers a new Gopher's first
// question: why was my first `go run hello.go` slow, the second instant, and where did the
// binary go? Run it with no arguments to start; `firstrun -h` lists the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/lessons"
	"github.com/firstrun/firstrun/sandbox"
	"golang.org/x/term"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

const usage = `firstrun: a hands-on workbook on go run, the work folder and the build cache.

Usage:
  firstrun [flags]              open the workbook (continues where you left off)
  firstrun [flags] COMMAND ...

Commands (all work without a terminal):
  list              lessons and steps, with done marks
  check             check the current step (exit 0 passed, 1 not yet, 2 error)
  answer CHOICE     answer the current quiz by letter or text (or give a path a step asks for)
  hint              show the next hint for the current step
  times             your recorded runs side by side (bar chart; a table with --plain)
  cache             explore the workspace's build cache: size, growth, compiled archives
  lesson N|ID       go to a lesson
  reset [--all|--cache]
                    start over: files, cache and progress (--all deletes the workspace,
                    --cache only empties the build cache)
  shell             open your shell in the workspace (go commands there are recorded)
  env               print export lines: eval "$(firstrun env)" in another terminal
  lint [DIR]        validate a lesson pack (default: the embedded one)

Flags (before or after the command):
`

// options are the global flags, shared by every command.
type options struct {
	workspace string
	lessons   string
	lang      string
	plain     bool
}

// defaultOptions reads the defaults the environment gives.
func defaultOptions(env func(string) string) options {
	o := options{workspace: env("FIRSTRUN_WORKSPACE"), lang: detectLang(env)}
	if o.workspace == "" {
		if home, err := os.UserHomeDir(); err == nil {
			o.workspace = sandbox.DefaultDir(home)
		}
	}
	return o
}

// register adds the global flags to fs with o's current values as defaults, so the flag set
// of a command (parsed second) keeps what was given before the command name.
func (o *options) register(fs *flag.FlagSet) {
	fs.StringVar(&o.workspace, "workspace", o.workspace, "the learner's workspace `folder` (env FIRSTRUN_WORKSPACE)")
	fs.StringVar(&o.lessons, "lessons", o.lessons, "load the lessons from this `folder` instead of the embedded ones")
	fs.StringVar(&o.lang, "lang", o.lang, "language: en or ko (env FIRSTRUN_LANG, then LC_ALL, LANG)")
	fs.BoolVar(&o.plain, "plain", o.plain, "plain text: no colours, no prompts (also NO_COLOR, or output not a terminal)")
}

// detectLang picks the learner's language: FIRSTRUN_LANG, then the locale, then English.
func detectLang(env func(string) string) string {
	for _, k := range []string{"FIRSTRUN_LANG", "LC_ALL", "LANG"} {
		v := strings.ToLower(env(k))
		if v == "" {
			continue
		}
		for _, l := range engine.Languages {
			if strings.HasPrefix(v, l) {
				return l
			}
		}
		if k == "FIRSTRUN_LANG" {
			continue
		}
		return "en"
	}
	return "en"
}

// run is the whole command line; it returns the exit code.
func run(args []string) int {
	stdout, stderr := os.Stdout, os.Stderr
	opts := defaultOptions(os.Getenv)
	top := flag.NewFlagSet("firstrun", flag.ContinueOnError)
	top.SetOutput(stderr)
	opts.register(top)
	top.Usage = func() {
		fmt.Fprint(top.Output(), usage)
		top.PrintDefaults()
	}
	if err := top.Parse(args); err != nil {
		return helpOrUsage(err)
	}
	cmd, rest := "", top.Args()
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	sub := flag.NewFlagSet("firstrun "+cmd, flag.ContinueOnError)
	sub.SetOutput(stderr)
	opts.register(sub) // global flags work after the command too
	var all, cacheOnly bool
	if cmd == "reset" {
		sub.BoolVar(&all, "all", false, "delete the whole workspace (only a folder firstrun made)")
		sub.BoolVar(&cacheOnly, "cache", false, "only empty the build cache")
	}
	sub.Usage = func() {
		fmt.Fprintf(sub.Output(), "Usage: firstrun %s %s\n\n%s\n\nFlags:\n", cmd, cmdArgs[cmd], cmdHelp[cmd])
		sub.PrintDefaults()
	}
	if _, known := cmdHelp[cmd]; !known {
		fmt.Fprintf(stderr, "firstrun: unknown command %q\n\n", cmd)
		top.Usage()
		return engine.ExitUsage
	}
	if err := sub.Parse(rest); err != nil {
		return helpOrUsage(err)
	}
	rest = sub.Args()
	if want := cmdNArgs[cmd]; (want >= 0 && len(rest) != want) || (want == -1 && len(rest) > 1) {
		fmt.Fprintf(stderr, "firstrun %s: wrong number of arguments\n", cmd)
		sub.Usage()
		return engine.ExitUsage
	}
	if opts.lang != "en" && opts.lang != "ko" {
		fmt.Fprintf(stderr, "firstrun: --lang %q: expected en or ko\n", opts.lang)
		return engine.ExitUsage
	}

	if cmd == "lint" {
		return lint(rest, stdout, stderr)
	}
	a, code := newApp(opts, stdout, stderr)
	if a == nil {
		return code
	}
	ctx, child, stop := interrupts()
	defer stop()
	a.WithChild = child

	var err error
	code = engine.ExitOK
	switch cmd {
	case "":
		code, err = interactive(ctx, a, opts, child)
	case "list":
		err = a.List()
	case "check":
		code, err = a.Check(ctx)
	case "answer":
		code, err = a.Answer(ctx, rest[0])
	case "hint":
		err = a.Hint()
	case "times":
		err = a.Times(plainOutput(opts))
	case "cache":
		err = a.CacheView(ctx)
	case "lesson":
		if err = a.Goto(ctx, rest[0]); err == nil {
			err = a.List()
		}
	case "reset":
		err = a.Reset(ctx, all, cacheOnly)
	case "shell":
		err = a.Ready(ctx)
		if err == nil {
			fmt.Fprintln(stdout, a.T.F("shell.enter", a.WS.Dir))
			err = child(func() error { return shell(a) })
		}
	case "env":
		// stdout is for eval: every message goes to stderr.
		a.Out = stderr
		a.UI = &engine.Plain{Out: stderr, Renderer: engine.NewRenderer("notty", 80)}
		if err = a.Ready(ctx); err == nil {
			fmt.Fprint(stdout, a.WS.ExportLines(os.Environ()))
		}
	}
	switch {
	case errors.Is(err, engine.ErrInterrupted) || ctx.Err() != nil:
		fmt.Fprintln(stderr, "\n"+a.T.F("interrupted"))
		return engine.ExitInterrupted
	case errors.Is(err, sandbox.ErrNoGo):
		fmt.Fprintf(stderr, "firstrun: %s\n", a.T.F("err.nogo"))
		code = engine.ExitUsage
	case err != nil:
		fmt.Fprintf(stderr, "firstrun: %v\n", err)
		if code == engine.ExitOK || code == engine.ExitNotYet {
			code = engine.ExitUsage
		}
	}
	return code
}

var cmdHelp = map[string]string{
	"":       "Open the workbook: shows the current step and asks what to do next.",
	"list":   "List the lessons and their steps, with done marks.",
	"check":  "Check the current step against your workspace. Exit 0: passed (progress advances); 1: not yet; 2: usage or setup error.",
	"answer": "Answer the current quiz by letter (a, b, …) or by the text of a choice; or give the path a step asks for.",
	"hint":   "Show the current step's hints, one more each time.",
	"times":  "Show your recorded runs (cold, warm, after an edit, go build…) with their ratio to the cold run: a bar chart on a terminal, a table with --plain or in a pipe.",
	"cache":  "Explore the workspace's private build cache: entries, bytes, growth since the step began, the last trim, cached go run executables, and which cache file holds which package's compiled archive.",
	"lesson": "Go to a lesson, by number or id.",
	"reset":  "Start over: your files, build cache, command log and progress. --all deletes the whole workspace (only a folder firstrun made); --cache only empties the build cache.",
	"shell":  "Open your $SHELL in the workspace, with the workspace's go first on PATH; exit to come back.",
	"env":    "Print export lines for the workspace environment: eval \"$(firstrun env)\" in another terminal.",
	"lint":   "Validate a lesson pack folder (default: the embedded lessons); prints file:line: problem.",
}

var cmdArgs = map[string]string{"answer": "CHOICE", "lesson": "N|ID", "lint": "[DIR]", "reset": "[--all|--cache]"}

// cmdNArgs is how many arguments each command takes; -1 means zero or one.
var cmdNArgs = map[string]int{"": 0, "list": 0, "check": 0, "answer": 1, "hint": 0, "times": 0, "cache": 0, "lesson": 1, "reset": 0, "shell": 0, "env": 0, "lint": -1}

func helpOrUsage(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return engine.ExitOK
	}
	return engine.ExitUsage
}

// newApp loads the course and opens the workspace; on failure it prints why and returns the
// exit code.
func newApp(opts options, stdout, stderr io.Writer) (*engine.App, int) {
	course, pack, err := loadCourse(opts.lessons)
	if err != nil {
		fmt.Fprintf(stderr, "firstrun: %v\n", err)
		return nil, engine.ExitUsage
	}
	if opts.workspace == "" {
		fmt.Fprintln(stderr, "firstrun: no workspace folder: set --workspace or FIRSTRUN_WORKSPACE (no home folder found)")
		return nil, engine.ExitUsage
	}
	realGo, _ := sandbox.FindGo(os.Getenv("PATH")) // commands that need go report ErrNoGo themselves
	ws, err := sandbox.Open(opts.workspace, realGo)
	if err != nil {
		fmt.Fprintf(stderr, "firstrun: %v\n", err)
		return nil, engine.ExitUsage
	}
	ws.ToolCache = os.Getenv("FIRSTRUN_TOOLCACHE")
	plain := plainOutput(opts)
	style := "notty"
	if !plain {
		style = "dark"
		if s := os.Getenv("GLAMOUR_STYLE"); s != "" {
			style = s
		}
	}
	width := 80
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
		// glamour adds a 2-cell margin to the wrap width; stay clear of the last column, where
		// some terminals wrap early.
		width = w - 4
	}
	r := engine.NewRenderer(style, width)
	t := engine.NewMessages(opts.lang)
	var ui engine.UI = &engine.Plain{Out: stdout, Renderer: r}
	if !plain && term.IsTerminal(int(os.Stdin.Fd())) {
		ui = engine.NewTerminal(r, t)
	}
	a := &engine.App{
		Course: course, Pack: pack, WS: ws, T: t, UI: ui,
		Out: stdout, Environ: os.Environ(), Now: time.Now,
	}
	if term.IsTerminal(int(os.Stdout.Fd())) {
		a.Width = width
	}
	return a, engine.ExitOK
}

// plainOutput: no colours or drawing when asked, when NO_COLOR is set, or when stdout is
// not a terminal.
func plainOutput(opts options) bool {
	return opts.plain || os.Getenv("NO_COLOR") != "" || !term.IsTerminal(int(os.Stdout.Fd()))
}

func loadCourse(dir string) (*engine.Course, fs.FS, error) {
	if dir == "" {
		c, err := engine.LoadCourse(lessons.FS, "lessons")
		return c, lessons.FS, err
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, nil, fmt.Errorf("--lessons %s: not a folder", dir)
	}
	pack := os.DirFS(dir)
	c, err := engine.LoadCourse(pack, filepath.ToSlash(dir))
	return c, pack, err
}

func lint(args []string, stdout, stderr io.Writer) int {
	dir := ""
	if len(args) == 1 {
		dir = args[0]
	}
	c, _, err := loadCourse(dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return engine.ExitNotYet
	}
	steps := 0
	for _, l := range c.Lessons {
		steps += len(l.Steps)
	}
	fmt.Fprintf(stdout, "ok: %d lessons, %d steps, languages %s\n", len(c.Lessons), steps, strings.Join(engine.Languages, ", "))
	return engine.ExitOK
}

func interactive(ctx context.Context, a *engine.App, opts options, child func(func() error) error) (int, error) {
	if _, ok := a.UI.(*engine.Terminal); !ok {
		// No terminal: show where the learner is and how to go on without prompts.
		code, err := a.Show(ctx)
		fmt.Fprintln(a.Out, "\n"+a.T.F("noterm"))
		return code, err
	}
	err := a.Interactive(ctx, func() error { return child(func() error { return shell(a) }) }, os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, engine.ErrNoTerminal) {
		fmt.Fprintln(a.Out, a.T.F("noterm"))
		return engine.ExitOK, nil
	}
	return engine.ExitOK, err
}

func shell(a *engine.App) error {
	sh := os.Getenv("SHELL")
	if runtime.GOOS == "windows" {
		sh = os.Getenv("COMSPEC")
	}
	home, _ := os.UserHomeDir()
	err := a.WS.Shell(sh, home, os.Stdin, os.Stdout, os.Stderr)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return nil // a shell exits with its last command's status: not a failure of the shell
	}
	return err
}

// interrupts turns Ctrl-C into a cancelled context, except while a child (the learner's shell,
// or a command run for them) owns the terminal: that Ctrl-C is meant for the child, which gets
// it from the terminal itself.
func interrupts() (ctx context.Context, withChild func(func() error) error, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var childRunning atomic.Bool
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			if s == os.Interrupt && childRunning.Load() {
				continue
			}
			cancel()
		}
	}()
	withChild = func(f func() error) error {
		childRunning.Store(true)
		defer childRunning.Store(false)
		return f()
	}
	return ctx, withChild, func() { signal.Stop(sigs); cancel() }
}
