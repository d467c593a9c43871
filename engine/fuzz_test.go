package engine

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
)

// FuzzLoadCourse feeds generated lesson packs to the loader: whatever an author writes, it
// either loads a course whose every step has its page in every language, or reports
// problems as file:line: message. It never panics.
func FuzzLoadCourse(f *testing.F) {
	f.Add(goodYAML, goodEN, goodEN)
	f.Add("format: 1\nid: x\nstarter: _starter\nsteps:\n  - id: a\n    checks:\n      - {kind: program_output, path: hello.go, want: hi, timeout: 2s}\n",
		"---\ntitle: X\n---\n<!-- step: a -->\n## A\n", "---\ntitle: X\n---\n<!-- step: a -->\n## 가\n")
	f.Add("format: 1\nid: x\nsteps: [{id: a, quiz: {answer: c}}]\n", "---\ntitle: T\nsteps: {a: {quiz: {question: Q, choices: [{text: A}]}}}\n---\n<!-- step: a -->\n", "")
	f.Fuzz(func(t *testing.T, lessonYAML, en, ko string) {
		pack := fstest.MapFS{
			"01-x/lesson.yaml":          {Data: []byte(lessonYAML)},
			"01-x/en.md":                {Data: []byte(en)},
			"01-x/ko.md":                {Data: []byte(ko)},
			"01-x/_starter/hello.go":    {Data: []byte("package main\n")},
			"01-x/_starter/go.mod.tmpl": {Data: []byte("module hello\n")},
		}
		c, err := LoadCourse(pack, "p")
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error %v is not a LoadError with problems", err)
			}
			for _, p := range le.Problems {
				if p.File == "" || p.Msg == "" {
					t.Errorf("problem without a file or message: %+v", p)
				}
			}
			return
		}
		for _, l := range c.Lessons {
			if len(l.Steps) == 0 {
				t.Fatalf("lesson %s loaded without steps", l.ID)
			}
			for _, lang := range Languages {
				page := l.Text(lang)
				if page == nil {
					t.Fatalf("lesson %s: no %s page", l.ID, lang)
				}
				for _, s := range l.Steps {
					if page.Steps[s.ID] == nil {
						t.Fatalf("lesson %s step %s: no %s text", l.ID, s.ID, lang)
					}
					if s.Quiz != nil {
						q := page.Steps[s.ID].Quiz
						if q == nil || s.Quiz.Answer < 0 || s.Quiz.Answer >= len(q.Choices) {
							t.Fatalf("lesson %s step %s: quiz answer %d outside its %s choices", l.ID, s.ID, s.Quiz.Answer, lang)
						}
					}
				}
			}
		}
	})
}

// FuzzLoadProgress: any bytes in progress.json either load (and then save, merge with another
// process's save and load again without losing a passed step) or are kept whole as a backup
// with a fresh start. Nothing is ever lost or panics.
func FuzzLoadProgress(f *testing.F) {
	f.Add([]byte(`{"format": 1, "lesson": "hello", "step": "warm", "done": {"hello/write": "2026-01-01T00:00:00Z"}}`))
	f.Add([]byte(`{"format": 1, "hints": {"a/b": 2}, "runs": {"cold": {"args": ["run"], "ms": 6100, "start": "2026-01-01T00:00:00Z"}}}`))
	f.Add([]byte(`{"format": 2}`))
	f.Add([]byte(`{"format": 1, "lesson": "hello", "step":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "progress.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := LoadProgress(path)
		if errors.Is(err, ErrProgressReset) {
			if kept, rerr := os.ReadFile(path + ".bak"); rerr != nil || !bytes.Equal(kept, data) {
				t.Fatalf("unreadable progress not kept whole: %v", rerr)
			}
			if p == nil || p.Lesson != "" || len(p.Done) != 0 {
				t.Fatalf("not a fresh start: %+v", p)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		before := map[string]bool{}
		for k, v := range p.Done {
			before[k] = !v.IsZero()
		}
		other, err := LoadProgress(path)
		if err != nil {
			t.Fatal(err)
		}
		t1, t2 := time.Unix(1_800_000_000, 0).UTC(), time.Unix(1_800_000_100, 0).UTC()
		other.Done["fuzz/theirs"] = t1
		if err := other.Save(path); err != nil {
			t.Fatal(err)
		}
		p.Done["fuzz/ours"] = t2
		if err := p.Save(path); err != nil {
			t.Fatal(err)
		}
		q, err := LoadProgress(path)
		if err != nil {
			t.Fatalf("reloading what Save wrote: %v", err)
		}
		for _, k := range []string{"fuzz/theirs", "fuzz/ours"} {
			if q.Done[k].IsZero() {
				t.Errorf("step %s lost in the merge", k)
			}
		}
		for k, passed := range before {
			if passed && q.Done[k].IsZero() {
				t.Errorf("step %s was passed before and is not now", k)
			}
		}
	})
}
