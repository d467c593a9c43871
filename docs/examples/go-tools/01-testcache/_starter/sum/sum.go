// Package sum adds numbers.
package sum

// Ints returns the sum of xs.
func Ints(xs ...int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}
