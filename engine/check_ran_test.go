package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firstrun/firstrun/sandbox"
	"go.yaml.in/yaml/v3"
)

// TestGoCommandAccepts: a lesson's command matches what the learner typed as the go command
// reads both: flags with = or a space, booleans, packages from the folder it ran in.
func TestGoCommandAccepts(t *testing.T) {
	ws := filepath.FromSlash("/home/ana/ws")
	in := func(sub string) string { return filepath.Join(ws, filepath.FromSlash(sub)) }
	tests := []struct {
		pattern string
		dir     string // where the learner ran it, relative to the workspace
		learner string
		want    bool
	}{
		{"go test -count=1 ./sum", ".", "go test -count=1 ./sum", true},
		{"go test -count=1 ./sum", ".", "go test -count 1 ./sum", true},
		{"go test -count 1 ./sum", ".", "go test -count=1 ./sum", true},
		{"go test -count=1 ./sum", ".", "go test --count=1 ./sum", true},
		{"go test -count=1 ./sum", ".", "go test -test.count=1 ./sum", true},
		{"go test -count=1 ./sum", ".", "go test ./sum -count=1", true}, // go test takes flags after packages
		{"go test -count=1 ./sum", ".", "go test -count=2 ./sum", false},
		{"go test -count=1 ./sum", ".", "go test ./sum", false},
		{"go test ./sum", "sum", "go test .", true},
		{"go test ./sum", "sum", "go test", true}, // no package: the folder's
		{"go test ./sum", ".", "go test", false},
		{"go test ./sum", ".", "go test sum", false}, // an import path in std, which go rejects
		{"go test ./sum", ".", "go test hello/sum", true},
		{"go test ./sum", ".", "go test ./sum/", true},
		{"go test ./sum", "greet", "go test ../sum", true},
		{"go test ./sum", ".", "go test -C sum .", true},
		{"go test ./...", "sum", "go test ./...", false},
		{"go test ./...", ".", "go test hello/...", true},
		{"go vet .", "greet", "go vet", false},
		{"go vet ./greet", "greet", "go vet", true},
		{"go vet ./greet", "greet", "go vet .", true},
		{"go run hello.go", ".", "go run hello.go", true},
		{"go run hello.go", ".", "go run ./hello.go", true},
		{"go run hello.go", ".", "go run -x hello.go", true},
		{"go run hello.go", ".", "go run main.go", false},
		{"go run hello.go", ".", "go run .", false},
		{"go run -x hello.go", ".", "go run -x=true hello.go", true},
		{"go run -x hello.go", ".", "go run -x=false hello.go", false},
		{"go run -work hello.go", ".", "go run hello.go -work", false}, // a program argument, not go's flag
		{"go run hello.go -v", ".", "go run hello.go -v", true},
		{"go run -x -gcflags=all=-N hello.go", ".", "go run -gcflags all=-N -x hello.go", true},
		{"go run -x -gcflags=all=-N hello.go", ".", "go run -x hello.go", false},
		{"go build -o greet", ".", "go build -o greet hello.go", true},
		{"go build -o greet", ".", "go build -o=greet hello.go", true},
		{"go build", ".", "go build hello.go", true},
		{"go build", ".", "go run hello.go", false},
		{"go clean -cache", ".", "go clean -cache", true},
		{"go list -export -f {{.Export}} fmt", ".", "go list -f {{.Export}} -export fmt", true},
		{"go env GOCACHE", "sum", "go env GOCACHE", true},
	}
	for _, tt := range tests {
		pattern := parseGoCommand(strings.Fields(tt.pattern)[1:], "", "", "hello", false)
		learner := parseGoCommand(strings.Fields(tt.learner)[1:], ws, in(tt.dir), "hello", true)
		if got := pattern.accepts(learner); got != tt.want {
			t.Errorf("%q accepts %q run in %s: %v, want %v (learner read as %+v)", tt.pattern, tt.learner, tt.dir, got, tt.want, learner)
		}
	}
}

// TestRanExitAndOutput: expected failures, exit codes, output checks and which run counts.
func TestRanExitAndOutput(t *testing.T) {
	out := func(s string) *sandbox.Captured { return &sandbox.Captured{Text: s} }
	vetRun := func(sec, exit int, stderr *sandbox.Captured) sandbox.Command {
		c := cmd(sec, 300, exit, "vet", "./greet")
		c.Stderr = stderr
		return c
	}
	testRun := func(sec int, stdout string, args ...string) sandbox.Command {
		c := cmd(sec, 300, 0, append([]string{"test"}, args...)...)
		c.Stdout = out(stdout)
		return c
	}
	const finding = "greet/greet.go:8:21: fmt.Printf format %d has arg name of wrong type string\n"
	vetFails := mustCheck(t, `{kind: ran, command: go vet ./greet, fails: true, stderr: {contains: "Printf format %d has arg name"}}`)
	vetExit1 := mustCheck(t, `{kind: ran, command: go vet ./greet, exit: 1}`)
	vetExit2 := mustCheck(t, `{kind: ran, command: go vet ./greet, exit: 2}`)
	vetPasses := mustCheck(t, `{kind: ran, command: go vet ./greet, which: last}`)
	cached := mustCheck(t, `{kind: ran, command: go test ./sum, stdout: {matches: '(?m)^ok\s+hello/sum\s+\(cached\)$'}}`)
	fresh := mustCheck(t, `{kind: ran, command: go test -count=1 ./sum, stdout: {contains: ok, not_contains: (cached)}}`)
	either := mustCheck(t, `{kind: ran, command: go vet ./greet, fails: true, output: {contains: wrong type}}`)
	firstSaved := mustCheck(t, `{kind: ran, command: go test ./sum, which: first, save_as: first}`)
	anySaved := mustCheck(t, `{kind: ran, command: go test ./sum, save_as: again}`)
	tests := []struct {
		name  string
		check Check
		log   []sandbox.Command
		ok    bool
		want  string
	}{
		{"vet finds the bug", vetFails, []sandbox.Command{vetRun(1, 1, out(finding))}, true, "ended with exit code 1, as this step expects"},
		{"vet passes too early", vetFails, []sandbox.Command{vetRun(1, 0, out(""))}, false, "succeeded (exit code 0), but this step expects it to fail"},
		{"vet fails for another reason", vetFails, []sandbox.Command{vetRun(1, 1, out("greet/greet.go:3:1: expected declaration\n"))}, false, `This step looks for "Printf format %d has arg name" in it`},
		{"output not recorded", vetFails, []sandbox.Command{vetRun(1, 1, nil)}, false, "did not record what `go vet ./greet` printed"},
		{"stopped is no failure", vetFails, []sandbox.Command{{Args: []string{"vet", "./greet"}, Start: at(1), Exit: 1, Interrupted: true}}, false, "was stopped before it finished"},
		{"a later try counts", vetFails, []sandbox.Command{vetRun(1, 0, out("")), vetRun(2, 1, out(finding))}, true, ""},
		{"exit 1", vetExit1, []sandbox.Command{vetRun(1, 1, nil)}, true, "exit code 1"},
		{"exit 1, got 0", vetExit1, []sandbox.Command{vetRun(1, 0, nil)}, false, "succeeded (exit code 0), but this step expects exit code 1"},
		{"exit 2, got 1", vetExit2, []sandbox.Command{vetRun(1, 1, nil)}, false, "ended with exit code 1, but this step expects exit code 2"},
		{"fixed", vetPasses, []sandbox.Command{vetRun(1, 1, nil), vetRun(2, 0, nil)}, true, "ran in"},
		{"which last: broken again", vetPasses, []sandbox.Command{vetRun(1, 0, nil), vetRun(2, 1, nil)}, false, "fix the code in the greet folder"},
		{"any: an earlier pass counts", mustCheck(t, `{kind: ran, command: go vet ./greet}`), []sandbox.Command{vetRun(1, 0, nil), vetRun(2, 1, nil)}, true, ""},
		{"cached", cached, []sandbox.Command{testRun(1, "ok  \thello/sum\t0.003s\n", "./sum"), testRun(2, "ok  \thello/sum\t(cached)\n", "./sum")}, true, ""},
		{"cached, windows line ends", cached, []sandbox.Command{testRun(1, "ok  \thello/sum\t(cached)\r\n", "./sum")}, true, ""},
		{"not cached yet", cached, []sandbox.Command{testRun(1, "ok  \thello/sum\t0.003s\n", "./sum")}, false, "This step looks for a line like the regular expression"},
		{"count 1 runs the tests", fresh, []sandbox.Command{testRun(1, "ok  \thello/sum\t0.004s\n", "-count", "1", "./sum")}, true, ""},
		{"count 1 not cached", fresh, []sandbox.Command{testRun(1, "ok  \thello/sum\t(cached)\n", "-count=1", "./sum")}, false, `This step expects no "(cached)" in it`},
		{"output is either stream", either, []sandbox.Command{{Args: []string{"vet", "./greet"}, Start: at(1), Exit: 1, Stdout: out(""), Stderr: out(finding)}}, true, ""},
		{"output needs both streams", either, []sandbox.Command{vetRun(1, 1, out(finding))}, false, "did not record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEnv(t, "en")
			e.StepStart, e.Log = at(0), tt.log
			r := tt.check.Run(context.Background(), e)
			if r.OK != tt.ok || !strings.Contains(r.Msg, tt.want) {
				t.Errorf("got OK=%v %q, want OK=%v containing %q", r.OK, r.Msg, tt.ok, tt.want)
			}
		})
	}

	// which: first keeps the run a later step compares with; the default keeps the latest.
	e := testEnv(t, "en")
	e.StepStart = at(0)
	e.Log = []sandbox.Command{testRun(1, "", "./sum"), testRun(2, "", "./sum"), testRun(3, "", "./sum")}
	e.Log[0].Millis, e.Log[1].Millis, e.Log[2].Millis = 900, 30, 20
	for _, c := range []Check{firstSaved, anySaved} {
		if r := c.Run(context.Background(), e); !r.OK {
			t.Fatal(r.Msg)
		}
	}
	if got := e.Progress.Runs["first"].Millis; got != 900 {
		t.Errorf("which: first saved the run of %v ms, want the first (900 ms)", got)
	}
	if got := e.Progress.Runs["again"].Millis; got != 20 {
		t.Errorf("the default saved the run of %v ms, want the latest (20 ms)", got)
	}
}

// TestRanFailureNamesTheLessonsFiles: a failed run's message points at what the command was
// given, never at a hello.go the lesson does not have.
func TestRanFailureNamesTheLessonsFiles(t *testing.T) {
	e := testEnv(t, "en")
	e.StepStart = at(0)
	check := func(command string, args ...string) string {
		e.Log = []sandbox.Command{cmd(1, 50, 1, args...)}
		return mustCheck(t, "{kind: ran, command: "+command+"}").Run(context.Background(), e).Msg
	}
	for _, tt := range []struct{ got, want string }{
		{check("go run hello.go", "run", "hello.go"), "fix hello.go,"},
		{check("go run main.go util.go", "run", "main.go", "util.go"), "fix main.go, util.go,"},
		{check("go test ./sum", "test", "./sum"), "fix the code in the sum folder"},
		{check("go vet", "vet"), "(it names the file and line), fix that"},
	} {
		if !strings.Contains(tt.got, tt.want) || (strings.Contains(tt.got, "hello.go") && !strings.Contains(tt.want, "hello.go")) {
			t.Errorf("got %q, want it to contain %q", tt.got, tt.want)
		}
	}
}

func TestRanValidation(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`{kind: ran, command: go vet, exit: 1, fails: true}`, "not both"},
		{`{kind: ran, command: go vet, exit: 300}`, "0 to 255"},
		{`{kind: ran, command: go vet, which: latest}`, `which "latest": expected first, last or any`},
		{`{kind: ran, command: go vet, stdout: {contain: x}}`, `unknown field "contain"`},
		{`{kind: ran, command: go vet, stdout: {matches: "a("}}`, "not a valid regular expression"},
		{`{kind: ran, command: go vet, stderr: "x"}`, "expected a mapping"},
		{`{kind: ran, command: go vet, output: {}}`, "give contains, not_contains or matches"},
	} {
		_, err := decodeCheckSrc(t, tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.src, err, tt.want)
		}
	}
}

// TestStepCapture: the wrapper is asked for exactly the streams a step's checks read.
func TestStepCapture(t *testing.T) {
	s := &Step{Checks: []Check{
		mustCheck(t, `{kind: ran, command: go vet ./greet, fails: true, stderr: {contains: x}}`),
		mustCheck(t, `{kind: ran, command: go test ./sum, output: {contains: ok}}`),
		mustCheck(t, `{kind: ran, command: go run hello.go}`),
	}}
	got := stepCapture(s)
	if strings.Join(got["vet"], ",") != "stderr" || strings.Join(got["test"], ",") != "stderr,stdout" || got["run"] != nil || len(got) != 2 {
		t.Errorf("stepCapture = %v, want vet stderr and test both streams only", got)
	}
	if stepCapture(&Step{Checks: []Check{mustCheck(t, `{kind: ran, command: go run hello.go}`)}}) != nil {
		t.Error("a step that reads no output must capture nothing")
	}
}

func TestWorkspaceModule(t *testing.T) {
	dir := t.TempDir()
	if got := workspaceModule(dir); got != "" {
		t.Errorf("no go.mod: module %q", got)
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("// a comment\nmodule example.com/hello\n\ngo 1.26\n"), 0o644)
	if got := workspaceModule(dir); got != "example.com/hello" {
		t.Errorf("module %q, want example.com/hello", got)
	}
}

func decodeCheckSrc(t *testing.T, src string) (Check, error) {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	return decodeCheck(n.Content[0])
}

// Runs of another pack are listed in the order the learner made them.
func TestSavedRunOrder(t *testing.T) {
	p := NewProgress()
	p.Runs["test-first"] = SavedRun{Start: at(1)}
	p.Runs["test-cached"] = SavedRun{Start: at(2)}
	p.Runs["warm"] = SavedRun{Start: at(3)}
	p.Runs["cold"] = SavedRun{Start: at(4)}
	if got := strings.Join(savedRunNames(p), " "); got != "cold warm test-first test-cached" {
		t.Errorf("order %q, want the course's runs in its order, then the others by time", got)
	}
}
