package engine

import "fmt"

// Messages holds the workbook's own strings (menus, check results, errors) in one language.
// Lesson text is not here: it is data in the lesson pack.
type Messages struct {
	Lang string
	m    map[string]string
	runs map[string]string // labels of saved runs, from the lesson pack
}

// NewMessages returns the catalog for lang, English for an unknown language.
func NewMessages(lang string) *Messages {
	if m, ok := catalogs[lang]; ok {
		return &Messages{Lang: lang, m: m}
	}
	return &Messages{Lang: "en", m: catalogs["en"]}
}

// F formats the message key with args. A missing key shows itself, so a gap is visible
// rather than silent (a test keeps the catalogs complete).
func (t *Messages) F(key string, args ...any) string {
	s, ok := t.m[key]
	if !ok {
		s, ok = catalogs["en"][key]
	}
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// RunName is how a saved run is called on screen: "cold run" rather than "cold", as the
// lesson pack labels it in this language (SetRunLabels), else by its save_as name.
func (t *Messages) RunName(name string) string {
	if s, ok := t.runs[name]; ok {
		return s
	}
	return name
}

// SetRunLabels gives the labels of saved runs in this language, from the lesson pack
// (Course.RunLabels).
func (t *Messages) SetRunLabels(labels map[string]string) { t.runs = labels }

var catalogs = map[string]map[string]string{"en": en, "ko": ko}

// RegisterMessages adds a feature's own strings to the catalog of lang, so that each feature
// keeps its English and Korean beside its code. Call it from an init function. A key that is
// already there panics: two features must not fight over one message.
func RegisterMessages(lang string, m map[string]string) {
	c, ok := catalogs[lang]
	if !ok {
		panic("engine: messages for an unknown language: " + lang)
	}
	for k, v := range m {
		if _, dup := c[k]; dup {
			panic("engine: message registered twice: " + lang + " " + k)
		}
		c[k] = v
	}
}

var en = map[string]string{
	// check results
	"file.missing":    "%s does not exist yet in your workspace.",
	"file.exists":     "%s is there.",
	"file.present":    "%s is still there.",
	"file.absent":     "%s is not there, as expected.",
	"exe.notfile":     "%s is not a regular file.",
	"exe.notexec":     "%s is not executable.",
	"exe.small":       "%s is only %s: it does not look like a Go executable.",
	"exe.ok":          "%s is an executable of %s.",
	"parse.ok":        "%s is valid Go.",
	"parse.error":     "%s does not compile yet:\n%s\nFix it in your editor and check again.",
	"source.package":  "%s says package %s; a program you can run needs package %s.",
	"source.import":   "%s does not import %q.",
	"source.call":     "%s never calls %s.",
	"source.nothing":  "no string",
	"source.text":     "%s calls %s, but with %[4]s instead of %[3]s. Check the spelling, capitals and punctuation.",
	"source.ok":       "%s calls %s %s.",
	"output.building": "Building %s with firstrun's own cache (your cache stays untouched)…",
	"output.build":    "%s does not build:\n%s",
	"output.timeout":  "%s did not finish within %s: does it loop forever? Stop it, fix it and check again.",
	"output.toomuch":  "%s printed more than %s: does it print in a loop?",
	"output.exit":     "%s failed: %v\n%s",
	"output.wrong":    "%s printed:\n%s\nbut this step expects:\n%s",
	"output.ok":       "%s prints %q.",
	"ran.missing":     "No `%s` has been recorded since this step began. Run it in the workspace's shell (the menu's, or `%s shell` in another terminal): commands run elsewhere are not seen.",
	"ran.other":       "You ran `%s`, but this step asks for `%s`: run exactly that.",
	"ran.failed":      "`%s` failed (exit code %d). Read the error above it, fix %s, and run it again.",
	"ran.stopped":     "`%s` was stopped before it finished (Ctrl-C?). Run it again and let it finish: the stopped run and the one that completes it count as one build. If your program never ends, make it print its line and return first.",
	"ran.notcold":     "`%s` would not be a cold run: the build cache already holds %d entries. Empty it with `go clean -cache`, then run the command again.",
	"ran.needx":       "This step counts compiles and links: run it with -x (`%[2]s`) so firstrun can see them.",
	"ran.counts":      "`%s` ran %d compiles and %d links; this step expects %s.",
	"ran.ok":          "`%s` ran in %s.",
	"ran.okx":         "`%s` ran in %s: %d compiles, %d links.",
	"faster.missing":  "There is no %s recorded yet: do the earlier steps of this lesson first.",
	"faster.slow":     "Your %s took %s: only %.1f× faster than your %s (%s); this step expects at least %.0f×. Was the cache emptied in between? Run it once more.",
	"faster.ok":       "Your %s was %.0f× faster than your %s.",
	"runs.shown":      "Here are your runs side by side.",
	"cache.notempty":  "Your build cache is not empty: %d entries, %s.",
	"cache.empty":     "Your build cache is empty.",
	"cache.few":       "Your build cache holds %d entries; expected at least %d.",
	"cache.populated": "Your build cache now holds %d entries, %s.",
	"workdir.none":    "No go-build work folder in %s. Run your go command with -work: -work keeps the folder instead of deleting it.",
	"workdir.ok":      "Found the work folder %s.",
	"export.ran":      "You asked go list where %s's compiled archive is.",
	"export.prompt":   "Path of %s's compiled archive in the cache:",
	"export.ask":      "Find where %[1]s's compiled archive is (`go list -export -f '{{.Export}}' %[1]s`) and answer with `firstrun answer PATH`, or just run that command in the workspace.",
	"export.wrong":    "%s is not where %s's compiled archive is. `go list -export` tells.",
	"export.ok":       "Right: %s is compiled into %s.",
	// tables
	"table.run":         "run",
	"table.time":        "time",
	"table.vscold":      "compared with the cold run",
	"table.vscoldshort": "vs cold",
	"table.same":        "1×",
	"table.faster":      "%.0f× faster",
	"table.fasterfine":  "%.1f× faster",
	"table.slower":      "%.1f× slower",
	"table.command":     "command",
	// runner
	"step.passed":        "✓ Step passed: %s",
	"step.notyet":        "✗ Not yet: %s",
	"lesson.done":        "🎉 Lesson finished: %s",
	"lesson.next":        "Next: %s. Run `firstrun` to read it.",
	"course.done":        "You finished every lesson. Well done!",
	"quiz.right":         "✓ Right.",
	"quiz.wrong":         "✗ Not quite.",
	"quiz.how":           "Answer with `firstrun answer LETTER` (or the choice's text).",
	"quiz.unknown":       "%q is not one of the choices (a–%c).",
	"hint.none":          "No hint for this step.",
	"hint.title":         "Hint %d/%d",
	"where":              "Lesson %d/%d · %s · step %d/%d: %s",
	"noterm":             "No terminal here, so firstrun will not prompt. Do the step, then run `firstrun check` (exit 0: passed, 1: not yet).",
	"progress.reset":     "Your progress file could not be read: %v",
	"ws.created":         "Created your workspace in %s.",
	"ws.secondterm":      "In another terminal, `eval \"$(%s env)\"` gives you this workspace's go and the `firstrun` command (or open a shell in the workspace from the menu).",
	"launcher.failed":    "firstrun could not copy itself into the workspace, so `firstrun` in the workspace's shell may not start: %v",
	"ws.preparing":       "Preparing your workspace (builds firstrun's go wrapper with your Go; first time only)…",
	"ws.toolcache":       "Waiting for firstrun to finish preparing its own build cache (first time only)…",
	"reset.done":         "Reset: your files, build cache and command log are back to the start; progress starts over.",
	"reset.all":          "Deleted the workspace %s.",
	"reset.cache":        "Emptied the build cache in %s.",
	"shell.enter":        "Opening a shell in %s. Go commands here are recorded for the workbook. Type `exit` to come back.",
	"shell.back":         "Back in the workbook.",
	"menu.prompt":        "What next?",
	"menu.check":         "Check this step",
	"menu.runforme":      "Run it for me: %s",
	"menu.hint":          "Show a hint",
	"menu.shell":         "Open a shell in the workspace",
	"menu.lessons":       "Pick a lesson",
	"menu.reset":         "Reset the workspace",
	"menu.quit":          "Quit (progress is saved)",
	"menu.pick":          "Which lesson?",
	"menu.yes":           "Yes",
	"menu.no":            "No",
	"survey.help":        "Use arrows to move, type to filter",
	"list.current":       "you are here",
	"runforme.run":       "Running `%s` in %s…",
	"runforme.exit":      "`%s` exited with code %d.",
	"runforme.took":      "`%s` took %s.",
	"interrupted":        "Interrupted. Your progress is saved.",
	"err.nogo":           "the Go toolchain was not found: no `go` on PATH. Install Go from https://go.dev/dl/ and try again.",
	"lesson.unknown":     "No lesson %q. `firstrun list` shows them.",
	"check.quiz":         "This step is a quiz:",
	"goversion":          "Your Go: %s",
	"times.none":         "No runs recorded yet: they appear as you go through the lessons.",
	"cacheview.where":    "Your build cache: %s",
	"cacheview.size":     "%d index entries (-a), %d outputs (-d), %s in all.",
	"cacheview.growth":   "Since this step began: %s entries, %s.",
	"cacheview.trim":     "trim.txt: %s, the last trim at %s (trimming runs at most once a day and drops entries unused for 5 days).",
	"cacheview.exe":      "A go run executable kept in the cache (Go 1.24+): %s",
	"cacheview.empty":    "The cache is empty: run `go run hello.go` and look again.",
	"cacheview.own":      "(Looking the archives up with go list -export added %d index entries of its own: go list records its lookups in the cache the first time.)",
	"cacheview.archives": "Compiled archives of the %d standard packages hello.go needs, fmt and everything it imports (from go list -export), largest first:",
	"cacheview.pkg":      "package",
	"cacheview.file":     "cache file",
	"cacheview.bytes":    "size",
}

var ko = map[string]string{
	"file.missing":       "워크스페이스에 아직 %s 파일이 없습니다.",
	"file.exists":        "%s 파일이 있습니다.",
	"file.present":       "%s 파일이 아직 남아 있습니다.",
	"file.absent":        "예상대로 %s 파일이 없습니다.",
	"exe.notfile":        "%s: 일반 파일이 아닙니다.",
	"exe.notexec":        "%s에 실행 권한이 없습니다.",
	"exe.small":          "%s 파일의 크기가 %s밖에 되지 않아 Go 실행 파일로 보이지 않습니다.",
	"exe.ok":             "%s 파일은 크기 %s의 실행 파일입니다.",
	"parse.ok":           "%s 파일은 올바른 Go 코드입니다.",
	"parse.error":        "%s 파일에 아직 컴파일 오류가 있습니다:\n%s\n에디터에서 고친 다음 다시 확인하세요.",
	"source.package":     "%s 파일의 패키지 이름은 %s입니다. 실행할 수 있는 프로그램의 패키지 이름은 %s입니다.",
	"source.import":      "%s 파일에서 %q 패키지를 import하지 않습니다.",
	"source.call":        "%s 파일에서 %s 함수를 호출하지 않습니다.",
	"source.nothing":     "문자열 없음",
	"source.text":        "%s 파일에서 %s 함수를 호출하지만, 인자가 %[4]s입니다. 기대하는 인자: %[3]s. 철자, 대소문자, 문장부호를 확인하세요.",
	"source.ok":          "%s 파일에서 %s 함수를 호출합니다. 인자: %s",
	"output.building":    "firstrun 전용 캐시로 %s 파일을 빌드하는 중입니다 (여러분의 캐시는 건드리지 않습니다)…",
	"output.build":       "%s 파일이 빌드되지 않습니다:\n%s",
	"output.timeout":     "%s 프로그램이 %s 안에 끝나지 않았습니다. 무한 루프가 아닌지 확인하고, 고친 다음 다시 확인하세요.",
	"output.toomuch":     "%s 프로그램의 출력이 한도(%s)를 넘었습니다. 반복문 안에서 출력하고 있지 않나요?",
	"output.exit":        "%s 프로그램 실행이 실패했습니다: %v\n%s",
	"output.wrong":       "%s 프로그램의 출력:\n%s\n이 단계에서 기대하는 출력:\n%s",
	"output.ok":          "%s 프로그램의 출력이 기대와 같습니다: %q",
	"ran.missing":        "이 단계를 시작한 뒤로 `%s` 실행 기록이 없습니다. 워크스페이스 셸에서 실행하세요 (메뉴의 셸, 또는 다른 터미널에서 `%s shell`). 다른 곳에서 실행한 명령은 보이지 않습니다.",
	"ran.other":          "실행한 명령은 `%s`이지만, 이 단계에서 실행할 명령은 `%s`입니다. 그 명령을 그대로 실행하세요.",
	"ran.failed":         "`%s` 명령이 실패했습니다 (종료 코드: %d). 위에 나온 오류를 읽고 %s 파일을 고친 다음 다시 실행하세요.",
	"ran.stopped":        "`%s` 명령이 끝나기 전에 중단되었습니다 (Ctrl-C?). 다시 실행해서 끝까지 기다리세요. 중단된 실행과 그것을 마저 끝낸 실행은 한 번의 빌드로 셉니다. 프로그램이 끝나지 않는다면 먼저 한 줄을 출력하고 바로 끝나도록 고치세요.",
	"ran.notcold":        "이 단계는 빈 빌드 캐시에서 시작하는 `%s`, 즉 콜드 런을 기다립니다. 그런데 빌드 캐시에 항목이 %d개 있습니다. `go clean -cache`로 캐시를 비운 다음 그 명령을 다시 실행하세요.",
	"ran.needx":          "이 단계는 컴파일과 링크 횟수를 셉니다. firstrun이 볼 수 있도록 -x를 붙여 실행하세요 (`%[2]s`).",
	"ran.counts":         "`%s` 실행에서 컴파일은 %d번, 링크는 %d번 있었습니다. 이 단계에서 기대하는 횟수: %s.",
	"ran.ok":             "`%s` 실행 시간: %s.",
	"ran.okx":            "`%s` 실행 시간: %s, 컴파일 %d번, 링크 %d번.",
	"faster.missing":     "아직 기록이 없습니다: %s. 이 레슨의 앞 단계부터 진행하세요.",
	"faster.slow":        "%s 기록: %s. %.1f배 빨라졌을 뿐입니다 (%s 기록: %s). 이 단계는 최소 %.0f배를 기대합니다. 그 사이에 캐시를 비우지 않았나요? 한 번 더 실행해 보세요.",
	"faster.ok":          "%s 기록이 %.0f배 빨랐습니다 (%s 기록 대비).",
	"runs.shown":         "지금까지의 실행 기록을 나란히 놓고 보세요.",
	"cache.notempty":     "빌드 캐시가 비어 있지 않습니다: 항목 %d개, %s.",
	"cache.empty":        "빌드 캐시가 비어 있습니다.",
	"cache.few":          "빌드 캐시에 항목이 %d개 있습니다. 최소 %d개가 필요합니다.",
	"cache.populated":    "이제 빌드 캐시에 항목이 %d개 있습니다 (크기 %s).",
	"workdir.none":       "%s 폴더에 go-build 작업 폴더가 없습니다. go 명령에 -work를 붙여 실행하세요. -work를 주면 작업 폴더를 지우지 않고 남겨 둡니다.",
	"workdir.ok":         "작업 폴더를 찾았습니다: %s",
	"export.ran":         "go list로 %s 패키지의 컴파일된 아카이브 위치를 확인했습니다.",
	"export.prompt":      "캐시 안에 있는 %s 패키지 아카이브의 경로:",
	"export.ask":         "%[1]s 패키지의 컴파일된 아카이브가 어디 있는지 찾아서 (`go list -export -f '{{.Export}}' %[1]s`) `firstrun answer 경로`로 답하세요. 워크스페이스에서 그 명령을 실행하기만 해도 됩니다.",
	"export.wrong":       "%s 경로는 %s 패키지의 컴파일된 아카이브 위치가 아닙니다. `go list -export`로 확인해 보세요.",
	"export.ok":          "맞습니다. %s 패키지는 %s 파일로 컴파일되어 있습니다.",
	"table.run":          "실행",
	"table.time":         "시간",
	"table.vscold":       "콜드 런 대비",
	"table.vscoldshort":  "콜드 런 대비",
	"table.same":         "차이 없음",
	"table.faster":       "%.0f배 빠름",
	"table.fasterfine":   "%.1f배 빠름",
	"table.slower":       "%.1f배 느림",
	"table.command":      "명령",
	"step.passed":        "✓ 통과: %s",
	"step.notyet":        "✗ 미통과: %s",
	"lesson.done":        "🎉 레슨 완료: %s",
	"lesson.next":        "다음 레슨: %s. `firstrun`을 실행하면 이어서 읽을 수 있습니다.",
	"course.done":        "모든 레슨을 마쳤습니다. 수고하셨습니다!",
	"quiz.right":         "✓ 정답입니다.",
	"quiz.wrong":         "✗ 틀렸습니다.",
	"quiz.how":           "`firstrun answer 문자`로 답하세요 (선택지 문장을 그대로 써도 됩니다).",
	"quiz.unknown":       "%q: 선택지(a–%c)에 없는 답입니다.",
	"hint.none":          "이 단계에는 힌트가 없습니다.",
	"hint.title":         "힌트 %d/%d",
	"where":              "레슨 %d/%d · %s · 단계 %d/%d: %s",
	"noterm":             "터미널이 아니어서 질문하지 않습니다. 단계를 진행한 다음 `firstrun check`를 실행하세요 (종료 코드 0: 통과, 1: 아직).",
	"progress.reset":     "진행 상황 파일을 읽을 수 없습니다: %v",
	"ws.created":         "워크스페이스를 만들었습니다: %s",
	"ws.secondterm":      "다른 터미널에서 `eval \"$(%s env)\"`를 실행하면 그 터미널에서도 이 워크스페이스의 go와 `firstrun` 명령을 쓸 수 있습니다 (메뉴에서 워크스페이스 셸을 열어도 됩니다).",
	"launcher.failed":    "firstrun을 워크스페이스에 복사하지 못해서, 워크스페이스 셸에서 `firstrun`이 실행되지 않을 수 있습니다 (%v)",
	"ws.preparing":       "워크스페이스를 준비하는 중입니다 (여러분의 Go로 firstrun의 go 래퍼를 빌드합니다. 처음 한 번만)…",
	"ws.toolcache":       "firstrun이 자기 빌드 캐시를 준비하는 중입니다. 끝날 때까지 기다립니다 (처음 한 번만)…",
	"reset.done":         "초기화했습니다. 파일, 빌드 캐시, 명령 기록이 처음 상태로 돌아갔고 진행 상황도 처음부터 시작합니다.",
	"reset.all":          "워크스페이스를 삭제했습니다: %s",
	"reset.cache":        "빌드 캐시를 비웠습니다: %s",
	"shell.enter":        "워크스페이스(%s)에서 셸을 엽니다. 여기서 실행한 go 명령은 워크북에 기록됩니다. 돌아오려면 `exit`를 입력하세요.",
	"shell.back":         "워크북으로 돌아왔습니다.",
	"menu.prompt":        "무엇을 할까요?",
	"menu.check":         "이 단계 확인하기",
	"menu.runforme":      "대신 실행하기: %s",
	"menu.hint":          "힌트 보기",
	"menu.shell":         "워크스페이스에서 셸 열기",
	"menu.lessons":       "다른 레슨으로 이동",
	"menu.reset":         "워크스페이스 초기화",
	"menu.quit":          "종료 (진행 상황은 저장됩니다)",
	"menu.pick":          "어느 레슨으로 갈까요?",
	"menu.yes":           "예",
	"menu.no":            "아니요",
	"survey.help":        "화살표 키로 이동하고, 글자를 입력하면 목록이 좁혀집니다",
	"list.current":       "현재 위치",
	"runforme.run":       "`%[1]s` 실행 중… (폴더: %[2]s)",
	"runforme.exit":      "`%s` 명령이 끝났습니다 (종료 코드: %d).",
	"runforme.took":      "`%s` 실행 시간: %s.",
	"interrupted":        "중단했습니다. 진행 상황은 저장되었습니다.",
	"err.nogo":           "Go 툴체인을 찾을 수 없습니다. PATH에 `go`가 없습니다. https://go.dev/dl/ 에서 Go를 설치한 뒤 다시 시도하세요.",
	"lesson.unknown":     "%q: 그런 레슨이 없습니다. `firstrun list`로 목록을 확인하세요.",
	"check.quiz":         "이 단계는 퀴즈입니다:",
	"goversion":          "사용 중인 Go: %s",
	"times.none":         "아직 기록된 실행이 없습니다. 레슨을 진행하면 여기에 쌓입니다.",
	"cacheview.where":    "빌드 캐시 위치: %s",
	"cacheview.size":     "인덱스 항목(-a) %d개, 출력(-d) %d개, 모두 %s.",
	"cacheview.growth":   "이 단계를 시작한 뒤로: 항목 %s개, 크기 %s.",
	"cacheview.trim":     "trim.txt: %s, 마지막 정리 시각: %s (정리는 하루에 한 번까지만 돌고, 5일 넘게 쓰이지 않은 항목을 지웁니다).",
	"cacheview.exe":      "캐시에 보관된 go run 실행 파일 (Go 1.24+): %s",
	"cacheview.empty":    "캐시가 비어 있습니다. `go run hello.go`를 실행한 뒤 다시 보세요.",
	"cacheview.own":      "(아카이브를 찾느라 실행한 go list -export가 인덱스 항목 %d개를 직접 추가했습니다. go list는 처음 조회할 때 그 결과를 캐시에 기록합니다.)",
	"cacheview.archives": "hello.go에 필요한 표준 패키지(fmt와 fmt가 import하는 모든 패키지) %d개의 컴파일된 아카이브 (go list -export 결과, 큰 것부터):",
	"cacheview.pkg":      "패키지",
	"cacheview.file":     "캐시 파일",
	"cacheview.bytes":    "크기",
}
