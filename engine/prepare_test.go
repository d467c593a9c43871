package engine

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/firstrun/firstrun/lessons"
	"github.com/firstrun/firstrun/sandbox"
)

// The tool cache is warmed with what the course's programs import: its starters' .go files
// and the complete Go files on its pages (fragments are skipped).
func TestCourseImports(t *testing.T) {
	a := &App{
		Pack: fstest.MapFS{
			"01-x/_starter/main.go":   {Data: []byte("package main\n\nimport (\n\t\"os\"\n\tstr \"strings\"\n)\n")},
			"01-x/_starter/notes.txt": {Data: []byte("import \"net/http\"\n")},
		},
		Course: &Course{Lessons: []*Lesson{{
			Starter: "01-x/_starter",
			Pages: map[string]*Page{"en": {
				Intro: "A file:\n\n```go\npackage main\n\nimport \"time\"\n\nfunc main() {}\n```\n",
				Steps: map[string]*StepText{"s": {Body: "A fragment:\n\n```go\nfmt.Println(\"hi\")\n```\n\n```sh\nimport \"math\"\n```\n"}},
			}},
		}}},
	}
	got := sandbox.StdImports(a.courseImports())
	if want := []string{"os", "strings", "time"}; !slices.Equal(got, want) {
		t.Errorf("courseImports = %q, want %q", got, want)
	}
}

func TestEmbeddedCourseImports(t *testing.T) {
	c, err := LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	a := &App{Course: c, Pack: lessons.FS}
	if got := sandbox.StdImports(a.courseImports()); !slices.Contains(got, "fmt") {
		t.Errorf("the embedded course's imports are %q; want fmt (hello.go's) among them", got)
	}
}
