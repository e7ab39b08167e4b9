// Package heldlines serves HTTP requests with one durable commit of log
// lines per request: the reads of a request hold their audit and
// processing lines (storage.DB.HoldLines), and the response is released
// only once they are committed.
//
// Handler commits the held lines before the response's first byte — at
// the handler's first WriteHeader, Write or Flush, or when it returns
// without writing — so that nothing read in the request leaves before its
// lines are durable, as storage guarantees for a read outside such a
// context. Should the commit fail, the handler's response is dropped and
// the request answered by the fail function instead (a server error); the
// headers the handler set for its own answer are removed first.
package heldlines

import (
	"bufio"
	"net"
	"net/http"

	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Fail answers a request whose log lines could not be committed. It is
// given the original response writer, whose headers hold only what was set
// before the handler ran and what the handler set, minus the headers that
// describe the handler's own answer.
type Fail func(w http.ResponseWriter, r *http.Request, err error)

// Handler serves next with the log lines of its reads on db held and
// committed before the response. In a context that already holds lines for
// db (an outer Handler), it serves next as it is.
func Handler(db *storage.DB, next http.Handler, fail Fail) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if db.Holding(r.Context()) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, held := db.HoldLines(r.Context())
		r = r.WithContext(ctx)
		hw := &writer{ResponseWriter: w, held: held, fail: fail, r: r}
		defer func() {
			p := recover()
			if p != nil {
				// The handler panicked: its lines are committed all the
				// same (nothing is lost), and the panic goes on to the
				// recovery outside, which answers the error.
				hw.panicked = true
			}
			hw.commit()
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(hw, r)
	})
}

// answerHeaders describe the handler's own answer; they are dropped when
// the failure is answered instead.
var answerHeaders = []string{
	"Content-Type", "Content-Length", "Content-Disposition", "Content-Encoding", "Content-Language",
	"Location", "ETag", "Last-Modified", "Link", "Set-Cookie", "Refresh", "Hx-Redirect", "Hx-Trigger",
}

type state int

const (
	pending state = iota
	committed
	failed
)

// writer commits the held lines before the first byte of the response.
type writer struct {
	http.ResponseWriter
	held     *storage.HeldLines
	fail     Fail
	r        *http.Request
	state    state
	panicked bool
}

// commit commits the held lines once, and answers the failure if it fails;
// it reports whether the handler's response may be written.
func (w *writer) commit() bool {
	if w.state == pending {
		if err := w.held.Commit(); err != nil {
			w.state = failed
			if !w.panicked {
				h := w.ResponseWriter.Header()
				for _, k := range answerHeaders {
					h.Del(k)
				}
				w.fail(w.ResponseWriter, w.r, err)
			}
		} else {
			w.state = committed
		}
	}
	return w.state == committed
}

func (w *writer) WriteHeader(code int) {
	if w.commit() {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *writer) Write(b []byte) (int, error) {
	if !w.commit() {
		// The failure has been answered; the handler's bytes are dropped.
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is buffered, after the commit.
func (w *writer) Flush() {
	if w.commit() {
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
	}
}

// Hijack hands the connection over, after the commit.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if !w.commit() {
		return nil, nil, http.ErrNotSupported
	}
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the underlying writer for what
// this one does not implement (deadlines); Flush and Hijack go through the
// commit above.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
