package engine

import (
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// placeholder is {{run.NAME.FIELD}} or {{run.NAME.FIELD|fallback}} in a page or a quiz
// explanation: the learner's own recorded number where firstrun saved that run (save_as
// NAME), else the fallback text. FIELD is compiles, links or time.
var placeholder = regexp.MustCompile(`\{\{run\.([a-z0-9-]+)\.(compiles|links|time)(?:\|([^}]*))?\}\}`)

// firstrunPlaceholder is {{firstrun}} in a page or a hint: the command that runs this firstrun
// in any terminal (the workspace's launcher, see sandbox.LauncherCommand), where a page sends
// the learner to a second terminal on whose PATH `firstrun` may not be.
const firstrunPlaceholder = "{{firstrun}}"

// LauncherCommand is what {{firstrun}} becomes: the command that runs this firstrun in a
// terminal whose PATH may not name it; "firstrun" without a workspace.
func (a *App) LauncherCommand() string { return launcherCommand(a.WS, a.Environ) }

func launcherCommand(ws *sandbox.Workspace, environ []string) string {
	if ws == nil {
		return "firstrun"
	}
	home := lookupEnv(environ, "HOME")
	if runtime.GOOS == "windows" {
		home = lookupEnv(environ, "USERPROFILE")
	}
	return ws.LauncherCommand(home)
}

// tracePlaceholder is {{trace.NAME.FIELD|fallback}}: a figure of the build trace a
// build_trace check saved as NAME (traceFields lists them).
var tracePlaceholder = regexp.MustCompile(`\{\{trace\.([a-z0-9-]+)\.([a-z_]+)(?:\|([^}]*))?\}\}`)

// traceFields are the figures of a saved trace a page can quote.
var traceFields = map[string]func(t *Messages, s SavedTrace) (string, bool){
	"longest":        func(t *Messages, s SavedTrace) (string, bool) { return nthPackage(s, 0) },
	"longest_time":   func(t *Messages, s SavedTrace) (string, bool) { return nthTime(t, s, 0) },
	"longest_share":  func(t *Messages, s SavedTrace) (string, bool) { return nthShare(s, 0) },
	"second":         func(t *Messages, s SavedTrace) (string, bool) { return nthPackage(s, 1) },
	"second_time":    func(t *Messages, s SavedTrace) (string, bool) { return nthTime(t, s, 1) },
	"time":           func(t *Messages, s SavedTrace) (string, bool) { return t.Seconds(s.Millis), true },
	"compiles":       func(t *Messages, s SavedTrace) (string, bool) { return strconv.Itoa(s.Compiles), true },
	"workers":        func(t *Messages, s SavedTrace) (string, bool) { return strconv.Itoa(s.Workers), true },
	"busy":           func(t *Messages, s SavedTrace) (string, bool) { return percent(s.Busy), true },
	"critical":       func(t *Messages, s SavedTrace) (string, bool) { return t.Seconds(s.CriticalMillis), true },
	"critical_share": func(t *Messages, s SavedTrace) (string, bool) { return share(s.CriticalMillis, s.Millis) },
	"parallel":       func(t *Messages, s SavedTrace) (string, bool) { return t.Seconds(s.ParallelMillis), true },
	"link":           func(t *Messages, s SavedTrace) (string, bool) { return t.Seconds(s.LinkMillis), true },
}

func nthPackage(s SavedTrace, i int) (string, bool) {
	if i >= len(s.Longest) {
		return "", false
	}
	return s.Longest[i].Package, true
}

func nthTime(t *Messages, s SavedTrace, i int) (string, bool) {
	if i >= len(s.Longest) {
		return "", false
	}
	return t.Seconds(s.Longest[i].Millis), true
}

func nthShare(s SavedTrace, i int) (string, bool) {
	if i >= len(s.Longest) {
		return "", false
	}
	return share(s.Longest[i].Millis, s.Millis)
}

func share(part, whole float64) (string, bool) {
	if whole <= 0 {
		return "", false
	}
	return percent(part / whole), true
}

// fill replaces the placeholders in s with the learner's numbers and {{firstrun}} with the
// launcher's command.
func (a *App) fill(s string) string {
	if strings.Contains(s, firstrunPlaceholder) {
		s = strings.ReplaceAll(s, firstrunPlaceholder, a.LauncherCommand())
	}
	hasRun, hasTrace := placeholder.MatchString(s), tracePlaceholder.MatchString(s)
	if !hasRun && !hasTrace {
		return s
	}
	var p *Progress
	if a.WS != nil { // a page rendered without a workspace shows the fallbacks
		p, _ = a.Progress()
	}
	if p == nil {
		p = NewProgress()
	}
	if hasRun {
		s = placeholder.ReplaceAllStringFunc(s, func(m string) string {
			g := placeholder.FindStringSubmatch(m)
			return fillRun(a.T, p.Runs, g[1], g[2], g[3])
		})
	}
	if hasTrace {
		s = tracePlaceholder.ReplaceAllStringFunc(s, func(m string) string {
			g := tracePlaceholder.FindStringSubmatch(m)
			return fillTrace(a.T, p.Traces, g[1], g[2], g[3])
		})
	}
	return s
}

func fillTrace(t *Messages, traces map[string]SavedTrace, name, field, fallback string) string {
	s, ok := traces[name]
	f := traceFields[field]
	if !ok || f == nil {
		return fallback
	}
	if v, ok := f(t, s); ok {
		return v
	}
	return fallback
}

func fillRun(t *Messages, runs map[string]SavedRun, name, field, fallback string) string {
	r, ok := runs[name]
	if !ok {
		return fallback
	}
	switch field {
	case "compiles":
		if r.Compiles != nil {
			return strconv.Itoa(*r.Compiles)
		}
	case "links":
		if r.Links != nil {
			return strconv.Itoa(*r.Links)
		}
	case "time":
		return t.Seconds(r.Millis)
	}
	return fallback
}
