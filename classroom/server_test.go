package classroom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// clock is a test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// syncBuffer is a log several handlers write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type testClass struct {
	t    *testing.T
	dir  string
	srv  *Server
	http *httptest.Server
	log  *syncBuffer
	clk  *clock
}

// openClass starts a server on dir (a new temporary folder when "") behind httptest.
func openClass(t *testing.T, dir string, clk *clock) *testClass {
	t.Helper()
	if dir == "" {
		dir = filepath.Join(t.TempDir(), "class")
	}
	if clk == nil {
		clk = &clock{t: at(30)}
	}
	tc := &testClass{t: t, dir: dir, log: &syncBuffer{}, clk: clk}
	srv, err := OpenServer(dir, ServerOptions{Log: tc.log, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	tc.srv = srv
	tc.http = httptest.NewServer(srv.Handler())
	t.Cleanup(tc.close)
	return tc
}

func (tc *testClass) close() {
	if tc.http != nil {
		tc.srv.StopStreams()
		tc.http.Close()
		tc.srv.Close()
		tc.http = nil
	}
}

// post sends body to /api/events with the given Authorization header ("" for none).
func (tc *testClass) post(auth string, body []byte) (int, string) {
	tc.t.Helper()
	req, err := http.NewRequest("POST", tc.http.URL+"/api/events", bytes.NewReader(body))
	if err != nil {
		tc.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tc.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// send posts a batch with the class code and wants 200; it returns the reply's Through.
func (tc *testClass) send(b *Batch) int64 {
	tc.t.Helper()
	status, body := tc.post("Bearer "+tc.srv.Code(), mustJSON(tc.t, b))
	if status != http.StatusOK {
		tc.t.Fatalf("POST %s: %d %s", mustJSON(tc.t, b), status, body)
	}
	var reply BatchReply
	if err := json.Unmarshal([]byte(body), &reply); err != nil || reply.Format != ProtocolFormat {
		tc.t.Fatalf("reply %q: %v", body, err)
	}
	return reply.Through
}

func (tc *testClass) view() *ClassView {
	tc.t.Helper()
	resp, err := http.Get(tc.http.URL + "/api/class")
	if err != nil {
		tc.t.Fatal(err)
	}
	defer resp.Body.Close()
	var v ClassView
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		tc.t.Fatal(err)
	}
	return &v
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// batch is learner id's events numbered from..to (step_passed of hello/write, a made-up
// history), with report r.
func batch(id, name string, from, to int64, r *Report) *Batch {
	b := &Batch{Format: ProtocolFormat, Learner: id, Name: name, Report: r, Events: []Envelope{}}
	for seq := from; seq <= to; seq++ {
		b.Events = append(b.Events, Envelope{Seq: seq, Event: engine.Event{Kind: engine.EventCheckFailed, Lesson: "hello", Step: "warm",
			Time: at(20), Msg: fmt.Sprintf("attempt %d", seq)}})
	}
	return b
}

func anaID(i int) string { return fmt.Sprintf("learner%04d-id", i) }

func TestEventsNeedTheClassCode(t *testing.T) {
	tc := openClass(t, "", nil)
	secret := `{"format":1,"learner":"abcdefgh","name":"SECRET-BODY-MARKER","events":[]}`
	for _, auth := range []string{"", "Bearer", "Bearer WRONG1", "Basic " + tc.srv.Code(), tc.srv.Code(), "Bearer " + tc.srv.Code() + "X"} {
		status, body := tc.post(auth, []byte(secret))
		if status != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d %s, want 401", auth, status, body)
		}
		if strings.Contains(body, "SECRET") {
			t.Errorf("Authorization %q: the reply repeats the body: %s", auth, body)
		}
	}
	if strings.Contains(tc.log.String(), "SECRET") {
		t.Errorf("a rejected body is in the log:\n%s", tc.log.String())
	}
	if !strings.Contains(tc.log.String(), "wrong class code") || strings.Count(tc.log.String(), "\n") != 1 {
		t.Errorf("want one line about the wrong code (a minute's worth), got:\n%s", tc.log.String())
	}
	if v := tc.view(); len(v.Learners) != 0 {
		t.Errorf("a rejected batch made a learner: %+v", v.Learners)
	}
	// The code as typed: lower case and spaces do not matter.
	if status, body := tc.post("bearer  "+strings.ToLower(tc.srv.Code())+" ", []byte(secret)); status != http.StatusOK {
		t.Errorf("lower-case code: %d %s, want 200", status, body)
	}
	// Guessing is slowed down: past maxWrong wrong codes in a minute, the address waits.
	for range maxWrong {
		tc.post("Bearer NOPE00", []byte(secret))
	}
	if status, _ := tc.post("Bearer "+tc.srv.Code(), []byte(secret)); status != http.StatusTooManyRequests {
		t.Errorf("after %d wrong codes: %d, want 429", maxWrong+6, status)
	}
	tc.clk.add(time.Minute)
	if status, body := tc.post("Bearer "+tc.srv.Code(), []byte(secret)); status != http.StatusOK {
		t.Errorf("a minute later: %d %s, want 200", status, body)
	}
}

func TestEventsTooLarge(t *testing.T) {
	tc := openClass(t, "", nil)
	auth := "Bearer " + tc.srv.Code()
	huge := batch(anaID(1), "ana", 1, 1, nil)
	huge.Events[0].Event.Msg = strings.Repeat("x", MaxBatchBytes)
	if status, body := tc.post(auth, mustJSON(t, huge)); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over %d bytes: %d %s, want 413", MaxBatchBytes, status, body)
	}
	many := batch(anaID(1), "ana", 1, MaxEventsPerBatch+1, nil)
	if status, body := tc.post(auth, mustJSON(t, many)); status != http.StatusRequestEntityTooLarge {
		t.Errorf("%d events: %d %s, want 413", MaxEventsPerBatch+1, status, body)
	}
	if through := tc.send(batch(anaID(1), "ana", 1, MaxEventsPerBatch, nil)); through != MaxEventsPerBatch {
		t.Errorf("%d events: through %d", MaxEventsPerBatch, through)
	}
}

func TestEventsValidation(t *testing.T) {
	good := func() map[string]any {
		return map[string]any{"format": 1, "learner": "abcdefgh12", "name": "ana",
			"events": []any{map[string]any{"seq": 1, "event": map[string]any{"kind": "hint", "lesson": "hello", "step": "warm", "hint": 1}}}}
	}
	for _, tc := range []struct {
		name   string
		change func(b map[string]any)
		want   string // in the 400 reply
	}{
		{"no format", func(b map[string]any) { delete(b, "format") }, `"format" is missing`},
		{"newer format", func(b map[string]any) { b["format"] = 2 }, "format 2 is newer"},
		{"short learner id", func(b map[string]any) { b["learner"] = "abc" }, `"learner"`},
		{"learner id with a slash", func(b map[string]any) { b["learner"] = "../../etc/passwd" }, `"learner"`},
		{"no name", func(b map[string]any) { b["name"] = " \x1b\x07 " }, `"name" is empty`},
		{"seq 0", func(b map[string]any) { b["events"].([]any)[0].(map[string]any)["seq"] = 0 }, "seq 0"},
		{"seq going back", func(b map[string]any) {
			b["events"] = append(b["events"].([]any), map[string]any{"seq": 1, "event": map[string]any{"kind": "hint"}})
		}, "must increase"},
		{"event without kind", func(b map[string]any) { b["events"].([]any)[0].(map[string]any)["event"] = map[string]any{} }, `"kind" is empty`},
		{"name a number", func(b map[string]any) { b["name"] = 7 }, "name"},
		{"negative run", func(b map[string]any) {
			b["events"].([]any)[0].(map[string]any)["event"] = map[string]any{"kind": "run_saved", "run": map[string]any{"name": "cold", "ms": -1}}
		}, "negative"},
		{"report of a newer format", func(b map[string]any) { b["report"] = map[string]any{"format": 9, "kind": ReportKind} }, "report format 9"},
		{"report with negative steps done", func(b map[string]any) { b["report"] = map[string]any{"format": 1, "kind": ReportKind, "done": -1} }, "report: bad value in done"},
		{"foreign report", func(b map[string]any) { b["report"] = map[string]any{"format": 1, "kind": "npm"} }, "report: kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := openClass(t, "", nil)
			b := good()
			tc.change(b)
			status, body := c.post("Bearer "+c.srv.Code(), mustJSON(t, b))
			if status != http.StatusBadRequest || !strings.Contains(body, tc.want) {
				t.Errorf("%s: %d %q, want 400 with %q", mustJSON(t, b), status, body, tc.want)
			}
			if v := c.view(); len(v.Learners) != 0 {
				t.Errorf("a refused batch made a learner: %+v", v.Learners)
			}
		})
	}
	t.Run("not JSON", func(t *testing.T) {
		c := openClass(t, "", nil)
		if status, body := c.post("Bearer "+c.srv.Code(), []byte("name=ana&SECRET")); status != http.StatusBadRequest || strings.Contains(body, "SECRET") {
			t.Errorf("got %d %q, want 400 that does not repeat the body", status, body)
		}
	})
	t.Run("strings are cleaned", func(t *testing.T) {
		c := openClass(t, "", nil)
		b := good()
		b["name"] = "\x1b[2J\u202eana\x07 " + strings.Repeat("ü", 100)
		b["events"].([]any)[0].(map[string]any)["event"].(map[string]any)["lesson"] = "hel\x1blo"
		if status, body := c.post("Bearer "+c.srv.Code(), mustJSON(t, b)); status != http.StatusOK {
			t.Fatalf("%d %s", status, body)
		}
		l := c.view().Learners[0]
		if strings.ContainsAny(l.Name, "\x1b\x07\u202e") || len([]rune(l.Name)) != MaxNameLen || !strings.HasPrefix(l.Name, "[2Jana ü") || l.Lesson != "hello" {
			t.Errorf("name %q lesson %q: want control characters gone and %d runes", l.Name, l.Lesson, MaxNameLen)
		}
	})
}

// TestEventsUnknownFields: a newer learner's firstrun may send more; the server takes what it
// knows.
func TestEventsUnknownFields(t *testing.T) {
	c := openClass(t, "", nil)
	body := `{"format":1,"learner":"abcdefgh12","name":"ana","laptop":"thinkpad","events":[
		{"seq":1,"event":{"kind":"hint","lesson":"hello","step":"warm","hint":1,"mood":"fine"},"sent":"now"},
		{"seq":2,"event":{"kind":"telepathy","lesson":"hello","step":"warm"}}],
		"report":{"format":1,"kind":"firstrun-progress","name":"ana","future":[1,2],"lesson":"hello","step":"warm","position":"1.3","done":2,"total":4}}`
	status, reply := c.post("Bearer "+c.srv.Code(), []byte(body))
	if status != http.StatusOK || !strings.Contains(reply, `"through":2`) {
		t.Fatalf("got %d %s, want 200 through 2", status, reply)
	}
	if l := c.view().Learners[0]; l.Position != "1.3" || l.Done != 2 || l.Events != 2 {
		t.Errorf("got %+v", l)
	}
}

// TestEventsOnceInOrder: a batch sent again (its reply was lost, or the server restarted) adds
// nothing twice, and a late old report does not hide a newer one.
func TestEventsOnceInOrder(t *testing.T) {
	c := openClass(t, "", nil)
	r := func(done int, written time.Time) *Report {
		rep := sampleClass[0].report()
		rep.Done, rep.Written = done, written
		return rep
	}
	id := anaID(1)
	if got := c.send(batch(id, "ana", 1, 3, r(1, at(10)))); got != 3 {
		t.Fatalf("through %d, want 3", got)
	}
	if got := c.send(batch(id, "ana", 1, 3, r(1, at(10)))); got != 3 {
		t.Errorf("the same batch again: through %d, want 3", got)
	}
	if got := c.send(batch(id, "ana", 2, 5, r(2, at(12)))); got != 5 {
		t.Errorf("overlapping batch: through %d, want 5", got)
	}
	if got := c.send(batch(id, "ana", 1, 4, r(1, at(11)))); got != 5 {
		t.Errorf("an old batch late: through %d, want 5", got)
	}
	v := c.view()
	if v.Events != 5 || v.Learners[0].Events != 5 || v.Learners[0].Done != 2 {
		t.Errorf("events %d (learner %d), done %d: want 5 events and the newer report's done 2", v.Events, v.Learners[0].Events, v.Learners[0].Done)
	}
	data, _ := os.ReadFile(filepath.Join(c.dir, journalFileName))
	if lines := strings.Count(string(data), "\n"); lines != 2 {
		t.Errorf("journal has %d lines, want 2 (batches that added nothing are not kept):\n%s", lines, data)
	}
	// The journal holds each event once.
	for seq := 1; seq <= 5; seq++ {
		if n := strings.Count(string(data), fmt.Sprintf(`"attempt %d"`, seq)); n != 1 {
			t.Errorf("event %d is in the journal %d times", seq, n)
		}
	}
	// A class has room for maxLearners, not for every id a sender makes up.
	var fill []string
	for i := len(c.srv.class.learners); i < maxLearners; i++ {
		fill = append(fill, anaID(1000+i))
		c.srv.class.learners[anaID(1000+i)] = &learner{id: anaID(1000 + i), name: "x"}
	}
	if status, body := c.post("Bearer "+c.srv.Code(), mustJSON(t, batch(anaID(9999), "one too many", 1, 1, nil))); status != http.StatusForbidden {
		t.Errorf("learner %d: %d %s, want 403", maxLearners+1, status, body)
	}
	if got := c.send(batch(id, "ana", 6, 6, nil)); got != 6 {
		t.Errorf("a learner already in a full class: through %d, want 6", got)
	}
	for _, id := range fill {
		delete(c.srv.class.learners, id)
	}

	// Two learners with one name are two rows.
	c.send(batch(anaID(2), "ana", 1, 1, nil))
	if v := c.view(); len(v.Learners) != 2 {
		t.Errorf("two learners named ana: %d rows", len(v.Learners))
	}
}

// TestJournalReplay: a restarted server shows the same class with the same code; a torn last
// line is left out with a note, and the journal goes on cleanly after it.
func TestJournalReplay(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "class")
	clk := &clock{t: at(30)}
	c := openClass(t, dir, clk)
	code := c.srv.Code()
	if !c.srv.Created {
		t.Error("a new folder: Created false")
	}
	for i, l := range sampleClass {
		c.send(batch(anaID(i), l.name, 1, int64(i+1), l.report()))
	}
	before := c.view()
	c.close()

	// A write the server did not finish: half a line.
	jpath := filepath.Join(dir, journalFileName)
	f, err := os.OpenFile(jpath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"t":"2026-03-01T09:31:00Z","learner":"learner0001-id","name":"bo","events":[{"seq":3,"ev`)
	f.Close()

	c2 := openClass(t, dir, clk)
	if c2.srv.Code() != code || c2.srv.Created {
		t.Errorf("restart: code %q (created %v), want the old code %q", c2.srv.Code(), c2.srv.Created, code)
	}
	if len(c2.srv.Notes) != 1 || !strings.Contains(c2.srv.Notes[0], "cut short") {
		t.Errorf("notes %q, want one about the torn last line", c2.srv.Notes)
	}
	after := c2.view()
	before.Now, after.Now = time.Time{}, time.Time{}
	before.Version, after.Version = 0, 0
	if b, a := mustJSON(t, before), mustJSON(t, after); !bytes.Equal(a, b) {
		t.Errorf("after a restart the class differs:\nbefore %s\nafter  %s", b, a)
	}
	// The learner whose batch was torn sends it again: it is taken, on a line of its own.
	if got := c2.send(batch(anaID(1), "bo", 1, 3, nil)); got != 3 {
		t.Errorf("through %d, want 3", got)
	}
	c2.close()
	c3 := openClass(t, dir, clk)
	if len(c3.srv.Notes) != 0 {
		t.Errorf("notes after a clean restart: %q", c3.srv.Notes)
	}
	if v := c3.view(); v.Events != before.Events+1 || len(v.Learners) != len(sampleClass) {
		t.Errorf("events %d learners %d, want %d and %d", v.Events, len(v.Learners), before.Events+1, len(sampleClass))
	}
	c3.close()

	// A broken line in the middle (a disk's doing) is skipped, the rest kept.
	data, _ := os.ReadFile(jpath)
	lines := strings.SplitAfter(string(data), "\n")
	lines[1] = "garbage\n"
	os.WriteFile(jpath, []byte(strings.Join(lines, "")), 0o600)
	c4 := openClass(t, dir, clk)
	if len(c4.srv.Notes) != 1 || !strings.Contains(c4.srv.Notes[0], journalFileName+":2:") {
		t.Errorf("notes %q, want one naming line 2", c4.srv.Notes)
	}
	if v := c4.view(); len(v.Learners) != len(sampleClass) || v.Learners[1].Name != "bo" || v.Learners[1].Done != 0 {
		t.Errorf("learners %+v, want all five, bo without the report of the lost line", v.Learners)
	}
}

func TestSecondServerRefused(t *testing.T) {
	c := openClass(t, "", nil)
	_, err := OpenServer(c.dir, ServerOptions{})
	if err == nil || !strings.Contains(err.Error(), "another firstrun class serve") || !strings.Contains(err.Error(), fmt.Sprint(os.Getpid())) {
		t.Fatalf("second server on %s: %v, want refused naming pid %d", c.dir, err, os.Getpid())
	}
	c.close()
	s, err := OpenServer(c.dir, ServerOptions{})
	if err != nil {
		t.Fatalf("after the first stopped: %v", err)
	}
	s.Close()
}

func TestBadClassFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := OpenServer(file, ServerOptions{}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file as --dir: %v", err)
	}
	os.WriteFile(filepath.Join(dir, classFileName), []byte(`{"name":"package.json"}`), 0o600)
	if _, err := OpenServer(dir, ServerOptions{}); err == nil || !strings.Contains(err.Error(), classFileName) || !strings.Contains(err.Error(), "another --dir") {
		t.Errorf("a foreign class.json: %v", err)
	}
}

// TestOnlyTheClass: nothing but the class is served; no file of the folder, no listing.
func TestOnlyTheClass(t *testing.T) {
	c := openClass(t, "", nil)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/index.html"}, {"GET", "/api"}, {"GET", "/api/"}, {"GET", "/api/class/x"}, {"GET", "/api/events"},
		{"GET", "/class.json"}, {"GET", "/journal.jsonl"}, {"GET", "/serve.lock"}, {"GET", "/dashboard/app.js"},
		{"GET", "/../class.json"}, {"GET", "/%2e%2e/class.json"}, {"GET", "/favicon.ico"}, {"POST", "/"},
		{"POST", "/api/class"}, {"PUT", "/api/events"}, {"DELETE", "/api/events"},
	} {
		req, _ := http.NewRequest(tc.method, c.http.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", tc.method, tc.path, resp.StatusCode)
		}
		if strings.Contains(string(body), c.srv.Code()) {
			t.Errorf("%s %s shows the class code", tc.method, tc.path)
		}
	}
}

// TestClassView: the JSON the dashboard and class status read, with the time on the current
// step going on between events, and never the class code or a learner's id.
func TestClassView(t *testing.T) {
	c := openClass(t, "", nil)
	for i, l := range sampleClass {
		c.send(batch(anaID(i), l.name, 1, 1, l.report()))
	}
	resp, err := http.Get(c.http.URL + "/api/class")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if strings.Contains(string(raw), c.srv.Code()) || strings.Contains(string(raw), anaID(0)) || strings.Contains(string(raw), `"code"`) {
		t.Errorf("the class view shows the code or a learner id: %s", raw)
	}
	var generic struct {
		Format   int              `json:"format"`
		Learners []map[string]any `json:"learners"`
		Stuck    []any            `json:"stuck"`
		Runs     []any            `json:"runs"`
	}
	if err := json.Unmarshal(raw, &generic); err != nil || generic.Format != 1 || len(generic.Learners) != len(sampleClass) || generic.Runs == nil || generic.Stuck == nil {
		t.Fatalf("shape: %v %s", err, raw)
	}
	for _, key := range []string{"name", "lesson", "step", "position", "on_step_ms", "failed", "hints", "cold_ms", "warm_ms", "done", "total", "last_seen", "stuck"} {
		if _, ok := generic.Learners[0][key]; !ok {
			t.Errorf("a learner has no %q: %v", key, generic.Learners[0])
		}
	}
	v := c.view()
	ana := v.Learners[0]
	if ana.Name != "ana" || ana.Position != "1.3" || ana.OnStepMs != 6*60000 || ana.Failed != 2 || ana.ColdMs != 6100 || ana.WarmMs != 310 || ana.Done != 2 || ana.Total != 4 {
		t.Errorf("ana: %+v", ana)
	}
	if len(v.Runs) != 4 || !v.Runs[0].Slowest || v.Runs[0].Name != "cy" {
		t.Errorf("runs: %+v", v.Runs)
	}
	// Eight minutes later, with no event: the times on the current steps go on. Stuck: ana
	// (failed checks), cy (18 min on 1.3) and eun (20 min on 2.1), each over twice the class's
	// median; dee's 10 min on 1.2 is under twice its 5.5.
	c.clk.add(8 * time.Minute)
	v = c.view()
	if got := v.Learners[0].OnStepMs; got != 14*60000 {
		t.Errorf("ana on her step: %d ms, want %d", got, 14*60000)
	}
	var stuck []string
	for _, l := range v.Learners {
		if l.Stuck {
			stuck = append(stuck, l.Name)
		}
	}
	if strings.Join(stuck, " ") != "ana cy eun" {
		t.Errorf("stuck: %v, want ana (failed checks), cy (18 min on 1.3) and eun (20 min on 2.1)", stuck)
	}
	if len(v.Stuck) == 0 || v.Stuck[0].Number != "1.3" || len(v.Stuck[0].Learners) != 2 {
		t.Errorf("stuck steps: %+v", v.Stuck)
	}
	if wide := v.Summary().Text(engine.NewMessages("en"), 0, false); !strings.Contains(wide, "Last seen") {
		t.Errorf("the live table's last column is not when learners were last seen:\n%s", wide)
	}
	// class status's table, from the same view, fits a 60-column terminal.
	for _, lang := range []string{"en", "ko"} {
		text := v.Summary().Text(engine.NewMessages(lang), 60, false)
		for _, line := range strings.Split(text, "\n") {
			if w := cellWidth(line); w > 60 {
				t.Errorf("%s: %d wide: %q", lang, w, line)
			}
		}
		if lang == "en" && !strings.Contains(text, "Live class · learners: 5") {
			t.Errorf("status table:\n%s", text)
		}
	}
}

// TestLateBatch: a batch that waited on the learner's laptop (the server was down) shows the
// time on the step as of now, not as of when it was sent.
func TestLateBatch(t *testing.T) {
	c := openClass(t, "", nil)
	r := sampleClass[0].report() // written at minute 30 by ana's clock, 6 min on her step
	b := batch(anaID(1), "ana", 1, 1, r)
	b.Sent = r.Written.Add(10 * time.Minute) // her clock: delivered 10 min after
	c.send(b)
	if got := c.view().Learners[0].OnStepMs; got != 16*60000 {
		t.Errorf("on the step: %d ms, want %d (6 min in the report and 10 waiting)", got, 16*60000)
	}
	// A clock that is days off is not a wait.
	r2 := sampleClass[1].report()
	b2 := batch(anaID(2), "bo", 1, 1, r2)
	b2.Sent = r2.Written.Add(72 * time.Hour)
	c.send(b2)
	r3 := sampleClass[2].report()
	b3 := batch(anaID(3), "cy", 1, 1, r3)
	b3.Sent = r3.Written.Add(72 * time.Hour)
	c.send(b3)
	if got := c.view().Learners[2].OnStepMs; got != 10*60000 {
		t.Errorf("cy on the step: %d ms, want %d", got, 10*60000)
	}
}

// TestStreamOutlivesTimeouts: a real server's read and write timeouts do not cut a
// dashboard's stream.
func TestStreamOutlivesTimeouts(t *testing.T) {
	c := openClass(t, "", nil)
	hs := httptest.NewUnstartedServer(c.srv.Handler())
	hs.Config.ReadTimeout, hs.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	hs.Start()
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	readEvent := func() string {
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("the stream ended: %v", err)
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				return data
			}
		}
	}
	readEvent()
	time.Sleep(time.Second) // past both timeouts
	c.send(batch(anaID(1), "late ana", 1, 1, nil))
	if data := readEvent(); !strings.Contains(data, "late ana") {
		t.Errorf("after the timeouts: %s", data)
	}
}

// TestStream: the dashboard's event stream sends the class at once and again when a batch
// arrives.
func TestStream(t *testing.T) {
	c := openClass(t, "", nil)
	resp, err := http.Get(c.http.URL + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	events := make(chan *ClassView)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				v := &ClassView{}
				if err := json.Unmarshal([]byte(data), v); err != nil {
					t.Error(err)
				}
				events <- v
			}
		}
		close(events)
	}()
	next := func() *ClassView {
		select {
		case v := <-events:
			return v
		case <-time.After(10 * time.Second):
			t.Fatal("no event from the stream in 10 s")
		}
		return nil
	}
	if v := next(); len(v.Learners) != 0 {
		t.Fatalf("first event: %+v", v)
	}
	c.send(batch(anaID(1), "<b>ana</b>", 1, 1, nil))
	if v := next(); len(v.Learners) != 1 || v.Learners[0].Name != "<b>ana</b>" {
		t.Fatalf("after a batch: %+v", v.Learners)
	}
	c.srv.StopStreams()
	select {
	case _, open := <-events:
		if open {
			t.Error("the stream sent more after StopStreams")
		}
	case <-time.After(10 * time.Second):
		t.Error("the stream did not end after StopStreams")
	}
}

// TestDashboardPage: the page is the golden one (go test ./classroom -update rewrites it),
// self-contained, and allowed to run only its own script.
func TestDashboardPage(t *testing.T) {
	c := openClass(t, "", nil)
	c.send(batch(anaID(1), "<script>alert(1)</script>", 1, 1, nil))
	resp, err := http.Get(c.http.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'sha256-") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q", csp)
	}
	for _, bad := range []string{`rel="stylesheet"`, ` src=`, `href="http`, "@import", "url(", "cdn", "alert", c.srv.Code()} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page holds %q: it must need nothing outside and carry no learner data", bad)
		}
	}
	if !bytes.Contains(page, []byte("textContent")) || bytes.Contains(page, []byte("innerHTML")) {
		t.Error("the script must insert text with textContent and never use innerHTML")
	}
	golden(t, "dashboard.html", string(page))
	// The data the page inserts as text: the JSON escapes markup too, for anything that
	// would show it raw.
	resp, err = http.Get(c.http.URL + "/api/class")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if bytes.Contains(raw, []byte("<script>")) || !bytes.Contains(raw, []byte(`\u003cscript\u003e`)) {
		t.Errorf("/api/class: %s", raw)
	}
	ko, _ := dashboardPage(engine.NewMessages("ko"))
	if !bytes.Contains(ko, []byte(`<html lang="ko">`)) || !bytes.Contains(ko, []byte("실시간 수업")) {
		t.Error("the Korean page is not in Korean")
	}
}

func TestServerURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://192.168.1.5:8088":           "http://192.168.1.5:8088",
		"192.168.1.5:8088":                  "http://192.168.1.5:8088",
		"http://192.168.1.5:8088/":          "http://192.168.1.5:8088",
		"http://192.168.1.5:8088/api/class": "http://192.168.1.5:8088",
		" https://class.example:443 ":       "https://class.example:443",
	} {
		if got, err := ServerURL(in); err != nil || got != want {
			t.Errorf("ServerURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://x:1", "http://"} {
		if got, err := ServerURL(bad); err == nil {
			t.Errorf("ServerURL(%q) = %q, want an error", bad, got)
		}
	}
}

func TestFetchClassUnreachable(t *testing.T) {
	c := openClass(t, "", nil)
	url := c.http.URL
	c.close()
	_, err := FetchClass(t.Context(), engine.NewMessages("en"), url)
	if err == nil || !strings.Contains(err.Error(), "cannot reach the class server at "+url) {
		t.Errorf("got %v", err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"format":1}`) }))
	defer other.Close()
	if _, err := FetchClass(t.Context(), engine.NewMessages("en"), other.URL); err == nil || !strings.Contains(err.Error(), "did not answer as a firstrun class server") {
		t.Errorf("a foreign server: %v", err)
	}
}

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != codeLen || strings.Trim(code, codeAlphabet) != "" {
			t.Fatalf("code %q: want %d characters of %s", code, codeLen, codeAlphabet)
		}
		seen[code] = true
	}
	if len(seen) < 195 {
		t.Errorf("200 codes, only %d different", len(seen))
	}
}
