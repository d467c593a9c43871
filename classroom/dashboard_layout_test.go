package classroom

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/firstrun/firstrun/engine"
	"github.com/firstrun/firstrun/lessons"
	"github.com/firstrun/firstrun/sandbox"
)

var screenshots = flag.String("screenshots", "", "TestDashboardLayout: save a screenshot of the dashboard at each size, language and class size in this `folder`")

// projectorSizes are the screens a dashboard is projected on: old and new projectors, a
// laptop mirrored, a full-HD screen.
var projectorSizes = [][2]int64{{1024, 768}, {1280, 720}, {1400, 800}, {1920, 1080}}

// TestDashboardLayout projects the dashboard of a class of 2, then 40, learners on the real
// course, in English and in Korean, at each of projectorSizes: every column is on the screen
// (nothing behind a sideways scrollbar, no header cut off), every row is one line (long step
// titles end in "…" and keep their full text in a tooltip), and the chart's labels keep a
// readable size without running into each other.
func TestDashboardLayout(t *testing.T) {
	course, err := engine.LoadCourse(lessons.FS, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	bctx, problems := openBrowser(t, 1280, 720)
	for _, lang := range []string{"en", "ko"} {
		clk := &clock{t: at(30)}
		srv, err := OpenServer(filepath.Join(t.TempDir(), "class"), ServerOptions{Messages: engine.NewMessages(lang), Now: clk.now})
		if err != nil {
			t.Fatal(err)
		}
		c := &testClass{t: t, srv: srv, http: httptest.NewServer(srv.Handler()), log: &syncBuffer{}, clk: clk}
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(c.http.URL+"/"), chromedp.WaitVisible(chromedp.ID("empty"))); err != nil {
			t.Fatal(err)
		}
		learners := projectorClass(course, lang)
		sent := 0
		for _, n := range []int{2, 40} {
			for ; sent < n; sent++ {
				c.send(learners[sent])
				clk.add(30 * time.Second) // last seen: from just now to 20 minutes ago
			}
			runs := 0
			for _, b := range learners[:n] {
				if len(b.Report.Runs) > 0 {
					runs++
				}
			}
			expr := fmt.Sprintf(`document.querySelectorAll('#rows tr').length === %d && document.querySelectorAll('#chart svg g.run').length === %d`, n, runs)
			if _, err := chromedp.Run(bctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
				t.Fatalf("%s: the page does not show %d learners (%v)", lang, n, err)
			}
			for _, size := range projectorSizes {
				checkLayout(t, bctx, fmt.Sprintf("%s, %d learners, %dx%d", lang, n, size[0], size[1]), size[0], size[1])
				if *screenshots != "" {
					shot(t, bctx, filepath.Join(*screenshots, fmt.Sprintf("dash-%s-%02d-%d.png", lang, n, size[0])))
				}
			}
		}
		c.close()
	}
	for _, p := range problems() {
		t.Error(p)
	}
}

// layoutProblems lists, in the page, what an audience could not read: a page wider than the
// window, a column header outside it or cut short, rows of different heights (something
// wrapped), headers scrolled away, a step title cut without its tooltip, chart labels too
// small, on top of one another or off the chart.
const layoutProblems = `(() => {
  const out = [], W = window.innerWidth, html = document.documentElement;
  if (html.scrollWidth > W) out.push('the page is ' + html.scrollWidth + 'px wide in a ' + W + 'px window');
  const box = document.querySelector('.tablebox');
  if (box.scrollWidth > box.clientWidth) out.push('the table (' + box.scrollWidth + 'px) scrolls sideways in its ' + box.clientWidth + 'px box');
  const shown = box.getBoundingClientRect(), right = Math.min(W, shown.right), left = Math.max(0, shown.left);
  document.querySelectorAll('#learners thead th').forEach(th => {
    const r = th.getBoundingClientRect(), name = JSON.stringify(th.textContent);
    if (r.width < 1 || r.left < left - 0.5 || r.right > right + 0.5) out.push('header ' + name + ' is not on the screen (' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + Math.round(left) + '..' + Math.round(right) + ')');
    if (th.scrollWidth > th.clientWidth + 1) out.push('header ' + name + ' is cut short');
  });
  const rows = [...document.querySelectorAll('#rows tr')].map(tr => tr.getBoundingClientRect().height);
  if (Math.max(...rows) - Math.min(...rows) > 3) out.push('rows are ' + Math.round(Math.min(...rows)) + ' to ' + Math.round(Math.max(...rows)) + 'px high: something wraps');
  const font = parseFloat(getComputedStyle(document.querySelector('#rows td')).fontSize);
  if (font < 18) out.push('the table is in ' + font + 'px type: too small for the back of a room');
  document.querySelectorAll('#rows td.at, #rows td.name').forEach(td => {
    const inner = td.querySelector('.cut');
    if (!inner) { out.push('no .cut box in ' + td.className); return; }
    if (inner.scrollWidth > inner.clientWidth && !td.title) out.push('cut without a tooltip: ' + JSON.stringify(td.textContent));
  });
  const chart = document.querySelector('#chart svg');
  if (chart) {
    const edge = Math.min(chart.getBoundingClientRect().right, W);
    chart.querySelectorAll('text').forEach(t => {
      if (t.getBoundingClientRect().right > edge + 1) out.push('chart text ' + JSON.stringify(t.textContent) + ' runs off the chart');
    });
  }
  let last = null;
  document.querySelectorAll('#chart g.run text.label').forEach(t => {
    const r = t.getBoundingClientRect();
    if (r.height < 15) out.push('chart label ' + JSON.stringify(t.textContent) + ' is ' + r.height.toFixed(1) + 'px high');
    if (last && r.top < last.bottom - 1) out.push('chart label ' + JSON.stringify(t.textContent) + ' runs into the one above');
    last = r;
  });
  // Scrolled down a long class, the headers stay at the top of the screen.
  if (html.scrollHeight > window.innerHeight + 200) {
    window.scrollTo(0, 400);
    const th = document.querySelector('#learners thead th').getBoundingClientRect();
    if (th.top < -0.5 || th.top > 1) out.push('scrolled down, the headers are not at the top (' + Math.round(th.top) + 'px)');
    window.scrollTo(0, 0);
  }
  return out;
})()`

func checkLayout(t *testing.T, bctx context.Context, what string, w, h int64) {
	t.Helper()
	// The chart is drawn again for its box's new width.
	drawn := `(() => { const s = document.querySelector('#chart svg'), box = document.getElementById('chart');
	  return !s || s.getAttribute('width') == Math.max(box.clientWidth, 280) })()`
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(w, h)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](drawn, chromedp.WithPollingTimeout(5*time.Second), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Errorf("%s: the chart is not drawn for its box (%v)", what, err)
	}
	bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](layoutProblems))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, b := range bad {
		t.Errorf("%s: %s", what, b)
	}
}

// shot saves what the screen shows in file, and the whole page beside it (-full.png).
func shot(t *testing.T, bctx context.Context, file string) {
	png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(file, png, 0o644)
	}
	if err == nil {
		png, err = chromedp.Run(bctx, chromedp.FullScreenshot(100))
	}
	if err == nil {
		err = os.WriteFile(strings.TrimSuffix(file, ".png")+"-full.png", png, 0o644)
	}
	if err != nil {
		t.Error(err)
	}
}

// projectorClass is a class of 40 on the real course, in lang: spread over the lessons, some
// stuck for a long time with failed checks, names short and long, Latin and Hangul, cold runs
// from a fast laptop's to a slow one's.
func projectorClass(course *engine.Course, lang string) []*Batch {
	names := []string{"Ana", "김민준", "Bartholomew Featherstonehaugh", "이서연", "Chidi", "박지호", "Dagny Taggart-Rearden", "최수아",
		"Eun", "Fatima Al-Hashimi", "정하은", "Guo Jing", "강도윤", "Hiroshi Tanaka", "윤서준", "Ines", "장예린", "Jean-Baptiste Poquelin",
		"임시우", "Kwame", "한지민", "Lucía Fernández", "오현우", "Mo", "서하린", "Nadia", "신유나", "Olu Adeyemi", "권태윤", "Priya Raghunathan",
		"황보민재", "Quinn", "안소율", "Ravi", "송다은", "Sven Svensson", "제갈윤호", "Tomasz Wiśniewski", "남궁서진", "Uma"}
	var keys []string
	for _, l := range course.Lessons {
		for _, s := range l.Steps {
			keys = append(keys, l.ID+"/"+s.ID)
		}
	}
	var out []*Batch
	for i, name := range names {
		p := engine.NewProgress()
		p.History = map[string]*engine.StepHistory{}
		reached := (i * 7) % len(keys)
		for _, k := range keys[:reached] {
			p.Done[k] = at(0)
			p.History[k] = &engine.StepHistory{Started: at(0), Passed: at(1), SpentMs: int64(60000 + i*3000), Visits: 1}
		}
		cur := keys[reached]
		p.Lesson, p.Step = strings.Split(cur, "/")[0], strings.Split(cur, "/")[1]
		onStep := (i*13)%29 + 1 // minutes
		if i%9 == 4 {
			onStep = 75 // over an hour
		}
		p.History[cur] = &engine.StepHistory{Started: at(30 - onStep), Since: at(30 - onStep), Visits: 1, Failed: (i * 5) % 4 * (i % 3)}
		p.Hints = map[string]int{cur: i % 4}
		if reached > 2 {
			compiles := 61
			p.SaveRun("cold", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: float64(2500 + (i*2731)%14000), Compiles: &compiles})
			p.SaveRun("warm", sandbox.Command{Args: []string{"run", "hello.go"}, Millis: float64(180 + (i*37)%500)})
		}
		r := FromProgress(course, p, Learner{Name: name, Go: "go1.26.0", OS: "linux", Arch: "amd64", Pack: "embedded", Lang: lang}, at(30))
		out = append(out, batch(anaID(100+i), name, 1, 1, r))
	}
	return out
}
