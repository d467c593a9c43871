package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// The workspace deleted while the workbook is open: checks, Ready (as "Run it for me" and the
// shell use it) and saves all say it is gone, with the fix, and nothing recreates the folder.
// Before, the check said "no go run recorded", Ready rebuilt everything, and a save quietly
// wrote nothing while Quit said progress was saved.
func TestWorkspaceDeletedWhileOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	ws, err := sandbox.Open(dir, "/no/such/go-but-not-needed")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Create(nil, "go1.26.0"); err != nil {
		t.Fatal(err)
	}
	out := &strings.Builder{}
	a := &App{WS: ws, T: NewMessages("en"), Out: out, UI: &Plain{Out: out}, Now: time.Now, interactive: true}
	if _, err := a.Progress(); err != nil {
		t.Fatal(err)
	}
	if err := a.save(); err != nil {
		t.Fatalf("saving in the workspace: %v", err)
	}
	if q := a.quitLabel(); q != "Quit (progress is saved)" {
		t.Errorf("Quit reads %q with the workspace there", q)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	l := &Lesson{ID: "one"}
	s := &Step{ID: "run", Checks: []Check{mustCheck(t, "{kind: ran, command: go run hello.go}")}}
	l.Steps = []*Step{s}
	for name, err := range map[string]error{
		"RunChecks": func() error { _, err := a.RunChecks(context.Background(), l, s, ""); return err }(),
		"Ready":     a.Ready(context.Background()),
		"save":      a.save(),
	} {
		if !errors.Is(err, ErrWorkspaceGone) || !strings.Contains(err.Error(), "Quit and start firstrun again") {
			t.Errorf("%s after the workspace was deleted: %v, want ErrWorkspaceGone with the fix", name, err)
		}
	}
	if q := a.quitLabel(); q != "Quit (nothing can be saved: the workspace is gone)" {
		t.Errorf("the menu's Quit still reads %q with the workspace gone", q)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the deleted workspace was recreated: %v", err)
	}
	if strings.Contains(out.String(), "recorded") {
		t.Errorf("a check ran on the missing workspace:\n%s", out)
	}
}
