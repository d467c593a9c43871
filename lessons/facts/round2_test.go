package facts

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The facts below were corrected in the course's second round (issue 9). They share the
// one cold build of warmCache and do no cold build of their own except TestDashAIgnoresCache.

// packagesFor lists the packages a build of hello.go compiles for a target (env settings and
// flags), without compiling anything: go list -deps, less unsafe, which is never compiled.
func packagesFor(t *testing.T, s sandbox, env []string, flags ...string) []string {
	t.Helper()
	s.env = append(slices.Clone(s.env), env...)
	args := append([]string{"list", "-deps"}, flags...)
	args = append(args, "-f", "{{.ImportPath}}", "hello.go")
	out, _ := s.must(t, args...)
	var pkgs []string
	for _, p := range strings.Fields(out) {
		if p != "unsafe" {
			pkgs = append(pkgs, p)
		}
	}
	return pkgs
}

// Fact: each target compiles its own set of packages. On go1.26.8 linux/amd64: 61 for
// hello.go, 64 with -race or GOOS=windows, 59 with GOOS=darwin (fewer, not more).
func TestEachTargetCompilesItsOwnSet(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.scratchCache(t))
	here := packagesFor(t, s, nil)
	coldCompiles, _ := countTools(w.cold)
	if len(here) != coldCompiles {
		t.Errorf("go list -deps hello.go names %d packages besides unsafe, but the cold run compiled %d", len(here), coldCompiles)
	}
	targets := map[string][]string{}
	for _, goos := range []string{"windows", "darwin"} {
		targets["GOOS="+goos] = packagesFor(t, s, []string{"GOOS=" + goos, "GOARCH=amd64", "CGO_ENABLED=0"})
	}
	targets["-race"] = packagesFor(t, s, []string{"CGO_ENABLED=1"}, "-race")
	t.Logf("hello.go for this machine: %d packages; %s", len(here), counts(targets))
	for name, pkgs := range targets {
		if slices.Equal(pkgs, here) {
			t.Errorf("%s: the same %d packages as this machine's build, want another set", name, len(pkgs))
		}
	}
	if !slices.Contains(targets["-race"], "runtime/race") {
		t.Errorf("-race: runtime/race is not among the packages")
	}
	if atLeast(w.version, "go1.26") && len(targets["GOOS=darwin"]) >= len(here) {
		t.Errorf("GOOS=darwin: %d packages, want fewer than this machine's %d (59 against 61 on go1.26 linux)",
			len(targets["GOOS=darwin"]), len(here))
	}
}

func counts(m map[string][]string) string {
	var parts []string
	for _, k := range []string{"-race", "GOOS=windows", "GOOS=darwin"} {
		parts = append(parts, k+": "+strconv.Itoa(len(m[k])))
	}
	return strings.Join(parts, ", ")
}

// Fact: only go commands that build end with a trim of the cache (when trim.txt is at
// least a day old); go env, go version, go list (even -export), go mod and go clean never do.
func TestOnlyBuildingCommandsTrim(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.copyCache(t))
	trim := filepath.Join(s.cache, "trim.txt")
	old := strconv.FormatInt(time.Now().Add(-48*time.Hour).Unix(), 10)
	setOld := func() {
		if err := os.WriteFile(trim, []byte(old), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		b, err := os.ReadFile(trim)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	never := [][]string{
		{"env", "GOCACHE"}, {"version"}, {"list", "-export", "-f", "{{.Export}}", "fmt"},
		{"mod", "edit", "-json"}, {"clean"},
	}
	for _, args := range never {
		setOld()
		s.must(t, args...)
		if got := read(); got != old {
			t.Errorf("%s trimmed the cache: trim.txt went from %s to %s", cmdline(args), old, got)
		}
	}
	for _, args := range [][]string{{"run", "hello.go"}, {"build", "-o", filepath.Join(t.TempDir(), "hello"), "hello.go"}} {
		setOld()
		s.must(t, args...)
		if got := read(); got == old {
			t.Errorf("%s did not trim: trim.txt still holds %s, a time two days ago", cmdline(args), old)
		}
	}
}

// Fact: -a recompiles every package by ignoring the cache, not by changing keys: it
// compiles as many packages as the cold run, and the cache gets no new index entries.
func TestDashAIgnoresCache(t *testing.T) {
	if testing.Short() {
		t.Skip("a full rebuild: skipped with -short")
	}
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.copyCache(t))
	before, err := statCache(s.cache)
	if err != nil {
		t.Fatal(err)
	}
	out, d := s.must(t, "run", "-x", "-a", "hello.go")
	after, err := statCache(s.cache)
	if err != nil {
		t.Fatal(err)
	}
	compiles, _ := countTools(out)
	coldCompiles, _ := countTools(w.cold)
	t.Logf("go run -x -a hello.go on a warm cache: %d compiles (cold: %d), %v; cache %v → %v",
		compiles, coldCompiles, d.Round(time.Millisecond), before, after)
	if compiles != coldCompiles {
		t.Errorf("go run -a: %d compiles, want %d, as many as the cold run", compiles, coldCompiles)
	}
	if after.index != before.index {
		t.Errorf("go run -a: the cache went from %d to %d index entries, want no new ones (the keys are unchanged)",
			before.index, after.index)
	}
}

// Fact: reading the cache checks only an output's size. A cached archive with a byte
// changed is used as it is; one a byte shorter is a miss, and the package is compiled again.
func TestCacheReadChecksOnlySize(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.copyCache(t))
	export := func() string {
		out, _ := s.must(t, "list", "-export", "-f", "{{.Export}}", "fmt")
		return strings.TrimSpace(out)
	}
	p := export()
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(orig)
	changed[len(changed)/2] ^= 0xff
	if err := os.WriteFile(p, changed, 0o666); err != nil {
		t.Fatal(err)
	}
	if got := export(); got != p {
		t.Fatalf("after changing a byte: go list -export names %s, want the same file %s", got, p)
	}
	if now, _ := os.ReadFile(p); !bytes.Equal(now, changed) {
		t.Errorf("after changing a byte of %s, go list -export rebuilt fmt: want the changed file used as it is", p)
	}
	if err := os.WriteFile(p, orig[:len(orig)-1], 0o666); err != nil {
		t.Fatal(err)
	}
	out, _ := s.must(t, "list", "-x", "-export", "-f", "{{.Export}}", "fmt")
	if n, _ := countTools(out); n != 1 {
		t.Errorf("after cutting a byte off fmt's archive: go list -export compiled %d packages, want 1 (fmt)", n)
	}
}

// Fact: since Go 1.24, go tool caches the executables of the tools it builds, as go run does.
func TestGoToolCachesExecutable(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	if !atLeast(w.version, "go1.24") {
		t.Skipf("%s: tool directives and cached tool executables are Go 1.24+", w.version)
	}
	dir := t.TempDir()
	mod := "module example.com/tools\n\ngo " + strings.TrimPrefix(w.version, "go") + "\n\ntool example.com/tools/greet\n"
	files := map[string]string{
		"go.mod":        mod,
		"greet/main.go": "package main\n\nfunc main() { println(\"hi\") }\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	s := sandbox{goBin: w.goBin, dir: dir, cache: w.scratchCache(t), tmp: t.TempDir(), home: w.home}
	s.must(t, "tool", "greet")
	exes, err := filepath.Glob(filepath.Join(s.cache, "*", "*-d", "greet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(exes) == 0 {
		t.Fatalf("go tool greet: no executable $GOCACHE/xx/<hash>-d/greet in the cache")
	}
	out, _ := s.must(t, "tool", "-n", "greet")
	if c, l := countTools(out); c != 0 || l != 0 {
		t.Errorf("go tool -n greet, second time: %d compiles and %d links, want 0 and 0\n%s", c, l, out)
	}
}
