package engine

import (
	"errors"
	"io/fs"

	"github.com/firstrun/firstrun/engine/buildtrace"
)

// ReadTrace reads a build trace; its error is one line in the learner's language that names
// the file and says what is wrong with it.
func ReadTrace(t *Messages, file, path string) (*buildtrace.Trace, error) {
	tr, err := buildtrace.ReadFile(path)
	if err != nil {
		return nil, errors.New(TraceError(t, file, err))
	}
	return tr, nil
}

// TraceError says why file is not a readable build trace.
func TraceError(t *Messages, file string, err error) string {
	var te *buildtrace.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t.F("trace.err.missing", file)
	case errors.As(err, &te):
	default:
		return t.F("trace.err.read", file, err)
	}
	switch te.Kind {
	case buildtrace.Empty:
		return t.F("trace.err.empty", file)
	case buildtrace.NotJSON:
		return t.F("trace.err.notjson", file, te.Detail)
	case buildtrace.RuntimeTrace:
		return t.F("trace.err.runtime", file)
	case buildtrace.BadJSON:
		return t.F("trace.err.badjson", file, te.Line, te.Col, te.Detail)
	case buildtrace.NotEvents:
		found := t.F("trace.found." + foundKey[te.Found])
		if te.Element > 0 {
			return t.F("trace.err.element", file, te.Element, found)
		}
		return t.F("trace.err.notlist", file, found)
	case buildtrace.NotGoBuild:
		if te.Detail != "" {
			return t.F("trace.err.notbuild.first", file, te.Detail)
		}
		return t.F("trace.err.notbuild", file)
	}
	return t.F("trace.err.read", file, err)
}

var foundKey = map[string]string{
	buildtrace.FoundString: "string", buildtrace.FoundNumber: "number", buildtrace.FoundBoolean: "boolean",
	buildtrace.FoundNull: "null", buildtrace.FoundList: "list", buildtrace.FoundObject: "object",
	buildtrace.FoundBadEvent: "badevent", buildtrace.FoundNoEvents: "noevents", buildtrace.FoundEventsValue: "eventsvalue",
}

func init() {
	RegisterMessages("en", map[string]string{
		"trace.err.missing":        "%s: no such file. A go command writes a build trace with -debug-trace=FILE, e.g. go run -debug-trace=build.json hello.go",
		"trace.err.read":           "reading %s: %v",
		"trace.err.empty":          "%s is empty, not a build trace (was the go command stopped before it wrote anything?)",
		"trace.err.notjson":        "%s is not a build trace: it starts with %q, and a trace is JSON that starts with [",
		"trace.err.runtime":        "%s is an execution trace of a Go program (go test -trace, runtime/trace), which go tool trace reads; firstrun trace reads the go command's build trace, written with -debug-trace=FILE",
		"trace.err.badjson":        "%s is not a build trace: the JSON is broken at line %d, column %d (%s)",
		"trace.err.element":        "%s is JSON but not a build trace: element %d of its list is %s, not a trace event",
		"trace.err.notlist":        "%s is JSON but not a build trace: it holds %s, not a list of trace events",
		"trace.err.notbuild":       "%s is a trace, but not of a go build: it has no \"Executing action\" events",
		"trace.err.notbuild.first": "%s is a trace, but not of a go build: it has no \"Executing action\" events (its first event is %q)",
		"trace.found.string":       "a string",
		"trace.found.number":       "a number",
		"trace.found.boolean":      "true or false",
		"trace.found.null":         "null",
		"trace.found.list":         "a list",
		"trace.found.object":       "an object without \"ph\" (the event's phase)",
		"trace.found.badevent":     "an object whose fields have the wrong types",
		"trace.found.noevents":     "an object without \"traceEvents\"",
		"trace.found.eventsvalue":  "a \"traceEvents\" that is not a list",
	})
	RegisterMessages("ko", map[string]string{
		"trace.err.missing":        "%s: 파일이 없습니다. 빌드 트레이스는 go 명령에 -debug-trace=FILE을 주면 만들어집니다 (예: go run -debug-trace=build.json hello.go)",
		"trace.err.read":           "파일을 읽지 못했습니다(%s): %v",
		"trace.err.empty":          "파일이 비어 있어서 빌드 트레이스가 아닙니다: %s (go 명령이 아무것도 쓰기 전에 멈췄나요?)",
		"trace.err.notjson":        "빌드 트레이스가 아닙니다: %s 파일의 첫머리가 %q입니다. 트레이스는 [로 시작하는 JSON입니다",
		"trace.err.runtime":        "Go 프로그램의 실행 트레이스입니다: %s (go test -trace나 runtime/trace가 쓰는 파일로, go tool trace로 읽습니다). firstrun trace는 -debug-trace=FILE로 만든 go 명령의 빌드 트레이스를 읽습니다",
		"trace.err.badjson":        "빌드 트레이스가 아닙니다: %s 파일의 %d행 %d열에서 JSON이 깨져 있습니다 (%s)",
		"trace.err.element":        "JSON이지만 빌드 트레이스가 아닙니다: %s 파일의 목록에서 %d번째 항목이 트레이스 이벤트가 아니라 %s입니다",
		"trace.err.notlist":        "JSON이지만 빌드 트레이스가 아닙니다: %s 파일에 든 것은 트레이스 이벤트 목록이 아니라 %s입니다",
		"trace.err.notbuild":       "트레이스이지만 go 빌드의 트레이스가 아닙니다: %s 파일에 \"Executing action\" 이벤트가 없습니다",
		"trace.err.notbuild.first": "트레이스이지만 go 빌드의 트레이스가 아닙니다: %s 파일에 \"Executing action\" 이벤트가 없습니다 (첫 이벤트: %q)",
		"trace.found.string":       "문자열",
		"trace.found.number":       "숫자",
		"trace.found.boolean":      "true나 false",
		"trace.found.null":         "null",
		"trace.found.list":         "목록",
		"trace.found.object":       "\"ph\"(이벤트 단계)가 없는 객체",
		"trace.found.badevent":     "필드 타입이 맞지 않는 객체",
		"trace.found.noevents":     "\"traceEvents\"가 없는 객체",
		"trace.found.eventsvalue":  "목록이 아닌 \"traceEvents\"",
	})
}
