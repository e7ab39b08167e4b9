package groepsscan_test

import (
	"bytes"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

// generatedFile returns n generated registrations in format f.
func generatedFile(b *testing.B, n int, f groepsscan.Format) []byte {
	var buf bytes.Buffer
	write := writer(b, &buf, f)
	if _, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(n, 1, genEnd), write); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchmarkParse(b *testing.B, f groepsscan.Format) {
	data := generatedFile(b, 20000, f)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		rep, err := groepsscan.Parse(bytes.NewReader(data), f, func(groepsscan.Registration) error { n++; return nil })
		if err != nil || rep.Rejected > 0 || n != 20000 {
			b.Fatalf("%v, %+v, %d", err, rep, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/20000, "ns/registration")
}

func BenchmarkParseCSV(b *testing.B)   { benchmarkParse(b, groepsscan.CSV) }
func BenchmarkParseJSONL(b *testing.B) { benchmarkParse(b, groepsscan.JSONL) }

// BenchmarkScan detects and profiles the groups of 50,000 registrations.
func BenchmarkScan(b *testing.B) {
	d, _ := generated(b, 50000, 1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := groepsscan.Scan(d, groepsscan.DefaultOptions(genEnd), nil, counter()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/50000, "ns/registration")
}
