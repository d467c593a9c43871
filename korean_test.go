package main

import (
	"testing"

	"github.com/firstrun/firstrun/engine"
)

// TestKoreanParticlesEverywhere renders every Korean message registered by any package the
// command links (engine, classroom, the commands' own files): none may show a particle that
// is wrong for some inserted value, or an 이(가)-style fallback.
func TestKoreanParticlesEverywhere(t *testing.T) {
	for _, p := range engine.KoreanParticleProblems() {
		t.Error(p)
	}
}
