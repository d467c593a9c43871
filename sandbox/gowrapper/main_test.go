package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestToolOf(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		// Seen in `go run -x hello.go` with an empty cache (go1.26.8 linux/amd64).
		{`/usr/local/go/pkg/tool/linux_amd64/compile -o $WORK/b011/_pkg_.a -trimpath "$WORK/b011=>" -p internal/cpu`, "compile"},
		{`GOROOT='/usr/local/go' /usr/local/go/pkg/tool/linux_amd64/link -o $WORK/b001/exe/hello -importcfg $WORK/b001/importcfg.link -s -w`, "link"},
		// Windows: cmd/go quotes paths with backslashes the Go way.
		{`"C:\\Program Files\\Go\\pkg\\tool\\windows_amd64\\compile.exe" -o "$WORK\\b011\\_pkg_.a"`, "compile"},
		{`GOROOT='C:\Program Files\Go' "C:\\Program Files\\Go\\pkg\\tool\\windows_amd64\\link.exe" -o "$WORK\\b001\\exe\\hello.exe"`, "link"},
		{`GOROOT="/it's/go" /it's/go/pkg/tool/linux_amd64/link -o x`, "link"},
		{`/usr/local/go/pkg/tool/linux_amd64/asm -p internal/cpu -trimpath "$WORK/b011=>"`, ""},
		{`cat >/tmp/go-build4083566353/b001/importcfg.link << 'EOF' # internal`, ""},
		{`go tool buildid -w $WORK/b001/exe/hello # internal`, ""},
		{`$WORK/b001/exe/link`, ""}, // a learner's program named link, run by go run
		{`/home/me/.cache/go-build/64/64f6-d/link`, ""},
		{`mkdir -p $WORK/b001/`, ""},
		{``, ""},
	} {
		if got := toolOf(tc.line); got != tc.want {
			t.Errorf("toolOf(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestToolCounterChunks(t *testing.T) {
	text := "WORK=/tmp/go-build1\n" +
		"/go/pkg/tool/linux_amd64/compile -o $WORK/b002/_pkg_.a\n" +
		"/go/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a\n" +
		"GOROOT='/go' /go/pkg/tool/linux_amd64/link -o $WORK/b001/exe/hello\n" +
		"prompt without newline: "
	// Any chunking must give the same counts and pass the text through unchanged.
	for _, size := range []int{1, 7, 64, len(text)} {
		var out strings.Builder
		c := &toolCounter{out: &out}
		for i := 0; i < len(text); i += size {
			c.Write([]byte(text[i:min(i+size, len(text))]))
		}
		c.flush()
		if out.String() != text || c.compiles != 2 || c.links != 1 {
			t.Errorf("chunks of %d: %d compiles, %d links, output intact %v; want 2, 1, true", size, c.compiles, c.links, out.String() == text)
		}
	}
}

func TestHasX(t *testing.T) {
	for _, tc := range []struct {
		args string
		want bool
	}{
		{"run -x hello.go", true},
		{"build -x -o out .", true},
		{"run hello.go", false},
		{"run -- -x", false},
		{"version", false},
	} {
		if got := hasX(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("hasX(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestAppendLogAfterTornLine: the wrapper starts its line on a fresh line when the log does
// not end in a newline, so a fragment left by a crash never swallows the learner's command.
func TestAppendLogAfterTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commands.jsonl")
	for _, before := range []string{"", "{\"args\":[\"ok\"]}\n", `{"args":["version"],"ex`} {
		os.WriteFile(path, []byte(before), 0o644)
		appendLog(path, command{Args: []string{"run", "hello.go"}})
		data, _ := os.ReadFile(path)
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		last := lines[len(lines)-1]
		if !strings.HasPrefix(last, `{"args":["run","hello.go"]`) || !strings.HasSuffix(string(data), "}\n") {
			t.Errorf("after %q the log is %q: want the entry whole on its own last line", before, data)
		}
		if want := strings.Count(before, "\n") + 1; before != "" && !strings.HasSuffix(before, "\n") && len(lines) != want+1 {
			t.Errorf("after %q: %d lines, want %d", before, len(lines), want+1)
		}
	}
}

func TestKeepBuf(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		half   int
		want   string
		cut    bool
	}{
		{"short", []string{"ok  \thello/sum\t(cached)\n"}, 64, "ok  \thello/sum\t(cached)\n", false},
		{"exactly full", []string{"abcd", "efgh"}, 4, "abcdefgh", false},
		{"head and tail", []string{"abcd", "efgh", "ijkl"}, 4, "abcd\n…\nijkl", true},
		{"byte by byte", strings.Split("0123456789abcdefghij", ""), 3, "012\n…\nhij", true},
		{"one big write", []string{"0123456789abcdefghij"}, 3, "012\n…\nhij", true},
	} {
		k := &keepBuf{half: tc.half}
		for _, c := range tc.chunks {
			k.write([]byte(c))
		}
		got := k.result()
		if got.Text != tc.want || got.Truncated != tc.cut {
			t.Errorf("%s: kept %q (truncated %v), want %q (%v)", tc.name, got.Text, got.Truncated, tc.want, tc.cut)
		}
		if len(k.tail) > 2*tc.half {
			t.Errorf("%s: tail holds %d bytes, more than twice %d", tc.name, len(k.tail), tc.half)
		}
	}
	var none *keepBuf
	if none.result() != nil {
		t.Error("a stream not captured must log no output")
	}
}

// TestOtherTarget: the settings that build for another machine are recorded, this machine's
// are not.
func TestOtherTarget(t *testing.T) {
	other := map[bool]string{true: "linux", false: "windows"}[runtime.GOOS == "windows"]
	for _, tc := range []struct{ goos, goarch, want string }{
		{"", "", ""},
		{runtime.GOOS, runtime.GOARCH, ""},
		{other, "", "GOOS=" + other},
		{other, "wasm", "GOOS=" + other + " GOARCH=wasm"},
	} {
		t.Setenv("GOOS", tc.goos)
		t.Setenv("GOARCH", tc.goarch)
		if got := otherTarget(); got != tc.want {
			t.Errorf("GOOS=%q GOARCH=%q: otherTarget() = %q, want %q", tc.goos, tc.goarch, got, tc.want)
		}
	}
}
