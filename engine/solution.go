package engine

import (
	"fmt"
	"strings"
)

func init() {
	RegisterMessages("en", map[string]string{
		"solution.title":    "Solution: %s",
		"solution.none":     "This step has no written solution. `firstrun hint` shows its hints, one at a time.",
		"solution.tryfirst": "Try the step first: once a check of it has failed (`firstrun check`, or a wrong answer), `firstrun solution` shows how it is done. To see it now anyway: `firstrun solution --force`.",
		"solution.quiz":     "The answer is %c) %s",
		"menu.solution":     "Show the solution",
	})
	RegisterMessages("ko", map[string]string{
		"solution.title":    "풀이: %s",
		"solution.none":     "이 단계에는 풀이가 없습니다. `firstrun hint`로 힌트를 하나씩 볼 수 있습니다.",
		"solution.tryfirst": "먼저 단계를 직접 해 보세요. 확인(`firstrun check`)이 한 번 실패하거나 퀴즈에서 한 번 틀리면 `firstrun solution`으로 풀이를 볼 수 있습니다. 그래도 지금 보려면: `firstrun solution --force`",
		"solution.quiz":     "정답: %c) %s",
		"menu.solution":     "풀이 보기",
	})
}

// solutionText is the current step's solution in the learner's language: the page's
// `solution:`, or for a quiz without one its right choice and why. "" when there is none.
func (a *App) solutionText(l *Lesson, s *Step) string {
	st := l.Text(a.T.Lang).Steps[s.ID]
	if st == nil {
		return ""
	}
	if st.Solution != "" {
		return a.fill(st.Solution)
	}
	if s.Quiz != nil && st.Quiz != nil && s.Quiz.Answer < len(st.Quiz.Choices) {
		c := st.Quiz.Choices[s.Quiz.Answer]
		return a.T.F("solution.quiz", 'a'+s.Quiz.Answer, a.fill(c.Text)) + "\n\n" + a.fill(c.Why)
	}
	return ""
}

// tried: a check of the step has failed (or a quiz answer was wrong) at least once.
func tried(p *Progress, l *Lesson, s *Step) bool {
	h := p.History[Key(l.ID, s.ID)]
	return h != nil && h.Failed > 0
}

// Solution shows the current step's solution, as rustlings does, only once the learner has
// tried (a failed check) unless force; showing it is recorded in the step's history
// (EventSolution), so a progress report tells the instructor. It returns the exit code of
// `firstrun solution`: 0 shown, 1 not (yet).
func (a *App) Solution(force bool) (int, error) {
	l, s := a.current()
	if l == nil {
		a.say("%s", a.T.F("course.done"))
		return ExitOK, nil
	}
	p, err := a.Progress()
	if err != nil {
		return ExitUsage, err
	}
	text := a.solutionText(l, s)
	switch {
	case text == "":
		a.say("%s", a.Where(l, s))
		a.say("%s", a.T.F("solution.none"))
		return ExitNotYet, nil
	case !force && !tried(p, l, s):
		a.say("%s", a.Where(l, s))
		a.say("%s", a.T.F("solution.tryfirst"))
		return ExitNotYet, nil
	}
	a.say("%s", a.Where(l, s))
	md := fmt.Sprintf("## %s\n\n%s\n", a.T.F("solution.title", a.stepTitle(l, s)), strings.TrimSpace(text))
	if err := a.UI.Page(md); err != nil {
		return ExitUsage, err
	}
	a.emit(Event{Kind: EventSolution, Lesson: l.ID, Step: s.ID})
	return ExitOK, a.save()
}
