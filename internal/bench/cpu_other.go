//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package bench

import "time"

// processCPU is unknown on this system.
func processCPU() time.Duration { return 0 }
