package classroom

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// membershipKind marks class.json, so a stray file is not taken for a class.
const membershipKind = "firstrun-class-membership"

// Membership is the class a workspace joined (the sandbox's ClassPath): where its server is,
// the class code, and who the learner is to it.
type Membership struct {
	Kind    string    `json:"kind"`
	Format  int       `json:"format"`
	URL     string    `json:"url"` // the server's base address, e.g. http://192.168.1.20:8080
	Code    string    `json:"code"`
	Learner string    `json:"learner"` // random, made at join
	Name    string    `json:"name"`
	Joined  time.Time `json:"joined"`
	// Refused is the server's last refusal (see Refusal), kept so the learner is told once,
	// not by every command; a delivery that goes through clears it.
	Refused string `json:"refused,omitempty"`
	// TimedOut is when a delivery last got no answer in time (a server's laptop that left the
	// network): commands skip their flush for a while, so none waits for it again and again.
	TimedOut time.Time `json:"timed_out,omitzero"`
}

// classFiles are a workspace's class record, outbox and lock.
type classFiles struct {
	Record string
	Outbox *Outbox
}

func newClassFiles(record, outbox, lock string) *classFiles {
	return &classFiles{Record: record, Outbox: &Outbox{Path: outbox, Lock: lock}}
}

// errNotJoined is a class record that is not there (never joined, or left).
var errNotJoined = errors.New("not in a class")

// load reads the class record; errNotJoined when there is none.
func (f *classFiles) load() (*Membership, error) {
	data, err := os.ReadFile(f.Record)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotJoined
	}
	if err != nil {
		return nil, fmt.Errorf("reading the class record: %w", err)
	}
	var m Membership
	if err := json.Unmarshal(data, &m); err != nil || m.Kind != membershipKind || m.URL == "" || m.Learner == "" {
		return nil, fmt.Errorf("the class record %s is unreadable: join the class again (firstrun class join URL CODE)", f.Record)
	}
	return &m, nil
}

func (f *classFiles) save(m *Membership) error {
	m.Kind, m.Format = membershipKind, ProtocolFormat
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(f.Record, append(data, '\n')); err != nil {
		return fmt.Errorf("writing the class record: %w", err)
	}
	return nil
}

// update changes the record under the class lock, unless the learner left meanwhile (then
// nothing is written: a delivery that ends after `class leave` must not join again).
func (f *classFiles) update(change func(m *Membership) bool) error {
	return f.Outbox.withLock(func() error {
		m, err := f.load()
		if err != nil {
			return err
		}
		if !change(m) {
			return nil
		}
		return f.save(m)
	})
}

// newLearnerID is a random id: two learners with the same name stay two rows.
func newLearnerID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b)
}
