package logbook_test

import (
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
)

func TestRecordEncoding(t *testing.T) {
	amsterdam := time.FixedZone("CET", 3600)
	at := time.Date(2026, 11, 29, 14, 3, 4, 123456789, amsterdam)
	audit := ga.AuditRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", Time: at, UserID: "u1", Action: "read", ObjectType: "group", ObjectID: "g1", Result: ga.ResultSuccess}
	proc := ga.ProcessingRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", SpanID: "00f067aa0ba902b7", Name: "read", StatusCode: ga.StatusOK, StartTime: at, EndTime: at,
		ProcessingActivityID: "pa-1", DataSubjectID: "ds-1", DataSubjectIDType: "pseudoniem"}

	t.Run("audit record round-trips in canonical form", func(t *testing.T) {
		data, err := logbook.EncodeAudit(audit)
		if err != nil {
			t.Fatal(err)
		}
		got, err := logbook.DecodeAudit(data)
		if err != nil {
			t.Fatal(err)
		}
		want := logbook.CanonicalAudit(audit)
		if !got.Time.Equal(want.Time) || got.Time.Location() != time.UTC || got.Time.Nanosecond() != 123456000 {
			t.Errorf("time = %v, want %v in UTC at microseconds", got.Time, want.Time)
		}
		got.Time, want.Time = time.Time{}, time.Time{}
		if got != want {
			t.Errorf("decoded %+v, want %+v", got, want)
		}
	})
	t.Run("same record gives the same bytes", func(t *testing.T) {
		a, _ := logbook.EncodeProcessing(proc)
		b, _ := logbook.EncodeProcessing(logbook.CanonicalProcessing(proc))
		if string(a) != string(b) {
			t.Errorf("encodings differ:\n%s\n%s", a, b)
		}
	})
	t.Run("processing record round-trips", func(t *testing.T) {
		data, _ := logbook.EncodeProcessing(proc)
		got, err := logbook.DecodeProcessing(data)
		if err != nil {
			t.Fatal(err)
		}
		if got.DataSubjectID != "ds-1" || !got.StartTime.Equal(logbook.CanonicalTime(at)) {
			t.Errorf("decoded %+v", got)
		}
	})
	t.Run("audit bytes are not a processing record", func(t *testing.T) {
		data, _ := logbook.EncodeAudit(audit)
		if _, err := logbook.DecodeProcessing(data); err == nil {
			t.Error("DecodeProcessing accepted an audit record")
		}
	})
	t.Run("processing bytes are not an audit record", func(t *testing.T) {
		data, _ := logbook.EncodeProcessing(proc)
		if _, err := logbook.DecodeAudit(data); err == nil {
			t.Error("DecodeAudit accepted a processing record")
		}
	})
	t.Run("re-encoded bytes are refused", func(t *testing.T) {
		data, _ := logbook.EncodeAudit(audit)
		for name, bad := range map[string]string{
			"space":           strings.Replace(string(data), `:"read"`, `: "read"`, 1),
			"trailing data":   string(data) + "{}",
			"field added":     strings.Replace(string(data), `{`, `{"extra":1,`, 1),
			"field reorder":   `{"time":"2026-11-29T13:03:04.123456Z","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","user_id":"u1","action":"read","object_type":"group","object_id":"g1","result":"geslaagd"}`,
			"nanosecond time": strings.Replace(string(data), `.123456Z`, `.123456789Z`, 1),
		} {
			if _, err := logbook.DecodeAudit([]byte(bad)); err == nil {
				t.Errorf("%s: DecodeAudit accepted %s", name, bad)
			}
		}
	})
}

// TestProcessingName: the name ProcessingName reads from an entry's bytes
// is the one DecodeProcessing decodes, whatever the name holds (escaped
// characters, non-ASCII) and whether or not the record has a parent span;
// bytes that are not an encoded processing record are an error.
func TestProcessingName(t *testing.T) {
	at := time.Date(2026, 11, 29, 14, 3, 4, 123456000, time.UTC)
	base := ga.ProcessingRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", SpanID: "00f067aa0ba902b7", StatusCode: ga.StatusOK,
		StartTime: at, EndTime: at, ProcessingActivityID: "pa-1", DataSubjectID: "ds-1", DataSubjectIDType: "pseudoniem"}
	for _, tc := range []struct {
		desc, name, parent string
	}{
		{"plain name", "gegeven_raadplegen", ""},
		{"with a parent span", "gegeven_delen", "b7ad6b7169203331"},
		{"empty name", "", ""},
		{"quote and backslash", `een "naam" met \ erin`, ""},
		{"HTML characters escaped by encoding/json", "<a & b>", "b7ad6b7169203331"},
		{"non-ASCII", "inzage_samenstellen é ✓", ""},
		{"name that looks like a member", `x","name":"y`, ""},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			r := base
			r.Name, r.ParentSpanID = tc.name, tc.parent
			data, err := logbook.EncodeProcessing(r)
			if err != nil {
				t.Fatal(err)
			}
			decoded, err := logbook.DecodeProcessing(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := logbook.ProcessingName(data)
			if err != nil || got != decoded.Name || got != tc.name {
				t.Errorf("ProcessingName = %q, %v; DecodeProcessing gives %q, want %q", got, err, decoded.Name, tc.name)
			}
		})
	}
	audit, err := logbook.EncodeAudit(ga.AuditRecord{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", Time: at, Action: "read", Result: ga.ResultSuccess})
	if err != nil {
		t.Fatal(err)
	}
	named := base
	named.Name = "gegeven_raadplegen"
	good, err := logbook.EncodeProcessing(named)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		desc string
		data []byte
	}{
		{"empty", nil},
		{"an audit record", audit},
		{"cut short in the name", good[:strings.Index(string(good), `"name":"`)+9]},
		{"members in another order", []byte(`{"span_id":"00f067aa0ba902b7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","name":"x"}`)},
		{"name not a string", []byte(`{"trace_id":"a","span_id":"b","name":1}`)},
		{"invalid UTF-8", []byte("{\"trace_id\":\"a\",\"span_id\":\"b\",\"name\":\"\xff\"}")},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			if name, err := logbook.ProcessingName(tc.data); err == nil {
				t.Errorf("ProcessingName(%q) = %q, want an error", tc.data, name)
			}
		})
	}
}

// FuzzProcessingName checks the name reader on arbitrary bytes: it never
// panics, and for every record DecodeProcessing accepts it gives the name
// DecodeProcessing decodes.
func FuzzProcessingName(f *testing.F) {
	at := time.Date(2026, 11, 29, 14, 3, 4, 123456000, time.UTC)
	for _, r := range []ga.ProcessingRecord{
		{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", SpanID: "00f067aa0ba902b7", Name: "gegeven_raadplegen", StatusCode: ga.StatusOK,
			StartTime: at, EndTime: at, ProcessingActivityID: "pa-1", DataSubjectID: "ds-1", DataSubjectIDType: "pseudoniem"},
		{TraceID: "t", SpanID: "s", ParentSpanID: "p", Name: `"é\u2028\\,"name":`, StatusCode: ga.StatusOK, StartTime: at, EndTime: at},
	} {
		data, err := logbook.EncodeProcessing(r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"trace_id":"a","span_id":"b","name":"\ud800"}`))
	f.Add([]byte(`{"trace_id":"a","span_id":"b","name":"x`))
	f.Fuzz(func(t *testing.T, data []byte) {
		name, err := logbook.ProcessingName(data)
		rec, decErr := logbook.DecodeProcessing(data)
		if decErr != nil {
			return
		}
		if err != nil {
			t.Fatalf("ProcessingName(%q): %v; DecodeProcessing gives name %q", data, err, rec.Name)
		}
		if name != rec.Name {
			t.Fatalf("ProcessingName(%q) = %q, DecodeProcessing gives %q", data, name, rec.Name)
		}
	})
}
