package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/firstrun/firstrun/sandbox"
)

func init() {
	RegisterMessages("en", map[string]string{
		"watch.changed":  "↻ Your workspace changed; this step was checked again:",
		"watch.watching": "Watching %s for changes (%s). This step is checked again whenever you save a file or run a go command there; Ctrl-C stops.",
		"watch.events":   "file system events",
		"watch.polling":  "polling every half second",
		"watch.quiz":     "This step is a quiz: answer it in another terminal with `firstrun answer LETTER`, or in the workbook; watching goes on after it.",
	})
	RegisterMessages("ko", map[string]string{
		"watch.changed":  "↻ 작업 공간이 바뀌어서 이 단계를 다시 확인했습니다:",
		"watch.watching": "%s의 변경을 지켜봅니다(%s). 그곳에서 파일을 저장하거나 go 명령을 실행할 때마다 이 단계를 다시 확인합니다. 멈추려면 Ctrl-C를 누르세요.",
		"watch.events":   "파일 시스템 이벤트",
		"watch.polling":  "0.5초마다 확인",
		"watch.quiz":     "이 단계는 퀴즈입니다. 다른 터미널에서 `firstrun answer 글자`로 답하거나 워크북에서 답하세요. 그 뒤에도 계속 지켜봅니다.",
	})
}

// errRedraw tells the menu loop that a re-check printed something: draw the page (when the
// step moved on) and the menu again.
var errRedraw = errors.New("redraw the menu")

// stepWatch remembers what the current step was last checked against, so a step is checked
// again only when the workspace changed, and a failure is not shown twice in a row.
type stepWatch struct {
	w        *Watcher
	step     string // the step the fields below describe
	checked  string // the workspace's fingerprint at that step's last check
	lastFail string // what that check printed, when it failed
	// entered: the step was just reached by passing the one before; it is checked at once
	// (the learner may have done both already), but a failure there is no news.
	entered  bool
	progress string // progress.json as this process last left it
}

// newStepWatch starts watching the workspace. The current step counts as checked against the
// workspace as it is now: opening the workbook is not a change.
func (a *App) newStepWatch() *stepWatch {
	sw := &stepWatch{w: NewWatcher(a.WS, a.WatchMode == "poll")}
	sw.checked = sw.w.Fingerprint()
	if l, s := a.current(); l != nil {
		sw.step = Key(l.ID, s.ID)
	}
	sw.progress = progressFingerprint(a.WS)
	return sw
}

// recheck checks the current step again if the workspace changed since its last check, and
// advances when it passes. It returns what the check printed when that is news (a pass, or a
// failure other than the one last shown), "" otherwise. Checks run one at a time (the caller
// waits for each), so a check that runs the learner's program never runs two copies of it.
func (a *App) recheck(ctx context.Context, sw *stepWatch) (string, error) {
	l, s := a.current()
	if l == nil {
		return "", nil
	}
	key, fp := Key(l.ID, s.ID), sw.w.Fingerprint()
	if key != sw.step {
		// The learner moved (the lesson menu, a reset, another terminal): arriving at a step
		// is not a change in the workspace.
		sw.step, sw.checked, sw.lastFail, sw.entered = key, fp, "", false
		return "", nil
	}
	entered := sw.entered
	sw.entered = false
	if s.Quiz != nil || fp == sw.checked {
		return "", nil
	}
	sw.checked = fp
	// One check at a time across processes too (the workbook and `firstrun watch` in a side
	// pane see the same change): a check that runs the learner's program runs one copy.
	unlock, err := sandbox.LockFile(filepath.Join(a.WS.StateDir(), "check.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	var buf bytes.Buffer
	out, ui := a.Out, a.UI
	a.Out, a.UI, a.background = &buf, quietUI{ui}, true
	ok, err := a.RunChecks(ctx, l, s, "")
	held := a.heldFail
	a.heldFail = nil
	if ok && err == nil {
		err = a.advance(l, s)
	}
	a.Out, a.UI, a.background = out, ui, false
	if held != nil && err == nil && !entered && buf.String() != sw.lastFail {
		// Only a failure the learner is shown counts as a failed attempt: not the check of a
		// step just reached, nor the same failure again after an unrelated change.
		a.emit(*held)
		err = a.save()
	}
	sw.progress = progressFingerprint(a.WS)
	if err != nil {
		return "", err
	}
	if ok {
		if nl, ns := a.current(); nl != nil {
			sw.step, sw.checked, sw.lastFail, sw.entered = Key(nl.ID, ns.ID), "", "", true
		}
		return buf.String(), nil
	}
	if entered || buf.String() == sw.lastFail {
		return "", nil
	}
	sw.lastFail = buf.String()
	return buf.String(), nil
}

// showNews prints what a re-check found, under a line that says why it appeared.
func (a *App) showNews(news string) {
	a.say("\n%s", a.T.F("watch.changed"))
	io.WriteString(a.Out, news)
}

// quietUI runs checks in the background: no spinner over the menu, no questions.
type quietUI struct{ UI }

func (quietUI) Busy(string) func()                   { return func() {} }
func (quietUI) Input(string) (string, error)         { return "", ErrNoTerminal }
func (quietUI) Select(string, []string) (int, error) { return 0, ErrNoTerminal }

// watchWorkspace starts re-checking the current step on changes while the workbook's menu is
// up; the returned function stops it. FIRSTRUN_WATCH=off (WatchMode) turns it off.
func (a *App) watchWorkspace() (stop func()) {
	if a.WatchMode == "off" {
		return func() {}
	}
	a.watch = a.newStepWatch()
	return func() { a.watch.w.Close(); a.watch = nil }
}

// menuSelect asks the step menu's question. While it waits, a change in the workspace
// re-checks the step in the background; when that has news the menu is taken down, the news
// printed, and errRedraw returned. A pick made while the step passed is dropped (it was
// meant for the step that is gone); one made while a failure was found still counts.
func (a *App) menuSelect(ctx context.Context, question string, options []string) (int, error) {
	if a.watch == nil {
		return a.UI.Select(question, options)
	}
	// What changed while no menu was up (a shell, Run it for me) is checked first.
	news, err := a.recheck(ctx, a.watch)
	if err != nil {
		return -1, err
	}
	if news != "" {
		a.showNews(news)
		return -1, errRedraw
	}
	st, ok := a.UI.(stoppableSelect)
	if !ok || !st.canStop() {
		return a.UI.Select(question, options)
	}
	stop := make(chan struct{})
	answers := make(chan answer, 1)
	go func() {
		i, err := st.SelectStoppable(stop, question, options)
		answers <- answer{i, err}
	}()
	for {
		var picked *answer
		select {
		case r := <-answers:
			return r.i, r.err
		case <-a.watch.w.C:
		}
		before := a.currentKey()
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan checked, 1)
		go func() {
			news, err := a.recheck(cctx, a.watch)
			done <- checked{news, err}
		}()
		var res checked
		select {
		case res = <-done:
		case r := <-answers:
			// The learner picked while the check ran; Ctrl-C also stops the check.
			picked = &r
			if errors.Is(r.err, ErrInterrupted) {
				cancel()
			}
			res = <-done
		}
		cancel()
		if res.err == nil && res.news == "" {
			if picked != nil {
				return picked.i, picked.err
			}
			continue
		}
		if picked == nil {
			close(stop)
			r := <-answers
			picked = &r
		}
		if res.news != "" {
			a.showNews(res.news)
		}
		switch {
		case errors.Is(picked.err, ErrInterrupted):
			return -1, picked.err
		case res.err != nil:
			return -1, res.err
		case picked.err == nil && a.currentKey() == before:
			return picked.i, nil
		}
		return -1, errRedraw
	}
}

type answer struct {
	i   int
	err error
}

type checked struct {
	news string
	err  error
}

func (a *App) currentKey() string {
	if l, s := a.current(); l != nil {
		return Key(l.ID, s.ID)
	}
	return ""
}

// Watch is `firstrun watch`: the current step's page, then a check whenever the workspace
// changes, moving on as steps pass, with no menu. It ends with Ctrl-C (ErrInterrupted) or when
// the course is done.
func (a *App) Watch(ctx context.Context) (int, error) {
	if err := a.Ready(ctx); err != nil {
		return ExitUsage, err
	}
	sw := a.newStepWatch()
	defer sw.w.Close()
	how := a.T.F("watch.events")
	if sw.w.Polling() {
		how = a.T.F("watch.polling")
	}
	a.say("%s", a.T.F("watch.watching", a.WS.Dir, how))
	return a.watchLoop(ctx, sw)
}

func (a *App) watchLoop(ctx context.Context, sw *stepWatch) (int, error) {
	shown, first := "", true
	for {
		l, s := a.current()
		if l == nil {
			if !a.ended { // the ending just shown says it already
				a.say("%s", a.T.F("course.done"))
			}
			return ExitOK, nil
		}
		if k := Key(l.ID, s.ID); k != shown {
			shown = k
			a.say("\n%s", a.Where(l, s))
			if err := a.UI.Page(a.StepMarkdown(l, s)); err != nil {
				return ExitUsage, err
			}
			if s.Quiz != nil {
				a.say("%s", a.T.F("watch.quiz"))
			}
		}
		wasFirst := first
		if first {
			// A side pane opened after the work was done shows where things stand at once.
			sw.checked, first = "", false
		}
		news, err := a.recheck(ctx, sw)
		if err != nil {
			return exitFor(err), err
		}
		switch {
		case news == "":
		case wasFirst:
			fmt.Fprint(a.Out, news)
		default:
			a.showNews(news)
		}
		if sw.entered {
			continue // the next step is checked at once: the learner may have done it too
		}
		select {
		case <-ctx.Done():
			return ExitInterrupted, ErrInterrupted
		case <-sw.w.C:
		}
		if fp := progressFingerprint(a.WS); fp != sw.progress {
			// Another firstrun (an answer, a lesson change) moved the learner: follow it.
			a.prog, sw.progress = nil, fp
		}
	}
}
