package auth

import (
	"math"
	"time"
)

// Throttle is the policy that slows down password guessing against one
// account. The caller counts consecutive failed logins per e-mail address,
// whether or not it has an account, so that the answers do not tell which
// accounts exist (resetting the count on success), and records the time of
// the last failure; Throttle turns those two facts into the earliest time of
// the next attempt.
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
	// ForgetAfter is how long after the last failure the count is
	// forgotten (Counted), so that the failures of an address without an
	// account need not be kept for ever; zero or less keeps them until a
	// successful login. Longer than LockFor, so that waiting it out gains
	// a guesser nothing over one attempt per lock.
	ForgetAfter time.Duration
}

// DefaultThrottle allows three attempts without delay, then makes each next
// attempt wait 1, 2, 4, 8, 16, 32 and 60 seconds after the last failure, and
// after ten consecutive failures locks the account for fifteen minutes. Ten attempts per quarter of an hour keep
// online guessing hopeless against a password that passes
// ValidatePasswordPolicy, while a user who mistypes is barely slowed. The
// count is forgotten a day after the last failure: one attempt per lock
// keeps it, and waiting a day for ten more attempts is slower than that.
var DefaultThrottle = Throttle{
	FreeAttempts: 3,
	BaseDelay:    time.Second,
	MaxDelay:     time.Minute,
	LockAfter:    10,
	LockFor:      15 * time.Minute,
	ForgetAfter:  24 * time.Hour,
}

// Counted returns the number of consecutive failures that still count at
// now: failures, or zero once ForgetAfter has passed since lastFailure.
func (t Throttle) Counted(failures int, lastFailure, now time.Time) int {
	if failures < 0 || t.ForgetAfter > 0 && !now.Before(lastFailure.Add(t.ForgetAfter)) {
		return 0
	}
	return failures
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
// successful login resets the count or the caller forgets it (Counted). A negative failure count is treated as
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
