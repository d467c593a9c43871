package classroom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// A workshop's load: 40 learners, each sending an event a second for a minute. The test sends
// the same 2,400 events as fast as the learners' goroutines can (no minute of waiting), each
// POST one event with the learner's report, as the learner's firstrun sends them, while a
// dashboard's stream is open. Times are logged, never asserted.
const (
	loadLearners = 40
	loadEvents   = 60
)

func TestLoadFortyLearners(t *testing.T) {
	c := openClass(t, "", nil)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadLearners}, Timeout: 30 * time.Second}

	// The dashboard: it must end up showing every event.
	stream, err := http.Get(c.http.URL + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	updates := make(chan *ClassView, 1000)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		sc.Buffer(nil, 4<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				v := &ClassView{}
				if json.Unmarshal([]byte(data), v) == nil {
					updates <- v
				}
			}
		}
		close(updates)
	}()

	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, loadLearners)
	for i := range loadLearners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, name := fmt.Sprintf("load-learner-%02d", i), fmt.Sprintf("learner %02d", i)
			r := sampleClass[i%len(sampleClass)].report()
			r.Name = name
			for seq := int64(1); seq <= loadEvents; seq++ {
				b := batch(id, name, seq, seq, r)
				req, _ := http.NewRequest("POST", c.http.URL+"/api/events", bytes.NewReader(mustJSON(t, b)))
				req.Header.Set("Authorization", "Bearer "+c.srv.Code())
				resp, err := client.Do(req)
				if err != nil {
					errs <- fmt.Errorf("%s seq %d: %w", name, seq, err)
					return
				}
				var reply BatchReply
				err = json.NewDecoder(resp.Body).Decode(&reply)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || err != nil || reply.Through != seq {
					errs <- fmt.Errorf("%s seq %d: %d, through %d (%v)", name, seq, resp.StatusCode, reply.Through, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := loadLearners * loadEvents

	// Nothing lost: every event once, in the class and in the journal.
	v := c.view()
	if v.Events != total || len(v.Learners) != loadLearners {
		t.Fatalf("the class holds %d events of %d learners, want %d of %d", v.Events, len(v.Learners), total, loadLearners)
	}
	for _, l := range v.Learners {
		if l.Events != loadEvents {
			t.Errorf("%s: %d events, want %d", l.Name, l.Events, loadEvents)
		}
	}
	// The open dashboard is current: its stream brings the last event too.
	var seen int
	deadline := time.After(30 * time.Second)
	for current := false; !current; {
		select {
		case u, open := <-updates:
			if !open {
				t.Fatal("the stream ended")
			}
			seen++
			current = u.Events == total
		case <-deadline:
			t.Fatalf("after 30 s the dashboard's stream still does not show all %d events", total)
		}
	}
	stream.Body.Close()
	t.Logf("%d learners × %d events: %d POSTs in %v (%.0f events/s, %.2f ms per POST with fsync), %d dashboard updates on the stream",
		loadLearners, loadEvents, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		float64(elapsed.Microseconds())/1000/float64(total)*loadLearners, seen)

	// A restart replays them all.
	c.close()
	data, err := os.ReadFile(filepath.Join(c.dir, journalFileName))
	if err != nil {
		t.Fatal(err)
	}
	if lines := bytes.Count(data, []byte("\n")); lines != total {
		t.Errorf("journal: %d lines, want %d", lines, total)
	}
	replayStart := time.Now()
	c2 := openClass(t, c.dir, c.clk)
	replay := time.Since(replayStart)
	if v := c2.view(); v.Events != total || len(v.Learners) != loadLearners {
		t.Errorf("after a restart: %d events of %d learners", v.Events, len(v.Learners))
	}
	t.Logf("journal: %d KB, replayed in %v", len(data)>>10, replay.Round(time.Millisecond))
}

// BenchmarkEvents is the server's throughput for one-event batches with a report, from 40
// learners at once, each batch journaled and synced before its reply.
func BenchmarkEvents(b *testing.B) {
	srv, err := OpenServer(filepath.Join(b.TempDir(), "class"), ServerOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	r := sampleClass[0].report()
	var mu sync.Mutex
	next := 0
	b.SetParallelism(max(1, loadLearners/runtime.GOMAXPROCS(0))) // 40 senders in all
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		mu.Lock()
		next++
		id := fmt.Sprintf("bench-learner-%04d", next)
		mu.Unlock()
		var seq int64
		for pb.Next() {
			seq++
			body, _ := json.Marshal(batch(id, id, seq, seq, r))
			req, _ := http.NewRequest("POST", "/api/events", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+srv.Code())
			w := &discard{header: http.Header{}}
			h.ServeHTTP(w, req)
			if w.code != 0 && w.code != http.StatusOK {
				b.Fatalf("status %d", w.code)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkClassView is the cost of the dashboard's JSON for a class of 40.
func BenchmarkClassView(b *testing.B) {
	c := newClass()
	for i := range loadLearners {
		r := sampleClass[i%len(sampleClass)].report()
		c.apply(&record{T: at(30), Learner: fmt.Sprintf("view-learner-%02d", i), Name: fmt.Sprintf("learner %02d", i),
			Events: []Envelope{{Seq: 1, Event: engine.Event{Kind: engine.EventHint}}}, Report: r, Level: 1})
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := json.Marshal(c.view(at(31))); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct {
	header http.Header
	code   int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(code int)        { d.code = code }
