package engine

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// runClock keeps a ticking "⏱ go run hello.go · running for 12 s" on the terminal's last row
// while "Run it for me" runs a command: a cold build is silent for many seconds although the
// page says to watch the clock. The rows above become a scrolling region, so the command's
// own output scrolls there untouched, and the timing the wrapper records is not affected
// (nothing here is in the command's way). stop clears the row and gives the whole screen
// back. pause does the same while the run is stopped (Ctrl-Z: the learner's shell has the
// terminal), and the function it returns puts the clock back. Without a terminal they do
// nothing.
func (a *App) runClock(w io.Writer, command string) (stop func(), pause func() (resume func())) {
	f, ok := w.(*os.File)
	if !ok || !a.interactive || !term.IsTerminal(int(f.Fd())) {
		return func() {}, nil
	}
	cols, rows, err := term.GetSize(int(f.Fd()))
	if err != nil || rows < 4 || cols < 20 {
		return func() {}, nil
	}
	var mu sync.Mutex // held while drawing; paused stops the drawing
	paused := false
	region := func() {
		// A new line first, so the cursor is above the last row, then the region above it.
		fmt.Fprintf(f, "\n\x1b[1A\x1b7\x1b[1;%dr\x1b8", rows-1)
	}
	release := func() { fmt.Fprintf(f, "\x1b7\x1b[r\x1b[%d;1H\x1b[2K\x1b8", rows) }
	region()
	draw := func(secs int) {
		mu.Lock()
		defer mu.Unlock()
		if !paused {
			fmt.Fprintf(f, "\x1b7\x1b[%d;1H\x1b[2K%s\x1b8", rows, clockText(a.T, command, secs, cols-1))
		}
	}
	start := a.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			draw(int(a.Now().Sub(start).Seconds()))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			close(done)
			wg.Wait()
			release()
		})
	}
	pause = func() func() {
		mu.Lock()
		paused = true
		release()
		mu.Unlock()
		return func() {
			mu.Lock()
			paused = false
			region()
			mu.Unlock()
		}
	}
	return stop, pause
}
