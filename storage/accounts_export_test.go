package storage

import "github.com/groepsaanpak/groepsaanpak/auth"

// The tests of this package hash passwords with the cheap test parameters;
// auth.DefaultParams would make every login of the suite take 50 ms.
func init() { passwordParams = auth.TestParams }
