package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/firstrun/firstrun/engine"
)

// The usage text, the command summaries and the flag help in Korean. A command or flag
// missing here shows its English text, so a new command is never left without help; the
// test TestKoreanHelpComplete names what is missing.
var koUsageHead = `firstrun: go run, 작업 폴더, 빌드 캐시를 직접 해 보며 배우는 워크북입니다.

사용법:
  firstrun [플래그]              워크북 열기 (하던 곳에서 이어서)
  firstrun [플래그] 명령 ...

명령 (모두 터미널 없이도 동작합니다):
`

var koCommands = map[string]struct{ summary, help string }{
	"": {help: "워크북을 엽니다. 현재 단계를 보여 주고 무엇을 할지 묻습니다."},
	"list": {"레슨과 단계 목록, 마친 단계 표시",
		"레슨과 단계 목록을 마친 단계 표시와 함께 보여 줍니다."},
	"check": {"현재 단계 확인 (종료 코드 0: 통과, 1: 미통과, 2: 오류)",
		"현재 단계를 워크스페이스의 실제 상태로 확인합니다. 종료 코드 0: 통과(다음 단계로), 1: 미통과, 2: 사용법이나 설정 오류."},
	"answer": {"현재 퀴즈에 문자나 선택지 문장으로 답하기 (단계가 묻는 경로도 여기로)",
		"현재 퀴즈에 문자(a, b, …)나 선택지 문장으로 답합니다. 단계가 경로를 물을 때도 이 명령으로 답합니다."},
	"hint": {"현재 단계의 다음 힌트 보기",
		"현재 단계의 힌트를 보여 줍니다. 실행할 때마다 하나씩 더 보여 줍니다."},
	"watch": {"워크스페이스가 바뀔 때마다 현재 단계를 확인 (옆 창용, Ctrl-C로 중지)",
		"워크스페이스에서 파일을 저장하거나 go 명령을 실행할 때마다 현재 단계를 다시 확인하고, 통과하면 다음 단계로 넘어갑니다. 메뉴가 없어서 에디터 옆 창이나 터미널이 없는 곳에서 씁니다. Ctrl-C로 멈추고(종료 코드 130), 단계마다 진행 상황을 저장합니다. FIRSTRUN_WATCH=poll을 주면 파일 시스템 이벤트 대신 주기적으로 확인합니다."},
	"times": {"기록된 실행을 나란히 보기 (막대 그래프, --plain이면 표)",
		"기록된 실행(콜드 런, 웜 런, 수정 후 실행, go build…)을 콜드 런 대비 비율과 함께 보여 줍니다. 터미널에서는 막대 그래프, --plain이나 파이프에서는 표로 보여 줍니다."},
	"cache": {"워크스페이스의 빌드 캐시 살펴보기: 크기, 증가량, 컴파일된 아카이브",
		"워크스페이스 전용 빌드 캐시를 살펴봅니다. 항목 수, 크기, 이 단계를 시작한 뒤 늘어난 양, 마지막 정리 시각, 캐시에 보관된 go run 실행 파일, 그리고 어느 캐시 파일에 어느 패키지의 아카이브가 있는지 보여 줍니다."},
	"progress": {"진행 상황: 마친 단계, 단계별 시간, 실패한 확인, 힌트, 실행 기록;\n                    --json이나 --out: 강사가 모으는 보고서",
		"현재 위치, 지나온 단계와 단계마다 머문 시간, 실패한 확인과 본 힌트, 저장된 실행 기록을 보여 줍니다.\n--json은 같은 내용을 강사용 JSON 보고서(버전 있음)로 출력하고(firstrun report가 여러 개를 읽습니다), --out FILE은 파일에, 폴더를 주면 그 안의 NAME.json에 씁니다."},
	"lesson": {"레슨으로 이동",
		"번호나 id로 레슨으로 이동합니다."},
	"step": {"단계로 이동해서 (다시) 하기 (3.2 또는 cache.layout)",
		"레슨과 단계 번호(3.2)나 id(cache.layout)로 단계로 이동해서 하거나 다시 합니다. 단계는 필요한 상태에서 다시 시작하고(필요하면 firstrun이 빌드 캐시를 비우거나 채웁니다), 같은 레슨의 다음 단계들이 차례로 이어집니다. 다른 단계의 완료 표시와 실행 기록은 그대로 남습니다."},
	"reset": {"처음부터 다시: 파일, 캐시, 진행 상황 (--all은 워크스페이스 삭제,\n                    --cache는 빌드 캐시만 비우기). 먼저 묻습니다",
		"파일, 빌드 캐시, 명령 기록, 진행 상황을 처음 상태로 되돌립니다. --all은 워크스페이스 전체를 지우고(firstrun이 만든 폴더만), --cache는 빌드 캐시만 비웁니다. 지울 것을 보여 주고 먼저 묻습니다. 터미널이 없으면 --yes를 붙이세요."},
	"shell": {"워크스페이스에서 셸 열기 (그 안의 go 명령이 기록됩니다)",
		"워크스페이스의 go를 PATH 맨 앞에 두고 워크스페이스에서 $SHELL을 엽니다. exit로 돌아옵니다."},
	"env": {`export 줄 출력: 다른 터미널에서 eval "$(firstrun env)"`,
		`워크스페이스 환경을 export 줄로 출력합니다. 다른 터미널에서 eval "$(firstrun env)"로 씁니다.`},
	"report": {"학습자들의 progress --json 파일로 반 요약: 누가 어디 있는지, 단계별\n                    시간 중앙값, 막힌 곳, 콜드 런과 웜 런 비교",
		"학습자의 진행 보고서(파일, 또는 *.json 파일이 든 폴더)를 읽어 반 요약을 출력합니다. 누가 어디 있는지, 단계별 시간 중앙값, 학습자가 막힌 단계(이름과 함께), 반 전체의 콜드 런과 웜 런을 가장 느린 노트북 표시와 함께 보여 줍니다.\n읽을 수 없는 파일은 이유와 함께 stderr에 적고 건너뜁니다."},
	"lint": {"레슨 팩 검사 (기본: 내장 레슨)",
		"레슨 팩 폴더(기본: 내장 레슨)를 검사하고 file:line: 문제 형식으로 출력합니다."},
}

var koFlags = map[string]string{
	"workspace": "학습자의 워크스페이스 `폴더` (환경 변수 FIRSTRUN_WORKSPACE)",
	"lessons":   "내장 레슨 대신 이 `폴더`의 레슨 사용 (환경 변수 FIRSTRUN_LESSONS)",
	"lang":      "`언어`: en 또는 ko (환경 변수 FIRSTRUN_LANG, 다음은 워크스페이스에 저장된 언어, LANGUAGE, LC_ALL, LC_MESSAGES, LANG)",
	"plain":     "일반 텍스트: 색과 꾸밈 없음 (NO_COLOR나 출력이 터미널이 아닐 때도). 터미널에서는 메뉴가 그대로 나옵니다",
	"json":      "텍스트 대신 JSON 진행 보고서 출력",
	"out":       "JSON 보고서를 이 `파일`에 쓰기 (폴더라면 그 안의 NAME.json)",
	"name":      "보고서에 쓸 `이름` (환경 변수 FIRSTRUN_NAME, 기본값은 사용자 이름)",
	"format":    "출력 `형식`: text(표), markdown, csv, json",
	"all":       "워크스페이스 전체 삭제 (firstrun이 만든 폴더만)",
	"cache":     "빌드 캐시만 비우기",
	"yes":       "묻지 않고 진행 (터미널이 없을 때 필요)",
}

func init() {
	engine.RegisterMessages("en", map[string]string{
		"usage.flags":    "Flags (before or after the command):",
		"usage.cmdflags": "Flags:",
		"usage.usage":    "Usage: firstrun %s",
		"usage.unknown":  "unknown command %q",
		"usage.nargs":    "wrong number of arguments",
		"ws.notempty":    "cannot create a workspace in %s: the folder is not empty and is not a firstrun workspace (no %s); choose another folder",
		"usage.nows":     "no workspace folder: set --workspace or FIRSTRUN_WORKSPACE (no home folder found)",
	})
	engine.RegisterMessages("ko", map[string]string{
		"usage.flags":    "플래그 (명령 앞이나 뒤):",
		"usage.cmdflags": "플래그:",
		"usage.usage":    "사용법: firstrun %s",
		"usage.unknown":  "%q: 그런 명령이 없습니다",
		"usage.nargs":    "인자 개수가 맞지 않습니다",
		"ws.notempty":    "워크스페이스를 만들 수 없습니다: 폴더(%s)가 비어 있지 않고 firstrun 워크스페이스도 아닙니다 (표시 파일 %s 없음). 다른 폴더를 고르세요",
		"usage.nows":     "워크스페이스 폴더가 없습니다. --workspace나 FIRSTRUN_WORKSPACE를 지정하세요 (홈 폴더를 찾지 못했습니다)",
	})
}

// summaryIn and helpIn are a command's texts in lang, English where there is no translation.
func (c *command) summaryIn(lang string) string {
	if k, ok := koCommands[c.name]; lang == "ko" && ok && k.summary != "" {
		return k.summary
	}
	return c.summary
}

func (c *command) helpIn(lang string) string {
	if k, ok := koCommands[c.name]; lang == "ko" && ok && k.help != "" {
		return k.help
	}
	return c.help
}

// printFlags is fs.PrintDefaults with the flag help in lang (PrintDefaults itself writes
// "(default …)" in English).
func printFlags(fs *flag.FlagSet, lang string) {
	if lang != "ko" {
		fs.PrintDefaults()
		return
	}
	fs.VisitAll(func(f *flag.Flag) {
		usage := f.Usage
		if k, ok := koFlags[f.Name]; ok {
			usage = k
		}
		f.Usage = usage
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + usage
		if f.DefValue != "" && f.DefValue != "false" {
			line += fmt.Sprintf(" (기본값: %q)", f.DefValue)
		}
		fmt.Fprintln(fs.Output(), line)
	})
}

// usageHeadIn is the top of `firstrun -h` in lang.
func usageHeadIn(lang string) string {
	if lang == "ko" {
		return koUsageHead
	}
	return usageHead
}

// flagErrors are the flag package's own error lines and their Korean wording.
var flagErrors = []struct{ en, ko string }{
	{"flag provided but not defined: ", "정의되지 않은 플래그입니다: "},
	{"flag needs an argument: ", "플래그에 값이 필요합니다: "},
	{"bad flag syntax: ", "플래그 형식이 잘못되었습니다: "},
	{"invalid boolean value ", "참/거짓 값이 잘못되었습니다: "},
	{"invalid value ", "값이 잘못되었습니다: "},
}

// flagOutput is where a flag set writes: the flag package prints its parse errors itself, in
// English, so for a Korean learner each such line is reworded on its way out.
type flagOutput struct {
	w    io.Writer
	lang func() string
}

func (o flagOutput) Write(p []byte) (int, error) {
	if o.lang() == "ko" {
		s := string(p)
		for _, e := range flagErrors {
			if rest, ok := strings.CutPrefix(s, e.en); ok {
				if _, err := io.WriteString(o.w, e.ko+rest); err != nil {
					return 0, err
				}
				return len(p), nil
			}
		}
	}
	return o.w.Write(p)
}
