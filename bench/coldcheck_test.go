package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkColdCheck is lesson 1's "Run it, cold" step as a learner lives it, the first time:
// firstrun has prepared a new workspace and its own, new tool cache (untimed: the workbook
// does this while the learner reads the first page), the learner's cold `go run hello.go`
// runs through the wrapper, then `firstrun check` checks the step, which builds and runs
// hello.go itself. The target is a check that takes at most 0.2× the learner's cold run:
// the check must not compile the standard library a second time.
//
// Every iteration starts from nothing (a new workspace and a new tool cache), since a second
// check in the same tool cache would hide what the first one compiled. It reports the medians
// of the learner's cold runs, of the checks, and of their ratio (check-time / cold-run-time);
// one iteration is enough to read the ratio:
//
//	go test -run '^$' -bench ColdCheck -benchtime 1x ./bench/
func BenchmarkColdCheck(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("takes the learner's environment from a POSIX shell")
	}
	exe, env := buildFirstrun(b)
	var colds, checks []time.Duration
	var ratios []float64
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		dir := filepath.Join(b.TempDir(), fmt.Sprint("run", i))
		env := append(env[:len(env):len(env)], "FIRSTRUN_WORKSPACE="+filepath.Join(dir, "ws"), "FIRSTRUN_TOOLCACHE="+filepath.Join(dir, "toolcache"))
		ws := wsDir(env)
		run(b, exe, env, "check") // creates the workspace and prepares the tool cache
		if err := os.WriteFile(filepath.Join(ws, "hello.go"), []byte(helloSource), 0o644); err != nil {
			b.Fatal(err)
		}
		run(b, exe, env, "check") // "Write hello.go" passes: the cold step begins
		learner := wsEnv(b, exe, env)
		b.StartTimer()
		cold := timed(b, ws, learner, filepath.Join(ws, ".firstrun", "wrapper", "go"), "run", "hello.go")
		check := timed(b, "", env, exe, "check")
		colds, checks = append(colds, cold), append(checks, check)
		ratios = append(ratios, float64(check)/float64(cold))
	}
	b.ReportMetric(medianSeconds(colds), "cold-run-s")
	b.ReportMetric(medianSeconds(checks), "check-s")
	sort.Float64s(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "check/cold")
}

const helloSource = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"Hello, Golang!\")\n}\n"

// timed runs one command to its end and returns how long it took; it must succeed.
func timed(b *testing.B, dir string, env []string, name string, args ...string) time.Duration {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return d
}

// wsEnv is the learner's environment in the workspace, as `eval "$(firstrun env)"` sets it.
func wsEnv(b *testing.B, exe string, env []string) []string {
	b.Helper()
	cmd := exec.Command(exe, "env")
	cmd.Env = append(env, "SHELL=/bin/sh")
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("firstrun env: %v", err)
	}
	sh := exec.Command("sh", "-c", string(out)+"\nenv")
	sh.Env = env
	vars, err := sh.Output()
	if err != nil {
		b.Fatalf("sh: %v", err)
	}
	return strings.Split(strings.TrimSpace(string(vars)), "\n")
}

// wsDir is the workspace the benchmark's environment names (the last entry wins).
func wsDir(env []string) string {
	dir := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "FIRSTRUN_WORKSPACE="); ok {
			dir = v
		}
	}
	return dir
}

func medianSeconds(ds []time.Duration) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2].Seconds()
}
