package auth

import (
	"math"
	"time"
)

// Throttle is the policy that slows down password guessing against one
// account. The caller counts consecutive failed logins per account
// (resetting the count on success) and records the time of the last failure;
// Throttle turns those two facts into the earliest time of the next attempt.
type Throttle struct {
	// FreeAttempts is the number of attempts allowed without delay (the
	// first attempt always is). After that many consecutive failures the
	// next attempt waits BaseDelay.
	FreeAttempts int
	// BaseDelay is the first delay; it doubles with every further failure.
	BaseDelay time.Duration
	// MaxDelay caps the doubling delay; zero or less means no cap.
	MaxDelay time.Duration
	// LockAfter is the number of consecutive failures that lock the account;
	// zero or less disables locking.
	LockAfter int
	// LockFor is how long a lock lasts, counted from the last failure.
	LockFor time.Duration
}

// DefaultThrottle allows three attempts without delay, then makes each next
// attempt wait 1, 2, 4, 8, 16, 32 and 60 seconds after the last failure, and
// after ten consecutive failures locks the account for fifteen minutes. Ten attempts per quarter of an hour keep
// online guessing hopeless against a password that passes
// ValidatePasswordPolicy, while a user who mistypes is barely slowed.
var DefaultThrottle = Throttle{
	FreeAttempts: 3,
	BaseDelay:    time.Second,
	MaxDelay:     time.Minute,
	LockAfter:    10,
	LockFor:      15 * time.Minute,
}

// Next returns the earliest time at which a login to an account with the
// given number of consecutive failures, the last at lastFailure, may be
// attempted, and whether that wait is a lock rather than a delay (so that
// the caller can tell the user so). The caller refuses an attempt, without
// checking the password, when now is before notBefore.
//
// With fewer than FreeAttempts failures notBefore is lastFailure, which has
// passed; with n failures from FreeAttempts on, it is lastFailure plus
// BaseDelay doubled n-FreeAttempts times, at most MaxDelay. A lock holds
// until LockFor after the last failure; once it has passed one attempt is
// allowed, and if that fails too the account is locked again, until a
// successful login resets the count. A negative failure count is treated as
// zero.
func (t Throttle) Next(failures int, lastFailure time.Time) (notBefore time.Time, locked bool) {
	if t.LockAfter > 0 && failures >= t.LockAfter {
		return lastFailure.Add(t.LockFor), true
	}
	free := max(t.FreeAttempts, 1)
	if failures < free {
		return lastFailure, false
	}
	return lastFailure.Add(t.delay(failures - free)), false
}

// delay returns BaseDelay doubled n times, capped at MaxDelay (if positive)
// and without overflowing.
func (t Throttle) delay(n int) time.Duration {
	d := t.BaseDelay
	for range n {
		if t.MaxDelay > 0 && d >= t.MaxDelay {
			break
		}
		if d <= 0 || d > math.MaxInt64/2 {
			break // Doubling would overflow, or there is nothing to double.
		}
		d *= 2
	}
	if t.MaxDelay > 0 && d > t.MaxDelay {
		d = t.MaxDelay
	}
	return d
}
