package engine

import (
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firstrun/firstrun/engine/buildtrace"
)

// sampleTraces are real traces the go command wrote (engine/buildtrace/testdata).
var sampleTraces = []string{"go1.26-hello-cold.json.gz", "go1.16-hello.json.gz"}

func readSampleTrace(t *testing.T, name string) *buildtrace.Trace {
	t.Helper()
	f, err := os.Open(filepath.Join("buildtrace", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := buildtrace.Read(z)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestTraceReportGolden lays out the cold hello.go trace as firstrun trace --plain does, at
// 60 and 100 columns in every language, and compares it with testdata/trace. After a
// deliberate change: go test ./engine -update.
func TestTraceReportGolden(t *testing.T) {
	tr := readSampleTrace(t, sampleTraces[0])
	for _, lang := range Languages {
		for _, width := range []int{60, 100} {
			got := TraceReport(NewMessages(lang), tr, "build.json", width, false)
			name := filepath.Join("testdata", "trace", fmt.Sprintf("hello-cold.%s.%d.txt", lang, width))
			if *update {
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("%v (run go test ./engine -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s: the report changed; if that is intended, run go test ./engine -update\ngot:\n%s", name, got)
			}
		}
	}
}

// Every line fits the width, styled or plain, in every language; plain has no escapes.
func TestTraceReportFits(t *testing.T) {
	for _, name := range sampleTraces {
		tr := readSampleTrace(t, name)
		for _, lang := range Languages {
			for _, width := range []int{40, 60, 80, 100, 160} {
				for _, styled := range []bool{false, true} {
					out := TraceReport(NewMessages(lang), tr, "build.json", width, styled)
					if !styled && strings.Contains(out, "\x1b") {
						t.Errorf("%s %s %d plain: has escape sequences", name, lang, width)
					}
					for _, line := range strings.Split(out, "\n") {
						if w := displayWidth(stripANSI(line)); w > width {
							t.Errorf("%s %s styled=%v: %d columns, wider than %d:\n%s", name, lang, styled, w, width, line)
						}
						if strings.HasSuffix(line, " ") {
							t.Errorf("%s %s styled=%v width %d: trailing space in %q", name, lang, styled, width, line)
						}
					}
					if strings.Contains(out, "%!") || strings.Contains(out, "[trace.") {
						t.Errorf("%s %s: a message is broken:\n%s", name, lang, out)
					}
				}
			}
		}
	}
}
