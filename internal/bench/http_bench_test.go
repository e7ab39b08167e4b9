package bench

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/api"
	"github.com/groepsaanpak/groepsaanpak/web"
)

// BenchmarkDossierHTTP serves the requests the HTTP measure sends (the
// dossier page and its items API call) through the application's handler,
// without a network, one at a time and from 16 clients at once, on a data
// set of 20 groups of the national shape: for profiling what a request costs in
// CPU, from the session check to the answer's last byte (cpu-ms/op: the
// process's CPU per request, the committer's included).
//
//	go test ./internal/bench -run '^$' -bench DossierHTTP/page -benchtime 200x -cpuprofile cpu.prof
func BenchmarkDossierHTTP(b *testing.B) {
	ctx := context.Background()
	w := benchWorld(b)
	db := w.db
	if err := w.logIn(ctx); err != nil {
		b.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	apiH := api.New(api.Config{DB: db, Logger: logger, Version: "bench"})
	h, err := web.New(web.Config{DB: db, API: apiH, Logger: logger, Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	m := &measurer{w: w, rng: rand.New(rand.NewPCG(2, 7))}
	cases := m.cases(64)
	for _, t := range []struct {
		name string
		target
	}{{"page", targets[0]}, {"api", targets[1]}} {
		b.Run(t.name, func(b *testing.B) {
			var bytes int
			cpu := processCPU()
			for i := 0; b.Loop(); i++ {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, t.request("http://groepsaanpak.test", cases[i%len(cases)]))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
				}
				bytes += rec.Body.Len()
			}
			// The process's CPU, as the HTTP measure reports it: the
			// committer's and checkpointer's work for the requests too.
			b.ReportMetric(float64(processCPU()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(bytes)/float64(b.N), "B/answer")
		})
		// 16 clients at once, as the HTTP measure's middle level: the
		// group commit then carries the log lines of several requests.
		b.Run(t.name+"/16clients", func(b *testing.B) {
			b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
			var next atomic.Int64
			cpu := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, t.request("http://groepsaanpak.test", cases[int(next.Add(1))%len(cases)]))
					if rec.Code != http.StatusOK {
						b.Errorf("status %d: %.300s", rec.Code, rec.Body.String())
						return
					}
				}
			})
			b.ReportMetric(float64(processCPU()-cpu)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
