//go:build !windows

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/firstrun/firstrun/classroom"
	"github.com/firstrun/firstrun/engine"
)

// serving is a running `firstrun class serve`.
type serving struct {
	cmd       *exec.Cmd
	url, code string
	out       *bytes.Buffer // all it printed, once it has ended
	lines     chan string
}

var joinLine = regexp.MustCompile(`^    firstrun class join (http://\S+) ([A-Z0-9]{6})$`)

// startServe starts the class server on a free loopback port and waits for the line to hand
// out, which it returns the parts of.
func startServe(t *testing.T, dir string) *serving {
	t.Helper()
	cmd := exec.Command(firstrunBin(t), "class", "serve", "--addr", "127.0.0.1:0", "--dir", dir)
	cmd.Env = append(os.Environ(), "FIRSTRUN_LANG=en", "NO_COLOR=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &serving{cmd: cmd, out: &bytes.Buffer{}, lines: make(chan string, 100)}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	deadline := time.After(30 * time.Second)
	for s.url == "" {
		select {
		case line, ok := <-s.lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("class serve ended before the join line; stderr:\n%s", stderr.String())
			}
			s.out.WriteString(line + "\n")
			if m := joinLine.FindStringSubmatch(line); m != nil {
				s.url, s.code = m[1], m[2]
			}
		case <-deadline:
			t.Fatalf("no join line in 30 s; so far:\n%s", s.out.String())
		}
	}
	return s
}

// stop sends Ctrl-C and returns the exit code and everything printed.
func (s *serving) stop(t *testing.T) (int, string) {
	t.Helper()
	s.cmd.Process.Signal(os.Interrupt)
	for line := range s.lines {
		s.out.WriteString(line + "\n")
	}
	err := s.cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), s.out.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, s.out.String()
}

// TestClassServeCommand runs the class server as the instructor does: the line to hand out,
// a learner's batch, `class status`, a second server refused, Ctrl-C, and a restart that
// keeps the class and its code.
func TestClassServeCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "firstrun-class")
	s := startServe(t, dir)
	if !strings.Contains(s.out.String(), "A new class, code "+s.code) {
		t.Errorf("output:\n%s", s.out.String())
	}

	body, _ := json.Marshal(classroom.Batch{Format: classroom.ProtocolFormat, Learner: "e2e-learner-1", Name: "Ana",
		Events: []classroom.Envelope{{Seq: 1, Event: engine.Event{Kind: engine.EventStepStarted, Lesson: "hello", Step: "write"}}}})
	req, _ := http.NewRequest("POST", s.url+"/api/events", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.code)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(reply), `"through":1`) {
		t.Fatalf("POST: %d %s", resp.StatusCode, reply)
	}
	for joined := false; !joined; {
		select {
		case line := <-s.lines:
			s.out.WriteString(line + "\n")
			joined = strings.Contains(line, "Ana joined the class (learners: 1)")
		case <-time.After(10 * time.Second):
			t.Fatalf("the server said nothing of the learner who joined:\n%s", s.out.String())
		}
	}

	status := exec.Command(firstrunBin(t), "class", "status", s.url)
	status.Env = append(os.Environ(), "FIRSTRUN_LANG=en")
	out, err := status.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Live class · learners: 1") || !strings.Contains(string(out), "Ana ") {
		t.Errorf("class status: %v\n%s", err, out)
	}

	second := exec.Command(firstrunBin(t), "class", "serve", "--addr", "127.0.0.1:0", "--dir", dir)
	second.Env = append(os.Environ(), "FIRSTRUN_LANG=en")
	out, err = second.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "another firstrun class serve is running on the folder") {
		t.Errorf("a second server on the same folder: %v\n%s", err, out)
	}

	code, printed := s.stop(t)
	if code != 0 || !strings.Contains(printed, "Class server stopped. The class is kept in "+dir) || strings.Contains(printed, "Interrupted") {
		t.Errorf("Ctrl-C: exit %d\n%s", code, printed)
	}

	again := startServe(t, dir)
	if again.code != s.code || !strings.Contains(again.out.String(), "Continuing the class kept in "+dir+" (code "+s.code+", learners so far: 1)") {
		t.Errorf("restart: code %s (was %s)\n%s", again.code, s.code, again.out.String())
	}
	again.stop(t)
}
