package engine

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/firstrun/firstrun/sandbox"
)

// runOrder is the order the course produces its saved runs in; the timing view follows it so
// that "cold, warm, after an edit…" reads as the story the learner went through.
var runOrder = []string{"cold", "warm", "coldx", "edited", "reverted", "flags", "afterclean", "build", "binary", "install", "traced", "serial"}

func savedRunNames(p *Progress) []string {
	var names []string
	seen := map[string]bool{}
	for _, n := range runOrder {
		if _, ok := p.Runs[n]; ok {
			names = append(names, n)
			seen[n] = true
		}
	}
	var rest []string
	for n := range p.Runs {
		if !seen[n] {
			rest = append(rest, n)
		}
	}
	// Other packs' runs in the order the learner made them, which is the story they tell.
	sort.Slice(rest, func(i, j int) bool {
		a, b := p.Runs[rest[i]].Start, p.Runs[rest[j]].Start
		if !a.Equal(b) {
			return a.Before(b)
		}
		return rest[i] < rest[j]
	})
	return append(names, rest...)
}

// Times shows the learner's own recorded runs: a bar chart on a terminal, a table in plain
// mode (the same numbers).
func (a *App) Times(plain bool) error {
	p, err := a.Progress()
	if err != nil {
		return err
	}
	names := savedRunNames(p)
	if len(names) == 0 {
		a.say("%s", a.T.F("times.none"))
		return nil
	}
	if plain {
		a.block(RunTable(a.T, p, names, a.lineWidth()))
		return nil
	}
	a.block(RunChart(a.T, p, names, a.lineWidth()))
	return nil
}

// chartBars is how long the longest bar is when there is room.
const chartBars = 36

// RunChart draws one bar per run, on a linear scale: the warm run's bar is a sliver next to
// the cold run's, which is the point. The bars are shorter when a line of lineWidth cells
// (0: no limit) could not hold them with the labels, times and ratios.
func RunChart(t *Messages, p *Progress, names []string, lineWidth int) string {
	if len(names) == 0 {
		return ""
	}
	longest := 0.0
	labelW, timeW, ratioW := 0, 0, 0
	ref := p.Runs["cold"].Millis
	for _, n := range names {
		longest = max(longest, p.Runs[n].Millis)
		labelW = max(labelW, displayWidth(t.RunName(n)))
		timeW = max(timeW, displayWidth(t.Seconds(p.Runs[n].Millis)))
		ratioW = max(ratioW, displayWidth(ratioText(t, ref, p.Runs[n].Millis)))
	}
	width := chartBars
	if lineWidth > 0 {
		width = max(min(width, lineWidth-labelW-timeW-ratioW-5), 8)
	}
	var b strings.Builder
	for _, n := range names {
		r := p.Runs[n]
		label := t.RunName(n)
		secs := t.Seconds(r.Millis)
		fmt.Fprintf(&b, "%s%s  %s %s%s  %s\n", label, strings.Repeat(" ", labelW-displayWidth(label)),
			bar(r.Millis/longest, width), strings.Repeat(" ", timeW-displayWidth(secs)), secs, ratioText(t, ref, r.Millis))
	}
	return b.String()
}

// bar renders a fraction of width with eighth-block characters, never less than a sliver so a
// 40 ms run stays visible next to a 7 s one.
func bar(frac float64, width int) string {
	eighths := int(frac*float64(width*8) + 0.5)
	eighths = max(eighths, 1)
	full, part := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if part > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[part-1])
	}
	return s + strings.Repeat(" ", width-displayWidth(s))
}

// CacheView explains the learner's private cache: its size, how it grew during this step,
// when it was last trimmed, the go run executables it keeps, and which file holds which
// standard package's compiled archive.
func (a *App) CacheView(ctx context.Context) error {
	p, err := a.Progress()
	if err != nil {
		return err
	}
	dir := a.WS.CacheDir()
	st, err := sandbox.ReadCacheStats(dir)
	if err != nil {
		return err
	}
	a.say("%s", a.T.F("cacheview.where", dir))
	a.say("%s", a.T.F("cacheview.size", st.Entries, st.Outputs, humanBytes(st.Bytes)))
	if !p.StepStarted.IsZero() {
		a.say("%s", a.T.F("cacheview.growth", signed(st.Entries-p.StepCache.Entries), signedBytes(st.Bytes-p.StepCache.Bytes)))
	}
	if data, err := os.ReadFile(filepath.Join(dir, "trim.txt")); err == nil {
		if sec, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil {
			a.say("%s", a.T.F("cacheview.trim", strings.TrimSpace(string(data)), time.Unix(sec, 0).Format("2006-01-02 15:04:05")))
		}
	}
	for _, exe := range cachedExecutables(dir) {
		a.say("%s", a.T.F("cacheview.exe", exe))
	}
	if st.Entries == 0 {
		a.say("%s", a.T.F("cacheview.empty"))
		return nil
	}
	// Listing fmt's dependencies would compile anything missing into the learner's cache, so
	// it is only asked once the cache holds the standard library (after a run).
	archives, err := a.archives(ctx, "fmt")
	if err != nil {
		return err
	}
	// go list -export records its lookups in the cache the first time: say so, so that the
	// learner does not take those entries for something their own commands did.
	if after, err := sandbox.ReadCacheStats(dir); err == nil && after.Entries > st.Entries {
		a.say("%s", a.T.F("cacheview.own", after.Entries-st.Entries))
	}
	if len(archives) == 0 {
		return nil
	}
	a.say("\n%s", a.T.F("cacheview.archives", len(archives)))
	rows := [][]string{{a.T.F("cacheview.pkg"), a.T.F("cacheview.file"), a.T.F("cacheview.bytes")}}
	for _, ar := range archives {
		rows = append(rows, []string{ar.pkg, shortCacheName(dir, ar.file), humanBytes(ar.size)})
	}
	a.block(formatTable(rows, a.lineWidth()))
	return nil
}

type archive struct {
	pkg, file string
	size      int64
}

// archives asks go list where each package under root has its compiled archive in the
// learner's cache, without going through the wrapper (it is firstrun asking, not the learner).
func (a *App) archives(ctx context.Context, root string) ([]archive, error) {
	if a.WS.RealGo == "" {
		return nil, sandbox.ErrNoGo // not exec's "no command": main says how to install Go
	}
	cmd := exec.CommandContext(ctx, a.WS.RealGo, "list", "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}} {{.Export}}{{end}}", root)
	cmd.Dir = a.WS.Dir
	cmd.Env = a.WS.InspectEnv(a.Environ)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export %s: %w", root, err)
	}
	var list []archive
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		pkg, file, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		ar := archive{pkg: pkg, file: file}
		if fi, err := os.Stat(file); err == nil {
			ar.size = fi.Size()
		}
		list = append(list, ar)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].size > list[j].size })
	return list, nil
}

// cachedExecutables finds the executables Go 1.24+ keeps for go run: folders named <id>-d
// holding a program, unlike ordinary -d entries, which are files.
func cachedExecutables(dir string) []string {
	var found []string
	matches, _ := filepath.Glob(filepath.Join(dir, "??", "*-d"))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && fi.IsDir() {
			entries, _ := os.ReadDir(m)
			for _, e := range entries {
				found = append(found, filepath.Join(m, e.Name()))
			}
		}
	}
	return found
}

func signed(n int) string {
	if n >= 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func signedBytes(n int64) string {
	if n >= 0 {
		return "+" + humanBytes(n)
	}
	return "-" + humanBytes(-n)
}

// shortCacheName shows a cache file as xx/0123456789ab…-d: the full 64-digit name would push
// the table past the screen, and the start is enough to find it with ls.
func shortCacheName(dir, file string) string {
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		return file
	}
	rel = filepath.ToSlash(rel)
	if len(rel) > 3+12+2 && strings.HasSuffix(rel, "-d") {
		return rel[:3+12] + "…-d"
	}
	return rel
}
