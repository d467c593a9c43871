package classroom

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/firstrun/firstrun/engine"
)

// Server is the live class (`firstrun class serve`): it takes learners' event batches, keeps
// them in the journal in its folder, and shows the class on a dashboard page and as JSON.
type Server struct {
	dir  string
	code string
	t    *engine.Messages
	now  func() time.Time
	log  *logger

	mu      sync.Mutex
	closed  bool // Close ran
	class   *class
	journal *journal
	changed chan struct{} // closed and replaced whenever the class changes
	cache   struct {
		version uint64
		at      time.Time
		data    []byte
	}

	lock    *os.File
	closing chan struct{}
	once    sync.Once
	streams atomic.Int32
	wrong   limiter

	page []byte // the dashboard, in the instructor's language
	csp  string

	// Created says the folder held no class before: the code is new. Notes are what the
	// journal's replay skipped.
	Created bool
	Notes   []string
}

// ServerOptions are what a Server needs from its caller.
type ServerOptions struct {
	Messages *engine.Messages // the instructor's language (nil: English)
	Log      io.Writer        // who joined, rejected requests; nil: nothing
	Now      func() time.Time // nil: time.Now
}

// errLocked is a folder another running server holds.
var errLocked = errors.New("locked")

// maxLearners is far more than a classroom holds: a sender making up learner ids cannot
// fill the server's memory or the projector.
const maxLearners = 500

var errFull = fmt.Errorf("the class is full (%d learners): ask the instructor", maxLearners)

// OpenServer opens the class in dir, making dir and a new class (with a fresh code) when it
// holds none, and replaying its journal when it does. A second server on the same dir is
// refused while the first runs. Errors are one line for the instructor, in their language.
func OpenServer(dir string, o ServerOptions) (*Server, error) {
	s := &Server{dir: dir, t: o.Messages, now: o.Now, log: &logger{w: o.Log},
		changed: make(chan struct{}), closing: make(chan struct{}), class: newClass()}
	if s.t == nil {
		s.t = engine.NewMessages("en")
	}
	if s.now == nil {
		s.now = time.Now
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, errors.New(s.t.F("class.notdir", dir))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, errors.New(s.t.F("class.mkdir", dir, err))
	}
	lockPath := filepath.Join(dir, lockFileName)
	lock, err := tryLock(lockPath)
	if errors.Is(err, errLocked) {
		pid := "?"
		if data, err := os.ReadFile(lockPath); err == nil && len(strings.TrimSpace(string(data))) > 0 {
			pid = strings.TrimSpace(string(data))
		}
		return nil, errors.New(s.t.F("class.locked", dir, pid))
	}
	if err != nil {
		return nil, errors.New(s.t.F("class.lockerr", lockPath, err))
	}
	// Who holds it, for the message a second server shows.
	lock.Truncate(0)
	lock.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	s.lock = lock

	cf, created, err := loadOrCreateClass(dir, s.now())
	if err != nil {
		unlock(lock)
		path := filepath.Join(dir, classFileName)
		if errors.Is(err, errNotClass) {
			return nil, errors.New(s.t.F("class.badfile", path, err))
		}
		return nil, errors.New(s.t.F("class.mkdir", path, err))
	}
	s.code, s.Created = cf.Code, created
	jpath := filepath.Join(dir, journalFileName)
	j, notes, err := openJournal(s.t, jpath, func(rec *record) { s.class.apply(rec) })
	if err != nil {
		unlock(lock)
		return nil, errors.New(s.t.F("class.mkdir", jpath, err))
	}
	s.journal, s.Notes = j, notes
	s.page, s.csp = dashboardPage(s.t)
	return s, nil
}

// Code is the class code learners join with.
func (s *Server) Code() string { return s.code }

// Dir is the class folder.
func (s *Server) Dir() string { return s.dir }

// Learners is how many learners have joined.
func (s *Server) Learners() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.class.learners)
}

// StopStreams ends the dashboards' event streams, so that http.Server.Shutdown does not wait
// for them (register it with RegisterOnShutdown). The pages reconnect to the next server.
func (s *Server) StopStreams() { s.once.Do(func() { close(s.closing) }) }

// Close stops the streams, closes the journal and lets another server open the folder.
func (s *Server) Close() error {
	s.StopStreams()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil // closed already: the journal's file is not closed twice
	}
	s.closed = true
	err := s.journal.close()
	if s.lock != nil {
		unlock(s.lock)
		s.lock = nil
	}
	return err
}

// Handler serves the class: the dashboard, its JSON, its stream and the learners' events.
// Nothing else: every other path is 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveDashboard)
	mux.HandleFunc("GET /api/class", s.serveClass)
	mux.HandleFunc("GET /api/stream", s.serveStream)
	mux.HandleFunc("POST /api/events", s.serveEvents)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "404 not found", http.StatusNotFound) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) serveDashboard(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", s.csp)
	w.Write(s.page)
}

func (s *Server) serveClass(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(s.viewJSON())
}

// viewJSON is the class view as JSON, made again when the class changed or a second passed
// (times on steps go on), so that many dashboards cost one view.
func (s *Server) viewJSON() []byte {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache.data != nil && s.cache.version == s.class.version && now.Sub(s.cache.at) < time.Second && !now.Before(s.cache.at) {
		return s.cache.data
	}
	data, err := json.Marshal(s.class.view(now))
	if err != nil {
		panic(err) // a view is plain data: this cannot fail
	}
	data = append(data, '\n')
	s.cache.version, s.cache.at, s.cache.data = s.class.version, now, data
	return data
}

// maxStreams bounds the open dashboards: each holds a connection.
const maxStreams = 64

// streamEvery is how often a stream sends the class when nothing happens: times on steps
// go on and learners become stuck without a new event. streamGap is the least time between
// two sends, so that 40 learners' events reach a dashboard as a few updates a second.
const (
	streamEvery = 10 * time.Second
	streamGap   = 250 * time.Millisecond
)

// serveStream sends the class view as server-sent events whenever it changes.
func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	if s.streams.Add(1) > maxStreams {
		s.streams.Add(-1)
		http.Error(w, "too many open dashboards", http.StatusServiceUnavailable)
		return
	}
	defer s.streams.Add(-1)
	rc := http.NewResponseController(w)
	// A stream outlives the server's WriteTimeout: each send gets its own deadline below.
	// (net/http clears the read deadline itself once the request is read.)
	rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(streamEvery)
	defer tick.Stop()
	send := func() bool {
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second)) // a dashboard that stopped reading is let go
		if _, err := fmt.Fprintf(w, "retry: 2000\nevent: class\ndata: %s\n", s.viewJSON()); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if !send() {
			return
		}
		select {
		case <-changed:
		case <-tick.C:
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
		select {
		case <-time.After(streamGap):
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}

// serveEvents takes one learner's batch: 401 without the class code, 413 when too large, 400
// when malformed; otherwise it is journaled and synced, then acknowledged with the highest
// seq held. A rejected body is never read, let alone logged.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	ip := remoteIP(r)
	if s.wrong.over(ip, s.now()) {
		http.Error(w, "too many wrong class codes from this address: wait a minute", http.StatusTooManyRequests)
		return
	}
	if !s.authorized(r) {
		if s.wrong.fail(ip, s.now()) {
			s.log.printf("%s", s.t.F("class.rejected", ip))
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="firstrun class"`)
		http.Error(w, "wrong or missing class code: join again with the code your instructor gives", http.StatusUnauthorized)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBatchBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		http.Error(w, fmt.Sprintf("batch larger than %d bytes: send fewer events at once", MaxBatchBytes), http.StatusRequestEntityTooLarge)
		return
	}
	if err != nil {
		http.Error(w, "reading the batch: "+err.Error(), http.StatusBadRequest)
		return
	}
	var b Batch
	if err := json.Unmarshal(data, &b); err != nil {
		http.Error(w, "not a batch of events: "+jsonProblem(err), http.StatusBadRequest)
		return
	}
	if err := checkBatch(&b); err != nil {
		code := http.StatusBadRequest
		if errors.Is(err, errTooMany) {
			code = http.StatusRequestEntityTooLarge
		}
		http.Error(w, err.Error(), code)
		return
	}
	through, joined, n, err := s.accept(&b)
	if errors.Is(err, errFull) {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	if err != nil {
		s.log.printf("%s", s.t.F("class.saveerr", err))
		http.Error(w, "the class server could not save the events: they stay on your laptop and come again", http.StatusInternalServerError)
		return
	}
	if joined {
		s.log.printf("%s", s.t.F("class.joined", b.Name, n))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(BatchReply{Format: ProtocolFormat, Through: through})
}

// accept journals what b adds and applies it; through is the learner's highest seq held, n
// the learners in the class.
func (s *Server) accept(b *Batch) (through int64, joined bool, n int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.class.learners[b.Learner] == nil && len(s.class.learners) >= maxLearners {
		return 0, false, 0, errFull
	}
	if rec := s.class.decide(b, s.now()); rec != nil {
		if err := s.journal.append(rec); err != nil {
			return 0, false, 0, err
		}
		joined = s.class.apply(rec)
		close(s.changed)
		s.changed = make(chan struct{})
	} else if l := s.class.learners[b.Learner]; l != nil {
		if now := s.now(); now.After(l.lastSeen) {
			l.lastSeen = now // the class has not changed: nothing to journal
		}
	}
	return s.class.learners[b.Learner].through, joined, len(s.class.learners), nil
}

func (s *Server) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(normCode(token)), []byte(s.code)) == 1
}

// jsonProblem says what is wrong with a body without quoting it.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s: want %s, got %s", typ.Field, typ.Type, typ.Value)
	}
	return "invalid JSON"
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limiter counts wrong class codes per address: past maxWrong in a minute, the address gets
// 429 until the minute is over, and only the first wrong code of a minute is logged.
type limiter struct {
	mu   sync.Mutex
	seen map[string]*strikes
}

type strikes struct {
	n     int
	start time.Time
}

const maxWrong = 10

func (l *limiter) over(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.seen[ip]
	return st != nil && now.Sub(st.start) < time.Minute && st.n >= maxWrong
}

// fail counts a wrong code; it says whether it is the first of the minute (to be logged).
func (l *limiter) fail(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil || len(l.seen) > 10000 {
		l.seen = map[string]*strikes{}
	}
	st := l.seen[ip]
	if st == nil || now.Sub(st.start) >= time.Minute {
		st = &strikes{start: now}
		l.seen[ip] = st
	}
	st.n++
	return st.n == 1
}

// logger writes whole lines, one at a time, stamped with the time of day.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *logger) printf(format string, args ...any) {
	if l.w == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
