package engine

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/firstrun/firstrun/lessons"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestRenderGolden renders the first page of every lesson, in every language, as plain mode
// does (notty, 80 columns, so the result does not depend on the terminal running the test),
// and compares it with testdata/golden. After a deliberate change: go test ./engine -update.
func TestRenderGolden(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRenderer("notty", 80)
	for _, lang := range Languages {
		a := &App{Course: c, T: NewMessages(lang)}
		for _, l := range c.Lessons {
			name := filepath.Join("testdata", "golden", l.Dir+"."+lang+".txt")
			got, err := r.Render(a.StepMarkdown(l, l.Steps[0]))
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("%v (run go test ./engine -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s: the rendered page changed; if that is intended, run go test ./engine -update\ngot:\n%s", name, got)
			}
		}
	}
}
