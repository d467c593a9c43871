package classroom

import (
	"time"

	"github.com/firstrun/firstrun/engine"
)

// The live class protocol: what a learner's firstrun sends to `firstrun class serve`. A learner
// POSTs batches to /api/events with "Authorization: Bearer CODE"; each batch carries the
// learner's new events, numbered, and their progress report as of the last one, so the server
// needs no copy of the lessons to show where each learner is.

// ProtocolFormat is the version of Batch and BatchReply. A server refuses a newer format with
// 400 and a message naming it, rather than misread it.
const ProtocolFormat = 1

// Limits on what a server accepts, so that one learner's bad client cannot fill the
// instructor's disk or screen.
const (
	MaxBatchBytes     = 256 << 10 // a request body; larger gets 413
	MaxEventsPerBatch = 200       // a sender sends at most this many events at once
	MaxNameLen        = 60        // runes of a learner's name kept
)

// Batch is the body of POST /api/events.
type Batch struct {
	Format int `json:"format"`
	// Learner is a random id made when the workspace joined the class, stable for that
	// workspace: two learners with the same name stay two rows.
	Learner string `json:"learner"`
	Name    string `json:"name"`
	// Events are the learner's events not yet acknowledged, oldest first, numbered 1, 2, 3…
	// per learner. The server keeps each Seq once: a batch sent again after a lost reply
	// (or to a restarted server) adds nothing twice.
	Events []Envelope `json:"events"`
	// Report is the learner's progress as of the batch's last event (nil on an old client);
	// the server shows the newest one it has for each learner.
	Report *Report `json:"report,omitempty"`
	// Sent is when the learner's firstrun sent the batch, by its clock (zero on an old
	// client). With Report.Written on the same clock it tells how old the report is: a batch
	// delivered late, after the server was down, still shows the right time on the step.
	Sent time.Time `json:"sent,omitzero"`
}

// Envelope numbers one engine event for delivery.
type Envelope struct {
	Seq   int64        `json:"seq"`
	Event engine.Event `json:"event"`
}

// BatchReply is the server's answer to an accepted batch (200): Through is the highest Seq it
// holds for this learner, so the sender drops everything up to it from its outbox.
type BatchReply struct {
	Format  int   `json:"format"`
	Through int64 `json:"through"`
}
