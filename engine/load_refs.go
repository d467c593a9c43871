package engine

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// A saver is a check that saves a run under a name (save_as), and where it is in the pack.
type saver struct {
	pos    int // the step's place in the whole pack, in the order the learner meets it
	lesson *Lesson
	step   *Step
	which  string // "" for program_output, which saves the only run it made
	cold   bool
}

// checkReferences reports every name a lesson pack refers to that leads nowhere, and every
// saved run a step depends on that an extra run by the learner could spoil: the learner would
// otherwise meet a step that can never pass. Each problem points at the line in lesson.yaml
// (or the page) that holds the reference.
func (ld *loader) checkReferences(c *Course) {
	saves := map[string][]saver{}
	pos := map[*Step]int{}
	n := 0
	for _, l := range c.Lessons {
		for _, s := range l.Steps {
			pos[s] = n
			n++
			for _, name := range s.brokenSaves {
				saves[name] = append(saves[name], saver{pos: pos[s], lesson: l, step: s})
			}
			for _, ch := range s.Checks {
				switch k := ch.(type) {
				case *ran:
					if k.SaveAs != "" {
						saves[k.SaveAs] = append(saves[k.SaveAs], saver{pos[s], l, s, whichOf(k), k.Cold})
					}
				case *programOutput:
					if k.SaveAs != "" {
						saves[k.SaveAs] = append(saves[k.SaveAs], saver{pos: pos[s], lesson: l, step: s})
					}
				}
			}
		}
	}
	for _, l := range c.Lessons {
		file := path.Join(l.Dir, "lesson.yaml")
		for _, s := range l.Steps {
			for _, ch := range s.Checks {
				switch k := ch.(type) {
				case *faster:
					ld.fasterRefs(file, s, pos[s], k, saves)
				case *showRuns:
					ld.showRunsRefs(file, s, pos[s], k, saves)
				}
			}
			ld.runCommandRef(file, s)
		}
		ld.starterCase(l)
	}
	ld.runLabels(c, saves)
	ld.solutions(c)
}

func whichOf(r *ran) string {
	if r.Which == "" {
		return "any"
	}
	return r.Which
}

// unknownRun says that no check saves name, suggesting a saved name it looks like.
func (ld *loader) unknownRun(file string, line int, s *Step, field, name string, saves map[string][]saver) {
	msg := "step %s: %s: no check in the pack saves a run %q (save_as), so this step could never pass"
	if near := nearest(name, saves); near != "" {
		ld.addf(file, line, msg+"; did you mean %q?", s.ID, field, name, near)
		return
	}
	ld.addf(file, line, msg, s.ID, field, name)
}

func (ld *loader) fasterRefs(file string, s *Step, at int, k *faster, saves map[string][]saver) {
	for _, ref := range []struct{ field, name string }{{"run", k.RunID}, {"than", k.Than}} {
		line := k.lineOf(ref.field)
		list := saves[ref.name]
		if len(list) == 0 {
			ld.unknownRun(file, line, s, ref.field, ref.name, saves)
			continue
		}
		if list[0].pos > at {
			ld.addf(file, line, "step %s: %s: run %q is saved only by a later step (%s), so this step could never pass",
				s.ID, ref.field, ref.name, list[0].lesson.ID+"."+list[0].step.ID)
			continue
		}
		for _, sv := range list {
			switch {
			case sv.step == s && ref.field == "run" && sv.which == "first":
				// The learner is told to run it again when it was not fast enough: with first,
				// running it again changes nothing.
				ld.addf(file, line, "step %s: run %q is saved in this step with which: first, so running it again (as a slow result asks) could never change it: use which: any or last",
					s.ID, ref.name)
			case sv.pos < at && ref.field == "than" && sv.which != "" && sv.which != "first" && !sv.cold:
				// An extra run in that earlier step (a second go test, already cached) would
				// replace the run this step compares with.
				ld.addf(path.Join(sv.lesson.Dir, "lesson.yaml"), sv.step.Line, "step %s saves run %q with which: %s, and step %s compares with it (faster than:): one extra run in step %s would replace it; give that check which: first",
					sv.step.ID, ref.name, sv.which, s.ID, sv.step.ID)
			}
		}
	}
}

func (ld *loader) showRunsRefs(file string, s *Step, at int, k *showRuns, saves map[string][]saver) {
	known, reachable := false, false
	for _, name := range k.Runs {
		list := saves[name]
		if len(list) == 0 {
			ld.unknownRun(file, k.lineOf("runs"), s, "runs", name, saves)
			continue
		}
		known = true
		reachable = reachable || list[0].pos <= at
	}
	if known && !reachable {
		ld.addf(file, k.lineOf("runs"), "step %s: runs: every run it shows is saved only by later steps, so this step could never pass", s.ID)
	}
}

// runCommandRef: "Run it for me" must run a command the step's own ran checks accept.
func (ld *loader) runCommandRef(file string, s *Step) {
	f := strings.Fields(s.Run)
	if len(f) < 2 || f[0] != "go" {
		return
	}
	// Run it for me types the command in the workspace (any folder name does for the comparison).
	const ws = "/ws"
	run := parseGoCommand(f[1:], ws, ws, "", true)
	for _, ch := range s.Checks {
		r, ok := ch.(*ran)
		if !ok {
			continue
		}
		p := r.pattern(ws, path.Join(ws, r.Dir), "")
		if p.Sub == run.Sub && !p.accepts(run) {
			ld.addf(file, s.Line, "step %s: run: %q is not a command its ran check %q accepts (line %d), so Run it for me could never pass the step",
				s.ID, s.Run, r.Command, r.line)
		}
	}
}

// starterCase reports a path a check or command names that differs only in capitals from a
// starter file: it works on macOS and Windows and fails on Linux.
func (ld *loader) starterCase(l *Lesson) {
	if l.Starter == "" {
		return
	}
	files := map[string]string{} // lower case → as in the starter
	_ = fs.WalkDir(ld.fsys, l.Starter, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != l.Starter {
			rel := strings.TrimSuffix(strings.TrimPrefix(p, l.Starter+"/"), ".tmpl")
			files[strings.ToLower(rel)] = rel
		}
		return nil
	})
	file := path.Join(l.Dir, "lesson.yaml")
	check := func(line int, s *Step, name string) {
		name = strings.TrimPrefix(path.Clean(name), "./")
		if have, ok := files[strings.ToLower(name)]; ok && have != name {
			ld.addf(file, line, "step %s: %q: the starter has %q; names differ in capitals only, which works on macOS and Windows but not on Linux", s.ID, name, have)
		}
	}
	for _, s := range l.Steps {
		for _, w := range strings.Fields(s.Run) {
			check(s.Line, s, w)
		}
		for _, ch := range s.Checks {
			switch k := ch.(type) {
			case *ran:
				for _, w := range k.words {
					check(k.lineOf("command"), s, w)
				}
			case *fileExists:
				check(k.lineOf("path"), s, k.Path)
			case *fileAbsent:
				check(k.lineOf("path"), s, k.Path)
			case *goParses:
				check(k.lineOf("path"), s, k.Path)
			case *goSource:
				check(k.lineOf("path"), s, k.Path)
			case *programOutput:
				if k.Path != "" {
					check(k.lineOf("path"), s, k.Path)
				}
			}
		}
	}
}

// runLabels: a page's `runs:` labels runs some check saves, and a run labelled in one
// language is labelled in every language (the Korean chart must not show English names).
func (ld *loader) runLabels(c *Course, saves map[string][]saver) {
	labelled := map[string]map[string]bool{} // run → languages
	for _, l := range c.Lessons {
		for _, lang := range sortedLangs(l) {
			p := l.Pages[lang]
			for name := range p.Runs {
				if labelled[name] == nil {
					labelled[name] = map[string]bool{}
				}
				labelled[name][lang] = true
			}
		}
	}
	for _, l := range c.Lessons {
		for _, lang := range sortedLangs(l) {
			p := l.Pages[lang]
			file := path.Join(l.Dir, lang+".md")
			for _, name := range sortedKeys(p.Runs) {
				if len(saves[name]) == 0 {
					near := nearest(name, saves)
					if near != "" {
						ld.addf(file, p.runLines[name], "runs: %q labels a run no check saves (save_as); did you mean %q?", name, near)
					} else {
						ld.addf(file, p.runLines[name], "runs: %q labels a run no check saves (save_as)", name)
					}
				}
				if p.Runs[name] == "" {
					ld.addf(file, p.runLines[name], "runs: %q has an empty label", name)
				}
				for _, other := range Languages {
					if !labelled[name][other] {
						ld.addf(file, p.runLines[name], "runs: run %q has a label here but none in any %s.md: give every language a label", name, other)
					}
				}
			}
		}
	}
}

// solutions: a step with a solution in one language has one in every language.
func (ld *loader) solutions(c *Course) {
	for _, l := range c.Lessons {
		for _, s := range l.Steps {
			var with, without []string
			for _, lang := range Languages {
				p := l.Pages[lang]
				if p == nil || p.Steps[s.ID] == nil {
					continue
				}
				if p.Steps[s.ID].Solution != "" {
					with = append(with, lang)
				} else {
					without = append(without, lang)
				}
			}
			if len(with) > 0 {
				for _, lang := range without {
					ld.addf(path.Join(l.Dir, lang+".md"), l.Pages[lang].Steps[s.ID].line, "step %s: has a solution in %s.md but none here: give every language the solution", s.ID, with[0])
				}
			}
		}
	}
}

func sortedLangs(l *Lesson) []string {
	var langs []string
	for lang := range l.Pages {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	return langs
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// nearest is the saved run name closest to name (at most two edits away), for "did you mean".
func nearest(name string, saves map[string][]saver) string {
	best, bestD := "", 3
	for other := range saves {
		if d := editDistance(name, other); d < bestD || d == bestD && other < best {
			best, bestD = other, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
