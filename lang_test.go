package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDetectLang(t *testing.T) {
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, ".firstrun"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, ".firstrun", "lang"), []byte("ko\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, flag string
		env        map[string]string
		workspace  string
		want       string
	}{
		{"nothing set", "", nil, "", "en"},
		{"flag wins over all", "en", map[string]string{"FIRSTRUN_LANG": "ko", "LANG": "ko_KR.UTF-8"}, ws, "en"},
		{"flag kr", "kr", nil, "", "ko"},
		{"flag ko-KR", "ko-KR", nil, "", "ko"},
		{"FIRSTRUN_LANG over workspace", "", map[string]string{"FIRSTRUN_LANG": "en"}, ws, "en"},
		{"workspace over locale", "", map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "en"}, ws, "ko"},
		{"LANGUAGE list", "", map[string]string{"LANGUAGE": "fr:ko:en", "LANG": "en_US.UTF-8"}, "", "ko"},
		{"LANGUAGE over LC_ALL", "", map[string]string{"LANGUAGE": "ko", "LC_ALL": "C"}, "", "ko"},
		{"LC_ALL over LC_MESSAGES", "", map[string]string{"LC_ALL": "C.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "", "en"},
		{"LC_MESSAGES over LANG", "", map[string]string{"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "", "ko"},
		{"LANG", "", map[string]string{"LANG": "ko_KR.UTF-8"}, "", "ko"},
		{"unknown FIRSTRUN_LANG is skipped", "", map[string]string{"FIRSTRUN_LANG": "fr", "LANG": "ko_KR"}, "", "ko"},
	}
	for _, c := range cases {
		env := func(k string) string { return c.env[k] }
		if got, _ := detectLang(c.flag, env, c.workspace); got != c.want {
			t.Errorf("%s: detectLang(%q, %v, %q) = %q, want %q", c.name, c.flag, c.env, c.workspace, got, c.want)
		}
	}
}

func TestFlagValue(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "ko", "times"}, "ko"},
		{[]string{"times", "-lang=kr"}, "kr"},
		{[]string{"times", "--", "--lang", "ko"}, ""},
		{[]string{"-h"}, ""},
	}
	for _, c := range cases {
		if got := flagValue(c.args, "lang"); got != c.want {
			t.Errorf("flagValue(%q, lang) = %q, want %q", c.args, got, c.want)
		}
	}
}
