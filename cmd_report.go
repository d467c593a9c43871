package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/firstrun/firstrun/classroom"
	"github.com/firstrun/firstrun/engine"
	"golang.org/x/term"
)

func init() {
	register(&command{name: "report", args: "[--format text|markdown|csv|json] FILE|DIR...", nargs: anyArgs,
		noWorkspace: true, order: 50,
		summary: "class summary from learners' progress --json files: who is where, median\n                    time per step, who is stuck where, cold and warm runs side by side",
		help: "Read learners' progress reports (files, or folders of *.json files) and print a class summary: who is where, the median time per step, the steps where learners are stuck (with names), and the class's cold and warm runs side by side with the slowest laptop marked.\n" +
			"Files that are not readable firstrun progress reports are named on stderr with the reason and skipped.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			format := fs.String("format", "text", "output `format`: text (a table), markdown, csv or json")
			return func(c *call) (int, error) { return report(c, *format) }
		}})
}

func report(c *call, format string) (int, error) {
	t := engine.NewMessages(c.Opts.lang)
	switch format {
	case "text", "markdown", "md", "csv", "json":
	default:
		fmt.Fprintf(c.Stderr, "firstrun report: --format %q: expected text, markdown, csv or json\n", format)
		return engine.ExitUsage, nil
	}
	if len(c.Args) == 0 {
		fmt.Fprintln(c.Stderr, "firstrun report: name the reports: firstrun report FILE|DIR... (learners write them with firstrun progress --json)")
		return engine.ExitUsage, nil
	}
	reports, skipped := classroom.ReadReports(t, c.Args)
	for _, s := range skipped {
		fmt.Fprintln(c.Stderr, t.F("sum.skipped", s.Path, s.Why))
	}
	if len(reports) == 0 {
		fmt.Fprintln(c.Stderr, "firstrun: "+t.F("sum.none", strings.Join(c.Args, " ")))
		return engine.ExitNotYet, nil
	}
	sum := classroom.Summarize(reports, skipped)
	switch format {
	case "markdown", "md":
		_, err := fmt.Fprint(c.Stdout, sum.Markdown(t))
		return engine.ExitOK, err
	case "csv":
		return engine.ExitOK, sum.CSV(c.Stdout)
	case "json":
		return engine.ExitOK, sum.JSON(c.Stdout)
	}
	width, styled := 0, false
	if c.Stdout == os.Stdout && term.IsTerminal(int(os.Stdout.Fd())) {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
			width = w - 1 // some terminals wrap early in the last column
		}
		styled = !c.Opts.plain && os.Getenv("NO_COLOR") == ""
	}
	_, err := fmt.Fprint(c.Stdout, sum.Text(t, width, styled))
	return engine.ExitOK, err
}
