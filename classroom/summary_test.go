package classroom

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/sandbox"
	"github.com/mattn/go-runewidth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestMain(m *testing.M) {
	time.Local = time.UTC // report times show in local time: pin it for the golden files
	os.Exit(m.Run())
}

// fakeLearner is a made-up learner of testCourse, as of minute 30 (history in minutes).
type fakeLearner struct {
	name       string
	at         string         // lesson/step they are on, "" when finished
	passed     map[string]int // step -> minutes it took to pass
	onStep     int            // minutes on the current step
	failed     int            // failed checks on the current step
	hints      int            // hints on the current step
	cold, warm float64        // ms, 0 for none
	goos       string
}

var sampleClass = []fakeLearner{
	{name: "ana", at: "hello/warm", passed: map[string]int{"hello/write": 5, "hello/cold": 4}, onStep: 6, failed: 2, hints: 1, cold: 6100, warm: 310, goos: "linux"},
	{name: "bo", at: "", passed: map[string]int{"hello/write": 7, "hello/cold": 6, "hello/warm": 3, "cache/look": 2}, cold: 5200, warm: 280, goos: "darwin"},
	{name: "cy", at: "hello/warm", passed: map[string]int{"hello/write": 9, "hello/cold": 8}, onStep: 10, cold: 14200, warm: 450, goos: "windows"},
	{name: "dee", at: "hello/cold", passed: map[string]int{"hello/write": 3}, onStep: 2, goos: "linux"},
	{name: "eun", at: "cache/look", passed: map[string]int{"hello/write": 4, "hello/cold": 5, "hello/warm": 2}, onStep: 12, cold: 7000, warm: 300, goos: "linux"},
}

func (l fakeLearner) report() *Report {
	p := engine.NewProgress()
	p.History = map[string]*engine.StepHistory{}
	for k, min := range l.passed {
		p.Done[k] = at(0)
		p.History[k] = &engine.StepHistory{Started: at(0), Passed: at(min), SpentMs: int64(min) * 60000, Visits: 1}
	}
	if l.at != "" {
		p.Lesson, p.Step = strings.Split(l.at, "/")[0], strings.Split(l.at, "/")[1]
		p.History[l.at] = &engine.StepHistory{Started: at(30 - l.onStep), Since: at(30 - l.onStep), Visits: 1, Failed: l.failed}
		p.Hints = map[string]int{l.at: l.hints}
	}
	if l.cold > 0 {
		n := 61
		p.SaveRun("cold", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: l.cold, Compiles: &n})
		p.SaveRun("warm", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: l.warm})
	}
	return FromProgress(testCourse(), p, Learner{Name: l.name, Go: "go1.26.0", OS: l.goos, Arch: "amd64", Pack: "embedded", Lang: "en"}, at(30))
}

func classReports() []*Report {
	var rs []*Report
	for _, l := range sampleClass {
		r := l.report()
		r.File = l.name + ".json"
		rs = append(rs, r)
	}
	return rs
}

func TestSummarize(t *testing.T) {
	s := Summarize(classReports(), nil)
	steps := map[string]StepStat{}
	for _, st := range s.Steps {
		steps[st.Number] = st
	}
	for _, tc := range []struct {
		number          string
		reached, passed int
		here            int
		median          time.Duration
		longest         string
	}{
		{"1.1", 5, 5, 0, 5 * time.Minute, "cy"},                // 3 4 5 7 9
		{"1.2", 5, 4, 1, 5*time.Minute + 30*time.Second, "cy"}, // 4 5 6 8; dee is on it
		{"1.3", 4, 2, 2, 150 * time.Second, "bo"},              // 2 3
		{"2.1", 2, 1, 1, 2 * time.Minute, "bo"},
	} {
		st := steps[tc.number]
		if st.Reached != tc.reached || st.Passed != tc.passed || st.Here != tc.here ||
			time.Duration(st.MedianMs)*time.Millisecond != tc.median || st.Longest != tc.longest {
			t.Errorf("step %s: got %+v, want reached %d passed %d here %d median %v longest %s",
				tc.number, st, tc.reached, tc.passed, tc.here, tc.median, tc.longest)
		}
	}
	// Stuck: ana failed twice on 1.3, cy has been on it 10 min (over twice its 2.5 min median);
	// eun on 2.1 (12 min against a 2 min median); dee on 1.2 for 2 min with no failure is not.
	var stuck []string
	for _, st := range s.Stuck {
		var names []string
		for _, l := range st.Learners {
			names = append(names, l.Name)
		}
		stuck = append(stuck, st.Number+":"+strings.Join(names, ","))
	}
	if got, want := strings.Join(stuck, " "), "1.3:cy,ana 2.1:eun"; got != want {
		t.Errorf("stuck %q, want %q", got, want)
	}
	if len(s.Runs) != 4 || s.Runs[0].Name != "cy" || !s.Runs[0].Slowest || s.Runs[1].Slowest {
		t.Errorf("runs: got %+v, want cy first and marked slowest, dee left out", s.Runs)
	}
	if s.ColdMedianMs != 6550 || s.WarmMedianMs != 305 {
		t.Errorf("medians %v %v, want 6550 305", s.ColdMedianMs, s.WarmMedianMs)
	}
}

// TestSummaryGolden pins every output format (en, and the Korean table).
func TestSummaryGolden(t *testing.T) {
	s := Summarize(classReports(), nil)
	en, ko := engine.NewMessages("en"), engine.NewMessages("ko")
	var csvOut, jsonOut bytes.Buffer
	if err := s.CSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	if err := s.JSON(&jsonOut); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{
		"summary.txt":      s.Text(en, 0, false),
		"summary-80.txt":   s.Text(en, 80, false),
		"summary-ko.txt":   s.Text(ko, 100, false),
		"summary.md":       s.Markdown(en),
		"summary.csv":      csvOut.String(),
		"summary.json":     jsonOut.String(),
		"progress-ana.txt": classReports()[0].Who(en) + "\n" + classReports()[0].StepsText(en, 0),
	} {
		golden(t, name, got)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./classroom -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./classroom -update rewrites it):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// TestTextFitsWidth: no line of the terminal table is wider than the terminal, in either
// language, even with long names.
func TestTextFitsWidth(t *testing.T) {
	rs := classReports()
	rs[0].Name = strings.Repeat("Wolfeschlegelsteinhausenbergerdorff", 2)
	s := Summarize(rs, nil)
	for _, lang := range []string{"en", "ko"} {
		for _, width := range []int{40, 60, 80, 100} {
			for i, line := range strings.Split(s.Text(engine.NewMessages(lang), width, false), "\n") {
				if w := runewidth.StringWidth(line); w > width {
					t.Errorf("%s at %d columns: line %d is %d wide: %q", lang, width, i+1, w, line)
				}
			}
		}
	}
}

// TestLearnerInputIsDefused: a name is the learner's input, shown on the instructor's screen
// and opened in a spreadsheet.
func TestLearnerInputIsDefused(t *testing.T) {
	rs := classReports()
	rs[0].Name = "=HYPERLINK(\"http://x\",\"ana\")"
	rs[1].Name = "<script>alert(1)</script>|bo"
	s := Summarize(rs, nil)
	var out bytes.Buffer
	if err := s.CSV(&out); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if c := row[0][0]; c == '=' || c == '+' || c == '-' || c == '@' {
			t.Errorf("CSV cell %q would run as a formula", row[0])
		}
	}
	md := s.Markdown(engine.NewMessages("en"))
	if strings.Contains(md, "<script>") || strings.Contains(md, "</script>|bo") {
		t.Errorf("markdown keeps the HTML or the pipe of a name:\n%s", md)
	}
	if !strings.Contains(md, `&lt;script&gt;alert(1)&lt;/script&gt;\|bo`) {
		t.Errorf("markdown does not show the name as text:\n%s", md)
	}
}

func TestReadReports(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := func(r *Report) string {
		data, _ := json.Marshal(r)
		return string(data)
	}
	rs := classReports()
	write("ana.json", good(rs[0]))
	write("sub/bo.json", good(rs[1]))
	older := *rs[0]
	older.Written = older.Written.Add(-time.Hour)
	write("ana-old.json", good(&older))
	// Windows PowerShell 5 writes `>` output as UTF-16 with a byte order mark.
	u16 := []byte{0xFF, 0xFE}
	for _, c := range good(rs[2]) {
		u16 = append(u16, byte(c), 0)
	}
	write("cy-powershell.json", string(u16))
	escaped := *rs[3]
	escaped.Name = "dee\x1b[2J\u202e"
	write("dee.json", good(&escaped))
	write(".DS_Store", "\x00\x01")
	write("._ana.json", "\x00\x05\x16\x07") // macOS metadata on a FAT stick
	write("notes.txt", "not a report, not .json: left alone")
	bad := map[string]string{
		"package.json":   `{"name": "x", "version": "1.0.0"}`,
		"list.json":      `[1, 2, 3]`,
		"torn.json":      good(rs[4])[:100],
		"empty.json":     "  \n",
		"future.json":    `{"format": 2, "kind": "firstrun-progress", "name": "zed"}`,
		"noname.json":    `{"format": 1, "kind": "firstrun-progress", "name": " "}`,
		"negative.json":  `{"format": 1, "kind": "firstrun-progress", "name": "neg", "steps": [{"spent_ms": -5}]}`,
		"wrongtype.json": `{"format": 1, "kind": "firstrun-progress", "name": 7}`,
		"noformat.json":  `{"kind": "firstrun-progress", "name": "nof"}`,
	}
	for name, content := range bad {
		write(name, content)
	}
	reports, skips := ReadReports(engine.NewMessages("en"), []string{dir, filepath.Join(dir, "missing.json"), filepath.Join(dir, "bo.json"), filepath.Join(dir, "sub", "bo.json")})
	var names []string
	for _, r := range reports {
		names = append(names, r.Name)
	}
	if got, want := strings.Join(names, " "), "ana bo cy dee[2J"; got != want { // the escape and the override are gone
		t.Errorf("read %q, want %q", got, want)
	}
	why := map[string]string{}
	for _, s := range skips {
		why[filepath.Base(s.Path)] = s.Why
	}
	for file, want := range map[string]string{
		"package.json":   "not a firstrun progress report",
		"list.json":      "not a firstrun progress report",
		"torn.json":      "not JSON (unexpected end of JSON input",
		"empty.json":     "the file is empty",
		"future.json":    "report format 2, but this firstrun reads format 1",
		"noname.json":    "no learner name",
		"negative.json":  "bad value in steps[0]",
		"wrongtype.json": "bad value in name",
		"ana-old.json":   "an older report of ana than " + filepath.Join(dir, "ana.json"),
		"missing.json":   "no such file or folder",
		"noformat.json":  "bad value in format",
		"bo.json":        "no such file or folder",
	} {
		if !strings.Contains(why[file], want) {
			t.Errorf("%s: skipped for %q, want %q", file, why[file], want)
		}
	}
	if len(skips) != 12 {
		t.Errorf("%d skipped, want 12 (hidden and non-.json files in a folder are left alone): %+v", len(skips), skips)
	}
}

// TestStuckRule: who counts as stuck on their current step.
func TestStuckRule(t *testing.T) {
	for _, tc := range []struct {
		name     string
		passedMs []int64 // others' times to pass the step; 0 is a report without times
		onStep   time.Duration
		failed   int
		stuck    bool
	}{
		{"a failed check", []int64{60000}, time.Minute, 1, true},
		{"over twice the median", []int64{240000, 300000}, 11 * time.Minute, 0, true},
		{"under twice the median", []int64{240000, 300000}, 9 * time.Minute, 0, false},
		{"twice a short step is not enough", []int64{20000}, 4 * time.Minute, 0, false},
		{"nobody passed it, 10 min", nil, 11 * time.Minute, 0, true},
		{"nobody passed it, 9 min", nil, 9 * time.Minute, 0, false},
		{"passed only in reports without times", []int64{0, 0}, 2 * time.Minute, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []*Report
			step := func(passed bool, ms int64, failed int) StepReport {
				s := StepReport{Lesson: "l", Step: "s", Number: "1.1", SpentMs: ms, Failed: failed, Current: !passed}
				if passed {
					s.Passed = t0
				}
				return s
			}
			for i, ms := range tc.passedMs {
				rs = append(rs, &Report{Name: fmt.Sprint("p", i), Steps: []StepReport{step(true, ms, 0)}})
			}
			rs = append(rs, &Report{Name: "me", Steps: []StepReport{step(false, tc.onStep.Milliseconds(), tc.failed)}})
			s := Summarize(rs, nil)
			if got := len(s.Stuck) == 1; got != tc.stuck {
				t.Errorf("stuck = %v, want %v (%+v)", got, tc.stuck, s.Stuck)
			}
		})
	}
}
