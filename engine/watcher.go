package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/firstrun/firstrun/sandbox"
	"github.com/fsnotify/fsnotify"
)

// Watch timings: editors save in bursts (write a temp file, rename, chmod), and a go command
// writes its log line once it ends, so one quiet spell of Debounce means "the learner did one
// thing". Polling, where the file system sends no events, looks every PollEvery.
const (
	WatchDebounce  = 200 * time.Millisecond
	WatchPollEvery = 500 * time.Millisecond
)

// Watcher tells when the learner's workspace or the go command log changed. It watches the
// workspace folder and its .firstrun/ state folder, not recursively: the learner's files are
// at the top, and every go command ends with a line in .firstrun/commands.jsonl. Without file
// system events (a network folder, a container, or FIRSTRUN_WATCH=poll) it polls.
type Watcher struct {
	// C receives one value after a burst of changes (never more than one pending).
	C <-chan struct{}

	c       chan struct{}
	ws      *sandbox.Workspace
	fsw     *fsnotify.Watcher // nil when polling
	stop    chan struct{}
	done    sync.WaitGroup
	closing sync.Once
}

// NewWatcher starts watching ws. poll forces polling; otherwise polling is the fallback when
// file system events cannot be had.
func NewWatcher(ws *sandbox.Workspace, poll bool) *Watcher {
	c := make(chan struct{}, 1)
	w := &Watcher{C: c, c: c, ws: ws, stop: make(chan struct{})}
	if !poll {
		w.fsw = newFSWatcher(ws.Dir, ws.StateDir())
	}
	w.done.Add(1)
	if w.fsw != nil {
		go w.events()
	} else {
		go w.poll(w.Fingerprint()) // taken now: a change right after NewWatcher counts
	}
	return w
}

func newFSWatcher(dirs ...string) *fsnotify.Watcher {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil
	}
	for _, d := range dirs {
		if err := fsw.Add(d); err != nil {
			fsw.Close()
			return nil
		}
	}
	return fsw
}

// Polling reports whether the watcher polls instead of getting events.
func (w *Watcher) Polling() bool { return w.fsw == nil }

// Close stops watching; C receives nothing more.
func (w *Watcher) Close() {
	w.closing.Do(func() {
		close(w.stop)
		if w.fsw != nil {
			w.fsw.Close()
		}
		w.done.Wait()
	})
}

func (w *Watcher) signal() {
	select {
	case w.c <- struct{}{}:
	default: // one pending signal is enough: the reader looks at the whole workspace
	}
}

func (w *Watcher) events() {
	defer w.done.Done()
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-w.stop:
			if timer != nil {
				timer.Stop()
			}
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.ignored(ev.Name) {
				continue
			}
			if timer == nil {
				timer = time.NewTimer(WatchDebounce)
			} else {
				timer.Reset(WatchDebounce)
			}
			fire = timer.C
		case _, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			// An overflowed event queue loses changes: say something changed, to be safe.
			w.signal()
		case <-fire:
			fire = nil
			w.signal()
		}
	}
}

func (w *Watcher) poll(last string) {
	defer w.done.Done()
	t := time.NewTicker(WatchPollEvery)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			if fp := w.Fingerprint(); fp != last {
				last = fp
				w.signal()
			}
		}
	}
}

// ignored: firstrun's own writes (progress, its temp files and locks, the checker's folder)
// and editors' scratch files are not the learner doing something.
func (w *Watcher) ignored(path string) bool {
	dir, name := filepath.Split(filepath.Clean(path))
	if filepath.Clean(dir) == w.ws.StateDir() {
		// In the state folder only the go command log says the learner did something; the
		// progress file is watched for `firstrun answer` from another terminal.
		return name != filepath.Base(w.ws.LogPath()) && name != filepath.Base(w.ws.ProgressPath())
	}
	return name == filepath.Base(w.ws.StateDir()) || scratchFile(name)
}

// scratchFile names an editor's swap, backup or probe file.
func scratchFile(name string) bool {
	return strings.HasPrefix(name, ".#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".lock") || name == "4913"
}

// Fingerprint sums up what a check can see change: the workspace's top-level files (name,
// size, time, mode) and the go command log. Two equal fingerprints mean a check would see
// the same workspace, so it need not run again.
func (w *Watcher) Fingerprint() string { return workspaceFingerprint(w.ws) }

func workspaceFingerprint(ws *sandbox.Workspace) string {
	var parts []string
	entries, _ := os.ReadDir(ws.Dir)
	for _, e := range entries {
		if e.Name() == filepath.Base(ws.StateDir()) || scratchFile(e.Name()) {
			continue
		}
		parts = append(parts, statLine(filepath.Join(ws.Dir, e.Name())))
	}
	sort.Strings(parts)
	parts = append(parts, statLine(ws.LogPath()))
	return strings.Join(parts, "\n")
}

// progressFingerprint tells when another process (`firstrun answer`, `firstrun lesson`)
// moved the learner.
func progressFingerprint(ws *sandbox.Workspace) string { return statLine(ws.ProgressPath()) }

func statLine(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return filepath.Base(path) + " -"
	}
	return fmt.Sprintf("%s %d %d %v", filepath.Base(path), st.Size(), st.ModTime().UnixNano(), st.Mode())
}
