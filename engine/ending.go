package engine

import (
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

func init() {
	RegisterMessages("en", map[string]string{
		"ending.title":     "🏁 You finished every lesson. Well done!",
		"ending.numbers":   "Your own numbers, measured on this computer:",
		"ending.coldwarm":  "  • the cold run took %s, the warm run %s: %s",
		"ending.same":      "  • the cold run took %s, the warm run %s",
		"ending.runbuild":  "  • go run (warm) took %s, go build %s, and running ./hello itself %s",
		"ending.compiles":  "  • in the runs where you passed -x, the compiler ran %d times and the linker %d times (%d compiles in the biggest run)",
		"ending.cache":     "  • your build cache holds %d entries, %s",
		"ending.learned":   "What you learned:",
		"ending.lesson":    "  %d. %s: %s",
		"ending.next":      "Where to go next:",
		"ending.help":      "  • `go help cache` and `go help build`: the go command's own words on the cache and the flags you used",
		"ending.times":     "  • `firstrun times`: all your runs side by side, again whenever you like",
		"ending.cacheview": "  • `firstrun cache`: what is in your build cache now, and which file holds fmt",
		"ending.again":     "  • `firstrun lesson N`: any lesson again; your own Go projects next, now knowing why the first build is slow",
		"hint.last":        "(the last one)",
		"hint.nomore":      "No more hints: you have seen all %d for this step. Read them again above, or check the step to see what it still expects.",
		"hint.nomore1":     "No more hints: this step has only the one you have seen. Read it again above, or check the step to see what it still expects.",
		"hint.fits":        "→ Hint %d fits this: %s",
		"runforme.clock":   "⏱ %s · running for %d s (Ctrl-C stops it)",
	})
	RegisterMessages("ko", map[string]string{
		"ending.title":     "🏁 모든 레슨을 마쳤습니다. 수고하셨습니다!",
		"ending.numbers":   "이 컴퓨터에서 직접 잰 숫자입니다:",
		"ending.coldwarm":  "  • 콜드 런 %s, 웜 런 %s: %s",
		"ending.same":      "  • 콜드 런 %s, 웜 런 %s",
		"ending.runbuild":  "  • go run(웜) %s, go build %s, ./hello 직접 실행 %s",
		"ending.compiles":  "  • -x를 붙인 실행에서 컴파일러가 모두 %d번, 링커가 %d번 실행됐습니다 (가장 많았던 한 번: 컴파일 %d번)",
		"ending.cache":     "  • 빌드 캐시: 항목 %d개, %s",
		"ending.learned":   "배운 것:",
		"ending.lesson":    "  %d. %s: %s",
		"ending.next":      "다음에 해 볼 것:",
		"ending.help":      "  • `go help cache`와 `go help build`: 캐시와 여러분이 쓴 플래그에 대한 go 명령의 설명",
		"ending.times":     "  • `firstrun times`: 지금까지의 실행 기록을 언제든 다시 나란히 보기",
		"ending.cacheview": "  • `firstrun cache`: 지금 빌드 캐시에 무엇이 있는지, fmt가 어느 파일에 있는지 보기",
		"ending.again":     "  • `firstrun lesson N`: 원하는 레슨 다시 하기. 이제 첫 빌드가 왜 느린지 아니, 다음은 여러분의 Go 프로젝트입니다",
		"hint.last":        "(마지막 힌트)",
		"hint.nomore":      "힌트가 더 없습니다. 이 단계의 힌트 %d개를 모두 봤습니다. 위에서 다시 읽거나, 단계를 확인해서 아직 무엇이 필요한지 보세요.",
		"hint.nomore1":     "힌트가 더 없습니다. 이 단계의 힌트는 앞에서 본 하나뿐입니다. 위에서 다시 읽거나, 단계를 확인해서 아직 무엇이 필요한지 보세요.",
		"hint.fits":        "→ 이 경우에 맞는 힌트 %d: %s",
		"runforme.clock":   "⏱ %s · %d초째 실행 중 (Ctrl-C로 중단)",
	})
}

// CourseEnding is what the learner sees once, when the last step passes: their own numbers,
// what each lesson taught (its summary), and where to go from here.
func (a *App) CourseEnding(p *Progress) {
	a.say("\n%s", a.T.F("ending.title"))
	if lines := a.endingNumbers(p); len(lines) > 0 {
		a.say("\n%s", a.T.F("ending.numbers"))
		for _, l := range lines {
			a.say("%s", l)
		}
	}
	var learned []string
	for i, l := range a.Course.Lessons {
		page := l.Text(a.T.Lang)
		if page.Summary != "" {
			learned = append(learned, a.T.F("ending.lesson", i+1, page.Title, page.Summary))
		}
	}
	if len(learned) > 0 {
		a.say("\n%s", a.T.F("ending.learned"))
		for _, l := range learned {
			a.say("%s", l)
		}
	}
	a.say("\n%s", a.T.F("ending.next"))
	for _, k := range []string{"ending.help", "ending.times", "ending.cacheview", "ending.again"} {
		a.say("%s", a.T.F(k))
	}
	a.say("")
}

// endingNumbers are the headline figures the learner measured, each only when recorded.
func (a *App) endingNumbers(p *Progress) []string {
	var lines []string
	cold, hasCold := p.Runs["cold"]
	warm, hasWarm := p.Runs["warm"]
	if hasCold && hasWarm {
		if r := ratioText(a.T, cold.Millis, warm.Millis); r != "" {
			lines = append(lines, a.T.F("ending.coldwarm", a.T.Seconds(cold.Millis), a.T.Seconds(warm.Millis), r))
		} else {
			lines = append(lines, a.T.F("ending.same", a.T.Seconds(cold.Millis), a.T.Seconds(warm.Millis)))
		}
	}
	build, hasBuild := p.Runs["build"]
	binary, hasBinary := p.Runs["binary"]
	if hasWarm && hasBuild && hasBinary {
		lines = append(lines, a.T.F("ending.runbuild", a.T.Seconds(warm.Millis), a.T.Seconds(build.Millis), a.T.Seconds(binary.Millis)))
	}
	if log, err := sandbox.ReadLog(a.WS.LogPath()); err == nil {
		compiles, links, most := 0, 0, 0
		for _, c := range log {
			if c.By != "" || c.Compiles == nil {
				continue
			}
			compiles += *c.Compiles
			most = max(most, *c.Compiles)
			if c.Links != nil {
				links += *c.Links
			}
		}
		if compiles > 0 {
			lines = append(lines, a.T.F("ending.compiles", compiles, links, most))
		}
	}
	if st, err := sandbox.ReadCacheStats(a.WS.CacheDir()); err == nil && st.Exists {
		lines = append(lines, a.T.F("ending.cache", st.Entries, humanBytes(st.Bytes)))
	}
	return lines
}

// showHint shows the next hint only (earlier ones are on the screen already), says when it
// is the last one, and after that that there are no more.
func (a *App) showHint(p *Progress, l *Lesson, s *Step, hints []string) {
	key := Key(l.ID, s.ID)
	if p.Hints[key] >= len(hints) {
		if len(hints) == 1 {
			a.say("%s", a.T.F("hint.nomore1"))
		} else {
			a.say("%s", a.T.F("hint.nomore", len(hints)))
		}
		return
	}
	n := hintCount(p, key, len(hints))
	a.emit(Event{Kind: EventHint, Lesson: l.ID, Step: s.ID, Hint: n})
	a.say("%s", a.Where(l, s))
	title := a.T.F("hint.title", n, len(hints))
	if n == len(hints) && n > 1 {
		title += " " + a.T.F("hint.last")
	}
	a.say("%s: %s", title, a.fill(hints[n-1]))
}

// hintFor is the hint a failed check points at (its `hint: N`), or "".
func (a *App) hintFor(l *Lesson, s *Step, c Check) string {
	cc, ok := c.(interface{ base() *common })
	if !ok || cc.base().Hint == 0 {
		return ""
	}
	n := cc.base().Hint
	st := l.Text(a.T.Lang).Steps[s.ID]
	if st == nil || n > len(st.Hints) {
		return ""
	}
	return a.T.F("hint.fits", n, a.fill(st.Hints[n-1]))
}

// clockText is the line "Run it for me" keeps on the last row while its command runs.
func clockText(t *Messages, command string, secs int, width int) string {
	s := t.F("runforme.clock", command, secs)
	if width > 0 && cellWidth(s) > width {
		r := []rune(s)
		for len(r) > 0 && cellWidth(string(r))+1 > width {
			r = r[:len(r)-1]
		}
		s = strings.TrimRight(string(r), " ") + "…"
	}
	return s
}
