package engine

import (
	"runtime"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// crossTarget returns the GOOS and GOARCH settings in environ that name another machine
// ("GOOS=windows GOARCH=arm64"), or "". With them, `go run` builds a program this machine
// cannot start ("exec format error"): the learner's hello.go is not the problem then.
func crossTarget(environ []string) string {
	var set []string
	for _, kv := range []struct{ key, host string }{{"GOOS", runtime.GOOS}, {"GOARCH", runtime.GOARCH}} {
		if v := lookupEnv(environ, kv.key); v != "" && v != kv.host {
			set = append(set, kv.key+"="+v)
		}
	}
	return strings.Join(set, " ")
}

// crossOf is the other machine a failed command built for: as the wrapper saw it in the
// learner's shell, or else as this process's settings say (a wrapper from before it recorded
// them, or a shell of the same settings).
func crossOf(c *sandbox.Command, environ []string) string {
	if c.Target != "" {
		return c.Target
	}
	return crossTarget(environ)
}

// lookupEnv is the last value of key in environ, as os/exec would pass it.
func lookupEnv(environ []string, key string) string {
	v := ""
	for _, kv := range environ {
		if k, val, ok := strings.Cut(kv, "="); ok && (k == key || runtime.GOOS == "windows" && strings.EqualFold(k, key)) {
			v = val
		}
	}
	return v
}
