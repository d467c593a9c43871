package engine

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

func TestProgressRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	p := NewProgress()
	p.Lesson, p.Step = "hello", "warm"
	p.Done[Key("hello", "write")] = time.Unix(100, 0).UTC()
	p.SaveRun("cold", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: 6100})
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	q, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	if q.Lesson != "hello" || q.Step != "warm" || q.Runs["cold"].Millis != 6100 || q.Done["hello/write"].Unix() != 100 {
		t.Errorf("got %+v", q)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if n := e.Name(); n != "progress.json" && n != "progress.lock" {
			t.Errorf("temp file left behind: %s", n)
		}
	}
}

func TestProgressCorruptIsKept(t *testing.T) {
	for name, content := range map[string]string{
		"garbage":    "{not json",
		"new format": `{"format": 99}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "progress.json")
			os.WriteFile(path, []byte(content), 0o644)
			p, err := LoadProgress(path)
			if !errors.Is(err, ErrProgressReset) {
				t.Fatalf("got error %v, want ErrProgressReset", err)
			}
			if p == nil || p.Lesson != "" {
				t.Fatalf("want a fresh start, got %+v", p)
			}
			bak, err := os.ReadFile(path + ".bak")
			if err != nil || string(bak) != content {
				t.Errorf("the corrupt file was not kept as .bak: %q, %v", bak, err)
			}
		})
	}
}

func TestProgressMissingIsFresh(t *testing.T) {
	p, err := LoadProgress(filepath.Join(t.TempDir(), "none.json"))
	if err != nil || p == nil || len(p.Done) != 0 {
		t.Fatalf("got %+v, %v", p, err)
	}
}
