package sandbox

import (
	"path/filepath"
	"runtime"
	"strings"
)

// envVar is one change to an environment: set key to value, or remove key.
type envVar struct {
	key, value string
	unset      bool
}

// learnerVars are the settings every learner go command gets, in the order ExportLines
// prints them. Each closes a way the lessons could go wrong on a real machine:
// GOTOOLCHAIN=local stops a go.mod line from downloading another toolchain mid-lesson,
// GOPROXY=off keeps lessons offline, GOENV=off and GOFLAGS= ignore the user's own
// settings (a -trimpath in GOFLAGS would change every cache key), and GOWORK=off with the
// default GO111MODULE make the workspace an ordinary module whatever the user had set.
func (w *Workspace) learnerVars(basePath string) []envVar {
	vars := []envVar{
		{key: "GOCACHE", value: w.CacheDir()},
		{key: "GOTMPDIR", value: w.TmpDir()},
		{key: "GOBIN", value: w.BinDir()},
	}
	vars = append(vars, isolationVars...)
	return append(vars,
		envVar{key: "FIRSTRUN_REAL_GO", value: w.RealGo},
		envVar{key: "FIRSTRUN_LOG", value: w.LogPath()},
		envVar{key: "FIRSTRUN_WORKSPACE", value: w.Dir},
		// The launcher comes after GOBIN: what the learner installs wins, as lesson 5 teaches.
		envVar{key: "PATH", value: prependPath(basePath, w.WrapperDir(), w.BinDir(), w.LauncherDir())},
	)
}

// isolationVars keep the user's go settings and the network out of every go command in a
// workspace, the learner's and firstrun's own alike.
var isolationVars = []envVar{
	{key: "GOTOOLCHAIN", value: "local"},
	{key: "GOPROXY", value: "off"},
	{key: "GOFLAGS", value: ""},
	{key: "GOENV", value: "off"},
	{key: "GOWORK", value: "off"},
	{key: "GO111MODULE", value: ""},
}

// Env returns the environment for every go command the learner runs: base (usually
// os.Environ()) pointed at the workspace's private cache, work folder and GOBIN, with
// the logging wrapper first on PATH and the launcher (see LauncherDir) after GOBIN. Keys are
// replaced, never duplicated.
func (w *Workspace) Env(base []string) []string {
	return editEnv(base, w.learnerVars(getEnv(base, "PATH")))
}

// CheckerEnv is the environment for firstrun's own builds (the wrapper, the checker's
// build of the learner's program). It is as isolated as Env but uses ToolCacheDir and its
// own work folder, runs the real go directly and logs nothing, so no check ever shows in
// the learner's log, cache or work folders (which lessons count and look at).
// CGO_ENABLED=0 keeps these builds working on machines without a C compiler, and GOOS,
// GOARCH and the like are removed: these programs run here, whatever the learner exported.
func (w *Workspace) CheckerEnv(base []string) []string {
	// Without the learner's folders: neither the wrapper nor a program the learner
	// happened to `go install` as "go" may stand in for the real toolchain.
	p := removePath(getEnv(base, "PATH"), w.WrapperDir(), w.BinDir(), w.LauncherDir())
	if w.RealGo != "" {
		p = prependPath(p, filepath.Dir(w.RealGo))
	}
	vars := []envVar{
		{key: "GOCACHE", value: w.ToolCacheDir()},
		{key: "GOTMPDIR", value: w.checkTmpDir()},
		{key: "GOBIN", value: filepath.Join(w.checkDir(), "bin")},
	}
	vars = append(vars, isolationVars...)
	vars = append(vars,
		envVar{key: "CGO_ENABLED", value: "0"},
		envVar{key: "FIRSTRUN_LOG", unset: true},
		envVar{key: "FIRSTRUN_REAL_GO", unset: true},
		envVar{key: "FIRSTRUN_WORKSPACE", unset: true},
		envVar{key: "PATH", value: p},
	)
	vars = append(vars, hostTarget()...)
	return editEnv(base, append(vars, w.ownHomeVars()...))
}

// InspectEnv is the learner's environment (their cache, their work folder) for the go
// commands firstrun runs itself to look at it, such as `go list -export` for the cache
// explorer: like CheckerEnv, it keeps the go command's own files in the workspace.
func (w *Workspace) InspectEnv(base []string) []string {
	return editEnv(w.Env(base), w.ownHomeVars())
}

// ownHomeVars point the user's home and config folders into the state folder for the go
// commands firstrun runs itself: the go command writes telemetry counters under the user's
// config folder, and firstrun writes nowhere outside the workspace.
func (w *Workspace) ownHomeVars() []envVar {
	home := filepath.Join(w.checkDir(), "home")
	config := filepath.Join(home, ".config")
	return []envVar{
		{key: "HOME", value: home},
		{key: "USERPROFILE", value: home},
		{key: "XDG_CONFIG_HOME", value: config},
		{key: "AppData", value: config},
		{key: "GOPATH", value: filepath.Join(home, "go")},
	}
}

// ExportLines prints the settings Env makes as POSIX `export` lines, for
// `eval "$(firstrun env)"` in a second terminal where the learner keeps their own shell
// (base is that terminal's environment, since `firstrun env` runs in it).
//
// On Windows the lines are PowerShell assignments instead, for
// `firstrun env | Out-String | Invoke-Expression`.
func (w *Workspace) ExportLines(base []string) string {
	return exportLines(w.Env(base), w.learnerVars(""), runtime.GOOS == "windows")
}

// ExportLinesNote is ExportLines with note, in the learner's language, as the closing
// comment line instead of the English one.
func (w *Workspace) ExportLinesNote(base []string, note string) string {
	lines := exportLines(w.Env(base), w.learnerVars(""), runtime.GOOS == "windows")
	if note == "" {
		return lines
	}
	lines = strings.TrimSuffix(lines, "\n")
	return lines[:strings.LastIndex(lines, "\n")+1] + "# " + strings.ReplaceAll(note, "\n", " ") + "\n"
}

func exportLines(env []string, vars []envVar, powershell bool) string {
	var b strings.Builder
	for _, v := range vars {
		value := getEnv(env, v.key)
		if powershell {
			b.WriteString("$env:" + v.key + " = '" + strings.ReplaceAll(value, "'", "''") + "'\n")
		} else {
			b.WriteString(exportLine(v.key, value))
		}
	}
	if powershell {
		b.WriteString("# Run `firstrun env | Out-String | Invoke-Expression` in a second PowerShell: its go commands then use this workspace and show up in firstrun.\n")
	} else {
		b.WriteString("# Run `eval \"$(firstrun env)\"` in a second terminal: its go commands then use this workspace and show up in firstrun.\n")
	}
	return b.String()
}

func exportLine(key, value string) string {
	return "export " + key + "=" + shellQuote(value) + "\n"
}

// shellQuote quotes s for a POSIX shell: nothing is special inside single quotes, and a
// single quote itself closes the quotes, adds an escaped quote and opens them again.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// prependPath puts dirs in front of list, first removing them from list so that nested
// `firstrun shell` sessions do not grow PATH.
func prependPath(list string, dirs ...string) string {
	rest := removePath(list, dirs...)
	if rest == "" {
		return strings.Join(dirs, string(filepath.ListSeparator))
	}
	return strings.Join(append(append([]string(nil), dirs...), rest), string(filepath.ListSeparator))
}

// removePath drops dirs (and empty entries) from the PATH-style list.
func removePath(list string, dirs ...string) string {
	var out []string
	for _, d := range filepath.SplitList(list) {
		keep := d != ""
		for _, x := range dirs {
			if sameKey(filepath.Clean(d), filepath.Clean(x)) {
				keep = false
			}
		}
		if keep {
			out = append(out, d)
		}
	}
	return strings.Join(out, string(filepath.ListSeparator))
}

// sameKey compares environment keys (and, on Windows, paths) the way the OS does:
// case-insensitively on Windows.
func sameKey(a, b string) bool {
	if runtime.GOOS == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// getEnv returns key's value in env; like exec.Cmd, the last entry wins.
func getEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k != "" && sameKey(k, key) {
			v = val
		}
	}
	return v
}

// editEnv returns a copy of base with vars applied. A replaced key keeps the place of its
// first entry and later duplicates are dropped, so the child sees exactly one value.
func editEnv(base []string, vars []envVar) []string {
	out := make([]string, 0, len(base)+len(vars))
	done := make([]bool, len(vars))
	find := func(k string) int {
		for i, v := range vars {
			if sameKey(k, v.key) {
				return i
			}
		}
		return -1
	}
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		// Windows keeps per-drive folders in entries like "=C:=C:\x"; the key is empty.
		i := -1
		if k != "" {
			i = find(k)
		}
		if i < 0 {
			out = append(out, kv)
			continue
		}
		if !done[i] && !vars[i].unset {
			out = append(out, vars[i].key+"="+vars[i].value)
		}
		done[i] = true
	}
	for i, v := range vars {
		if !done[i] && !v.unset {
			out = append(out, v.key+"="+v.value)
		}
	}
	return out
}
