package sandbox

import "runtime"

// targetVars choose the machine the go command builds for. The learner may export them to
// try cross-compiling; firstrun's own builds (the go wrapper, the checker's build of the
// learner's program) must ignore them, because firstrun runs those programs right here.
var targetVars = []string{
	"GOOS", "GOARCH", "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64",
	"GOPPC64", "GORISCV64", "GOWASM",
}

// hostTarget unsets every targetVar, so go builds for the machine it runs on.
func hostTarget() []envVar {
	vars := make([]envVar, len(targetVars))
	for i, k := range targetVars {
		vars[i] = envVar{key: k, unset: true}
	}
	return vars
}

// builtFor names the platform firstrun's own builds target, for the wrapper's stamp: a
// wrapper built for another one (by a firstrun that still honoured GOOS) is rebuilt.
func builtFor() string { return runtime.GOOS + "/" + runtime.GOARCH }
