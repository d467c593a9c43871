package classroom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/firstrun/firstrun/engine"
)

// maxReportBytes bounds what is read: a report of a whole course is about 10 KB.
const maxReportBytes = 4 << 20

// Skip is a file that was not used, and why (in the instructor's language).
type Skip struct {
	Path string `json:"path"`
	Why  string `json:"why"`
}

// ReadReports reads the reports in the given files and folders (folders are searched for
// *.json files, hidden ones left out). Nothing is fatal: a file that is missing, unreadable,
// not JSON, not a firstrun report, of a newer format or with bad values is skipped with the
// reason, and of two reports by the same name the older is skipped. Reports come back sorted by
// name.
func ReadReports(t *engine.Messages, args []string) ([]*Report, []Skip) {
	var files []string
	var skips []Skip
	for _, arg := range args {
		st, err := os.Stat(arg)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			skips = append(skips, Skip{arg, t.F("skip.missing")})
		case err != nil:
			skips = append(skips, Skip{arg, t.F("skip.read", unwrapPath(err))})
		case st.IsDir():
			filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					skips = append(skips, Skip{path, t.F("skip.read", unwrapPath(err))})
					return nil
				}
				hidden := path != arg && strings.HasPrefix(d.Name(), ".") // .DS_Store, ._x.json on a USB stick
				switch {
				case d.IsDir() && hidden:
					return filepath.SkipDir
				case !d.IsDir() && !hidden && strings.EqualFold(filepath.Ext(path), ".json"):
					files = append(files, path)
				}
				return nil
			})
		default:
			files = append(files, arg)
		}
	}
	byName := map[string]*Report{}
	seen := map[string]bool{}
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil {
			if seen[abs] {
				continue // named twice (a folder and a file in it): read once
			}
			seen[abs] = true
		}
		r, why := readReport(t, f)
		if why != "" {
			skips = append(skips, Skip{f, why})
			continue
		}
		r.File = f
		key := strings.ToLower(r.Name)
		if old := byName[key]; old != nil {
			newer, older := r, old
			if old.Written.After(r.Written) {
				newer, older = old, r
			}
			skips = append(skips, Skip{older.File, t.F("skip.older", older.Name, newer.File)})
			byName[key] = newer
			continue
		}
		byName[key] = r
	}
	reports := make([]*Report, 0, len(byName))
	for _, r := range byName {
		reports = append(reports, r)
	}
	sort.Slice(reports, func(i, j int) bool { return strings.ToLower(reports[i].Name) < strings.ToLower(reports[j].Name) })
	return reports, skips
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readReport reads one file; why is the reason it cannot be used, "" when it can.
func readReport(t *engine.Messages, path string) (r *Report, why string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, t.F("skip.read", unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxReportBytes+1))
	if err != nil {
		return nil, t.F("skip.read", unwrapPath(err))
	}
	if len(data) > maxReportBytes {
		st, _ := f.Stat()
		return nil, t.F("skip.big", st.Size())
	}
	data = utf8Text(data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, t.F("skip.empty")
	}
	var head struct {
		Format *int   `json:"format"`
		Kind   string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field == "" {
			return nil, t.F("skip.foreign") // JSON, but not an object (a list, a string…)
		}
		if errors.As(err, &syn) {
			return nil, t.F("skip.notjson", fmt.Sprintf("%s, byte %d", syn, syn.Offset))
		}
		if head.Kind != ReportKind {
			return nil, t.F("skip.foreign")
		}
		return nil, t.F("skip.field", fieldOf(err))
	}
	if head.Kind != ReportKind {
		return nil, t.F("skip.foreign")
	}
	if head.Format == nil || *head.Format < 1 {
		return nil, t.F("skip.field", "format")
	}
	if *head.Format > ReportFormat {
		return nil, t.F("skip.newer", *head.Format, ReportFormat)
	}
	r = &Report{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, t.F("skip.field", fieldOf(err))
	}
	if field := r.clean(); field != "" {
		return nil, t.F("skip.field", field)
	}
	if r.Name == "" {
		return nil, t.F("skip.noname")
	}
	return r, ""
}

func fieldOf(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && typ.Field != "" {
		return typ.Field
	}
	return err.Error()
}

// utf8Text undoes what Windows does to `firstrun progress --json > me.json`: PowerShell 5
// writes UTF-16 with a byte order mark, and some editors add a UTF-8 one.
func utf8Text(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:]
	case len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF):
		le := b[0] == 0xFF
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			if le {
				u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
			} else {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return b
}

// maxText is the longest name or title kept, in characters.
const maxText = 60

// clean makes a report safe to show on the instructor's terminal and in a spreadsheet: every
// string loses control characters (a name carrying terminal escapes would repaint the
// screen) and bidirectional overrides, and is cut to a sane length; numbers must not be
// negative. It returns the first bad field, "" when there is none.
func (r *Report) clean() string {
	for _, s := range []*string{&r.Name, &r.Go, &r.OS, &r.Arch, &r.Lang, &r.Lesson, &r.Step, &r.Position} {
		*s = cleanField(*s, maxText)
	}
	r.Pack = cleanField(r.Pack, 200)
	if r.Done < 0 || r.Total < 0 {
		return "done"
	}
	for i := range r.Steps {
		s := &r.Steps[i]
		for _, p := range []*string{&s.Lesson, &s.Step, &s.Number, &s.Title} {
			*p = cleanField(*p, maxText)
		}
		if s.SpentMs < 0 || s.Failed < 0 || s.Hints < 0 || s.Solutions < 0 {
			return fmt.Sprintf("steps[%d]", i)
		}
	}
	for i := range r.Runs {
		run := &r.Runs[i]
		run.Name, run.Command, run.Step = cleanField(run.Name, maxText), cleanField(run.Command, 200), cleanField(run.Step, maxText)
		if run.Ms < 0 || run.Ms != run.Ms { // NaN cannot come from JSON, but a negative time can
			return fmt.Sprintf("runs[%d]", i)
		}
	}
	return ""
}

func cleanField(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "�")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F:
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}
