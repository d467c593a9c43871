package main

import (
	"strings"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
)

// normLang maps a language or locale name to one of engine.Languages: "ko", "kr", "ko-KR",
// "ko_KR.UTF-8" are Korean. It returns "" for a name firstrun has no catalog for.
func normLang(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexAny(v, "_-.@"); i >= 0 {
		v = v[:i]
	}
	if v == "kr" {
		v = "ko"
	}
	for _, l := range engine.Languages {
		if v == l {
			return l
		}
	}
	return ""
}

// langSource is how the language was chosen; only an explicit choice is remembered by the
// workspace.
type langSource int

const (
	langDefault  langSource = iota // the locale, Windows or English
	langSaved                      // the workspace remembered it
	langExplicit                   // --lang or FIRSTRUN_LANG
)

// detectLang picks the learner's language: --lang (flag), FIRSTRUN_LANG, the language the
// workspace remembers, then the locale (LANGUAGE, a colon-separated list, then the first of
// LC_ALL, LC_MESSAGES, LANG that is set), then the Windows UI language, then English.
// A --lang that names no known language is returned as given, for the caller to refuse.
func detectLang(flag string, env func(string) string, workspace string) (string, langSource) {
	if flag != "" {
		if l := normLang(flag); l != "" {
			return l, langExplicit
		}
		return flag, langExplicit
	}
	if l := normLang(env("FIRSTRUN_LANG")); l != "" {
		return l, langExplicit
	}
	if workspace != "" {
		if ws, err := sandbox.Open(workspace, ""); err == nil {
			if l := normLang(ws.SavedLang()); l != "" {
				return l, langSaved
			}
		}
	}
	for _, v := range strings.Split(env("LANGUAGE"), ":") {
		if l := normLang(v); l != "" {
			return l, langDefault
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := env(k); v != "" {
			if l := normLang(v); l != "" {
				return l, langDefault
			}
			return "en", langDefault // C, POSIX, fr_FR…: a locale is set, and it is not Korean
		}
	}
	if l := normLang(systemUILanguage()); l != "" {
		return l, langDefault
	}
	return "en", langDefault
}

// flagValue finds a global flag's value in args before they are parsed (-lang ko, --lang=ko),
// so -h and usage errors can already speak the learner's language.
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		for _, p := range []string{"-" + name, "--" + name} {
			if a == p && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, p+"="); ok {
				return v
			}
		}
	}
	return ""
}
