package main

import "flag"

func init() {
	register(&command{name: "solution", args: "[--force]", order: 13,
		summary: "show the current step's solution (after a failed check, or --force)",
		help: "Show how the current step is done: its written solution, or a quiz's answer. " +
			"It is shown once a check of the step has failed (or a quiz answer was wrong), so you try first; --force shows it anyway. " +
			"Progress records that it was shown (firstrun progress, the instructor's report). Exit 0: shown; 1: not shown.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			force := fs.Bool("force", false, "show it even before you have tried the step")
			return func(c *call) (int, error) { return c.App.Solution(*force) }
		}})
}
