package groepsscan_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

func parseFile(t *testing.T, name string, f groepsscan.Format) ([]groepsscan.Registration, groepsscan.Report) {
	t.Helper()
	file, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var regs []groepsscan.Registration
	rep, err := groepsscan.Parse(file, f, func(r groepsscan.Registration) error {
		regs = append(regs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return regs, rep
}

// TestParseValidFiles reads the same three registrations from both formats.
func TestParseValidFiles(t *testing.T) {
	want := []groepsscan.Registration{
		{
			ID: "PL2025-0001", Time: time.Date(2025, 3, 14, 20, 5, 0, 0, time.UTC), IncidentCode: "F31",
			Category: groepsscan.Overlast, Area: "Noorderpark", Location: "speeltuin Noorderpark",
			Description: "Groep jongeren maakt lawaai, gooit met flessen",
			Persons: []groepsscan.Involvement{
				{Role: groepsscan.Verdachte, Name: "Piet Jansen", DateOfBirth: "2008-05-01"},
				{Role: groepsscan.Betrokkene, Name: "Yilmaz, Emre", DateOfBirth: "2009-11-23"},
				{Role: groepsscan.Getuige, Name: "Anna de Vries", DateOfBirth: "1971-02-02"},
			},
		},
		{
			// A time without offset is read in Europe/Amsterdam (CET in March).
			ID: "PL2025-0002", Time: time.Date(2025, 3, 15, 21, 10, 0, 0, time.UTC), IncidentCode: "B70",
			Category: groepsscan.Criminaliteit, Area: "Centrum", Location: "supermarkt Centrum", Description: "Winkeldiefstal",
			Persons: []groepsscan.Involvement{{Role: groepsscan.Verdachte, Name: "Piet Jansen", DateOfBirth: "2008-05-01"}},
		},
		{
			ID: "PL2025-0003", Time: time.Date(2025, 3, 16, 10, 0, 0, 0, time.UTC), IncidentCode: "Z01",
			Category: groepsscan.Zorg, Area: "Centrum", Description: "Zorgmelding",
		},
	}
	for _, tc := range []struct {
		file   string
		format groepsscan.Format
	}{{"valid.csv", groepsscan.CSV}, {"valid.jsonl", groepsscan.JSONL}} {
		t.Run(tc.file, func(t *testing.T) {
			regs, rep := parseFile(t, tc.file, tc.format)
			if rep.Rejected != 0 || rep.Valid != 3 {
				t.Fatalf("report %+v, want 3 valid and none rejected", rep)
			}
			for i := range regs {
				if len(regs[i].Persons) == 0 {
					regs[i].Persons = nil
				}
			}
			if !reflect.DeepEqual(regs, want) {
				t.Errorf("got  %+v\nwant %+v", regs, want)
			}
		})
	}
}

// TestParseReportsEveryBadRow checks that every rejected registration is
// reported with the line it starts on and a reason, and that the valid ones
// are still read.
func TestParseReportsEveryBadRow(t *testing.T) {
	for _, tc := range []struct {
		file      string
		format    groepsscan.Format
		valid     []string
		lines     []int
		reasonFor map[int]string
	}{
		{"invalid.csv", groepsscan.CSV, []string{"PL2025-0001", "PL2025-0006"}, []int{3, 4, 5, 7, 8, 11, 12}, map[int]string{
			3:  "datumTijd is ongeldig",
			4:  "categorie moet",
			5:  "regel 6: wijk wijkt af",
			7:  "geboortedatum ligt na de registratie",
			8:  "komt eerder in het bestand voor",
			11: "aanhalingsteken",
			12: "5 velden in plaats van 10",
		}},
		{"invalid.jsonl", groepsscan.JSONL, []string{"PL2025-0001"}, []int{2, 3, 4, 5, 6, 7, 8}, map[int]string{
			2: "datumTijd is ongeldig",
			3: "JSON",
			4: "onbekend veld \"kleur\"",
			5: "dezelfde persoon staat twee keer",
			6: "komt eerder in het bestand voor",
			7: "verkeerde type",
			8: "meer dan één JSON-object",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			regs, rep := parseFile(t, tc.file, tc.format)
			var ids []string
			for _, r := range regs {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, tc.valid) {
				t.Errorf("valid registrations %v, want %v", ids, tc.valid)
			}
			var lines []int
			for _, e := range rep.Errors {
				lines = append(lines, e.Line)
				if want, ok := tc.reasonFor[e.Line]; ok && !strings.Contains(strings.Join(e.Reasons, "; "), want) {
					t.Errorf("line %d: reasons %q, want one containing %q", e.Line, e.Reasons, want)
				}
			}
			if !slices.Equal(lines, tc.lines) || rep.Rejected != len(tc.lines) {
				t.Errorf("rejected lines %v (%d), want %v", lines, rep.Rejected, tc.lines)
			}
		})
	}
}

func TestCSVHeader(t *testing.T) {
	for _, tc := range []struct {
		name, input, want string
	}{
		{"empty file", "", "de kopregel ontbreekt"},
		{"missing column", "registratie_id,datum_tijd\n", "kolom incidentcode ontbreekt"},
		{"unknown column", strings.Join(groepsscan.CSVColumns, ",") + ",bsn\n", "onbekende kolom \"bsn\""},
		{"double column", strings.Join(groepsscan.CSVColumns, ",") + ",naam\n", "kolom naam staat er twee keer in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := groepsscan.NewDecoder(strings.NewReader(tc.input), groepsscan.CSV)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestCSVVariants accepts what spreadsheet programs write: a byte-order
// mark, semicolons, columns in another order, CRLF line ends.
func TestCSVVariants(t *testing.T) {
	cols := slices.Clone(groepsscan.CSVColumns)
	slices.Reverse(cols)
	row := []string{"2008-05-01", "Piet Jansen", "verdachte", "lawaai", "speeltuin", "Noorderpark", "overlast", "F31", "2025-03-14 21:05", "PL-1"}
	input := "\uFEFF" + strings.Join(cols, ";") + "\r\n" + strings.Join(row, ";") + "\r\n"
	regs, rep := parseString(t, input, groepsscan.CSV)
	if rep.Rejected != 0 || len(regs) != 1 || regs[0].ID != "PL-1" || regs[0].Persons[0].Name != "Piet Jansen" {
		t.Fatalf("got %+v, report %+v", regs, rep)
	}
}

func parseString(t testing.TB, input string, f groepsscan.Format) ([]groepsscan.Registration, groepsscan.Report) {
	var regs []groepsscan.Registration
	rep, err := groepsscan.Parse(strings.NewReader(input), f, func(r groepsscan.Registration) error {
		regs = append(regs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return regs, rep
}

// TestOverlongLine refuses a line over the limit without holding it.
func TestOverlongLine(t *testing.T) {
	long := strings.Repeat("x", groepsscan.MaxLineBytes+10)
	t.Run("jsonl skips the line and goes on", func(t *testing.T) {
		regs, rep := parseString(t, long+"\n"+`{"registratieId":"A","datumTijd":"2025-01-01T10:00:00Z","incidentcode":"F31","categorie":"overlast","wijk":"W","personen":[]}`+"\n", groepsscan.JSONL)
		if len(regs) != 1 || rep.Rejected != 1 || rep.Errors[0].Line != 1 || rep.Errors[0].Reasons[0] != "regel is te lang" {
			t.Errorf("regs %d, report %+v", len(regs), rep)
		}
	})
	t.Run("csv stops with an error", func(t *testing.T) {
		_, err := groepsscan.Parse(strings.NewReader(strings.Join(groepsscan.CSVColumns, ",")+"\n"+long+"\n"), groepsscan.CSV, func(groepsscan.Registration) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "langer dan 1 MiB") {
			t.Errorf("error %v", err)
		}
	})
}

// TestWriteRoundTrip writes generated registrations in both formats and
// reads the same registrations back.
func TestWriteRoundTrip(t *testing.T) {
	var orig []groepsscan.Registration
	if _, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(300, 7, genEnd), func(r groepsscan.Registration) error {
		orig = append(orig, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []groepsscan.Format{groepsscan.CSV, groepsscan.JSONL} {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			write := writer(t, &buf, f)
			for _, r := range orig {
				if err := write(r); err != nil {
					t.Fatal(err)
				}
			}
			got, rep := parseString(t, buf.String(), f)
			if rep.Rejected != 0 {
				t.Fatalf("rejected: %+v", rep.Errors)
			}
			if len(got) != len(orig) {
				t.Fatalf("read %d, wrote %d", len(got), len(orig))
			}
			for i := range got {
				if len(got[i].Persons) == 0 {
					got[i].Persons = nil
				}
				o := orig[i]
				if len(o.Persons) == 0 {
					o.Persons = nil
				}
				o.Time = o.Time.UTC()
				if !reflect.DeepEqual(got[i], o) {
					t.Fatalf("registration %d:\n got %+v\nwant %+v", i, got[i], o)
				}
			}
		})
	}
}

func writer(t testing.TB, w io.Writer, f groepsscan.Format) func(groepsscan.Registration) error {
	if f == groepsscan.CSV {
		cw, err := groepsscan.NewCSVWriter(w)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cw.Flush() })
		return func(r groepsscan.Registration) error {
			if err := cw.Write(r); err != nil {
				return err
			}
			return cw.Flush()
		}
	}
	jw := groepsscan.NewJSONLWriter(w)
	return jw.Write
}

// fuzzParse checks the parser's promises on any input: it never panics,
// every registration it accepts is valid, every rejection names a line
// within the input and has a reason, and ids are never reported twice as
// valid.
func fuzzParse(t *testing.T, data []byte, f groepsscan.Format) {
	lines := bytes.Count(data, []byte{'\n'}) + 1
	seen := map[string]bool{}
	rep, err := groepsscan.Parse(bytes.NewReader(data), f, func(r groepsscan.Registration) error {
		if reasons := r.Validate(); len(reasons) > 0 {
			t.Fatalf("accepted an invalid registration: %v", reasons)
		}
		if seen[r.ID] {
			t.Fatalf("accepted registration %q twice", r.ID)
		}
		seen[r.ID] = true
		return nil
	})
	if err != nil {
		if !utf8.ValidString(err.Error()) {
			t.Fatalf("error is not valid UTF-8: %q", err)
		}
		return
	}
	if rep.Valid != len(seen) {
		t.Fatalf("report counts %d valid, %d seen", rep.Valid, len(seen))
	}
	for _, e := range rep.Errors {
		if e.Line < 1 || e.Line > lines+1 || len(e.Reasons) == 0 {
			t.Fatalf("rejection %+v outside the %d lines of the input or without reason", e, lines)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, name := range []string{"valid.csv", "invalid.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(strings.Join(groepsscan.CSVColumns, ";") + "\n\"x\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, data, groepsscan.CSV) })
}

func FuzzParseJSONL(f *testing.F) {
	for _, name := range []string{"valid.jsonl", "invalid.jsonl"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("{\"personen\":[{},{}]}\n\n{"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, data, groepsscan.JSONL) })
}

func TestParseStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	_, err := groepsscan.Parse(strings.NewReader(mustRead(t, "valid.jsonl")), groepsscan.JSONL, func(groepsscan.Registration) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("error %v, want the callback's", err)
	}
}

func mustRead(t testing.TB, name string) string {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
