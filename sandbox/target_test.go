package sandbox

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A learner who exported GOOS and GOARCH for another machine before the workspace was made
// still gets a go wrapper that runs here, and so do the checker's builds: firstrun's own
// programs always target the machine they run on. Before, the wrapper was built for the
// exported platform and every go command in the workspace failed with "exec format error".
func TestOwnBuildsIgnoreLearnerTarget(t *testing.T) {
	t.Setenv("GOOS", "windows")
	t.Setenv("GOARCH", "arm64")
	t.Setenv("GOARM64", "v9.0")
	w := wrapperWorkspace(t)
	if out, errOut, err := learnerGo(t, w, "version"); err != nil || !strings.HasPrefix(out, "go version go") {
		t.Fatalf("go version through a wrapper built with GOOS=windows GOARCH=arm64 exported: %q, %v\n%s", out, err, errOut)
	}
	env := w.CheckerEnv(os.Environ())
	for _, k := range []string{"GOOS", "GOARCH", "GOARM64"} {
		if v := getEnv(env, k); v != "" {
			t.Errorf("CheckerEnv keeps %s=%s: firstrun's own builds would target another machine", k, v)
		}
	}
	if v := getEnv(w.Env(os.Environ()), "GOOS"); v != "windows" {
		t.Errorf("the learner's own GOOS was taken away: Env has GOOS=%q, want windows", v)
	}
}

// A wrapper stamped by a firstrun whose stamp did not say what the wrapper was built for (and
// that may have built it for another platform) is rebuilt.
func TestWrapperStampNamesPlatform(t *testing.T) {
	w := wrapperWorkspace(t)
	fi, err := os.Stat(w.RealGo)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d", wrapperSource, w.RealGo, fi.Size(), fi.ModTime().UnixNano())
	marker := filepath.Join(w.WrapperDir(), wrapperMarker)
	if err := os.WriteFile(marker, wrapperMarkerText(h.Sum(nil)), 0o644); err != nil {
		t.Fatal(err)
	}
	// What a GOOS=windows build left: not a program this machine can run.
	if err := os.WriteFile(w.WrapperPath(), []byte("MZ not for this machine"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := w.EnsureWrapper(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := learnerGo(t, w, "version"); err != nil || !strings.HasPrefix(out, "go version go") {
		t.Fatalf("the old-stamped wrapper was not rebuilt: go version: %q, %v\n%s", out, err, errOut)
	}
	if have, _ := os.ReadFile(marker); !strings.Contains(string(have), "stamp ") {
		t.Errorf("marker after the rebuild: %q", have)
	}
}
