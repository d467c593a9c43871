package classroom

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/firstrun/firstrun/engine"
)

var screenshot = flag.String("screenshot", "", "TestDashboardInBrowser: save a screenshot of the dashboard with a class of five to this PNG `file`")

// chromium is the browser the dashboard test drives: Debian's chromium, which .ci/run installs
// when it is missing (and then sets FIRSTRUN_BROWSER_TEST=required, so that the test cannot
// skip in CI).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("FIRSTRUN_BROWSER_TEST") == "required" {
		t.Fatal("no chromium on PATH, and FIRSTRUN_BROWSER_TEST=required")
	}
	t.Skip("no chromium on PATH: the dashboard's browser test needs it (apt-get install -y chromium; .ci/run installs it)")
	return ""
}

// TestDashboardInBrowser opens the dashboard in a real headless browser: a learner who joins
// and passes a step appears and moves on, on the open page, without a reload; a learner
// named with HTML is shown as text and runs nothing.
func TestDashboardInBrowser(t *testing.T) {
	c := openClass(t, "", nil)
	bctx, problems := openBrowser(t, 1600, 1000)

	if err := chromedp.Do(bctx,
		chromedp.Navigate(c.http.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("empty")),
		chromedp.Evaluate[chromedp.Void](`window.sameLoad = 'not reloaded'`),
	); err != nil {
		t.Fatal(err)
	}
	join, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("joinline")))
	if err != nil || join != "firstrun class join "+c.http.URL+" CODE" {
		t.Errorf("join line %q (%v)", join, err)
	}

	// waitText waits until the first element matching css has exactly want as its text.
	waitText := func(css, want string) {
		t.Helper()
		expr := `(() => { const e = document.querySelector(` + jsString(css) + `); return !!e && e.textContent === ` + jsString(want) + ` })()`
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
			got, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(css)+`)||{}).textContent || '(none)'`))
			t.Fatalf("%s: want text %q, got %q (%v)", css, want, got, err)
		}
	}

	// Ana joins on 1.1, then passes it: her row moves to 1.2, with no key pressed and no reload.
	ana := sampleClass[3].report() // on 1.2, 1 step done
	ana.Name = "Ana"
	fresh := FromProgress(testCourse(), engine.NewProgress(), Learner{Name: "Ana", Go: "go1.26.0", OS: "linux", Arch: "amd64"}, at(29))
	c.send(&Batch{Format: ProtocolFormat, Learner: anaID(1), Name: "Ana", Report: fresh,
		Events: []Envelope{{Seq: 1, Event: engine.Event{Kind: engine.EventStepStarted, Lesson: "hello", Step: "write"}}}})
	waitText("#rows tr td.name", "Ana")
	waitText("#rows tr td.at", "1.1 Write hello.go")
	c.send(&Batch{Format: ProtocolFormat, Learner: anaID(1), Name: "Ana", Report: ana,
		Events: []Envelope{{Seq: 2, Event: engine.Event{Kind: engine.EventStepPassed, Lesson: "hello", Step: "write"}}}})
	waitText("#rows tr td.at", "1.2 Run it, cold")
	waitText("#rows tr td:nth-child(3)", "1/4")

	// A name made of HTML is its characters on the page: no element, no script run.
	evil := `<img src=x onerror=pwned=1><script>pwned=2</script><b>Bo</b>` // 60 runes: MaxNameLen
	bo := sampleClass[0].report()
	c.send(&Batch{Format: ProtocolFormat, Learner: anaID(2), Name: evil, Report: bo,
		Events: []Envelope{{Seq: 1, Event: engine.Event{Kind: engine.EventCheckFailed, Lesson: "hello", Step: "warm", Msg: "<i>no</i>"}}}})
	waitText("#rows tr:nth-child(1) td.name", evil+" stuck") // "<" sorts before "A"; failed checks: stuck
	for _, expr := range []string{
		`document.querySelectorAll('#rows img, #rows script, #rows b, #stuck img, #stuck b, #chart img').length === 0`,
		`typeof pwned === 'undefined'`,
		`document.querySelector('#stuck').textContent.includes('<b>Bo</b>')`,
		`[...document.querySelectorAll('#chart text')].some(t => t.textContent.startsWith('<img'))`,
		`window.sameLoad === 'not reloaded'`,
		`document.querySelector('#status').textContent === 'live'`,
	} {
		ok, err := chromedp.Run(bctx, chromedp.Evaluate[bool](expr))
		if err != nil || !ok {
			t.Errorf("%s: false (%v)", expr, err)
		}
	}

	if *screenshot != "" {
		for i, l := range sampleClass[1:] {
			c.send(batch(anaID(10+i), l.name, 1, 1, l.report()))
		}
		waitText("#counts", "learners: 6 · events: 7")
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err == nil {
			err = os.WriteFile(*screenshot, png, 0o644)
		}
		if err != nil {
			t.Error(err)
		}
	}
	for _, p := range problems() {
		t.Error(p)
	}
}

// openBrowser starts a headless chromium with a window of w×h. Anything its pages say on the
// console is a failure: a script error, a refused inline script (the
// Content-Security-Policy hash out of step), an alert a name slipped in. problems returns
// what was said so far.
func openBrowser(t *testing.T, w, h int) (bctx context.Context, problems func() []string) {
	t.Helper()
	exe := chromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(w, h))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)

	var mu sync.Mutex
	var said []string
	console := chromedp.Console(bctx)
	dialogs := chromedp.Events(bctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			mu.Lock()
			said = append(said, "console: "+m.String())
			mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			mu.Lock()
			said = append(said, "a dialog opened: "+ev.Message)
			mu.Unlock()
			chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return bctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), said...)
	}
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
