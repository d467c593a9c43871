package engine

// Messages for processes, signals and the workspace's own settings (issue 7).
func init() {
	RegisterMessages("en", map[string]string{
		"menu.quitgone": "Quit (nothing can be saved: the workspace is gone)",
		"ws.gone":       "The workspace %s is gone: it was deleted while firstrun was open, so there is nothing to check and nowhere to save your progress. Quit and start firstrun again to make a fresh workspace (or run `firstrun reset`).",
		"ws.gonequit":   "Nothing was saved: the workspace %s was deleted while firstrun was open. Start firstrun again to make a fresh one.",
		"ended.signal":  "Ended by %s: firstrun stopped, and so did everything it had started. Your progress is saved.",
		"ran.cross":     "`%s` failed (exit code %d) because your shell sets %s: go then builds a program for another kind of machine, which this %s machine cannot start (\"exec format error\"). Your code is not the problem. Run `unset GOOS GOARCH` (PowerShell: `Remove-Item Env:GOOS, Env:GOARCH`), then run it again.",
	})
	RegisterMessages("ko", map[string]string{
		"menu.quitgone": "종료 (작업 공간이 없어 저장할 수 없습니다)",
		"ws.gone":       "작업 공간이 없습니다(%s). firstrun이 열려 있는 동안 삭제되어 확인할 것도, 진행 상황을 저장할 곳도 없습니다. 종료한 다음 firstrun을 다시 시작하면 새 작업 공간이 만들어집니다 (또는 `firstrun reset`을 실행하세요).",
		"ws.gonequit":   "아무것도 저장하지 못했습니다. firstrun이 열려 있는 동안 작업 공간(%s)이 삭제되었습니다. firstrun을 다시 시작하면 새 작업 공간이 만들어집니다.",
		"ended.signal":  "%s 신호를 받아 종료했습니다. firstrun이 시작한 프로세스도 모두 끝냈습니다. 진행 상황은 저장되었습니다.",
		"ran.cross":     "`%s` 실행이 실패했습니다 (종료 코드 %d). 셸에 %s 설정이 있어서 go가 다른 종류의 컴퓨터용 프로그램을 만들었고, 이 %s 컴퓨터는 그 프로그램을 실행할 수 없습니다(\"exec format error\"). 여러분의 코드에는 문제가 없습니다. `unset GOOS GOARCH`(PowerShell에서는 `Remove-Item Env:GOOS, Env:GOARCH`)를 실행한 다음 다시 실행하세요.",
	})
}
