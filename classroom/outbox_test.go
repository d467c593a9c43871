package classroom

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
)

func testOutbox(t *testing.T) *Outbox {
	dir := t.TempDir()
	return &Outbox{Path: filepath.Join(dir, "class-outbox.jsonl"), Lock: filepath.Join(dir, "class.lock")}
}

func ev(kind, step string) engine.Event {
	return engine.Event{Kind: kind, Time: t0, Lesson: "hello", Step: step}
}

func seqs(envs []Envelope) string {
	var s []string
	for _, e := range envs {
		s = append(s, fmt.Sprintf("%d:%s", e.Seq, e.Event.Step))
	}
	return strings.Join(s, " ")
}

func pending(t *testing.T, o *Outbox, learner string) string {
	t.Helper()
	envs, err := o.Pending(learner)
	if err != nil {
		t.Fatal(err)
	}
	return seqs(envs)
}

func TestOutboxNumbersInOrderAcrossAcks(t *testing.T) {
	o := testOutbox(t)
	if err := o.Append("L1", ev(engine.EventStepStarted, "a"), ev(engine.EventStepPassed, "b")); err != nil {
		t.Fatal(err)
	}
	if err := o.Append("L1", ev(engine.EventHint, "c")); err != nil {
		t.Fatal(err)
	}
	if got, want := pending(t, o, "L1"), "1:a 2:b 3:c"; got != want {
		t.Fatalf("pending = %q, want %q", got, want)
	}
	if err := o.Ack("L1", 2); err != nil {
		t.Fatal(err)
	}
	if got, want := pending(t, o, "L1"), "3:c"; got != want {
		t.Fatalf("after ack 2: pending = %q, want %q", got, want)
	}
	// Everything acknowledged: the numbering goes on after the last acknowledged event, so the
	// server does not take the next event for a copy of an old one.
	if err := o.Ack("L1", 3); err != nil {
		t.Fatal(err)
	}
	if err := o.Append("L1", ev(engine.EventHint, "d")); err != nil {
		t.Fatal(err)
	}
	if got, want := pending(t, o, "L1"), "4:d"; got != want {
		t.Fatalf("after ack 3 and an append: pending = %q, want %q", got, want)
	}
	// An old acknowledgement changes nothing.
	if err := o.Ack("L1", 1); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, o, "L1"); got != "4:d" {
		t.Fatalf("after a stale ack: pending = %q", got)
	}
	// Another learner id (a class joined after this one) sees none of them.
	if got := pending(t, o, "L2"); got != "" {
		t.Fatalf("pending for another learner = %q, want none", got)
	}
}

func TestOutboxSkipsTornLastLine(t *testing.T) {
	o := testOutbox(t)
	if err := o.Append("L1", ev(engine.EventStepStarted, "a"), ev(engine.EventStepPassed, "b")); err != nil {
		t.Fatal(err)
	}
	// A crash in the middle of an append leaves half a line, with no newline.
	f, err := os.OpenFile(o.Path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":3,"event":{"kind":"hi`)
	f.Close()
	if got, want := pending(t, o, "L1"), "1:a 2:b"; got != want {
		t.Fatalf("pending with a torn line = %q, want %q", got, want)
	}
	// The next append cuts the torn line rather than glue its own line onto it.
	if err := o.Append("L1", ev(engine.EventHint, "c")); err != nil {
		t.Fatal(err)
	}
	if got, want := pending(t, o, "L1"), "1:a 2:b 3:c"; got != want {
		t.Fatalf("pending after appending past a torn line = %q, want %q", got, want)
	}
	data, _ := os.ReadFile(o.Path)
	if strings.Contains(string(data), `"hi{`) || strings.Count(string(data), "\n") != 4 {
		t.Fatalf("outbox after the torn line:\n%s", data)
	}
	// A line broken in the middle (an edit) is skipped too, never the lines after it.
	os.WriteFile(o.Path, []byte(strings.Replace(string(data), `{"seq":2`, `{"seq":2,,`, 1)), 0o644)
	if got, want := pending(t, o, "L1"), "1:a 3:c"; got != want {
		t.Fatalf("pending with a broken line = %q, want %q", got, want)
	}
}

func TestOutboxStartAndRemoveCountDropped(t *testing.T) {
	o := testOutbox(t)
	o.Append("L1", ev(engine.EventHint, "a"), ev(engine.EventHint, "b"))
	if n, err := o.Start("L1"); err != nil || n != 0 {
		t.Fatalf("Start for the same learner: dropped %d, %v; want 0 (kept)", n, err)
	}
	if got := pending(t, o, "L1"); got != "1:a 2:b" {
		t.Fatalf("Start for the same learner lost events: %q", got)
	}
	if n, err := o.Start("L2"); err != nil || n != 2 {
		t.Fatalf("Start for a new learner: dropped %d, %v; want 2", n, err)
	}
	o.Append("L2", ev(engine.EventHint, "c"))
	if got := pending(t, o, "L2"); got != "1:c" {
		t.Fatalf("a new learner's outbox = %q, want it numbered from 1", got)
	}
	if n, err := o.Remove(); err != nil || n != 1 {
		t.Fatalf("Remove: dropped %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(o.Path); !os.IsNotExist(err) {
		t.Fatalf("the outbox is still there after Remove: %v", err)
	}
}

// TestOutboxConcurrentAppenders: the workbook and the learner's shell append at once. Each
// appender has its own Outbox (its own lock handle), as two processes do; a second test runs
// real processes.
func TestOutboxConcurrentAppenders(t *testing.T) {
	o := testOutbox(t)
	const writers, each = 4, 25
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := &Outbox{Path: o.Path, Lock: o.Lock}
			for i := 0; i < each; i++ {
				if err := mine.Append("L1", ev(engine.EventHint, fmt.Sprintf("w%d-%d", w, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	checkAllAppended(t, o, writers, each)
}

func checkAllAppended(t *testing.T, o *Outbox, writers, each int) {
	t.Helper()
	envs, err := o.Pending("L1")
	if err != nil {
		t.Fatal(err)
	}
	if len(envs) != writers*each {
		t.Fatalf("%d events in the outbox, want %d", len(envs), writers*each)
	}
	next := map[string]int{}
	for i, e := range envs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d, want %d (numbers must be 1..n, once each)", i, e.Seq, i+1)
		}
		w, n, _ := strings.Cut(e.Event.Step, "-")
		if got, _ := strconv.Atoi(n); got != next[w] {
			t.Fatalf("writer %s's event %d came as its %dth: each writer's events must stay in order", w, got, next[w])
		}
		next[w]++
	}
}

func TestOutboxConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	o := testOutbox(t)
	const procs, each = 3, 20
	var cmds []*exec.Cmd
	for p := 0; p < procs; p++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOutboxAppendHelper$")
		cmd.Env = append(os.Environ(), "OUTBOX_HELPER="+o.Path, "OUTBOX_HELPER_LOCK="+o.Lock,
			fmt.Sprintf("OUTBOX_HELPER_ID=p%d", p), fmt.Sprintf("OUTBOX_HELPER_N=%d", each))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("appender process: %v", err)
		}
	}
	checkAllAppended(t, o, procs, each)
}

// TestOutboxAppendHelper is the appender process of TestOutboxConcurrentProcesses.
func TestOutboxAppendHelper(t *testing.T) {
	path := os.Getenv("OUTBOX_HELPER")
	if path == "" {
		t.Skip("run by TestOutboxConcurrentProcesses")
	}
	n, _ := strconv.Atoi(os.Getenv("OUTBOX_HELPER_N"))
	o := &Outbox{Path: path, Lock: os.Getenv("OUTBOX_HELPER_LOCK")}
	for i := 0; i < n; i++ {
		e := ev(engine.EventHint, fmt.Sprintf("%s-%d", os.Getenv("OUTBOX_HELPER_ID"), i))
		e.Time = time.Now()
		if err := o.Append("L1", e); err != nil {
			t.Fatal(err)
		}
	}
}
