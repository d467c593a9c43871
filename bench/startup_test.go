// Package bench holds the workbook's speed targets as benchmarks, never as timed unit tests:
// these machines are noisy. Run them with bench/run, or:
//
//	go test -run '^$' -bench . -count 5 ./bench/ ./sandbox/
package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// build compiles firstrun once per benchmark binary and prepares a workspace whose current
// step fails without compiling anything (hello.go has a typo), so `check` measures the
// engine, not the go toolchain.
func setup(b *testing.B) (exe string, env []string) {
	b.Helper()
	exe, env = buildFirstrun(b)
	dir := filepath.Dir(exe)
	ws := filepath.Join(dir, "ws")
	env = append(env, "FIRSTRUN_WORKSPACE="+ws, "FIRSTRUN_TOOLCACHE="+filepath.Join(dir, "toolcache"))
	run(b, exe, env, "check") // creates the workspace and builds the wrapper
	if err := os.WriteFile(filepath.Join(ws, "hello.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"Hello, golang\")\n}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	return exe, env
}

// buildFirstrun compiles firstrun into a temporary folder and returns it with an environment
// whose home is that folder.
func buildFirstrun(b *testing.B) (exe string, env []string) {
	b.Helper()
	dir := b.TempDir()
	exe = filepath.Join(dir, "firstrun")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	build := exec.Command("go", "build", "-o", exe, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return exe, append(os.Environ(), "HOME="+dir, "FIRSTRUN_LANG=en")
}

func run(b *testing.B, exe string, env []string, args ...string) {
	cmd := exec.Command(exe, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		b.Fatalf("firstrun %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// reportMedian adds the median wall time in ms, the number the targets speak of.
func reportMedian(b *testing.B, times []time.Duration) {
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

// BenchmarkList: target at most 20 ms whole process (a binary linking glamour cannot start in
// less than ~16 ms here: chroma's package init).
func BenchmarkList(b *testing.B) { benchWholeProcess(b, "list") }

// BenchmarkCheckNoCompile: a check that reads the source only; target at most 20 ms.
func BenchmarkCheckNoCompile(b *testing.B) { benchWholeProcess(b, "check") }

// benchWholeProcess times one firstrun command from start to exit.
func benchWholeProcess(b *testing.B, args ...string) {
	exe, env := setup(b)
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		run(b, exe, env, args...)
		times = append(times, time.Since(start))
	}
	reportMedian(b, times)
}

// BenchmarkFirstPage: from start until the first lesson page is on a terminal screen;
// target at most 50 ms.
func BenchmarkFirstPage(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("needs a pseudo-terminal")
	}
	exe, env := setup(b)
	var times []time.Duration
	for b.Loop() {
		cmd := exec.Command(exe)
		cmd.Env = append(env, "TERM=xterm-256color")
		start := time.Now()
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 100})
		if err != nil {
			b.Fatal(err)
		}
		var seen bytes.Buffer
		buf := make([]byte, 4096)
		// The page's last sentence, compared without colours and line breaks: glamour styles
		// and wraps word by word.
		for !strings.Contains(visible(seen.String()), "firstrunreadsyoursource") {
			f.SetReadDeadline(time.Now().Add(10 * time.Second))
			n, err := f.Read(buf)
			if err != nil {
				b.Fatalf("page never appeared: %v\n%s", err, seen.String())
			}
			seen.Write(buf[:n])
		}
		times = append(times, time.Since(start))
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}
	reportMedian(b, times)
}

var escapes = regexp.MustCompile(`\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07|\s+`)

// visible is the text a reader sees, without escape sequences and white space.
func visible(s string) string { return escapes.ReplaceAllString(s, "") }
