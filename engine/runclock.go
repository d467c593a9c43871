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
// back. Without a terminal it does nothing.
func (a *App) runClock(w io.Writer, command string) (stop func()) {
	f, ok := w.(*os.File)
	if !ok || !a.interactive || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	cols, rows, err := term.GetSize(int(f.Fd()))
	if err != nil || rows < 4 || cols < 20 {
		return func() {}
	}
	// A new line first, so the cursor is above the last row, then the region above it.
	fmt.Fprintf(f, "\n\x1b[1A\x1b7\x1b[1;%dr\x1b8", rows-1)
	draw := func(secs int) {
		fmt.Fprintf(f, "\x1b7\x1b[%d;1H\x1b[2K%s\x1b8", rows, clockText(a.T, command, secs, cols-1))
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
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
			fmt.Fprintf(f, "\x1b7\x1b[r\x1b[%d;1H\x1b[2K\x1b8", rows)
		})
	}
}
