package classroom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/firstrun/firstrun/engine"
)

// CheckJoin checks what a learner typed to join, before anything is made: the server's
// address (as ServerURL reads it) and the class code.
func CheckJoin(t *engine.Messages, rawURL, code string) (base, cleanCode string, err error) {
	base, err = ServerURL(rawURL)
	if err != nil {
		return "", "", errors.New(t.F("link.badurl", strings.TrimSpace(rawURL)))
	}
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 200 || strings.IndexFunc(code, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0 {
		return "", "", errors.New(t.F("link.codeform", code))
	}
	return base, code, nil
}

// JoinResult is what `firstrun class join` did, for the command to say.
type JoinResult struct {
	URL, Name string
	// Again: the workspace was in this class already; it keeps its learner id (its row on
	// the dashboard) and its outbox.
	Again bool
	// Left and Dropped: the workspace was in another class, whose undelivered events
	// are dropped.
	Left    string
	Dropped int
	// Answered: the server took the first batch, so the learner is on the dashboard now.
	Answered bool
	// Refusal: the server refused (a wrong code): nothing was recorded.
	Refusal *Refusal
	// Err: no answer (the server is not up yet); the class is recorded all the same.
	Err error
}

// Join records the class at rawURL in a's workspace and tries one delivery at once, within
// JoinWait: a batch with the learner's report, so they appear on the dashboard. A server that
// does not answer does not stop the join (events wait in the outbox); a refused code does,
// since every event would be refused too. The workspace must exist. The learner is name, else
// the name they joined this class with before, else fallback.
func Join(ctx context.Context, a *engine.App, who Learner, rawURL, code, name, fallback string) (*JoinResult, error) {
	base, code, err := CheckJoin(a.T, rawURL, code)
	if err != nil {
		return nil, err
	}
	files := newClassFiles(a.WS.ClassPath(), a.WS.OutboxPath(), a.WS.ClassLockPath())
	old, _ := files.load() // an unreadable record is replaced
	name = strings.TrimSpace(name)
	if name == "" && old != nil && old.URL == base {
		name = old.Name
	}
	if name == "" {
		name = strings.TrimSpace(fallback)
	}
	if r := []rune(name); len(r) > MaxNameLen {
		name = string(r[:MaxNameLen])
	}
	res := &JoinResult{URL: base, Name: name}
	m := &Membership{URL: base, Code: code, Name: name, Learner: newLearnerID(), Joined: a.Now().UTC()}
	if old != nil && old.URL == base {
		m.Learner, m.Joined, res.Again = old.Learner, old.Joined, true
	} else if old != nil {
		res.Left = old.URL
	}

	l := &Link{files: files, now: a.Now, t: a.T, stderr: io.Discard}
	l.snap = reportFunc(a, who, name)
	wait, cancel := context.WithTimeout(ctx, JoinWait)
	defer cancel()
	d := l.deliver(wait, m, l.snap(), true)
	res.Answered, res.Refusal, res.Err = d.answered, d.refusal, d.err
	if d.refusal != nil {
		return res, nil
	}
	if d.err != nil && timedOut(d.err) {
		m.TimedOut = a.Now()
	}
	err = files.Outbox.withLock(func() error { return files.save(m) })
	if err != nil {
		return nil, err
	}
	if res.Dropped, err = files.Outbox.Start(m.Learner); err != nil {
		return nil, err
	}
	return res, nil
}

// LeaveResult is what `firstrun class leave` did.
type LeaveResult struct {
	URL     string // the class left; "" when the workspace was in none
	Sent    int    // events delivered on the way out
	Dropped int    // events the server never received, dropped
}

// Leave makes one last delivery (within FlushWait, so the instructor sees where the learner
// got to), then deletes the class record and the outbox: nothing more is sent. The learner's
// progress itself stays, as always, in the workspace.
func Leave(ctx context.Context, a *engine.App, who Learner) (*LeaveResult, error) {
	files := newClassFiles(a.WS.ClassPath(), a.WS.OutboxPath(), a.WS.ClassLockPath())
	res := &LeaveResult{}
	m, err := files.load()
	if errors.Is(err, errNotJoined) {
		return res, nil
	}
	if m != nil {
		res.URL = m.URL
		res.Sent = flush(ctx, a, files, m, who)
	} else {
		res.URL = "?" // a broken record: leaving still clears it
	}
	err = files.Outbox.withLock(func() error {
		st, err := files.Outbox.read()
		if err != nil {
			return err
		}
		res.Dropped = len(st.events)
		for _, p := range []string{files.Record, files.Outbox.Path} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("leaving the class: %w", err)
			}
		}
		return nil
	})
	return res, err
}

// flush delivers what is pending within FlushWait, unless the server timed out lately; it
// returns how many events went.
func flush(ctx context.Context, a *engine.App, files *classFiles, m *Membership, who Learner) int {
	pending, _ := files.Outbox.Pending(m.Learner)
	if len(pending) == 0 || recentlyTimedOut(m, a.Now()) || ctx.Err() != nil {
		return 0
	}
	l := &Link{files: files, now: a.Now, t: a.T, stderr: io.Discard}
	wait, cancel := context.WithTimeout(ctx, FlushWait)
	defer cancel()
	return l.deliver(wait, m, reportFunc(a, who, m.Name)(), false).sent
}

// reportFunc builds the learner's report as of now; the Go version is read once.
func reportFunc(a *engine.App, who Learner, name string) func() *Report {
	goVersion := ""
	return func() *Report {
		p, err := a.Progress()
		if err != nil {
			return nil
		}
		if goVersion == "" {
			goVersion = a.GoVersion(context.Background()).Raw
		}
		w := who
		w.Name, w.Go = name, goVersion
		if w.Lang == "" {
			w.Lang = a.T.Lang
		}
		return cloneReport(FromProgress(a.Course, p, w, a.Now()))
	}
}

// recentlyTimedOut: a server that gave no answer in time lately is not waited for again.
func recentlyTimedOut(m *Membership, now time.Time) bool {
	return !m.TimedOut.IsZero() && now.Sub(m.TimedOut) < quietAfterTimeout
}

// ClassState is what a learner sees of their class in `firstrun progress`.
type ClassState struct {
	URL, Name string
	Waiting   int  // events not yet acknowledged by the server
	Refused   bool // the server's last answer was a refusal (a changed code)
}

// State is the class the workspace is in, nil when it is in none. What is waiting is sent
// first (within FlushWait), so the count is what the server still lacks.
func State(ctx context.Context, a *engine.App, who Learner) *ClassState {
	files := newClassFiles(a.WS.ClassPath(), a.WS.OutboxPath(), a.WS.ClassLockPath())
	m, err := files.load()
	if err != nil {
		return nil
	}
	flush(ctx, a, files, m, who)
	if fresh, err := files.load(); err == nil {
		m = fresh // the delivery may have found the code refused
	}
	pending, _ := files.Outbox.Pending(m.Learner)
	return &ClassState{URL: m.URL, Name: m.Name, Waiting: len(pending), Refused: m.Refused != ""}
}
