// Package facts holds the course's truth tests: each test demonstrates one claim the lessons
// make about go run, the work folder and the build cache (the fact sheet), on the Go that
// runs the tests.
//
// The tests use the go command on PATH, never the user's cache or home: every go command
// runs with a private GOCACHE, GOTMPDIR and HOME, offline (GOPROXY=off) and with GOFLAGS
// cleared. One cold go run of hello.go warms a shared cache (about 7 s); the other tests
// reuse it, or a copy where they change it. In -short mode the tests that need the cold run
// are skipped.
package facts
