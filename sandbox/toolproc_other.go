//go:build !unix && !windows

package sandbox

import "os/exec"

func inToolGroup(*exec.Cmd)   {}
func lowerPriority(*exec.Cmd) {}
