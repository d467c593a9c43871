package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/firstrun/firstrun/engine"
	"golang.org/x/term"
)

func init() {
	register(&command{name: "trace", args: "[--width N] FILE", nargs: 1, noWorkspace: true, order: 23,
		summary: "read a build trace (go build/run -debug-trace=FILE): the build over time,\n                    longest packages, critical path, how busy the workers were",
		help: "Read a build trace that a go command wrote with -debug-trace=FILE (Go 1.16+), from any module, and show where the time went: the build over time with one row per parallel worker, the packages that took longest with their share of the build, the critical path (the chain of steps each waiting for the one before), and how busy the workers were.\n" +
			"A chart on a terminal; plain text with --plain, NO_COLOR or in a pipe.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			width := fs.Int("width", 0, "lay the report out for this many `columns` (default: the terminal's width, 80 in a pipe)")
			return func(c *call) (int, error) { return traceCmd(c, *width) }
		}})
}

func traceCmd(c *call, width int) (int, error) {
	t := engine.NewMessages(c.Opts.lang)
	file := c.Args[0]
	tr, err := engine.ReadTrace(t, file, file)
	if err != nil {
		fmt.Fprintln(c.Stderr, "firstrun trace: "+err.Error())
		return engine.ExitNotYet, nil
	}
	terminal := c.Stdout == os.Stdout && term.IsTerminal(int(os.Stdout.Fd()))
	if width <= 0 {
		width = 80
		if terminal {
			if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
				width = w - 1 // some terminals wrap early in the last column
			}
		}
	}
	styled := terminal && !plainOutput(c.Opts)
	_, err = fmt.Fprint(c.Stdout, engine.TraceReport(t, tr, file, width, styled))
	return engine.ExitOK, err
}
