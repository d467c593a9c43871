package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/firstrun/firstrun/sandbox"
)

type fileExists struct {
	common `yaml:",inline"`
	Path   string `yaml:"path"`
}

func (c *fileExists) validate() error { return relPath("path", c.Path) }

func (c *fileExists) Run(_ context.Context, e *Env) Result {
	p, err := e.WS.Path(c.Path)
	if err != nil {
		return fail(err.Error())
	}
	if _, err := os.Stat(p); err != nil {
		return fail(e.T.F("file.missing", c.Path))
	}
	return pass(e.T.F("file.exists", c.Path))
}

type fileAbsent struct {
	common `yaml:",inline"`
	Path   string `yaml:"path"`
}

func (c *fileAbsent) validate() error { return relPath("path", c.Path) }

func (c *fileAbsent) Run(_ context.Context, e *Env) Result {
	p, err := e.WS.Path(c.Path)
	if err != nil {
		return fail(err.Error())
	}
	if _, err := os.Stat(p); err == nil {
		return fail(e.T.F("file.present", c.Path))
	}
	return pass(e.T.F("file.absent", c.Path))
}

type executable struct {
	common   `yaml:",inline"`
	Path     string `yaml:"path"`
	MinBytes int64  `yaml:"min_bytes"`
	// GoBin looks in the workspace's GOBIN, where go install puts programs.
	GoBin bool `yaml:"gobin"`
}

func (c *executable) validate() error { return relPath("path", c.Path) }

func (c *executable) Run(_ context.Context, e *Env) Result {
	p, err := e.WS.Path(c.Path)
	if c.GoBin {
		p = filepath.Join(e.WS.BinDir(), filepath.FromSlash(c.Path))
	}
	if err != nil {
		return fail(err.Error())
	}
	if !strings.HasSuffix(p, sandbox.ExeSuffix) {
		p += sandbox.ExeSuffix
	}
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return fail(e.T.F("file.missing", c.Path))
	case !st.Mode().IsRegular():
		return fail(e.T.F("exe.notfile", c.Path))
	case runtime.GOOS != "windows" && st.Mode()&0o111 == 0:
		return fail(e.T.F("exe.notexec", c.Path))
	case st.Size() < c.MinBytes:
		return fail(e.T.F("exe.small", c.Path, humanBytes(st.Size())))
	}
	return pass(e.T.F("exe.ok", c.Path, humanBytes(st.Size())))
}

type goParses struct {
	common `yaml:",inline"`
	Path   string `yaml:"path"`
}

func (c *goParses) validate() error { return relPath("path", c.Path) }

func (c *goParses) Run(_ context.Context, e *Env) Result {
	_, res := parseGo(e, c.Path)
	if res != nil {
		return *res
	}
	return pass(e.T.F("parse.ok", c.Path))
}

// parseGo parses a learner's file, turning errors into learner-facing results with positions
// relative to the workspace (hello.go:5:2: …), as the compiler would print them.
func parseGo(e *Env, rel string) (*ast.File, *Result) {
	p, err := e.WS.Path(rel)
	if err != nil {
		r := fail(err.Error())
		return nil, &r
	}
	src, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		r := fail(e.T.F("file.missing", rel))
		return nil, &r
	} else if err != nil {
		r := fail(err.Error())
		return nil, &r
	}
	f, err := parser.ParseFile(token.NewFileSet(), rel, src, parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		msg := err.Error()
		if errors.As(err, &list) {
			list.RemoveMultiples()
			var lines []string
			for i, e := range list {
				if i == 5 {
					lines = append(lines, "…")
					break
				}
				lines = append(lines, e.Error())
			}
			msg = strings.Join(lines, "\n")
		}
		r := fail(e.T.F("parse.error", rel, msg))
		return nil, &r
	}
	return f, nil
}

type goSource struct {
	common  `yaml:",inline"`
	Path    string `yaml:"path"`
	Package string `yaml:"package"`
	Call    string `yaml:"call"`
	Text    string `yaml:"text"`
}

func (c *goSource) validate() error {
	if err := relPath("path", c.Path); err != nil {
		return err
	}
	if c.Call != "" && !strings.Contains(c.Call, ".") {
		return fmt.Errorf("call %q: expected package.Func, e.g. fmt.Println", c.Call)
	}
	if c.Text != "" && c.Call == "" {
		return fmt.Errorf("text needs call: the function that prints it")
	}
	return nil
}

// Run reads the source, not the program's output: it is instant and builds nothing, so the
// learner's cache stays cold for the step that times the first run.
func (c *goSource) Run(_ context.Context, e *Env) Result {
	f, res := parseGo(e, c.Path)
	if res != nil {
		return *res
	}
	if c.Package != "" && f.Name.Name != c.Package {
		return fail(e.T.F("source.package", c.Path, f.Name.Name, c.Package))
	}
	if c.Call == "" {
		return pass(e.T.F("parse.ok", c.Path))
	}
	pkg, fn, _ := strings.Cut(c.Call, ".")
	local := importName(f, pkg)
	if local == "" {
		return fail(e.T.F("source.import", c.Path, pkg))
	}
	var calls, texts []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || x.Name != local || sel.Sel.Name != fn {
			return true
		}
		calls = append(calls, c.Call)
		for _, a := range call.Args {
			if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					texts = append(texts, s)
				}
			}
		}
		return true
	})
	if len(calls) == 0 {
		return fail(e.T.F("source.call", c.Path, c.Call))
	}
	if c.Text == "" {
		return pass(e.T.F("source.ok", c.Path, c.Call, ""))
	}
	for _, t := range texts {
		if t == c.Text {
			return pass(e.T.F("source.ok", c.Path, c.Call, strconv.Quote(c.Text)))
		}
	}
	seen := e.T.F("source.nothing")
	if len(texts) > 0 {
		q := make([]string, len(texts))
		for i, t := range texts {
			q[i] = strconv.Quote(t)
		}
		seen = strings.Join(q, ", ")
	}
	return fail(e.T.F("source.text", c.Path, c.Call, strconv.Quote(c.Text), seen))
}

// importName is the name a file uses for an imported package path, or "" when not imported.
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if p != path {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return path[strings.LastIndex(path, "/")+1:]
	}
	return ""
}

// humanBytes uses decimal units, as the fact sheet and ls -lh --si do: 2,397,190 bytes is 2.4 MB.
func humanBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
