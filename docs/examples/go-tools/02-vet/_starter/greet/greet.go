// Package greet says hello.
package greet

import "fmt"

// Hello prints a greeting for name.
func Hello(name string) {
	fmt.Printf("Hello, %d!\n", name)
}
