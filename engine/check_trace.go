package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/firstrun/firstrun/engine/buildtrace"
)

// SavedTrace is what firstrun keeps of a build trace the learner wrote (the build_trace
// check's save_as): the figures the pages quote ({{trace.NAME.FIELD}}) and the answers the
// trace_answer check expects, so they stay the learner's own even if the file changes.
type SavedTrace struct {
	Path     string    `json:"path"`
	Start    time.Time `json:"start"`
	Millis   float64   `json:"ms"`
	Workers  int       `json:"workers"`
	Compiles int       `json:"compiles"`
	// Longest are the longest compiles, longest first (at most five).
	Longest []TracedPackage `json:"longest"`
	// CriticalMillis is the work along the critical path.
	CriticalMillis float64 `json:"critical_ms"`
	// Busy is the share of the workers' capacity (workers × wall time) that ran actions.
	Busy float64 `json:"busy"`
	// ParallelMillis is how long two or more workers were busy at once.
	ParallelMillis float64 `json:"parallel_ms"`
	LinkMillis     float64 `json:"link_ms"`
	Step           string  `json:"step,omitempty"`
}

// TracedPackage is one compile of a saved trace.
type TracedPackage struct {
	Package string  `json:"package"`
	Millis  float64 `json:"ms"`
}

// summarize keeps the figures of a trace.
func summarize(path string, tr *buildtrace.Trace) SavedTrace {
	s := SavedTrace{Path: path, Start: tr.Start, Millis: ms(tr.Wall()), Workers: tr.Workers}
	s.Compiles, _ = tr.Sum("build")
	for _, a := range tr.Longest() {
		if len(s.Longest) == 5 {
			break
		}
		s.Longest = append(s.Longest, TracedPackage{a.Package, ms(a.Duration())})
	}
	s.CriticalMillis = ms(buildtrace.PathWork(tr.CriticalPath()))
	bz := tr.Busy()
	s.Busy, s.ParallelMillis = bz.Share(), ms(bz.Parallel())
	_, link := tr.Sum("link")
	s.LinkMillis = ms(link)
	return s
}

// SaveTrace keeps a trace's figures under a name, replacing an earlier one.
func (p *Progress) SaveTrace(name string, s SavedTrace) {
	if p.Traces == nil {
		p.Traces = map[string]SavedTrace{}
	}
	s.Step = Key(p.Lesson, p.Step)
	p.Traces[name] = s
}

// buildTrace checks a build trace the learner wrote with -debug-trace: the file is there and
// is a go build's trace, and (with run) the saved run wrote it, so a later warm run that
// overwrote it does not pass for the cold one.
type buildTrace struct {
	common `yaml:",inline"`
	Path   string `yaml:"path"`
	RunID  string `yaml:"run"`
	SaveAs string `yaml:"save_as"`
}

func (c *buildTrace) validate() error {
	if err := relPath("path", c.Path); err != nil {
		return err
	}
	if c.RunID != "" && !idPattern.MatchString(c.RunID) {
		return fmt.Errorf("run %q: name a run saved with save_as (lower-case letters, digits and dashes)", c.RunID)
	}
	if c.SaveAs != "" && !idPattern.MatchString(c.SaveAs) {
		return fmt.Errorf("save_as %q: use lower-case letters, digits and dashes", c.SaveAs)
	}
	return nil
}

// traceSlack allows for the go command starting a moment after the wrapper noted the time,
// and for clocks that tick coarsely.
const traceSlack = 2 * time.Second

func (c *buildTrace) Run(_ context.Context, e *Env) Result {
	p, err := e.WS.Path(c.Path)
	if err != nil {
		return fail(err.Error())
	}
	tr, err := ReadTrace(e.T, c.Path, p)
	if err != nil {
		return fail(err.Error())
	}
	if c.RunID != "" {
		r, ok := e.Progress.Runs[c.RunID]
		if !ok {
			return fail(e.T.F("faster.missing", e.T.RunName(c.RunID)))
		}
		end := r.Start.Add(time.Duration(r.Millis * float64(time.Millisecond)))
		if tr.Start.Before(r.Start.Add(-traceSlack)) || tr.Start.After(end.Add(traceSlack)) {
			return fail(e.T.F("btrace.other", c.Path, tr.Start.Local().Format("15:04:05"), e.T.RunName(c.RunID), r.Start.Local().Format("15:04:05")))
		}
	}
	s := summarize(c.Path, tr)
	if c.SaveAs != "" {
		e.Progress.SaveTrace(c.SaveAs, s)
	}
	if len(s.Longest) == 0 {
		return pass(e.T.F("btrace.ok.none", c.Path, tr.Workers))
	}
	key := "btrace.ok"
	if tr.Workers == 1 {
		key = "btrace.ok.1"
	}
	return pass(e.T.F(key, c.Path, s.Compiles, tr.Workers, e.T.Seconds(s.Millis)))
}

// traceAnswer asks the learner what their own trace shows (the package that took longest,
// how many workers ran) and checks the answer against the trace a build_trace check saved.
type traceAnswer struct {
	common  `yaml:",inline"`
	TraceID string `yaml:"trace"`
	Want    string `yaml:"want"`
}

// traceQuestions are what a trace_answer check can ask.
var traceQuestions = []string{"longest", "workers"}

func (c *traceAnswer) validate() error {
	if err := required("trace", c.TraceID); err != nil {
		return err
	}
	for _, q := range traceQuestions {
		if c.Want == q {
			return nil
		}
	}
	return fmt.Errorf("want %q: expected one of %s", c.Want, strings.Join(traceQuestions, ", "))
}

func (c *traceAnswer) Run(_ context.Context, e *Env) Result {
	s, ok := e.Progress.Traces[c.TraceID]
	if !ok {
		return fail(e.T.F("tanswer.notrace"))
	}
	got := strings.TrimSpace(e.Answer)
	if got == "" && e.Input != nil {
		var err error
		got, err = e.Input(e.T.F("tanswer.prompt." + c.Want))
		if err != nil {
			return fail(err.Error())
		}
	}
	got = strings.Trim(strings.TrimSpace(got), "\"'`“”‘’.")
	if got == "" {
		return fail(e.T.F("tanswer.ask."+c.Want, s.Path))
	}
	switch c.Want {
	case "workers":
		n, err := strconv.Atoi(got)
		switch {
		case err != nil:
			return fail(e.T.F("tanswer.notnumber", got))
		case n != s.Workers:
			return fail(e.T.F("tanswer.wrong.workers", n, s.Path))
		}
		return pass(e.T.F("tanswer.ok.workers", s.Workers))
	}
	if len(s.Longest) == 0 {
		return fail(e.T.F("tanswer.nocompiles", s.Path))
	}
	top := s.Longest[0]
	if samePackage(got, top.Package) {
		return pass(e.T.F("tanswer.ok.longest", top.Package, e.T.Seconds(top.Millis), e.T.Seconds(s.Millis), percent(top.Millis/s.Millis)))
	}
	for _, p := range s.Longest[1:] {
		if samePackage(got, p.Package) {
			return fail(e.T.F("tanswer.wrong.longer", p.Package, e.T.Seconds(p.Millis), s.Path))
		}
	}
	return fail(e.T.F("tanswer.wrong.longest", got, s.Path))
}

// samePackage compares an answer with a package as the trace names it: case does not matter,
// and the program's own package may be called main.
func samePackage(answer, pkg string) bool {
	return strings.EqualFold(answer, pkg) || (pkg == "command-line-arguments" && strings.EqualFold(answer, "main"))
}

func init() {
	checkKinds["build_trace"] = func() validator { return &buildTrace{} }
	checkKinds["trace_answer"] = func() validator { return &traceAnswer{} }
	RegisterMessages("en", map[string]string{
		"btrace.other":           "%s was written at %s, not by your %s (at %s): a later go command wrote over it. Run that command again.",
		"btrace.ok":              "%s: a trace of %d compiles on %d workers, %s in all",
		"btrace.ok.none":         "%s: a trace of a build on %d workers that compiled nothing",
		"btrace.ok.1":            "%s: a trace of %d compiles on %d worker, one at a time, %s in all",
		"tanswer.notrace":        "firstrun has not read a trace of yours yet: do the step with the traced build first (firstrun list shows where you are).",
		"tanswer.prompt.longest": "Which package took longest to compile?",
		"tanswer.prompt.workers": "How many workers ran the build?",
		"tanswer.ask.longest":    "Which package took longest to compile in your build? Read it with firstrun trace %s, then answer: firstrun answer PACKAGE",
		"tanswer.ask.workers":    "How many workers ran your build? Read it with firstrun trace %s, then answer: firstrun answer NUMBER",
		"tanswer.notnumber":      "%q is not a number of workers: answer with a number, such as firstrun answer 4",
		"tanswer.wrong.workers":  "Not %d: count the rows of the chart in firstrun trace %s.",
		"tanswer.ok.workers":     "Right: %d workers, one row each in the chart.",
		"tanswer.nocompiles":     "Your trace %s compiled no package at all (was the cache warm?): run the traced build on an empty cache.",
		"tanswer.wrong.longer":   "Close: %s took %s, but one package took longer. Look at the first line under \"Longest compiles\" in firstrun trace %s.",
		"tanswer.wrong.longest":  "Not %s: look at the first line under \"Longest compiles\" in firstrun trace %s.",
		"tanswer.ok.longest":     "Right: %s took %s of your %s build (%s).",
	})
	RegisterMessages("ko", map[string]string{
		"btrace.other":           "%s 파일이 쓰인 시각은 %s인데, %s 시각(%s)과 맞지 않습니다. 나중에 실행한 go 명령이 파일을 덮어썼습니다. 그 명령을 다시 실행하세요.",
		"btrace.ok":              "%s: 컴파일 %d번, 워커 %d개, 전체 %s의 트레이스",
		"btrace.ok.none":         "%s: 워커 %d개로 아무것도 컴파일하지 않은 빌드의 트레이스",
		"btrace.ok.1":            "%s: 컴파일 %d번, 워커 %d개(하나씩 차례로), 전체 %s의 트레이스",
		"tanswer.notrace":        "아직 firstrun이 읽은 트레이스가 없습니다. 트레이스를 남기는 빌드 단계를 먼저 하세요 (firstrun list로 현재 위치를 볼 수 있습니다).",
		"tanswer.prompt.longest": "컴파일이 가장 오래 걸린 패키지:",
		"tanswer.prompt.workers": "빌드를 실행한 워커 수:",
		"tanswer.ask.longest":    "빌드에서 컴파일이 가장 오래 걸린 패키지는 무엇인가요? 트레이스를 읽고(firstrun trace %s) firstrun answer 패키지 형식으로 답하세요",
		"tanswer.ask.workers":    "빌드를 실행한 워커는 몇 개인가요? 트레이스를 읽고(firstrun trace %s) firstrun answer 숫자 형식으로 답하세요",
		"tanswer.notnumber":      "워커 수는 숫자로 답하세요 (받은 답: %q). 예: firstrun answer 4",
		"tanswer.wrong.workers":  "%d개가 아닙니다. firstrun trace %s 차트의 줄 수를 세어 보세요.",
		"tanswer.ok.workers":     "맞습니다. 워커 %d개, 차트에서 한 줄씩입니다.",
		"tanswer.nocompiles":     "트레이스(%s)에 컴파일한 패키지가 하나도 없습니다 (캐시가 채워져 있었나요?). 빈 캐시에서 트레이스 빌드를 다시 실행하세요.",
		"tanswer.wrong.longer":   "아깝습니다. %s 패키지는 %s 걸렸지만, 더 오래 걸린 패키지가 있습니다. firstrun trace %s의 \"오래 걸린 컴파일\" 첫 줄을 보세요.",
		"tanswer.wrong.longest":  "답(%s)이 틀렸습니다. firstrun trace %s의 \"오래 걸린 컴파일\" 첫 줄을 보세요.",
		"tanswer.ok.longest":     "맞습니다. 가장 오래 걸린 패키지: %s, %s (빌드 전체 %s 중 %s).",
	})
}
