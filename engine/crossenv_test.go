package engine

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/firstrun/firstrun/sandbox"
)

// When the learner's shell sets GOOS/GOARCH for another machine, a failed `go run` is blamed
// on those settings with the fix, not on hello.go.
func TestRanFailedCrossTarget(t *testing.T) {
	other := "windows"
	if runtime.GOOS == other {
		other = "linux"
	}
	check := mustCheck(t, "{kind: ran, command: go run hello.go}")
	tests := []struct {
		name    string
		environ []string
		want    string
		target  string // what the wrapper recorded in the learner's shell
	}{
		{"set in the shell only", nil, "because your shell sets GOARCH=arm64", "GOARCH=arm64"},
		{"other GOOS", []string{"GOOS=" + other}, "because your shell sets GOOS=" + other, ""},
		{"other GOARCH too", []string{"GOOS=" + other, "GOARCH=arm64", "GOARCH=" + map[bool]string{true: "amd64", false: "riscv64"}[runtime.GOARCH == "arm64"]}, "unset GOOS GOARCH", ""},
		{"this machine", []string{"GOOS=" + runtime.GOOS, "GOARCH=" + runtime.GOARCH}, "fix hello.go", ""},
		{"nothing set", nil, "fix hello.go", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEnv(t, "en")
			e.StepStart = at(0)
			e.Environ = tt.environ
			e.Log = []sandbox.Command{cmd(1, 50, 1, "run", "hello.go")}
			e.Log[0].Target = tt.target
			r := check.Run(context.Background(), e)
			if r.OK || !strings.Contains(r.Msg, tt.want) {
				t.Errorf("got OK=%v %q, want a failure containing %q", r.OK, r.Msg, tt.want)
			}
			if strings.Contains(tt.want, "unset") && strings.Contains(r.Msg, "fix hello.go") {
				t.Errorf("blames hello.go: %q", r.Msg)
			}
		})
	}
}
