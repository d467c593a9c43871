package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestReadLogMissing(t *testing.T) {
	cmds, err := ReadLog(filepath.Join(t.TempDir(), "none.jsonl"))
	if cmds != nil || err != nil {
		t.Errorf("ReadLog(missing) = %v, %v; want nil, nil", cmds, err)
	}
}

func TestLogRoundTripAndDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commands.jsonl")
	two := 2
	first := Command{Args: []string{"run", "-x", "hello.go"}, Dir: "/w", Start: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), Millis: 6100.5, Compiles: &two, Links: &two}
	last := Command{Args: []string{"clean", "-cache"}, Exit: 0, By: "firstrun"}
	if err := AppendLog(path, first); err != nil {
		t.Fatal(err)
	}
	// A garbage line in the middle, then a good one, then a line torn by a crash.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{not json\n\n")
	f.Close()
	if err := AppendLog(path, last); err != nil {
		t.Fatal(err)
	}
	f, _ = os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"args":["version"],"ex`)
	f.Close()

	got, err := ReadLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Command{first, last}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReadLog = %+v\nwant %+v", got, want)
	}
}

// TestLogAfterTornLine: a line torn by a crash costs only itself. The next entry starts on
// a fresh line, and an entry an older writer glued to a fragment is still read.
func TestLogAfterTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commands.jsonl")
	torn := `{"args":["version"],"ex`
	os.WriteFile(path, []byte(torn), 0o644)
	next := Command{Args: []string{"run", "hello.go"}, Dir: "/w", Millis: 12}
	if err := AppendLog(path, next); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), torn+"\n{") {
		t.Errorf("log = %q, want the fragment, a newline, then the entry", data)
	}
	if got, _ := ReadLog(path); !reflect.DeepEqual(got, []Command{next}) {
		t.Errorf("ReadLog = %+v, want only %+v", got, next)
	}

	glued := `{"args":["run","hel` + `{"args":["build"],"dir":"/w","start":"0001-01-01T00:00:00Z","ms":3,"exit":0}` + "\n" +
		`{"args":["vet"],"dir":"/w","start":"0001-01-01T00:00:00Z","ms":1,"exit":0}` + "\n"
	os.WriteFile(path, []byte(glued), 0o644)
	got, _ := ReadLog(path)
	if len(got) != 2 || got[0].Args[0] != "build" || got[1].Args[0] != "vet" {
		t.Errorf("ReadLog of a glued line = %+v, want build then vet", got)
	}
}

func TestRanIn(t *testing.T) {
	ws := t.TempDir()
	other := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	linked := os.Symlink(ws, link) == nil
	for _, tt := range []struct {
		name, dir string
		want      bool
	}{
		{"the workspace", ws, true},
		{"with a trailing slash", ws + string(filepath.Separator), true},
		{"unknown folder", "", true},
		{"another folder", other, false},
		{"a subfolder", filepath.Join(ws, "sub"), false},
		{"a folder gone since", filepath.Join(other, "gone"), false},
	} {
		if got := RanIn(Command{Dir: tt.dir}, ws); got != tt.want {
			t.Errorf("%s: RanIn(dir %q, %q) = %v, want %v", tt.name, tt.dir, ws, got, tt.want)
		}
	}
	if linked && !RanIn(Command{Dir: link}, ws) {
		t.Errorf("RanIn(dir %q, %q) = false; want true: the link names the workspace", link, ws)
	}
}
