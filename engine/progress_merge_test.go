package engine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// sixSteps is a one-lesson course with steps s1…s6, enough to pass several from "another
// process" while the first still sits at s1.
func sixSteps(t *testing.T) *Course {
	t.Helper()
	var yaml, md strings.Builder
	yaml.WriteString("format: 1\nid: six\nsteps:\n")
	md.WriteString("---\ntitle: Six\nsteps:\n")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&md, "  s%d:\n    hints: [look]\n", i)
	}
	md.WriteString("---\n")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&yaml, "  - id: s%d\n    checks:\n      - kind: file_exists\n        path: f%d\n", i, i)
		fmt.Fprintf(&md, "\n<!-- step: s%d -->\n## Step %d\nDo %d.\n", i, i, i)
	}
	pack := fstest.MapFS{
		"06-six/lesson.yaml": {Data: []byte(yaml.String())},
		"06-six/en.md":       {Data: []byte(md.String())},
		"06-six/ko.md":       {Data: []byte(md.String())},
	}
	c, err := LoadCourse(pack, "p")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// appOn opens an App on the workspace at dir, as a separate firstrun process would.
func appOn(t *testing.T, c *Course, dir string, now time.Time) *App {
	t.Helper()
	ws, err := sandbox.Open(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return &App{Course: c, WS: ws, T: NewMessages("en"), Out: &strings.Builder{}, UI: &Plain{Out: &strings.Builder{}},
		Now: func() time.Time { return now }}
}

// TestStaleWorkbookNeverRollsBack is issue 7's scenario: the workbook is open at step 1,
// `firstrun answer` in the shell passes steps 1 to 3, then the workbook passes step 1 with
// its old copy. Progress must keep all three and stay at step 4.
func TestStaleWorkbookNeverRollsBack(t *testing.T) {
	c := sixSteps(t)
	ws, _ := sandbox.Open(filepath.Join(t.TempDir(), "ws"), "")
	if err := ws.Create(nil, "go1.26.8"); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)
	book := appOn(t, c, ws.Dir, t0)
	p, err := book.Progress()
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lessons[0]
	if err := book.startStep(p, l.ID, "s1"); err != nil {
		t.Fatal(err)
	}

	shell := appOn(t, c, ws.Dir, t0.Add(time.Minute))
	for _, s := range l.Steps[:3] {
		if err := shell.advance(l, s); err != nil {
			t.Fatal(err)
		}
	}
	shell.Hint() // the shell also revealed a hint of step 4

	if err := book.advance(l, l.Steps[0]); err != nil {
		t.Fatal(err)
	}
	for _, a := range []*App{book, appOn(t, c, ws.Dir, t0)} {
		q, err := a.Progress()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"s1", "s2", "s3"} {
			if q.Done[Key("six", s)].IsZero() {
				t.Errorf("step %s is no longer done: %v", s, q.Done)
			}
		}
		if cl, cs := a.current(); cl != l || cs.ID != "s4" {
			t.Errorf("position %s/%s, want six/s4 (where the shell left it)", q.Lesson, q.Step)
		}
		if q.Hints[Key("six", "s4")] != 1 {
			t.Errorf("hints %v: the shell's hint was lost", q.Hints)
		}
	}
}

// TestProgressMerge covers the merge rules on their own.
func TestProgressMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	base := NewProgress()
	base.Lesson, base.Step = "l", "a"
	base.Hints = map[string]int{"l/a": 1}
	if err := base.Save(path); err != nil {
		t.Fatal(err)
	}
	ours, _ := LoadProgress(path)
	theirs, _ := LoadProgress(path)
	t1, t2 := time.Unix(100, 0).UTC(), time.Unix(200, 0).UTC()
	theirs.Done["l/a"] = t1
	theirs.Hints["l/a"] = 3
	theirs.SaveRun("cold", sandbox.Command{Args: []string{"run", "hello.go"}, Start: t1, Millis: 5000})
	theirs.SaveRun("warm", sandbox.Command{Args: []string{"run", "hello.go"}, Start: t2, Millis: 100})
	if err := theirs.Save(path); err != nil {
		t.Fatal(err)
	}
	ours.Done["l/a"] = t2 // passed again later: the first pass stays
	ours.Done["l/b"] = t2
	ours.Hints["l/a"] = 2
	ours.SaveRun("cold", sandbox.Command{Args: []string{"run", "-x", "hello.go"}, Start: t2, Millis: 6000})
	if err := ours.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Done["l/a"].Equal(t1) || !got.Done["l/b"].Equal(t2) {
		t.Errorf("done = %v, want l/a at %v and l/b at %v", got.Done, t1, t2)
	}
	if got.Hints["l/a"] != 3 {
		t.Errorf("hints = %v, want the higher count 3", got.Hints)
	}
	if got.Runs["cold"].Millis != 6000 || got.Runs["warm"].Millis != 100 {
		t.Errorf("runs = %v, want the later cold run and theirs warm run", got.Runs)
	}
	if ours.Runs["warm"].Millis != 100 {
		t.Error("after Save the in-memory progress does not hold the merged runs")
	}

	// A fresh start (a reset) replaces the file rather than merging into it.
	fresh := NewProgress()
	if err := fresh.Save(path); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadProgress(path); len(got.Done) != 0 || len(got.Runs) != 0 {
		t.Errorf("after a reset's save: %+v, want nothing done", got)
	}
}

// TestProgressBackupsNeverOverwritten: each unreadable progress file is kept.
func TestProgressBackupsNeverOverwritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	var kept []string
	for i := 0; i < 3; i++ {
		content := fmt.Sprintf("{broken %d", i)
		os.WriteFile(path, []byte(content), 0o644)
		_, err := LoadProgress(path)
		if err == nil {
			t.Fatalf("load %d: no error for a corrupt file", i)
		}
		kept = append(kept, content)
	}
	baks, _ := filepath.Glob(filepath.Join(dir, "progress.json*.bak"))
	var got []string
	for _, b := range baks {
		data, _ := os.ReadFile(b)
		got = append(got, string(data))
	}
	if len(got) != 3 {
		t.Fatalf("kept %d backups %v, want 3", len(got), baks)
	}
	if data, _ := os.ReadFile(path + ".bak"); string(data) != kept[0] {
		t.Errorf("progress.json.bak = %q, want the first broken file %q", data, kept[0])
	}
	for _, b := range baks[:len(baks)-1] {
		if !strings.HasPrefix(filepath.Base(b), "progress.json.20") {
			t.Errorf("backup %s: want progress.json.<UTC time>.bak", filepath.Base(b))
		}
	}
}

// TestProgressConcurrentProcesses: six processes save progress at once, each from its own
// copy, as the workbook and the learner's shell do; no passed step or run may be lost.
func TestProgressConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "progress.json")
	const workers, saves = 6, 15
	var cmds []*exec.Cmd
	for w := 0; w < workers; w++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProgressWorker$")
		cmd.Env = append(os.Environ(), "FIRSTRUN_PROGRESS_WORKER="+path, "FIRSTRUN_WORKER_ID="+strconv.Itoa(w))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker: %v", err)
		}
	}
	p, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	for w := 0; w < workers; w++ {
		for i := 0; i < saves; i++ {
			if p.Done[fmt.Sprintf("w%d/s%d", w, i)].IsZero() {
				t.Errorf("worker %d's step %d was lost", w, i)
			}
		}
		if _, ok := p.Runs[fmt.Sprintf("w%d", w)]; !ok {
			t.Errorf("worker %d's run was lost", w)
		}
	}
	if p.Hints["shared"] != saves {
		t.Errorf("shared hint count %d, want %d", p.Hints["shared"], saves)
	}
}

// TestProgressWorker is one process of TestProgressConcurrentProcesses.
func TestProgressWorker(t *testing.T) {
	path := os.Getenv("FIRSTRUN_PROGRESS_WORKER")
	if path == "" {
		t.Skip("run by TestProgressConcurrentProcesses")
	}
	id := os.Getenv("FIRSTRUN_WORKER_ID")
	p, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 15; i++ {
		p.Done["w"+id+"/s"+strconv.Itoa(i)] = time.Now()
		if p.Hints == nil {
			p.Hints = map[string]int{}
		}
		p.Hints["shared"] = max(p.Hints["shared"], i+1)
		p.SaveRun("w"+id, sandbox.Command{Args: []string{"version"}, Start: time.Now()})
		if err := p.Save(path); err != nil {
			t.Fatal(err)
		}
	}
}
