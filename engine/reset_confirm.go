package engine

import (
	"errors"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

// A reset deletes the learner's work, so it asks first, listing what goes; where nobody can
// be asked (no terminal) it needs --yes.

func init() {
	RegisterMessages("en", map[string]string{
		"reset.list":       "This deletes, in %s:",
		"reset.listall":    "This deletes the whole workspace folder %s:",
		"reset.files":      "your files: %s (the first lesson's starter files come back)",
		"reset.more":       "%s and %d more",
		"reset.cacheitem":  "the build cache: %d entries, %s (Go fills it again on the next build)",
		"reset.logitem":    "the record of the go commands you ran here",
		"reset.progress":   "your progress: %d steps done, %d recorded runs",
		"reset.sure":       "Delete all of this?",
		"reset.surecache":  "Empty the build cache?",
		"reset.kept":       "Nothing was deleted.",
		"reset.needyes":    "nothing was deleted: there is no terminal to ask you first. To delete all of this, run `%s`.",
		"reset.stategone":  "firstrun's own state (the go wrapper, settings) goes too; the next firstrun starts a new workspace",
		"reset.cacheempty": "the build cache (empty already)",
	})
	RegisterMessages("ko", map[string]string{
		"reset.list":       "다음을 지웁니다 (위치: %s):",
		"reset.listall":    "워크스페이스 폴더 전체를 지웁니다 (%s):",
		"reset.files":      "여러분의 파일: %s (첫 레슨의 시작 파일은 다시 만들어집니다)",
		"reset.more":       "%s 외 %d개",
		"reset.cacheitem":  "빌드 캐시: 항목 %d개, %s (다음 빌드 때 Go가 다시 채웁니다)",
		"reset.logitem":    "여기서 실행한 go 명령의 기록",
		"reset.progress":   "진행 상황: 마친 단계 %d개, 기록된 실행 %d개",
		"reset.sure":       "이것을 모두 지울까요?",
		"reset.surecache":  "빌드 캐시를 비울까요?",
		"reset.kept":       "아무것도 지우지 않았습니다.",
		"reset.needyes":    "아무것도 지우지 않았습니다. 먼저 물어볼 터미널이 없습니다. 이것을 모두 지우려면 `%s` 명령을 실행하세요.",
		"reset.stategone":  "firstrun의 상태(go 래퍼, 설정)도 지웁니다. 다음에 firstrun을 시작하면 새 워크스페이스를 만듭니다",
		"reset.cacheempty": "빌드 캐시 (이미 비어 있음)",
	})
}

// confirmReset lists what the reset would delete and asks. Without a terminal it refuses,
// naming the command with --yes. false means nothing is to be deleted.
func (a *App) confirmReset(all, cacheOnly bool) (bool, error) {
	if all {
		a.say("%s", a.T.F("reset.listall", a.WS.Dir))
	} else {
		a.say("%s", a.T.F("reset.list", a.WS.Dir))
	}
	for _, item := range a.resetItems(all, cacheOnly) {
		a.say("  - %s", item)
	}
	question := a.T.F("reset.sure")
	if cacheOnly {
		question = a.T.F("reset.surecache")
	}
	i, err := a.UI.Select(question, []string{a.T.F("menu.no"), a.T.F("menu.yes")})
	if errors.Is(err, ErrNoTerminal) {
		command := "firstrun reset"
		switch {
		case all:
			command += " --all"
		case cacheOnly:
			command += " --cache"
		}
		return false, errors.New(a.T.F("reset.needyes", command+" --yes"))
	}
	if err != nil {
		return false, err
	}
	if i == 0 {
		a.say("%s", a.T.F("reset.kept"))
		return false, nil
	}
	return true, nil
}

// resetItems names what a reset deletes, with the learner's own numbers.
func (a *App) resetItems(all, cacheOnly bool) []string {
	var items []string
	if !cacheOnly {
		if names, err := a.WS.LearnerFiles(); err == nil && len(names) > 0 {
			items = append(items, a.T.F("reset.files", nameList(a.T, names, 6)))
		}
	}
	if st, err := sandbox.ReadCacheStats(a.WS.CacheDir()); err == nil && st.Entries > 0 {
		items = append(items, a.T.F("reset.cacheitem", st.Entries, humanBytes(st.Bytes)))
	} else {
		items = append(items, a.T.F("reset.cacheempty"))
	}
	if cacheOnly {
		return items
	}
	items = append(items, a.T.F("reset.logitem"))
	if p, err := a.Progress(); err == nil {
		done := 0
		for _, t := range p.Done {
			if !t.IsZero() {
				done++
			}
		}
		items = append(items, a.T.F("reset.progress", done, len(p.Runs)))
	}
	if all {
		items = append(items, a.T.F("reset.stategone"))
	}
	return items
}

// nameList joins file names, the first n of them and how many more.
func nameList(t *Messages, names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return t.F("reset.more", strings.Join(names[:n], ", "), len(names)-n)
}
