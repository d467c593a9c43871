package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Command is one line of the append-only log the wrapper writes: what the learner ran,
// how long it took and how it ended, which is what lesson checks look at.
// gowrapper/main.go has a copy of this struct; keep the JSON names identical.
type Command struct {
	Args     []string  `json:"args"`               // arguments after `go`
	Dir      string    `json:"dir"`                // folder the command ran in
	Start    time.Time `json:"start"`              // when the real go was started
	Millis   float64   `json:"ms"`                 // wall time of the real go command
	Exit     int       `json:"exit"`               // exit code; -1 if killed by a signal
	Compiles *int      `json:"compiles,omitempty"` // only when args contain -x: number of compile invocations seen on stderr
	Links    *int      `json:"links,omitempty"`    // only when args contain -x: number of link invocations
	By       string    `json:"by,omitempty"`       // "" for the learner, "firstrun" for entries firstrun itself appends (e.g. a cache reset)
	// Interrupted: Ctrl-C arrived while the command ran (go run then exits 1 as for an error).
	Interrupted bool `json:"interrupted,omitempty"`
	// Stdout and Stderr are what the command printed, kept only when the step running at the
	// time asked for that command's output (see CaptureRequest); nil when not captured.
	Stdout *Captured `json:"stdout,omitempty"`
	Stderr *Captured `json:"stderr,omitempty"`
	// Target: the GOOS/GOARCH settings the command ran with that name another machine
	// ("GOARCH=arm64"); go run's program cannot start here then ("exec format error").
	Target string `json:"target,omitempty"`
}

// ReadLog returns the commands logged at path, oldest first; a missing log is no
// commands yet. A last line without its newline is a write still in progress (or cut by a
// crash) and is skipped, as is any line that does not decode: one bad line must never
// hide the learner's other commands. A line that starts with a torn fragment (an older
// wrapper appended to it) still yields the entry glued after the fragment.
func ReadLog(path string) ([]Command, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading command log: %w", err)
	}
	var cmds []Command
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break // torn last line
		}
		line := bytes.TrimSpace(data[:i])
		data = data[i+1:]
		if c, ok := decodeLine(line); ok {
			cmds = append(cmds, c)
		}
	}
	return cmds, nil
}

// entryStart is how every line the wrapper and AppendLog write begins.
var entryStart = []byte(`{"args":`)

// decodeLine decodes one log line; failing that, the entry glued after a torn fragment: the
// last place where an entry starts and the rest of the line decodes. A few tries are
// enough (one fragment, one entry); a line of thousands of fragments must not cost
// thousands of decodes.
func decodeLine(line []byte) (Command, bool) {
	var c Command
	if len(line) == 0 {
		return c, false
	}
	if json.Unmarshal(line, &c) == nil {
		return c, true
	}
	for end, tries := len(line), 0; end > 0 && tries < 8; tries++ {
		i := bytes.LastIndex(line[:end], entryStart)
		if i <= 0 {
			break
		}
		c = Command{}
		if json.Unmarshal(line[i:], &c) == nil {
			return c, true
		}
		end = i
	}
	return Command{}, false
}

// AppendLog adds c to the log at path as one JSON line. A single write to an O_APPEND
// file keeps lines whole when the wrapper writes at the same time; after a torn last line
// (no newline at the end) the entry starts on a fresh line, as the wrapper's do.
func AppendLog(path string, c Command) error {
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("logging command: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("logging command: %w", err)
	}
	line := append(b, '\n')
	if tornEnd(f) {
		line = append([]byte{'\n'}, line...)
	}
	_, err = f.Write(line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("logging command to %s: %w", path, err)
	}
	return nil
}

// tornEnd reports whether the file's last byte is not a newline (gowrapper has a copy).
func tornEnd(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
		return false
	}
	return last[0] != '\n'
}

// RanIn reports whether a logged command ran in the folder want (a path in the workspace):
// only commands run there count for a step, not a `go run hello.go` in another module after
// eval "$(firstrun env)". An entry without a folder (firstrun's own, or an old log) counts.
// The same folder may be written two ways (a symbolic link, /tmp and /private/tmp on macOS,
// letter case on Windows), so when the names differ the folders themselves are compared.
func RanIn(c Command, want string) bool {
	if c.Dir == "" || filepath.Clean(c.Dir) == filepath.Clean(want) {
		return true
	}
	got, err1 := os.Stat(c.Dir)
	dir, err2 := os.Stat(want)
	return err1 == nil && err2 == nil && os.SameFile(got, dir)
}
