package engine

import (
	"path"
	"sort"
)

// checkPlaceholders reports each {{run.NAME.…}} in a page whose NAME no check of the pack
// saves (save_as): the learner would only ever see the fallback.
func (ld *loader) checkPlaceholders(c *Course) {
	saved := map[string]bool{}
	for _, l := range c.Lessons {
		for _, s := range l.Steps {
			for _, ch := range s.Checks {
				switch k := ch.(type) {
				case *ran:
					saved[k.SaveAs] = true
				case *programOutput:
					saved[k.SaveAs] = true
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
			}
		}
	}
}
