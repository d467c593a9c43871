package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/firstrun/firstrun/classroom"
	"github.com/firstrun/firstrun/engine"
	"golang.org/x/term"
)

func init() {
	register(&command{name: "class serve", args: "[--addr HOST:PORT] [--dir DIR]", noWorkspace: true, untilStopped: true, order: 55,
		summary: "(instructors) the live class: a dashboard to project; prints the one\n                    line learners join with",
		help: "Start the live class server on the classroom network and print the line learners join with: firstrun class join http://HOST:PORT CODE (CODE is a fresh random class code).\n" +
			"It serves the dashboard to project (GET /), the class as JSON (GET /api/class) and takes the learners' events (POST /api/events, with the class code). The class is kept in --dir: started again with the same folder, it continues the same class with the same code. Ctrl-C stops it; learners lose nothing meanwhile.",
		setup: func(fs *flag.FlagSet) func(*call) (int, error) {
			addr := fs.String("addr", ":8088", "listen on `HOST:PORT` (\":8088\": port 8088 on every network of this computer)")
			dir := fs.String("dir", "firstrun-class", "the class `folder`: its code and journal (the same folder again continues the class)")
			return func(c *call) (int, error) { return classServe(c, *addr, *dir) }
		}})
	register(&command{name: "class status", args: "URL", nargs: 1, noWorkspace: true, order: 56,
		summary: "(instructors) the live class as a table in the terminal",
		help:    "Ask the class server at URL (http://HOST:PORT, as firstrun class serve prints it) for the class and print it as a table: who is where, the median time per step, who is stuck where, cold and warm runs.",
		setup:   noFlags(func(c *call) (int, error) { return classStatus(c, c.Args[0]) })})
	koCommands["class serve"] = struct{ summary, help string }{
		"(강사용) 실시간 수업: 프로젝터에 띄울 대시보드, 학습자가 참여할 한 줄을\n                    출력",
		"강의실 네트워크에서 실시간 수업 서버를 시작하고 학습자가 참여할 한 줄을 출력합니다: firstrun class join http://HOST:PORT CODE (CODE는 새로 만든 무작위 수업 코드).\n" +
			"프로젝터용 대시보드(GET /), 수업 JSON(GET /api/class)을 보여 주고 학습자의 이벤트(POST /api/events, 수업 코드 필요)를 받습니다. 수업은 --dir 폴더에 보관되어 같은 폴더로 다시 시작하면 같은 코드로 이어 갑니다. Ctrl-C로 멈추며, 그동안에도 학습자는 아무것도 잃지 않습니다.",
	}
	koCommands["class status"] = struct{ summary, help string }{
		"(강사용) 실시간 수업을 터미널에 표로 보기",
		"URL(firstrun class serve가 출력한 http://HOST:PORT)의 수업 서버에 수업 상황을 물어 표로 출력합니다: 누가 어디 있는지, 단계별 시간 중앙값, 막힌 곳, 콜드 런과 웜 런.",
	}
	koFlags["addr"] = "`HOST:PORT`에서 연결 받기 (\":8088\": 이 컴퓨터의 모든 네트워크에서 포트 8088)"
	koFlags["dir"] = "수업 `폴더`: 코드와 저널 (같은 폴더로 다시 시작하면 수업을 이어 감)"
}

func classServe(c *call, addr, dir string) (int, error) {
	t := engine.NewMessages(c.Opts.lang)
	fail := func(msg string) (int, error) {
		fmt.Fprintln(c.Stderr, "firstrun class serve: "+msg)
		return engine.ExitUsage, nil
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	srv, err := classroom.OpenServer(dir, classroom.ServerOptions{Messages: t, Log: c.Stdout})
	if err != nil {
		return fail(err.Error())
	}
	defer srv.Close()
	for _, n := range srv.Notes {
		fmt.Fprintln(c.Stderr, "firstrun class serve: "+n)
	}
	if strings.Trim(addr, "0123456789") == "" && addr != "" {
		addr = ":" + addr // --addr 8088: the port alone
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fail(t.F("class.addrinuse", addr))
		}
		return fail(t.F("class.listen", addr, err))
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 16 << 10}
	hs.RegisterOnShutdown(srv.StopStreams)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	urls, local := classroom.ServerURLs(addr, ln.Addr())
	say := func(s string) { fmt.Fprintln(c.Stdout, s) }
	if srv.Created {
		say(t.F("class.new", srv.Code(), dir))
	} else {
		say(t.F("class.continued", dir, srv.Code(), srv.Learners()))
	}
	say(t.F("class.handout"))
	say("")
	say("    firstrun class join " + urls[0] + " " + srv.Code())
	say("")
	say(t.F("class.dashboard", urls[0]+"/"))
	if len(urls) > 1 {
		say(t.F("class.also", strings.Join(urls[1:], ", ")))
	}
	if host, _, _ := net.SplitHostPort(addr); local && host != "" {
		say(t.F("class.loopback"))
	} else if local {
		say(t.F("class.loopbackonly"))
	}
	say(t.F("class.stop"))

	select {
	case err := <-served:
		return fail(t.F("class.listen", addr, err))
	case <-c.Ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(ctx) // lets a batch being saved finish: its learner gets the reply
	if err := srv.Close(); err != nil {
		fmt.Fprintln(c.Stderr, "firstrun class serve: "+err.Error())
	}
	say("\n" + t.F("class.stopped", dir)) // after the ^C the terminal echoed
	return engine.ExitOK, nil
}

func classStatus(c *call, arg string) (int, error) {
	t := engine.NewMessages(c.Opts.lang)
	base, err := classroom.ServerURL(arg)
	if err != nil {
		fmt.Fprintln(c.Stderr, "firstrun class status: "+err.Error())
		return engine.ExitUsage, nil
	}
	v, err := classroom.FetchClass(c.Ctx, t, base)
	if err != nil {
		fmt.Fprintln(c.Stderr, "firstrun class status: "+err.Error())
		return engine.ExitNotYet, nil
	}
	width, styled := 0, false
	if c.Stdout == os.Stdout && term.IsTerminal(int(os.Stdout.Fd())) {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
			width = w - 1 // some terminals wrap early in the last column
		}
		styled = !c.Opts.plain && os.Getenv("NO_COLOR") == ""
	}
	_, err = fmt.Fprint(c.Stdout, v.Summary().Text(t, width, styled))
	return engine.ExitOK, err
}
