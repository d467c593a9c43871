package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
)

// examplePack is the pack docs/authoring.md builds: go test's cache and go vet.
const examplePack = "docs/examples/go-tools"

// exampleSays is what the example walk expects firstrun to say at its key moments, per
// language: the real checks' own messages.
var exampleSays = map[string]map[string]string{
	"en": {
		"missing":  "No `go test ./sum` has been recorded",
		"cached":   `This step looks for "(cached)" in it`,
		"other":    "You ran `go test ./sum`, but this step asks for `go test -count=1 ./sum`",
		"solution": "Solution: Ask for a real run",
		"tryfirst": "Try the step first",
		"vetfound": "`go vet ./greet` ended with exit code 1, as this step expects",
		"vetfails": "fix the code in the greet folder",
		"label":    "first go test",
	},
	"ko": {
		"missing":  "이 단계를 시작한 뒤로 `go test ./sum` 실행 기록이 없습니다",
		"cached":   `이 단계에서 찾는 내용: "(cached)"`,
		"other":    "실행한 명령은 `go test ./sum`이지만, 이 단계에서 실행할 명령은 `go test -count=1 ./sum`입니다",
		"solution": "풀이: 실제로 다시 돌리기",
		"tryfirst": "먼저 단계를 직접 해 보세요",
		"vetfound": "`go vet ./greet` 명령의 종료 코드: 1. 이 단계에서 기대한 대로입니다",
		"vetfails": "폴더 greet 안의 코드를 고친",
		"label":    "첫 go test",
	},
}

// TestExamplePackWalk walks the example pack of docs/authoring.md in both languages as
// TestCourseWalk walks the course, checking its key moments with the real checks: the first
// go test, the "(cached)" line (an extra uncached run first does not block it, and `go test .`
// inside sum counts), -count=1 typed with a space, vet's finding with exit 1, the vet run
// after the fix, and a solution shown only after a failed check.
func TestExamplePackWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("the walk runs go test and go vet")
	}
	course, _, err := loadCourse(examplePack)
	if err != nil {
		t.Fatal(err)
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	firstrun := firstrunBin(t)
	tc := sharedToolCache(t)
	warm := warmExampleCache(t, realGo)
	for _, lang := range engine.Languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			says := exampleSays[lang]
			dir := t.TempDir()
			wsDir := filepath.Join(dir, "ws")
			env := append(os.Environ(), "FIRSTRUN_WORKSPACE="+wsDir, "FIRSTRUN_TOOLCACHE="+tc, "FIRSTRUN_LANG="+lang,
				"FIRSTRUN_LESSONS="+examplePack, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
			fr := firstrunWith(t, firstrun, env)
			mustContain(t, "before go test", fr(1, "check"), says["missing"]) // creates the workspace
			ws, err := sandbox.Open(wsDir, realGo)
			if err != nil {
				t.Fatal(err)
			}
			// The standard library compiled once for both walks; no test result in it.
			if err := os.RemoveAll(ws.CacheDir()); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(ws.CacheDir(), os.DirFS(warm)); err != nil {
				t.Fatal(err)
			}
			learner := func(in string, ok bool, args ...string) string {
				t.Helper()
				return goInWorkspace(t, ws, in, ok, args...)
			}

			// testcache.first: the tests run.
			if out := learner(".", true, "test", "./sum"); strings.Contains(out, "(cached)") {
				t.Fatalf("the first go test was cached already:\n%s", out)
			}
			mustContain(t, "testcache.first", fr(0, "check"), passed[lang])

			// testcache.again: an uncached run does not count, and does not block the cached one.
			learner(".", true, "test", "-count=1", "./sum")
			mustContain(t, "testcache.again, uncached", fr(1, "check"), says["cached"])
			mustContain(t, "go test . in sum", learner("sum", true, "test", "."), "(cached)")
			out := fr(0, "check")
			mustContain(t, "testcache.again", out, passed[lang])
			mustContain(t, "testcache.again chart", out, says["label"])

			// testcache.count: a plain go test is not what the step asks; its solution shows
			// after that failed check; -count 1 with a space counts.
			mustContain(t, "testcache.count solution", fr(1, "solution"), says["tryfirst"])
			learner(".", true, "test", "./sum")
			mustContain(t, "testcache.count, cached", fr(1, "check"), says["other"])
			mustContain(t, "testcache.count solution", fr(0, "solution"), says["solution"])
			if out := learner(".", true, "test", "-count", "1", "./sum"); strings.Contains(out, "(cached)") {
				t.Fatalf("go test -count 1 was cached:\n%s", out)
			}
			mustContain(t, "testcache.count", fr(0, "check"), passed[lang])
			walkQuiz(t, fr, course.Lessons[0], "why", lang)

			// vet.build: the bug compiles.
			learner(".", true, "build", "./greet")
			mustContain(t, "vet.build", fr(0, "check"), passed[lang])

			// vet.vet: vet finds it and exits 1, which is what the step expects.
			fr(1, "check")
			mustContain(t, "go vet", learner(".", false, "vet", "./greet"), "wrong type string")
			out = fr(0, "check")
			mustContain(t, "vet.vet", out, says["vetfound"])
			mustContain(t, "vet.vet", out, passed[lang])

			// vet.fix: vet still failing is not yet; the fix, vetted from inside greet, passes.
			learner(".", false, "vet", "./greet")
			mustContain(t, "vet.fix before the fix", fr(1, "check"), says["vetfails"])
			greet := filepath.Join(wsDir, "greet", "greet.go")
			src, err := os.ReadFile(greet)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, greet, strings.Replace(string(src), "%d", "%s", 1))
			learner("greet", true, "vet")
			mustContain(t, "vet.fix", fr(0, "check"), passed[lang])
			walkQuiz(t, fr, course.Lessons[1], "why", lang)

			if out := fr(0, "list"); strings.Contains(out, "[ ]") {
				t.Errorf("after the walk, list still shows open steps:\n%s", out)
			}
			if out := fr(0, "progress", "--json"); !strings.Contains(out, `"solutions": 1`) {
				t.Errorf("the progress report does not record the solution shown:\n%s", out)
			}
		})
	}
}

// walkQuiz answers a quiz step wrong, then right.
func walkQuiz(t *testing.T, fr func(int, ...string) string, l *engine.Lesson, step, lang string) {
	t.Helper()
	s := l.Step(step)
	n := len(l.Pages[lang].Steps[step].Quiz.Choices)
	fr(1, "answer", string(rune('a'+(s.Quiz.Answer+1)%n)))
	mustContain(t, l.ID+"."+step, fr(0, "answer", string(rune('a'+s.Quiz.Answer))), passed[lang])
}

// goInWorkspace runs go as the learner does, through the workspace's wrapper, in the folder in
// (relative to the workspace), and returns what it printed; ok says whether it must succeed.
func goInWorkspace(t *testing.T, ws *sandbox.Workspace, in string, ok bool, args ...string) string {
	t.Helper()
	cmd := exec.Command(ws.WrapperPath(), args...)
	cmd.Dir = filepath.Join(ws.Dir, filepath.FromSlash(in))
	cmd.Env = ws.Env(os.Environ())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if (err == nil) != ok {
		t.Fatalf("go %s in %s: %v, want success %v\n%s", strings.Join(args, " "), in, err, ok, out.String())
	}
	return out.String()
}

var (
	exampleCacheOnce sync.Once
	exampleCache     string
)

// warmExampleCache builds, once per test run, a build cache holding what the example pack's
// commands compile (the standard packages of testing and fmt, vet's facts) but no test
// result, so both language walks copy it instead of compiling everything twice.
func warmExampleCache(t *testing.T, realGo string) string {
	exampleCacheOnce.Do(func() {
		dir, err := os.MkdirTemp("", "firstrun-example-cache-")
		if err != nil {
			t.Fatal(err)
		}
		ws, err := sandbox.Open(filepath.Join(dir, "ws"), realGo)
		if err != nil {
			t.Fatal(err)
		}
		if err := ws.Create(nil, runtime.Version()); err != nil {
			t.Fatal(err)
		}
		for _, starter := range []string{"01-testcache/_starter", "02-vet/_starter"} {
			if err := os.CopyFS(ws.Dir, os.DirFS(filepath.Join(examplePack, starter))); err != nil {
				t.Fatal(err)
			}
		}
		for _, args := range [][]string{{"test", "-count=1", "./sum"}, {"vet", "./greet"}, {"build", "./greet"}} {
			cmd := exec.Command(realGo, args...)
			cmd.Dir, cmd.Env = ws.Dir, ws.Env(os.Environ())
			out, err := cmd.CombinedOutput()
			if exit, ok := err.(*exec.ExitError); err != nil && !(args[0] == "vet" && ok && exit.ExitCode() == 1) {
				t.Fatalf("warming the example cache: go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		exampleCache = ws.CacheDir()
		tempDirs = append(tempDirs, dir) // removed after every test has run
	})
	if exampleCache == "" {
		t.Fatal("the example cache could not be warmed")
	}
	return exampleCache
}

// TestExamplePackLints: the example pack passes `firstrun lint`, even in -short runs.
func TestExamplePackLints(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := lint([]string{examplePack}, &out, &errOut); code != engine.ExitOK {
		t.Fatalf("firstrun lint %s: exit %d\n%s", examplePack, code, errOut.String())
	}
	if !strings.Contains(out.String(), "ok: 2 lessons, 8 steps, languages en, ko") {
		t.Errorf("lint said %q", out.String())
	}
}
