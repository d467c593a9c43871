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
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/firstrun/firstrun/classroom"
	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/lessons"
	"github.com/firstrun/firstrun/sandbox"
	"golang.org/x/term"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

const usageHead = `firstrun: a hands-on workbook on go run, the work folder and the build cache.

Usage:
  firstrun [flags]              open the workbook (continues where you left off)
  firstrun [flags] COMMAND ...

Commands (all work without a terminal):
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
	o := options{workspace: env("FIRSTRUN_WORKSPACE"), lessons: env("FIRSTRUN_LESSONS")}
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
	fs.StringVar(&o.lessons, "lessons", o.lessons, "load the lessons from this `folder` instead of the embedded ones (env FIRSTRUN_LESSONS)")
	fs.StringVar(&o.lang, "lang", o.lang, "language: en or ko (env FIRSTRUN_LANG, then the workspace's, then LANGUAGE, LC_ALL, LC_MESSAGES, LANG)")
	fs.BoolVar(&o.plain, "plain", o.plain, "plain text: no colours or styling (also NO_COLOR, or output not a terminal); a terminal still gets the menu")
}

// run is the whole command line; it returns the exit code.
func run(args []string) int {
	stdout, stderr := os.Stdout, os.Stderr
	opts := defaultOptions(os.Getenv)
	ws := flagValue(args, "workspace")
	if ws == "" {
		ws = opts.workspace
	}
	var langFrom langSource
	opts.lang, langFrom = detectLang(flagValue(args, "lang"), os.Getenv, ws)
	top := flag.NewFlagSet("firstrun", flag.ContinueOnError)
	lang := func() string { return normLang(opts.lang) }
	top.SetOutput(flagOutput{stderr, lang})
	opts.register(top)
	top.Usage = func() {
		t := engine.NewMessages(normLang(opts.lang))
		fmt.Fprint(top.Output(), usageHeadIn(t.Lang)+commandList(t.Lang, "")+"\n"+t.F("usage.flags")+"\n")
		printFlags(top, t.Lang)
	}
	if err := top.Parse(args); err != nil {
		return helpOrUsage(err)
	}
	name, rest := "", top.Args()
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if _, group := groups[name]; group && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		// A two-word command (firstrun class serve): its table entry is named with both words.
		name, rest = name+" "+rest[0], rest[1:]
	}
	cmd, known := commands[name]
	if group, _, _ := strings.Cut(name, " "); !known && groups[group] {
		// firstrun class, firstrun class -h, firstrun class nosuch: the group's commands.
		return groupUsage(stderr, group, name, rest, normLang(opts.lang))
	}
	if !known {
		fmt.Fprintf(stderr, "firstrun: %s\n\n", engine.NewMessages(normLang(opts.lang)).F("usage.unknown", name))
		top.Usage()
		return engine.ExitUsage
	}
	sub := flag.NewFlagSet("firstrun "+name, flag.ContinueOnError)
	sub.SetOutput(flagOutput{stderr, lang})
	opts.register(sub) // global flags work after the command too
	runCmd := cmd.setup(sub)
	sub.Usage = func() {
		t := engine.NewMessages(normLang(opts.lang))
		fmt.Fprintf(sub.Output(), "%s\n\n%s\n\n%s\n", t.F("usage.usage", cmd.usageLine()), cmd.helpIn(t.Lang), t.F("usage.cmdflags"))
		printFlags(sub, t.Lang)
	}
	rest, err := parseInterspersed(sub, rest)
	if err != nil {
		return helpOrUsage(err)
	}
	if !argsOK(cmd.nargs, len(rest)) {
		fmt.Fprintf(stderr, "firstrun %s: %s\n", name, engine.NewMessages(normLang(opts.lang)).F("usage.nargs"))
		sub.Usage()
		return engine.ExitUsage
	}
	if l := normLang(opts.lang); l != "" {
		opts.lang = l
	} else {
		fmt.Fprintf(stderr, "firstrun: %s\n", engine.NewMessages("en").F("lang.unknown", opts.lang))
		return engine.ExitUsage
	}

	sig := interrupts(stderr)
	defer sig.stop()
	ctx := sig.ctx
	c := &call{Ctx: ctx, Opts: opts, Args: rest, Stdout: stdout, Stderr: stderr, Child: sig.withChild}
	t := engine.NewMessages(opts.lang)
	sig.uses(t, false)
	if !cmd.noWorkspace {
		a, code := newApp(opts, stdout, stderr)
		if a == nil {
			return code
		}
		a.WithChild = sig.withChild
		if ui, ok := a.UI.(*engine.Terminal); ok {
			ui.Ended = sig.ended
		}
		sig.uses(a.T, isTerminalUI(a))
		if langFrom == langExplicit {
			_ = a.WS.SaveLang(opts.lang) // remembered for the shell and a second terminal; a new workspace saves it when created
		}
		c.App, t = a, a.T
	}
	var link *classroom.Link
	if c.App != nil {
		// In a live class, every event goes to the workspace's outbox and on to the class
		// server in the background; Close sends what is left, within a second or two.
		link = classroom.Attach(c.App, machine(c), stderr)
	}
	code, err := runCmd(c)
	link.Close(ctx)
	sig.finish()
	if c.App != nil && c.App.WS.Gone() {
		// Whatever happened, nothing could be saved: never say "your progress is saved".
		fmt.Fprintln(stderr, "\n"+t.F("ws.gonequit", c.App.WS.Dir))
		return engine.ExitUsage
	}
	// An error on the terminal shows its code spans as every other message does.
	styled := func(s string) string {
		if c.App != nil && term.IsTerminal(int(stderr.Fd())) {
			return c.App.Styled(s)
		}
		return s
	}
	var notEmpty *sandbox.NotEmptyError
	switch {
	case sig.signal() != 0:
		// SIGTERM or SIGHUP, whatever the command made of it (a prompt that gave up, a
		// terminal that hung up and reads nothing).
		return sig.endedMessage(t)
	case errors.Is(err, engine.ErrInterrupted) || ctx.Err() != nil && !cmd.untilStopped:
		fmt.Fprintln(stderr, "\n"+t.F("interrupted"))
		return engine.ExitInterrupted
	case errors.Is(err, sandbox.ErrNoGo):
		fmt.Fprintln(stderr, styled("firstrun: "+t.F("err.nogo")))
		code = engine.ExitUsage
	case errors.As(err, &notEmpty):
		fmt.Fprintln(stderr, styled("firstrun: "+t.F("ws.notempty", notEmpty.Dir, notEmpty.Marker)))
		code = engine.ExitUsage
	case err != nil:
		fmt.Fprintln(stderr, styled("firstrun: "+err.Error()))
		if code == engine.ExitOK || code == engine.ExitNotYet {
			code = engine.ExitUsage
		}
	}
	return code
}

// parseInterspersed parses flags wherever they are among the arguments, as a user types them
// (firstrun class join URL CODE --name NAME); the flag package alone stops at the first
// argument. After "--" everything is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" || len(rest) == 0 {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// groupUsage answers a group word without one of its commands (firstrun class, firstrun
// class -h, firstrun class nosuch) with the group's commands; -h exits 0.
func groupUsage(w io.Writer, group, name string, rest []string, lang string) int {
	t := engine.NewMessages(lang)
	code := engine.ExitUsage
	if name != group {
		fmt.Fprintf(w, "firstrun: %s\n\n", t.F("usage.unknown", name))
	} else if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "-help" || rest[0] == "--help") {
		code = engine.ExitOK
	}
	fmt.Fprintf(w, "%s\n\n%s\n%s\n%s\n", t.F("usage.usage", group+" COMMAND ..."), t.F("usage.group", group),
		commandList(lang, group), t.F("usage.grouphelp", group))
	return code
}

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
		fmt.Fprintln(stderr, "firstrun: "+engine.NewMessages(normLang(opts.lang)).F("usage.nows"))
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
	width, known := 80, term.IsTerminal(int(os.Stdout.Fd()))
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
		// glamour adds a 2-cell margin to the wrap width; stay clear of the last column, where
		// some terminals wrap early.
		width, known = w-4, true
	} else if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && c > 20 && !known {
		// Not a terminal (a pipe into less or head): shells do not export COLUMNS, so one that
		// is set was set for us, as the width the output will be read at.
		width, known = c-4, true
	}
	r := engine.NewRenderer(style, width)
	if term.IsTerminal(int(os.Stdout.Fd())) {
		// Each page is laid out for the terminal's width when it is shown, not at start.
		r.Columns = func() int {
			w, _, _ := term.GetSize(int(os.Stdout.Fd()))
			return w
		}
	}
	t := engine.NewMessages(opts.lang)
	t.SetRunLabels(course.RunLabels(t.Lang))
	var ui engine.UI = &engine.Plain{Out: stdout, Renderer: r}
	if prompts() {
		ui = engine.NewTerminal(r, t) // without colours when the renderer is plain
	}
	a := &engine.App{
		Course: course, Pack: pack, WS: ws, T: t, UI: ui,
		Out: stdout, Environ: os.Environ(), Now: time.Now,
		WatchMode: os.Getenv("FIRSTRUN_WATCH"),
	}
	if exe, err := os.Executable(); err == nil {
		a.Self = exe // copied into the workspace as its launcher (see sandbox.LauncherDir)
	}
	if known {
		a.Width = width
	}
	return a, engine.ExitOK
}

// plainOutput: no colours or drawing when asked, when NO_COLOR is set, or when stdout is
// not a terminal.
func plainOutput(opts options) bool {
	return opts.plain || os.Getenv("NO_COLOR") != "" || dumbTerminal(os.Getenv) || !term.IsTerminal(int(os.Stdout.Fd()))
}

// prompts: firstrun asks (the menu, quizzes) when someone is there to answer, that is when
// stdin and stdout are terminals that can move the cursor. NO_COLOR and --plain only take the
// colours away (https://no-color.org): the menu stays.
func prompts() bool {
	return !dumbTerminal(os.Getenv) && term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
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
		fmt.Fprintln(a.Out, "\n"+a.NoPromptNote())
		return code, err
	}
	err := a.Interactive(ctx, func() error { return child(func() error { return shell(ctx, a) }) }, os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, engine.ErrNoTerminal) {
		fmt.Fprintln(a.Out, a.NoPromptNote())
		return engine.ExitOK, nil
	}
	return engine.ExitOK, err
}

// shell opens the learner's shell in the workspace, as a job of its own: SIGTERM or SIGHUP to
// firstrun (ctx) hangs it up, and the shell hangs up what it runs.
func shell(ctx context.Context, a *engine.App) error {
	sh := os.Getenv("SHELL")
	if runtime.GOOS == "windows" {
		sh = os.Getenv("COMSPEC")
	}
	home, _ := os.UserHomeDir()
	cmd, err := a.WS.ShellCommand(sh, home, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		return err
	}
	// A shell exits with its last command's status: not a failure of the shell.
	if _, err := engine.RunJob(ctx, cmd); err != nil {
		return fmt.Errorf("shell %s: %w", cmd.Path, err)
	}
	return nil
}

// isTerminalUI: the workbook draws prompts (survey hides the cursor while one is up).
func isTerminalUI(a *engine.App) bool {
	_, ok := a.UI.(*engine.Terminal)
	return ok
}
