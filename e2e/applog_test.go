package e2e

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// appLog is the application log (slog, JSON) of one end-to-end run.
type appLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *appLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *appLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// scannedAppLog returns the logger the application of an end-to-end test
// writes to. When the test ends, the log is scanned for the name and date
// of birth (ISO and Dutch) of every person and the name of every legal
// representative in the database — the demo's and any the test added —
// and none may appear (SPEC: no personal data in application logs; BIO
// 8.15). The scan runs before the database closes.
func scannedAppLog(t *testing.T, db *storage.DB) *slog.Logger {
	l := &appLog{}
	t.Cleanup(func() {
		logs := l.String()
		if logs == "" {
			t.Error("the application log is empty: the scan would prove nothing")
			return
		}
		var secrets []string
		rows, err := db.SQL().Query(`SELECT id, name, date_of_birth FROM persons`)
		if err != nil {
			t.Errorf("read persons: %v", err)
			return
		}
		persons := 0
		type row struct{ id, name, dob string }
		var raw []row
		for rows.Next() {
			var r row
			rows.Scan(&r.id, &r.name, &r.dob)
			raw = append(raw, r)
		}
		rows.Close()
		// The names are encrypted in the database: decrypted here.
		opened := func(table, column, id, v string) string {
			s, err := db.OpenColumn(context.Background(), table, column, id, v)
			if err != nil {
				t.Errorf("decrypt %s.%s: %v", table, column, err)
			}
			return s
		}
		for _, r := range raw {
			name, dob := opened("persons", "name", r.id, r.name), opened("persons", "date_of_birth", r.id, r.dob)
			secrets = append(secrets, name, dob, ga.Date(dob).Dutch())
			persons++
		}
		reps, err := db.SQL().Query(`SELECT id, name FROM representatives`)
		if err == nil {
			var raw []row
			for reps.Next() {
				var r row
				reps.Scan(&r.id, &r.name)
				raw = append(raw, r)
			}
			reps.Close()
			for _, r := range raw {
				secrets = append(secrets, opened("representatives", "name", r.id, r.name))
			}
		}
		found := 0
		for _, s := range secrets {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("the application log holds personal data: %q", s)
				found++
			}
		}
		t.Logf("application log: %d lines scanned for the names and dates of birth of %d persons and their representatives; %d found",
			strings.Count(logs, "\n"), persons, found)
	})
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
