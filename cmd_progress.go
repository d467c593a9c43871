package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/firstrun/firstrun/classroom"
	"github.com/firstrun/firstrun/engine"
)

func init() {
	register(&command{name: "progress", args: "[--json] [--out FILE|DIR] [--name NAME]", order: 22,
		summary: "where you stand: steps done, time on each, failed checks, hints, runs;\n                    --json or --out: the report your instructor collects",
		help: "Show where you stand: your position, the steps you reached with the time each was your current step, failed checks and hints, and your saved runs.\n" +
			"--json prints the same as a versioned JSON report for your instructor (firstrun report reads many of them); --out FILE writes it to a file, or to NAME.json in a folder.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			asJSON := fs.Bool("json", false, "print a JSON progress report instead of the text")
			out := fs.String("out", "", "write the JSON report to this `file` (or to NAME.json in this folder)")
			name := fs.String("name", "", "your `name` in the report (env FIRSTRUN_NAME, default your user name)")
			return errOnly(func(c *call) error {
				return progress(c, learnerName(*name, os.Getenv), *asJSON, *out)
			})
		}})
}

func progress(c *call, name string, asJSON bool, out string) error {
	a := c.App
	p, err := a.Progress()
	if err != nil {
		return err
	}
	who := machine(c)
	who.Name, who.Go = name, a.GoVersion(c.Ctx).Raw
	r := classroom.FromProgress(a.Course, p, who, a.Now())
	if asJSON || out != "" {
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		data = append(data, '\n')
		if out == "" {
			_, err := c.Stdout.Write(data)
			return err
		}
		if st, err := os.Stat(out); err == nil && st.IsDir() {
			out = filepath.Join(out, fileName(name)+".json")
		}
		if err := writeFileAtomic(out, data); err != nil {
			return err
		}
		fmt.Fprintln(c.Stdout, a.T.F("report.wrote", name, out))
		return nil
	}

	say := func(s string) { fmt.Fprintln(c.Stdout, classroom.Wrap(s, a.Width)) }
	say(r.Who(a.T))
	if l := a.Course.Lesson(r.Lesson); l != nil {
		say(a.Where(l, l.Step(r.Step)))
	} else if r.Finished {
		say(a.T.F("report.finished"))
	}
	if len(p.Done) == 0 && len(p.History) == 0 && len(p.Runs) == 0 {
		say(a.T.F("report.notstarted"))
		sayClass(c)
		return nil
	}
	fmt.Fprint(c.Stdout, "\n"+r.StepsText(a.T, a.Width))
	if names := p.RunNames(); len(names) > 0 {
		fmt.Fprintln(c.Stdout, "\n"+a.T.F("report.runs"))
		fmt.Fprint(c.Stdout, engine.RunTable(a.T, p, names, a.Width))
	}
	sayClass(c)
	return nil
}

// sayClass tells a learner in a live class whether their progress is reaching it.
func sayClass(c *call) {
	st := classroom.State(c.Ctx, c.App, machine(c))
	if st == nil {
		return
	}
	t := c.App.T
	s := t.F("link.state", st.URL, st.Name)
	switch {
	case st.Refused:
		s = t.F("link.staterefused", st.URL, st.Name, st.Waiting)
	case st.Waiting > 0:
		s = t.F("link.statewait", st.URL, st.Name, st.Waiting)
	}
	fmt.Fprintln(c.Stdout, "\n"+classroom.Wrap(s, c.App.Width))
}

// learnerName is the name a report carries: --name, then FIRSTRUN_NAME, then the user's
// login name (without a Windows domain).
func learnerName(flagName string, env func(string) string) string {
	for _, n := range []string{flagName, env("FIRSTRUN_NAME")} {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		_, name, _ := strings.Cut(u.Username, `\`)
		if name == "" {
			name = u.Username
		}
		return name
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if n := env(k); n != "" {
			return n
		}
	}
	return "learner"
}

// fileName turns a learner's name into a safe file name: letters (Hangul too), digits, dot,
// dash and underscore are kept.
func fileName(name string) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, name)
	s = strings.Trim(s, "._")
	if s == "" {
		return "learner"
	}
	return s
}

// writeFileAtomic writes through a temp file and a rename, so a report being collected from a
// USB stick is never half written.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".firstrun-report-*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil && cerr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, errors.Join(werr, cerr))
	}
	return nil
}
