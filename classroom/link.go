package classroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/firstrun/firstrun/engine"
)

// How long the learner's side of the class waits for the network. Nothing a learner does
// waits for it: events are written to the outbox and sent by a goroutine; only the end of a
// command waits, at most FlushWait, for what is still on its way.
const (
	// FlushWait bounds the delivery at the end of every firstrun command.
	FlushWait = 1500 * time.Millisecond
	// JoinWait bounds the delivery that `class join` tries at once.
	JoinWait = 3 * time.Second
	// sendWait bounds one delivery of the background goroutine (no one waits for it).
	sendWait = 5 * time.Second
	// quietAfterTimeout: after a server gave no answer in time, commands do not flush for
	// this long (the outbox keeps everything; the workbook's goroutine still tries).
	quietAfterTimeout = 30 * time.Second
	// gather lets the events of one action (a step passed, the next started, a run saved)
	// go in one batch.
	gather = 100 * time.Millisecond
	// maxMsgRunes cuts a failed check's message in an event: the dashboard shows a line,
	// not a program's whole output.
	maxMsgRunes = 2000
)

// Link ties a running firstrun to the class its workspace joined: every engine event goes to
// the outbox at once, and a goroutine delivers it; Close makes a last bounded delivery and
// says, once, what the learner must know (the code was refused).
type Link struct {
	files  *classFiles
	snap   func() *Report       // the learner's report as of now, on the engine's goroutine
	now    func() time.Time     // the clock for the class record
	t      *engine.Messages     // the learner's language
	stderr io.Writer            // where Close says what the learner must know
	prev   func(e engine.Event) // a listener the App had before, still called

	mu        sync.Mutex
	report    *Report  // the newest report, for the goroutine's batches
	appendErr error    // the outbox could not be written: said once, at Close
	notes     []string // what Close says
	started   bool
	kick      chan struct{}
	stop      chan struct{}
	done      chan struct{}
	bg        context.Context
	bgCancel  context.CancelFunc
}

// Attach connects a to the class the workspace joined, if it joined one: from now on every
// event a emits is appended to the outbox and delivered in the background. who describes the
// machine (the name comes from the class record, the Go version is read when first needed).
// It returns nil when the workspace is in no class; a nil *Link's Close does nothing.
func Attach(a *engine.App, who Learner, stderr io.Writer) *Link {
	files := newClassFiles(a.WS.ClassPath(), a.WS.OutboxPath(), a.WS.ClassLockPath())
	m, err := files.load()
	if errors.Is(err, errNotJoined) {
		return nil
	}
	l := &Link{files: files, now: a.Now, t: a.T, stderr: stderr, prev: a.OnEvent,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	if err != nil {
		l.notes = append(l.notes, err.Error())
		return l
	}
	l.snap = reportFunc(a, who, m.Name)
	a.OnEvent = l.onEvent
	return l
}

// onEvent writes the event to the outbox (fsync'd) and wakes the sender; it never touches
// the network.
func (l *Link) onEvent(e engine.Event) {
	if l.prev != nil {
		l.prev(e)
	}
	if utf8.RuneCountInString(e.Msg) > maxMsgRunes {
		e.Msg = string([]rune(e.Msg)[:maxMsgRunes]) + "…"
	}
	// The class as the workspace records it now: a `class join` or `leave` in the learner's
	// shell since this process started must not be undone by its next event.
	var err error
	if m, lerr := l.files.load(); lerr == nil {
		err = l.files.Outbox.Append(m.Learner, e)
	} else if !errors.Is(lerr, errNotJoined) {
		err = lerr
	}
	rep := l.snap()
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil && l.appendErr == nil {
		l.appendErr = err
	}
	if rep != nil {
		l.report = rep
	}
	if !l.started {
		l.started = true
		l.bg, l.bgCancel = context.WithCancel(context.Background())
		go l.loop()
	}
	select {
	case l.kick <- struct{}{}:
	default: // a delivery is already due
	}
}

// loop delivers in the background: on each new event, and again after a failure, less often
// the longer the server stays away.
func (l *Link) loop() {
	defer close(l.done)
	var retry <-chan time.Time
	backoff := time.Duration(0)
	for {
		select {
		case <-l.stop:
			return
		case <-l.kick:
		case <-retry:
		}
		select {
		case <-l.stop:
			return
		case <-time.After(gather):
		}
		m, err := l.files.load()
		if err != nil {
			continue // left the class meanwhile (or the record broke: Close says so); a later join may come
		}
		ctx, cancel := context.WithTimeout(l.bg, sendWait)
		d := l.deliver(ctx, m, l.latest(), false)
		cancel()
		retry = nil
		switch {
		case d.pending == 0 || d.refusal != nil:
			backoff = 0 // all sent, or refused: the next event tries again
		default:
			backoff = min(max(2*backoff, 2*time.Second), 30*time.Second)
			retry = time.After(backoff)
		}
	}
}

func (l *Link) latest() *Report {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.report
}

// Close ends the link at the end of a command: it stops the goroutine, delivers what is still
// pending within FlushWait (not after Ctrl-C, and not while a server that timed out lately
// would make the learner wait again), and prints the notes the learner has not seen yet.
// Whatever is not delivered stays in the outbox for the next firstrun command.
func (l *Link) Close(ctx context.Context) {
	if l == nil {
		return
	}
	flush, cancel := context.WithTimeout(context.Background(), FlushWait)
	defer cancel()
	l.mu.Lock()
	started := l.started
	l.mu.Unlock()
	if started {
		close(l.stop)
		select {
		case <-l.done:
		case <-flush.Done():
		}
		l.bgCancel()
		<-l.done
	}
	if m, err := l.files.load(); err == nil && ctx.Err() == nil && flush.Err() == nil && l.snap != nil {
		if pending, _ := l.files.Outbox.Pending(m.Learner); len(pending) > 0 && !recentlyTimedOut(m, l.now()) {
			l.deliver(flush, m, l.snap(), false)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.appendErr != nil {
		l.notes = append(l.notes, l.t.F("link.outboxerr", l.appendErr))
	}
	for _, n := range l.notes {
		fmt.Fprintln(l.stderr, "firstrun: "+n)
	}
	l.notes = nil
}

// delivery is what one delivery did.
type delivery struct {
	sent     int  // events the server acknowledged
	pending  int  // events still in the outbox
	answered bool // the server took a batch
	refusal  *Refusal
	err      error // no answer (down, unreachable, a server error): tried again later
}

// deliver sends the outbox's pending events to m's server in batches, oldest first, until
// none is left or the server does not take one; hello sends a batch even with no events (so
// a learner who just joined shows on the dashboard). It notes the outcome in the class record.
func (l *Link) deliver(ctx context.Context, m *Membership, rep *Report, hello bool) delivery {
	var d delivery
	limit := MaxEventsPerBatch
	for {
		events, err := l.files.Outbox.Pending(m.Learner)
		if err != nil {
			d.err = err
			break
		}
		d.pending = len(events)
		if len(events) == 0 && !hello {
			break
		}
		hello = false
		body, n, err := encodeBatch(m, events, min(limit, len(events)), rep, l.now())
		if err != nil {
			d.err = err
			break
		}
		reply, err := send(ctx, m.URL, m.Code, body)
		var ref *Refusal
		if errors.As(err, &ref) && ref.Status == http.StatusRequestEntityTooLarge && n > 1 {
			limit = n / 2 // a server with a smaller limit than ours: send less at once
			continue
		}
		if errors.As(err, &ref) {
			d.refusal = ref
			break
		}
		if err != nil {
			d.err = err
			break
		}
		d.answered = true
		if err := l.files.Outbox.Ack(m.Learner, reply.Through); err != nil {
			d.err = err
			break
		}
		took := 0
		for _, e := range events[:n] {
			if e.Seq <= reply.Through {
				took++
			}
		}
		d.sent += took
		d.pending -= took
		if n == 0 || took < n {
			break // the server kept some back: try again later, not in a loop now
		}
	}
	l.noteOutcome(m, d)
	return d
}

// encodeBatch marshals a batch of up to n events, fewer when that would exceed the server's
// size limit; it returns the body and how many events it holds.
func encodeBatch(m *Membership, events []Envelope, n int, rep *Report, sent time.Time) ([]byte, int, error) {
	for {
		b := Batch{Format: ProtocolFormat, Learner: m.Learner, Name: m.Name, Events: events[:n], Report: rep, Sent: sent.UTC()}
		if b.Events == nil {
			b.Events = []Envelope{}
		}
		body, err := json.Marshal(b)
		if err != nil {
			return nil, 0, err
		}
		if len(body) <= MaxBatchBytes || n <= 1 {
			return body, n, nil
		}
		n /= 2
	}
}

// noteOutcome keeps in the class record what the next commands must know: a refusal not yet
// shown (the learner is told now, once), a server that did not answer in time.
func (l *Link) noteOutcome(m *Membership, d delivery) {
	err := l.files.update(func(rec *Membership) bool {
		if rec.Learner != m.Learner || rec.URL != m.URL {
			return false // joined another class meanwhile
		}
		switch {
		case d.answered && d.refusal == nil:
			changed := rec.Refused != "" || !rec.TimedOut.IsZero()
			rec.Refused, rec.TimedOut = "", time.Time{}
			return changed
		case d.refusal != nil:
			if rec.Refused == d.refusal.key() {
				return false // already told
			}
			rec.Refused = d.refusal.key()
			l.note(refusalNote(l.t, m, d.refusal))
			return true
		case d.err != nil && timedOut(d.err):
			rec.TimedOut = l.now()
			return true
		}
		return false
	})
	_ = err // the outcome is a courtesy; a record that cannot be written loses no event
}

func (l *Link) note(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notes = append(l.notes, s)
}

// refusalNote says what a refusal means for the learner and what to do.
func refusalNote(t *engine.Messages, m *Membership, r *Refusal) string {
	if r.CodeRefused() {
		return t.F("link.coderefused", m.URL)
	}
	return t.F("link.refused", m.URL, r.Error())
}

// cloneReport copies the pointers a report shares with the progress it was built from, so the
// goroutine can marshal it while the workbook goes on.
func cloneReport(r *Report) *Report {
	if r == nil {
		return nil
	}
	runs := make([]RunReport, len(r.Runs))
	for i, run := range r.Runs {
		if run.Compiles != nil {
			c := *run.Compiles
			run.Compiles = &c
		}
		if run.Links != nil {
			c := *run.Links
			run.Links = &c
		}
		runs[i] = run
	}
	r.Runs = runs
	return r
}
