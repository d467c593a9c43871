package sandbox

import "context"

// LockFile takes an exclusive lock on the file at path (created if missing), waiting while
// another process holds it, and returns the function that releases it. firstrun's progress
// is changed read → apply → write under this lock, because the workbook and the learner's
// shell (`firstrun answer`, `firstrun check`) are two processes at once as a rule, and a
// write without it could undo the other's passed step. The lock is advisory (flock on
// Unix, LockFileEx on Windows) and held for milliseconds; it goes away with the process, so a
// crash never leaves the workspace locked.
func LockFile(path string) (unlock func(), err error) { return lockFile(path) }

// lockContext is LockFile that gives up waiting when ctx ends (a Ctrl-C while another
// process holds the lock for seconds). The lock, if it comes later, is released at once.
func lockContext(ctx context.Context, path string) (unlock func(), err error) {
	type result struct {
		unlock func()
		err    error
	}
	got := make(chan result, 1)
	go func() {
		u, err := lockFile(path)
		got <- result{u, err}
	}()
	select {
	case r := <-got:
		return r.unlock, r.err
	case <-ctx.Done():
		go func() {
			if r := <-got; r.err == nil {
				r.unlock()
			}
		}()
		return nil, ctx.Err()
	}
}
