package engine

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/firstrun/firstrun/sandbox"
	"go.yaml.in/yaml/v3"
)

// outputMatch is what a ran check looks for in what a command printed (its `stdout`,
// `stderr` or `output` field): text it contains, text it must not contain, a regular
// expression it matches. The wrapper records a command's output only while a step that
// checks it is the current one (see captureStreams).
type outputMatch struct {
	Contains    string `yaml:"contains"`
	NotContains string `yaml:"not_contains"`
	Matches     string `yaml:"matches"`
	re          *regexp.Regexp
}

var outputKeys = []string{"contains", "matches", "not_contains"}

// UnmarshalYAML reads the mapping and refuses unknown keys and bad expressions, so a typo
// is a lint error with its line rather than a check that never passes.
func (m *outputMatch) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("expected a mapping with %s", strings.Join(outputKeys, ", "))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !contains(outputKeys, k) {
			return fmt.Errorf("unknown field %q (expected: %s)", k, strings.Join(outputKeys, ", "))
		}
	}
	type plain outputMatch
	if err := n.Decode((*plain)(m)); err != nil {
		return err
	}
	if m.Contains == "" && m.NotContains == "" && m.Matches == "" {
		return fmt.Errorf("give contains, not_contains or matches")
	}
	if m.Matches != "" {
		re, err := regexp.Compile(m.Matches)
		if err != nil {
			return fmt.Errorf("matches %q is not a valid regular expression: %v", m.Matches, err)
		}
		m.re = re
	}
	return nil
}

// why says what is missing from text, in the learner's language, or "" when it fits.
func (m *outputMatch) why(t *Messages, command, stream string, texts []string) string {
	has := func(f func(string) bool) bool {
		for _, s := range texts {
			if f(s) {
				return true
			}
		}
		return false
	}
	shown := excerpt(strings.Join(texts, "\n"))
	where := t.F("stream." + stream)
	switch {
	case m.Contains != "" && !has(func(s string) bool { return strings.Contains(s, m.Contains) }):
		return t.F("ran.lacks", command, where, shown, m.Contains)
	case m.NotContains != "" && has(func(s string) bool { return strings.Contains(s, m.NotContains) }):
		return t.F("ran.has", command, where, shown, m.NotContains)
	case m.re != nil && !has(m.re.MatchString):
		return t.F("ran.nomatch", command, where, shown, m.Matches)
	}
	return ""
}

// excerpt is what the learner is shown of a command's output when it lacks what a step looks
// for: the last lines, since the terminal above has the rest.
func excerpt(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return "  (nothing)"
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 12 {
		lines = append([]string{"  …"}, lines[len(lines)-12:]...)
	}
	for i, l := range lines {
		if len(l) > 200 {
			cut := 200
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut-- // never in the middle of a character
			}
			l = l[:cut] + "…"
		}
		if !strings.HasPrefix(l, "  ") {
			l = "  " + l
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// outputWhy checks the run's recorded output against the check's stdout, stderr and output
// fields; "" when all fit.
func (c *ran) outputWhy(t *Messages, cmd *sandbox.Command) string {
	line := commandLine(cmd.Args)
	text := func(cp *sandbox.Captured) (string, bool) {
		if cp == nil {
			return "", false
		}
		return strings.ReplaceAll(cp.Text, "\r\n", "\n"), true
	}
	out, okOut := text(cmd.Stdout)
	errText, okErr := text(cmd.Stderr)
	for _, f := range []struct {
		m      *outputMatch
		stream string
		texts  []string
		ok     bool
	}{
		{c.Stdout, "stdout", []string{out}, okOut},
		{c.Stderr, "stderr", []string{errText}, okErr},
		{c.Output, "output", []string{out, errText}, okOut && okErr},
	} {
		if f.m == nil {
			continue
		}
		if !f.ok {
			return t.F("ran.nocapture", line)
		}
		if why := f.m.why(t, line, f.stream, f.texts); why != "" {
			return why
		}
	}
	return ""
}

// captureStreams is what the wrapper must record for this check: the go subcommand and its
// streams, or "" when the check reads no output.
func (c *ran) captureStreams() (string, []string) {
	var streams []string
	if c.Stdout != nil || c.Output != nil {
		streams = append(streams, "stdout")
	}
	if c.Stderr != nil || c.Output != nil {
		streams = append(streams, "stderr")
	}
	if len(streams) == 0 || len(c.words) == 0 {
		return "", nil
	}
	return c.words[0], streams
}

// stepCapture is what the wrapper must record while s is the current step, by subcommand.
func stepCapture(s *Step) map[string][]string {
	if s == nil {
		return nil
	}
	var out map[string][]string
	for _, ch := range s.Checks {
		r, ok := ch.(*ran)
		if !ok {
			continue
		}
		sub, streams := r.captureStreams()
		if sub == "" {
			continue
		}
		if out == nil {
			out = map[string][]string{}
		}
		for _, st := range streams {
			if !contains(out[sub], st) {
				out[sub] = append(out[sub], st)
			}
		}
		sort.Strings(out[sub])
	}
	return out
}

// expectsFailure: the step wants the command to fail (`fails: true`, or a non-zero `exit`).
func (c *ran) expectsFailure() bool { return c.Fails || (c.Exit != nil && *c.Exit != 0) }

// exitOK: the run ended as the step expects.
func (c *ran) exitOK(code int) bool {
	switch {
	case c.Fails:
		return code > 0
	case c.Exit != nil:
		return code == *c.Exit
	}
	return code == 0
}

// exitWhy explains a run that ended otherwise than a step expecting a failure wants.
func (c *ran) exitWhy(t *Messages, cmd *sandbox.Command) string {
	line := commandLine(cmd.Args)
	switch {
	case c.Fails && cmd.Exit == 0:
		return t.F("ran.wantfail", line)
	case c.Exit != nil && cmd.Exit == 0:
		return t.F("ran.wantexit0", line, *c.Exit)
	case c.Exit != nil:
		return t.F("ran.wantexit", line, cmd.Exit, *c.Exit)
	}
	return t.F("ran.failedany", line, cmd.Exit)
}

// failedWhy explains a failed run that the step wanted to succeed, naming the files the
// command was given (hello.go, the sum folder), so it never points at a file the lesson
// does not have.
func failedWhy(t *Messages, cmd *sandbox.Command, g goCommand) string {
	line := commandLine(cmd.Args)
	var files, dirs []string
	for _, p := range g.Pkgs {
		name := strings.TrimPrefix(p, "./")
		switch {
		case strings.HasSuffix(p, ".go"):
			files = append(files, name)
		case strings.HasPrefix(p, "./") && !strings.Contains(p, "..."):
			dirs = append(dirs, name)
		}
	}
	switch {
	case len(files) > 0:
		return t.F("ran.failed", line, cmd.Exit, strings.Join(files, ", "))
	case len(dirs) > 0:
		return t.F("ran.faileddir", line, cmd.Exit, strings.Join(dirs, ", "))
	}
	return t.F("ran.failedany", line, cmd.Exit)
}

func init() {
	RegisterMessages("en", map[string]string{
		"ran.faileddir": "`%s` failed (exit code %d). Read the error above it (it names the file and line), fix the code in the %s folder, and run it again.",
		"ran.failedany": "`%s` failed (exit code %d). Read the error above it (it names the file and line), fix that, and run it again.",
		"ran.wantfail":  "`%s` succeeded (exit code 0), but this step expects it to fail. Is the code still as this step describes? Read the step again.",
		"ran.wantexit0": "`%s` succeeded (exit code 0), but this step expects exit code %d. Is the code still as this step describes? Read the step again.",
		"ran.wantexit":  "`%s` ended with exit code %d, but this step expects exit code %d. Read the error above it.",
		"ran.okexit":    "`%s` ended with exit code %d, as this step expects.",
		"ran.nocapture": "firstrun did not record what `%s` printed (it records the output only for the step that looks at it). Run it again and check.",
		"ran.lacks":     "`%s` printed on %s:\n%s\nThis step looks for %q in it.",
		"ran.has":       "`%s` printed on %s:\n%s\nThis step expects no %q in it.",
		"ran.nomatch":   "`%s` printed on %s:\n%s\nThis step looks for a line like the regular expression `%s`.",
		"stream.stdout": "its standard output",
		"stream.stderr": "its standard error",
		"stream.output": "its output",
	})
	RegisterMessages("ko", map[string]string{
		"ran.faileddir": "`%s` 명령이 실패했습니다 (종료 코드: %d). 위에 나온 오류(파일과 줄 번호가 나옵니다)를 읽고, 폴더 %s 안의 코드를 고친 다음 다시 실행하세요.",
		"ran.failedany": "`%s` 명령이 실패했습니다 (종료 코드: %d). 위에 나온 오류(파일과 줄 번호가 나옵니다)를 읽고 고친 다음 다시 실행하세요.",
		"ran.wantfail":  "`%s` 명령이 성공했습니다 (종료 코드: 0). 그런데 이 단계에서는 실패해야 합니다. 코드가 이 단계의 설명과 같은지 확인하고 단계를 다시 읽어 보세요.",
		"ran.wantexit0": "`%s` 명령이 성공했습니다 (종료 코드: 0). 이 단계에서 기대하는 종료 코드: %d. 코드가 이 단계의 설명과 같은지 확인하고 단계를 다시 읽어 보세요.",
		"ran.wantexit":  "`%s` 명령의 종료 코드: %d. 이 단계에서 기대하는 종료 코드: %d. 위에 나온 오류를 읽어 보세요.",
		"ran.okexit":    "`%s` 명령의 종료 코드: %d. 이 단계에서 기대한 대로입니다.",
		"ran.nocapture": "firstrun이 `%s` 명령의 출력을 기록하지 못했습니다 (출력은 그것을 확인하는 단계에서만 기록합니다). 다시 실행한 다음 확인하세요.",
		"ran.lacks":     "`%s` 명령의 출력(%s):\n%s\n이 단계에서 찾는 내용: %q",
		"ran.has":       "`%s` 명령의 출력(%s):\n%s\n이 단계에서는 다음 내용이 없어야 합니다: %q",
		"ran.nomatch":   "`%s` 명령의 출력(%s):\n%s\n이 단계에서 찾는 줄의 정규 표현식: `%s`",
		"stream.stdout": "표준 출력",
		"stream.stderr": "표준 에러",
		"stream.output": "표준 출력과 표준 에러",
	})
}
