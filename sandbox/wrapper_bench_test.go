package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkWrapperOverhead is where the wrapper's budget lives: `go version` through the
// wrapper may cost at most about 5 ms more than the real go. Compare the two sub-results:
//
//	go test -run '^$' -bench WrapperOverhead ./sandbox/
func BenchmarkWrapperOverhead(b *testing.B) {
	w := wrapperWorkspace(b)
	env := w.Env(os.Environ())
	for _, bc := range []struct{ name, exe string }{
		{"direct", w.RealGo},
		{"wrapper", filepath.Join(w.WrapperDir(), "go"+ExeSuffix)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bc.exe, "version")
				cmd.Dir, cmd.Env = w.Dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%s version: %v\n%s", bc.exe, err, out)
				}
			}
		})
	}
}
