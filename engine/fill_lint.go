package engine

import (
	"path"
	"sort"
	"strings"
)

// checkPlaceholders reports each {{run.NAME.…}} in a page whose NAME no check of the pack
// saves (save_as), and each {{trace.NAME.FIELD}} whose NAME no build_trace check saves or
// whose FIELD is unknown: the learner would only ever see the fallback.
func (ld *loader) checkPlaceholders(c *Course) {
	saved := map[string]bool{}
	traces := map[string]bool{}
	for _, l := range c.Lessons {
		for _, s := range l.Steps {
			for _, ch := range s.Checks {
				switch k := ch.(type) {
				case *ran:
					saved[k.SaveAs] = true
				case *programOutput:
					saved[k.SaveAs] = true
				case *buildTrace:
					traces[k.SaveAs] = true
				}
			}
		}
	}
	// A check that reads a saved run or trace names one some check saves.
	for _, l := range c.Lessons {
		file := path.Join(l.Dir, "lesson.yaml")
		for _, s := range l.Steps {
			for _, ch := range s.Checks {
				switch k := ch.(type) {
				case *traceAnswer:
					if !traces[k.TraceID] {
						ld.addf(file, s.Line, "step %s: trace_answer: no build_trace check saves a trace %q (save_as)", s.ID, k.TraceID)
					}
				case *buildTrace:
					if k.RunID != "" && !saved[k.RunID] {
						ld.addf(file, s.Line, "step %s: build_trace: run %q: no check saves a run of that name (save_as)", s.ID, k.RunID)
					}
				}
			}
		}
	}
	for _, l := range c.Lessons {
		for _, lang := range sortedLangs(l) {
			p := l.Pages[lang]
			// The whole file, front matter included: the placeholder's own line is reported.
			for _, loc := range placeholder.FindAllStringSubmatchIndex(p.raw, -1) {
				m, name := p.raw[loc[0]:loc[1]], p.raw[loc[2]:loc[3]]
				if !saved[name] {
					line := strings.Count(p.raw[:loc[0]], "\n") + 1
					ld.addf(path.Join(l.Dir, lang+".md"), line, "%s: no check saves a run %q (save_as), so only the fallback would show", m, name)
				}
			}
			for _, loc := range tracePlaceholder.FindAllStringSubmatchIndex(p.raw, -1) {
				m, name, field := p.raw[loc[0]:loc[1]], p.raw[loc[2]:loc[3]], p.raw[loc[4]:loc[5]]
				line := strings.Count(p.raw[:loc[0]], "\n") + 1
				switch {
				case traceFields[field] == nil:
					ld.addf(path.Join(l.Dir, lang+".md"), line, "%s: a trace has no field %q (known: %s)", m, field, traceFieldNames())
				case !traces[name]:
					ld.addf(path.Join(l.Dir, lang+".md"), line, "%s: no build_trace check saves a trace %q (save_as), so only the fallback would show", m, name)
				}
			}
		}
	}
}

func traceFieldNames() string {
	names := make([]string, 0, len(traceFields))
	for k := range traceFields {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
