package main

// dumbTerminal: TERM=dumb (Emacs shell buffers, some CI consoles) moves no cursor and shows
// no colours, so firstrun writes plain text there and asks no survey questions.
func dumbTerminal(env func(string) string) bool { return env("TERM") == "dumb" }
