package engine

import (
	"context"
	"errors"

	"github.com/firstrun/firstrun/sandbox"
)

// A reset deletes the learner's work, so before the first delete it checks everything it
// needs: the folder is a workspace whose state folder is not a link, and (for the files
// reset) that a Go toolchain answers with its version, which the new go.mod needs. A reset
// that cannot finish must not start.

func init() {
	RegisterMessages("en", map[string]string{
		"reset.notws":     "refusing to reset %s: it is not a firstrun workspace (no %s). Nothing was deleted or created.",
		"reset.statelink": "refusing to reset: %s is a symbolic link to %s, and firstrun never deletes through a link. Nothing was deleted. Put a real folder there, or choose another --workspace.",
		"reset.cachelink": "The build cache folder %s was a symbolic link to %s. Only the link was removed: the folder it points to was left untouched.",
		"reset.nogover":   "cannot read the Go version of %s, which the new go.mod needs. Nothing was deleted.",
		"reset.conflict":  "--all and --cache cannot be used together: --all deletes the whole workspace (its build cache included), --cache empties only the build cache. Choose one.",
	})
	RegisterMessages("ko", map[string]string{
		"reset.notws":     "%s 폴더는 초기화하지 않습니다. firstrun 워크스페이스가 아닙니다(%s 파일이 없음). 아무것도 지우거나 만들지 않았습니다.",
		"reset.statelink": "초기화하지 않습니다. %s 폴더는 %s 폴더를 가리키는 심볼릭 링크이고, firstrun은 링크 너머를 지우지 않습니다. 아무것도 지우지 않았습니다. 그 자리에 실제 폴더를 두거나 다른 --workspace를 고르세요.",
		"reset.cachelink": "빌드 캐시 폴더 %s은(는) %s 폴더를 가리키는 심볼릭 링크였습니다. 링크만 지웠고, 링크가 가리키던 폴더는 건드리지 않았습니다.",
		"reset.nogover":   "%s의 Go 버전을 읽을 수 없습니다. 새 go.mod에 버전이 필요합니다. 아무것도 지우지 않았습니다.",
		"reset.conflict":  "--all과 --cache는 함께 쓸 수 없습니다. --all은 빌드 캐시를 포함한 워크스페이스 전체를 지우고, --cache는 빌드 캐시만 비웁니다. 하나만 고르세요.",
	})
}

// resetPreflight checks what a reset needs before anything is deleted. It returns where the
// cache folder links to when it is a link ("" otherwise), to tell the learner afterwards.
func (a *App) resetPreflight(ctx context.Context, all, cacheOnly bool) (cacheLink string, err error) {
	if err := a.resetRefusal(a.WS.CheckResettable()); err != nil {
		return "", err
	}
	if !all && !cacheOnly {
		if a.WS.RealGo == "" {
			return "", sandbox.ErrNoGo
		}
		if a.goVersion(ctx).Raw == "" {
			return "", errors.New(a.T.F("reset.nogover", a.WS.RealGo))
		}
	}
	cacheLink, _ = a.WS.CacheLink()
	return cacheLink, nil
}

// resetRefusal turns the sandbox's refusals into the learner's language.
func (a *App) resetRefusal(err error) error {
	var nw *sandbox.NotWorkspaceError
	var le *sandbox.LinkError
	switch {
	case errors.As(err, &nw):
		return errors.New(a.T.F("reset.notws", nw.Dir, nw.Marker))
	case errors.As(err, &le):
		return errors.New(a.T.F("reset.statelink", le.Path, le.Target))
	}
	return err
}

// sayCacheLink tells the learner that their linked cache folder was left alone.
func (a *App) sayCacheLink(target string) {
	if target != "" {
		a.say("%s", a.T.F("reset.cachelink", a.WS.CacheDir(), target))
	}
}
