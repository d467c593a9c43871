package facts

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The facts of lesson 6 (where the cold seconds go). They need two cold builds of their own,
// traced with -debug-trace, each with a private GOCACHE: one with the default -p and one with
// -p 1. The tests are not parallel, so the two timed builds run while no other test does; the
// shared cold run happens first, so neither pays for reading GOROOT from disk.

// buildAction is one action of a build trace, read here with encoding/json alone (not with
// firstrun's reader, which these facts also check).
type buildAction struct {
	name       string // "build runtime", "build check cache fmt", "link command-line-arguments"…
	start, end float64
	tid        int
	deps       []string
}

func (a *buildAction) dur() time.Duration { return time.Duration((a.end - a.start) * 1e3) }

// buildTrace is a trace's actions by name (each action runs once in these builds).
type buildTrace struct {
	actions    map[string]*buildAction
	start, end float64
}

func readBuildTrace(path string) (*buildTrace, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var events []struct {
		Name string  `json:"name"`
		Ph   string  `json:"ph"`
		Ts   float64 `json:"ts"`
		Tid  int     `json:"tid"`
	}
	if err := json.Unmarshal(data, &events); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	tr := &buildTrace{actions: map[string]*buildAction{}, start: events[0].Ts, end: events[0].Ts}
	const prefix = "Executing action ("
	for _, e := range events {
		tr.start, tr.end = min(tr.start, e.Ts), max(tr.end, e.Ts)
		switch {
		case e.Ph == "s":
			from, to, _ := strings.Cut(e.Name, " -> ")
			if a := tr.actions[strings.TrimSuffix(strings.TrimPrefix(to, prefix), ")")]; a != nil {
				a.deps = append(a.deps, strings.TrimSuffix(strings.TrimPrefix(from, prefix), ")"))
			}
		case strings.HasPrefix(e.Name, prefix) && (e.Ph == "B" || e.Ph == "E"):
			name := strings.TrimSuffix(strings.TrimPrefix(e.Name, prefix), ")")
			a := tr.actions[name]
			if a == nil {
				a = &buildAction{name: name, tid: e.Tid}
				tr.actions[name] = a
			}
			if e.Ph == "B" {
				a.start = e.Ts
			} else {
				a.end = e.Ts
			}
		}
	}
	if len(tr.actions) == 0 {
		return nil, fmt.Errorf("%s: no actions", path)
	}
	return tr, nil
}

func (tr *buildTrace) wall() time.Duration { return time.Duration((tr.end - tr.start) * 1e3) }

// compiles are the build actions (one per package compiled), longest first.
func (tr *buildTrace) compiles() []*buildAction {
	var list []*buildAction
	for _, a := range tr.actions {
		if strings.HasPrefix(a.name, "build ") && !strings.HasPrefix(a.name, "build check cache ") {
			list = append(list, a)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].dur() > list[j].dur() })
	return list
}

// needs reports whether action a waited, directly or through others, for action b.
func (tr *buildTrace) needs(a, b string) bool {
	seen := map[string]bool{}
	var walk func(n string) bool
	walk = func(n string) bool {
		if seen[n] {
			return false
		}
		seen[n] = true
		act := tr.actions[n]
		if act == nil {
			return false
		}
		for _, d := range act.deps {
			if d == b || walk(d) {
				return true
			}
		}
		return false
	}
	return walk(a)
}

// lanes is how many goroutines ran actions, and overlap how long two or more ran at once.
func (tr *buildTrace) lanes() (n int, overlap time.Duration) {
	tids := map[int]bool{}
	type edge struct {
		at    float64
		delta int
	}
	var edges []edge
	for _, a := range tr.actions {
		tids[a.tid] = true
		edges = append(edges, edge{a.start, 1}, edge{a.end, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at != edges[j].at {
			return edges[i].at < edges[j].at
		}
		return edges[i].delta < edges[j].delta
	})
	running, prev := 0, 0.0
	for _, e := range edges {
		if running >= 2 {
			overlap += time.Duration((e.at - prev) * 1e3)
		}
		running += e.delta
		prev = e.at
	}
	return len(tids), overlap
}

// tracedRuns are the two cold builds: go run -debug-trace with the default -p, then with -p 1.
type tracedRuns struct {
	par, serial         *buildTrace
	parTime, serialTime time.Duration
	// spare is the fewest cores this process could really use, measured just before and
	// just after each timed run (spareCores).
	spare float64
}

// spareCores measures how many cores this process gets right now: the work two spinning
// goroutines do in a quarter of a second, against one's. On an idle machine with 2 or more
// cores it is close to 2; when other work keeps every core busy it drops towards 1, and no
// build can show what running two compiles at once buys.
func spareCores() float64 {
	spin := func(d time.Duration) int {
		n, x := 0, uint32(1)
		for start := time.Now(); time.Since(start) < d; n++ {
			for i := 0; i < 1000; i++ {
				x = x*1664525 + 1013904223
			}
		}
		if x == 0 { // keeps the loop from being optimized away
			n++
		}
		return n
	}
	const d = 250 * time.Millisecond
	one := spin(d)
	var wg sync.WaitGroup
	var two [2]int
	for i := range two {
		wg.Add(1)
		go func() { defer wg.Done(); two[i] = spin(d) }()
	}
	wg.Wait()
	return float64(two[0]+two[1]) / float64(max(one, 1))
}

var (
	tracedOnce sync.Once
	traced     tracedRuns
	tracedErr  error
)

// coldTraces runs the two traced cold builds once; serial is only run on 2 or more cores.
func coldTraces(t *testing.T) *tracedRuns {
	t.Helper()
	w := warmCache(t) // first: it reads GOROOT from disk, so the timed runs below do not
	if !atLeast(w.version, "go1.16") {
		t.Skipf("%s has no -debug-trace (it came with Go 1.16)", w.version)
	}
	tracedOnce.Do(func() {
		dir := filepath.Join(root, "traced")
		run := func(name string, flags ...string) (*buildTrace, time.Duration, error) {
			s := sandbox{goBin: w.goBin, dir: filepath.Join(dir, name), cache: filepath.Join(dir, name+"-cache"),
				tmp: filepath.Join(dir, name+"-tmp"), home: w.home}
			for _, d := range []string{s.dir, s.cache, s.tmp} {
				if err := os.MkdirAll(d, 0o777); err != nil {
					return nil, 0, err
				}
			}
			if err := writeHello(s.dir, w.version); err != nil {
				return nil, 0, err
			}
			file := filepath.Join(dir, name+".json")
			args := append(append([]string{"run"}, flags...), "-debug-trace="+file, "hello.go")
			out, d, err := s.run(args...)
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %w\n%s", cmdline(args), err, out)
			}
			tr, err := readBuildTrace(file)
			return tr, d, err
		}
		traced.spare = spareCores()
		if traced.par, traced.parTime, tracedErr = run("default"); tracedErr != nil {
			return
		}
		if runtime.NumCPU() >= 2 {
			traced.spare = min(traced.spare, spareCores())
			traced.serial, traced.serialTime, tracedErr = run("serial", "-p", "1")
			traced.spare = min(traced.spare, spareCores())
		}
	})
	if tracedErr != nil {
		t.Fatal(tracedErr)
	}
	return &traced
}

// Fact (lesson 6): in a cold go run hello.go (Go 1.20+), runtime is the longest compile. What
// is left after it (reflect, os, fmt) waits for it, and the packages that do not need it take
// less time together than runtime alone; runtime is on the critical path.
func TestRuntimeIsTheLongestCompile(t *testing.T) {
	tr := coldTraces(t).par
	w := warmCache(t)
	if !atLeast(w.version, "go1.20") {
		t.Skipf("%s ships the standard library precompiled: a cold run compiles main only", w.version)
	}
	list := tr.compiles()
	var top []string
	for _, a := range list[:min(5, len(list))] {
		top = append(top, fmt.Sprintf("%s %v (%.0f%%)", strings.TrimPrefix(a.name, "build "), a.dur().Round(time.Millisecond),
			100*float64(a.dur())/float64(tr.wall())))
	}
	t.Logf("cold go run -debug-trace hello.go on %s: %v in all, %d compiles; longest: %s",
		w.version, tr.wall().Round(time.Millisecond), len(list), strings.Join(top, ", "))
	if list[0].name != "build runtime" {
		t.Errorf("longest compile: got %s, want build runtime", list[0].name)
	}
	for _, p := range []string{"reflect", "os", "fmt"} {
		if !tr.needs("build "+p, "build runtime") {
			t.Errorf("build %s does not wait for build runtime in the trace", p)
		}
	}
	var without time.Duration
	n := 0
	for _, a := range list {
		if a.name != "build runtime" && !tr.needs(a.name, "build runtime") {
			without += a.dur()
			n++
		}
	}
	t.Logf("%d compiles do not need runtime: %v together, against runtime's %v", n, without.Round(time.Millisecond), list[0].dur().Round(time.Millisecond))
	if without >= list[0].dur() {
		t.Errorf("the %d compiles that do not need runtime took %v together, want less than runtime's %v", n, without, list[0].dur())
	}
	if !onCriticalPath(tr, "build runtime") {
		t.Errorf("build runtime is not on the critical path (the chain of most work)")
	}
}

// onCriticalPath reports whether action name is on the chain of dependent actions with the
// most work.
func onCriticalPath(tr *buildTrace, name string) bool {
	var all []*buildAction
	for _, a := range tr.actions {
		all = append(all, a)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].start < all[j].start })
	best, prev := map[string]time.Duration{}, map[string]string{}
	end := ""
	for _, a := range all {
		best[a.name] = a.dur()
		for _, d := range a.deps {
			if w, ok := best[d]; ok && w+a.dur() > best[a.name] {
				best[a.name], prev[a.name] = w+a.dur(), d
			}
		}
		if end == "" || best[a.name] > best[end] {
			end = a.name
		}
	}
	for n := end; n != ""; n = prev[n] {
		if n == name {
			return true
		}
	}
	return false
}

// Fact (lesson 6): -p 1 runs one action at a time and makes the cold build slower on a
// machine with 2 or more cores; the default -p runs several at once.
func TestSerialBuildIsSlower(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skipf("one CPU: -p is 1 by default, so -p 1 changes nothing to compare")
	}
	r := coldTraces(t)
	if r.spare < 1.5 {
		t.Skipf("the machine had no spare core during the timed runs (two goroutines got %.2fx the work of one, want 1.5x or more): "+
			"with every core busy with other work, -p cannot show what parallelism buys", r.spare)
	}
	parLanes, parOverlap := r.par.lanes()
	serLanes, serOverlap := r.serial.lanes()
	ratio := float64(r.serialTime) / float64(r.parTime)
	t.Logf("cold go run -debug-trace hello.go on %d CPUs (%.2f spare cores): default %v (%d workers, %v with 2+ at once), -p 1 %v (%d worker): %.2fx slower",
		runtime.NumCPU(), r.spare, r.parTime.Round(time.Millisecond), parLanes, parOverlap.Round(time.Millisecond),
		r.serialTime.Round(time.Millisecond), serLanes, ratio)
	if serLanes != 1 || serOverlap != 0 {
		t.Errorf("-p 1: got %d workers and %v with two at once, want 1 worker and none", serLanes, serOverlap)
	}
	if parLanes < 2 || parLanes > runtime.NumCPU() || parOverlap <= 0 {
		t.Errorf("default -p: got %d workers and %v with two or more at once, want 2..%d workers and some overlap",
			parLanes, parOverlap, runtime.NumCPU())
	}
	if ratio <= 1 {
		t.Errorf("-p 1 took %v and the default -p %v: want -p 1 slower (ratio %.2f)", r.serialTime, r.parTime, ratio)
	}
}
