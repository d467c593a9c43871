package classroom

import "github.com/firstrun/firstrun/engine"

// The learner's side of the live class (class join, class leave, the notes at the end of a
// command), in every language the workbook speaks.
var linkMessages = map[string]map[string]string{
	"en": {
		"link.joined":       "Joined the class at %s as %s: the instructor's dashboard shows you now.",
		"link.joineddown":   "Joined the class at %s as %s. The class server does not answer yet: your progress waits in this workspace and is sent when the server is up, by the workbook and by every firstrun command.",
		"link.sends":        "From now on each step you pass, failed check, hint and recorded run is sent to the class; you never wait for it. When the workshop is over: firstrun class leave.",
		"link.again":        "This workspace was in this class already: it keeps its row on the dashboard.",
		"link.switched":     "It left the class at %s first.",
		"link.switchdrop":   "It left the class at %s first; %d events that class never received were dropped.",
		"link.switchdrop1":  "It left the class at %s first; 1 event that class never received was dropped.",
		"link.badcode":      "The class server at %s refused the class code %s. Check the code with your instructor (it ends the line firstrun class serve printed) and run firstrun class join again. You have not joined.",
		"link.refusedjoin":  "The server at %s did not take firstrun's progress (%s). Is it the address firstrun class serve printed? You have not joined.",
		"link.badurl":       "%q is not a class server's address: give one like http://192.168.1.20:8080, as firstrun class serve prints it",
		"link.codeform":     "the class code %q has spaces or characters no class code has: copy it from the line firstrun class serve printed",
		"link.coderefused":  "the class server at %s no longer takes your class code (was the class started again?). Your progress waits in this workspace: ask your instructor for the new code and run firstrun class join again.",
		"link.refused":      "the class server at %s refused your progress (%s); it waits in this workspace. Tell your instructor.",
		"link.outboxerr":    "your progress is saved, but it could not be queued for the class (%v).",
		"link.left":         "Left the class at %s: nothing more is sent.",
		"link.leftall":      "The class server had received everything.",
		"link.leftdrop":     "%d events the class server never received were dropped.",
		"link.leftdrop1":    "1 event the class server never received was dropped.",
		"link.leftkeep":     "Your progress stays in this workspace (firstrun progress shows it; firstrun progress --out writes the report to hand in).",
		"link.notin":        "This workspace is in no class: nothing to leave.",
		"link.state":        "Live class: %s, as %s; everything has been sent.",
		"link.statewait":    "Live class: %s, as %s; events not yet sent: %d (sent by the next firstrun command once the server answers).",
		"link.staterefused": "Live class: %s, as %s; the server refuses your class code (events not yet sent: %d): join again with the code your instructor gives.",
	},
	"ko": {
		"link.joined":       "수업에 참가했습니다(주소: %s, 이름: %s). 강사의 대시보드에 지금 보입니다.",
		"link.joineddown":   "수업에 참가했습니다(주소: %s, 이름: %s). 수업 서버가 아직 응답하지 않습니다. 진행 상황은 이 워크스페이스에 모아 두었다가 서버가 켜지면 워크북과 모든 firstrun 명령이 보냅니다.",
		"link.sends":        "이제부터 통과한 단계, 실패한 확인, 힌트, 기록된 실행이 수업으로 전송됩니다. 전송을 기다릴 일은 없습니다. 워크숍이 끝나면 firstrun class leave를 실행하세요.",
		"link.again":        "이 워크스페이스는 이미 이 수업에 있었습니다. 대시보드의 같은 줄을 그대로 씁니다.",
		"link.switched":     "먼저 이전 수업(%s)에서 나왔습니다.",
		"link.switchdrop":   "먼저 이전 수업(%s)에서 나왔습니다. 그 수업이 받지 못한 이벤트 %d개는 버렸습니다.",
		"link.switchdrop1":  "먼저 이전 수업(%s)에서 나왔습니다. 그 수업이 받지 못한 이벤트 1개는 버렸습니다.",
		"link.badcode":      "수업 서버(%s)가 수업 코드를 받아들이지 않았습니다(코드: %s). 강사에게 코드를 확인하고(firstrun class serve가 출력한 줄의 끝에 있습니다) firstrun class join을 다시 실행하세요. 수업에 참가하지 않았습니다.",
		"link.refusedjoin":  "서버(%s)가 firstrun의 진행 상황을 받지 않았습니다(%s). firstrun class serve가 출력한 주소가 맞나요? 수업에 참가하지 않았습니다.",
		"link.badurl":       "수업 서버 주소가 아닙니다: %q. firstrun class serve가 출력한 것처럼 http://192.168.1.20:8080 형식으로 주세요",
		"link.codeform":     "수업 코드에 공백이나 쓸 수 없는 문자가 있습니다: %q. firstrun class serve가 출력한 줄에서 복사하세요",
		"link.coderefused":  "수업 서버(%s)가 더는 수업 코드를 받지 않습니다(수업을 새로 시작했나요?). 진행 상황은 이 워크스페이스에 남아 있습니다. 강사에게 새 코드를 받아 firstrun class join을 다시 실행하세요.",
		"link.refused":      "수업 서버(%s)가 진행 상황을 받지 않았습니다(%s). 진행 상황은 이 워크스페이스에 남아 있습니다. 강사에게 알려 주세요.",
		"link.outboxerr":    "진행 상황은 저장했지만 수업으로 보낼 대기열에 넣지 못했습니다(%v).",
		"link.left":         "수업에서 나왔습니다(%s). 더는 아무것도 보내지 않습니다.",
		"link.leftall":      "수업 서버가 모든 이벤트를 받았습니다.",
		"link.leftdrop":     "수업 서버가 받지 못한 이벤트 %d개는 버렸습니다.",
		"link.leftdrop1":    "수업 서버가 받지 못한 이벤트 1개는 버렸습니다.",
		"link.leftkeep":     "진행 상황은 이 워크스페이스에 그대로 있습니다(firstrun progress로 보고, firstrun progress --out으로 제출할 보고서를 씁니다).",
		"link.notin":        "이 워크스페이스는 어느 수업에도 속해 있지 않습니다. 나올 수업이 없습니다.",
		"link.state":        "실시간 수업: %s (이름: %s). 모두 보냈습니다.",
		"link.statewait":    "실시간 수업: %s (이름: %s). 아직 보내지 못한 이벤트: %d개 (서버가 응답하면 다음 firstrun 명령이 보냅니다).",
		"link.staterefused": "실시간 수업: %s (이름: %s). 서버가 수업 코드를 받지 않습니다(아직 보내지 못한 이벤트: %d개). 강사가 주는 코드로 다시 참가하세요.",
	},
}

func init() {
	for lang, m := range linkMessages {
		engine.RegisterMessages(lang, m)
	}
}
