package logbook

import (
	"time"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// appendAudit appends what EncodeAudit returns for r, without reflection,
// and reports true, when every string of r is written by encoding/json as
// it is (plainJSON) and its time can be encoded; otherwise it reports
// false, and the caller encodes r with EncodeAudit. TestCanonicalEncoding
// and FuzzCanonicalEncoding compare it with EncodeAudit.
func appendAudit(b []byte, r ga.AuditRecord) ([]byte, bool) {
	ok := true
	b, ok = appendJSONString(b, `{"trace_id":`, r.TraceID, ok)
	b, ok = appendJSONTime(b, `,"time":`, r.Time, ok)
	if r.UserID != "" {
		b, ok = appendJSONString(b, `,"user_id":`, r.UserID, ok)
	}
	if r.PartnerID != "" {
		b, ok = appendJSONString(b, `,"partner_id":`, r.PartnerID, ok)
	}
	if r.TokenID != "" {
		b, ok = appendJSONString(b, `,"token_id":`, r.TokenID, ok)
	}
	if r.System {
		b = append(b, `,"system":true`...)
	}
	b, ok = appendJSONString(b, `,"action":`, r.Action, ok)
	b, ok = appendJSONString(b, `,"object_type":`, r.ObjectType, ok)
	if r.ObjectID != "" {
		b, ok = appendJSONString(b, `,"object_id":`, r.ObjectID, ok)
	}
	b, ok = appendJSONString(b, `,"result":`, string(r.Result), ok)
	if r.Origin != "" {
		b, ok = appendJSONString(b, `,"origin":`, r.Origin, ok)
	}
	if r.Detail != "" {
		b, ok = appendJSONString(b, `,"detail":`, r.Detail, ok)
	}
	return append(b, '}'), ok
}

// appendProcessing is appendAudit for EncodeProcessing.
func appendProcessing(b []byte, r ga.ProcessingRecord) ([]byte, bool) {
	ok := true
	b, ok = appendJSONString(b, `{"trace_id":`, r.TraceID, ok)
	b, ok = appendJSONString(b, `,"span_id":`, r.SpanID, ok)
	if r.ParentSpanID != "" {
		b, ok = appendJSONString(b, `,"parent_span_id":`, r.ParentSpanID, ok)
	}
	b, ok = appendJSONString(b, `,"name":`, r.Name, ok)
	b, ok = appendJSONString(b, `,"status_code":`, r.StatusCode, ok)
	b, ok = appendJSONTime(b, `,"start_time":`, r.StartTime, ok)
	b, ok = appendJSONTime(b, `,"end_time":`, r.EndTime, ok)
	b, ok = appendJSONString(b, `,"dpl.core.processing_activity_id":`, r.ProcessingActivityID, ok)
	b, ok = appendJSONString(b, `,"dpl.core.data_subject_id":`, r.DataSubjectID, ok)
	b, ok = appendJSONString(b, `,"dpl.core.data_subject_id_type":`, r.DataSubjectIDType, ok)
	return append(b, '}'), ok
}

// appendJSONString appends key and s as encoding/json writes a string
// that is plainJSON; ok becomes false when s is not.
func appendJSONString(b []byte, key, s string, ok bool) ([]byte, bool) {
	b = append(b, key...)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), ok && plainJSON(s)
}

// appendJSONTime appends key and the canonical time of t as time.Time.MarshalJSON
// writes it: RFC 3339 with the fraction's trailing zeros dropped, which
// MarshalJSON refuses for a year outside 0..9999 (ok is then false).
func appendJSONTime(b []byte, key string, t time.Time, ok bool) ([]byte, bool) {
	t = CanonicalTime(t)
	b = append(b, key...)
	if y := t.Year(); y < 0 || y > 9999 {
		ok = false
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), ok
}

// plainJSON reports whether encoding/json writes s between quotes as it
// is: valid UTF-8 without control characters, quotes, backslashes, the
// characters it escapes for HTML (<, >, &) or U+2028 and U+2029.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
