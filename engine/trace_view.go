package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/firstrun/firstrun/engine/buildtrace"
)

// TraceReport lays out a go build trace (-debug-trace=FILE) for a terminal of width columns:
// the build over time with one row per worker, the longest compiles with their share of the
// build, the critical path, and how busy the workers were. styled draws with colours and
// block characters; otherwise it is plain ASCII that reads the same in a pipe or a file.
func TraceReport(t *Messages, tr *buildtrace.Trace, file string, width int, styled bool) string {
	if width <= 0 {
		width = 80
	}
	width = max(width, 40)
	v := traceView{t: t, tr: tr, width: width, styled: styled, wall: tr.Wall()}
	var b strings.Builder
	b.WriteString(v.head(file))
	b.WriteString("\n")
	if tr.Truncated {
		b.WriteString(wrapText(t.F("trace.truncated", t.Seconds(ms(v.wall))), width) + "\n")
	}
	b.WriteString(v.chart())
	b.WriteString("\n" + v.longest())
	b.WriteString("\n" + v.critical())
	b.WriteString("\n" + v.busy())
	return b.String()
}

type traceView struct {
	t      *Messages
	tr     *buildtrace.Trace
	width  int
	styled bool
	wall   time.Duration
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (v traceView) head(file string) string {
	cmd := "go"
	if v.tr.Command != "" {
		cmd = "go " + v.tr.Command
	}
	key := "trace.head"
	if v.tr.Workers == 1 {
		key = "trace.head.1"
	}
	return wrapText(v.t.F(key, file, cmd, v.t.Seconds(ms(v.wall)), v.tr.Workers), v.width) + "\n"
}

// percent is a share as the report prints it: "53%", "<1%" for a sliver.
func percent(f float64) string {
	switch {
	case f <= 0:
		return "0%"
	case f < 0.005:
		return "<1%"
	}
	return strconv.Itoa(int(math.Round(f*100))) + "%"
}

// label is how an action is named on screen: compiles by their package, link and run in the
// learner's language.
func (v traceView) label(a *buildtrace.Action) string {
	switch a.Mode {
	case "link":
		return v.t.F("trace.label.link")
	case "go run":
		return v.t.F("trace.label.run")
	}
	return a.Label()
}

// Bar colours (256-colour backgrounds): compiles alternate two blues so that neighbours stay
// apart; link and running the program have their own.
const (
	colourCompileA = "\x1b[38;5;231;48;5;25m"
	colourCompileB = "\x1b[38;5;16;48;5;38m"
	colourLink     = "\x1b[38;5;231;48;5;133m"
	colourRun      = "\x1b[38;5;16;48;5;71m"
	colourDim      = "\x1b[38;5;244m"
	colourReset    = "\x1b[0m"
)

// chart draws the build over time: one row per worker, one column per slice of time. An
// action long enough to take a column or more is a bar, named when its name fits; columns
// where only short actions ran show how busy they were.
func (v traceView) chart() string {
	tr := v.tr
	laneW := len(strconv.Itoa(tr.Workers))
	prefix := laneW + 3 // "12 │"
	cols := v.width - prefix - 1
	if cols < 10 || v.wall <= 0 {
		return ""
	}
	dt := float64(v.wall) / float64(cols)
	type cell struct {
		owner *buildtrace.Action
		busy  float64
	}
	lanes := make([][]cell, tr.Workers)
	for i := range lanes {
		lanes[i] = make([]cell, cols)
	}
	var bars [][]*buildtrace.Action = make([][]*buildtrace.Action, tr.Workers)
	for _, a := range tr.Actions {
		if a.Lane < 1 || a.Lane > tr.Workers {
			continue
		}
		row := lanes[a.Lane-1]
		c0 := int(math.Round(float64(a.Start) / dt))
		c1 := int(math.Round(float64(a.End) / dt))
		c0, c1 = min(max(c0, 0), cols), min(max(c1, 0), cols)
		if c1 > c0 {
			for c := c0; c < c1; c++ {
				row[c].owner = a
			}
			bars[a.Lane-1] = append(bars[a.Lane-1], a)
			continue
		}
		c := min(int(float64(a.Start)/dt), cols-1)
		row[c].busy += float64(a.Duration()) / dt
	}
	var b strings.Builder
	b.WriteString(wrapText(v.t.F("trace.chart"), v.width) + "\n")
	b.WriteString(strings.Repeat(" ", prefix) + v.axis(cols, dt) + "\n")
	for li, row := range lanes {
		var line strings.Builder
		fmt.Fprintf(&line, "%*d %s ", laneW, li+1, v.pick("│", "|"))
		colourOf := map[*buildtrace.Action]string{}
		nth := 0
		for _, a := range bars[li] {
			switch a.Mode {
			case "link":
				colourOf[a] = colourLink
			case "go run":
				colourOf[a] = colourRun
			default:
				colourOf[a] = []string{colourCompileA, colourCompileB}[nth%2]
				nth++
			}
		}
		for c := 0; c < cols; {
			a := row[c].owner
			if a == nil {
				switch {
				case row[c].busy == 0:
					line.WriteByte(' ')
				case row[c].busy >= 0.5:
					line.WriteString(v.dim(v.pick("▪", ":")))
				default:
					line.WriteString(v.dim(v.pick("·", ".")))
				}
				c++
				continue
			}
			end := c
			for end < cols && row[end].owner == a {
				end++
			}
			line.WriteString(v.bar(a, end-c, colourOf[a]))
			c = end
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	b.WriteString(wrapText(v.pick(v.t.F("trace.legend.styled"), v.t.F("trace.legend.plain")), v.width) + "\n")
	if first := tr.FirstAction(); first > v.wall/20 {
		b.WriteString(wrapText(v.t.F("trace.loading", v.t.Seconds(ms(first))), v.width) + "\n")
	}
	return b.String()
}

func (v traceView) pick(styled, plain string) string {
	if v.styled {
		return styled
	}
	return plain
}

func (v traceView) dim(s string) string {
	if v.styled {
		return colourDim + s + colourReset
	}
	return s
}

// bar draws one action n columns wide, with its name inside when it fits (the last element
// of an import path when the whole one does not).
func (v traceView) bar(a *buildtrace.Action, n int, colour string) string {
	name := v.label(a)
	fits := func(s string) bool { return displayWidth(s)+2 <= n }
	if !fits(name) {
		if i := strings.LastIndexByte(name, '/'); i >= 0 && fits(name[i+1:]) {
			name = name[i+1:]
		} else {
			name = ""
		}
	}
	if v.styled {
		text := ""
		if name != "" {
			text = " " + name
		}
		text += strings.Repeat(" ", n-displayWidth(text))
		return colour + text + colourReset
	}
	switch n {
	case 1:
		return "#"
	case 2:
		return "[]"
	}
	inner := name + strings.Repeat("=", n-2-displayWidth(name))
	return "[" + inner + "]"
}

// axis labels the time line with round steps, far enough apart that labels never touch.
func (v traceView) axis(cols int, dt float64) string {
	steps := []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600}
	secPerCol := dt / float64(time.Second)
	step := steps[len(steps)-1]
	for _, s := range steps {
		if s/secPerCol >= 8 {
			step = s
			break
		}
	}
	decimals := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	var b strings.Builder
	at := 0 // the cell the next character goes to
	for i := 0; ; i++ {
		x := float64(i) * step
		c := int(math.Round(x / secPerCol))
		num := strconv.FormatFloat(x, 'f', decimals, 64)
		if strings.Contains(num, ".") {
			num = strings.TrimRight(strings.TrimRight(num, "0"), ".")
		}
		lbl := v.t.F("trace.tick", num)
		if c+displayWidth(lbl) > cols {
			break
		}
		if c < at+1 && at > 0 {
			continue
		}
		b.WriteString(strings.Repeat(" ", c-at) + lbl)
		at = c + displayWidth(lbl)
	}
	return b.String()
}

// longest lists the compiles that took longest with their share of the build's wall time.
func (v traceView) longest() string {
	list := v.tr.Longest()
	var b strings.Builder
	b.WriteString(wrapText(v.t.F("trace.longest", v.t.Seconds(ms(v.wall))), v.width) + "\n")
	top := list[:min(len(list), 8)]
	timeW := 0
	for _, a := range top {
		timeW = max(timeW, displayWidth(v.t.Seconds(ms(a.Duration()))))
	}
	nameCap := min(28, v.width-(2+2+timeW+2+4)-1)
	nameW := 0
	for _, a := range top {
		nameW = max(nameW, displayWidth(shortPath(a.Label(), nameCap)))
	}
	barW := v.width - (2 + nameW + 2 + timeW + 2 + 4 + 2) - 1
	for _, a := range top {
		name := shortPath(a.Label(), nameCap)
		share := float64(a.Duration()) / float64(max(v.wall, 1))
		secs := v.t.Seconds(ms(a.Duration()))
		row := fmt.Sprintf("  %s%s  %s%s  %4s", name, strings.Repeat(" ", nameW-displayWidth(name)),
			strings.Repeat(" ", timeW-displayWidth(secs)), secs, percent(share))
		if barW >= 5 {
			row += "  " + v.fill(share, barW)
		}
		b.WriteString(strings.TrimRight(row, " ") + "\n")
	}
	n, work := v.tr.Sum("build")
	links, link := v.tr.Sum("link")
	line := v.t.F("trace.compiled.nolink", n, v.t.Seconds(ms(work)))
	if links > 0 {
		line = v.t.F("trace.compiled", n, v.t.Seconds(ms(work)), v.t.Seconds(ms(link)))
	}
	b.WriteString(wrapText(line, v.width) + "\n")
	return b.String()
}

// fill is a bar of share×width cells, without a sliver minimum: 0% stays empty.
func (v traceView) fill(share float64, width int) string {
	n := int(math.Round(share * float64(width)))
	n = min(max(n, 0), width)
	if v.styled {
		return strings.Repeat("█", n)
	}
	return strings.Repeat("#", n)
}

// shortPath keeps a long import path readable in a column: the end, which names the package.
func shortPath(p string, maxW int) string {
	if displayWidth(p) <= maxW {
		return p
	}
	r := []rune(p)
	return "…" + string(r[len(r)-(maxW-1):])
}

// critical shows the chain the build waited for. Cache checks are folded into the compile
// they precede, and runs of small steps into one "n more" item, so the chain fits a few lines.
func (v traceView) critical() string {
	path := v.tr.CriticalPath()
	if len(path) == 0 {
		return wrapText(v.t.F("trace.critical.none"), v.width) + "\n"
	}
	work := buildtrace.PathWork(path)
	share := float64(work) / float64(max(v.wall, 1))
	var b strings.Builder
	b.WriteString(wrapText(v.t.F("trace.critical", v.t.Seconds(ms(work)), percent(share)), v.width) + "\n")
	threshold := v.wall / 25
	var items []string
	smallN, small := 0, time.Duration(0)
	var lastSmall *buildtrace.Action
	flush := func() {
		switch {
		case smallN == 1:
			items = append(items, v.label(lastSmall)+" "+v.t.Seconds(ms(small)))
		case smallN > 1:
			items = append(items, v.t.F("trace.more", smallN, v.t.Seconds(ms(small))))
		}
		smallN, small = 0, 0
	}
	for _, a := range path {
		if a.Mode == "build check cache" {
			continue
		}
		if a.Duration() < threshold && a.Mode != "link" {
			smallN++
			small += a.Duration()
			lastSmall = a
			continue
		}
		flush()
		items = append(items, v.label(a)+" "+v.t.Seconds(ms(a.Duration())))
	}
	flush()
	arrow := v.pick(" →", " ->")
	line := " "
	for i, it := range items {
		piece := it
		if i < len(items)-1 {
			piece += arrow
		}
		if strings.TrimSpace(line) != "" && displayWidth(line)+1+displayWidth(piece) > v.width {
			b.WriteString(line + "\n")
			line = " "
		}
		line += " " + piece
	}
	b.WriteString(line + "\n")
	// Which bound the build met: its chain, or its workers.
	bound := v.t.F("trace.bound.chain")
	switch {
	case v.tr.Workers == 1:
		bound = v.t.F("trace.bound.one", v.t.Seconds(ms(work)))
	case share < 0.8:
		bound = v.t.F("trace.bound.workers", v.t.Seconds(ms(v.wall-work)))
	}
	b.WriteString(wrapText(bound, v.width) + "\n")
	return b.String()
}

// busy shows how much of the workers' time went into actions, per worker and how many ran
// at once.
func (v traceView) busy() string {
	bz := v.tr.Busy()
	var b strings.Builder
	b.WriteString(wrapText(v.t.F("trace.busy", percent(bz.Share()), v.tr.Workers, v.t.Seconds(ms(v.wall))), v.width) + "\n")
	labelW := 0
	for i := range bz.PerLane {
		labelW = max(labelW, displayWidth(v.t.F("trace.worker", i+1)))
	}
	barW := min(v.width-(2+labelW+2+2+4)-1, 40)
	for i, d := range bz.PerLane {
		share := float64(d) / float64(max(v.wall, 1))
		lbl := v.t.F("trace.worker", i+1)
		fmt.Fprintf(&b, "  %s%s  ", lbl, strings.Repeat(" ", labelW-displayWidth(lbl)))
		if barW >= 5 {
			n := min(max(int(math.Round(share*float64(barW))), 0), barW)
			b.WriteString(v.pick(strings.Repeat("█", n)+v.dim(strings.Repeat("░", barW-n)), strings.Repeat("#", n)+strings.Repeat(".", barW-n)))
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%4s\n", percent(share))
	}
	var parts []string
	for k := len(bz.AtOnce) - 1; k >= 0; k-- {
		if bz.AtOnce[k] <= 0 {
			continue
		}
		key := "trace.atonce"
		switch k {
		case 0:
			key = "trace.atonce.none"
		case 1:
			key = "trace.atonce.1"
		}
		parts = append(parts, v.t.F(key, k, v.t.Seconds(ms(bz.AtOnce[k]))))
	}
	b.WriteString(wrapText("  "+strings.Join(parts, " · "), v.width) + "\n")
	return b.String()
}

func init() {
	RegisterMessages("en", map[string]string{
		"trace.head":            "%s: %s, %s in all, on %d workers",
		"trace.head.1":          "%s: %s, %s in all, on %d worker",
		"trace.truncated":       "The trace ends early (was the build interrupted?): it shows the first %s.",
		"trace.chart":           "The build over time, one row per worker:",
		"trace.tick":            "%ss",
		"trace.loading":         "Before the first action, %s went into loading packages and planning the build.",
		"trace.label.link":      "link",
		"trace.label.run":       "run",
		"trace.longest":         "Longest compiles (share of the %s build):",
		"trace.compiled":        "%d packages compiled, %s of compile work in all; link: %s.",
		"trace.compiled.nolink": "%d packages compiled, %s of compile work in all; no link.",
		"trace.critical":        "Critical path: %s of work (%s of the build) in a chain where each step waited for the one before. With any number of cores, the build cannot be shorter than this chain:",
		"trace.bound.chain":     "Most of the build was spent on this chain: more cores would save little.",
		"trace.bound.workers":   "The build took %s longer than this chain: actions waited for a free worker, so more cores would help.",
		"trace.bound.one":       "One worker ran everything in turn; with more, the build could come down towards this chain's %s.",
		"trace.critical.none":   "Critical path: this trace has no dependency arrows (flow events), so it cannot say which step waited for which.",
		"trace.more":            "%d short steps, %s",
		"trace.legend.styled":   "Each bar is one action (a package compiled, the link, the run); ▪ and · mark columns of many short ones.",
		"trace.legend.plain":    "[name==] is one action (a package compiled, the link, the run), # or [] a shorter one; : and . mark columns of many short ones.",
		"trace.busy":            "Workers busy: %s of %d × %s.",
		"trace.worker":          "worker %d",
		"trace.atonce":          "%d at once: %s",
		"trace.atonce.1":        "one alone: %[2]s",
		"trace.atonce.none":     "idle: %[2]s",
	})
	RegisterMessages("ko", map[string]string{
		"trace.head":            "%s: %s, 전체 %s, 워커 %d개",
		"trace.head.1":          "%s: %s, 전체 %s, 워커 %d개",
		"trace.truncated":       "트레이스가 중간에 끝납니다(빌드가 중단되었나요?). 처음 %s 동안의 기록만 보여 줍니다.",
		"trace.chart":           "시간에 따른 빌드 (한 줄이 워커 하나):",
		"trace.tick":            "%s초",
		"trace.loading":         "첫 작업이 시작되기 전 %s 동안은 패키지를 읽고 빌드를 계획했습니다.",
		"trace.label.link":      "링크",
		"trace.label.run":       "실행",
		"trace.longest":         "오래 걸린 컴파일 (전체 빌드 %s 대비):",
		"trace.compiled":        "컴파일한 패키지 %d개, 컴파일 작업 합계 %s, 링크 %s.",
		"trace.compiled.nolink": "컴파일한 패키지 %d개, 컴파일 작업 합계 %s, 링크 없음.",
		"trace.critical":        "임계 경로: 각 단계가 앞 단계를 기다린 사슬로, 작업량 %s (빌드의 %s)입니다. 코어가 아무리 많아도 빌드는 이 사슬보다 짧아질 수 없습니다:",
		"trace.bound.chain":     "빌드 시간 대부분이 이 사슬에 들어갔습니다. 코어를 늘려도 별로 빨라지지 않습니다.",
		"trace.bound.workers":   "빌드가 이 사슬보다 %s 더 걸렸습니다. 작업들이 빈 워커를 기다렸으므로, 코어를 늘리면 빨라집니다.",
		"trace.bound.one":       "워커 하나가 모든 작업을 차례로 실행했습니다. 워커가 더 있다면 빌드 시간은 이 사슬의 %s까지 줄어들 수 있습니다.",
		"trace.critical.none":   "임계 경로: 이 트레이스에는 의존 관계 화살표(flow 이벤트)가 없어서, 어느 단계가 어느 단계를 기다렸는지 알 수 없습니다.",
		"trace.more":            "짧은 단계 %d개, %s",
		"trace.legend.styled":   "막대 하나가 작업 하나(패키지 하나의 컴파일, 링크, 실행)입니다. ▪ 또는 · 표시는 짧은 작업이 여럿 모인 칸입니다.",
		"trace.legend.plain":    "[이름==] 모양의 막대 하나가 작업 하나(패키지 하나의 컴파일, 링크, 실행)이고, # 또는 [] 표시는 더 짧은 작업, : 또는 . 표시는 짧은 작업이 여럿 모인 칸입니다.",
		"trace.busy":            "워커 사용률: %s (워커 %d개 × %s).",
		"trace.worker":          "워커 %d",
		"trace.atonce":          "동시에 %d개: %s",
		"trace.atonce.1":        "하나만: %[2]s",
		"trace.atonce.none":     "모두 쉼: %[2]s",
	})
}
