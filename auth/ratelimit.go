package auth

import (
	"sync"
	"time"
)

// RateLimiter limits attempts per key (a client address, a user) with a
// token bucket: Burst attempts at once, refilled at one per Every. It
// complements the per-account Throttle: that slows guessing against one
// account, this slows one client trying many accounts or tokens. It is safe
// for concurrent use and forgets keys whose bucket is full again.
type RateLimiter struct {
	Burst int
	Every time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxKeys bounds the memory of a limiter under a flood of distinct keys:
// beyond it, full buckets are dropped first, and if that is not enough the
// map starts afresh (which errs on the side of letting attempts through,
// the per-account throttle still holding).
const maxKeys = 100_000

func (l *RateLimiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// refill returns the key's bucket brought up to now.
func (l *RateLimiter) refill(key string, now time.Time) *bucket {
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxKeys {
			l.prune(now)
		}
		b = &bucket{tokens: float64(l.Burst), at: now}
		l.buckets[key] = b
		return b
	}
	if l.Every > 0 && now.After(b.at) {
		b.tokens = min(float64(l.Burst), b.tokens+float64(now.Sub(b.at))/float64(l.Every))
	}
	b.at = now
	return b
}

func (l *RateLimiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if l.Every > 0 && b.tokens+float64(now.Sub(b.at))/float64(l.Every) >= float64(l.Burst) {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxKeys {
		l.buckets = map[string]*bucket{}
	}
}

// Allow takes one attempt from the key's bucket and reports whether there
// was one.
func (l *RateLimiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(key, l.now())
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Limited reports, without taking an attempt, whether the key has none
// left: for endpoints that count only failures.
func (l *RateLimiter) Limited(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.refill(key, l.now()).tokens < 1
}
