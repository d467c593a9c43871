package sandbox

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReadCacheStatsEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	if st, err := ReadCacheStats(filepath.Join(dir, "none")); err != nil || st != (CacheStats{}) {
		t.Errorf("ReadCacheStats(missing) = %+v, %v; want zero stats", st, err)
	}
	if st, err := ReadCacheStats(dir); err != nil || st != (CacheStats{Exists: true}) {
		t.Errorf("ReadCacheStats(empty) = %+v, %v; want only Exists", st, err)
	}
}

func TestReadCacheStatsLayout(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"README":                 "This directory holds cached build artifacts from the Go build system.\n",
		"trim.txt":               "1700000000",
		"0a/0a11-a":              "v1 ...\n",
		"0a/0a22-d":              "archive",
		"ff/ff33-a":              "v1 ...\n",
		"ff/ff44-d/hello":        "executable",
		"not-hex/x-a":            "ignored as an entry, counted in bytes",
		"testexpand/0a55-a-miss": "",
	}
	var bytes int64
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
		bytes += int64(len(data))
	}
	want := CacheStats{Entries: 2, Outputs: 2, Bytes: bytes, Exists: true}
	if st, err := ReadCacheStats(dir); err != nil || st != want {
		t.Errorf("ReadCacheStats = %+v, %v; want %+v", st, err, want)
	}
}

func TestClearCache(t *testing.T) {
	w := newWorkspace(t)
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	w.now = func() time.Time { return now }
	os.MkdirAll(filepath.Join(w.CacheDir(), "ab", "abcd-d"), 0o755)
	os.WriteFile(filepath.Join(w.CacheDir(), "ab", "abcd-a"), []byte("v1"), 0o444)
	os.WriteFile(filepath.Join(w.CacheDir(), "README"), []byte("x"), 0o644)

	if err := w.ClearCache(); err != nil {
		t.Fatal(err)
	}
	if st, _ := ReadCacheStats(w.CacheDir()); st != (CacheStats{Exists: true}) {
		t.Errorf("after ClearCache: %+v, want an empty cache folder", st)
	}
	cmds, _ := ReadLog(w.LogPath())
	if len(cmds) != 1 || cmds[0].By != "firstrun" || !cmds[0].Start.Equal(now) || len(cmds[0].Args) != 2 || cmds[0].Args[1] != "-cache" {
		t.Errorf("log after ClearCache = %+v, want one firstrun `clean -cache` entry at %v", cmds, now)
	}
}
