package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// CaptureLimit is how much of one stream of one command the wrapper keeps when a step asks
// for its output: the first and the last half of it, so both a vet finding near the top
// and go test's summary at the bottom survive a long -v run.
const CaptureLimit = 64 << 10

// Captured is what the wrapper kept of one output stream of a command.
type Captured struct {
	Text string `json:"text"`
	// Truncated: the stream was longer than CaptureLimit; Text holds its start and end.
	Truncated bool `json:"truncated,omitempty"`
}

// CaptureRequest is the small state file that tells the wrapper which go commands' output
// the current step looks at: only those are copied (tee) while they run. Every other
// command keeps the learner's terminal as its stdout and stderr, untouched. gowrapper has a
// copy of this struct; keep the JSON names identical.
type CaptureRequest struct {
	// Step is the step that asked ("lesson/step"), for whoever reads the file.
	Step string `json:"step"`
	// Commands maps a go subcommand ("test", "vet") to the streams to keep ("stdout", "stderr").
	Commands map[string][]string `json:"commands"`
	Limit    int                 `json:"limit"`
}

// CapturePath is the capture request file. The wrapper finds it beside the command log, so
// a terminal set up with an older `firstrun env` still gets it.
func (w *Workspace) CapturePath() string { return filepath.Join(w.StateDir(), "capture.json") }

// SetCapture tells the wrapper which commands' output to keep from now on, for step; no
// commands removes the request, so nothing is captured. The file is replaced atomically:
// a go command starting at that moment reads the old request or the new one, never half.
func (w *Workspace) SetCapture(step string, commands map[string][]string) error {
	path := w.CapturePath()
	if len(commands) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clearing the output capture request: %w", err)
		}
		return nil
	}
	for _, streams := range commands {
		sort.Strings(streams)
	}
	data, err := json.Marshal(CaptureRequest{Step: step, Commands: commands, Limit: CaptureLimit})
	if err != nil {
		return fmt.Errorf("writing the output capture request: %w", err)
	}
	if have, err := os.ReadFile(path); err == nil && string(have) == string(data) {
		return nil
	}
	tmp, err := os.CreateTemp(w.StateDir(), ".capture-*.tmp")
	if err != nil {
		return fmt.Errorf("writing the output capture request: %w", err)
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing the output capture request: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing the output capture request: %w", err)
	}
	return nil
}
