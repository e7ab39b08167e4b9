package logbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Precision is the precision of the times in a log record. Both databases
// keep microseconds, so a record's time columns can only equal the time in
// its hashed bytes when the bytes carry no more than that.
const Precision = time.Microsecond

// CanonicalTime returns t in UTC at the log's precision, without a
// monotonic clock reading.
func CanonicalTime(t time.Time) time.Time { return t.UTC().Truncate(Precision) }

// CanonicalAudit returns r in the form in which it is hashed and stored:
// its time in UTC at microsecond precision.
func CanonicalAudit(r ga.AuditRecord) ga.AuditRecord {
	r.Time = CanonicalTime(r.Time)
	return r
}

// CanonicalProcessing returns r in the form in which it is hashed and
// stored: its times in UTC at microsecond precision.
func CanonicalProcessing(r ga.ProcessingRecord) ga.ProcessingRecord {
	r.StartTime = CanonicalTime(r.StartTime)
	r.EndTime = CanonicalTime(r.EndTime)
	return r
}

// EncodeAudit returns the exact bytes of an audit log entry: the JSON of the
// canonical record. encoding/json writes struct fields in their declared
// order, so the same record always gives the same bytes.
func EncodeAudit(r ga.AuditRecord) ([]byte, error) {
	return json.Marshal(CanonicalAudit(r))
}

// EncodeProcessing returns the exact bytes of a processing log entry.
func EncodeProcessing(r ga.ProcessingRecord) ([]byte, error) {
	return json.Marshal(CanonicalProcessing(r))
}

// DecodeAudit decodes the bytes of an audit log entry. It accepts only the
// bytes EncodeAudit writes, so an entry of the processing log, a field
// added by hand or a re-encoded record is refused.
func DecodeAudit(data []byte) (ga.AuditRecord, error) {
	if r, ok := decodeAuditQuick(data); ok {
		return r, nil
	}
	var r ga.AuditRecord
	if err := decodeStrict(data, &r); err != nil {
		return ga.AuditRecord{}, fmt.Errorf("not an audit record: %w", err)
	}
	if again, err := EncodeAudit(r); err != nil || !bytes.Equal(again, data) {
		return ga.AuditRecord{}, errNotCanonical
	}
	return r, nil
}

// decodeAuditQuick is DecodeAudit's fast path: the record quickAudit
// decodes, if it encodes back to exactly data. The record is its own
// variable, apart from the one decodeStrict fills, so that it stays off
// the heap.
func decodeAuditQuick(data []byte) (ga.AuditRecord, bool) {
	var r ga.AuditRecord
	if !quickAudit(data, &r) {
		return ga.AuditRecord{}, false
	}
	var buf [512]byte
	again, ok := appendAudit(buf[:0], r)
	if !ok {
		enc, err := EncodeAudit(r)
		again, ok = enc, err == nil
	}
	if !ok || !bytes.Equal(again, data) {
		return ga.AuditRecord{}, false
	}
	return r, true
}

// DecodeProcessing decodes the bytes of a processing log entry, accepting
// only the bytes EncodeProcessing writes.
func DecodeProcessing(data []byte) (ga.ProcessingRecord, error) {
	if r, ok := decodeProcessingQuick(data); ok {
		return r, nil
	}
	var r ga.ProcessingRecord
	if err := decodeStrict(data, &r); err != nil {
		return ga.ProcessingRecord{}, fmt.Errorf("not a processing record: %w", err)
	}
	if again, err := EncodeProcessing(r); err != nil || !bytes.Equal(again, data) {
		return ga.ProcessingRecord{}, errNotCanonical
	}
	return r, nil
}

// decodeProcessingQuick is decodeAuditQuick for DecodeProcessing.
func decodeProcessingQuick(data []byte) (ga.ProcessingRecord, bool) {
	var r ga.ProcessingRecord
	if !quickProcessing(data, &r) {
		return ga.ProcessingRecord{}, false
	}
	var buf [512]byte
	again, ok := appendProcessing(buf[:0], r)
	if !ok {
		enc, err := EncodeProcessing(r)
		again, ok = enc, err == nil
	}
	if !ok || !bytes.Equal(again, data) {
		return ga.ProcessingRecord{}, false
	}
	return r, true
}

// ProcessingName returns the name of the processing log entry data, the
// bytes EncodeProcessing writes, reading only the members before it
// (trace_id, span_id and parent_span_id, in the order EncodeProcessing
// writes them) and not the rest: a reader that needs only the name of many
// entries saves decoding and re-encoding each whole record. It does not
// check that the record is canonical, as DecodeProcessing does; bytes that
// do not begin as EncodeProcessing's do are an error.
func ProcessingName(data []byte) (string, error) {
	rest, ok := bytes.CutPrefix(data, []byte(`{"trace_id":`))
	if ok {
		rest, ok = skipJSONString(rest)
	}
	if ok {
		rest, ok = bytes.CutPrefix(rest, []byte(`,"span_id":`))
	}
	if ok {
		rest, ok = skipJSONString(rest)
	}
	if after, found := bytes.CutPrefix(rest, []byte(`,"parent_span_id":`)); ok && found { // omitted when empty
		rest, ok = skipJSONString(after)
	}
	if ok {
		rest, ok = bytes.CutPrefix(rest, []byte(`,"name":`))
	}
	var after []byte
	if ok {
		after, ok = skipJSONString(rest)
	}
	if !ok {
		return "", errNoName
	}
	value := rest[:len(rest)-len(after)]
	if bytes.IndexByte(value, '\\') < 0 {
		if !utf8.Valid(value) {
			return "", errNoName
		}
		return string(value[1 : len(value)-1]), nil
	}
	var name string
	if err := json.Unmarshal(value, &name); err != nil {
		return "", errNoName
	}
	return name, nil
}

var errNoName = errors.New("not a processing record: no name where EncodeProcessing writes it")

// skipJSONString returns what follows the JSON string at the start of b,
// and false when b does not start with a complete one.
func skipJSONString(b []byte) ([]byte, bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, false
	}
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++ // the escaped character; a \u escape's hex digits are plain
		case '"':
			return b[i+1:], true
		}
	}
	return nil, false
}

var errNotCanonical = errors.New("record is not in canonical form")

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the record")
	}
	return nil
}
