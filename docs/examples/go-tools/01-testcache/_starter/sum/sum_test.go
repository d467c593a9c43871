package sum

import "testing"

func TestInts(t *testing.T) {
	if got := Ints(1, 2, 3); got != 6 {
		t.Errorf("Ints(1, 2, 3) = %d, want 6", got)
	}
}
