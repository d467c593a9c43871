package buildtrace

import (
	"bytes"
	"fmt"
	"testing"
)

// synthTrace writes a trace shaped like the go command's for a build of n packages on
// workers lanes: loading spans on tid 0, then per package a cache check and a compile, each
// compile waiting (flow arrows) for up to three earlier packages, and a link at the end.
func synthTrace(n, workers int) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	ts := 1.7e15
	first := true
	ev := func(name, ph string, tid, id int) {
		if !first {
			b.WriteString(",")
		}
		first = false
		if id > 0 {
			fmt.Fprintf(&b, `{"name":%q,"ph":%q,"ts":%.1f,"pid":0,"tid":%d,"id":%d,"cat":"flow"}`+"\n", name, ph, ts, tid, id)
			return
		}
		fmt.Fprintf(&b, `{"name":%q,"ph":%q,"ts":%.1f,"pid":0,"tid":%d}`+"\n", name, ph, ts, tid)
	}
	ev("Running build command", "B", 0, 0)
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("modload.loadImport example.com/m/p%d", i)
		ev(name, "B", 0, 0)
		ts += 20
		ev(name, "E", 0, 0)
	}
	flow := 0
	for i := 0; i < n; i++ {
		tid := 1 + i%workers
		check := fmt.Sprintf("Executing action (build check cache example.com/m/p%d)", i)
		build := fmt.Sprintf("Executing action (build example.com/m/p%d)", i)
		ev(check, "B", tid, 0)
		ts += 300
		ev(check, "E", tid, 0)
		ev(build, "B", tid, 0)
		for _, d := range []int{i - 1, i - 7, i - 31} {
			if d < 0 {
				continue
			}
			flow++
			from := fmt.Sprintf("Executing action (build example.com/m/p%d)", d)
			ev(from+" -> "+build, "s", 1+d%workers, flow)
			ev(from+" -> "+build, "f", tid, flow)
		}
		ts += float64(1000 + (i*7919)%50000)
		ev(build, "E", tid, 0)
	}
	link := "Executing action (link example.com/m)"
	ev(link, "B", 1, 0)
	last := fmt.Sprintf("Executing action (build example.com/m/p%d)", n-1)
	ev(last+" -> "+link, "s", 1+(n-1)%workers, flow+1)
	ev(last+" -> "+link, "f", 1, flow+1)
	ts += 200000
	ev("Executing action (link example.com/m)", "E", 1, 0)
	ev("Running build command", "E", 0, 0)
	b.WriteString("]")
	return b.Bytes()
}

func TestSynthTrace(t *testing.T) {
	tr := mustRead(t, synthTrace(100, 4))
	if n, _ := tr.Sum("build"); n != 100 || tr.Workers != 4 || len(tr.CriticalPath()) < 2 {
		t.Errorf("synthetic trace: got %d compiles, %d workers, critical path %d long", n, tr.Workers, len(tr.CriticalPath()))
	}
}

// BenchmarkReadLarge reads and analyses a trace of 20,000 packages (34 MB, 240,000 events):
// about three times the trace of building all of cmd from source (12 MB, 82,600 events,
// 841 compiles), which firstrun trace lays out in a quarter of a second on a busy 2-core
// machine.
func BenchmarkReadLarge(b *testing.B) {
	data := synthTrace(20000, 8)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		_ = tr.Longest()
		_ = tr.CriticalPath()
		_ = tr.Busy()
	}
}

// BenchmarkReadHello is the lesson's own trace: a cold go run of hello.go.
func BenchmarkReadHello(b *testing.B) {
	data := readGz(b, "go1.26-hello-cold.json.gz")
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
