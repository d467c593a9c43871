package classroom

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"

	"github.com/firstrun/firstrun/engine"
)

// The dashboard is one self-contained page: its style and script are inline, so it needs no
// other request, no CDN and no internet, and a saved copy still opens. The page only ever
// asks this server for the class, and inserts every learner's string as text.
//
//go:embed dashboard/page.html dashboard/style.css dashboard/app.js
var dashboardFiles embed.FS

// dashboardLabels are the messages the script needs (the page's own headings are in the
// HTML), in the instructor's language.
var dashboardLabels = []string{
	"sum.col.name", "sum.col.at", "sum.col.done", "sum.col.onstep", "sum.col.failed", "sum.col.hints",
	"sum.col.cold", "sum.col.warm", "class.col.seen", "sum.finished", "sum.nostuck", "sum.noruns", "sum.who", "sum.who0",
	"sum.median", "sum.slowest", "report.dur.h", "report.dur.m", "report.dur.s", "unit.seconds",
	"dash.count", "dash.live", "dash.polling", "dash.offline", "dash.stuckmark", "dash.ago", "dash.now", "dash.dur.m", "dash.events",
	"dash.cold", "dash.warm", "dash.slowest",
}

// dashboardPage renders the page in t's language, with the Content-Security-Policy that lets
// exactly its inline style and script run and nothing else load.
func dashboardPage(t *engine.Messages) (page []byte, csp string) {
	read := func(name string) string {
		data, err := dashboardFiles.ReadFile("dashboard/" + name)
		if err != nil {
			panic(err) // embedded: cannot be missing
		}
		return string(data)
	}
	style, script := read("style.css"), read("app.js")
	tmpl := template.Must(template.New("page").Funcs(template.FuncMap{"t": func(key string) string { return t.F(key) }}).
		Parse(read("page.html")))
	labels := map[string]string{}
	for _, k := range dashboardLabels {
		labels[k] = t.F(k)
	}
	var b bytes.Buffer
	err := tmpl.Execute(&b, map[string]any{
		"Lang": t.Lang, "Labels": labels, "Style": template.CSS(style), "Script": template.JS(script),
	})
	if err != nil {
		panic(err)
	}
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	csp = "default-src 'none'; script-src " + hash(script) + "; style-src " + hash(style) +
		"; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	return b.Bytes(), csp
}
