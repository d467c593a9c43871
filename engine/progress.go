package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// ProgressFormat is the version of progress.json; a file with another version is set aside,
// like a corrupt one, rather than misread. Fields added since (history) keep the number: an
// older file just lacks them, and an older firstrun ignores them.
const ProgressFormat = 1

const progressNote = "firstrun progress. Written by firstrun; edit at your own risk (firstrun reset starts over)."

// Progress is what the learner has done, kept in the workspace so it survives a crash.
type Progress struct {
	Note   string `json:"_note"`
	Format int    `json:"format"`
	// Lesson and Step say where the learner is; empty means the course's first step.
	Lesson string `json:"lesson,omitempty"`
	Step   string `json:"step,omitempty"`
	// StepStarted is when the current step began: log entries before it do not count for it.
	StepStarted time.Time `json:"step_started"`
	// StepCache is the private cache as it was when the step began (is the next run cold?).
	StepCache sandbox.CacheStats `json:"step_cache"`
	// Done maps "lesson/step" to when it passed.
	Done map[string]time.Time `json:"done"`
	// Runs are go commands a check saved by name (cold, warm…) for comparisons and the timing view.
	Runs map[string]SavedRun `json:"runs"`
	// Traces are build traces a check read, by name (build_trace's save_as): their figures.
	Traces map[string]SavedTrace `json:"traces,omitempty"`
	// Hints counts the hints revealed per step: each request shows one more.
	Hints map[string]int `json:"hints,omitempty"`
	// History is each reached step's times and failed attempts (history.go), for reports.
	History map[string]*StepHistory `json:"history,omitempty"`
	// Revisit is the lesson the learner went back to (a step already done): it goes on in
	// order to its end, done steps included (start.go).
	Revisit string `json:"revisit,omitempty"`

	newRuns []string // names saved since the last emitRuns, for EventRunSaved
	// base is the file as this process last read or wrote it (empty: there was none), which
	// Save merges against; nil for a fresh start that replaces whatever is there (a reset).
	base []byte
}

// SavedRun is one recorded go command kept under a name.
type SavedRun struct {
	Args     []string  `json:"args"`
	Start    time.Time `json:"start"`
	Millis   float64   `json:"ms"`
	Compiles *int      `json:"compiles,omitempty"`
	Links    *int      `json:"links,omitempty"`
	Step     string    `json:"step,omitempty"`
}

// NewProgress is a fresh start.
func NewProgress() *Progress {
	return &Progress{Note: progressNote, Format: ProgressFormat, Done: map[string]time.Time{}, Runs: map[string]SavedRun{}}
}

// SaveRun keeps a logged command under a name, replacing an earlier one.
func (p *Progress) SaveRun(name string, c sandbox.Command) {
	p.newRuns = append(p.newRuns, name)
	p.Runs[name] = SavedRun{Args: c.Args, Start: c.Start, Millis: c.Millis, Compiles: c.Compiles, Links: c.Links, Step: Key(p.Lesson, p.Step)}
}

// ErrProgressReset says a corrupt or unreadable progress file was set aside as .bak and a
// fresh start was made; the caller tells the learner.
var ErrProgressReset = errors.New("progress file was unreadable")

// LoadProgress reads the progress file. A missing file is a fresh start. A corrupt file, or one
// of another format, is set aside (progress.json.bak, or progress.json.<UTC time>.bak when a
// .bak is already there: none is ever overwritten) and a fresh start is returned together
// with an error wrapping ErrProgressReset, so nothing is lost and the learner is told.
func LoadProgress(path string) (*Progress, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		p := NewProgress()
		p.base = []byte{}
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading progress %s: %w", path, err)
	}
	p, err := decodeProgress(data)
	if err == nil {
		p.base = data
		return p, nil
	}
	why := err.Error()
	bak, changed, err := setAsideLocked(path, data)
	if changed {
		return LoadProgress(path) // another process replaced it meanwhile: read that
	}
	if err != nil {
		return nil, fmt.Errorf("progress %s is unreadable (%s) and could not be set aside: %w", path, why, err)
	}
	return NewProgress(), fmt.Errorf("%w: %s (%s); kept as %s, starting fresh", ErrProgressReset, path, why, bak)
}

// Save writes the progress atomically: a temp file in the same folder, then a rename, so a
// crash mid-write leaves the old file whole. It holds the progress lock while it reads the
// file, merges what another process saved since this one loaded (see mergeProgress) and
// writes; p then holds the merged progress.
func (p *Progress) Save(path string) error {
	p.Note, p.Format = progressNote, ProgressFormat
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	unlock, err := sandbox.LockFile(progressLockPath(path))
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	defer unlock()
	data, err := p.merged(path)
	if err != nil {
		return fmt.Errorf("saving progress %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".progress-*.tmp")
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving progress %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving progress %s: %w", path, err)
	}
	p.base = data
	return nil
}
