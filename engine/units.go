package engine

import (
	"strings"
)

// Units and count phrases in the learner's language: "6.12 s" reads "6.12초" in Korean, and
// the counts a step expects are said in words rather than as "compile = 1".
func init() {
	RegisterMessages("en", map[string]string{
		"unit.seconds":      "%s s",
		"expect.compiles":   "%d compiles",
		"expect.mincompile": "at least %d compiles",
		"expect.maxcompile": "at most %d compiles",
		"expect.links":      "%d links",
		"expect.compiles.1": "1 compile",
		"expect.links.1":    "1 link",
	})
	RegisterMessages("ko", map[string]string{
		"unit.seconds":      "%s초",
		"expect.compiles":   "컴파일 %d번",
		"expect.mincompile": "컴파일 %d번 이상",
		"expect.maxcompile": "컴파일 %d번 이하",
		"expect.links":      "링크 %d번",
		"expect.compiles.1": "컴파일 1번",
		"expect.links.1":    "링크 1번",
	})
}

// Seconds formats a duration in ms the way the lessons talk about it: 6.12 s, 0.052 s
// (6.12초 in Korean).
func (t *Messages) Seconds(ms float64) string {
	return t.F("unit.seconds", strings.TrimSuffix(seconds(ms), " s"))
}

// expectCounts says the counts a ran check expects, in words.
func (c *ran) expectCounts(t *Messages) string {
	var parts []string
	add := func(key string, n *int) {
		switch {
		case n == nil:
		case *n == 1 && (key == "expect.compiles" || key == "expect.links"):
			parts = append(parts, t.F(key+".1"))
		default:
			parts = append(parts, t.F(key, *n))
		}
	}
	add("expect.compiles", c.Compiles)
	add("expect.mincompile", c.MinCompiles)
	add("expect.maxcompile", c.MaxCompiles)
	add("expect.links", c.Links)
	return strings.Join(parts, ", ")
}

func init() {
	RegisterMessages("en", map[string]string{"lang.unknown": "--lang %q: expected en or ko (kr, ko-KR and ko_KR.UTF-8 are Korean too)"})
	RegisterMessages("ko", map[string]string{"lang.unknown": "--lang %q: en 또는 ko를 지정하세요 (kr, ko-KR, ko_KR.UTF-8도 한국어로 인식합니다)"})
}

func init() {
	RegisterMessages("en", map[string]string{
		"env.note.sh": "In a second terminal, run `eval \"$(%s env)\"`: its go and firstrun commands then use this workspace, and its go commands show up in firstrun.",
		"env.note.ps": "In a second PowerShell, run `%s env | Out-String | Invoke-Expression`: its go and firstrun commands then use this workspace, and its go commands show up in firstrun.",
	})
	RegisterMessages("ko", map[string]string{
		"env.note.sh": "다른 터미널에서 `eval \"$(%s env)\"`를 실행하면, 그 터미널의 go와 firstrun 명령도 이 워크스페이스를 쓰고 go 명령은 firstrun에 기록됩니다.",
		"env.note.ps": "다른 PowerShell에서 `%s env | Out-String | Invoke-Expression`을 실행하면, 그 창의 go와 firstrun 명령도 이 워크스페이스를 쓰고 go 명령은 firstrun에 기록됩니다.",
	})
}
