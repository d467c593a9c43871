package classroom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// EventsPath is where a learner's firstrun posts its batches.
const EventsPath = "/api/events"

// Refusal is a class server's answer that is not a reply: the code was refused (401), or the
// batch was (400, 404, 413…). Sending the same again gets the same answer, so the learner is
// told, once.
type Refusal struct {
	Status int
	Msg    string // the first line of the server's answer, cut short
}

func (r *Refusal) Error() string { return fmt.Sprintf("%d %s", r.Status, r.Msg) }

// key is what the class record keeps to tell a new refusal from one already shown.
func (r *Refusal) key() string { return fmt.Sprint(r.Status) }

// CodeRefused says the server did not take the class code.
func (r *Refusal) CodeRefused() bool { return r.Status == http.StatusUnauthorized }

// classClient posts batches. The class server is on the classroom network: proxies from the
// environment are not used (a laptop's office proxy cannot reach 192.168.x.x), and the dial
// gives up quickly so that a server that is gone costs little.
var classClient = &http.Client{Transport: &http.Transport{
	Proxy:                 nil,
	DialContext:           (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
	ResponseHeaderTimeout: 5 * time.Second,
	MaxIdleConns:          2,
	IdleConnTimeout:       30 * time.Second,
}}

// send posts one batch body and reads the reply. A network error or a server error (5xx) is
// returned as is, to be tried again later; any other answer but 200 is a *Refusal.
func send(ctx context.Context, base, code string, body []byte) (*BatchReply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+EventsPath, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+code)
	// A batch may go twice (the server keeps each seq once): marked idempotent, it is sent
	// again on a fresh connection when a kept-alive one turns out closed, as after a server
	// restart, instead of failing. A nil value is not sent on the wire.
	req.Header["X-Idempotency-Key"] = nil
	req.Header.Set("Content-Type", "application/json")
	resp, err := classClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		var r BatchReply
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, &Refusal{Status: resp.StatusCode, Msg: "the answer is not a firstrun class server's"}
		}
		return &r, nil
	case resp.StatusCode >= 500:
		return nil, fmt.Errorf("the class server answered %s", resp.Status)
	}
	return nil, &Refusal{Status: resp.StatusCode, Msg: firstLine(data, resp.Status)}
}

// firstLine is a short, printable first line of a server's answer.
func firstLine(data []byte, otherwise string) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
	s = strings.ToValidUTF8(strings.TrimSpace(s), "")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if s == "" || strings.HasPrefix(s, "<") {
		return otherwise // an HTML error page says nothing in one line
	}
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	return s
}

// timedOut tells a server that did not answer in time from one that is down (connection
// refused), which costs nothing to try again.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
