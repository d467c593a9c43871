package facts

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// greeting is what the course's hello.go prints.
const greeting = "Hello, Golang!"

// helloSource is the course's first program; the greeting is a parameter so that a test
// can edit it.
func helloSource(greeting string) string {
	return "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"" + greeting + "\")\n}\n"
}

// exeName is what go build hello.go writes: named after the first source file.
var exeName = func() string {
	if runtime.GOOS == "windows" {
		return "hello.exe"
	}
	return "hello"
}()

// root holds every folder shared by the tests of one run (the warm cache, the home);
// TestMain removes it. Home stays here rather than in a t.TempDir: the go command may start
// a detached telemetry child that writes there after the command has exited.
var root string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "firstrun-facts-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	root = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sandbox is one private Go setup: a workspace folder holding hello.go and go.mod, a build
// cache, a GOTMPDIR and a home.
type sandbox struct {
	goBin string
	dir   string   // the workspace, where go commands run
	cache string   // GOCACHE
	tmp   string   // GOTMPDIR
	home  string   // HOME, and the config and cache folders derived from it
	env   []string // extra KEY=value settings; they win over the ones above
}

// environ is the user's environment with everything that could reach the user's own
// cache, home, network or GOFLAGS overridden (exec.Cmd keeps the last value of a key).
func (s sandbox) environ() []string {
	env := append(os.Environ(),
		"GOCACHE="+s.cache, "GOTMPDIR="+s.tmp, "GOCACHEPROG=",
		"HOME="+s.home, "USERPROFILE="+s.home,
		"XDG_CONFIG_HOME="+filepath.Join(s.home, ".config"), "AppData="+filepath.Join(s.home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(s.home, ".cache"), "LocalAppData="+filepath.Join(s.home, ".cache"),
		"GOTOOLCHAIN=local", "GOPROXY=off", "GOENV=off", "GOWORK=off", "GOFLAGS=",
	)
	return append(env, s.env...)
}

// run runs go with args in the workspace. It returns stdout and stderr together (-x writes
// its trace to stderr, the program writes to stdout) and how long the command took.
func (s sandbox) run(args ...string) (string, time.Duration, error) {
	cmd := exec.Command(s.goBin, args...)
	cmd.Dir = s.dir
	cmd.Env = s.environ()
	start := time.Now()
	out, err := cmd.CombinedOutput()
	return string(out), time.Since(start), err
}

// must is run for a command that has to succeed.
func (s sandbox) must(t *testing.T, args ...string) (string, time.Duration) {
	t.Helper()
	out, d, err := s.run(args...)
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmdline(args), err, out)
	}
	return out, d
}

func cmdline(args []string) string { return "go " + strings.Join(args, " ") }

// goInfo is the go command under test: the one on PATH, which need not be the Go that
// compiled this test.
type goInfo struct {
	bin     string
	version string // a release go/version understands, e.g. go1.26.8
	goroot  string
}

var (
	goOnce sync.Once
	goTool goInfo
	goErr  error
)

// findGo returns the go command on PATH, skipping the test if there is none.
func findGo(t *testing.T) goInfo {
	t.Helper()
	goOnce.Do(func() {
		bin, err := exec.LookPath("go")
		if err != nil {
			goErr = err
			return
		}
		s := sandbox{goBin: bin, dir: root, cache: filepath.Join(root, "envcache"), tmp: root, home: filepath.Join(root, "home")}
		out, _, err := s.run("env", "-json", "GOVERSION", "GOROOT")
		if err != nil {
			goErr = fmt.Errorf("go env -json GOVERSION GOROOT: %w\n%s", err, out)
			return
		}
		var env struct{ GOVERSION, GOROOT string }
		if err := json.Unmarshal([]byte(out), &env); err != nil {
			goErr = fmt.Errorf("go env -json GOVERSION GOROOT: %w\n%s", err, out)
			return
		}
		goTool = goInfo{bin: bin, version: releaseOf(env.GOVERSION), goroot: env.GOROOT}
		if goTool.version == "" {
			goErr = fmt.Errorf("go env GOVERSION: got %q, want a version like go1.26.8", env.GOVERSION)
		}
	})
	var notFound *exec.Error
	if errors.As(goErr, &notFound) {
		t.Skipf("these tests run the go command, and there is none on PATH: %v", goErr)
	}
	if goErr != nil {
		t.Fatal(goErr)
	}
	return goTool
}

// releaseOf turns go env GOVERSION into a release: "go1.26.8 X:nodwarf5" is go1.26.8,
// "devel go1.27-abcdef Tue…" is go1.27. It returns "" for anything else.
func releaseOf(v string) string {
	f := strings.Fields(v)
	if len(f) > 1 && f[0] == "devel" {
		f = f[1:]
	}
	if len(f) == 0 {
		return ""
	}
	r, _, _ := strings.Cut(f[0], "-")
	if !version.IsValid(r) {
		return ""
	}
	return r
}

func atLeast(release, min string) bool { return version.Compare(release, min) >= 0 }

// writeHello makes dir a course workspace: hello.go and a go.mod for the Go under test.
func writeHello(dir, release string) error {
	mod := "module hello\n\ngo " + strings.TrimPrefix(release, "go") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o666); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "hello.go"), []byte(helloSource(greeting)), 0o666)
}

// warmed is the state every test starts from: go run -x hello.go in an empty cache (cold),
// then the same command again (warm). Tests only read its cache, which makes t.Parallel
// safe; a test that writes to a cache works on a copy.
type warmed struct {
	goInfo
	sandbox
	start              time.Time // just before the cold run
	cold, warm         string    // -x output of the two runs
	coldTime, warmTime time.Duration
	coldStats          cacheStats
	before, afterCold  []string // workspace listing before and after the cold run
	afterWarm          []string // and after the warm run
	tmpAfter           []string // GOTMPDIR listing after both runs
}

var (
	warmOnce sync.Once
	shared   warmed
	warmErr  error
)

// warmCache returns the shared state, running the cold and warm runs on first use.
func warmCache(t *testing.T) *warmed {
	t.Helper()
	if testing.Short() {
		t.Skip("needs a cold build of hello.go (about 7 s); skipped in -short mode")
	}
	g := findGo(t)
	warmOnce.Do(func() { warmErr = shared.setup(g) })
	if warmErr != nil {
		t.Fatalf("preparing the shared cold run: %v", warmErr)
	}
	return &shared
}

func (w *warmed) setup(g goInfo) error {
	w.goInfo = g
	w.sandbox = sandbox{
		goBin: g.bin,
		dir:   filepath.Join(root, "ws"),
		cache: filepath.Join(root, "cache"),
		tmp:   filepath.Join(root, "tmp"),
		home:  filepath.Join(root, "home"),
	}
	for _, d := range []string{w.dir, w.cache, w.tmp, w.home} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			return err
		}
	}
	if err := writeHello(w.dir, g.version); err != nil {
		return err
	}
	var err error
	if w.before, err = listDir(w.dir); err != nil {
		return err
	}
	w.start = time.Now()
	if w.cold, w.coldTime, err = w.run("run", "-x", "hello.go"); err != nil {
		return fmt.Errorf("cold go run -x hello.go: %w\n%s", err, w.cold)
	}
	if w.afterCold, err = listDir(w.dir); err != nil {
		return err
	}
	if w.coldStats, err = statCache(w.cache); err != nil {
		return err
	}
	if w.warm, w.warmTime, err = w.run("run", "-x", "hello.go"); err != nil {
		return fmt.Errorf("warm go run -x hello.go: %w\n%s", err, w.warm)
	}
	if w.afterWarm, err = listDir(w.dir); err != nil {
		return err
	}
	w.tmpAfter, err = listDir(w.tmp)
	return err
}

// fresh is a sandbox with a new workspace and GOTMPDIR, using cache. The workspace folder
// is part of package main's cache key, so the first go run there compiles main and links.
func (w *warmed) fresh(t *testing.T, cache string) sandbox {
	t.Helper()
	dir := t.TempDir()
	if err := writeHello(dir, w.version); err != nil {
		t.Fatal(err)
	}
	return sandbox{goBin: w.goBin, dir: dir, cache: cache, tmp: t.TempDir(), home: w.home}
}

// inSharedWorkspace is the cold run's workspace with its own GOTMPDIR, using cache: the
// same folder, so the warm cache matches package main too. Tests must not write in it.
func (w *warmed) inSharedWorkspace(t *testing.T, cache string) sandbox {
	s := w.sandbox
	s.cache = cache
	s.tmp = t.TempDir()
	return s
}

// copyCache copies the warm cache for a test that changes or counts it.
func (w *warmed) copyCache(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "cache")
	if err := os.CopyFS(dst, os.DirFS(w.cache)); err != nil {
		t.Fatalf("copying the warm cache: %v", err)
	}
	return dst
}

var (
	scratchOnce sync.Once
	scratchDir  string
	scratchErr  error
)

// scratchCache is one more copy of the warm cache, shared by tests that only add entries
// (the go command is safe to run concurrently on one cache) and never count or inspect the
// cache as a whole.
func (w *warmed) scratchCache(t *testing.T) string {
	t.Helper()
	scratchOnce.Do(func() {
		scratchDir = filepath.Join(root, "scratch-cache")
		scratchErr = os.CopyFS(scratchDir, os.DirFS(w.cache))
	})
	if scratchErr != nil {
		t.Fatalf("copying the warm cache: %v", scratchErr)
	}
	return scratchDir
}

// countTools counts compiler and linker runs in go -x output: lines whose first word, after
// any VAR=value settings (the link line starts with GOROOT='…'), is a path ending in
// /compile or /link.
func countTools(x string) (compiles, links int) {
	for _, line := range strings.Split(x, "\n") {
		switch toolOf(line) {
		case "compile":
			compiles++
		case "link":
			links++
		}
	}
	return compiles, links
}

var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// toolOf returns the tool a -x line runs ("compile", "link", "asm"…), or "".
func toolOf(line string) string {
	for _, w := range strings.Fields(line) {
		if assignment.MatchString(w) {
			continue
		}
		w = filepath.ToSlash(strings.Trim(w, `"'`))
		i := strings.LastIndex(w, "/")
		if i < 0 {
			return ""
		}
		return strings.TrimSuffix(w[i+1:], ".exe")
	}
	return ""
}

// toolLine returns the first -x line that runs tool, or "".
func toolLine(x, tool string) string {
	for _, line := range strings.Split(x, "\n") {
		if toolOf(line) == tool {
			return line
		}
	}
	return ""
}

// cachedExe returns the first path in go -x output that is an executable kept in the build
// cache (GOCACHE/xx/<outputID>-d/hello, Go 1.24+), or "".
func cachedExe(x, cache string) string {
	for _, w := range strings.Fields(x) {
		w = strings.Trim(w, `"'`)
		if strings.HasPrefix(w, cache+string(filepath.Separator)) &&
			filepath.Base(w) == exeName && strings.HasSuffix(filepath.Dir(w), "-d") {
			return w
		}
	}
	return ""
}

// cacheStats counts a build cache: index entries (-a files), outputs (-d files, and -d
// folders holding a go run executable) and bytes.
type cacheStats struct {
	index, outputs int
	bytes          int64
}

func (c cacheStats) String() string {
	return fmt.Sprintf("%d -a, %d -d, %.1f MB", c.index, c.outputs, float64(c.bytes)/1e6)
}

func statCache(dir string) (cacheStats, error) {
	var c cacheStats
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch name := d.Name(); {
		case strings.HasSuffix(name, "-a") && !d.IsDir():
			c.index++
		case strings.HasSuffix(name, "-d") && filepath.Dir(filepath.Dir(p)) == dir:
			c.outputs++
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			c.bytes += info.Size()
		}
		return nil
	})
	return c, err
}

// outputs lists a cache's -d entries.
func outputs(t *testing.T, cache string) []string {
	t.Helper()
	list, err := filepath.Glob(filepath.Join(cache, "*", "*-d"))
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// isArchive reports whether path is a file that starts like a Go package archive.
func isArchive(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8)
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "!<arch>\n"
}

func listDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, err
}

var (
	workLine    = regexp.MustCompile(`(?m)^WORK=(.+?)\r?$`)
	goBuildName = regexp.MustCompile(`^go-build[0-9]+$`)
)

// Fact: a cold go run hello.go compiles dozens of standard packages (61 compiles on
// go1.26.8 linux/amd64: 60 packages fmt needs, plus main) and links once.
func TestColdRunCompilesDozensOfPackages(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	compiles, links := countTools(w.cold)
	t.Logf("cold go run -x hello.go on %s: %d compiles, %d link, %v; cache after: %v",
		w.version, compiles, links, w.coldTime.Round(time.Millisecond), w.coldStats)
	if compiles < 30 {
		t.Errorf("cold go run -x hello.go: got %d compiles, want >= 30", compiles)
	}
	if links != 1 {
		t.Errorf("cold go run -x hello.go: got %d links, want 1", links)
	}
	if !strings.Contains(toolLine(w.cold, "link"), "hello") {
		t.Errorf("cold go run -x hello.go: got link line %q, want it to link hello", toolLine(w.cold, "link"))
	}
}

// Fact: since Go 1.20, $GOROOT/pkg ships no precompiled standard library (ls shows include
// and tool), so a cold cache means compiling it.
func TestGOROOTShipsNoPrecompiledStd(t *testing.T) {
	t.Parallel()
	g := findGo(t)
	if !atLeast(g.version, "go1.20") {
		t.Skipf("%s ships a precompiled standard library; the claim is for Go 1.20+", g.version)
	}
	pkg := filepath.Join(g.goroot, "pkg")
	var archives []string
	err := filepath.WalkDir(pkg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (p == filepath.Join(pkg, "tool") || p == filepath.Join(pkg, "include")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".a") {
			archives = append(archives, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	names, _ := listDir(pkg)
	t.Logf("ls %s: %v", pkg, names)
	if len(archives) > 0 {
		t.Errorf("find %s -name '*.a' (outside tool, include): got %d archives, first %s; want none",
			pkg, len(archives), archives[0])
	}
}

// Fact: a warm go run hello.go neither compiles nor links on Go 1.24+: it runs the
// executable kept in the cache, whose path -x prints. Go 1.23 and earlier link once.
func TestWarmRunNeitherCompilesNorLinks(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	compiles, links := countTools(w.warm)
	wantLinks := 0
	if !atLeast(w.version, "go1.24") {
		wantLinks = 1
	}
	t.Logf("warm go run -x hello.go on %s: %d compiles, %d links, %v",
		w.version, compiles, links, w.warmTime.Round(time.Millisecond))
	if compiles != 0 || links != wantLinks {
		t.Errorf("warm go run -x hello.go: got %d compiles and %d links, want 0 and %d\n%s",
			compiles, links, wantLinks, w.warm)
	}
	if !atLeast(w.version, "go1.24") {
		return
	}
	if exe := cachedExe(w.warm, w.cache); exe == "" {
		t.Errorf("warm go run -x hello.go: got no path %s/xx/…-d/%s, want the cached executable\n%s",
			w.cache, exeName, w.warm)
	} else {
		t.Logf("warm go run runs %s", exe)
	}
}

// Fact: the first go run hello.go is slow, the second instant (6.1 s and 0.05 s here).
func TestSecondRunIsMuchFaster(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	t.Logf("go run -x hello.go: cold %v, warm %v", w.coldTime.Round(time.Millisecond), w.warmTime.Round(time.Millisecond))
	if w.warmTime*5 > w.coldTime {
		t.Errorf("go run -x hello.go: got cold %v and warm %v, want warm at least 5 times faster",
			w.coldTime, w.warmTime)
	}
}

// Fact: go run leaves no binary in the current folder, cold or warm.
func TestGoRunLeavesNoBinaryInFolder(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	if !slices.Equal(w.afterCold, w.before) {
		t.Errorf("ls after cold go run hello.go: got %v, want %v (unchanged)", w.afterCold, w.before)
	}
	if !slices.Equal(w.afterWarm, w.before) {
		t.Errorf("ls after warm go run hello.go: got %v, want %v (unchanged)", w.afterWarm, w.before)
	}
}

// Fact: go build hello.go leaves ./hello, an executable of more than 1 MB named after the
// first source file.
func TestGoBuildLeavesHello(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.fresh(t, w.scratchCache(t))
	s.must(t, "build", "hello.go")
	exe := filepath.Join(s.dir, exeName)
	info, err := os.Stat(exe)
	if err != nil {
		t.Fatalf("go build hello.go: got %v, want ./%s", err, exeName)
	}
	t.Logf("go build hello.go: ./%s, %d bytes, %v", exeName, info.Size(), info.Mode())
	if runtime.GOOS != "windows" && info.Mode()&0o111 == 0 {
		t.Errorf("go build hello.go: got mode %v for ./%s, want executable", info.Mode(), exeName)
	}
	if info.Size() <= 1e6 {
		t.Errorf("go build hello.go: got ./%s of %d bytes, want > 1 MB", exeName, info.Size())
	}
	out, err := exec.Command(exe).CombinedOutput()
	if err != nil || string(out) != greeting+"\n" {
		t.Errorf("./%s: got %q, %v; want %q", exeName, out, err, greeting+"\n")
	}
}

// Fact: go run -work prints WORK=$GOTMPDIR/go-buildNNN and keeps that folder; on a warm
// run (Go 1.24+) it stays empty.
func TestWorkFolderIsUnderGOTMPDIR(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.cache)
	out, _ := s.must(t, "run", "-work", "hello.go")
	m := workLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("go run -work hello.go: got no WORK= line, want WORK=%s%cgo-buildNNN\n%s", s.tmp, filepath.Separator, out)
	}
	work := m[1]
	t.Logf("GOTMPDIR=%s go run -work hello.go: WORK=%s", s.tmp, work)
	if filepath.Dir(work) != s.tmp || !goBuildName.MatchString(filepath.Base(work)) {
		t.Errorf("GOTMPDIR=%s go run -work hello.go: got WORK=%s, want WORK=%s%cgo-buildNNN",
			s.tmp, work, s.tmp, filepath.Separator)
	}
	entries, err := listDir(work)
	if err != nil {
		t.Fatalf("after go run -work hello.go: got %v, want the work folder %s kept", err, work)
	}
	if atLeast(w.version, "go1.24") && len(entries) != 0 {
		t.Errorf("after warm go run -work hello.go: got %v in %s, want it empty", entries, work)
	}
}

// Fact: without -work, go run removes its work folder: nothing named go-build… remains in
// GOTMPDIR, even after the cold run that filled it with compiled packages.
func TestWorkFolderIsRemovedWithoutWork(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	m := workLine.FindStringSubmatch(w.cold)
	if m == nil {
		t.Fatalf("cold go run -x hello.go: got no WORK= line, want one\n%s", w.cold)
	}
	if filepath.Dir(m[1]) != w.tmp {
		t.Errorf("GOTMPDIR=%s go run -x hello.go: got WORK=%s, want a folder in GOTMPDIR", w.tmp, m[1])
	}
	if _, err := os.Stat(m[1]); !os.IsNotExist(err) {
		t.Errorf("after cold go run hello.go: got Stat(%s) = %v, want the work folder removed", m[1], err)
	}
	for _, name := range w.tmpAfter {
		if strings.HasPrefix(name, "go-build") {
			t.Errorf("ls GOTMPDIR after cold and warm go run hello.go: got %v, want no go-build folder", w.tmpAfter)
			break
		}
	}
}

// Fact: the cache holds 256 folders 00..ff (the first byte of an entry's hash), README
// and trim.txt.
func TestCacheHas256FoldersREADMEAndTrim(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	got, err := listDir(w.cache)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"README", "trim.txt"}
	for i := range 256 {
		want = append(want, fmt.Sprintf("%02x", i))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("ls GOCACHE after go run hello.go: got %d entries, missing %v, extra %v; want 00..ff, README, trim.txt",
			len(got), without(want, got), without(got, want))
	}
	for _, name := range got {
		if info, err := os.Stat(filepath.Join(w.cache, name)); err == nil && len(name) == 2 && !info.IsDir() {
			t.Errorf("GOCACHE/%s: got a file, want a folder", name)
		}
	}
}

// without returns the elements of a that are not in b.
func without(a, b []string) []string {
	var d []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			d = append(d, s)
		}
	}
	return d
}

// Fact: trim.txt holds the Unix time, in seconds, of the last trim (here: the cold run).
func TestTrimTxtHoldsUnixSeconds(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	data, err := os.ReadFile(filepath.Join(w.cache, "trim.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		t.Fatalf("GOCACHE/trim.txt: got %q, want a Unix time in seconds", data)
	}
	lo, hi := w.start.Unix()-1, time.Now().Unix()+1
	t.Logf("GOCACHE/trim.txt: %d (%v)", sec, time.Unix(sec, 0).UTC())
	if sec < lo || sec > hi {
		t.Errorf("GOCACHE/trim.txt: got %d, want a time between the cold run (%d) and now (%d)", sec, lo, hi)
	}
}

// Fact: index entries are files ending in -a, named by action ID, holding one line
// "v1 <actionID> <outputID> <size> <unix-nanos>"; the output is GOCACHE/xx/<outputID>-d.
func TestIndexEntriesAreOneLine(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	entries, err := filepath.Glob(filepath.Join(w.cache, "*", "*-a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatalf("ls GOCACHE/*/*-a after go run hello.go: got none, want index entries")
	}
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	lo, hi := w.start.Add(-time.Second).UnixNano(), time.Now().Add(time.Second).UnixNano()
	bad := 0
	for _, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		line, ok := strings.CutSuffix(string(data), "\n")
		f := strings.Fields(line)
		var problem string
		switch {
		case !ok || strings.Contains(line, "\n"):
			problem = "want exactly one line"
		case len(f) != 5 || f[0] != "v1":
			problem = "want v1 <actionID> <outputID> <size> <unix-nanos>"
		case !hex64.MatchString(f[1]) || f[1]+"-a" != filepath.Base(p) || f[1][:2] != filepath.Base(filepath.Dir(p)):
			problem = "want the action ID the file is named after"
		case !hex64.MatchString(f[2]):
			problem = "want a SHA-256 output ID"
		}
		if problem == "" {
			size, err1 := strconv.ParseInt(f[3], 10, 64)
			nanos, err2 := strconv.ParseInt(f[4], 10, 64)
			out, err3 := os.Stat(filepath.Join(w.cache, f[2][:2], f[2]+"-d"))
			switch {
			case err1 != nil || err2 != nil:
				problem = "want a decimal size and time"
			case nanos < lo || nanos > hi:
				problem = fmt.Sprintf("want a time in Unix nanoseconds between %d and %d", lo, hi)
			case err3 != nil:
				problem = fmt.Sprintf("want its output: %v", err3)
			case !out.IsDir() && out.Size() != size:
				problem = fmt.Sprintf("want size %d, the size of its output", out.Size())
			}
		}
		if problem != "" {
			if bad++; bad <= 5 {
				t.Errorf("%s: got %q, %s", p, data, problem)
			}
		}
	}
	example, _ := os.ReadFile(entries[0])
	t.Logf("%d index entries, %d bad; for example %s: %q", len(entries), bad, filepath.Base(entries[0]), example)
}

// Fact: go clean -cache empties the cache, leaving only README and trim.txt.
func TestGoCleanCacheLeavesOnlyREADMEAndTrim(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.copyCache(t))
	before, err := statCache(s.cache)
	if err != nil {
		t.Fatal(err)
	}
	s.must(t, "clean", "-cache")
	left, err := listDir(s.cache)
	if err != nil {
		t.Fatal(err)
	}
	after, err := statCache(s.cache)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("go clean -cache: %v before, %v after, left %v", before, after, left)
	if want := []string{"README", "trim.txt"}; !slices.Equal(left, want) {
		t.Errorf("ls GOCACHE after go clean -cache: got %v, want %v", left, want)
	}
	if after.index != 0 || after.outputs != 0 {
		t.Errorf("go clean -cache: got %v left, want no entries", after)
	}
}

// Fact: the cache key is content, not time. Editing the greeting compiles one package
// (main) and links; changing it back compiles nothing, and neither does touch. On Go 1.24+
// those two do not even link.
func TestEditRecompilesOnlyMain(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.fresh(t, w.scratchCache(t))
	relinks := 0
	if !atLeast(w.version, "go1.24") {
		relinks = 1 // go run kept no executable before Go 1.24
	}
	hello := filepath.Join(s.dir, "hello.go")
	setGreeting := func(g string) func() error {
		return func() error { return os.WriteFile(hello, []byte(helloSource(g)), 0o666) }
	}
	// The folder is part of main's key, so a new workspace compiles main once: the baseline.
	out, _ := s.must(t, "run", "-x", "hello.go")
	compiles, links := countTools(out)
	t.Logf("baseline in a new folder, go run -x hello.go: %d compiles, %d links", compiles, links)
	steps := []struct {
		name            string
		change          func() error
		compiles, links int
		greeting        string
	}{
		{"edit the greeting", setGreeting("Hello, Gopher!"), 1, 1, "Hello, Gopher!"},
		{"change it back", setGreeting(greeting), 0, relinks, greeting},
		{"touch hello.go", func() error { now := time.Now(); return os.Chtimes(hello, now, now) }, 0, relinks, greeting},
	}
	for _, st := range steps {
		if err := st.change(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		out, d := s.must(t, "run", "-x", "hello.go")
		compiles, links := countTools(out)
		t.Logf("%s, then go run -x hello.go: %d compiles, %d links, %v", st.name, compiles, links, d.Round(time.Millisecond))
		if compiles != st.compiles || links != st.links {
			t.Errorf("%s, then go run -x hello.go: got %d compiles and %d links, want %d and %d\n%s",
				st.name, compiles, links, st.compiles, st.links, out)
		}
		if st.compiles == 1 && !strings.Contains(toolLine(out, "compile"), " -p main ") {
			t.Errorf("%s, then go run -x hello.go: got compile line %q, want package main (-p main)",
				st.name, toolLine(out, "compile"))
		}
		if !strings.Contains(out, st.greeting+"\n") {
			t.Errorf("%s, then go run -x hello.go: got output without %q", st.name, st.greeting)
		}
	}
}

// Fact: a flag that changes every package's key recompiles everything, warm cache or not:
// go run -gcflags=all=-N hello.go compiles as many packages as the cold run.
func TestFlagChangeRecompilesEverything(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.inSharedWorkspace(t, w.copyCache(t))
	args := []string{"run", "-x", "-gcflags=all=-N", "hello.go"}
	out, d := s.must(t, args...)
	compiles, _ := countTools(out)
	coldCompiles, _ := countTools(w.cold)
	t.Logf("%s on a warm cache: %d compiles (cold run: %d), %v", cmdline(args), compiles, coldCompiles, d.Round(time.Millisecond))
	if compiles < 30 || compiles != coldCompiles {
		t.Errorf("%s on a warm cache: got %d compiles, want %d, as many as the cold run (>= 30)",
			cmdline(args), compiles, coldCompiles)
	}
}

// Fact: go list -export names the cache file holding fmt's compiled archive: a -d file in
// GOCACHE that starts with !<arch>.
func TestListExportIsAnArchiveInTheCache(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	// Not the shared cache: go list writes module index entries ("go index v2") there on
	// its first run, even when fmt's archive is cached.
	s := w.inSharedWorkspace(t, w.scratchCache(t))
	args := []string{"list", "-export", "-f", "{{.Export}}", "fmt"}
	out, _ := s.must(t, args...)
	p := strings.TrimSpace(out)
	if !strings.HasPrefix(p, s.cache+string(filepath.Separator)) || !strings.HasSuffix(p, "-d") {
		t.Errorf("%s: got %q, want a path %s%c…-d", cmdline(args), p, s.cache, filepath.Separator)
	}
	if !isArchive(p) {
		t.Errorf("%s: got %s, want a file starting with !<arch>", cmdline(args), p)
	}
	if info, err := os.Stat(p); err == nil {
		t.Logf("%s: %s, %d bytes", cmdline(args), p, info.Size())
	}
}

// Fact: go install hello.go puts hello into GOBIN, or GOPATH/bin with GOPATH defaulting to
// ~/go.
func TestGoInstallPutsHelloInGOBIN(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.fresh(t, w.scratchCache(t))
	gobin := t.TempDir()
	s.env = []string{"GOBIN=" + gobin}
	s.must(t, "install", "hello.go")
	if _, err := os.Stat(filepath.Join(gobin, exeName)); err != nil {
		t.Errorf("GOBIN=%s go install hello.go: got %v, want %s there", gobin, err, exeName)
	}
	// Unset GOBIN and GOPATH: the default is $HOME/go/bin (the test's private home).
	s.env = []string{"GOBIN=", "GOPATH="}
	want := filepath.Join(s.home, "go", "bin", exeName)
	os.Remove(want) // left by an earlier -count run
	s.must(t, "install", "hello.go")
	if _, err := os.Stat(want); err != nil {
		t.Errorf("GOBIN= GOPATH= go install hello.go: got %v, want %s", err, want)
	}
}

// Fact: go build and go install keep no executable in the cache (only compiled packages);
// go run does (Go 1.24+), which also shows the check can see one.
func TestOnlyGoRunCachesTheExecutable(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	s := w.fresh(t, w.copyCache(t))
	s.env = []string{"GOBIN=" + t.TempDir()}
	for _, args := range [][]string{{"build", "-x", "hello.go"}, {"install", "-x", "hello.go"}} {
		before := outputs(t, s.cache)
		out, _ := s.must(t, args...)
		added := without(outputs(t, s.cache), before)
		t.Logf("%s: %d new cache outputs", cmdline(args), len(added))
		if exe := cachedExe(out, s.cache); exe != "" {
			t.Errorf("%s: got %s in the -x output, want no executable in the cache", cmdline(args), exe)
		}
		for _, p := range added {
			if !isArchive(p) {
				t.Errorf("%s: got new cache output %s, want only compiled packages (!<arch>)", cmdline(args), p)
			}
		}
	}
	if !atLeast(w.version, "go1.24") {
		return
	}
	before := outputs(t, s.cache)
	out, _ := s.must(t, "run", "-x", "hello.go")
	var exes []string
	for _, p := range without(outputs(t, s.cache), before) {
		if _, err := os.Stat(filepath.Join(p, exeName)); err == nil {
			exes = append(exes, p)
		}
	}
	if len(exes) != 1 || cachedExe(out, s.cache) == "" {
		t.Errorf("go run -x hello.go after go build: got new cached executables %v and %q in -x, want one",
			exes, cachedExe(out, s.cache))
	}
}

// Fact: the cache is not optional since Go 1.12: GOCACHE=off go run hello.go fails.
func TestGOCACHEOffFails(t *testing.T) {
	t.Parallel()
	g := findGo(t)
	dir := t.TempDir()
	if err := writeHello(dir, g.version); err != nil {
		t.Fatal(err)
	}
	s := sandbox{goBin: g.bin, dir: dir, cache: "off", tmp: t.TempDir(), home: filepath.Join(root, "home")}
	out, _, err := s.run("run", "hello.go")
	t.Logf("GOCACHE=off go run hello.go: %v: %s", err, strings.TrimSpace(out))
	const want = "build cache is disabled by GOCACHE=off"
	if err == nil || !strings.Contains(out, want) {
		t.Errorf("GOCACHE=off go run hello.go: got %v, %q; want failure with %q", err, out, want)
	}
}

// Fact: go run links with -s -w (no symbol table, no DWARF), so its cached executable is
// smaller than go build's ./hello and as big as go build -ldflags="-s -w" (Go 1.24+, where
// go run's executable is in the cache to measure).
func TestGoRunLinksWithoutDebugInfo(t *testing.T) {
	t.Parallel()
	w := warmCache(t)
	if !atLeast(w.version, "go1.24") {
		t.Skipf("%s keeps no go run executable in the cache; the claim is for Go 1.24+", w.version)
	}
	s := w.fresh(t, w.scratchCache(t))
	runOut, _ := s.must(t, "run", "-x", "hello.go")
	buildOut, _ := s.must(t, "build", "-x", "hello.go")
	stripped := "hello-sw" + strings.TrimPrefix(exeName, "hello")
	s.must(t, "build", "-ldflags=-s -w", "-o", stripped, "hello.go")

	if l := toolLine(runOut, "link"); !strings.Contains(l, " -s -w ") {
		t.Errorf("go run -x hello.go: got link line %q, want -s -w", l)
	}
	if l := toolLine(buildOut, "link"); strings.Contains(l, " -s -w ") {
		t.Errorf("go build -x hello.go: got link line %q, want no -s -w", l)
	}
	cached := cachedExe(runOut, s.cache)
	if cached == "" {
		t.Fatalf("go run -x hello.go: got no cached executable in -x output, want one\n%s", runOut)
	}
	size := func(p string) int64 {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	run, build, sw := size(cached), size(filepath.Join(s.dir, exeName)), size(filepath.Join(s.dir, stripped))
	t.Logf("go run (cached) %d bytes, go build %d bytes, go build -ldflags='-s -w' %d bytes", run, build, sw)
	if run >= build {
		t.Errorf("go run's cached executable: got %d bytes, want fewer than go build's ./%s (%d)", run, exeName, build)
	}
	if run != sw {
		t.Errorf("go run's cached executable: got %d bytes, want %d, the size of go build -ldflags='-s -w'", run, sw)
	}
}
