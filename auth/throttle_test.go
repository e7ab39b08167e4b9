package auth

import (
	"testing"
	"time"
)

func TestThrottleNext(t *testing.T) {
	last := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		throttle   Throttle
		failures   int
		wantWait   time.Duration // notBefore - last
		wantLocked bool
	}{
		{"no failures, no wait", DefaultThrottle, 0, 0, false},
		{"negative count counts as none", DefaultThrottle, -5, 0, false},
		{"first failure is free", DefaultThrottle, 1, 0, false},
		{"second failure is free", DefaultThrottle, 2, 0, false},
		{"third failure waits 1s", DefaultThrottle, 3, time.Second, false},
		{"fourth failure waits 2s", DefaultThrottle, 4, 2 * time.Second, false},
		{"fifth failure waits 4s", DefaultThrottle, 5, 4 * time.Second, false},
		{"sixth failure waits 8s", DefaultThrottle, 6, 8 * time.Second, false},
		{"seventh failure waits 16s", DefaultThrottle, 7, 16 * time.Second, false},
		{"eighth failure waits 32s", DefaultThrottle, 8, 32 * time.Second, false},
		{"ninth failure waits the 60s cap, not 64s", DefaultThrottle, 9, time.Minute, false},
		{"tenth failure locks for 15 minutes", DefaultThrottle, 10, 15 * time.Minute, true},
		{"failure after a lock locks again", DefaultThrottle, 11, 15 * time.Minute, true},
		{"huge count stays locked", DefaultThrottle, 1 << 40, 15 * time.Minute, true},
		{"without locking the delay stays capped",
			Throttle{FreeAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Minute}, 1000, time.Minute, false},
		{"without cap or lock the delay does not overflow",
			Throttle{FreeAttempts: 1, BaseDelay: time.Second}, 1 << 40, time.Second << 33, false}, // The last doubling that fits in a Duration.
		{"no free attempts still allows the first attempt",
			Throttle{BaseDelay: time.Second, MaxDelay: time.Minute}, 0, 0, false},
		{"no free attempts delays after the first failure",
			Throttle{BaseDelay: time.Second, MaxDelay: time.Minute}, 1, time.Second, false},
		{"zero value never delays or locks", Throttle{}, 100, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notBefore, locked := tt.throttle.Next(tt.failures, last)
			if wait := notBefore.Sub(last); wait != tt.wantWait || locked != tt.wantLocked {
				t.Errorf("Next(%d) = last+%v, locked %v; want last+%v, locked %v", tt.failures, wait, locked, tt.wantWait, tt.wantLocked)
			}
		})
	}
}

// TestDefaultThrottleIsSlowEnough checks the property the policy exists
// for: within the first hour of an attack, at most a few dozen guesses.
func TestDefaultThrottleIsSlowEnough(t *testing.T) {
	start := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	now, failures := start, 0
	for now.Before(start.Add(time.Hour)) {
		failures++ // The attacker guesses as soon as allowed, and fails.
		notBefore, _ := DefaultThrottle.Next(failures, now)
		now = notBefore
	}
	if failures > 20 {
		t.Errorf("an attacker gets %d guesses in the first hour, want at most 20", failures)
	}
}

func TestThrottleCounted(t *testing.T) {
	last := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	day := DefaultThrottle.ForgetAfter
	tests := []struct {
		name     string
		throttle Throttle
		failures int
		since    time.Duration // now - last
		want     int
	}{
		{"a failure just now counts", DefaultThrottle, 3, 0, 3},
		{"a lock that ended still counts", DefaultThrottle, 10, DefaultThrottle.LockFor, 10},
		{"counted until just before ForgetAfter", DefaultThrottle, 10, day - time.Nanosecond, 10},
		{"forgotten at ForgetAfter", DefaultThrottle, 10, day, 0},
		{"forgotten after ForgetAfter", DefaultThrottle, 10, 2 * day, 0},
		{"negative count counts as none", DefaultThrottle, -1, 0, 0},
		{"without ForgetAfter never forgotten", Throttle{LockAfter: 10, LockFor: time.Minute}, 10, 100 * day, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.throttle.Counted(tt.failures, last, last.Add(tt.since)); got != tt.want {
				t.Errorf("Counted(%d, last, last+%v) = %d, want %d", tt.failures, tt.since, got, tt.want)
			}
		})
	}
	if DefaultThrottle.ForgetAfter <= DefaultThrottle.LockFor*time.Duration(DefaultThrottle.LockAfter) {
		t.Errorf("ForgetAfter %v: waiting it out must be slower than one attempt per lock", DefaultThrottle.ForgetAfter)
	}
}
