package engine

import "testing"

// TestKoreanParticles renders every Korean message (all registered catalogs) with
// representative values: no particle may follow an inserted value unless it fits every
// value, and no 이(가)-style fallback may show.
func TestKoreanParticles(t *testing.T) {
	for _, p := range KoreanParticleProblems() {
		t.Error(p)
	}
	t.Logf("%d Korean messages rendered", len(catalogs["ko"]))
}

// TestParticleCheckerCatches: the examples are caught, good phrasing is not.
func TestParticleCheckerCatches(t *testing.T) {
	bad := []string{"%s를 호출하지 않습니다.", "package %s여야 합니다.", "종료 코드 %d로 끝났습니다.",
		"%s이(가) 빨랐습니다.", "%s을(를) 빌드합니다.", "%q를 출력합니다."}
	for _, f := range bad {
		if len(particleProblems("bad", f)) == 0 {
			t.Errorf("%q: no problem found, want one", f)
		}
	}
	good := []string{"%s 파일을 빌드합니다.", "`%s` 명령이 끝났습니다 (종료 코드: %d).", "컴파일 %d번, 링크 %d번.",
		"%s의 빌드 캐시", "%s에서 셸을 엽니다.", "항목이 %d개 있습니다."}
	for _, f := range good {
		if p := particleProblems("good", f); len(p) != 0 {
			t.Errorf("%q: %v, want no problem", f, p)
		}
	}
}
