package logbook

import (
	"bytes"
	"time"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// quickAudit and quickProcessing decode the common form of a record
// without reflection: a JSON object with no white space whose values are
// strings without escapes and, for system, the literal true or false. They
// report false for anything else, which decodeStrict then decodes. A
// record they decode is only used once it encodes back to exactly the same
// bytes (with appendAudit or appendProcessing, which write what
// EncodeAudit and EncodeProcessing write, or with those where they
// cannot); such bytes are the encoding of that record, so encoding/json
// decodes them to the same record.

func quickAudit(data []byte, r *ga.AuditRecord) bool {
	return quickObject(data, func(key, val []byte, str bool) bool {
		if !str {
			if string(key) != "system" {
				return false
			}
			switch string(val) {
			case "true":
				r.System = true
			case "false":
				r.System = false
			default:
				return false
			}
			return true
		}
		switch string(key) {
		case "trace_id":
			r.TraceID = string(val)
		case "time":
			return quickTime(val, &r.Time)
		case "user_id":
			r.UserID = string(val)
		case "partner_id":
			r.PartnerID = string(val)
		case "token_id":
			r.TokenID = string(val)
		case "action":
			r.Action = string(val)
		case "object_type":
			r.ObjectType = string(val)
		case "object_id":
			r.ObjectID = string(val)
		case "result":
			r.Result = ga.AuditResult(val)
		case "origin":
			r.Origin = string(val)
		case "detail":
			r.Detail = string(val)
		default:
			return false
		}
		return true
	})
}

func quickProcessing(data []byte, r *ga.ProcessingRecord) bool {
	return quickObject(data, func(key, val []byte, str bool) bool {
		if !str {
			return false
		}
		switch string(key) {
		case "trace_id":
			r.TraceID = string(val)
		case "span_id":
			r.SpanID = string(val)
		case "parent_span_id":
			r.ParentSpanID = string(val)
		case "name":
			r.Name = string(val)
		case "status_code":
			r.StatusCode = string(val)
		case "start_time":
			return quickTime(val, &r.StartTime)
		case "end_time":
			return quickTime(val, &r.EndTime)
		case "dpl.core.processing_activity_id":
			r.ProcessingActivityID = string(val)
		case "dpl.core.data_subject_id":
			r.DataSubjectID = string(val)
		case "dpl.core.data_subject_id_type":
			r.DataSubjectIDType = string(val)
		default:
			return false
		}
		return true
	})
}

// quickTime decodes a time value as encoding/json does.
func quickTime(val []byte, t *time.Time) bool {
	var buf [48]byte
	q := append(append(append(buf[:0], '"'), val...), '"')
	return t.UnmarshalJSON(q) == nil
}

// quickObject calls field for each member of the object in data, with the
// contents of a string value (str true) or the literal of another value.
// It fails on anything outside the common form.
func quickObject(data []byte, field func(key, val []byte, str bool) bool) bool {
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' {
		return false
	}
	b := data[1 : len(data)-1]
	for len(b) > 0 {
		key, rest, ok := quickString(b)
		if !ok || len(rest) == 0 || rest[0] != ':' {
			return false
		}
		b = rest[1:]
		var val []byte
		str := len(b) > 0 && b[0] == '"'
		if str {
			if val, b, ok = quickString(b); !ok {
				return false
			}
		} else {
			i := bytes.IndexByte(b, ',')
			if i < 0 {
				i = len(b)
			}
			val, b = b[:i], b[i:]
		}
		if !field(key, val, str) {
			return false
		}
		if len(b) > 0 {
			if b[0] != ',' || len(b) == 1 {
				return false
			}
			b = b[1:]
		}
	}
	return true
}

// quickString reads a JSON string without escapes or control characters,
// of valid UTF-8, at the start of b, and returns its contents and the rest.
func quickString(b []byte) (s, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, nil, false
	}
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			s = b[1:i]
			return s, b[i+1:], utf8.Valid(s)
		case c == '\\', c < 0x20:
			return nil, nil, false
		}
	}
	return nil, nil, false
}
