package auth

import "time"

// SessionPolicy limits how long a login session lasts. A session ends when
// it has been idle for Idle or, however active, has existed for Absolute.
// A zero or negative limit ends every session at once: the policy fails
// closed rather than letting sessions live forever.
type SessionPolicy struct {
	Idle     time.Duration // Idle is the longest time between two requests.
	Absolute time.Duration // Absolute is the longest life of a session.
}

// DefaultSessionPolicy ends a session after 15 minutes without a request or
// 8 hours after login, a working day, whichever comes first. The short idle
// limit protects case files left open on an unattended screen.
var DefaultSessionPolicy = SessionPolicy{Idle: 15 * time.Minute, Absolute: 8 * time.Hour}

// ExpiresAt returns the first instant at which a session created at created
// and last used at lastSeen is no longer valid: the earlier of lastSeen+Idle
// and created+Absolute. A lastSeen before created (such as the zero time,
// for a session not used since login) counts as created.
func (p SessionPolicy) ExpiresAt(created, lastSeen time.Time) time.Time {
	if lastSeen.Before(created) {
		lastSeen = created
	}
	idle := lastSeen.Add(p.Idle)
	absolute := created.Add(p.Absolute)
	if absolute.Before(idle) {
		return absolute
	}
	return idle
}

// Valid reports whether the session is still valid at now, that is whether
// now is before ExpiresAt(created, lastSeen). A session is therefore invalid
// at exactly the instant it expires. The caller updates lastSeen only after
// Valid has returned true, so that a request cannot revive an expired
// session.
func (p SessionPolicy) Valid(created, lastSeen, now time.Time) bool {
	return now.Before(p.ExpiresAt(created, lastSeen))
}
