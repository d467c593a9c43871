package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
)

// fakeClass is a class server that speaks the protocol as `firstrun class serve` does:
// Bearer CODE or 401, a size limit or 413, each Seq kept once per learner, Through the highest
// Seq held.
type fakeClass struct {
	code string
	// maxEvents, when set, answers 413 to a larger batch (a server with a smaller limit).
	maxEvents int
	// loseReply drops the connection after taking a batch, as a reply lost on the network.
	loseReply bool

	mu      sync.Mutex
	held    map[string]map[int64]bool
	got     map[string][]Envelope // events in the order taken, once each
	reports map[string]*Report
	batches int
	refused int
	sent    time.Time // the last batch's Sent
}

func newFakeClass(code string) *fakeClass {
	return &fakeClass{code: code, held: map[string]map[int64]bool{}, got: map[string][]Envelope{}, reports: map[string]*Report{}}
}

func (f *fakeClass) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != EventsPath {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+f.code {
		f.refused++
		http.Error(w, "wrong class code", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBatchBytes))
	if err != nil {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	var b Batch
	if err := json.Unmarshal(body, &b); err != nil || b.Format != ProtocolFormat || b.Learner == "" {
		http.Error(w, "bad batch", http.StatusBadRequest)
		return
	}
	if f.maxEvents > 0 && len(b.Events) > f.maxEvents {
		http.Error(w, "too many events", http.StatusRequestEntityTooLarge)
		return
	}
	f.batches++
	if f.held[b.Learner] == nil {
		f.held[b.Learner] = map[int64]bool{}
	}
	for _, e := range b.Events {
		if !f.held[b.Learner][e.Seq] {
			f.held[b.Learner][e.Seq] = true
			f.got[b.Learner] = append(f.got[b.Learner], e)
		}
	}
	if b.Report != nil {
		f.reports[b.Learner] = b.Report
	}
	f.sent = b.Sent
	if f.loseReply {
		panic(http.ErrAbortHandler) // the connection closes with no reply
	}
	var through int64
	for s := range f.held[b.Learner] {
		through = max(through, s)
	}
	json.NewEncoder(w).Encode(BatchReply{Format: ProtocolFormat, Through: through})
}

func (f *fakeClass) received(learner string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return seqs(f.got[learner])
}

// serveAt runs h on addr (a fixed address, so a server can go down and come back there);
// the returned function stops it.
func serveAt(t *testing.T, addr string, h http.Handler) func() {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port of a server just stopped may take a moment to free
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			srv.CloseClientConnections()
			srv.Close()
		}
	}
	t.Cleanup(stop)
	return stop
}

// freeAddr is a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// testApp is an App on a fresh workspace folder with the small test course.
func testApp(t *testing.T) *engine.App {
	ws, err := sandbox.Open(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(ws.StateDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	// A clock that moves a second a call; the sender's goroutine reads it too.
	var mu sync.Mutex
	now := t0
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	return &engine.App{Course: testCourse(), WS: ws, T: engine.NewMessages("en"), Out: io.Discard,
		UI: &engine.Plain{Out: io.Discard, Renderer: engine.NewRenderer("notty", 80)}, Now: clock}
}

func testFiles(a *engine.App) *classFiles {
	return newClassFiles(a.WS.ClassPath(), a.WS.OutboxPath(), a.WS.ClassLockPath())
}

// joined records a class at url for a (as Join does, without its first delivery).
func joined(t *testing.T, a *engine.App, url, code string) *Membership {
	t.Helper()
	f := testFiles(a)
	m := &Membership{URL: url, Code: code, Learner: newLearnerID(), Name: "ana", Joined: t0}
	if err := f.save(m); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Outbox.Start(m.Learner); err != nil {
		t.Fatal(err)
	}
	return m
}

func testLink(a *engine.App) *Link {
	return &Link{files: testFiles(a), now: a.Now, t: a.T, stderr: io.Discard, snap: reportFunc(a, Learner{}, "ana")}
}

func deliverNow(t *testing.T, l *Link) delivery {
	t.Helper()
	m, err := l.files.load()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return l.deliver(ctx, m, l.snap(), false)
}

func appendSteps(t *testing.T, a *engine.App, m *Membership, steps ...string) {
	t.Helper()
	for _, s := range steps {
		if err := testFiles(a).Outbox.Append(m.Learner, ev(engine.EventStepPassed, s)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeliverServerDownThenUp(t *testing.T) {
	a := testApp(t)
	addr := freeAddr(t)
	m := joined(t, a, "http://"+addr, "CODE")
	appendSteps(t, a, m, "a", "b")
	l := testLink(a)
	d := deliverNow(t, l)
	if d.err == nil || d.answered || d.pending != 2 {
		t.Fatalf("delivery to a server that is down: %+v, want an error and 2 pending", d)
	}
	appendSteps(t, a, m, "c")
	srv := newFakeClass("CODE")
	serveAt(t, addr, srv)
	d = deliverNow(t, l)
	if d.err != nil || d.sent != 3 || d.pending != 0 {
		t.Fatalf("delivery once the server is up: %+v, want 3 sent", d)
	}
	if got, want := srv.received(m.Learner), "1:a 2:b 3:c"; got != want {
		t.Fatalf("server got %q, want %q (in order)", got, want)
	}
	if r := srv.reports[m.Learner]; r == nil || r.Name != "ana" || r.Kind != ReportKind {
		t.Fatalf("the batch's report = %+v, want ana's progress report", r)
	}
	if srv.sent.IsZero() || srv.sent.Before(srv.reports[m.Learner].Written) {
		t.Fatalf("the batch was sent at %v, want its sending time (not before its report, %v)", srv.sent, srv.reports[m.Learner].Written)
	}
	if got := pending(t, l.files.Outbox, m.Learner); got != "" {
		t.Fatalf("outbox after delivery = %q, want empty", got)
	}
}

func TestDeliverResendsAfterLostReplyWithoutDuplicates(t *testing.T) {
	a := testApp(t)
	addr := freeAddr(t)
	m := joined(t, a, "http://"+addr, "CODE")
	srv := newFakeClass("CODE")
	srv.loseReply = true
	serveAt(t, addr, srv)
	appendSteps(t, a, m, "a", "b")
	l := testLink(a)
	if d := deliverNow(t, l); d.err == nil || d.pending != 2 {
		t.Fatalf("a lost reply: %+v, want an error and the 2 events kept", d)
	}
	srv.mu.Lock()
	srv.loseReply = false
	srv.mu.Unlock()
	appendSteps(t, a, m, "c")
	if d := deliverNow(t, l); d.err != nil || d.sent != 3 {
		t.Fatalf("the resend: %+v, want 3 acknowledged", d)
	}
	if got, want := srv.received(m.Learner), "1:a 2:b 3:c"; got != want {
		t.Fatalf("server holds %q, want %q: each event once", got, want)
	}
	if srv.batches != 2 {
		t.Fatalf("%d batches, want 2 (the lost one and the resend)", srv.batches)
	}
}

func TestDeliverToRestartedServerSendsTheRest(t *testing.T) {
	a := testApp(t)
	addr := freeAddr(t)
	m := joined(t, a, "http://"+addr, "CODE")
	first := newFakeClass("CODE")
	stop := serveAt(t, addr, first)
	appendSteps(t, a, m, "a", "b", "c")
	l := testLink(a)
	if d := deliverNow(t, l); d.sent != 3 {
		t.Fatalf("first server: %+v", d)
	}
	stop()
	// The server comes back with nothing of this learner (through 0): it gets the events
	// after the ones the first server acknowledged, numbered on, and nothing twice.
	appendSteps(t, a, m, "d", "e")
	second := newFakeClass("CODE")
	serveAt(t, addr, second)
	if d := deliverNow(t, l); d.sent != 2 || d.pending != 0 {
		t.Fatalf("restarted server: %+v, want 2 sent", d)
	}
	if got, want := second.received(m.Learner), "4:d 5:e"; got != want {
		t.Fatalf("restarted server got %q, want %q", got, want)
	}
	if got := first.received(m.Learner); got != "1:a 2:b 3:c" {
		t.Fatalf("first server got %q", got)
	}
}

func TestDeliverCodeRefusedIsToldOnce(t *testing.T) {
	a := testApp(t)
	addr := freeAddr(t)
	m := joined(t, a, "http://"+addr, "OLD")
	srv := newFakeClass("NEW")
	serveAt(t, addr, srv)
	appendSteps(t, a, m, "a")
	for i := 0; i < 3; i++ { // three commands in a row
		var out bytes.Buffer
		l := testLink(a)
		l.stderr = &out
		d := deliverNow(t, l)
		if d.refusal == nil || !d.refusal.CodeRefused() || d.pending != 1 {
			t.Fatalf("command %d: %+v, want the code refused and the event kept", i+1, d)
		}
		l.Close(context.Background())
		said := out.String()
		if i == 0 && !strings.Contains(said, "no longer takes your class code") {
			t.Fatalf("first command said %q, want the code refused", said)
		}
		if i > 0 && said != "" {
			t.Fatalf("command %d said %q again, want nothing", i+1, said)
		}
	}
	if rec, _ := testFiles(a).load(); rec.Refused != "401" {
		t.Fatalf("class record Refused = %q, want 401", rec.Refused)
	}
	// The learner joins again with the new code: everything goes, and the refusal is cleared.
	testFiles(a).update(func(rec *Membership) bool { rec.Code = "NEW"; return true })
	l := testLink(a)
	if d := deliverNow(t, l); d.sent != 1 {
		t.Fatalf("with the new code: %+v, want 1 sent", d)
	}
	if rec, _ := testFiles(a).load(); rec.Refused != "" {
		t.Fatalf("class record Refused = %q after a delivery, want it cleared", rec.Refused)
	}
}

func TestDeliverSplitsForASmallerServerLimit(t *testing.T) {
	a := testApp(t)
	addr := freeAddr(t)
	m := joined(t, a, "http://"+addr, "CODE")
	srv := newFakeClass("CODE")
	srv.maxEvents = 3
	serveAt(t, addr, srv)
	var steps []string
	for i := 0; i < 10; i++ {
		steps = append(steps, fmt.Sprint("s", i))
	}
	appendSteps(t, a, m, steps...)
	if d := deliverNow(t, testLink(a)); d.sent != 10 || d.pending != 0 {
		t.Fatalf("%+v, want all 10 sent in smaller batches", d)
	}
	if got := srv.received(m.Learner); !strings.HasPrefix(got, "1:s0 2:s1 3:s2 4:s3") || !strings.HasSuffix(got, "10:s9") {
		t.Fatalf("server got %q", got)
	}
}

// TestAttachSendsInTheBackground: the events an App emits reach the server with no command
// waiting for them, and Close flushes what is left.
func TestAttachSendsInTheBackground(t *testing.T) {
	a := testApp(t)
	addr := freeAddr(t)
	m := joined(t, a, "http://"+addr, "CODE")
	srv := newFakeClass("CODE")
	serveAt(t, addr, srv)
	l := Attach(a, Learner{OS: "linux", Arch: "amd64", Pack: "embedded"}, io.Discard)
	if l == nil || a.OnEvent == nil {
		t.Fatal("Attach to a joined workspace set no listener")
	}
	a.OnEvent(ev(engine.EventStepPassed, "write"))
	a.OnEvent(ev(engine.EventStepStarted, "cold"))
	deadline := time.Now().Add(10 * time.Second)
	for srv.received(m.Learner) != "1:write 2:cold" {
		if time.Now().After(deadline) {
			t.Fatalf("the server got %q, want both events from the background", srv.received(m.Learner))
		}
		time.Sleep(10 * time.Millisecond)
	}
	a.OnEvent(ev(engine.EventHint, "cold"))
	l.Close(context.Background())
	if got := srv.received(m.Learner); got != "1:write 2:cold 3:cold" {
		t.Fatalf("after Close the server has %q, want all 3 events", got)
	}
	if got := pending(t, l.files.Outbox, m.Learner); got != "" {
		t.Fatalf("outbox after Close = %q", got)
	}
	if r := srv.reports[m.Learner]; r == nil || r.OS != "linux" || r.Name != "ana" {
		t.Fatalf("report = %+v", r)
	}
}

func TestAttachWithoutClassDoesNothing(t *testing.T) {
	a := testApp(t)
	if l := Attach(a, Learner{}, io.Discard); l != nil || a.OnEvent != nil {
		t.Fatalf("Attach outside a class = %v", l)
	}
	var l *Link
	l.Close(context.Background()) // a nil Link's Close is a no-op
	if _, err := os.Stat(a.WS.OutboxPath()); !os.IsNotExist(err) {
		t.Fatalf("Attach outside a class made an outbox: %v", err)
	}
}

// TestCloseDoesNotWaitForADeadServer: a command's last flush is bounded, and a server that
// timed out lately is not waited for again.
func TestCloseDoesNotWaitForADeadServer(t *testing.T) {
	a := testApp(t)
	// A server that accepts the connection and never answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hang := make(chan struct{})
	defer close(hang)
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	m := joined(t, a, "http://"+ln.Addr().String(), "CODE")
	appendSteps(t, a, m, "a")
	l := Attach(a, Learner{}, io.Discard)
	start := time.Now()
	l.Close(context.Background())
	if took := time.Since(start); took > FlushWait+time.Second {
		t.Fatalf("Close took %v with a server that never answers, want at most about %v", took, FlushWait)
	}
	if rec, _ := testFiles(a).load(); rec.TimedOut.IsZero() {
		t.Fatal("the timeout is not in the class record")
	}
	l = Attach(a, Learner{}, io.Discard)
	start = time.Now()
	l.Close(context.Background())
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Fatalf("the next command's Close took %v, want no wait after a recent timeout", took)
	}
	if got := pending(t, testFiles(a).Outbox, m.Learner); got != "1:a" {
		t.Fatalf("outbox = %q, want the event kept", got)
	}
}

func TestJoin(t *testing.T) {
	addr := freeAddr(t)
	srv := newFakeClass("K3Y")
	stop := serveAt(t, addr, srv)
	ctx := context.Background()

	// A wrong code: refused, nothing recorded.
	a := testApp(t)
	res, err := Join(ctx, a, Learner{}, addr, "WRONG", "ana", "")
	if err != nil || res.Refusal == nil || !res.Refusal.CodeRefused() {
		t.Fatalf("join with a wrong code = %+v, %v; want the code refused", res, err)
	}
	if _, err := os.Stat(a.WS.ClassPath()); !os.IsNotExist(err) {
		t.Fatalf("a refused join left a class record: %v", err)
	}

	// The right code: recorded, and the learner is on the dashboard at once.
	res, err = Join(ctx, a, Learner{}, addr+"/", "K3Y", "ana", "")
	if err != nil || !res.Answered || res.URL != "http://"+addr {
		t.Fatalf("join = %+v, %v", res, err)
	}
	m, err := testFiles(a).load()
	if err != nil || m.Code != "K3Y" || m.Name != "ana" {
		t.Fatalf("class record = %+v, %v", m, err)
	}
	if r := srv.reports[m.Learner]; r == nil || r.Position != "1.1" {
		t.Fatalf("the server has report %+v, want ana at 1.1", r)
	}

	// Joining again (a new name) keeps the learner id and what is waiting in the outbox.
	appendSteps(t, a, m, "a")
	stop()
	res, err = Join(ctx, a, Learner{}, "http://"+addr, "K3Y", "Ana Kim", "")
	if err != nil || !res.Again || res.Answered || res.Err == nil {
		t.Fatalf("join again with the server down = %+v, %v; want joined, no answer", res, err)
	}
	m2, _ := testFiles(a).load()
	if m2.Learner != m.Learner || m2.Name != "Ana Kim" {
		t.Fatalf("joined again as %+v, want the same learner id renamed", m2)
	}
	if got := pending(t, testFiles(a).Outbox, m.Learner); got != "1:a" {
		t.Fatalf("outbox after joining again = %q", got)
	}
	// A new code with no name given: still Ana Kim, not the login name.
	if res, err := Join(ctx, a, Learner{}, addr, "NEWCODE", "", "root"); err != nil || res.Name != "Ana Kim" {
		t.Fatalf("join again without a name = %+v, %v; want the name kept", res, err)
	}

	// Another class: a new learner id, and the old class's undelivered event is dropped.
	res, err = Join(ctx, a, Learner{}, freeAddr(t), "X", "ana", "")
	if err != nil || res.Left != "http://"+addr || res.Dropped != 1 {
		t.Fatalf("join another class = %+v, %v; want 1 dropped", res, err)
	}
	if m3, _ := testFiles(a).load(); m3.Learner == m.Learner {
		t.Fatal("another class kept the learner id")
	}

	// Bad input is named.
	if _, err := Join(ctx, a, Learner{}, "ftp://x", "K", "ana", ""); err == nil || !strings.Contains(err.Error(), "not a class server's address") {
		t.Fatalf("join ftp://x: %v", err)
	}
	if _, err := Join(ctx, a, Learner{}, addr, "two words", "ana", ""); err == nil || !strings.Contains(err.Error(), "class code") {
		t.Fatalf("join with a spaced code: %v", err)
	}
}

func TestLeave(t *testing.T) {
	a := testApp(t)
	ctx := context.Background()
	if res, err := Leave(ctx, a, Learner{}); err != nil || res.URL != "" {
		t.Fatalf("leave outside a class = %+v, %v", res, err)
	}
	m := joined(t, a, "http://"+freeAddr(t), "CODE")
	appendSteps(t, a, m, "a", "b")
	res, err := Leave(ctx, a, Learner{})
	if err != nil || res.URL != m.URL || res.Dropped != 2 || res.Sent != 0 {
		t.Fatalf("leave with the server down = %+v, %v; want 2 dropped", res, err)
	}
	for _, p := range []string{a.WS.ClassPath(), a.WS.OutboxPath()} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("%s is still there after leave", filepath.Base(p))
		}
	}
	// After leave, events go nowhere.
	if l := Attach(a, Learner{}, io.Discard); l != nil {
		t.Fatal("Attach after leave still attached")
	}

	// With the server up, leave delivers first.
	addr := freeAddr(t)
	srv := newFakeClass("CODE")
	serveAt(t, addr, srv)
	m = joined(t, a, "http://"+addr, "CODE")
	appendSteps(t, a, m, "a")
	if res, err := Leave(ctx, a, Learner{}); err != nil || res.Sent != 1 || res.Dropped != 0 {
		t.Fatalf("leave with the server up = %+v, %v; want 1 sent", res, err)
	}
}
