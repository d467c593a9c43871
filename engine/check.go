package engine

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/firstrun/firstrun/sandbox"
	"go.yaml.in/yaml/v3"
)

// Check is one entry of the check vocabulary. Lessons name checks by kind in lesson.yaml; the
// engine implements them here so a new lesson needs no Go code.
type Check interface {
	// Applies reports whether the check is meant for this Go version (the `go:` field).
	Applies(v GoVersion) bool
	// Run inspects the real state and says what it saw.
	Run(ctx context.Context, e *Env) Result
}

// Result is what a check saw. Msg is already in the learner's language; on failure it says
// what was seen and what to do next.
type Result struct {
	OK   bool
	Msg  string
	Show string // extra output to show even on success (a table of runs)
}

// Env is everything a check may look at. Checks never read the process environment, the
// clock or the terminal directly, so tests build one freely.
type Env struct {
	WS        *sandbox.Workspace
	T         *Messages
	GoVersion GoVersion
	Progress  *Progress
	Log       []sandbox.Command
	StepStart time.Time
	// StartCache is the private cache as it was when the step began.
	StartCache sandbox.CacheStats
	// Busy shows that something slow is under way; the returned func ends it.
	Busy func(msg string) (done func())
	// Input asks the learner for a line of text (the export_path check); nil without a terminal.
	Input func(prompt string) (string, error)
	// Answer is the text given with `firstrun answer` for checks that take input.
	Answer string
	// Environ is the process environment the learner's commands start from.
	Environ []string
	// StepRun is the step's own command (its `run:`), which messages suggest: never a
	// hello.go a pack does not have.
	StepRun string
	// ToolsReady, when set, waits until firstrun's own cache is prepared (the workbook
	// prepares it in the background), before a check builds in it.
	ToolsReady func(ctx context.Context) error
	// Width is how wide a line of the learner's terminal is (0: not a terminal), for tables.
	Width int
}

func (e *Env) busy(msg string) func() {
	if e.Busy == nil {
		return func() {}
	}
	return e.Busy(msg)
}

func pass(msg string) Result { return Result{OK: true, Msg: msg} }
func fail(msg string) Result { return Result{Msg: msg} }

// common holds the fields every check kind accepts.
type common struct {
	Kind string `yaml:"kind"`
	Go   string `yaml:"go"`
	// Hint is the hint (1-based) that fits this check's failure: it is shown with it.
	Hint int `yaml:"hint"`
	cond versionCond
	// line is where the check starts in lesson.yaml, fields where each of its fields is, so
	// lint can point at the very line of a bad reference.
	line   int
	fields map[string]int
}

// lineOf is the line of one of the check's fields in lesson.yaml, or of the check itself.
func (c *common) lineOf(field string) int {
	if n, ok := c.fields[field]; ok {
		return n
	}
	return c.line
}

func (c *common) Applies(v GoVersion) bool { return c.cond.matches(v) }
func (c *common) base() *common            { return c }

type validator interface {
	base() *common
	validate() error
}

// checkKinds maps each kind to a constructor of its zero value.
var checkKinds = map[string]func() validator{
	"file_exists":    func() validator { return &fileExists{} },
	"file_absent":    func() validator { return &fileAbsent{} },
	"executable":     func() validator { return &executable{} },
	"go_parses":      func() validator { return &goParses{} },
	"go_source":      func() validator { return &goSource{} },
	"program_output": func() validator { return &programOutput{} },
	"ran":            func() validator { return &ran{} },
	"faster":         func() validator { return &faster{} },
	"show_runs":      func() validator { return &showRuns{} },
	"cache":          func() validator { return &cacheState{} },
	"workdir":        func() validator { return &workdir{} },
	"export_path":    func() validator { return &exportPath{} },
}

func kindNames() string {
	var names []string
	for k := range checkKinds {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func decodeCheck(n *yaml.Node) (Check, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("a check must be a mapping with a kind")
	}
	kind := mapFields(n)["kind"]
	if kind == nil {
		return nil, fmt.Errorf("check without kind (known kinds: %s)", kindNames())
	}
	mk, ok := checkKinds[kind.Value]
	if !ok {
		return nil, fmt.Errorf("unknown check kind %q (known kinds: %s)", kind.Value, kindNames())
	}
	v := mk()
	allowed := yamlKeys(reflect.TypeOf(v).Elem())
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !allowed[n.Content[i].Value] {
			var keys []string
			for k := range allowed {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return nil, fmt.Errorf("check %s: unknown field %q (expected: %s)", kind.Value, n.Content[i].Value, strings.Join(keys, ", "))
		}
	}
	if err := n.Decode(v); err != nil {
		return nil, fmt.Errorf("check %s: %s", kind.Value, yamlErrMsg(err))
	}
	cond, err := parseVersionCond(v.base().Go)
	if err != nil {
		return nil, fmt.Errorf("check %s: go: %v", kind.Value, err)
	}
	v.base().cond = cond
	v.base().line = n.Line
	v.base().fields = map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		v.base().fields[n.Content[i].Value] = n.Content[i].Line
	}
	if v.base().Hint < 0 {
		return nil, fmt.Errorf("check %s: hint: %d is not a hint number (1 is the first hint)", kind.Value, v.base().Hint)
	}
	if err := v.validate(); err != nil {
		return nil, fmt.Errorf("check %s: %v", kind.Value, err)
	}
	return v.(Check), nil
}

// yamlKeys lists the yaml field names of a struct, following inline embedded structs.
func yamlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous || opts == "inline" {
			for k := range yamlKeys(f.Type) {
				keys[k] = true
			}
			continue
		}
		if name != "" && name != "-" {
			keys[name] = true
		}
	}
	return keys
}

func required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("missing field: %s", field)
	}
	return nil
}

func relPath(field, value string) error {
	if err := required(field, value); err != nil {
		return err
	}
	if msg := badRelPath(value); msg != "" {
		return fmt.Errorf("%s %q: %s", field, value, msg)
	}
	return nil
}
