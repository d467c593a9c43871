package classroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// ServerURL is the class server's address as a learner or instructor types it: with or
// without http://, with or without the dashboard's trailing slash.
func ServerURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%q is not a class server address: expected http://HOST:PORT", s)
	}
	u.Path, u.RawQuery, u.Fragment = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/class"), "", ""
	return strings.TrimSuffix(u.String(), "/"), nil
}

// FetchClass asks the class server at base (see ServerURL) for the class. Its errors are one
// line for the user in t's language: the server cannot be reached, or did not answer as a
// class server does.
func FetchClass(ctx context.Context, t *engine.Messages, base string) (*ClassView, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/class", nil)
	if err != nil {
		return nil, err
	}
	resp, err := classClient.Do(req) // no proxy: the server is on the classroom network
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, errors.New(t.F("class.unreachable", base, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(t.F("class.badreply", base, resp.Status))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, errors.New(t.F("class.unreachable", base, err))
	}
	v := &ClassView{}
	if err := json.Unmarshal(data, v); err != nil || v.Kind != "firstrun-class" {
		return nil, errors.New(t.F("class.badreply", base, "GET /api/class: not a firstrun class"))
	}
	if v.Format > ClassFormat {
		return nil, errors.New(t.F("class.badreply", base, fmt.Sprintf("class format %d, newer than this firstrun's %d", v.Format, ClassFormat)))
	}
	// What a server sends is shown in this terminal: the same cleaning as for reports.
	for i := range v.Learners {
		l := &v.Learners[i]
		for _, p := range []*string{&l.Name, &l.Lesson, &l.Step, &l.Position, &l.Title, &l.Go, &l.OS, &l.Arch} {
			*p = cleanField(*p, maxText)
		}
	}
	for i := range v.Stuck {
		st := &v.Stuck[i]
		st.Number, st.Title = cleanField(st.Number, maxText), cleanField(st.Title, maxText)
		for j := range st.Learners {
			st.Learners[j].Name = cleanField(st.Learners[j].Name, maxText)
		}
	}
	for i := range v.Steps {
		st := &v.Steps[i]
		st.Number, st.Title, st.Longest = cleanField(st.Number, maxText), cleanField(st.Title, maxText), cleanField(st.Longest, maxText)
	}
	for i := range v.Runs {
		r := &v.Runs[i]
		r.Name, r.Go, r.OS, r.Arch = cleanField(r.Name, maxText), cleanField(r.Go, maxText), cleanField(r.OS, maxText), cleanField(r.Arch, maxText)
	}
	return v, nil
}
