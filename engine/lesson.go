// Package engine loads lesson packs, runs each step's checks against the learner's real
// workspace, keeps progress, and drives the workbook through a small UI interface.
package engine

// FormatVersion is the lesson.yaml format this engine reads; packs must say it explicitly so
// that a future format change fails loudly instead of half-loading.
const FormatVersion = 1

// Languages the workbook is written in. Every lesson must exist in each of them.
var Languages = []string{"en", "ko"}

// Course is a loaded, validated lesson pack.
type Course struct {
	Lessons []*Lesson
}

// Lesson is one lesson folder: language-independent steps plus a page per language.
type Lesson struct {
	ID      string
	Dir     string      // folder name inside the pack, e.g. "01-hello"
	Starter string      // path inside the pack of the starter folder, "" when none
	Start   *StartState // the state the lesson starts from (start.go), nil for any
	Steps   []*Step
	Pages   map[string]*Page // by language
}

// Step is one checked step. Its prose lives in each language's Page.
type Step struct {
	ID     string
	Run    string // the command "Run it for me" runs (go …, firstrun …, ./program), "" for none
	Checks []Check
	Quiz   *Quiz
	Start  *StartState // the state the step starts from, when it is not its lesson's
	Line   int
	// brokenSaves are the save_as names of checks that did not load (reported already).
	brokenSaves []string
}

// Quiz is the language-independent half of a quiz: which choice is right.
type Quiz struct {
	Answer int // 0-based index of the right choice
	line   int // of answer: in lesson.yaml
}

// Page is one language's text for a lesson.
type Page struct {
	Title string
	Intro string
	// Summary is what the lesson taught, in a sentence or two, for the course's ending.
	Summary string
	Steps   map[string]*StepText
	// Runs labels the runs saved with save_as in this language ("cold run"), for the timing
	// chart and the messages that name them.
	Runs map[string]string
	// raw is the page as read, for lint to find the line of what it reports; runLines are
	// the lines of the runs' labels.
	raw      string
	runLines map[string]int
}

// StepText is one language's text for a step.
type StepText struct {
	Title string
	Body  string
	Hints []string
	Quiz  *QuizText
	// Solution is shown by `firstrun solution` once the learner has tried (Markdown).
	Solution string
	// line and quizLine are where the step and its quiz choices are in the front matter.
	line, quizLine int
}

// QuizText is one language's question and choices.
type QuizText struct {
	Question string
	Choices  []Choice
}

// Choice is a quiz answer with the explanation shown when it is picked.
type Choice struct {
	Text string
	Why  string
}

// RunLabels are the labels the pack's pages give saved runs in lang (`runs:` in the front
// matter), for Messages.SetRunLabels.
func (c *Course) RunLabels(lang string) map[string]string {
	labels := map[string]string{}
	for _, l := range c.Lessons {
		if p := l.Pages[lang]; p != nil {
			for name, label := range p.Runs {
				if _, dup := labels[name]; !dup && label != "" {
					labels[name] = label
				}
			}
		}
	}
	return labels
}

// Lesson returns the lesson with that id, or nil.
func (c *Course) Lesson(id string) *Lesson {
	for _, l := range c.Lessons {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// Step returns the step with that id, or nil.
func (l *Lesson) Step(id string) *Step {
	for _, s := range l.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// StepIndex is the position of the step in the lesson, or -1.
func (l *Lesson) StepIndex(id string) int {
	for i, s := range l.Steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Text returns the page in lang, falling back to English so a half-translated pack loaded with
// --lessons still runs (validation reports the gap).
func (l *Lesson) Text(lang string) *Page {
	if p, ok := l.Pages[lang]; ok {
		return p
	}
	return l.Pages["en"]
}

// Key names a step across the course, as stored in progress: "hello/write".
func Key(lesson, step string) string { return lesson + "/" + step }
