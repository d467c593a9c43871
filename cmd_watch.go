package main

func init() {
	register(&command{name: "watch", order: 14,
		summary: "check the current step whenever the workspace changes (for a side pane; Ctrl-C stops)",
		help: "Show the current step and check it again whenever you save a file in the workspace or run a go command there, " +
			"moving on as steps pass. No menus: for a side pane next to your editor, or without a terminal. " +
			"Ctrl-C stops it (exit 130); progress is saved after every step. FIRSTRUN_WATCH=poll polls instead of using file system events.",
		setup: noFlags(func(c *call) (int, error) { return c.App.Watch(c.Ctx) })})
}
