package engine

import (
	"io/fs"
	"path"
	"strings"
)

// linkOnPath returns the first folder on the way from dir to dir/rel that is a symbolic
// link, or "". fs.Stat and fs.WalkDir follow a link at the root of a walk, so a starter
// folder that is itself a link looks like a plain folder of plain files; only the parent's
// directory entry (which os.DirFS reads without following links) tells. go.mod's Go 1.24 has
// no fs.Lstat.
func (ld *loader) linkOnPath(dir, rel string) string {
	parent := dir
	for _, part := range strings.Split(path.Clean(rel), "/") {
		if part == "." || part == "" {
			continue
		}
		entries, err := fs.ReadDir(ld.fsys, parent)
		if err != nil {
			return ""
		}
		for _, e := range entries {
			if e.Name() == part && e.Type()&fs.ModeSymlink != 0 {
				return path.Join(parent, part)
			}
		}
		parent = path.Join(parent, part)
	}
	return ""
}
