package storage

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestColumnTimeParsesAsTheDriver stores text in a DATETIME column through
// the SQLite connections the database uses, and checks that verification's
// reading of it (COALESCE, as readEntryPage selects it, into columnTime)
// gets the text unparsed and compares it with a time exactly as the
// driver's parsed value of the column would with time.Time.Equal.
func TestColumnTimeParsesAsTheDriver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "times.db")
	w, err := sql.Open("sqlite", sqliteWriterDSN(path, 0, "MEMORY"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`CREATE TABLE times (n INTEGER PRIMARY KEY, at DATETIME NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	instants := []time.Time{
		time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC),
		time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 1, 9, 30, 0, 100000000, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	var values []any
	for _, at := range instants {
		for _, v := range []time.Time{at, at.In(time.FixedZone("", 2*3600)), at.In(time.FixedZone("", -90*60))} {
			values = append(values, v) // written as the driver writes a time.Time
			for _, layout := range append(sqliteDriverParseLayouts, time.RFC3339Nano, time.RFC3339, "2006-01-02 15:04:05.000000000-07:00",
				"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05,999999-07:00") {
				s := v.Format(layout)
				values = append(values, s, s+" ", " "+s, s+"Z", s+"z", s[:len(s)-1], s+"0")
			}
			values = append(values, v.String(), v.Round(-1).String())
		}
	}
	values = append(values, "", "gisteren", "2026-13-01", "2026-03-01 24:00:00+00:00", "2026-03-01 23:59:60+00:00",
		"2026-03-01 09:30:00.1234567891+00:00", "2026-03-01 09:30:00.123456-00:00", "2026-03-01 09:30:00.123456+00:00m=+0.5",
		int64(1772357400), 1.5, []byte("2026-03-01 09:30:00+00:00"))
	for i, v := range values {
		if _, err := w.Exec(`INSERT INTO times (n, at) VALUES ($1, $2)`, i, v); err != nil {
			t.Fatal(err)
		}
	}

	r, err := sql.Open("sqlite", sqliteReaderDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := r.Query(`SELECT at, COALESCE(at, at) FROM times ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var driver any
		var col columnTime
		if err := rows.Scan(&driver, &col); err != nil {
			t.Fatal(err)
		}
		stored := values[n]
		n++
		if _, isText := stored.(string); isText && col.kind != eventText {
			t.Fatalf("%q read as %v, not as the text", stored, col)
		}
		if at, isTime := stored.(time.Time); isTime {
			// A time as the log writes it is compared as text, unparsed.
			if col.kind != eventText || col.text != at.Format(sqliteTimeLayout) {
				t.Fatalf("%v read as %#v, not as the text %q", stored, col, at.Format(sqliteTimeLayout))
			}
		}
		dt, driverParsed := driver.(time.Time)
		if col.kind == eventText {
			pt, ok := sqliteDriverTime(col.text)
			if ok != driverParsed || ok && !pt.Equal(dt) {
				t.Fatalf("%q: parsed as %v, %v; the driver gives %#v", col.text, pt, ok, driver)
			}
		}
		probes := append([]time.Time{}, instants...)
		if driverParsed {
			probes = append(probes, dt, dt.Add(time.Microsecond), dt.Add(-time.Microsecond), dt.Add(time.Nanosecond), dt.Add(time.Hour))
		}
		for _, p := range probes {
			for _, p := range []time.Time{p, p.UTC(), p.In(time.FixedZone("", 3600))} {
				if got, want := col.equal(p), driverParsed && dt.Equal(p); got != want {
					t.Fatalf("stored %#v (driver %#v): equal(%v) = %v, want %v", stored, driver, p, got, want)
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(values) {
		t.Fatalf("read %d rows of %d", n, len(values))
	}
}
