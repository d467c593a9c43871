package engine

// Messages for processes, signals and the workspace's own settings (issue 7).
func init() {
	RegisterMessages("en", map[string]string{
		"ran.cross": "`%s` failed (exit code %d) because your shell sets %s: go then builds a program for another kind of machine, which this %s machine cannot start (\"exec format error\"). Your hello.go is not the problem. Run `unset GOOS GOARCH` (PowerShell: `Remove-Item Env:GOOS, Env:GOARCH`), then run it again.",
	})
	RegisterMessages("ko", map[string]string{
		"ran.cross": "`%s` 실행이 실패했습니다 (종료 코드 %d). 셸에 %s 설정이 있어서 go가 다른 종류의 컴퓨터용 프로그램을 만들었고, 이 %s 컴퓨터는 그 프로그램을 실행할 수 없습니다(\"exec format error\"). hello.go에는 문제가 없습니다. `unset GOOS GOARCH`(PowerShell에서는 `Remove-Item Env:GOOS, Env:GOARCH`)를 실행한 다음 다시 실행하세요.",
	})
}
