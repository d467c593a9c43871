package engine

// Messages that keep a learner from getting stuck (issue 8 §3): a build stopped with Ctrl-C
// and then completed, a command run in another folder, a reset that asks first.
func init() {
	RegisterMessages("en", map[string]string{
		"ran.okjoined":     "`%s` finished the build that your stopped run began: %s in all, counted as one run.",
		"ran.okjoinedx":    "`%s` finished the build that your stopped run began: %s in all, %d compiles, %d links.",
		"ran.countsclean":  "The packages it did not compile were already in the build cache from an earlier run. To see the whole build, empty the cache with `go clean -cache`, then run `%s` again.",
		"ran.notcoldafter": "Your earlier `%s` failed, but it had already filled the build cache, so the run after it was not cold. Empty the cache with `go clean -cache`, then run `%s` again.",
		"noterm.quiz":      "No terminal here, so firstrun will not prompt. Answer the quiz with `firstrun answer LETTER` (or the choice's text); exit 0: right, 1: not yet.",
		"noterm.done":      "No terminal here, so firstrun will not prompt. `firstrun list` shows the lessons, and `firstrun lesson N` goes back to one.",
		"ran.elsewhere":    "You ran `%s` in %s, but this step looks only at commands run in %s (in another folder the same command builds another program). Go there with `cd %[3]s`, then run it again.",
	})
	RegisterMessages("ko", map[string]string{
		"ran.okjoined":     "`%s` 실행이 중단된 실행에서 시작한 빌드를 마저 끝냈습니다. 모두 합친 시간: %s (한 번의 실행으로 셉니다).",
		"ran.okjoinedx":    "`%s` 실행이 중단된 실행에서 시작한 빌드를 마저 끝냈습니다. 모두 합친 시간: %s, 컴파일 %d번, 링크 %d번.",
		"ran.countsclean":  "컴파일되지 않은 패키지는 앞선 실행의 결과가 이미 빌드 캐시에 있었습니다. 빌드 전체를 보려면 `go clean -cache`로 캐시를 비운 다음 `%s` 명령을 다시 실행하세요.",
		"ran.notcoldafter": "앞서 실행한 `%s` 명령은 실패했지만 그 전에 빌드 캐시를 이미 채웠습니다. 그래서 그다음 실행은 콜드 런이 아니었습니다. `go clean -cache`로 캐시를 비운 다음 `%s` 명령을 다시 실행하세요.",
		"noterm.quiz":      "터미널이 아니어서 질문하지 않습니다. `firstrun answer 문자`로 퀴즈에 답하세요 (선택지 문장을 그대로 써도 됩니다. 종료 코드 0: 정답, 1: 아직).",
		"noterm.done":      "터미널이 아니어서 질문하지 않습니다. `firstrun list`로 레슨 목록을 보고, `firstrun lesson N`으로 원하는 레슨으로 돌아갈 수 있습니다.",
		"ran.elsewhere":    "`%s` 명령을 실행한 폴더: %s. 이 단계는 %s 폴더에서 실행한 명령만 봅니다 (다른 폴더에서는 같은 명령이 다른 프로그램을 빌드합니다). `cd %[3]s` 명령으로 그 폴더로 간 다음 다시 실행하세요.",
	})
}
