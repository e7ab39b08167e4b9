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
