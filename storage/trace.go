package storage

import (
	"crypto/rand"
	"encoding/hex"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// NewTrace starts a new W3C trace: a random 16-byte trace id and 8-byte span
// id, hex-encoded.
func NewTrace() ga.Trace {
	return ga.Trace{TraceID: randomHex(16), SpanID: newSpanID()}
}

func newSpanID() string { return randomHex(8) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
