package engine

import (
	"path"
	"strings"
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
		}
	}
}
