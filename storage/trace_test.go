package storage

import (
	"encoding/hex"
	"testing"
	"time"
)

// TestTraceIDsFollowTime checks that the trace ids NewTrace starts sort in
// the order of their time (so that appends reach the right edge of the
// log's trace index), are W3C trace ids (32 hex digits, not all zero) and
// differ within one millisecond.
func TestTraceIDsFollowTime(t *testing.T) {
	base := time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		earlier, then time.Time
	}{
		{"a millisecond later", base, base.Add(time.Millisecond)},
		{"a second later", base, base.Add(time.Second)},
		{"a year later", base, base.AddDate(1, 0, 0)},
		{"across a byte boundary of the time", time.UnixMilli(0xffff), time.UnixMilli(0x10000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 100 {
				a, b := newTraceID(tt.earlier), newTraceID(tt.then)
				if !(a < b) {
					t.Fatalf("trace id %s at %v does not sort before %s at %v", a, tt.earlier, b, tt.then)
				}
			}
		})
	}
	seen := map[string]bool{}
	for range 1000 {
		id := newTraceID(base)
		raw, err := hex.DecodeString(id)
		if err != nil || len(raw) != 16 || id == "00000000000000000000000000000000" {
			t.Fatalf("trace id %q is not 16 hex-encoded bytes", id)
		}
		if seen[id] {
			t.Fatalf("trace id %s twice within one millisecond", id)
		}
		seen[id] = true
	}
	if id := NewTrace().TraceID; len(id) != 32 {
		t.Errorf("NewTrace's trace id %q has %d digits, want 32", id, len(id))
	}
}
