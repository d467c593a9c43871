package engine

import (
	"fmt"
	"regexp"
	"sort"
)

var formatVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// CatalogProblems lists every message key missing from a language (or present only there),
// and every message with another number of format verbs than the English one. It sees the strings that
// features registered from other packages too, so each package's tests can call it after its
// init has run: a Korean learner must never see a [key] or a %!d(MISSING).
func CatalogProblems() []string {
	var problems []string
	for lang, m := range catalogs {
		for key, s := range en {
			other, ok := m[key]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: missing %q", lang, key))
				continue
			}
			if a, b := verbsOf(s), verbsOf(other); len(a) != len(b) {
				problems = append(problems, fmt.Sprintf("%s %q: verbs %v, en has %v", lang, key, b, a))
			}
		}
		for key := range m {
			if _, ok := en[key]; !ok {
				problems = append(problems, fmt.Sprintf("%s has %q, en does not", lang, key))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func verbsOf(s string) []string {
	v := formatVerb.FindAllString(s, -1)
	sort.Strings(v)
	return v
}
