package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/engine/buildtrace"
	"github.com/firstrun/firstrun/lessons"
	"github.com/firstrun/firstrun/sandbox"
)

const helloSource = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"Hello, Golang!\")\n}\n"

// learnerActions is what a learner does by hand before checking a step, beyond running the
// step's own command: the steps that ask for an edit. Every other step is driven by the
// course data itself (its run command, its quiz answer).
var learnerActions = map[string]func(t *testing.T, ws string){
	"hello/write": func(t *testing.T, ws string) { writeFile(t, filepath.Join(ws, "hello.go"), helloSource) },
	"miss/edit": func(t *testing.T, ws string) {
		writeFile(t, filepath.Join(ws, "hello.go"), strings.Replace(helloSource, "Hello, Golang!", "Hello again, Golang!", 1))
	},
	"miss/revert": func(t *testing.T, ws string) { writeFile(t, filepath.Join(ws, "hello.go"), helloSource) },
}

// typedAnswers are steps the learner passes by giving an answer read from their own
// workspace (firstrun answer TEXT): each returns a wrong answer and the right one.
var typedAnswers = map[string]func(t *testing.T, ws string) (wrong, right string){
	"trace/longest": func(t *testing.T, ws string) (string, string) {
		tr, err := buildtrace.ReadFile(filepath.Join(ws, "build.json"))
		if err != nil {
			t.Fatalf("reading the learner's trace: %v", err)
		}
		right := tr.Longest()[0].Package
		wrong := "fmt"
		if right == wrong {
			wrong = "os"
		}
		return wrong, right
	},
}

// observedElsewhere lists steps whose check cannot see the learner do the step, so it passes
// before they do: running ./hello is not a go command, so the check runs the program itself.
var observedElsewhere = map[string]bool{"build/binary": true}

// passed is how `firstrun check` announces a passed step, per language.
var passed = map[string]string{"en": "✓ Step passed: ", "ko": "✓ 통과: "}

// TestCourseWalk walks the whole embedded course without a terminal, in every language: for
// each step it does what the learner would (edit a file, run the step's command through the
// workspace's go wrapper, answer the quiz) and requires `firstrun check` to pass. A lesson
// that cannot be completed fails here.
func TestCourseWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("the walk runs six cold builds per language")
	}
	course, err := engine.LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	firstrun, err := exec.LookPath("firstrun")
	if err != nil {
		t.Fatal(err)
	}
	tc := sharedToolCache(t)
	for _, lang := range engine.Languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			wsDir := filepath.Join(dir, "ws")
			env := append(os.Environ(), "FIRSTRUN_WORKSPACE="+wsDir, "FIRSTRUN_TOOLCACHE="+tc, "FIRSTRUN_LANG="+lang,
				"HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
			fr := firstrunWith(t, firstrun, env)
			fr(1, "check") // creates the workspace
			ws, err := sandbox.Open(wsDir, realGo)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range course.Lessons {
				for _, s := range l.Steps {
					key := engine.Key(l.ID, s.ID)
					act := learnerActions[key]
					if (act != nil || s.Run != "") && s.Quiz == nil && !observedElsewhere[key] {
						// As in rustlings' dev check: a step must not pass before it is done.
						fr(1, "check")
					}
					if act != nil {
						act(t, wsDir)
					}
					if typed := typedAnswers[key]; typed != nil {
						if s.Run != "" {
							runForLearner(t, ws, s.Run) // firstrun trace build.json
						}
						fr(1, "check") // it asks for the answer
						wrong, right := typed(t, wsDir)
						fr(1, "answer", wrong)
						mustContain(t, key, fr(0, "answer", right), passed[lang])
						continue
					}
					if s.Quiz != nil {
						wrong := string(rune('a' + (s.Quiz.Answer+1)%len(l.Pages[lang].Steps[s.ID].Quiz.Choices)))
						fr(1, "answer", wrong)
						out := fr(0, "answer", string(rune('a'+s.Quiz.Answer)))
						mustContain(t, key, out, passed[lang])
						continue
					}
					if s.Run != "" {
						runForLearner(t, ws, s.Run)
					}
					out := fr(0, "check")
					mustContain(t, key, out, passed[lang])
				}
			}
			out := fr(0, "list")
			if strings.Contains(out, "[ ]") {
				t.Errorf("after the walk, list still shows open steps:\n%s", out)
			}
			out = fr(0, "--plain", "times")
			for _, run := range []string{"go run hello.go", "go build", "go install", "./hello", "go run -p 1 -debug-trace=serial.json hello.go"} {
				mustContain(t, "times", out, run)
			}
			mustContain(t, "cache", fr(0, "cache"), "fmt")
		})
	}
}

// runForLearner runs a step's command in the workspace as the learner would type it: go
// commands through the wrapper, so they are logged; firstrun and ./programs directly.
func runForLearner(t *testing.T, ws *sandbox.Workspace, command string) {
	t.Helper()
	words := strings.Fields(command)
	name := words[0]
	switch name {
	case "go":
		name = ws.WrapperPath()
	case "firstrun":
		var err error
		if name, err = exec.LookPath("firstrun"); err != nil {
			t.Fatal(err)
		}
	default:
		name = filepath.Join(ws.Dir, strings.TrimPrefix(name, "./"))
	}
	cmd := exec.Command(name, words[1:]...)
	cmd.Dir = ws.Dir
	cmd.Env = ws.Env(os.Environ())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out.String())
	}
}

func mustContain(t *testing.T, what, out, want string) {
	t.Helper()
	if !strings.Contains(out, want) {
		t.Fatalf("%s: output does not contain %q:\n%s", what, want, out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstrunWith runs the firstrun binary with env, as a script would, and fails the test unless
// it exits with want; it returns the combined output.
func firstrunWith(t *testing.T, firstrun string, env []string) func(want int, args ...string) string {
	return func(want int, args ...string) string {
		t.Helper()
		cmd := exec.Command(firstrun, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		got := 0
		if exit, ok := err.(*exec.ExitError); ok {
			got = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("firstrun %s: exit %d, want %d\n%s", strings.Join(args, " "), got, want, out)
		}
		return string(out)
	}
}
