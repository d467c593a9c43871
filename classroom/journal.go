package classroom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/firstrun/firstrun/engine"
)

// journal is the class's append-only record: one JSON line per accepted batch, synced to disk
// before the learner is told it arrived. Replaying it rebuilds the class after a restart.
type journal struct {
	f    *os.File
	path string
	size int64
	// broken is set when a failed write could not be cut back: no line is added after it.
	broken error
}

// openJournal opens (or creates) the journal at path and replays every record in it through
// apply. Nothing in it is fatal: a last line cut short (a write the server did not finish, so
// no learner was told it arrived and its events come again) is cut off, and a line that is
// not a record is skipped; notes says what was skipped, in t's language.
func openJournal(t *engine.Messages, path string, apply func(*record)) (j *journal, notes []string, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	var good int64 // the end of the last whole line
	rd := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := rd.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(bytes.TrimSpace(line)) > 0 {
				notes = append(notes, t.F("class.torn", path, len(line)))
			}
			break
		}
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("reading %s: %w", path, err)
		}
		good += int64(len(line))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rec := &record{}
		if err := json.Unmarshal(line, rec); err != nil || !ValidLearnerID(rec.Learner) {
			if err == nil {
				err = errors.New("no learner id")
			}
			notes = append(notes, t.F("class.badline", path, n, err))
			continue
		}
		apply(rec)
	}
	if st, err := f.Stat(); err == nil && st.Size() > good {
		if err := f.Truncate(good); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("cutting the torn last line of %s: %w", path, err)
		}
	}
	return &journal{f: f, path: path, size: good}, notes, nil
}

// append writes rec as one line and syncs it. A write that fails is cut off again, so the
// journal never keeps half a line in the middle.
func (j *journal) append(rec *record) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if j.broken != nil {
		return j.broken // learners get an error and keep their events for a later server
	}
	if _, err := j.f.Write(data); err != nil {
		return j.cutBack(fmt.Errorf("writing %s: %w", j.path, err))
	}
	if err := j.f.Sync(); err != nil {
		return j.cutBack(fmt.Errorf("syncing %s: %w", j.path, err))
	}
	j.size += int64(len(data))
	return nil
}

// cutBack removes a failed write's part line. When even that fails, the journal takes no more
// lines: the next one would be glued to the part line and both lost on replay.
func (j *journal) cutBack(err error) error {
	if terr := j.f.Truncate(j.size); terr != nil {
		j.broken = fmt.Errorf("%w (and it could not be cut back: %v; restart the server)", err, terr)
		return j.broken
	}
	return err
}

func (j *journal) close() error { return j.f.Close() }
