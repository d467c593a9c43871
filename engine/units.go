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
	})
	RegisterMessages("ko", map[string]string{
		"unit.seconds":      "%s초",
		"expect.compiles":   "컴파일 %d번",
		"expect.mincompile": "컴파일 %d번 이상",
		"expect.maxcompile": "컴파일 %d번 이하",
		"expect.links":      "링크 %d번",
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
		if n != nil {
			parts = append(parts, t.F(key, *n))
		}
	}
	add("expect.compiles", c.Compiles)
	add("expect.mincompile", c.MinCompiles)
	add("expect.maxcompile", c.MaxCompiles)
	add("expect.links", c.Links)
	return strings.Join(parts, ", ")
}
