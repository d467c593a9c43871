//go:build !windows

package main

// systemUILanguage: outside Windows the locale variables say it all.
func systemUILanguage() string { return "" }
