package engine

import (
	"context"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"strconv"
)

// startPreparing starts firstrun's own preparation of the workspace in the background (the go
// wrapper, then the tool cache warmed with the packages the course's programs import), once
// per workbook: the learner reads the first page meanwhile instead of watching a spinner.
// ctx ending cancels it; Interactive stops it when the workbook ends.
func (a *App) startPreparing(ctx context.Context) {
	if a.prep == nil {
		a.prep = a.WS.Prepare(ctx, a.Environ, a.courseImports())
	}
}

// stopPreparing cancels the preparation if it is still running and waits for its processes.
func (a *App) stopPreparing() {
	if a.prep != nil {
		a.prep.Stop()
	}
}

// prepareNow is the preparation without a page to read: a command such as `firstrun check`
// or `firstrun env` builds the wrapper before it goes on, and the first time also warms the
// tool cache, so that a later check compiles only the learner's package.
func (a *App) prepareNow(ctx context.Context) error {
	if a.WS.WrapperCurrent() {
		return nil
	}
	done := a.UI.Busy(a.T.F("ws.preparing"))
	defer done()
	if err := a.WS.EnsureWrapper(ctx); err != nil {
		return err
	}
	if err := a.WS.WarmToolCache(ctx, a.Environ, a.courseImports(), false); err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return nil // a failed warm-up loses nothing: the check compiles what it needs
}

// wrapperReady waits until the go wrapper is built: the learner's shell and "Run it for me"
// run go through it. It says so only when there is something to wait for.
func (a *App) wrapperReady(ctx context.Context) error {
	if a.prep == nil {
		return a.prepareNow(ctx)
	}
	if !a.prep.WrapperBuilt() {
		done := a.UI.Busy(a.T.F("ws.preparing"))
		defer done()
	}
	if err := a.prep.Wrapper(ctx); err != nil {
		if ctx.Err() == nil {
			a.prep = nil // failed: the next try builds it again, in front of the learner
		}
		return err
	}
	return nil
}

// toolsReady waits until the preparation has ended, before the checker builds in the tool
// cache (see Env.ToolsReady). Without a preparation under way there is nothing to wait for.
func (a *App) toolsReady(ctx context.Context) error {
	if a.prep == nil || a.prep.Done() {
		return nil
	}
	done := a.UI.Busy(a.T.F("ws.toolcache"))
	defer done()
	return a.prep.Wait(ctx)
}

// goFence finds the Go code blocks of a page.
var goFence = regexp.MustCompile("(?ms)^```go[ \t]*\n(.*?)^```")

// courseImports are the import paths of the programs the course has the learner build: the
// .go files of its starters and the Go code blocks of its pages. Warming the tool cache with
// them lets the checker's build compile only the learner's own package.
func (a *App) courseImports() []string {
	var imports []string
	add := func(name string, src []byte) {
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			return // a fragment, not a whole file
		}
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil {
				imports = append(imports, p)
			}
		}
	}
	for _, l := range a.Course.Lessons {
		if l.Starter != "" && a.Pack != nil {
			fs.WalkDir(a.Pack, l.Starter, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && path.Ext(p) == ".go" {
					if src, err := fs.ReadFile(a.Pack, p); err == nil {
						add(p, src)
					}
				}
				return nil
			})
		}
		for _, page := range l.Pages {
			texts := []string{page.Intro}
			for _, st := range page.Steps {
				texts = append(texts, st.Body)
			}
			for _, t := range texts {
				for _, m := range goFence.FindAllStringSubmatch(t, -1) {
					add("page.go", []byte(m[1]))
				}
			}
		}
	}
	return imports
}
