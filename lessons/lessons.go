// Package lessons holds the course as data: one folder per lesson (lesson.yaml, en.md, ko.md,
// an optional _starter folder). The engine knows nothing of any lesson; see
// docs/authoring.md for the format.
package lessons

import "embed"

// FS is the embedded lesson pack. The all: prefix keeps the _starter folders, whose names
// start with an underscore so that the go tool does not compile the starter programs as part
// of firstrun.
//
//go:embed all:[0-9]*
var FS embed.FS
