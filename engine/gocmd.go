package engine

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// goCommand is a go command line read the way the go command reads it, so that a lesson's
// `command: go test -count=1 ./sum` accepts `go test -count 1 .` typed inside sum/.
type goCommand struct {
	Sub string
	// Flags by name without dashes ("count", "x", "gcflags"); a boolean flag given bare is
	// "true". For go test, -test.count is count.
	Flags map[string]string
	// Pkgs are the packages or files named, resolved against the workspace: "." for its root,
	// "./sum", "./sum/...", "./hello.go"; anything else (fmt, a path outside) as given.
	Pkgs []string
	// Prog are the arguments for the program (go run) or the test binary (after -args).
	Prog []string
}

// valueFlags are the go command's flags that take a value, so `-count 1` is one flag and
// not a flag and a package. Any other flag is boolean (-x, -v, -work, -race, -cover…), as in
// cmd/go; a flag with `=` needs no table.
var valueFlags = map[string]bool{
	// build flags (go help build)
	"C": true, "p": true, "o": true, "asmflags": true, "buildmode": true, "compiler": true, "gccgoflags": true,
	"gcflags": true, "installsuffix": true, "ldflags": true, "mod": true, "modfile": true, "overlay": true,
	"pgo": true, "pkgdir": true, "tags": true, "toolexec": true, "coverpkg": true, "covermode": true,
	"exec": true, "debug-actiongraph": true, "debug-trace": true, "debug-runtime-trace": true,
	// test flags (go help testflag)
	"bench": true, "benchtime": true, "blockprofile": true, "blockprofilerate": true, "count": true,
	"coverprofile": true, "cpu": true, "cpuprofile": true, "fuzz": true, "fuzzminimizetime": true,
	"fuzztime": true, "list": true, "memprofile": true, "memprofilerate": true, "mutexprofile": true,
	"mutexprofilefraction": true, "outputdir": true, "parallel": true, "run": true, "skip": true,
	"shuffle": true, "timeout": true, "trace": true, "vet": true,
	// go list
	"f": true, "reuse": true,
}

// parseGoCommand reads args (the words after `go`) as typed in the folder dir; ws is the
// workspace folder and module its module path, against which packages are resolved.
// defaultPkg adds the package the go command builds when none is named ("." for test, vet,
// build, install, list): true for the learner's commands, false for a lesson's pattern, where
// naming no package accepts any.
func parseGoCommand(args []string, ws, dir, module string, defaultPkg bool) goCommand {
	g := goCommand{Flags: map[string]string{}}
	if len(args) == 0 {
		return g
	}
	g.Sub = args[0]
	rest := args[1:]
	rel := relDir(ws, dir)
	var positional []string
	flagsAnywhere := g.Sub == "test" // go test takes flags after the packages too
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if g.Sub == "test" && (a == "-args" || a == "--args") {
			g.Prog = append(g.Prog, rest[i+1:]...)
			break
		}
		if a == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if !isFlag(a) || (len(positional) > 0 && !flagsAnywhere) {
			positional = append(positional, a)
			if g.Sub == "run" {
				// go run: the files (or the one package), then the program's own arguments.
				n := 1
				if strings.HasSuffix(a, ".go") {
					for n < len(rest)-i && strings.HasSuffix(rest[i+n], ".go") {
						n++
					}
				}
				positional = append(positional, rest[i+1:i+n]...)
				g.Prog = append(g.Prog, rest[i+n:]...)
				break
			}
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if g.Sub == "test" {
			name = strings.TrimPrefix(name, "test.")
		}
		switch {
		case hasValue:
		case valueFlags[name] && i+1 < len(rest):
			i++
			value = rest[i]
		default:
			value = "true"
		}
		if !valueFlags[name] {
			if b, err := strconv.ParseBool(value); err == nil {
				value = strconv.FormatBool(b)
			}
		}
		g.Flags[name] = value // the last one wins, as in the flag package
	}
	if c, ok := g.Flags["C"]; ok {
		// -C changes folder before anything else is read.
		rel = path.Join(rel, filepath.ToSlash(c))
	}
	if len(positional) == 0 && defaultPkg && buildsDefaultPkg[g.Sub] {
		positional = []string{"."}
	}
	for _, p := range positional {
		g.Pkgs = append(g.Pkgs, resolvePkg(p, rel, module))
	}
	return g
}

// buildsDefaultPkg lists the subcommands that work on the package in the current folder
// when none is named.
var buildsDefaultPkg = map[string]bool{"test": true, "vet": true, "build": true, "install": true, "list": true}

func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// relDir is dir relative to the workspace, slash-separated ("." for the workspace itself), or
// dir itself when it is outside.
func relDir(ws, dir string) string {
	if ws == "" || dir == "" {
		return "."
	}
	rel, err := filepath.Rel(ws, dir)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		// A symbolic link in one of the two (macOS's /var is /private/var) may hide that dir
		// is inside: compare the real paths.
		rws, err1 := filepath.EvalSymlinks(ws)
		rdir, err2 := filepath.EvalSymlinks(dir)
		if err1 != nil || err2 != nil {
			return filepath.ToSlash(dir)
		}
		if rel, err = filepath.Rel(rws, rdir); err != nil || !filepath.IsLocal(rel) && rel != "." {
			return filepath.ToSlash(dir)
		}
	}
	return filepath.ToSlash(rel)
}

// resolvePkg turns one package or file argument, given in the folder rel, into its form
// relative to the workspace: "." and "./x" for folders and files in it. Import paths of the
// workspace's own module (hello/sum) are its folders too; others (fmt) stay as they are.
func resolvePkg(p, rel, module string) string {
	p = filepath.ToSlash(p)
	local := p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") ||
		strings.HasSuffix(p, ".go") || path.IsAbs(p) || filepath.IsAbs(filepath.FromSlash(p))
	switch {
	case module != "" && (p == module || strings.HasPrefix(p, module+"/")):
		p, rel = "."+strings.TrimPrefix(p, module), "."
	case !local:
		return p
	}
	if !path.IsAbs(p) && !filepath.IsAbs(filepath.FromSlash(p)) {
		p = path.Join(rel, p)
	}
	if path.IsAbs(p) || strings.HasPrefix(p, "../") || p == ".." {
		return p
	}
	if p == "." {
		return p
	}
	return "./" + p
}

// accepts: the learner's command g does what the lesson's pattern asks: the same subcommand,
// every flag of the pattern with the same value, every package and program argument of the
// pattern among the learner's. Extra flags and packages are fine: `go run -x hello.go`
// satisfies `go run hello.go`, but `go run main.go` does not.
func (pattern goCommand) accepts(g goCommand) bool {
	if g.Sub != pattern.Sub {
		return false
	}
	for name, want := range pattern.Flags {
		if got, ok := g.Flags[name]; !ok || got != want {
			return false
		}
	}
	return containsAll(g.Pkgs, pattern.Pkgs) && containsAll(g.Prog, pattern.Prog)
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !contains(have, w) {
			return false
		}
	}
	return true
}

// without is the pattern without one flag, or false when it does not have it: it recognises
// a learner who ran the right command but forgot -x.
func (pattern goCommand) without(flag string) (goCommand, bool) {
	if _, ok := pattern.Flags[flag]; !ok {
		return pattern, false
	}
	flags := map[string]string{}
	for k, v := range pattern.Flags {
		if k != flag {
			flags[k] = v
		}
	}
	pattern.Flags = flags
	return pattern, true
}

var moduleLine = regexp.MustCompile(`(?m)^\s*module\s+"?([^\s"]+)"?`)

// workspaceModule is the module path in the workspace's go.mod ("hello" as firstrun writes
// it), or "" when there is none to read.
func workspaceModule(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return ""
	}
	if m := moduleLine.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return ""
}
