package main

func init() {
	register(&command{name: "step", args: "L.S", nargs: 1, order: 30,
		summary: "go to a step (3.2, or cache.layout) to do it (again)",
		help: "Go to a step, by lesson and step number (3.2) or ids (cache.layout), to do it, or do it again: " +
			"the step starts over from the state it needs (firstrun empties or warms the build cache when it says so), " +
			"and the steps after it in its lesson follow in order. Done marks and saved runs of other steps stay.",
		setup: noFlags(errOnly(func(c *call) error {
			if err := c.App.GotoStep(c.Ctx, c.Args[0]); err != nil {
				return err
			}
			return c.App.List()
		}))})
}
