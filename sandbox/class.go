package sandbox

import "path/filepath"

// The live class (firstrun class join) keeps three files in the state folder. They survive
// `firstrun reset` (which starts the lessons over, not the class) and go with `reset --all`.

// ClassPath is the class the workspace joined: the server's address, the class code and the
// learner's id. No file: not in a class.
func (w *Workspace) ClassPath() string { return filepath.Join(w.StateDir(), "class.json") }

// OutboxPath is the JSON-lines outbox of events not yet acknowledged by the class server:
// every event is written here first, so nothing waits for the network or is lost with it.
func (w *Workspace) OutboxPath() string { return filepath.Join(w.StateDir(), "class-outbox.jsonl") }

// ClassLockPath is the lock every change to the class record and the outbox holds: the
// workbook and the learner's shell run firstrun at once.
func (w *Workspace) ClassLockPath() string { return filepath.Join(w.StateDir(), "class.lock") }
