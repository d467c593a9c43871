package engine

import "testing"

// TestCatalogsAgree: every UI string exists in every language with the same format verbs.
func TestCatalogsAgree(t *testing.T) {
	for _, p := range CatalogProblems() {
		t.Error(p)
	}
}

func TestMessagesFallback(t *testing.T) {
	if got := NewMessages("fr").Lang; got != "en" {
		t.Errorf("NewMessages(fr).Lang = %q, want en", got)
	}
	if got := NewMessages("ko").F("no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key shows %q, want [no.such.key]", got)
	}
}
