package logbook

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The decoders before quickAudit and quickProcessing: DecodeAudit and
// DecodeProcessing must return exactly what these return, for any bytes.
func referenceAudit(data []byte) (ga.AuditRecord, error) {
	var r ga.AuditRecord
	if err := decodeStrict(data, &r); err != nil {
		return ga.AuditRecord{}, fmt.Errorf("not an audit record: %w", err)
	}
	if again, err := EncodeAudit(r); err != nil || !bytes.Equal(again, data) {
		return ga.AuditRecord{}, errNotCanonical
	}
	return r, nil
}

func referenceProcessing(data []byte) (ga.ProcessingRecord, error) {
	var r ga.ProcessingRecord
	if err := decodeStrict(data, &r); err != nil {
		return ga.ProcessingRecord{}, fmt.Errorf("not a processing record: %w", err)
	}
	if again, err := EncodeProcessing(r); err != nil || !bytes.Equal(again, data) {
		return ga.ProcessingRecord{}, errNotCanonical
	}
	return r, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func sameDecoding(t *testing.T, data []byte) {
	t.Helper()
	a, err := DecodeAudit(data)
	ra, rerr := referenceAudit(data)
	if errText(err) != errText(rerr) || !reflect.DeepEqual(a, ra) {
		t.Fatalf("DecodeAudit(%q) = %#v, %v; the reference gives %#v, %v", data, a, err, ra, rerr)
	}
	p, err := DecodeProcessing(data)
	rp, rerr := referenceProcessing(data)
	if errText(err) != errText(rerr) || !reflect.DeepEqual(p, rp) {
		t.Fatalf("DecodeProcessing(%q) = %#v, %v; the reference gives %#v, %v", data, p, err, rp, rerr)
	}
}

func decodingSeeds(t testing.TB) [][]byte {
	at := time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)
	audit, err := EncodeAudit(ga.AuditRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", Time: at, UserID: "u1", PartnerID: "p1",
		System: true, Action: "read", ObjectType: "group", ObjectID: "g1", Result: ga.ResultSuccess, Detail: "filter: none"})
	if err != nil {
		t.Fatal(err)
	}
	proc, err := EncodeProcessing(ga.ProcessingRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", SpanID: "00f067aa0ba902b7",
		Name: "read", StatusCode: ga.StatusOK, StartTime: at, EndTime: at.Add(time.Second),
		ProcessingActivityID: "pa-1", DataSubjectID: "ds-1", DataSubjectIDType: "pseudoniem"})
	if err != nil {
		t.Fatal(err)
	}
	return [][]byte{
		audit, proc,
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00Z","system":false,"action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00+00:00","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00.1234567Z","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"t","TIME":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"t","trace_id":"u","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"a<b","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{"trace_id":"a\u003cb","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte("{\"trace_id\":\"\xff\",\"time\":\"2026-03-01T09:30:00Z\",\"action\":\"a\",\"object_type\":\"o\",\"result\":\"geslaagd\"}"),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd","extra":"x"}`),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd",}`),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00Z","action":"a","object_type":"o","result":"geslaagd"} `),
		[]byte(`{"trace_id":"t","time":"2026-03-01T09:30:00Z","system":true,"system":false,"action":"a","object_type":"o","result":"geslaagd"}`),
		[]byte(`{}`), []byte(`{`), []byte(`{"system":tru}`), []byte(`null`), []byte(``),
	}
}

// TestQuickDecodingMatchesTheReference decodes canonical records, records
// almost canonical in each way the quick decoder must leave to
// encoding/json, and malformed bytes, and compares with the reference.
func TestQuickDecodingMatchesTheReference(t *testing.T) {
	for _, data := range decodingSeeds(t) {
		t.Run(string(data), func(t *testing.T) { sameDecoding(t, data) })
	}
}

func FuzzQuickDecoding(f *testing.F) {
	for _, data := range decodingSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameDecoding(t, data) })
}

// sameEncoding checks that appendAudit and appendProcessing write what
// EncodeAudit and EncodeProcessing write whenever they report true, and
// report true for records of plain strings and a time in range.
func sameEncoding(t *testing.T, a ga.AuditRecord, p ga.ProcessingRecord) {
	t.Helper()
	plain := func(ss ...string) bool {
		for _, s := range ss {
			if !plainJSON(s) {
				return false
			}
		}
		return true
	}
	inRange := func(ts ...time.Time) bool {
		for _, at := range ts {
			if y := CanonicalTime(at).Year(); y < 0 || y > 9999 {
				return false
			}
		}
		return true
	}
	prefix := []byte("x")
	got, ok := appendAudit(prefix, a)
	want, err := EncodeAudit(a)
	if ok && (err != nil || !bytes.Equal(got[len(prefix):], want) || string(got[:len(prefix)]) != "x") {
		t.Fatalf("appendAudit(%#v) = %q; EncodeAudit gives %q, %v", a, got, want, err)
	}
	if !ok && plain(a.TraceID, a.UserID, a.PartnerID, a.TokenID, a.Action, a.ObjectType, a.ObjectID, string(a.Result), a.Origin, a.Detail) && inRange(a.Time) {
		t.Fatalf("appendAudit(%#v) reports false for a record of plain strings", a)
	}
	if !ok && err == nil && !bytes.Contains(want, []byte(`\`)) { // nothing escaped
		t.Fatalf("appendAudit(%#v) reports %v; EncodeAudit gives %q", a, ok, want)
	}
	got, ok = appendProcessing(prefix, p)
	want, err = EncodeProcessing(p)
	if ok && (err != nil || !bytes.Equal(got[len(prefix):], want) || string(got[:len(prefix)]) != "x") {
		t.Fatalf("appendProcessing(%#v) = %q; EncodeProcessing gives %q, %v", p, got, want, err)
	}
	if !ok && plain(p.TraceID, p.SpanID, p.ParentSpanID, p.Name, p.StatusCode, p.ProcessingActivityID, p.DataSubjectID, p.DataSubjectIDType) &&
		inRange(p.StartTime, p.EndTime) {
		t.Fatalf("appendProcessing(%#v) reports false for a record of plain strings", p)
	}
}

// fuzzRecords builds an audit and a processing record from the same
// fields, so that one fuzz input exercises both encoders.
func fuzzRecords(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 string, system bool, sec, nsec int64, offset int) (ga.AuditRecord, ga.ProcessingRecord) {
	at := time.Unix(sec, nsec).In(time.FixedZone("", offset%(36*3600)))
	a := ga.AuditRecord{TraceID: s0, Time: at, UserID: s1, PartnerID: s2, TokenID: s3, System: system, Action: s4,
		ObjectType: s5, ObjectID: s6, Result: ga.AuditResult(s7), Origin: s8, Detail: s9}
	p := ga.ProcessingRecord{TraceID: s0, SpanID: s1, ParentSpanID: s2, Name: s3, StatusCode: s4, StartTime: at,
		EndTime: at.Add(time.Duration(nsec) * 997), ProcessingActivityID: s5, DataSubjectID: s6, DataSubjectIDType: s7 + s8 + s9}
	return a, p
}

type encodingCase struct {
	s         [10]string
	system    bool
	sec, nsec int64
	offset    int
}

func encodingCases() []encodingCase {
	base := time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)
	plain := [10]string{"4bf92f3577b34da6a3ce929d0e0e4736", "u1", "p1", "tok", "read", "group", "g1", "geslaagd", "api", "filter: none"}
	empty := [10]string{}
	cases := []encodingCase{
		{plain, true, base.Unix(), int64(base.Nanosecond()), 0},
		{plain, false, base.Unix(), 0, 3600},
		{empty, false, 0, 0, 0},
		{empty, true, -62135596800, 0, 0},                     // year 1
		{plain, false, -62167219200, 0, 0},                    // year 0
		{plain, false, -62167219201, 0, 0},                    // year -1: MarshalJSON refuses it
		{plain, false, 253402300799, 999999999, 0},            // the last second of 9999
		{plain, false, 253402300799, 999999999, -3600},        // the same in another zone
		{plain, false, 253402300800, 0, 0},                    // year 10000
		{plain, false, base.Unix(), 100000000, 5*3600 + 1800}, // trailing zeros in the fraction
		{plain, false, base.Unix(), 999, 0},                   // less than a microsecond
	}
	for _, odd := range []string{"a<b", "a>b", "a&b", `a"b`, `a\b`, "a\nb", "a\x00b", "a\x1fb", "a\x7fb", "é", "\u2028", "\u2029",
		"\xff", "a\xc3", "\xed\xa0\x80", "𝄞", "\ufffd", " ", "/"} {
		for i := range plain {
			s := plain
			s[i] = odd
			cases = append(cases, encodingCase{s, i%2 == 0, base.Unix(), int64(i) * 1001, 0})
		}
	}
	return cases
}

// TestCanonicalEncoding compares appendAudit and appendProcessing with
// EncodeAudit and EncodeProcessing on records of plain strings, of each
// string that encoding/json escapes in each field, and of times at the ends
// of what MarshalJSON accepts.
func TestCanonicalEncoding(t *testing.T) {
	for _, c := range encodingCases() {
		a, p := fuzzRecords(c.s[0], c.s[1], c.s[2], c.s[3], c.s[4], c.s[5], c.s[6], c.s[7], c.s[8], c.s[9], c.system, c.sec, c.nsec, c.offset)
		sameEncoding(t, a, p)
	}
}

func FuzzCanonicalEncoding(f *testing.F) {
	for _, c := range encodingCases() {
		f.Add(c.s[0], c.s[1], c.s[2], c.s[3], c.s[4], c.s[5], c.s[6], c.s[7], c.s[8], c.s[9], c.system, c.sec, c.nsec, c.offset)
	}
	f.Fuzz(func(t *testing.T, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 string, system bool, sec, nsec int64, offset int) {
		a, p := fuzzRecords(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, system, sec, nsec, offset)
		sameEncoding(t, a, p)
	})
}
