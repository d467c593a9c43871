package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in a lesson pack, reported as file:line: message.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// LoadError lists every problem found, so an author fixes a pack in one pass.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the lesson pack has %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

type loader struct {
	fsys     fs.FS
	prefix   string // shown before file names: the --lessons folder, or "lessons" for the embedded pack
	problems []Problem
}

func (ld *loader) addf(file string, line int, format string, args ...any) {
	ld.problems = append(ld.problems, Problem{File: path.Join(ld.prefix, file), Line: line, Msg: fmt.Sprintf(format, args...)})
}

// LoadCourse reads and validates every lesson folder in fsys. prefix is how file names are shown
// in problems. Any problem fails the whole load: a half-valid course would strand a learner
// mid-lesson.
func LoadCourse(fsys fs.FS, prefix string) (*Course, error) {
	ld := &loader{fsys: fsys, prefix: prefix}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading lesson pack %s: %w", prefix, err)
	}
	c := &Course{}
	seen := map[string]string{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		if _, err := fs.Stat(fsys, path.Join(e.Name(), "lesson.yaml")); err != nil {
			continue // not a lesson folder (docs, assets)
		}
		l := ld.lesson(e.Name())
		if l == nil {
			continue
		}
		if other, dup := seen[l.ID]; dup {
			ld.addf(path.Join(e.Name(), "lesson.yaml"), 0, "lesson id %q is also used by %s", l.ID, other)
		}
		seen[l.ID] = e.Name()
		c.Lessons = append(c.Lessons, l)
	}
	ld.checkPlaceholders(c)
	ld.checkReferences(c)
	if len(c.Lessons) == 0 && len(ld.problems) == 0 {
		ld.addf(".", 0, "no lessons: expected folders holding a lesson.yaml (see docs/authoring.md)")
	}
	if len(ld.problems) > 0 {
		return nil, &LoadError{Problems: ld.problems}
	}
	return c, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func (ld *loader) lesson(dir string) *Lesson {
	file := path.Join(dir, "lesson.yaml")
	data, err := fs.ReadFile(ld.fsys, file)
	if err != nil {
		ld.addf(file, 0, "%v", err)
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		ld.addf(file, yamlErrLine(err), "not valid YAML: %s", yamlErrMsg(err))
		return nil
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		ld.addf(file, 1, "expected a mapping with format, id and steps")
		return nil
	}
	doc := root.Content[0]
	l := &Lesson{Dir: dir, Pages: map[string]*Page{}}
	fields := mapFields(doc)
	ld.unknownKeys(file, doc, "format", "id", "starter", "start", "steps")
	l.Start = ld.decodeStart(file, "", fields["start"])
	if n := fields["format"]; n == nil {
		ld.addf(file, doc.Line, "missing field: format (this engine reads format %d)", FormatVersion)
	} else if n.Value != fmt.Sprint(FormatVersion) {
		ld.addf(file, n.Line, "format %s is not supported: this engine reads format %d", n.Value, FormatVersion)
	}
	if n := fields["id"]; n == nil || n.Value == "" {
		ld.addf(file, doc.Line, "missing field: id")
	} else if !idPattern.MatchString(n.Value) {
		ld.addf(file, n.Line, "id %q: use lower-case letters, digits and dashes", n.Value)
	} else {
		l.ID = n.Value
	}
	if n := fields["starter"]; n != nil {
		if msg := badRelPath(n.Value); msg != "" {
			ld.addf(file, n.Line, "starter %q: %s", n.Value, msg)
		} else if st, err := fs.Stat(ld.fsys, path.Join(dir, n.Value)); err != nil || !st.IsDir() {
			ld.addf(file, n.Line, "starter %q: no such folder in %s", n.Value, dir)
		} else if link := ld.linkOnPath(dir, n.Value); link != "" {
			ld.addf(file, n.Line, "starter %q: %s is a symbolic link; the starter folder may not be a symbolic link (it would copy files from outside the pack into the workspace)", n.Value, path.Join(ld.prefix, link))
		} else {
			l.Starter = path.Join(dir, n.Value)
			ld.starterFiles(dir, l.Starter)
		}
	}
	steps := fields["steps"]
	if steps == nil || steps.Kind != yaml.SequenceNode || len(steps.Content) == 0 {
		ld.addf(file, doc.Line, "missing field: steps (a list of steps)")
		return l
	}
	ids := map[string]bool{}
	for _, sn := range steps.Content {
		s := ld.step(file, sn)
		if s == nil {
			continue
		}
		if ids[s.ID] {
			ld.addf(file, sn.Line, "step id %q is used twice", s.ID)
		}
		ids[s.ID] = true
		l.Steps = append(l.Steps, s)
	}
	for _, lang := range Languages {
		ld.page(l, lang)
	}
	return l
}

// starterFiles rejects starter entries the sandbox could not copy safely.
func (ld *loader) starterFiles(dir, starter string) {
	_ = fs.WalkDir(ld.fsys, starter, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ld.addf(p, 0, "%v", err)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			ld.addf(p, 0, "starter files may not be symbolic links")
		}
		if d.Name() == "go.mod" {
			ld.addf(p, 0, "ship go.mod as go.mod.tmpl: a folder holding go.mod is left out of an embedded pack")
		}
		return nil
	})
}

// badRelPath explains why a lesson-supplied path may not be used inside the workspace, or "".
func badRelPath(p string) string {
	switch {
	case p == "":
		return "empty path"
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':'):
		return "must be relative to the workspace, not absolute"
	case strings.Contains(p, `\`):
		return "use forward slashes"
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return "may not climb out of the workspace with .."
		}
	}
	return ""
}

func (ld *loader) step(file string, n *yaml.Node) *Step {
	if n.Kind != yaml.MappingNode {
		ld.addf(file, n.Line, "a step must be a mapping with id and checks or quiz")
		return nil
	}
	f := mapFields(n)
	ld.unknownKeys(file, n, "id", "run", "checks", "quiz", "start")
	s := &Step{Line: n.Line}
	s.Start = ld.decodeStart(file, "step: ", f["start"])
	if id := f["id"]; id == nil || id.Value == "" {
		ld.addf(file, n.Line, "step: missing field: id")
		return nil
	} else if !idPattern.MatchString(id.Value) {
		ld.addf(file, id.Line, "step id %q: use lower-case letters, digits and dashes", id.Value)
	} else {
		s.ID = id.Value
	}
	if r := f["run"]; r != nil {
		if !strings.HasPrefix(r.Value, "go ") && !strings.HasPrefix(r.Value, "./") && !strings.HasPrefix(r.Value, "firstrun ") {
			ld.addf(file, r.Line, "step %s: run %q: only go commands, firstrun commands and ./programs in the workspace can be run for the learner", s.ID, r.Value)
		}
		s.Run = r.Value
	}
	if q := f["quiz"]; q != nil {
		ld.unknownKeys(file, q, "answer")
		a := mapFields(q)["answer"]
		if a == nil || len(a.Value) != 1 || a.Value[0] < 'a' || a.Value[0] > 'z' {
			ld.addf(file, q.Line, "step %s: quiz needs answer: a letter (a, b, c…)", s.ID)
		} else {
			s.Quiz = &Quiz{Answer: int(a.Value[0] - 'a'), line: a.Line}
		}
	}
	if cs := f["checks"]; cs != nil {
		if cs.Kind != yaml.SequenceNode {
			ld.addf(file, cs.Line, "step %s: checks must be a list", s.ID)
		} else {
			for _, cn := range cs.Content {
				c, err := decodeCheck(cn)
				if err != nil {
					ld.addf(file, cn.Line, "step %s: %v", s.ID, err)
					if name := mapFields(cn)["save_as"]; name != nil && name.Value != "" {
						// Its run still counts as saved, so one typo is not reported again
						// at every reference to the run.
						s.brokenSaves = append(s.brokenSaves, name.Value)
					}
					continue
				}
				s.Checks = append(s.Checks, c)
			}
		}
	}
	if s.Quiz == nil && f["checks"] == nil {
		ld.addf(file, n.Line, "step %s: needs checks or a quiz: every step is checked", s.ID)
	}
	return s
}

// pageFront is the front matter of en.md / ko.md.
type pageFront struct {
	Title   string            `yaml:"title"`
	Summary string            `yaml:"summary"`
	Runs    map[string]string `yaml:"runs"`
	Steps   map[string]struct {
		Hints    []string `yaml:"hints"`
		Solution string   `yaml:"solution"`
		Quiz     *struct {
			Question string `yaml:"question"`
			Choices  []struct {
				Text string `yaml:"text"`
				Why  string `yaml:"why"`
			} `yaml:"choices"`
		} `yaml:"quiz"`
	} `yaml:"steps"`
}

var stepMarker = regexp.MustCompile(`^<!--\s*step:\s*([^\s]*)\s*-->\s*$`)

func (ld *loader) page(l *Lesson, lang string) {
	file := path.Join(l.Dir, lang+".md")
	data, err := fs.ReadFile(ld.fsys, file)
	if err != nil {
		ld.addf(file, 0, "missing: every lesson needs a page in each language (%s)", strings.Join(Languages, ", "))
		return
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	front, body, bodyLine, ok := splitFrontMatter(string(data))
	if !ok {
		ld.addf(file, 1, "expected front matter between --- lines (title, steps)")
		return
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(front), &root); err != nil {
		ld.addf(file, yamlErrLine(err)+1, "front matter is not valid YAML: %s", yamlErrMsg(err))
		return
	}
	var fm pageFront
	if len(root.Content) > 0 {
		doc := root.Content[0]
		ld.unknownKeys(file, doc, "title", "summary", "runs", "steps")
		if st := mapFields(doc)["steps"]; st != nil && st.Kind == yaml.MappingNode {
			for i := 1; i < len(st.Content); i += 2 {
				ld.unknownKeysAt(file, 1, st.Content[i], "hints", "quiz", "solution")
				if q := mapFields(st.Content[i])["quiz"]; q != nil {
					ld.unknownKeysAt(file, 1, q, "question", "choices")
				}
			}
		}
		if err := doc.Decode(&fm); err != nil {
			ld.addf(file, 2, "front matter: %s", yamlErrMsg(err))
			return
		}
	}
	// Line numbers inside the front matter are off by the opening "---".
	lineOf := func(key string) int {
		if len(root.Content) == 0 {
			return 1
		}
		if st := mapFields(root.Content[0])["steps"]; st != nil {
			if n := mapFields(st)[key]; n != nil {
				return n.Line + 1
			}
			return st.Line + 1
		}
		return 2
	}
	// quizLineOf is the line of a step's quiz choices, for a choice count that differs.
	quizLineOf := func(key string) int {
		if len(root.Content) > 0 {
			st := mapFields(mapFields(root.Content[0])["steps"])[key]
			if q := mapFields(st)["quiz"]; q != nil {
				if c := mapFields(q)["choices"]; c != nil {
					return c.Line + 1
				}
				return q.Line + 1
			}
		}
		return lineOf(key)
	}
	p := &Page{Title: strings.TrimSpace(fm.Title), Summary: strings.TrimSpace(fm.Summary), Steps: map[string]*StepText{}, Runs: map[string]string{}, raw: string(data)}
	p.runLines = map[string]int{}
	for name, label := range fm.Runs {
		p.Runs[name] = strings.TrimSpace(label)
		p.runLines[name] = 2
	}
	if len(root.Content) > 0 {
		if rs := mapFields(root.Content[0])["runs"]; rs != nil && rs.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(rs.Content); i += 2 {
				p.runLines[rs.Content[i].Value] = rs.Content[i].Line + 1
			}
		}
	}
	if p.Title == "" {
		ld.addf(file, 2, "front matter: missing title")
	}

	// Split the body at step markers.
	var order []string
	var cur *StepText
	var buf strings.Builder
	flush := func() {
		text := strings.TrimSpace(buf.String())
		buf.Reset()
		if cur == nil {
			p.Intro = text
		} else {
			cur.Body = text
		}
	}
	markerLine := map[string]int{}
	for i, line := range strings.Split(body, "\n") {
		if m := stepMarker.FindStringSubmatch(line); m != nil {
			flush()
			id := m[1]
			if _, dup := markerLine[id]; dup {
				ld.addf(file, bodyLine+i, "step %q has two markers", id)
			}
			markerLine[id] = bodyLine + i
			order = append(order, id)
			cur = &StepText{}
			p.Steps[id] = cur
			continue
		}
		if cur != nil && cur.Title == "" && strings.HasPrefix(line, "#") {
			cur.Title = strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	flush()

	// The same steps, in the same order, in lesson.yaml, the markers and the front matter.
	want := make([]string, len(l.Steps))
	for i, s := range l.Steps {
		want[i] = s.ID
	}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		line := bodyLine
		for i, id := range order {
			if i >= len(want) || want[i] != id {
				line = markerLine[id]
				break
			}
		}
		ld.addf(file, line, "steps differ from lesson.yaml: this page has markers for [%s], lesson.yaml has [%s]",
			strings.Join(order, ", "), strings.Join(want, ", "))
	}
	for _, id := range order {
		if p.Steps[id].Title == "" {
			ld.addf(file, markerLine[id], "step %s: no heading after its marker (the heading is the step's title)", id)
		}
	}
	var extra []string
	for id := range fm.Steps {
		if l.Step(id) == nil {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		ld.addf(file, lineOf(id), "front matter names step %q, which lesson.yaml does not have", id)
	}
	for _, s := range l.Steps {
		st := p.Steps[s.ID]
		if st == nil {
			continue
		}
		meta, has := fm.Steps[s.ID]
		if has {
			st.Hints = meta.Hints
			st.Solution = strings.TrimSpace(meta.Solution)
		}
		st.line, st.quizLine = lineOf(s.ID), quizLineOf(s.ID)
		ld.checkHints(l, lang, s, len(st.Hints))
		switch {
		case s.Quiz != nil && (!has || meta.Quiz == nil):
			ld.addf(file, lineOf(s.ID), "step %s is a quiz in lesson.yaml but this page has no quiz text for it", s.ID)
		case s.Quiz == nil && has && meta.Quiz != nil:
			ld.addf(file, lineOf(s.ID), "step %s has quiz text but lesson.yaml gives it no quiz answer", s.ID)
		case s.Quiz != nil:
			q := &QuizText{Question: strings.TrimSpace(meta.Quiz.Question)}
			for _, c := range meta.Quiz.Choices {
				q.Choices = append(q.Choices, Choice{Text: strings.TrimSpace(c.Text), Why: strings.TrimSpace(c.Why)})
			}
			if q.Question == "" {
				ld.addf(file, lineOf(s.ID), "step %s: quiz has no question", s.ID)
			}
			if len(q.Choices) < 2 {
				ld.addf(file, quizLineOf(s.ID), "step %s: quiz needs at least two choices", s.ID)
			} else if s.Quiz.Answer >= len(q.Choices) {
				// The answer is in lesson.yaml: point there, and say which page is short.
				ld.addf(path.Join(l.Dir, "lesson.yaml"), s.Quiz.line, "step %s: answer %c, but %s gives only %d choices (a–%c)",
					s.ID, 'a'+s.Quiz.Answer, path.Join(ld.prefix, file), len(q.Choices), 'a'+len(q.Choices)-1)
			}
			for i, c := range q.Choices {
				if c.Text == "" || c.Why == "" {
					ld.addf(file, lineOf(s.ID), "step %s: choice %c needs text and why (the explanation shown when it is picked)", s.ID, 'a'+i)
				}
			}
			st.Quiz = q
		}
	}
	l.Pages[lang] = p
	ld.compareQuizzes(l, lang)
}

// checkHints reports a check whose `hint: N` names a hint this page does not have, at the
// check's hint line in lesson.yaml.
func (ld *loader) checkHints(l *Lesson, lang string, s *Step, hints int) {
	for _, c := range s.Checks {
		cc, ok := c.(interface{ base() *common })
		if !ok {
			continue
		}
		if b := cc.base(); b.Hint > hints {
			ld.addf(path.Join(l.Dir, "lesson.yaml"), b.lineOf("hint"), "step %s: a %s check points at hint %d, but %s gives the step %d hint(s)",
				s.ID, b.Kind, b.Hint, path.Join(ld.prefix, l.Dir, lang+".md"), hints)
		}
	}
}

// compareQuizzes reports a language whose quiz has a different number of choices than English:
// the answer letter in lesson.yaml is shared, so the choices must line up.
func (ld *loader) compareQuizzes(l *Lesson, lang string) {
	en, other := l.Pages["en"], l.Pages[lang]
	if lang == "en" || en == nil || other == nil {
		return
	}
	for _, s := range l.Steps {
		a, b := en.Steps[s.ID], other.Steps[s.ID]
		if a == nil || b == nil || a.Quiz == nil || b.Quiz == nil {
			continue
		}
		if len(a.Quiz.Choices) != len(b.Quiz.Choices) {
			ld.addf(path.Join(l.Dir, lang+".md"), b.quizLine, "step %s: quiz has %d choices, %s:%d has %d: the answer letter is shared, so they must match",
				s.ID, len(b.Quiz.Choices), path.Join(ld.prefix, l.Dir, "en.md"), a.quizLine, len(a.Quiz.Choices))
		}
	}
}

// splitFrontMatter returns the YAML between the leading --- lines, the body after it and the
// body's first line number.
func splitFrontMatter(s string) (front, body string, bodyLine int, ok bool) {
	if !strings.HasPrefix(s, "---\n") {
		return "", s, 1, false
	}
	rest := s[4:]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - 4
		} else {
			return "", s, 1, false
		}
	}
	front = rest[:end+1]
	after := end + 5
	if after > len(rest) {
		after = len(rest)
	}
	body = rest[after:]
	bodyLine = strings.Count(front, "\n") + 3
	return front, body, bodyLine, true
}

func mapFields(n *yaml.Node) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = n.Content[i+1]
	}
	return m
}

func (ld *loader) unknownKeys(file string, n *yaml.Node, allowed ...string) {
	ld.unknownKeysAt(file, 0, n, allowed...)
}

// unknownKeysAt is unknownKeys for a node whose lines are off by offset (the front matter
// starts after the page's opening ---).
func (ld *loader) unknownKeysAt(file string, offset int, n *yaml.Node, allowed ...string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		ok := false
		for _, a := range allowed {
			ok = ok || k.Value == a
		}
		if !ok {
			ld.addf(file, k.Line+offset, "unknown field %q (expected one of: %s)", k.Value, strings.Join(allowed, ", "))
		}
	}
}

var yamlLine = regexp.MustCompile(`line (\d+):? ?`)

func yamlErrLine(err error) int {
	var te *yaml.TypeError
	s := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		s = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n
	}
	return 0
}

func yamlErrMsg(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	return yamlLine.ReplaceAllString(s, "")
}
