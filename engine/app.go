package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/firstrun/firstrun/sandbox"
)

// App is the workbook: a course, a learner's workspace and progress, and a UI. main builds
// one per command; nothing in here reads the process environment, the clock or the terminal
// except through these fields.
type App struct {
	Course  *Course
	Pack    fs.FS // the lesson pack, for starter files
	WS      *sandbox.Workspace
	T       *Messages
	UI      UI
	Out     io.Writer
	Environ []string
	Now     func() time.Time
	// Width is the terminal's width for wrapping messages; 0 leaves lines as they are.
	Width int
	// WithChild runs f while a child process owns the terminal, so that Ctrl-C goes to the
	// child and does not end the workbook.
	WithChild func(f func() error) error
	// OnEvent, when set, hears every step started and passed, failed check, hint, solution
	// and saved run (see Event). It must not block.
	OnEvent func(Event)
	// Self is the running firstrun's executable (os.Executable): Ready copies it into the
	// workspace as the launcher, so `firstrun` there runs this same firstrun, and "Run it for
	// me" starts it for a step whose command is a firstrun command (firstrun trace build.json).
	// "" skips both.
	Self string
	// WatchMode is FIRSTRUN_WATCH: "" (file system events, else polling), "poll", or "off"
	// (the workbook does not re-check a step by itself).
	WatchMode string

	prog        *Progress
	prep        *sandbox.Preparation // firstrun's own background work on the workspace (see prepare.go)
	goVer       *GoVersion
	interactive bool // the menu loop is running and shows each new page itself
	ended       bool // the course's ending was just shown: do not say "finished" again
	watch       *stepWatch
	background  bool // a check runs while the menu is up: it may not ask anything
	// heldFail is a background check's failure, held back: it is an attempt (an event) only
	// if the learner is shown it (see recheck).
	heldFail *Event
}

// Exit codes of firstrun: `firstrun check` exits ExitNotYet while the step is not passed.
const (
	ExitOK          = 0
	ExitNotYet      = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// say prints a message line, wrapped to the terminal's width when there is one (a long line
// the terminal breaks for us is broken mid-word), with its code spans shown as the pages
// show them (see Renderer.Message).
func (a *App) say(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if a.Width > 0 {
		s = a.renderer().Message(s, a.lineWidth())
	}
	fmt.Fprintln(a.Out, s)
}

// block prints preformatted text (tables, charts) as is: wrapping would scramble columns.
func (a *App) block(s string) {
	fmt.Fprintln(a.Out, strings.TrimRight(s, "\n"))
}

// Progress loads progress once. A corrupt file is set aside and the learner is told.
func (a *App) Progress() (*Progress, error) {
	if a.prog != nil {
		return a.prog, nil
	}
	p, err := LoadProgress(a.WS.ProgressPath())
	if errors.Is(err, ErrProgressReset) {
		a.say("%s", a.T.F("progress.reset", err))
		err = nil
	}
	if err != nil {
		return nil, err
	}
	a.prog = p
	return p, nil
}

// save writes progress into the workspace. Before the workspace exists there is nowhere to
// write: creating .firstrun/ alone would make the folder look taken when Create runs.
func (a *App) save() error {
	if err := a.gone(); err != nil {
		return err // never "progress is saved" when there was nowhere to save it
	}
	if a.prog == nil || !a.WS.Exists() {
		return nil
	}
	return a.prog.Save(a.WS.ProgressPath())
}

// Ready makes sure the workspace exists (creating it with the first lesson's starter) and that
// the go wrapper is built; in the workbook the wrapper is built in the background, and what
// needs it calls wrapperReady. Commands that only read progress do not call it.
func (a *App) Ready(ctx context.Context) error {
	if err := a.gone(); err != nil {
		return err
	}
	if a.WS.RealGo == "" {
		return sandbox.ErrNoGo
	}
	created := false
	if !a.WS.Exists() {
		l, _ := a.current()
		if err := a.WS.Create(a.starter(l), a.goVersion(ctx).Raw); err != nil {
			return err
		}
		_ = a.WS.SaveLang(a.T.Lang) // a shell or second terminal then answers in this language
		created = true
	}
	if a.Self != "" {
		if err := a.WS.InstallLauncher(a.Self); err != nil {
			a.say("%s", a.T.F("launcher.failed", err))
		}
	}
	if a.interactive {
		// The learner reads the page meanwhile; what needs the wrapper waits for it.
		a.startPreparing(ctx)
	} else if err := a.prepareNow(ctx); err != nil {
		return err
	}
	if created {
		a.say("%s", a.T.F("ws.created", a.WS.Dir))
		a.say("%s", a.T.F("ws.secondterm", a.LauncherCommand()))
	}
	p, err := a.Progress()
	if err != nil {
		return err
	}
	if p.Lesson == "" {
		// A fresh start: the first open step begins now, with the cache as it is now.
		if l, s := a.current(); l != nil {
			return a.startStep(p, l.ID, s.ID)
		}
	}
	return nil
}

func (a *App) starter(l *Lesson) fs.FS {
	if l == nil || l.Starter == "" {
		return nil
	}
	sub, err := fs.Sub(a.Pack, l.Starter)
	if err != nil {
		return nil
	}
	return sub
}

// current returns where the learner is: the saved step, or the first step not done yet.
func (a *App) current() (*Lesson, *Step) {
	p, err := a.Progress()
	if err == nil && p.Lesson != "" {
		if l := a.Course.Lesson(p.Lesson); l != nil {
			if s := l.Step(p.Step); s != nil {
				return l, s
			}
		}
	}
	for _, l := range a.Course.Lessons {
		for _, s := range l.Steps {
			if p == nil || p.Done[Key(l.ID, s.ID)].IsZero() {
				return l, s
			}
		}
	}
	return nil, nil
}

// startStep moves the learner to a step and notes when it began and how full the cache was,
// so log entries and cache states are judged from that moment on.
func (a *App) startStep(p *Progress, lesson, step string) error {
	p.Lesson, p.Step = lesson, step
	p.StepStarted = a.Now()
	a.emit(Event{Kind: EventStepStarted, Time: p.StepStarted, Lesson: lesson, Step: step})
	if st, err := sandbox.ReadCacheStats(a.WS.CacheDir()); err == nil {
		p.StepCache = st
	}
	if l := a.Course.Lesson(lesson); l != nil && l.Starter != "" && a.WS.Exists() && l.StepIndex(step) == 0 {
		if err := a.WS.Create(a.starter(l), a.goVersion(context.Background()).Raw); err != nil {
			return err
		}
	}
	if err := a.syncCapture(); err != nil {
		return err
	}
	return a.save()
}

// syncCapture tells the go wrapper which commands' output the current step reads, so it
// records only those (and only now): every other command keeps the learner's terminal as is.
func (a *App) syncCapture() error {
	if !a.WS.Exists() {
		return nil
	}
	p, err := a.Progress()
	if err != nil {
		return err
	}
	var s *Step
	if l := a.Course.Lesson(p.Lesson); l != nil {
		s = l.Step(p.Step)
	}
	return a.WS.SetCapture(Key(p.Lesson, p.Step), stepCapture(s))
}

// advance marks the current step done and moves to the next one.
func (a *App) advance(l *Lesson, s *Step) error {
	p, err := a.Progress()
	if err != nil {
		return err
	}
	p.Done[Key(l.ID, s.ID)] = a.Now()
	a.emit(Event{Kind: EventStepPassed, Time: p.Done[Key(l.ID, s.ID)], Lesson: l.ID, Step: s.ID})
	a.say("%s", a.T.F("step.passed", a.stepTitle(l, s)))
	nl, ns := a.next(l, s)
	if nl == nil {
		p.Lesson, p.Step = "", ""
		if err := a.syncCapture(); err != nil {
			return err
		}
		if err := a.save(); err != nil {
			return err
		}
		a.say("%s", a.T.F("lesson.done", l.Text(a.T.Lang).Title))
		a.CourseEnding(p)
		a.ended = true
		return nil
	}
	if nl != l {
		a.say("%s", a.T.F("lesson.done", l.Text(a.T.Lang).Title))
		if !a.interactive {
			// From `firstrun check` the next page is not shown: say where it is.
			a.say("%s", a.T.F("lesson.next", a.Where(nl, ns)))
		}
	}
	return a.startStep(p, nl.ID, ns.ID)
}

// next is the step after s, skipping steps already done (a learner may revisit a lesson).
func (a *App) next(l *Lesson, s *Step) (*Lesson, *Step) {
	p, _ := a.Progress()
	if ns := a.revisitNext(p, l, s); ns != nil {
		return l, ns
	}
	found := false
	for _, cl := range a.Course.Lessons {
		for _, cs := range cl.Steps {
			if found && p.Done[Key(cl.ID, cs.ID)].IsZero() {
				return cl, cs
			}
			if cl == l && cs == s {
				found = true
			}
		}
	}
	// Everything after is done: send the learner to any earlier step still open.
	for _, cl := range a.Course.Lessons {
		for _, cs := range cl.Steps {
			if p.Done[Key(cl.ID, cs.ID)].IsZero() && !(cl == l && cs == s) {
				return cl, cs
			}
		}
	}
	return nil, nil
}

func (a *App) stepTitle(l *Lesson, s *Step) string {
	if st := l.Text(a.T.Lang).Steps[s.ID]; st != nil {
		return st.Title
	}
	return s.ID
}

func (a *App) lessonIndex(l *Lesson) int {
	for i, x := range a.Course.Lessons {
		if x == l {
			return i
		}
	}
	return -1
}

// Where is the one-line position: lesson 1/6 · title · step 2/5: title.
func (a *App) Where(l *Lesson, s *Step) string {
	return a.T.F("where", a.lessonIndex(l)+1, len(a.Course.Lessons), l.Text(a.T.Lang).Title,
		l.StepIndex(s.ID)+1, len(l.Steps), a.stepTitle(l, s))
}

// StepMarkdown is the page shown for a step: the lesson title and intro on its first step, then
// the step's own text.
func (a *App) StepMarkdown(l *Lesson, s *Step) string {
	page := l.Text(a.T.Lang)
	var b strings.Builder
	if l.StepIndex(s.ID) == 0 {
		fmt.Fprintf(&b, "# %s\n\n", page.Title)
		if page.Intro != "" {
			b.WriteString(page.Intro)
			b.WriteString("\n\n")
		}
	}
	if st := page.Steps[s.ID]; st != nil {
		b.WriteString(st.Body)
		b.WriteString("\n")
		if st.Quiz != nil {
			// Not bold: plain rendering mangles inline code inside bold text.
			b.WriteString("\n" + st.Quiz.Question + "\n\n")
			for i, c := range st.Quiz.Choices {
				fmt.Fprintf(&b, "- %c) %s\n", 'a'+i, c.Text)
			}
		}
	}
	return a.fill(b.String())
}

// RunChecks runs a step's checks in order and stops at the first failure. Results are printed
// as they come.
func (a *App) RunChecks(ctx context.Context, l *Lesson, s *Step, answer string) (bool, error) {
	if err := a.gone(); err != nil {
		return false, err // not "no go run recorded": there is no workspace to look in
	}
	p, err := a.Progress()
	if err != nil {
		return false, err
	}
	log, err := sandbox.ReadLog(a.WS.LogPath())
	if err != nil {
		return false, err
	}
	// The request is written when the step starts; a workspace a step reached with an older
	// firstrun gets it now, so the learner's next try is recorded.
	_ = a.syncCapture()
	env := &Env{
		WS: a.WS, T: a.T, Progress: p, Log: log, StepStart: p.StepStarted, StartCache: p.StepCache,
		Busy: a.UI.Busy, Answer: answer, Environ: a.Environ, StepRun: s.Run, ToolsReady: a.toolsReady,
		Width: a.lineWidth(),
	}
	if a.interactive && !a.background {
		// Only the workbook's own loop asks questions; `firstrun check` never waits for input.
		env.Input = a.UI.Input
	}
	interrupted := noteInterrupt(env)
	needVersion := false
	for _, c := range s.Checks {
		if cc, ok := c.(interface{ base() *common }); ok && cc.base().Go != "" {
			needVersion = true
		}
	}
	if needVersion {
		// This step expects what the learner's own Go does: say which Go that is.
		env.GoVersion = a.goVersion(ctx)
		a.say("%s", a.T.F("goversion", env.GoVersion))
	}
	for _, c := range s.Checks {
		if !c.Applies(env.GoVersion) {
			continue
		}
		r := c.Run(ctx, env)
		if ctx.Err() != nil || *interrupted {
			return false, ErrInterrupted
		}
		a.emitRuns(p, l, s)
		if !r.OK {
			a.say("%s", a.T.F("step.notyet", r.Msg))
			if h := a.hintFor(l, s, c); h != "" {
				a.say("%s", h)
			}
			e := Event{Kind: EventCheckFailed, Time: a.Now(), Lesson: l.ID, Step: s.ID, Msg: r.Msg}
			if a.background {
				a.heldFail = &e
			} else {
				a.emit(e)
			}
			// Keep the failed attempt (and runs an earlier check of this step saved).
			return false, a.save()
		}
		a.say("  ✓ %s", r.Msg)
		if _, chart := c.(*showRuns); r.Show != "" && !(chart && a.interactive) {
			// (The workbook showed these runs as a chart with the page already.)
			a.block("\n" + r.Show)
		}
	}
	return true, nil
}

// Show prints the current step without prompting: the workbook without a terminal.
func (a *App) Show(ctx context.Context) (int, error) {
	l, s := a.current()
	if l == nil {
		a.say("%s", a.T.F("course.done"))
		return ExitOK, nil
	}
	a.say("%s", a.Where(l, s))
	if err := a.UI.Page(a.StepMarkdown(l, s)); err != nil {
		return ExitUsage, err
	}
	return ExitOK, a.Ready(ctx)
}

// NoPromptNote says how to go on where firstrun cannot prompt (no terminal), for the step the
// learner is at: a quiz is answered with `firstrun answer`, not checked.
func (a *App) NoPromptNote() string {
	l, s := a.current()
	switch {
	case l == nil:
		return a.T.F("noterm.done")
	case s.Quiz != nil:
		return a.T.F("noterm.quiz")
	}
	return a.T.F("noterm")
}

func (a *App) child(f func() error) error {
	if a.WithChild == nil {
		return f()
	}
	return a.WithChild(f)
}

// Check checks the current step and advances on success. It returns the exit code of
// `firstrun check`.
func (a *App) Check(ctx context.Context) (int, error) {
	l, s, err := a.open(ctx)
	if l == nil || err != nil {
		return exitFor(err), err
	}
	a.say("%s", a.Where(l, s))
	if s.Quiz != nil {
		a.printQuiz(l, s)
		return ExitNotYet, nil
	}
	return a.checkStep(ctx, l, s, "")
}

// open readies the workspace and returns the current step; nil (after saying so) when the
// course is done.
func (a *App) open(ctx context.Context) (*Lesson, *Step, error) {
	if err := a.Ready(ctx); err != nil {
		return nil, nil, err
	}
	l, s := a.current()
	if l == nil {
		a.say("%s", a.T.F("course.done"))
	}
	return l, s, nil
}

func exitFor(err error) int {
	if err != nil {
		return ExitUsage
	}
	return ExitOK
}

// checkStep runs a step's checks and advances when they pass.
func (a *App) checkStep(ctx context.Context, l *Lesson, s *Step, answer string) (int, error) {
	ok, err := a.RunChecks(ctx, l, s, answer)
	if err != nil || !ok {
		return ExitNotYet, err
	}
	return ExitOK, a.advance(l, s)
}

func (a *App) printQuiz(l *Lesson, s *Step) {
	q := l.Text(a.T.Lang).Steps[s.ID].Quiz
	a.say("%s\n\n%s", a.T.F("check.quiz"), a.fill(q.Question))
	for i, c := range q.Choices {
		a.say("  %c) %s", 'a'+i, a.fill(c.Text))
	}
	a.say("\n%s", a.T.F("quiz.how"))
}

// Answer answers the current quiz (by letter or text), or gives the input a check asks for.
func (a *App) Answer(ctx context.Context, answer string) (int, error) {
	l, s, err := a.open(ctx)
	if l == nil || err != nil {
		return exitFor(err), err
	}
	if s.Quiz == nil {
		return a.checkStep(ctx, l, s, answer)
	}
	q := l.Text(a.T.Lang).Steps[s.ID].Quiz
	choice := parseChoice(answer, q)
	if choice < 0 {
		a.say("%s", a.T.F("quiz.unknown", answer, 'a'+len(q.Choices)-1))
		a.printQuiz(l, s)
		return ExitUsage, nil
	}
	if a.judge(q, s.Quiz.Answer, choice) {
		return ExitOK, a.advance(l, s)
	}
	return ExitNotYet, a.wrongAnswer(l, s, q, choice)
}

// wrongAnswer counts a wrong quiz answer as a failed check attempt.
func (a *App) wrongAnswer(l *Lesson, s *Step, q *QuizText, choice int) error {
	a.emit(Event{Kind: EventCheckFailed, Lesson: l.ID, Step: s.ID, Msg: q.Choices[choice].Text})
	return a.save()
}

// judge prints whether a choice is right with its explanation.
func (a *App) judge(q *QuizText, right, choice int) bool {
	if choice == right {
		a.say("%s", verdict(a.T.F("quiz.right"), a.fill(q.Choices[choice].Why)))
		return true
	}
	a.say("%s", verdict(a.T.F("quiz.wrong"), a.fill(q.Choices[choice].Why)))
	return false
}

// verdict puts the engine's "✓ Right." before the author's explanation, without saying it
// twice when the explanation starts with the same word ("Right. The build cache…").
func verdict(mark, why string) string {
	sign, word, _ := strings.Cut(mark, " ")
	word = strings.TrimRight(word, ".!:")
	if rest, ok := strings.CutPrefix(strings.ToLower(why), strings.ToLower(word)); ok && word != "" {
		if r, _ := utf8.DecodeRuneInString(rest); rest == "" || !unicode.IsLetter(r) {
			return sign + " " + why
		}
	}
	return mark + " " + why
}

func parseChoice(s string, q *QuizText) int {
	s = strings.TrimSpace(s)
	if len(s) == 1 || (len(s) == 2 && s[1] == ')') {
		c := strings.ToLower(s)[0]
		if c >= 'a' && int(c-'a') < len(q.Choices) {
			return int(c - 'a')
		}
	}
	for i, c := range q.Choices {
		if strings.EqualFold(strings.TrimSpace(c.Text), s) {
			return i
		}
	}
	return -1
}

// Hint shows the current step's next hint.
func (a *App) Hint() error {
	l, s := a.current()
	if l == nil {
		a.say("%s", a.T.F("course.done"))
		return nil
	}
	hints := l.Text(a.T.Lang).Steps[s.ID].Hints
	if len(hints) == 0 {
		a.say("%s", a.T.F("hint.none"))
		return nil
	}
	p, err := a.Progress()
	if err != nil {
		return err
	}
	a.showHint(p, l, s, hints)
	return a.save()
}

// hintCount reveals one more hint per request, remembered in progress.
func hintCount(p *Progress, key string, total int) int {
	if p.Hints == nil {
		p.Hints = map[string]int{}
	}
	n := min(p.Hints[key]+1, total)
	p.Hints[key] = n
	return n
}

// List prints every lesson and step with done marks.
func (a *App) List() error {
	p, err := a.Progress()
	if err != nil {
		return err
	}
	cl, cs := a.current()
	for i, l := range a.Course.Lessons {
		a.say("%d. %s", i+1, l.Text(a.T.Lang).Title)
		for j, s := range l.Steps {
			mark := "[ ]"
			if !p.Done[Key(l.ID, s.ID)].IsZero() {
				mark = "[x]"
			}
			here := ""
			if l == cl && s == cs {
				here = "   ← " + a.T.F("list.current")
			}
			a.say("   %s %d.%d %s%s", mark, i+1, j+1, a.stepTitle(l, s), here)
		}
	}
	return nil
}

// Goto moves the learner to a lesson's first open step (or its first step).
func (a *App) Goto(ctx context.Context, id string) error {
	l := a.Course.Lesson(id)
	if l == nil {
		for i, x := range a.Course.Lessons {
			if fmt.Sprint(i+1) == id {
				l = x
			}
		}
	}
	if l == nil {
		return fmt.Errorf("%s", a.T.F("lesson.unknown", id))
	}
	if err := a.Ready(ctx); err != nil {
		return err
	}
	p, err := a.Progress()
	if err != nil {
		return err
	}
	target := l.Steps[0]
	for _, s := range l.Steps {
		if p.Done[Key(l.ID, s.ID)].IsZero() {
			target = s
			break
		}
	}
	return a.moveTo(ctx, p, l, target)
}

// Reset starts the learner over: files and cache (and progress), or the whole workspace.
// Unless yes, it first lists what goes and asks (see confirmReset).
func (a *App) Reset(ctx context.Context, all, cacheOnly, yes bool) error {
	_, err := a.reset(ctx, all, cacheOnly, yes)
	return err
}

// reset is Reset; done says whether anything was reset (not when the learner said no).
func (a *App) reset(ctx context.Context, all, cacheOnly, yes bool) (done bool, err error) {
	cacheLink, err := a.resetPreflight(ctx, all, cacheOnly) // nothing is deleted before this
	if err != nil {
		return false, err
	}
	if !yes {
		if ok, err := a.confirmReset(all, cacheOnly); !ok {
			return false, err
		}
	}
	return true, a.resetNow(ctx, all, cacheOnly, cacheLink)
}

func (a *App) resetNow(ctx context.Context, all, cacheOnly bool, cacheLink string) error {
	switch {
	case cacheOnly:
		if err := a.WS.ClearCache(); err != nil {
			return a.resetRefusal(err)
		}
		a.sayCacheLink(cacheLink)
		a.say("%s", a.T.F("reset.cache", a.WS.CacheDir()))
		return nil
	case all:
		if err := a.WS.ResetAll(); err != nil {
			return a.resetRefusal(err)
		}
		a.prog = nil
		a.sayCacheLink(cacheLink)
		a.say("%s", a.T.F("reset.all", a.WS.Dir))
		return nil
	}
	first := a.Course.Lessons[0]
	if err := a.WS.ResetFiles(a.starter(first), a.goVersion(ctx).Raw); err != nil {
		return a.resetRefusal(err)
	}
	a.sayCacheLink(cacheLink)
	a.prog = NewProgress()
	if err := a.startStep(a.prog, first.ID, first.Steps[0].ID); err != nil {
		return err
	}
	a.say("%s", a.T.F("reset.done"))
	return nil
}
