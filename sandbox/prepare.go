package sandbox

import (
	"context"
	"sync"
)

// Preparation is firstrun's own work on a workspace, done in the background while the learner
// reads the first page: the go wrapper is built (when it is not current), then the tool cache
// is warmed with the packages the lessons' programs import, so the checker's later build of
// the learner's program compiles only the learner's own package. Both run the real go with
// CheckerEnv at a lower priority, in their own process group, and write nothing the learner's
// log, cache or work folder holds.
type Preparation struct {
	cancel     context.CancelFunc
	wrapper    chan struct{} // closed once the wrapper is built, or its build failed
	done       chan struct{} // closed once everything has ended
	wrapperErr error
	warmErr    error
	stopOnce   sync.Once
}

// Prepare starts the preparation; ctx ending (or Stop) cancels it. base is the environment
// firstrun's builds start from (usually os.Environ()), pkgs the import paths to warm.
func (w *Workspace) Prepare(ctx context.Context, base []string, pkgs []string) *Preparation {
	ctx, cancel := context.WithCancel(ctx)
	p := &Preparation{cancel: cancel, wrapper: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.wrapperErr = w.ensureWrapper(ctx, true)
		close(p.wrapper)
		if p.wrapperErr == nil {
			p.warmErr = w.WarmToolCache(ctx, base, pkgs, true)
		}
	}()
	return p
}

// WrapperBuilt reports, without waiting, whether the wrapper's part has ended.
func (p *Preparation) WrapperBuilt() bool {
	select {
	case <-p.wrapper:
		return true
	default:
		return false
	}
}

// Done reports, without waiting, whether the whole preparation has ended.
func (p *Preparation) Done() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Wrapper waits until the wrapper is built and returns the build's error, or ctx's.
func (p *Preparation) Wrapper(ctx context.Context) error {
	select {
	case <-p.wrapper:
		return p.wrapperErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait waits until the whole preparation has ended and returns its first error, or ctx's. A
// failed warm-up loses nothing (the checker's build compiles what it needs), so callers may
// go on after an error that is not the wrapper's.
func (p *Preparation) Wait(ctx context.Context) error {
	select {
	case <-p.done:
		if p.wrapperErr != nil {
			return p.wrapperErr
		}
		return p.warmErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stop cancels what is still running and waits until its processes have ended, so that
// quitting the workbook leaves no compiler behind. A cancelled wrapper build leaves no
// wrapper and no valid stamp: the next start builds it again.
func (p *Preparation) Stop() {
	p.stopOnce.Do(p.cancel)
	<-p.done
}
