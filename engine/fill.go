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

// fill replaces the placeholders in s with the learner's numbers and {{firstrun}} with the
// launcher's command.
func (a *App) fill(s string) string {
	if strings.Contains(s, firstrunPlaceholder) {
		s = strings.ReplaceAll(s, firstrunPlaceholder, a.LauncherCommand())
	}
	if !placeholder.MatchString(s) {
		return s
	}
	var runs map[string]SavedRun
	if a.WS != nil { // a page rendered without a workspace shows the fallbacks
		if p, err := a.Progress(); err == nil {
			runs = p.Runs
		}
	}
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		g := placeholder.FindStringSubmatch(m)
		return fillRun(a.T, runs, g[1], g[2], g[3])
	})
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
