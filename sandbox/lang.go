package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LangPath is the file that remembers the learner's language, so a shell opened from the
// workbook, `firstrun env` and a second terminal answer in the language the learner chose.
func (w *Workspace) LangPath() string { return filepath.Join(w.StateDir(), "lang") }

// SavedLang is the language the workspace remembers, or "" when there is none.
func (w *Workspace) SavedLang() string {
	b, err := os.ReadFile(w.LangPath())
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// SaveLang remembers lang, when the workspace exists (it never creates one).
func (w *Workspace) SaveLang(lang string) error {
	if !w.Exists() || w.SavedLang() == lang {
		return nil
	}
	return os.WriteFile(w.LangPath(), []byte(lang+"\n"), 0o644)
}

// NotEmptyError: a workspace cannot be made in a folder that already holds other files. A type
// of its own so the command line can say it in the learner's language.
type NotEmptyError struct{ Dir, Marker string }

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("cannot create a workspace in %s: the folder is not empty and is not a firstrun workspace (no %s); choose another folder", e.Dir, e.Marker)
}
