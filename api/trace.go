package api

import (
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// parseTraceparent reads a W3C Trace Context traceparent header
// ("00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>") and returns the
// trace id and the caller's span id. It reports false for anything the
// specification says to ignore: a wrong length, upper-case or non-hex
// digits, the forbidden version ff, or an all-zero trace or span id. A
// version above 00 may carry more fields after the four it defines.
func parseTraceparent(h string) (traceID, parentID string, ok bool) {
	if len(h) < 55 || h[2] != '-' || h[35] != '-' || h[52] != '-' {
		return "", "", false
	}
	version, traceID, parentID, flags := h[0:2], h[3:35], h[36:52], h[53:55]
	if !lowerHex(version) || version == "ff" || !lowerHex(traceID) || !lowerHex(parentID) || !lowerHex(flags) {
		return "", "", false
	}
	if version == "00" && len(h) != 55 || len(h) > 55 && h[55] != '-' {
		return "", "", false
	}
	if allZero(traceID) || allZero(parentID) {
		return "", "", false
	}
	return traceID, parentID, true
}

// traceFromHeader returns the trace of a request: the caller's trace with a
// new span of ours when the traceparent header is valid (and sent once), or
// a new trace otherwise, as W3C Trace Context prescribes.
func traceFromHeader(values []string) ga.Trace {
	t := storage.NewTrace()
	if len(values) != 1 {
		return t
	}
	if traceID, parentID, ok := parseTraceparent(strings.TrimSpace(values[0])); ok {
		t.TraceID, t.ParentSpanID = traceID, parentID
	}
	return t
}

// formatTraceparent is the traceparent of our span. The sampled flag is
// always set: the processing log records every request, it never samples
// (SPEC §5).
func formatTraceparent(t ga.Trace) string {
	return "00-" + t.TraceID + "-" + t.SpanID + "-01"
}

func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func allZero(s string) bool { return strings.Trim(s, "0") == "" }
