package main

import "golang.org/x/sys/windows"

// systemUILanguage is the user's Windows display language ("ko" for Korean): on Windows
// neither LANG nor LC_ALL is normally set, so a Korean Windows would otherwise get English.
func systemUILanguage() string {
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("GetUserDefaultUILanguage")
	if proc.Find() != nil {
		return ""
	}
	id, _, _ := proc.Call()
	// The low 10 bits of a LANGID are the primary language; LANG_KOREAN is 0x12.
	if id&0x3ff == 0x12 {
		return "ko"
	}
	return ""
}
