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
		langs := make([]string, 0, len(l.Pages))
		for lang := range l.Pages {
			langs = append(langs, lang)
		}
		sort.Strings(langs)
		for _, lang := range langs {
			p := l.Pages[lang]
			texts := []string{p.Intro}
			for _, st := range p.Steps {
				texts = append(texts, st.Body)
				if st.Quiz != nil {
					texts = append(texts, st.Quiz.Question)
					for _, ch := range st.Quiz.Choices {
						texts = append(texts, ch.Text, ch.Why)
					}
				}
			}
			for _, t := range texts {
				for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
					if !saved[m[1]] {
						ld.addf(path.Join(l.Dir, lang+".md"), 0, "%s: no check saves a run %q (save_as), so only the fallback would show", m[0], m[1])
					}
				}
				for _, m := range tracePlaceholder.FindAllStringSubmatch(t, -1) {
					switch {
					case traceFields[m[2]] == nil:
						ld.addf(path.Join(l.Dir, lang+".md"), 0, "%s: a trace has no field %q (known: %s)", m[0], m[2], traceFieldNames())
					case !traces[m[1]]:
						ld.addf(path.Join(l.Dir, lang+".md"), 0, "%s: no build_trace check saves a trace %q (save_as), so only the fallback would show", m[0], m[1])
					}
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
