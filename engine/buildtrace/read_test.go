package buildtrace

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// readGz reads a trace kept gzipped in testdata: real traces written by the go command.
//   - go1.26-hello-cold.json.gz: go run -debug-trace hello.go on an empty cache (go1.26.8,
//     2 cores, a loaded machine: 17.9 s);
//   - go1.16-hello.json.gz: the same with go1.16, whose standard library came precompiled.
func readGz(t testing.TB, name string) []byte {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustRead(t *testing.T, data []byte) *Trace {
	t.Helper()
	tr, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func labels(list []*Action) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Label())
	}
	return out
}

func TestReadColdHello(t *testing.T) {
	tr := mustRead(t, readGz(t, "go1.26-hello-cold.json.gz"))
	if tr.Command != "run" || tr.Workers != 2 || tr.Truncated {
		t.Errorf("got command %q, %d workers, truncated %v; want run, 2, false", tr.Command, tr.Workers, tr.Truncated)
	}
	if got := tr.Wall().Round(time.Millisecond); got != 17890*time.Millisecond {
		t.Errorf("wall: got %v, want 17.89s", got)
	}
	n, _ := tr.Sum("build")
	if n != 61 {
		t.Errorf("compiles: got %d, want 61", n)
	}
	top := labels(tr.Longest()[:3])
	if strings.Join(top, " ") != "runtime reflect syscall" {
		t.Errorf("longest three: got %v, want runtime reflect syscall", top)
	}
	if d := tr.Longest()[0].Duration().Round(time.Millisecond); d != 9104*time.Millisecond {
		t.Errorf("runtime: got %v, want 9.104s", d)
	}
	if first := tr.FirstAction().Round(time.Millisecond); first != 385*time.Millisecond {
		t.Errorf("first action at %v, want 385ms (loading packages before it)", first)
	}
	path := tr.CriticalPath()
	names := strings.Join(labels(path), " > ")
	for _, want := range []string{"runtime > build check cache internal/reflectlite", "fmt > build check cache command-line-arguments"} {
		if !strings.Contains(names, want) {
			t.Errorf("critical path %s: want it to contain %q", names, want)
		}
	}
	if last := path[len(path)-1]; last.Mode != "go run" {
		t.Errorf("critical path ends with %q, want the go run action", last.Label())
	}
	for i := 1; i < len(path); i++ {
		if path[i].Start < path[i-1].End {
			t.Errorf("critical path: %s starts at %v, before %s ends at %v", path[i].Label(), path[i].Start, path[i-1].Label(), path[i-1].End)
		}
	}
	b := tr.Busy()
	var sum time.Duration
	for _, d := range b.AtOnce {
		sum += d
	}
	if sum != tr.Wall() {
		t.Errorf("AtOnce adds up to %v, want the wall time %v", sum, tr.Wall())
	}
	if b.Parallel() <= 0 || b.Share() <= 0.5 || b.Share() > 1 {
		t.Errorf("busy: got parallel %v, share %.2f; want some parallel time and a share in (0.5, 1]", b.Parallel(), b.Share())
	}
}

// Go 1.16 wrote the same format, without the cache-check actions and without an action for
// running the program: its standard library was precompiled, so main took longest.
func TestReadGo116(t *testing.T) {
	tr := mustRead(t, readGz(t, "go1.16-hello.json.gz"))
	if tr.Workers != 2 {
		t.Errorf("workers: got %d, want 2", tr.Workers)
	}
	if got := tr.Longest()[0].Label(); got != "command-line-arguments" {
		t.Errorf("longest: got %s, want command-line-arguments", got)
	}
	path := tr.CriticalPath()
	if last := path[len(path)-1]; last.Mode != "link" {
		t.Errorf("critical path ends with %q, want link", last.Label())
	}
}

// The go command writes the closing ] when it exits: a trace of an interrupted build ends
// anywhere, even inside an event. What came before is kept.
func TestReadTruncated(t *testing.T) {
	data := readGz(t, "go1.26-hello-cold.json.gz")
	full := mustRead(t, data)
	for _, cut := range []int{len(data) - 1, len(data) / 2, len(data)/2 + 17, 100000} {
		tr, err := Read(bytes.NewReader(data[:cut]))
		if err != nil {
			t.Fatalf("cut at %d of %d: %v", cut, len(data), err)
		}
		if !tr.Truncated {
			t.Errorf("cut at %d: Truncated is false", cut)
		}
		if len(tr.Actions) > len(full.Actions) || len(tr.Actions) == 0 {
			t.Errorf("cut at %d: %d actions, want 1..%d", cut, len(tr.Actions), len(full.Actions))
		}
		for _, a := range tr.Actions {
			if a.End < a.Start || a.End > tr.Wall() {
				t.Errorf("cut at %d: %s runs %v..%v, outside the trace's %v", cut, a.Label(), a.Start, a.End, tr.Wall())
			}
		}
	}
	tr := mustRead(t, data[:len(data)/2])
	open := 0
	for _, a := range tr.Actions {
		if a.Open {
			open++
		}
	}
	if open == 0 {
		t.Errorf("a trace cut in the middle of the build: want actions still open")
	}
}

// A viewer may save a trace again in the object format.
func TestReadObjectFormat(t *testing.T) {
	data := readGz(t, "go1.16-hello.json.gz")
	wrapped := append(append([]byte(`{"displayTimeUnit":"ms","traceEvents":`), data...), '}')
	tr := mustRead(t, wrapped)
	if want := mustRead(t, data); len(tr.Actions) != len(want.Actions) {
		t.Errorf("object format: got %d actions, want %d", len(tr.Actions), len(want.Actions))
	}
}

func TestNotATrace(t *testing.T) {
	tests := []struct {
		name, in string
		want     Error
	}{
		{"empty", "", Error{Kind: Empty}},
		{"white space", " \n\t\n", Error{Kind: Empty}},
		{"Go source", "package main\n\nfunc main() {}\n", Error{Kind: NotJSON, Detail: "package main"}},
		{"execution trace", "go 1.23 trace\x00\x00\x00\x01", Error{Kind: RuntimeTrace}},
		{"a string", `"hello"`, Error{Kind: NotJSON, Detail: `"hello"`}},
		{"an object", `{"name": "x"}`, Error{Kind: NotEvents, Found: FoundNoEvents}},
		{"traceEvents not a list", `{"traceEvents": 3}`, Error{Kind: NotEvents, Found: FoundEventsValue}},
		{"numbers", `[1, 2]`, Error{Kind: NotEvents, Element: 1, Found: FoundNumber}},
		{"second element", `[{"name":"a","ph":"B","ts":1}, [3]]`, Error{Kind: NotEvents, Element: 2, Found: FoundList}},
		{"object without ph", `[{"name":"x"}]`, Error{Kind: NotEvents, Element: 1, Found: FoundObject}},
		{"wrong types", `[{"name":"x","ph":"B","ts":"soon"}]`, Error{Kind: NotEvents, Element: 1, Found: FoundBadEvent}},
		{"no events", `[]`, Error{Kind: NotGoBuild}},
		{"another program's trace", `[{"name":"paint","ph":"B","ts":1,"tid":3},{"name":"paint","ph":"E","ts":9,"tid":3}]`,
			Error{Kind: NotGoBuild, Detail: "paint"}},
		{"broken JSON", "[\n{\"name\":\"Executing action (build fmt)\",\"ph\":\"B\",\"ts\":1}\n,{\"name\": x}\n]",
			Error{Kind: BadJSON, Line: 3, Col: 11}},
		{"broken on the first line", `[{"name":"x","ph":"B","ts":1},{"name":"x","ph":"E","ts":2}{]`, Error{Kind: BadJSON, Line: 1, Col: 59}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("Read(%q): got %v, want an *Error", tt.in, err)
			}
			got.Detail = map[bool]string{true: got.Detail, false: ""}[tt.want.Detail != ""]
			if *got != tt.want {
				t.Errorf("Read(%q): got %+v (%v), want %+v", tt.in, *got, got, tt.want)
			}
			if got.Error() == "" {
				t.Errorf("Read(%q): empty message", tt.in)
			}
		})
	}
}

func TestParseAction(t *testing.T) {
	tests := []struct{ name, mode, pkg string }{
		{"Executing action (build fmt)", "build", "fmt"},
		{"Executing action (build check cache internal/abi)", "build check cache", "internal/abi"},
		{"Executing action (link command-line-arguments)", "link", "command-line-arguments"},
		{"Executing action (go run)", "go run", ""},
		{"Executing action (build fmt [fmt.test])", "build", "fmt [fmt.test]"},
		{"Executing action (test run fmt)", "test run", "fmt"},
		{"Executing action (new mode of tomorrow example.com/m)", "new mode of tomorrow", "example.com/m"},
	}
	for _, tt := range tests {
		mode, pkg, ok := parseAction(tt.name)
		if !ok || mode != tt.mode || pkg != tt.pkg {
			t.Errorf("parseAction(%q): got %q, %q, %v; want %q, %q", tt.name, mode, pkg, ok, tt.mode, tt.pkg)
		}
	}
	if _, _, ok := parseAction("load.loadPackageData fmt"); ok {
		t.Errorf("parseAction(load.loadPackageData fmt): want not an action")
	}
}

// A small graph whose numbers are easy to check: a (0–10 ms) on worker 1 and b (0–4 ms) on
// worker 2, then c (10–15 ms) on worker 2 waiting for both; the trace runs 0–16 ms.
func TestCriticalPathAndBusy(t *testing.T) {
	ev := func(name, ph string, ms float64, tid, id int) string {
		return fmt.Sprintf(`{"name":%q,"ph":%q,"ts":%g,"pid":0,"tid":%d,"id":%d}`, name, ph, 1e9+ms*1000, tid, id)
	}
	a, b, c := "Executing action (build a)", "Executing action (build b)", "Executing action (link c)"
	events := []string{
		ev("Running build command", "B", 0, 0, 0),
		ev(a, "B", 0, 1, 0), ev(b, "B", 0, 2, 0), ev(b, "E", 4, 2, 0), ev(a, "E", 10, 1, 0),
		ev(c, "B", 10, 2, 0),
		ev(a+" -> "+c, "s", 10, 1, 1), ev(a+" -> "+c, "f", 10, 2, 1),
		ev(b+" -> "+c, "s", 4, 2, 2), ev(b+" -> "+c, "f", 10, 2, 2),
		ev(c, "E", 15, 2, 0),
		ev("Running build command", "E", 16, 0, 0),
	}
	tr := mustRead(t, []byte("[\n"+strings.Join(events, "\n,")+"]"))
	if tr.Command != "build" || tr.Workers != 2 || tr.Wall() != 16*time.Millisecond {
		t.Fatalf("got %q, %d workers, %v; want build, 2, 16ms", tr.Command, tr.Workers, tr.Wall())
	}
	if got := strings.Join(labels(tr.CriticalPath()), " "); got != "a link c" {
		t.Errorf("critical path: got %s, want a link c", got)
	}
	bz := tr.Busy()
	ms := time.Millisecond
	wantLanes := []time.Duration{10 * ms, 9 * ms}
	wantAtOnce := []time.Duration{1 * ms, 11 * ms, 4 * ms}
	if fmt.Sprint(bz.PerLane) != fmt.Sprint(wantLanes) || fmt.Sprint(bz.AtOnce) != fmt.Sprint(wantAtOnce) {
		t.Errorf("busy: got per lane %v, at once %v; want %v, %v", bz.PerLane, bz.AtOnce, wantLanes, wantAtOnce)
	}
	if got, want := bz.Share(), 19.0/32; got != want {
		t.Errorf("share: got %v, want %v", got, want)
	}
}

// The fast path and encoding/json read the same traces the same way, whole or cut short.
func TestFastAndSlowAgree(t *testing.T) {
	for _, data := range [][]byte{
		readGz(t, "go1.26-hello-cold.json.gz"), readGz(t, "go1.16-hello.json.gz"), synthTrace(50, 3),
		[]byte(`[{"name":"Executing action (build a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00)","ph":"B","ts":1.5e3,"tid":1}]`),
	} {
		cuts := []int{len(data), len(data) - 1, len(data) * 2 / 3}
		if len(data) < 200 {
			cuts = cuts[:1]
		}
		for _, cut := range cuts {
			fast, slow := newBuilder(), newBuilder()
			if !fastParse(data[:cut], fast) {
				t.Fatalf("fastParse refused a go command trace (cut at %d of %d)", cut, len(data))
			}
			if err := decodeEvents(data[:cut], slow); err != nil {
				t.Fatal(err)
			}
			ft, err1 := fast.finish()
			st, err2 := slow.finish()
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if fmt.Sprint(summary(ft)) != fmt.Sprint(summary(st)) {
				t.Errorf("cut at %d: fast path read\n%v\nencoding/json read\n%v", cut, summary(ft), summary(st))
			}
		}
	}
}

func summary(tr *Trace) []string {
	out := []string{fmt.Sprint(tr.Command, tr.Workers, tr.Truncated, tr.Events, tr.Wall())}
	for _, a := range tr.Actions {
		out = append(out, fmt.Sprint(a.Mode, "|", a.Package, a.Lane, a.Start, a.End, len(a.Deps), a.Open))
	}
	return out
}
