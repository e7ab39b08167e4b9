package auth

import (
	"strconv"
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	now := time.Date(2026, 3, 29, 1, 59, 0, 0, time.UTC)
	l := &RateLimiter{Burst: 3, Every: 10 * time.Second, Now: func() time.Time { return now }}
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "a", true}, {0, "a", true}, {0, "a", true},
		{0, "a", false}, // the burst is spent
		{0, "b", true},  // another key has its own bucket
		{9 * time.Second, "a", false},
		{time.Second, "a", true}, // one refilled after ten seconds
		{0, "a", false},
		{time.Hour, "a", true}, {0, "a", true}, {0, "a", true}, // refilled to the burst, no more
		{0, "a", false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.Allow(s.key); got != s.want {
			t.Fatalf("step %d (%s): Allow = %v, want %v", i, s.key, got, s.want)
		}
	}
	if !l.Limited("a") || l.Limited("c") {
		t.Error("Limited does not follow the buckets")
	}
	if l.Limited("c") && !l.Allow("c") {
		t.Error("Limited took an attempt")
	}
}

func TestRateLimiterForgetsFullBuckets(t *testing.T) {
	now := time.Unix(0, 0)
	l := &RateLimiter{Burst: 1, Every: time.Second, Now: func() time.Time { return now }}
	for i := range maxKeys {
		l.Allow(strconv.Itoa(i))
	}
	now = now.Add(time.Minute)
	l.Allow("new")
	if len(l.buckets) > 2 {
		t.Errorf("%d buckets kept after every bucket refilled", len(l.buckets))
	}
}
