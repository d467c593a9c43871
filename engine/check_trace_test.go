package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/sandbox"
	"go.yaml.in/yaml/v3"
)

// writeSampleTrace puts the cold hello.go trace (runtime longest, 2 workers, started at
// 2026-12-03 06:13:29.487 UTC) into the workspace as name.
func writeSampleTrace(t *testing.T, e *Env, name string) {
	t.Helper()
	f, err := os.Open(filepath.Join("buildtrace", "testdata", sampleTraces[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, z); err != nil {
		t.Fatal(err)
	}
	write(t, e, name, buf.String())
}

// sampleTraceStart is when the sample trace's go command started.
var sampleTraceStart = time.Unix(0, 1796278409487458800)

func TestBuildTraceCheck(t *testing.T) {
	check := mustCheck(t, "{kind: build_trace, path: build.json, run: traced, save_as: build}")
	e := testEnv(t, "en")
	if r := check.Run(context.Background(), e); r.OK || !strings.Contains(r.Msg, "build.json: no such file") {
		t.Errorf("no file: got OK=%v %q", r.OK, r.Msg)
	}
	write(t, e, "build.json", "package main\n")
	if r := check.Run(context.Background(), e); r.OK || !strings.Contains(r.Msg, "build.json is not a build trace") {
		t.Errorf("not a trace: got OK=%v %q", r.OK, r.Msg)
	}
	writeSampleTrace(t, e, "build.json")
	if r := check.Run(context.Background(), e); r.OK || !strings.Contains(r.Msg, "traced") {
		t.Errorf("run not saved yet: got OK=%v %q", r.OK, r.Msg)
	}
	// A run that started a minute later did not write this trace (a warm run wrote over
	// the cold one's, say).
	e.Progress.SaveRun("traced", sandbox.Command{Args: []string{"run", "-debug-trace=build.json", "hello.go"}, Start: sampleTraceStart.Add(time.Minute), Millis: 18000})
	if r := check.Run(context.Background(), e); r.OK || !strings.Contains(r.Msg, "not by your traced") {
		t.Errorf("another run's trace: got OK=%v %q", r.OK, r.Msg)
	}
	e.Progress.SaveRun("traced", sandbox.Command{Args: []string{"run", "-debug-trace=build.json", "hello.go"}, Start: sampleTraceStart.Add(-300 * time.Millisecond), Millis: 18000})
	r := check.Run(context.Background(), e)
	if !r.OK || r.Msg != "build.json: a trace of 61 compiles on 2 workers, 17.9 s in all" {
		t.Errorf("the run's own trace: got OK=%v %q", r.OK, r.Msg)
	}
	s := e.Progress.Traces["build"]
	if s.Workers != 2 || s.Compiles != 61 || len(s.Longest) != 5 || s.Longest[0].Package != "runtime" || s.Longest[1].Package != "reflect" {
		t.Errorf("saved trace: got %+v", s)
	}
}

func TestTraceAnswerCheck(t *testing.T) {
	check := mustCheck(t, "{kind: trace_answer, trace: build, want: longest}")
	e := testEnv(t, "en")
	if r := check.Run(context.Background(), e); r.OK || !strings.Contains(r.Msg, "has not read a trace") {
		t.Errorf("no trace saved: got OK=%v %q", r.OK, r.Msg)
	}
	writeSampleTrace(t, e, "build.json")
	if r := mustCheck(t, "{kind: build_trace, path: build.json, save_as: build}").Run(context.Background(), e); !r.OK {
		t.Fatal(r.Msg)
	}
	tests := []struct {
		answer string
		ok     bool
		want   string
	}{
		{"", false, "firstrun trace build.json, then answer: firstrun answer PACKAGE"},
		{"fmt", false, "Not fmt: look at the first line"},
		{"reflect", false, "Close: reflect took 3.20 s, but one package took longer"},
		{"runtime", true, "Right: runtime took 9.10 s of your 17.9 s build (51%)."},
		{" `Runtime`. ", true, "Right: runtime"},
	}
	for _, tt := range tests {
		e.Answer = tt.answer
		r := check.Run(context.Background(), e)
		if r.OK != tt.ok || !strings.Contains(r.Msg, tt.want) {
			t.Errorf("answer %q: got OK=%v %q, want OK=%v containing %q", tt.answer, r.OK, r.Msg, tt.ok, tt.want)
		}
	}
	// In the workbook the check asks.
	e.Answer = ""
	e.Input = func(prompt string) (string, error) {
		if prompt != "Which package took longest to compile?" {
			t.Errorf("prompt: got %q", prompt)
		}
		return "runtime\n", nil
	}
	if r := check.Run(context.Background(), e); !r.OK {
		t.Errorf("typed at the prompt: got %q", r.Msg)
	}
	e.Input = nil

	workers := mustCheck(t, "{kind: trace_answer, trace: build, want: workers}")
	for answer, want := range map[string]string{"two": "not a number", "1": "Not 1: count the rows", "2": "Right: 2 workers"} {
		e.Answer = answer
		if r := workers.Run(context.Background(), e); r.OK != (answer == "2") || !strings.Contains(r.Msg, want) {
			t.Errorf("workers %q: got OK=%v %q, want %q", answer, r.OK, r.Msg, want)
		}
	}
}

// Mistakes in lesson.yaml name the field; lint catches names nothing saves.
func TestTraceChecksValidate(t *testing.T) {
	for src, want := range map[string]string{
		"{kind: build_trace}":                                     "missing field: path",
		"{kind: build_trace, path: /tmp/x.json}":                  "must be relative",
		"{kind: build_trace, path: b.json, save_as: Build}":       "save_as",
		"{kind: trace_answer, want: longest}":                     "missing field: trace",
		"{kind: trace_answer, trace: build, want: shortest}":      `want "shortest": expected one of longest, workers`,
		"{kind: trace_answer, trace: build, want: longest, x: 1}": `unknown field "x"`,
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		if _, err := decodeCheck(n.Content[0]); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", src, err, want)
		}
	}
	lessonYAML := strings.Replace(goodYAML, "      - kind: file_exists\n        path: hello.go\n",
		"      - kind: trace_answer\n        trace: nosuch\n        want: longest\n", 1)
	_, err := LoadCourse(pack(map[string]string{"01-demo/lesson.yaml": lessonYAML}), "p")
	if err == nil || !strings.Contains(err.Error(), `trace_answer: no build_trace check saves a trace "nosuch"`) {
		t.Errorf("lint: got %v", err)
	}
}

func TestTracePlaceholders(t *testing.T) {
	e := testEnv(t, "ko")
	writeSampleTrace(t, e, "build.json")
	if r := mustCheck(t, "{kind: build_trace, path: build.json, save_as: build}").Run(context.Background(), e); !r.OK {
		t.Fatal(r.Msg)
	}
	if err := e.Progress.Save(e.WS.ProgressPath()); err != nil {
		t.Fatal(err)
	}
	a := &App{WS: e.WS, T: NewMessages("ko")}
	got := a.fill("{{trace.build.longest|?}} {{trace.build.longest_time}} {{trace.build.longest_share}} " +
		"{{trace.build.second}} {{trace.build.workers}} {{trace.build.compiles}} {{trace.build.time}} " +
		"{{trace.nosuch.longest|runtime}} {{trace.build.critical_share}}")
	if want := "runtime 9.10초 51% reflect 2 61 17.9초 runtime 90%"; got != want {
		t.Errorf("fill: got %q, want %q", got, want)
	}
}
