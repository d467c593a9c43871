package engine

import "testing"

func TestFillRun(t *testing.T) {
	n, l := 61, 1
	runs := map[string]SavedRun{"cold": {Millis: 19400, Compiles: &n, Links: &l}, "warm": {Millis: 52}}
	cases := []struct {
		lang, name, field, fallback, want string
	}{
		{"en", "cold", "compiles", "about 60", "61"},
		{"en", "cold", "links", "1", "1"},
		{"en", "cold", "time", "a few seconds", "19.4 s"},
		{"ko", "cold", "time", "몇 초", "19.4초"},
		{"en", "warm", "compiles", "no", "no"}, // counted only with -x
		{"en", "edited", "time", "fallback", "fallback"},
	}
	for _, c := range cases {
		if got := fillRun(NewMessages(c.lang), runs, c.name, c.field, c.fallback); got != c.want {
			t.Errorf("%s {{run.%s.%s|%s}} = %q, want %q", c.lang, c.name, c.field, c.fallback, got, c.want)
		}
	}
	if m := placeholder.FindStringSubmatch("was {{run.coldx.compiles|about 60}} here"); len(m) != 4 || m[1] != "coldx" || m[3] != "about 60" {
		t.Errorf("placeholder match = %q", m)
	}
}
