package sandbox

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestShell drives each shell with a script on stdin (not a terminal, so bash and zsh
// warn about job control; that is fine). The user's rc file puts another go first on
// PATH and sets GOFLAGS, as real rc files do; the workspace settings must still win.
func TestShell(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shells")
	}
	for _, name := range []string{"sh", "bash", "zsh"} {
		t.Run(name, func(t *testing.T) {
			shell, err := exec.LookPath(name)
			if err != nil {
				t.Skipf("no %s here", name)
			}
			w := newWorkspace(t)
			home := t.TempDir()
			rc := "export PATH=/opt/other-go/bin:$PATH\nexport GOFLAGS=-trimpath\nexport FROM_RC=yes\n"
			os.WriteFile(filepath.Join(home, ".bashrc"), []byte(rc), 0o644)
			os.WriteFile(filepath.Join(home, ".zshrc"), []byte(rc), 0o644)

			script := `printf 'path=%s\ncache=%s\nflags=%s\nrc=%s\npwd=%s\n' "$PATH" "$GOCACHE" "$GOFLAGS" "$FROM_RC" "$(pwd)"` +
				"\n" + `case "$PS1$PROMPT" in *"(firstrun) "*) echo prompt=marked;; esac` + "\nexit 3\n"
			var out, errb strings.Builder
			err = w.Shell(shell, home, strings.NewReader(script), &out, &errb)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 3 {
				t.Fatalf("Shell(%s) = %v, want the shell's exit status 3\nstdout: %s\nstderr: %s", name, err, out.String(), errb.String())
			}
			got := out.String()
			wantPath := "path=" + w.WrapperDir() + string(filepath.ListSeparator) + w.BinDir()
			for _, want := range []string{wantPath, "cache=" + w.CacheDir() + "\n", "flags=\n", "pwd=" + w.Dir, "prompt=marked"} {
				if !strings.Contains(got, want) {
					t.Errorf("%s output lacks %q:\n%s", name, want, got)
				}
			}
			if name != "sh" && !strings.Contains(got, "rc=yes") {
				t.Errorf("%s did not source the user's rc file:\n%s", name, got)
			}
		})
	}
}
