package auth

import (
	"testing"
	"time"
)

func TestSessionPolicy(t *testing.T) {
	login := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	p := DefaultSessionPolicy
	tests := []struct {
		name        string
		policy      SessionPolicy
		lastSeen    time.Time
		now         time.Time
		wantExpires time.Time
		wantValid   bool
	}{
		{"fresh session is valid", p, login, login, login.Add(15 * time.Minute), true},
		{"valid one nanosecond before the idle limit", p, login, login.Add(15*time.Minute - 1), login.Add(15 * time.Minute), true},
		{"invalid at exactly the idle limit", p, login, login.Add(15 * time.Minute), login.Add(15 * time.Minute), false},
		{"activity extends the idle limit", p, login.Add(10 * time.Minute), login.Add(20 * time.Minute), login.Add(25 * time.Minute), true},
		{"zero lastSeen counts as login time", p, time.Time{}, login.Add(14 * time.Minute), login.Add(15 * time.Minute), true},
		{"lastSeen before login counts as login time", p, login.Add(-time.Hour), login.Add(16 * time.Minute), login.Add(15 * time.Minute), false},
		{"active session valid one nanosecond before the absolute limit", p, login.Add(8*time.Hour - time.Minute), login.Add(8*time.Hour - 1), login.Add(8 * time.Hour), true},
		{"active session invalid at exactly the absolute limit", p, login.Add(8*time.Hour - time.Minute), login.Add(8 * time.Hour), login.Add(8 * time.Hour), false},
		{"absolute limit wins over recent activity", p, login.Add(8*time.Hour - time.Second), login.Add(8*time.Hour + time.Second), login.Add(8 * time.Hour), false},
		{"zero policy fails closed", SessionPolicy{}, login, login, login, false},
		{"zero idle limit fails closed", SessionPolicy{Absolute: time.Hour}, login, login.Add(time.Nanosecond), login, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.policy.ExpiresAt(login, tt.lastSeen); !got.Equal(tt.wantExpires) {
				t.Errorf("ExpiresAt = %v, want %v", got, tt.wantExpires)
			}
			if got := tt.policy.Valid(login, tt.lastSeen, tt.now); got != tt.wantValid {
				t.Errorf("Valid at %v = %v, want %v", tt.now, got, tt.wantValid)
			}
		})
	}
}
