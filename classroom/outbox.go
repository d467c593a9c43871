package classroom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
)

// outboxKind marks the outbox's first line, which says whose events follow and how far the
// server has acknowledged them (so numbering goes on after the acknowledged lines are gone).
const outboxKind = "firstrun-outbox"

// Outbox is the learner's queue of events for the class server: a JSON-lines file whose first
// line is a header and every other line one numbered event. Every event is appended (and
// fsync'd) before anything is sent, and a line goes only once the server has acknowledged
// it, so a crash, a closed laptop or a server that is down loses nothing. The workbook and
// `firstrun` in the learner's shell change it at once: every change holds the class lock.
type Outbox struct {
	Path string // the JSON-lines file (sandbox's OutboxPath)
	Lock string // the lock file every change holds (sandbox's ClassLockPath)

	mu sync.Mutex // the file lock excludes other processes; this, the goroutines of one
}

type outboxHeader struct {
	Kind    string `json:"kind"`
	Format  int    `json:"format"`
	Learner string `json:"learner"`
	Acked   int64  `json:"acked"` // the highest Seq the server acknowledged
}

// outboxState is the outbox as read: its header, its events in Seq order, and how many bytes
// of the file are whole lines (a torn last line, from a crash mid-append, lies beyond).
type outboxState struct {
	head   outboxHeader
	hasHdr bool
	events []Envelope
	whole  int
	size   int
}

// last is the highest Seq the outbox has used.
func (s *outboxState) last() int64 {
	n := s.head.Acked
	if len(s.events) > 0 && s.events[len(s.events)-1].Seq > n {
		n = s.events[len(s.events)-1].Seq
	}
	return n
}

// withLock runs f holding both the in-process mutex and the file lock.
func (o *Outbox) withLock(f func() error) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o755); err != nil {
		return fmt.Errorf("class outbox: %w", err)
	}
	unlock, err := sandbox.LockFile(o.Lock)
	if err != nil {
		return fmt.Errorf("class outbox: %w", err)
	}
	defer unlock()
	return f()
}

// read parses the outbox. A line that does not parse (the torn last line of a crash, or a
// line someone edited) is skipped: it never stops the events after it.
func (o *Outbox) read() (*outboxState, error) {
	data, err := os.ReadFile(o.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return &outboxState{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the class outbox: %w", err)
	}
	st := &outboxState{size: len(data)}
	st.whole = bytes.LastIndexByte(data, '\n') + 1
	seen := map[int64]bool{}
	for _, line := range bytes.Split(data[:st.whole], []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var h outboxHeader
		if json.Unmarshal(line, &h) == nil && h.Kind == outboxKind {
			st.head, st.hasHdr = h, true
			continue
		}
		var e Envelope
		if json.Unmarshal(line, &e) != nil || e.Seq <= 0 || e.Event.Kind == "" || seen[e.Seq] {
			continue
		}
		seen[e.Seq] = true
		st.events = append(st.events, e)
	}
	sort.SliceStable(st.events, func(i, j int) bool { return st.events[i].Seq < st.events[j].Seq })
	// Events the server acknowledged may still be there after a crash between the reply and
	// the rewrite: they are not pending.
	i := 0
	for i < len(st.events) && st.events[i].Seq <= st.head.Acked {
		i++
	}
	st.events = st.events[i:]
	return st, nil
}

// rewrite replaces the outbox whole (temp file, fsync, rename), so a crash leaves either the
// old file or the new one.
func (o *Outbox) rewrite(head outboxHeader, events []Envelope) error {
	head.Kind, head.Format = outboxKind, ProtocolFormat
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(head); err != nil {
		return err
	}
	for _, e := range events {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return writeAtomic(o.Path, buf.Bytes())
}

// Append numbers the events after the outbox's last one and writes them, fsync'd, before it
// returns. An outbox that belongs to another learner id (a class left without leave) starts
// over for this one.
func (o *Outbox) Append(learner string, events ...engine.Event) error {
	if len(events) == 0 {
		return nil
	}
	return o.withLock(func() error {
		st, err := o.read()
		if err != nil {
			return err
		}
		if !st.hasHdr || st.head.Learner != learner {
			head := outboxHeader{Learner: learner}
			var keep []Envelope
			if !st.hasHdr {
				keep = st.events // a header lost to an edit: the lines are still this learner's
			}
			if err := o.rewrite(head, keep); err != nil {
				return fmt.Errorf("writing the class outbox: %w", err)
			}
			if st, err = o.read(); err != nil {
				return err
			}
		}
		f, err := os.OpenFile(o.Path, os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("writing the class outbox: %w", err)
		}
		defer f.Close()
		if st.whole < st.size {
			// A torn last line (a crash mid-append): cut it, or the next line would join it.
			if err := f.Truncate(int64(st.whole)); err != nil {
				return fmt.Errorf("writing the class outbox: %w", err)
			}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		seq := st.last()
		for _, e := range events {
			seq++
			if err := enc.Encode(Envelope{Seq: seq, Event: e}); err != nil {
				return err
			}
		}
		if _, err := f.WriteAt(buf.Bytes(), int64(st.whole)); err != nil {
			return fmt.Errorf("writing the class outbox: %w", err)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("writing the class outbox: %w", err)
		}
		return f.Close()
	})
}

// Pending is the learner's events the server has not acknowledged, oldest first; none when
// the outbox belongs to another learner id.
func (o *Outbox) Pending(learner string) ([]Envelope, error) {
	var events []Envelope
	err := o.withLock(func() error {
		st, err := o.read()
		if err != nil {
			return err
		}
		if st.head.Learner == learner {
			events = st.events
		}
		return nil
	})
	return events, err
}

// Ack drops the events up to through, which the server now holds. A through beyond the last
// event sent (a server that already held this learner's numbers) moves numbering past it, so
// the next event is not taken for a copy of an old one.
func (o *Outbox) Ack(learner string, through int64) error {
	return o.withLock(func() error {
		st, err := o.read()
		if err != nil {
			return err
		}
		if !st.hasHdr || st.head.Learner != learner || through <= st.head.Acked {
			return nil
		}
		st.head.Acked = through
		var keep []Envelope
		for _, e := range st.events {
			if e.Seq > through {
				keep = append(keep, e)
			}
		}
		return o.rewrite(st.head, keep)
	})
}

// Start makes a fresh outbox for a learner id, numbering from 1; it returns how many events of
// an older one were not delivered and are dropped with it. An outbox already this learner's
// is kept as it is.
func (o *Outbox) Start(learner string) (dropped int, err error) {
	err = o.withLock(func() error {
		st, err := o.read()
		if err != nil {
			return err
		}
		if st.hasHdr && st.head.Learner == learner {
			return nil
		}
		dropped = len(st.events)
		return o.rewrite(outboxHeader{Learner: learner}, nil)
	})
	return dropped, err
}

// Remove deletes the outbox; it returns how many events the server never acknowledged.
func (o *Outbox) Remove() (dropped int, err error) {
	err = o.withLock(func() error {
		st, err := o.read()
		if err != nil {
			return err
		}
		dropped = len(st.events)
		if err := os.Remove(o.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the class outbox: %w", err)
		}
		return nil
	})
	return dropped, err
}

// writeAtomic writes a file through a temp file in the same folder, fsync'd, and a rename.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename durable where the folder can be synced (not on Windows, where
// opening a folder fails and renames are durable anyway).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
