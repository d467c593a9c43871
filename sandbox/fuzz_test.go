package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// FuzzReadLog: whatever the command log holds (torn lines, garbage, glued entries), reading
// it never fails or panics, and an entry appended after it is read back whole and last, with
// every entry read before still there.
func FuzzReadLog(f *testing.F) {
	f.Add([]byte(`{"args":["run","hello.go"],"dir":"/w","start":"2026-01-01T00:00:00Z","ms":6100,"exit":0}` + "\n"))
	f.Add([]byte(`{"args":["run","hel`))
	f.Add([]byte(`{"args":["ve{"args":["build"],"ms":3}` + "\n\n{not json\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "commands.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		before, err := ReadLog(path)
		if err != nil {
			t.Fatal(err)
		}
		two := 2
		c := Command{Args: []string{"run", "-x", "hello.go"}, Dir: "/w", Start: time.Unix(1_800_000_000, 5).UTC(), Millis: 12.5, Compiles: &two}
		if err := AppendLog(path, c); err != nil {
			t.Fatal(err)
		}
		after, err := ReadLog(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) < len(before)+1 || !reflect.DeepEqual(after[len(after)-1], c) {
			t.Fatalf("the appended entry is not read back last: %+v", after)
		}
		if !reflect.DeepEqual(after[:len(before)], before) && len(before) > 0 {
			t.Fatalf("appending changed earlier entries:\nbefore %+v\nafter  %+v", before, after)
		}
	})
}
