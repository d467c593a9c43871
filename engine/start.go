package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/firstrun/firstrun/sandbox"
	"go.yaml.in/yaml/v3"
)

func init() {
	RegisterMessages("en", map[string]string{
		"start.warming1":    "Warming your build cache as lesson 1 would have: %s (not recorded as your command)…",
		"start.warmingN":    "Warming your build cache as lessons 1–%d would have: %s (not recorded as your command)…",
		"start.warmingstep": "Warming your build cache as the steps before this one would have: %s (not recorded as your command)…",
		"start.busy":        "Filling the build cache…",
		"start.warmed":      "Your build cache is ready: %d entries, filled in %s.",
		"start.warm":        "Your build cache is already warm for %s: nothing to prepare.",
		"start.emptying":    "Emptying your build cache (%d entries), as this step starts from an empty one. Your own Go cache is not touched.",
		"start.rewarming":   "Emptying your build cache and filling it with %s only, as this step expects (not recorded as your command)…",
		"start.failed":      "Could not prepare your build cache: `%s` failed:\n%s\nRun it yourself in the workspace before you do this step.",
		"step.unknown":      "no step %q: give it as LESSON.STEP, by numbers (3.2) or ids (cache.layout); `firstrun list` shows them",
		"menu.pickstep":     "Where in lesson %d?",
		"menu.firstopen":    "Its first open step: %s",
		"cache.none":        "Your build cache is empty: nothing has been built in this workspace since it was made or emptied. Build something once (go build, go run, go test…) to fill it, then check again.",
		"cache.nonerun":     "Your build cache is empty: nothing has been built in this workspace since it was made or emptied. Run `%s` once to fill it, then check again.",
		"workdir.nonerun":   "No go-build work folder in %s. Run `%s`: -work keeps the folder instead of deleting it.",
		"ran.countscold":    "`%s` compiled %d packages because your build cache was empty when this step began: the standard library had to be compiled too. Nothing is wrong with what you did, and that run filled the cache: run it again (after your change) and check.",
	})
	RegisterMessages("ko", map[string]string{
		"start.warming1":    "레슨 1을 마친 것처럼 빌드 캐시를 채웁니다: %s (여러분이 실행한 명령으로 기록되지 않습니다)…",
		"start.warmingN":    "레슨 1–%d까지 마친 것처럼 빌드 캐시를 채웁니다: %s (여러분이 실행한 명령으로 기록되지 않습니다)…",
		"start.warmingstep": "이 단계 앞의 단계들을 마친 것처럼 빌드 캐시를 채웁니다: %s (여러분이 실행한 명령으로 기록되지 않습니다)…",
		"start.busy":        "빌드 캐시를 채우는 중…",
		"start.warmed":      "빌드 캐시가 준비됐습니다. 항목 수: %d, 걸린 시간: %s.",
		"start.warm":        "빌드 캐시에 이미 %s 결과가 있습니다. 준비할 것이 없습니다.",
		"start.emptying":    "이 단계는 빈 빌드 캐시에서 시작하므로 빌드 캐시를 비웁니다(항목 수: %d). 여러분의 Go 캐시는 건드리지 않습니다.",
		"start.rewarming":   "이 단계에 맞게 빌드 캐시를 비우고 %s의 결과로만 다시 채웁니다(여러분이 실행한 명령으로 기록되지 않습니다)…",
		"start.failed":      "빌드 캐시를 준비하지 못했습니다. `%s` 실행이 실패했습니다:\n%s\n이 단계를 하기 전에 작업 공간에서 직접 실행하세요.",
		"step.unknown":      "%q 단계가 없습니다. 레슨.단계 형식으로, 번호(3.2)나 id(cache.layout)로 주세요. `firstrun list`에서 볼 수 있습니다",
		"menu.pickstep":     "레슨 %d의 어디로 갈까요?",
		"menu.firstopen":    "아직 끝나지 않은 첫 단계: %s",
		"cache.none":        "빌드 캐시가 비어 있습니다. 작업 공간을 만들거나 비운 뒤로 아무것도 빌드하지 않았습니다. 무엇이든 한 번 빌드해서(go build, go run, go test…) 캐시를 채운 다음 다시 확인하세요.",
		"cache.nonerun":     "빌드 캐시가 비어 있습니다. 작업 공간을 만들거나 비운 뒤로 아무것도 빌드하지 않았습니다. `%s` 명령을 한 번 실행해 캐시를 채운 다음 다시 확인하세요.",
		"workdir.nonerun":   "%s 폴더에 go-build 작업 폴더가 없습니다. `%s` 명령을 실행하세요. -work를 주면 작업 폴더를 지우지 않고 남겨 둡니다.",
		"ran.countscold":    "`%s`에서 패키지 %d개가 컴파일됐습니다. 이 단계가 시작될 때 빌드 캐시가 비어 있어서 표준 라이브러리까지 컴파일해야 했기 때문입니다. 여러분이 한 일에는 문제가 없고, 그 실행으로 캐시가 채워졌습니다. (바꾼 다음) 한 번 더 실행하고 확인하세요.",
	})
}

// StartState is the state a lesson or step starts from, declared in lesson.yaml as
// `start: {cache: warm, warm_with: "go run hello.go"}`. When the learner jumps there
// (`firstrun lesson N`, `firstrun step L.S`, the lesson menu) firstrun prepares it, so a
// workshop can begin at any lesson; walking through the course, the steps before leave it.
type StartState struct {
	// Cache is "any" (nothing to do), "empty", "warm" (holds what WarmWith builds) or
	// "rewarm" (emptied, then filled by WarmWith only).
	Cache    string
	WarmWith string
}

var startCaches = []string{"any", "empty", "warm", "rewarm"}

// warmCommands are the go subcommands that fill the cache without asking anything.
var warmCommands = map[string]bool{"run": true, "build": true, "install": true, "test": true, "vet": true, "list": true}

// decodeStart reads a start field; problems are reported by the loader as file:line.
func (ld *loader) decodeStart(file, what string, n *yaml.Node) *StartState {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		ld.addf(file, n.Line, "%sstart must be a mapping such as {cache: warm, warm_with: \"go run hello.go\"}", what)
		return nil
	}
	ld.unknownKeys(file, n, "cache", "warm_with")
	f := mapFields(n)
	st := &StartState{Cache: "any"}
	if c := f["cache"]; c != nil {
		st.Cache = c.Value
		ok := false
		for _, v := range startCaches {
			ok = ok || v == c.Value
		}
		if !ok {
			ld.addf(file, c.Line, "%sstart: cache %q: expected one of %s", what, c.Value, strings.Join(startCaches, ", "))
			return nil
		}
	}
	w := f["warm_with"]
	if w != nil {
		st.WarmWith = strings.TrimSpace(w.Value)
		words := strings.Fields(st.WarmWith)
		if len(words) < 2 || words[0] != "go" || !warmCommands[words[1]] {
			ld.addf(file, w.Line, "%sstart: warm_with %q: expected a go command that builds, such as \"go run hello.go\"", what, w.Value)
			return nil
		}
	}
	switch {
	case (st.Cache == "warm" || st.Cache == "rewarm") && w == nil:
		ld.addf(file, n.Line, "%sstart: cache %s needs warm_with: the go command that fills the cache (e.g. \"go run hello.go\")", what, st.Cache)
		return nil
	case st.Cache != "warm" && st.Cache != "rewarm" && w != nil:
		ld.addf(file, w.Line, "%sstart: warm_with goes with cache: warm or rewarm, not %s", what, st.Cache)
		return nil
	}
	return st
}

// startOf is the state step s starts from: its own, else its lesson's.
func startOf(l *Lesson, s *Step) *StartState {
	if s.Start != nil {
		return s.Start
	}
	return l.Start
}

// moveTo puts the learner at step s, with the starter files and the state it starts from. A
// step already done is done again: its lesson then continues in order (Progress.Revisit).
// Done marks and saved runs stay.
func (a *App) moveTo(ctx context.Context, p *Progress, l *Lesson, s *Step) error {
	if l.Starter != "" {
		// Before warming: the warm command builds the starter's files. Files the learner
		// has are kept.
		if err := a.WS.Create(a.starter(l), a.goVersion(ctx).Raw); err != nil {
			return err
		}
	}
	if err := a.prepareStart(ctx, l, s); err != nil {
		return err
	}
	p.Revisit = ""
	if !p.Done[Key(l.ID, s.ID)].IsZero() {
		p.Revisit = l.ID
	}
	return a.startStep(p, l.ID, s.ID)
}

// prepareStart brings the learner's cache to the state s starts from. The go commands it
// runs are the real go with the workspace's settings, not the logging wrapper: they are not
// the learner's, and no check may count them.
func (a *App) prepareStart(ctx context.Context, l *Lesson, s *Step) error {
	st := startOf(l, s)
	if st == nil || st.Cache == "any" {
		return nil
	}
	stats, err := sandbox.ReadCacheStats(a.WS.CacheDir())
	if err != nil {
		return err
	}
	switch st.Cache {
	case "empty":
		if stats.Entries == 0 {
			return nil
		}
		a.say("%s", a.T.F("start.emptying", stats.Entries))
		return a.WS.ClearCache()
	case "rewarm":
		a.say("%s", a.T.F("start.rewarming", st.WarmWith))
		if err := a.WS.ClearCache(); err != nil {
			return err
		}
	case "warm":
		if stats.Entries > 0 && a.warmFor(ctx, st.WarmWith) {
			a.say("%s", a.T.F("start.warm", st.WarmWith))
			return nil
		}
		switch i := a.lessonIndex(l); {
		case i <= 0 || (s != l.Steps[0] && s.Start != nil):
			a.say("%s", a.T.F("start.warmingstep", st.WarmWith))
		case i == 1:
			a.say("%s", a.T.F("start.warming1", st.WarmWith))
		default:
			a.say("%s", a.T.F("start.warmingN", i, st.WarmWith))
		}
	}
	return a.warm(ctx, st.WarmWith)
}

// warm runs the command with the real go and says how it went. A failure is reported, not
// fatal: the learner can still run the command themselves.
func (a *App) warm(ctx context.Context, command string) error {
	done := a.UI.Busy(a.T.F("start.busy"))
	start := time.Now()
	out, err := a.realGo(ctx, strings.Fields(command)[1:]...)
	done()
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	if err != nil {
		a.say("%s", a.T.F("start.failed", command, strings.TrimSpace(string(out))))
		return nil
	}
	stats, _ := sandbox.ReadCacheStats(a.WS.CacheDir())
	a.say("%s", a.T.F("start.warmed", stats.Entries, a.T.Seconds(float64(time.Since(start).Milliseconds()))))
	return nil
}

// compileLine is a line of `go build -n` output that runs the compiler.
var compileLine = regexp.MustCompile(`(?m)[/\\]compile(\.exe)?\s`)

// warmFor: the cache already holds what command builds. `-n` prints the commands a build
// would run without running them: with a warm cache, no compiles.
func (a *App) warmFor(ctx context.Context, command string) bool {
	args := strings.Fields(command)[1:]
	args = append([]string{args[0], "-n"}, args[1:]...)
	out, err := a.realGo(ctx, args...)
	return err == nil && !compileLine.Match(out)
}

// realGo runs the real go in the workspace with the learner's settings (their cache), past
// the wrapper, so nothing is logged as theirs. The program a `go run` starts gets no input.
func (a *App) realGo(ctx context.Context, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, a.WS.RealGo, args...)
	cmd.Dir = a.WS.Dir
	cmd.Env = a.WS.Env(a.Environ)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

// revisitNext is the step after s while the learner redoes its lesson: the next one in
// order, done or not. At the lesson's end the revisit is over (nil).
func (a *App) revisitNext(p *Progress, l *Lesson, s *Step) *Step {
	if p.Revisit != l.ID {
		return nil
	}
	if i := l.StepIndex(s.ID); i >= 0 && i+1 < len(l.Steps) {
		return l.Steps[i+1]
	}
	p.Revisit = ""
	return nil
}

// GotoStep is `firstrun step L.S`: the learner goes to that step (by numbers, 3.2, or ids,
// cache.layout), with the state it starts from, to do it (again).
func (a *App) GotoStep(ctx context.Context, ref string) error {
	l, s := a.findStep(ref)
	if s == nil {
		return errors.New(a.T.F("step.unknown", ref))
	}
	if err := a.Ready(ctx); err != nil {
		return err
	}
	p, err := a.Progress()
	if err != nil {
		return err
	}
	return a.moveTo(ctx, p, l, s)
}

func (a *App) findStep(ref string) (*Lesson, *Step) {
	lref, sref, ok := strings.Cut(ref, ".")
	if !ok {
		lref, sref, ok = strings.Cut(ref, "/")
	}
	if !ok {
		return nil, nil
	}
	l := a.Course.Lesson(lref)
	if n, err := strconv.Atoi(lref); err == nil && n >= 1 && n <= len(a.Course.Lessons) {
		l = a.Course.Lessons[n-1]
	}
	if l == nil {
		return nil, nil
	}
	if n, err := strconv.Atoi(sref); err == nil && n >= 1 && n <= len(l.Steps) {
		return l, l.Steps[n-1]
	}
	return l, l.Step(sref)
}

// pickStep is the lesson menu's second question: where in the lesson to go.
func (a *App) pickStep(ctx context.Context, l *Lesson) error {
	p, err := a.Progress()
	if err != nil {
		return err
	}
	open := l.Steps[0]
	for _, s := range l.Steps {
		if p.Done[Key(l.ID, s.ID)].IsZero() {
			open = s
			break
		}
	}
	li := a.lessonIndex(l) + 1
	labels := []string{a.T.F("menu.firstopen", fmt.Sprintf("%d.%d %s", li, l.StepIndex(open.ID)+1, a.stepTitle(l, open)))}
	for j, s := range l.Steps {
		mark := "[ ]"
		if !p.Done[Key(l.ID, s.ID)].IsZero() {
			mark = "[x]"
		}
		labels = append(labels, fmt.Sprintf("%s %d.%d %s", mark, li, j+1, a.stepTitle(l, s)))
	}
	i, err := a.UI.Select(a.T.F("menu.pickstep", li), labels)
	if err != nil {
		return err
	}
	if i == 0 {
		return a.Goto(ctx, l.ID)
	}
	if err := a.Ready(ctx); err != nil {
		return err
	}
	return a.moveTo(ctx, p, l, l.Steps[i-1])
}
