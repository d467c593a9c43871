package main

import (
	"testing"
	"unicode/utf8"

	"github.com/firstrun/firstrun/engine"
)

// TestQuizzesNeedReading: a learner who always picks the longest, most qualified choice must
// not pass the course. In each language, the right answer may be the strictly longest choice
// (in characters) in at most a third of the quizzes; wrong options have to be as specific.
func TestQuizzesNeedReading(t *testing.T) {
	course, _, err := loadCourse("")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range engine.Languages {
		quizzes, longest := 0, 0
		for _, l := range course.Lessons {
			for _, s := range l.Steps {
				if s.Quiz == nil {
					continue
				}
				q := l.Text(lang).Steps[s.ID].Quiz
				quizzes++
				right := utf8.RuneCountInString(q.Choices[s.Quiz.Answer].Text)
				strictly := true
				for i, c := range q.Choices {
					if i != s.Quiz.Answer && utf8.RuneCountInString(c.Text) >= right {
						strictly = false
					}
				}
				if strictly {
					longest++
					t.Logf("%s %s/%s: the right answer is the longest choice", lang, l.ID, s.ID)
				}
			}
		}
		t.Logf("%s: the right answer is the strictly longest in %d of %d quizzes", lang, longest, quizzes)
		if quizzes > 0 && longest*3 > quizzes {
			t.Errorf("%s: the right answer is the strictly longest choice in %d of %d quizzes, more than a third", lang, longest, quizzes)
		}
	}
}
