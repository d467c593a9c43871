//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package classroom

import "os"

// tryLock cannot lock here (no flock or LockFileEx): a second server on the same folder is
// not refused.
func tryLock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

func unlock(f *os.File) { f.Close() }
