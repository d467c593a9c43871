package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/firstrun/firstrun/engine"
)

// A command is one `firstrun NAME …`. Each command registers itself from its own file with
// register, so adding a command touches no shared switch.
type command struct {
	name    string
	args    string // how its arguments read in usage, e.g. "CHOICE"
	summary string // one line for `firstrun -h`
	help    string // the paragraph for `firstrun NAME -h`
	// nargs is how many arguments it takes: n, or anyArgs, or zeroOrOne.
	nargs int
	// noWorkspace commands (lint, report, the class server) run without loading a course
	// or opening a workspace: c.App is nil.
	noWorkspace bool
	// untilStopped commands (the class server) run until Ctrl-C: an interrupt is their normal
	// end, not an "Interrupted" exit 130.
	untilStopped bool
	// order places it in the usage listing (lower first); commands with equal order are sorted
	// by name.
	order int
	// setup adds the command's own flags to fs and returns the function that runs it; the
	// closure keeps the flag values.
	setup func(fs *flag.FlagSet) func(c *call) (int, error)
}

const (
	anyArgs   = -2
	zeroOrOne = -1
)

// call is what a running command gets: its arguments, the global options, the streams, and
// (unless noWorkspace) the App.
type call struct {
	Ctx    context.Context
	App    *engine.App
	Opts   options
	Args   []string
	Stdout io.Writer
	Stderr io.Writer
	// Child runs f while a child process owns the terminal (Ctrl-C goes to the child).
	Child func(f func() error) error
}

var commands = map[string]*command{}

// groups are the first words of two-word commands ("class" of "class serve"); a group word
// alone is unknown and gets the usage, which lists its commands.
var groups = map[string]bool{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("firstrun: command registered twice: " + c.name)
	}
	if c.setup == nil {
		panic("firstrun: command without setup: " + c.name)
	}
	commands[c.name] = c
	if group, _, two := strings.Cut(c.name, " "); two {
		groups[group] = true
	}
}

// noFlags is the setup of a command without flags of its own.
func noFlags(run func(c *call) (int, error)) func(*flag.FlagSet) func(*call) (int, error) {
	return func(*flag.FlagSet) func(*call) (int, error) { return run }
}

// errOnly adapts a command that only fails or succeeds.
func errOnly(f func(c *call) error) func(c *call) (int, error) {
	return func(c *call) (int, error) { return engine.ExitOK, f(c) }
}

func (c *command) usageLine() string {
	if c.args == "" {
		return c.name
	}
	return c.name + " " + c.args
}

// commandList is the usage text's command section, from the table: every command, or those
// of one group ("class").
func commandList(lang, group string) string {
	var list []*command
	for _, c := range commands {
		if c.name != "" && (group == "" || strings.HasPrefix(c.name, group+" ")) {
			list = append(list, c)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].order != list[j].order {
			return list[i].order < list[j].order
		}
		return list[i].name < list[j].name
	})
	var b strings.Builder
	for _, c := range list {
		line := c.usageLine()
		if len(line) > 16 {
			fmt.Fprintf(&b, "  %s\n  %-16s  %s\n", line, "", c.summaryIn(lang))
		} else {
			fmt.Fprintf(&b, "  %-16s  %s\n", line, c.summaryIn(lang))
		}
	}
	return b.String()
}

func argsOK(n, got int) bool {
	switch n {
	case anyArgs:
		return true
	case zeroOrOne:
		return got <= 1
	}
	return got == n
}

// The commands that have always been here; newer ones live in their own cmd_*.go files.
func init() {
	register(&command{name: "", help: "Open the workbook: shows the current step and asks what to do next.",
		setup: noFlags(func(c *call) (int, error) { return interactive(c.Ctx, c.App, c.Opts, c.Child) })})
	register(&command{name: "list", order: 10, summary: "lessons and steps, with done marks",
		help:  "List the lessons and their steps, with done marks.",
		setup: noFlags(errOnly(func(c *call) error { return c.App.List() }))})
	register(&command{name: "check", order: 11, summary: "check the current step (exit 0 passed, 1 not yet, 2 error)",
		help:  "Check the current step against your workspace. Exit 0: passed (progress advances); 1: not yet; 2: usage or setup error.",
		setup: noFlags(func(c *call) (int, error) { return c.App.Check(c.Ctx) })})
	register(&command{name: "answer", args: "CHOICE", nargs: 1, order: 12,
		summary: "answer the current quiz by letter or text (or give a path a step asks for)",
		help:    "Answer the current quiz by letter (a, b, …) or by the text of a choice; or give the path a step asks for.",
		setup:   noFlags(func(c *call) (int, error) { return c.App.Answer(c.Ctx, c.Args[0]) })})
	register(&command{name: "hint", order: 13, summary: "show the next hint for the current step",
		help:  "Show the current step's hints, one more each time.",
		setup: noFlags(errOnly(func(c *call) error { return c.App.Hint() }))})
	register(&command{name: "times", order: 20, summary: "your recorded runs side by side (bar chart; a table with --plain)",
		help:  "Show your recorded runs (cold, warm, after an edit, go build…) with their ratio to the cold run: a bar chart on a terminal, a table with --plain or in a pipe.",
		setup: noFlags(errOnly(func(c *call) error { return c.App.Times(plainOutput(c.Opts)) }))})
	register(&command{name: "cache", order: 21, summary: "explore the workspace's build cache: size, growth, compiled archives",
		help:  "Explore the workspace's private build cache: entries, bytes, growth since the step began, the last trim, cached go run executables, and which cache file holds which package's compiled archive.",
		setup: noFlags(errOnly(func(c *call) error { return c.App.CacheView(c.Ctx) }))})
	register(&command{name: "lesson", args: "N|ID", nargs: 1, order: 30, summary: "go to a lesson",
		help: "Go to a lesson, by number or id.",
		setup: noFlags(errOnly(func(c *call) error {
			if err := c.App.Goto(c.Ctx, c.Args[0]); err != nil {
				return err
			}
			return c.App.List()
		}))})
	register(&command{name: "reset", args: "[--all|--cache] [--yes]", order: 31,
		summary: "start over: files, cache and progress (--all deletes the workspace,\n                    --cache only empties the build cache); asks first",
		help:    "Start over: your files, build cache, command log and progress. --all deletes the whole workspace (only a folder firstrun made); --cache only empties the build cache. It lists what it will delete and asks first; without a terminal, add --yes.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			all := fs.Bool("all", false, "delete the whole workspace (only a folder firstrun made)")
			cacheOnly := fs.Bool("cache", false, "only empty the build cache")
			yes := fs.Bool("yes", false, "do not ask first (needed without a terminal)")
			return func(c *call) (int, error) {
				if *all && *cacheOnly {
					fmt.Fprintf(c.Stderr, "firstrun reset: %s\n", c.App.T.F("reset.conflict"))
					return engine.ExitUsage, nil
				}
				return engine.ExitOK, c.App.Reset(c.Ctx, *all, *cacheOnly, *yes)
			}
		}})
	register(&command{name: "shell", order: 40, summary: "open your shell in the workspace (go commands there are recorded)",
		help: "Open your $SHELL in the workspace, with the workspace's go first on PATH; exit to come back.",
		setup: noFlags(errOnly(func(c *call) error {
			if err := c.App.Ready(c.Ctx); err != nil {
				return err
			}
			fmt.Fprintln(c.Stdout, c.App.T.F("shell.enter", c.App.WS.Dir))
			return c.Child(func() error { return shell(c.Ctx, c.App) })
		}))})
	register(&command{name: "env", order: 41, summary: `print export lines: eval "$(firstrun env)" in another terminal`,
		help: "Print export lines for the workspace environment: eval \"$(firstrun env)\" in another terminal.",
		setup: noFlags(errOnly(func(c *call) error {
			// stdout is for eval: every message goes to stderr.
			a := c.App
			a.Out = c.Stderr
			a.UI = &engine.Plain{Out: c.Stderr, Renderer: engine.NewRenderer("notty", 80)}
			if err := a.Ready(c.Ctx); err != nil {
				return err
			}
			note := a.T.F("env.note.sh", a.LauncherCommand())
			if runtime.GOOS == "windows" {
				note = a.T.F("env.note.ps", a.LauncherCommand())
			}
			fmt.Fprint(c.Stdout, a.WS.ExportLinesNote(os.Environ(), note))
			return nil
		}))})
	register(&command{name: "lint", args: "[DIR]", nargs: zeroOrOne, noWorkspace: true, order: 90,
		summary: "validate a lesson pack (default: the embedded one)",
		help:    "Validate a lesson pack folder (default: the embedded lessons); prints file:line: problem.",
		setup:   noFlags(func(c *call) (int, error) { return lint(c.Args, c.Stdout, c.Stderr), nil })})
}

func init() {
	engine.RegisterMessages("en", map[string]string{
		"usage.group":     "The %s commands:",
		"usage.grouphelp": "firstrun %s COMMAND -h shows a command's help.",
	})
	engine.RegisterMessages("ko", map[string]string{
		"usage.group":     "명령 (%s):",
		"usage.grouphelp": "명령마다 도움말 보기: firstrun %s COMMAND -h",
	})
}
