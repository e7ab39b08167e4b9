package main

import (
	"bufio"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestHTTPServerLimits: every timeout of the server is set and ordered
// (headers before body before answer), and a client that opens a
// connection and sends nothing is disconnected after the header timeout
// (shortened here) instead of holding the connection.
func TestHTTPServerLimits(t *testing.T) {
	srv := httpServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= srv.ReadHeaderTimeout || srv.WriteTimeout < srv.ReadTimeout ||
		srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Fatalf("limits: header %v, read %v, write %v, idle %v, header bytes %d",
			srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	srv.ReadHeaderTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")) // and then nothing more
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	_, err = bufio.NewReader(conn).ReadString('\n')
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept a connection open whose headers never came")
	}
}
