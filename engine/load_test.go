package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/firstrun/firstrun/lessons"
)

// TestEmbeddedCourse loads every embedded lesson in every language: a broken lesson fails the
// build, as in the Go tour's content test.
func TestEmbeddedCourse(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Lessons) == 0 {
		t.Fatal("no lessons loaded")
	}
	for _, l := range c.Lessons {
		for _, lang := range Languages {
			p := l.Pages[lang]
			if p == nil {
				t.Errorf("%s: no %s page", l.Dir, lang)
				continue
			}
			for _, s := range l.Steps {
				st := p.Steps[s.ID]
				if st == nil || st.Title == "" || st.Body == "" {
					t.Errorf("%s/%s.md: step %s has no title or text", l.Dir, lang, s.ID)
					continue
				}
				if len(st.Hints) == 0 {
					t.Errorf("%s/%s.md: step %s has no hints", l.Dir, lang, s.ID)
				}
			}
		}
	}
}

// TestLanguagesAgree: the two languages must have the same steps, quiz sizes and answers.
// Answers are shared in lesson.yaml, so equal choice counts are what keeps them aligned.
func TestLanguagesAgree(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lessons {
		en := l.Pages["en"]
		for _, lang := range Languages[1:] {
			other := l.Pages[lang]
			for _, s := range l.Steps {
				a, b := en.Steps[s.ID], other.Steps[s.ID]
				if (a.Quiz == nil) != (b.Quiz == nil) {
					t.Errorf("%s step %s: quiz in one language only", l.ID, s.ID)
					continue
				}
				if a.Quiz != nil && len(a.Quiz.Choices) != len(b.Quiz.Choices) {
					t.Errorf("%s step %s: en has %d choices, %s has %d", l.ID, s.ID, len(a.Quiz.Choices), lang, len(b.Quiz.Choices))
				}
				if len(a.Hints) != len(b.Hints) {
					t.Errorf("%s step %s: en has %d hints, %s has %d", l.ID, s.ID, len(a.Hints), lang, len(b.Hints))
				}
			}
		}
	}
}

const goodYAML = `format: 1
id: demo
steps:
  - id: one
    checks:
      - kind: file_exists
        path: hello.go
  - id: two
    quiz:
      answer: b
`

const goodEN = `---
title: Demo
steps:
  one:
    hints: [look]
  two:
    quiz:
      question: Which?
      choices:
        - text: A
          why: no
        - text: B
          why: yes
---
Intro.

<!-- step: one -->
## One
Do it.

<!-- step: two -->
## Two
Answer.
`

func pack(overrides map[string]string) fstest.MapFS {
	files := map[string]string{
		"01-demo/lesson.yaml": goodYAML,
		"01-demo/en.md":       goodEN,
		"01-demo/ko.md":       goodEN,
	}
	for k, v := range overrides {
		files[k] = v
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		if v != "" {
			fsys[k] = &fstest.MapFile{Data: []byte(v)}
		}
	}
	return fsys
}

func TestLoadGoodPack(t *testing.T) {
	c, err := LoadCourse(pack(map[string]string{"01-demo/en.md": strings.Replace(goodEN, "title: Demo\n", "title: Demo\nsummary: Demo things.\n", 1)}), "p")
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lessons[0]
	if l.ID != "demo" || len(l.Steps) != 2 || l.Steps[1].Quiz.Answer != 1 {
		t.Fatalf("got %+v", l)
	}
	st := l.Pages["en"].Steps["one"]
	if st.Title != "One" || st.Body != "## One\nDo it." || st.Hints[0] != "look" {
		t.Errorf("step text: got %+v", st)
	}
	if got := l.Pages["en"].Summary; got != "Demo things." {
		t.Errorf("summary: got %q", got)
	}
	if got := l.Pages["en"].Intro; got != "Intro." {
		t.Errorf("intro: got %q", got)
	}
}

// TestLoadProblems: every malformed pack names the file and line and says what is wrong.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown kind", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "file_exists", "file_exist", 1)},
			`p/01-demo/lesson.yaml:6: step one: unknown check kind "file_exist"`},
		{"missing field", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "        path: hello.go\n", "", 1)},
			`p/01-demo/lesson.yaml:6: step one: check file_exists: missing field: path`},
		{"unknown field", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "path: hello.go", "path: hello.go\n        paht: x", 1)},
			`p/01-demo/lesson.yaml:6: step one: check file_exists: unknown field "paht"`},
		{"absolute path", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "path: hello.go", "path: /etc/passwd", 1)},
			`must be relative to the workspace`},
		{"climbs out", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "path: hello.go", "path: a/../../x", 1)},
			`may not climb out of the workspace`},
		{"starter climbs out", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "id: demo", "id: demo\nstarter: ../x", 1)},
			`p/01-demo/lesson.yaml:3: starter "../x": may not climb out`},
		{"steps differ", map[string]string{"01-demo/ko.md": strings.Replace(goodEN, "<!-- step: two -->", "<!-- step: three -->", 1)},
			`p/01-demo/ko.md:21: steps differ from lesson.yaml: this page has markers for [one, three], lesson.yaml has [one, two]`},
		{"quiz choices differ", map[string]string{"01-demo/ko.md": strings.Replace(goodEN, "        - text: B\n          why: yes\n", "        - text: B\n          why: yes\n        - text: C\n          why: maybe\n", 1)},
			`p/01-demo/ko.md:10: step two: quiz has 3 choices, p/01-demo/en.md:10 has 2`},
		{"answer out of range", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "answer: b", "answer: d", 1)},
			`p/01-demo/lesson.yaml:10: step two: answer d, but p/01-demo/en.md gives only 2 choices (a–b)`},
		{"placeholder names no saved run", map[string]string{"01-demo/en.md": strings.Replace(goodEN, "Do it.", "Do it in {{run.cold.time|seconds}}.", 1)},
			`p/01-demo/en.md:19: {{run.cold.time|seconds}}: no check saves a run "cold" (save_as)`},
		{"bad yaml", map[string]string{"01-demo/lesson.yaml": "format: 1\nid: demo\nsteps:\n  - id: [one\n"},
			`p/01-demo/lesson.yaml:3: not valid YAML: did not find expected`},
		{"bad front matter", map[string]string{"01-demo/en.md": strings.Replace(goodEN, "hints: [look]", "hints: look: here: `x`", 1)},
			`p/01-demo/en.md:5: front matter is not valid YAML`},
		{"missing language", map[string]string{"01-demo/ko.md": ""},
			`p/01-demo/ko.md: missing: every lesson needs a page in each language`},
		{"wrong format", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "format: 1", "format: 2", 1)},
			`p/01-demo/lesson.yaml:1: format 2 is not supported`},
		{"no checks", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "    checks:\n      - kind: file_exists\n        path: hello.go\n", "", 1)},
			`step one: needs checks or a quiz`},
		{"hint past the page's hints", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "path: hello.go", "path: hello.go\n        hint: 2", 1)},
			`p/01-demo/lesson.yaml:8: step one: a file_exists check points at hint 2, but p/01-demo/en.md gives the step 1 hint(s)`},
		{"negative hint", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "path: hello.go", "path: hello.go\n        hint: -1", 1)},
			`check file_exists: hint: -1 is not a hint number`},
		{"bad go condition", map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "path: hello.go", "path: hello.go\n        go: \"1.24\"", 1)},
			`go: "1.24": expected a comparison`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCourse(pack(tt.files), "p")
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a LoadError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestLoadRefusesLinkedStarterFolder: a starter folder that is itself a link would copy
// files from anywhere into the workspace; lint and every command refuse it, naming the line.
func TestLoadRefusesLinkedStarterFolder(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secrets")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "id_rsa"), []byte("key"), 0o600)
	for name, data := range pack(map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "id: demo", "id: demo\nstarter: _starter", 1)}) {
		os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(root, name), data.Data, 0o644)
	}
	if err := os.Symlink(outside, filepath.Join(root, "01-demo", "_starter")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, err := LoadCourse(os.DirFS(root), "p")
	want := `p/01-demo/lesson.yaml:3: starter "_starter": p/01-demo/_starter is a symbolic link; the starter folder may not be a symbolic link`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want a problem containing %q", err, want)
	}
}

const refsYAML = `format: 1
id: demo
steps:
  - id: one
    run: go run hello.go
    checks:
      - kind: ran
        command: go run hello.go
        which: first
        save_as: cold
  - id: two
    checks:
      - kind: ran
        command: go run hello.go
        save_as: warm
      - kind: faster
        run: warm
        than: cold
        times: 2
`

const refsPage = `---
title: Demo
runs:
  cold: "cold run"
  warm: "warm run"
steps:
  one:
    hints: [run it]
  two:
    hints: [again]
---
<!-- step: one -->
## One
Run it.

<!-- step: two -->
## Two
Again.
`

// TestLintReferences: lint catches every reference that leads nowhere, and every saved run an
// extra run could spoil, at the line that holds it.
func TestLintReferences(t *testing.T) {
	base := map[string]string{"01-demo/lesson.yaml": refsYAML, "01-demo/en.md": refsPage, "01-demo/ko.md": refsPage}
	if _, err := LoadCourse(pack(base), "p"); err != nil {
		t.Fatalf("the base pack must load: %v", err)
	}
	edit := func(file, old, new string) map[string]string {
		files := map[string]string{}
		for k, v := range base {
			files[k] = v
		}
		if !strings.Contains(files[file], old) {
			t.Fatalf("%s has no %q", file, old)
		}
		files[file] = strings.Replace(files[file], old, new, 1)
		return files
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"run name typo", edit("01-demo/lesson.yaml", "than: cold", "than: cold2"),
			`p/01-demo/lesson.yaml:18: step two: than: no check in the pack saves a run "cold2" (save_as), so this step could never pass; did you mean "cold"?`},
		{"run saved only later", edit("01-demo/lesson.yaml", "        which: first\n        save_as: cold\n", "        which: first\n        save_as: cold\n      - kind: faster\n        run: cold\n        than: warm\n        times: 2\n"),
			`p/01-demo/lesson.yaml:13: step one: than: run "warm" is saved only by a later step (demo.two), so this step could never pass`},
		{"measured run pinned", edit("01-demo/lesson.yaml", "        save_as: warm", "        which: first\n        save_as: warm"),
			`p/01-demo/lesson.yaml:18: step two: run "warm" is saved in this step with which: first, so running it again (as a slow result asks) could never change it`},
		{"compared run not pinned", edit("01-demo/lesson.yaml", "        which: first\n        save_as: cold", "        save_as: cold"),
			`p/01-demo/lesson.yaml:4: step one saves run "cold" with which: any, and step two compares with it (faster than:): one extra run in step one would replace it; give that check which: first`},
		{"show_runs typo", edit("01-demo/lesson.yaml", "      - kind: faster\n        run: warm\n        than: cold\n        times: 2\n", "      - kind: show_runs\n        runs: [cold, wram]\n"),
			`p/01-demo/lesson.yaml:17: step two: runs: no check in the pack saves a run "wram" (save_as), so this step could never pass; did you mean "warm"?`},
		{"run it for me does not pass", edit("01-demo/lesson.yaml", "run: go run hello.go", "run: go run main.go"),
			`p/01-demo/lesson.yaml:4: step one: run: "go run main.go" is not a command its ran check "go run hello.go" accepts (line 7), so Run it for me could never pass the step`},
		{"label for no run", edit("01-demo/ko.md", `  warm: "warm run"`, `  warm: "warm run"`+"\n  wram: \"웜 런\""),
			`p/01-demo/ko.md:6: runs: "wram" labels a run no check saves (save_as); did you mean "warm"?`},
		{"label in one language only", edit("01-demo/ko.md", "  warm: \"warm run\"\n", ""),
			`p/01-demo/en.md:5: runs: run "warm" has a label here but none in any ko.md: give every language a label`},
		{"solution in one language only", edit("01-demo/en.md", "    hints: [again]", "    hints: [again]\n    solution: Run `go run hello.go` again."),
			`p/01-demo/ko.md:10: step two: has a solution in en.md but none here: give every language the solution`},
		{"misspelt front matter field", edit("01-demo/en.md", "    hints: [again]", "    hint: [again]"),
			`p/01-demo/en.md:10: unknown field "hint" (expected one of: hints, quiz, solution)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCourse(pack(tt.files), "p")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestLintStarterCase: a name that differs from a starter file in capitals only works on
// macOS and Windows and fails on Linux; lint says so at its line.
func TestLintStarterCase(t *testing.T) {
	fsys := pack(map[string]string{"01-demo/lesson.yaml": strings.Replace(goodYAML, "id: demo", "id: demo\nstarter: _starter", 1)})
	fsys["01-demo/lesson.yaml"].Data = []byte(strings.Replace(string(fsys["01-demo/lesson.yaml"].Data), "path: hello.go", "path: Sum/sum.go", 1))
	fsys["01-demo/_starter/sum/sum.go"] = &fstest.MapFile{Data: []byte("package sum\n")}
	_, err := LoadCourse(fsys, "p")
	want := `p/01-demo/lesson.yaml:8: step one: "Sum/sum.go": the starter has "sum/sum.go"; names differ in capitals only`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want a problem containing %q", err, want)
	}
}

// A check that does not load is reported once, not again at every reference to the run it
// saves.
func TestLintNoCascade(t *testing.T) {
	files := map[string]string{"01-demo/lesson.yaml": strings.Replace(refsYAML, "        save_as: warm", "        save_as: warm\n        stdout: {contians: ok}", 1),
		"01-demo/en.md": refsPage, "01-demo/ko.md": refsPage}
	_, err := LoadCourse(pack(files), "p")
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.Contains(le.Problems[0].String(), `unknown field "contians"`) {
		t.Errorf("got %v, want only the unknown field reported", err)
	}
}
