package engine

import (
	"regexp"
	"sort"
	"testing"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestCatalogsAgree: every UI string exists in every language with the same format verbs, so a
// Korean learner never sees a [key] or a %!d(MISSING).
func TestCatalogsAgree(t *testing.T) {
	for lang, m := range catalogs {
		for key, s := range en {
			other, ok := m[key]
			if !ok {
				t.Errorf("%s: missing %q", lang, key)
				continue
			}
			a, b := verbs(s), verbs(other)
			if len(a) != len(b) {
				t.Errorf("%s %q: verbs %v, en has %v", lang, key, b, a)
			}
		}
		for key := range m {
			if _, ok := en[key]; !ok {
				t.Errorf("%s has %q, en does not", lang, key)
			}
		}
	}
}

func verbs(s string) []string {
	v := verb.FindAllString(s, -1)
	sort.Strings(v)
	return v
}

func TestMessagesFallback(t *testing.T) {
	if got := NewMessages("fr").Lang; got != "en" {
		t.Errorf("NewMessages(fr).Lang = %q, want en", got)
	}
	if got := NewMessages("ko").F("no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key shows %q, want [no.such.key]", got)
	}
}
