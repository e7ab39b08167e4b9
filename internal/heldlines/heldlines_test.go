package heldlines_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/heldlines"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

var reader = &ga.Actor{UserID: "u-1", PartnerID: "p-1", Roles: []ga.Role{ga.RoleProfessional}, Origin: "192.0.2.1"}

// read records one audit line in a read, as a handler's storage call does.
func read(r *http.Request, db *storage.DB, tag string) error {
	return db.Read(ga.WithActor(r.Context(), reader), func(tx *storage.Tx) error {
		tx.Audit("heldlines_read", "group", tag, ga.ResultSuccess, "")
		return nil
	})
}

// TestHandler checks when the held lines are committed and what the client
// gets when that fails: one commit for all reads of a request, made before
// the first byte of the answer (header, body or flush) or after a handler
// that wrote nothing; a failed commit replaces the handler's answer, its
// headers and its body, by the failure; a panicking handler's lines are
// committed all the same.
func TestHandler(t *testing.T) {
	const secret = "geheime inhoud"
	failure := func(w http.ResponseWriter, r *http.Request, err error) {
		if err == nil {
			t.Error("failure answered without an error")
		}
		http.Error(w, "fout", http.StatusInternalServerError)
	}
	for _, tc := range []struct {
		name string
		// handler reads twice, then answers; closeBefore closes the
		// database before the answer, so that the commit fails.
		answer      func(w http.ResponseWriter)
		closeBefore bool
		wantStatus  int
		wantBody    string
	}{
		{"body", func(w http.ResponseWriter) { w.Write([]byte(secret)) }, false, 200, secret},
		{"header first", func(w http.ResponseWriter) { w.WriteHeader(http.StatusCreated); w.Write([]byte(secret)) }, false, 201, secret},
		{"flush first", func(w http.ResponseWriter) { w.(http.Flusher).Flush(); w.Write([]byte(secret)) }, false, 200, secret},
		{"no answer written", func(w http.ResponseWriter) {}, false, 200, ""},
		{"commit fails before the body", func(w http.ResponseWriter) {
			w.Header().Set("Content-Disposition", "attachment; filename=dossier.pdf")
			w.Write([]byte(secret))
		}, true, 500, "fout"},
		{"commit fails before the header", func(w http.ResponseWriter) { w.WriteHeader(http.StatusOK); w.Write([]byte(secret)) }, true, 500, "fout"},
		{"commit fails with no answer written", func(w http.ResponseWriter) {}, true, 500, "fout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := storagetest.Open(t, storagetest.Options{})
			var commitsBeforeAnswer int64
			h := heldlines.Handler(db, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !db.Holding(r.Context()) {
					t.Error("the handler's context does not hold lines")
				}
				for _, tag := range []string{"a", "b"} {
					if err := read(r, db, tag); err != nil {
						t.Fatal(err)
					}
				}
				commitsBeforeAnswer = db.LogCommits()
				if tc.closeBefore {
					db.Close()
				}
				tc.answer(w)
			}), failure)
			before := db.LogCommits()
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			if commitsBeforeAnswer != before {
				t.Errorf("%d commits before the answer, want 0: the reads committed their own lines", commitsBeforeAnswer-before)
			}
			if w.Code != tc.wantStatus || !strings.Contains(w.Body.String(), tc.wantBody) {
				t.Errorf("answer %d %q, want %d with %q", w.Code, w.Body, tc.wantStatus, tc.wantBody)
			}
			if tc.closeBefore {
				if strings.Contains(w.Body.String(), secret) || w.Header().Get("Content-Disposition") != "" {
					t.Errorf("a request whose lines were not committed answered with its data: %q, %v", w.Body, w.Header())
				}
				return
			}
			if got := db.LogCommits() - before; got != 1 {
				t.Errorf("%d durable log commits, want 1", got)
			}
		})
	}

	t.Run("a panicking handler's lines are committed", func(t *testing.T) {
		db := storagetest.Open(t, storagetest.Options{})
		h := heldlines.Handler(db, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := read(r, db, "p"); err != nil {
				t.Fatal(err)
			}
			panic("handler failed")
		}), failure)
		before := db.LogCommits()
		func() {
			defer func() {
				if p := recover(); p != "handler failed" {
					t.Errorf("panic %v, want it to go on", p)
				}
			}()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		}()
		if got := db.LogCommits() - before; got != 1 {
			t.Errorf("%d durable log commits, want 1", got)
		}
	})

	t.Run("an inner handler leaves the holding to the outer one", func(t *testing.T) {
		db := storagetest.Open(t, storagetest.Options{})
		inner := heldlines.Handler(db, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := read(r, db, "i"); err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("ok"))
		}), failure)
		before := db.LogCommits()
		outer := heldlines.Handler(db, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := read(r, db, "o"); err != nil {
				t.Fatal(err)
			}
			inner.ServeHTTP(w, r)
		}), failure)
		outer.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(context.Background()))
		if got := db.LogCommits() - before; got != 1 {
			t.Errorf("%d durable log commits, want 1", got)
		}
	})
}
