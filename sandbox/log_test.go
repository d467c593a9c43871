package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
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
