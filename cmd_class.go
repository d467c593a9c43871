package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/firstrun/firstrun/classroom"
	"github.com/firstrun/firstrun/engine"
)

// The learner's side of the live class: join a class an instructor runs with `firstrun class
// serve`, and leave it. Sending is classroom's Link, attached to every command in run.
func init() {
	register(&command{name: "class join", args: "URL CODE [--name NAME]", nargs: 2, order: 50,
		summary: "join your instructor's live class (firstrun class serve prints this\n                    line): your progress then shows on the class dashboard",
		help: "Join the live class at URL with its class code, both from the line `firstrun class serve` prints on the instructor's machine. " +
			"From then on each step you pass, failed check, hint and recorded run is sent to the class dashboard. " +
			"Nothing waits for the network: events are kept in the workspace first and sent in the background and by every later firstrun command, so a server that is down or restarted gets them later, in order. " +
			"Joining again (a new code, another name) keeps your row on the dashboard.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			name := fs.String("name", "", "your `name` on the class dashboard (env FIRSTRUN_NAME, default your user name)")
			return func(c *call) (int, error) { return classJoin(c, *name) }
		}})
	register(&command{name: "class leave", order: 51,
		summary: "leave the live class: nothing more is sent",
		help:    "Leave the live class this workspace joined: what the class server has not received yet is sent one last time (if it answers at once), the rest is dropped, and nothing more is sent. Your progress stays in the workspace.",
		setup:   noFlags(classLeave)})

	koCommands["class join"] = struct{ summary, help string }{
		"강사가 여는 실시간 수업에 참가 (firstrun class serve가 이 줄을 출력합니다):\n                    진행 상황이 수업 대시보드에 보입니다",
		"강사의 컴퓨터에서 `firstrun class serve`가 출력한 줄에 있는 URL과 수업 코드로 실시간 수업에 참가합니다. " +
			"그 뒤로 통과한 단계, 실패한 확인, 힌트, 기록된 실행이 수업 대시보드로 전송됩니다. " +
			"네트워크를 기다리는 일은 없습니다. 이벤트는 먼저 워크스페이스에 저장되고 백그라운드와 이후의 모든 firstrun 명령이 보내므로, 서버가 꺼져 있거나 다시 시작해도 나중에 순서대로 받습니다. " +
			"다시 참가해도(새 코드, 다른 이름) 대시보드의 같은 줄을 씁니다.",
	}
	koCommands["class leave"] = struct{ summary, help string }{
		"실시간 수업에서 나가기: 더는 아무것도 보내지 않습니다",
		"이 워크스페이스가 참가한 실시간 수업에서 나옵니다. 수업 서버가 아직 받지 못한 것은 (서버가 바로 응답하면) 마지막으로 한 번 보내고, 나머지는 버리며, 그 뒤로는 아무것도 보내지 않습니다. 진행 상황은 워크스페이스에 그대로 남습니다.",
	}
}

// machine is what a report says about the learner's machine and lesson pack; the name and
// the Go version are filled by whoever writes the report.
func machine(c *call) classroom.Learner {
	pack := "embedded"
	if c.Opts.lessons != "" {
		pack = c.Opts.lessons
		if abs, err := filepath.Abs(pack); err == nil {
			pack = abs
		}
	}
	return classroom.Learner{OS: runtime.GOOS, Arch: runtime.GOARCH, Pack: pack, Lang: c.App.T.Lang}
}

// classJoin joins as --name, else FIRSTRUN_NAME, else the name this workspace joined this
// class with before (a new code must not rename the learner), else the user's login name.
func classJoin(c *call, name string) (int, error) {
	a := c.App
	if _, _, err := classroom.CheckJoin(a.T, c.Args[0], c.Args[1]); err != nil {
		return engine.ExitUsage, err
	}
	if !a.WS.Exists() {
		// The class record lives in the workspace's state folder: make the workspace first,
		// as the workbook would, or the folder would look taken when it does.
		if err := a.Ready(c.Ctx); err != nil {
			return engine.ExitUsage, err
		}
	}
	if strings.TrimSpace(name) == "" {
		name = os.Getenv("FIRSTRUN_NAME")
	}
	res, err := classroom.Join(c.Ctx, a, machine(c), c.Args[0], c.Args[1], name, learnerName("", os.Getenv))
	if err != nil {
		return engine.ExitUsage, err
	}
	say := func(s string) { fmt.Fprintln(c.Stdout, classroom.Wrap(s, a.Width)) }
	if res.Refusal != nil {
		if res.Refusal.CodeRefused() {
			say(a.T.F("link.badcode", res.URL, c.Args[1]))
		} else {
			say(a.T.F("link.refusedjoin", res.URL, res.Refusal.Error()))
		}
		return engine.ExitNotYet, nil
	}
	switch {
	case res.Again:
		say(a.T.F("link.again"))
	case res.Left != "" && res.Dropped == 1:
		say(a.T.F("link.switchdrop1", res.Left))
	case res.Left != "" && res.Dropped > 0:
		say(a.T.F("link.switchdrop", res.Left, res.Dropped))
	case res.Left != "":
		say(a.T.F("link.switched", res.Left))
	}
	if res.Answered {
		say(a.T.F("link.joined", res.URL, res.Name))
	} else {
		say(a.T.F("link.joineddown", res.URL, res.Name))
	}
	say(a.T.F("link.sends"))
	return engine.ExitOK, nil
}

func classLeave(c *call) (int, error) {
	a := c.App
	res, err := classroom.Leave(c.Ctx, a, machine(c))
	if err != nil {
		return engine.ExitUsage, err
	}
	say := func(s string) { fmt.Fprintln(c.Stdout, classroom.Wrap(s, a.Width)) }
	if res.URL == "" {
		say(a.T.F("link.notin"))
		return engine.ExitOK, nil
	}
	say(a.T.F("link.left", res.URL))
	switch res.Dropped {
	case 0:
		say(a.T.F("link.leftall"))
	case 1:
		say(a.T.F("link.leftdrop1"))
	default:
		say(a.T.F("link.leftdrop", res.Dropped))
	}
	say(a.T.F("link.leftkeep"))
	return engine.ExitOK, nil
}
