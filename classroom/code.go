package classroom

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// codeAlphabet has no letters that read alike on a projector or a whiteboard (no 0/O,
// 1/I/L, 5/S, 2/Z, 8/B): a learner types what they see.
const codeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// codeLen characters give 25^6 ≈ 244 million codes, and wrong codes are slowed down to a
// few a second per address: far more than a workshop lasts.
const codeLen = 6

// newCode is a fresh random class code.
func newCode() (string, error) {
	b := make([]byte, codeLen)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b), nil
}

// classFile is DIR/class.json: what makes a folder a class, so that a restarted server keeps
// its code.
type classFile struct {
	Kind    string    `json:"kind"` // "firstrun-class"
	Format  int       `json:"format"`
	Code    string    `json:"code"`
	Created time.Time `json:"created"`
}

const (
	classFileName   = "class.json"
	journalFileName = "journal.jsonl"
	lockFileName    = "serve.lock"
)

// errNotClass is a class.json that cannot be read as one.
var errNotClass = errors.New("not a firstrun class file")

// loadOrCreateClass reads dir's class file, or makes a new class with a fresh code when there
// is none; created says which.
func loadOrCreateClass(dir string, now time.Time) (cf *classFile, created bool, err error) {
	path := filepath.Join(dir, classFileName)
	data, err := os.ReadFile(path)
	if err == nil {
		cf = &classFile{}
		if err := json.Unmarshal(data, cf); err != nil || cf.Kind != "firstrun-class" || len(normCode(cf.Code)) < 4 {
			return nil, false, errNotClass
		}
		if cf.Format > 1 {
			return nil, false, fmt.Errorf("%w: format %d is newer than this firstrun's", errNotClass, cf.Format)
		}
		cf.Code = normCode(cf.Code)
		return cf, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	code, err := newCode()
	if err != nil {
		return nil, false, err
	}
	cf = &classFile{Kind: "firstrun-class", Format: 1, Code: code, Created: now.UTC().Truncate(time.Second)}
	data, err = json.MarshalIndent(cf, "", "  ")
	if err != nil {
		return nil, false, err
	}
	// Written whole or not at all: a class file cut short would lose the code.
	if err := writeAtomic(path, append(data, '\n')); err != nil {
		return nil, false, err
	}
	return cf, true, nil
}
