package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// Two firstrun processes share one progress file as a rule: the workbook, and
// `firstrun answer` or `firstrun check` in the learner's shell. Each keeps the progress it
// loaded in memory and saves it whole, so a save merges three ways under the lock: base (what
// this process loaded or last wrote), ours (the copy in memory) and theirs (the file as it is
// now). The merge works on the JSON, field by field, so a field added to Progress later needs
// no merge code. Conflicts are settled so that no process undoes another:
//   - done: a step passed on either side stays passed (the earlier time wins);
//   - hints: the higher count;
//   - runs: the one recorded later;
//   - the position (lesson, step, when it began, the cache then) moves as one: if both sides
//     moved and ours points at a step the other process has since passed, theirs wins, so the
//     learner never goes back to a step already done;
//   - anything else: ours.

// positionFields move together: a step without its start time would judge the wrong commands.
var positionFields = []string{"lesson", "step", "step_started", "step_cache"}

// mergeProgress merges ours into theirs over base; all three are JSON objects as Save writes
// them. It returns the merged JSON object.
func mergeProgress(base, ours, theirs []byte) ([]byte, error) {
	var b, o, t map[string]any
	for _, x := range []struct {
		data []byte
		v    *map[string]any
	}{{base, &b}, {ours, &o}, {theirs, &t}} {
		d := json.NewDecoder(bytes.NewReader(x.data))
		d.UseNumber() // compare numbers exactly, and write them back as they were
		if err := d.Decode(x.v); err != nil {
			return nil, err
		}
		if *x.v == nil {
			*x.v = map[string]any{}
		}
	}
	out := map[string]any{}
	isPos := map[string]bool{}
	for _, k := range positionFields {
		isPos[k] = true
	}
	for k := range union(b, o, t) {
		if isPos[k] {
			continue
		}
		bv, bok := b[k]
		ov, ook := o[k]
		tv, tok := t[k]
		if v, ok := mergeValue(k, bv, bok, ov, ook, tv, tok); ok {
			out[k] = v
		}
	}
	bp, op, tp := pick(b, positionFields), pick(o, positionFields), pick(t, positionFields)
	pos := op
	switch {
	case reflect.DeepEqual(op, bp):
		pos = tp
	case reflect.DeepEqual(tp, bp):
		pos = op
	case passedByTheirs(op, b, t):
		pos = tp
	}
	for k, v := range pos {
		out[k] = v
	}
	return json.Marshal(out)
}

// passedByTheirs: the step ours points at was passed by the other process since we loaded.
func passedByTheirs(pos, base, theirs map[string]any) bool {
	lesson, _ := pos["lesson"].(string)
	step, _ := pos["step"].(string)
	if lesson == "" {
		return false
	}
	k := Key(lesson, step)
	_, before := asMap(base["done"])[k]
	_, now := asMap(theirs["done"])[k]
	return now && !before
}

func mergeValue(path string, b any, bok bool, o any, ook bool, t any, tok bool) (any, bool) {
	switch {
	case same(o, ook, b, bok):
		return t, tok
	case same(t, tok, b, bok), same(o, ook, t, tok):
		return o, ook
	}
	om, oIsMap := o.(map[string]any)
	tm, tIsMap := t.(map[string]any)
	if oIsMap && tIsMap {
		bm := asMap(b)
		out := map[string]any{}
		for k := range union(bm, om, tm) {
			bv, bok := bm[k]
			ov, ook := om[k]
			tv, tok := tm[k]
			if v, ok := mergeValue(path+"/"+k, bv, bok, ov, ook, tv, tok); ok {
				out[k] = v
			}
		}
		return out, true
	}
	// Both sides changed one value differently.
	top, _, _ := strings.Cut(path, "/")
	nested := strings.Contains(path, "/")
	switch {
	case !ook || !tok:
		if nested && (top == "done" || top == "runs" || top == "hints") {
			// One side removed what the other changed: keep it, nothing passed is lost.
			if ook {
				return o, true
			}
			return t, true
		}
	case top == "done" && nested:
		if earlier(t, o) {
			return t, true
		}
	case top == "hints" && nested:
		if number(t) > number(o) {
			return t, true
		}
	case top == "runs" && nested:
		if earlier(asMap(o)["start"], asMap(t)["start"]) {
			return t, true
		}
	}
	return o, ook
}

func same(a any, aok bool, b any, bok bool) bool {
	return aok == bok && reflect.DeepEqual(a, b)
}

func union(ms ...map[string]any) map[string]bool {
	u := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			u[k] = true
		}
	}
	return u
}

func pick(m map[string]any, keys []string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// earlier reports whether JSON time a is before b; an unreadable time is never earlier.
func earlier(a, b any) bool {
	as, _ := a.(string)
	bs, _ := b.(string)
	ta, errA := time.Parse(time.RFC3339Nano, as)
	tb, errB := time.Parse(time.RFC3339Nano, bs)
	if errA != nil {
		return false
	}
	return errB != nil || ta.Before(tb)
}

func number(v any) float64 {
	n, _ := v.(json.Number)
	f, _ := n.Float64()
	return f
}

// progressLockPath is the lock every progress change holds, beside the progress file.
func progressLockPath(progress string) string {
	return filepath.Join(filepath.Dir(progress), "progress.lock")
}

// merged is what Save writes: p, merged with the file at path when another process changed
// it since p was loaded or last saved. It updates p to the merged progress. The caller holds
// the lock.
func (p *Progress) merged(path string) ([]byte, error) {
	ours, err := p.encode()
	if err != nil {
		return nil, err
	}
	theirs, err := os.ReadFile(path)
	switch {
	case p.base == nil || errors.Is(err, fs.ErrNotExist) || (err == nil && bytes.Equal(theirs, p.base)):
		return ours, nil // a fresh start, nothing there, or nobody else wrote: ours as it is
	case err != nil:
		return nil, err
	}
	theirsP, err := decodeProgress(theirs)
	if err != nil {
		// Unreadable now (a hand edit?): keep it, as loading would, and write ours.
		if _, err := setAside(path, theirs); err != nil {
			return nil, err
		}
		return ours, nil
	}
	baseP := NewProgress()
	if len(p.base) > 0 {
		if baseP, err = decodeProgress(p.base); err != nil {
			baseP = NewProgress()
		}
	}
	// Both through the struct, as ours is, so that only real changes differ.
	baseJSON, err := baseP.encode()
	if err != nil {
		return nil, err
	}
	theirsJSON, err := theirsP.encode()
	if err != nil {
		return nil, err
	}
	m, err := mergeProgress(baseJSON, ours, theirsJSON)
	if err != nil {
		return nil, err
	}
	q, err := decodeProgress(m)
	if err != nil {
		return nil, err
	}
	q.newRuns = p.newRuns
	*p = *q
	return p.encode()
}

func (p *Progress) encode() ([]byte, error) {
	p.Note, p.Format = progressNote, ProgressFormat
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// decodeProgress reads a progress file's content; an error for JSON that is not progress of
// this format.
func decodeProgress(data []byte) (*Progress, error) {
	p := NewProgress()
	if err := json.Unmarshal(data, p); err != nil {
		return nil, err
	}
	if p.Format != ProgressFormat {
		return nil, fmt.Errorf("format %d, this firstrun reads format %d", p.Format, ProgressFormat)
	}
	if p.Done == nil {
		p.Done = map[string]time.Time{}
	}
	if p.Runs == nil {
		p.Runs = map[string]SavedRun{}
	}
	return p, nil
}

// setAside keeps an unreadable progress file under a name no later one overwrites: the first
// as progress.json.bak, later ones as progress.json.<UTC time>.bak. It returns that name.
func setAside(path string, data []byte) (string, error) {
	bak := path + ".bak"
	if _, err := os.Lstat(bak); err == nil {
		stamp := time.Now().UTC().Format("20060102T150405Z")
		bak = fmt.Sprintf("%s.%s.bak", path, stamp)
		for i := 2; ; i++ {
			if _, err := os.Lstat(bak); errors.Is(err, fs.ErrNotExist) {
				break
			}
			bak = fmt.Sprintf("%s.%s-%d.bak", path, stamp, i)
		}
	}
	// A hard link then a remove never replaces an existing name, as a rename could.
	if err := os.Link(path, bak); err != nil {
		if err := os.WriteFile(bak, data, 0o644); err != nil {
			return "", err
		}
	}
	return bak, os.Remove(path)
}

// setAsideLocked sets the unreadable progress data aside under the progress lock, unless the
// file no longer holds data (another process set it aside or saved meanwhile: changed).
func setAsideLocked(path string, data []byte) (bak string, changed bool, err error) {
	unlock, err := sandbox.LockFile(progressLockPath(path))
	if err != nil {
		return "", false, err
	}
	defer unlock()
	cur, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", false, err
	}
	if err != nil || !bytes.Equal(cur, data) {
		return "", true, nil
	}
	bak, err = setAside(path, data)
	return bak, false, err
}
