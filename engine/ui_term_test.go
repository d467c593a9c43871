package engine

import (
	"strings"
	"testing"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
)

// surveyLines renders a survey template as the terminal shows it, escapes aside.
func surveyLines(t *testing.T, tmpl string, data any) []string {
	t.Helper()
	was := core.DisableColor
	core.DisableColor = true
	defer func() { core.DisableColor = was }()
	out, _, err := core.RunTemplate(tmpl, data)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(stripANSI(out), "\n"), "\n")
}

// Prompts fit a 60-column terminal in both languages (issue 8 §5): the question is shown
// whole when it fits the line (the key help does not take its room), and the answer echoed
// after Enter stays within the width, on a line of its own when it does not fit beside it.
func TestPromptsFitWidth(t *testing.T) {
	const cols = 60
	for _, lang := range Languages {
		msgs := NewMessages(lang)
		r := NewRenderer("notty", 80)
		r.Columns = func() int { return cols }
		fitSurvey(r, msgs)
		term := &Terminal{Renderer: r}
		check := func(what string, lines []string, whole string) {
			t.Helper()
			for _, l := range lines {
				if cellWidth(l) > cols {
					t.Errorf("%s %s: a line of %d cells at %d columns: %q", lang, what, cellWidth(l), cols, l)
				}
			}
			if !strings.Contains(strings.Join(lines, "\n"), whole) {
				t.Errorf("%s %s: %q is not shown whole:\n%s", lang, what, whole, strings.Join(lines, "\n"))
			}
		}
		// The export_path step asks for a path; the learner pastes a long one.
		question := msgs.F("export.prompt", "fmt")
		answer := "/home/learner/firstrun/.firstrun/cache/3f/3f2a9c1e-d"
		in := term.inputPrompt(question)
		check("input", surveyLines(t, survey.InputQuestionTemplate, survey.InputTemplateData{Input: *in, Config: &survey.PromptConfig{}}), question)
		check("input echo", surveyLines(t, survey.InputQuestionTemplate, survey.InputTemplateData{Input: *in, ShowAnswer: true, Answer: answer, Config: &survey.PromptConfig{}}), answer)

		// The step menu and a quiz.
		question = msgs.F("menu.prompt")
		options := []string{msgs.F("menu.check"), "a) Fact. The first run fills an empty cache; the second finds everything there."}
		sel := term.selectPrompt(question, options)
		data := survey.SelectTemplateData{Select: *sel, PageEntries: core.OptionAnswerList(sel.Options), Config: &survey.PromptConfig{}}
		check("select", surveyLines(t, survey.SelectQuestionTemplate, data), question)
		data.ShowAnswer, data.Answer = true, sel.Options[1]
		check("select echo", surveyLines(t, survey.SelectQuestionTemplate, data), question)
	}
}
