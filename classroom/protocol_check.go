package classroom

import (
	"errors"
	"fmt"
	"strings"

	"github.com/firstrun/firstrun/engine"
)

// What the server checks in a Batch before it keeps anything. A refused batch gets a status
// and one line of plain English text naming the field (400, 401, 413, 429), which the
// learner's firstrun can show as it is; an accepted one gets a BatchReply (200).

// Learner ids are what a workspace made when it joined: 8 to 64 letters, digits, '-' or '_'
// (e.g. 32 hex digits from crypto/rand).
const (
	minLearnerID = 8
	maxLearnerID = 64
)

// ValidLearnerID says whether id has the shape a learner id must have.
func ValidLearnerID(id string) bool {
	if len(id) < minLearnerID || len(id) > maxLearnerID {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Longest strings kept from an event: the rest is cut (a check's message can be long).
const (
	maxEventMsg  = 500
	maxEventKind = 40
	maxRunArgs   = 50
	maxReportLen = 1000 // steps or runs in one report: a course has a few dozen
)

// errTooMany is a batch with more events than MaxEventsPerBatch: 413, like a body too large.
var errTooMany = errors.New("too many events")

// checkBatch validates b and cleans every string in it (control characters and
// bidirectional overrides dropped, lengths cut), so that nothing a learner sends can repaint
// the instructor's terminal. It returns what is wrong, in words for the sender.
func checkBatch(b *Batch) error {
	switch {
	case b.Format < 1:
		return errors.New(`"format" is missing: send format 1`)
	case b.Format > ProtocolFormat:
		return fmt.Errorf("format %d is newer than this server's format %d: the instructor needs a newer firstrun", b.Format, ProtocolFormat)
	case !ValidLearnerID(b.Learner):
		return errors.New(`"learner" must be 8 to 64 letters, digits, '-' or '_'`)
	case len(b.Events) > MaxEventsPerBatch:
		return fmt.Errorf("%w: %d in one batch, at most %d", errTooMany, len(b.Events), MaxEventsPerBatch)
	}
	b.Name = cleanField(b.Name, MaxNameLen)
	if b.Name == "" {
		return errors.New(`"name" is empty: join the class with --name NAME`)
	}
	var last int64
	for i := range b.Events {
		e := &b.Events[i]
		if e.Seq <= last {
			if e.Seq <= 0 {
				return fmt.Errorf("events[%d]: seq %d: numbers start at 1", i, e.Seq)
			}
			return fmt.Errorf("events[%d]: seq %d after %d: numbers must increase", i, e.Seq, last)
		}
		last = e.Seq
		if err := cleanEvent(&e.Event); err != nil {
			return fmt.Errorf("events[%d]: %w", i, err)
		}
	}
	if r := b.Report; r != nil {
		switch {
		case r.Format < 1:
			return errors.New(`report: "format" is missing`)
		case r.Format > ReportFormat:
			return fmt.Errorf("report format %d is newer than this server's format %d: the instructor needs a newer firstrun", r.Format, ReportFormat)
		case r.Kind != "" && r.Kind != ReportKind:
			return fmt.Errorf("report: kind %q, want %q", cleanField(r.Kind, maxText), ReportKind)
		case len(r.Steps) > maxReportLen || len(r.Runs) > maxReportLen:
			return fmt.Errorf("%w: report with %d steps and %d runs", errTooMany, len(r.Steps), len(r.Runs))
		}
		if field := r.clean(); field != "" {
			return fmt.Errorf("report: bad value in %s", field)
		}
		r.Kind = ReportKind
		r.Name = b.Name // the batch's name is the learner's: one name per row
		r.File = ""
	}
	return nil
}

func cleanEvent(e *engine.Event) error {
	e.Kind = cleanField(e.Kind, maxEventKind)
	if e.Kind == "" {
		return errors.New(`"kind" is empty`)
	}
	e.Lesson, e.Step = cleanField(e.Lesson, maxText), cleanField(e.Step, maxText)
	e.Msg = cleanField(e.Msg, maxEventMsg)
	if e.Hint < 0 {
		return fmt.Errorf("hint %d", e.Hint)
	}
	if r := e.Run; r != nil {
		r.Name, r.Step = cleanField(r.Name, maxText), cleanField(r.Step, maxText)
		if len(r.Args) > maxRunArgs {
			r.Args = r.Args[:maxRunArgs]
		}
		for i := range r.Args {
			r.Args[i] = cleanField(r.Args[i], 200)
		}
		if r.Millis < 0 || r.Compiles != nil && *r.Compiles < 0 || r.Links != nil && *r.Links < 0 {
			return errors.New("run: negative value")
		}
	}
	return nil
}

// normCode is a class code as typed: case and spaces do not matter.
func normCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
