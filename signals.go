package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/firstrun/firstrun/engine"
	"golang.org/x/term"
)

// lastResort is how long firstrun's own way out may take after SIGTERM or SIGHUP (a prompt
// gives up, a job is hung up and given jobGrace to end) before the signal's goroutine ends
// the process itself. On Windows it is the way out from a prompt: survey reads the console
// there and cannot be stopped, and Windows ends a process 5 s after its window closed.
const lastResort = 3 * time.Second

// stopper is how firstrun ends early. Ctrl-C cancels ctx, except while a child (the learner's
// shell, or a command run for them) owns the terminal: that Ctrl-C is meant for the child,
// which gets it from the terminal itself. SIGTERM and SIGHUP end firstrun wherever it is:
// they cancel ctx, close ended (a prompt waiting for a key gives up), and the exit code says
// which signal it was (128+n, as a shell reports a process a signal ended).
type stopper struct {
	ctx          context.Context
	cancel       context.CancelFunc
	ended        chan struct{}
	by           atomic.Value // the syscall.Signal that ended firstrun
	childRunning atomic.Bool
	sigs         chan os.Signal
	saved        *term.State // the terminal's settings when firstrun started, if stdin is one

	mu       sync.Mutex
	finished bool             // run is on its way out; the last resort must not interfere
	t        *engine.Messages // the learner's language, for the last resort's message
	stderr   io.Writer
	showsUI  bool // a terminal UI drew prompts: show the cursor again when ending
}

func interrupts(stderr io.Writer) *stopper {
	ctx, cancel := context.WithCancel(context.Background())
	s := &stopper{ctx: ctx, cancel: cancel, ended: make(chan struct{}), sigs: make(chan os.Signal, 1),
		stderr: stderr, t: engine.NewMessages("en")}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		s.saved, _ = term.GetState(int(os.Stdin.Fd()))
	}
	// SIGHUP is only ever sent on Unix; Windows delivers a closed console window as SIGTERM.
	// A signal firstrun was started ignoring (nohup firstrun class serve &) stays ignored:
	// Notify would turn it back on.
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(sig) {
			signal.Notify(s.sigs, sig)
		}
	}
	go func() {
		for sig := range s.sigs {
			if sig == os.Interrupt {
				if !s.childRunning.Load() {
					s.cancel()
				}
				continue
			}
			if s.by.CompareAndSwap(nil, sig) {
				close(s.ended)
				s.cancel()
				time.AfterFunc(lastResort, s.exitNow)
			}
		}
	}()
	return s
}

// withChild runs f while a child owns the terminal.
func (s *stopper) withChild(f func() error) error {
	s.childRunning.Store(true)
	defer s.childRunning.Store(false)
	return f()
}

// stop undoes interrupts.
func (s *stopper) stop() { signal.Stop(s.sigs); s.cancel() }

// signal is the signal that ended firstrun, nil if none did.
func (s *stopper) signal() syscall.Signal {
	sig, _ := s.by.Load().(syscall.Signal)
	return sig
}

// exitCode is 128+n for the signal n that ended firstrun: 143 for SIGTERM, 129 for SIGHUP.
func (s *stopper) exitCode() int { return 128 + int(s.signal()) }

// uses tells the stopper what a last resort needs: the learner's language, and whether
// prompts were drawn.
func (s *stopper) uses(t *engine.Messages, showsUI bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t, s.showsUI = t, showsUI
}

// finish is called once run has its result: from then on run prints and returns by itself.
func (s *stopper) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finished = true
}

// ended prints how a signal ended firstrun, puts the terminal back and returns the exit code.
// Progress needs no saving here: it is saved after every change.
func (s *stopper) endedMessage(t *engine.Messages) int {
	s.restoreTerminal()
	fmt.Fprintln(s.stderr, "\n"+t.F("ended.signal", signalName(s.signal())))
	return s.exitCode()
}

// exitNow is the last resort: run did not get out in time after SIGTERM or SIGHUP.
func (s *stopper) exitNow() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.finished {
		return
	}
	os.Exit(s.endedMessage(s.t))
}

// restoreTerminal undoes what a prompt or a job may have left: the terminal's foreground
// process group, its settings (raw mode) and a hidden cursor.
func (s *stopper) restoreTerminal() {
	if s.saved == nil {
		return
	}
	engine.TakeTerminal(os.Stdin)
	_ = term.Restore(int(os.Stdin.Fd()), s.saved)
	if s.showsUI {
		// The cursor shown, and the whole screen scrollable again (Run it for me's clock keeps
		// a line of its own with a scroll region).
		fmt.Fprint(os.Stdout, "\x1b[?25h\x1b7\x1b[r\x1b8")
	}
}

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return sig.String()
}
