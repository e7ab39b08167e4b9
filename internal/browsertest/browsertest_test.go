package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// strictCSP is the policy the application serves: no inline or foreign
// scripts, so the tests show that axe-core is injected despite it.
const strictCSP = "default-src 'self'; script-src 'self'"

const accessiblePage = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Groepen zoeken</title></head>
<body>
<header><p>Groepsaanpak</p></header>
<main>
<h1>Groepen zoeken</h1>
<form action="/zoeken" method="get">
<label for="naam">Naam van de groep</label>
<input id="naam" name="naam" type="text">
<button type="submit">Zoeken</button>
</form>
</main>
<script>window.inlineScriptRan = true;</script>
</body>
</html>`

const inaccessiblePage = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Ontoegankelijk</title></head>
<body>
<main>
<h1>Ontoegankelijk</h1>
<img src="/logo.png">
<input id="zoekterm" name="zoekterm" type="text">
</main>
</body>
</html>`

// newServer serves the two test pages under the strict CSP.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /toegankelijk", page(accessiblePage))
	mux.HandleFunc("GET /ontoegankelijk", page(inaccessiblePage))
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		// A 1x1 transparent PNG.
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x04\x00\x09\xfb\x03\xfd\xe3U\xf2\x9c\x00\x00\x00\x00IEND\xaeB`\x82"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAccessiblePagePassesUnderStrictCSP(t *testing.T) {
	srv := newServer(t)
	ctx := New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/toegankelijk")); err != nil {
		t.Fatal(err)
	}

	// The CSP is in force: the page's inline script was blocked.
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.inlineScriptRan === true`))
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("inline script ran: the CSP header was not applied, so this test proves nothing about it")
	}

	CheckAxe(t, ctx, "toegankelijk")

	// A second run on the same page reuses the injected axe-core.
	if v, err := RunAxe(ctx); err != nil || len(v) != 0 {
		t.Errorf("second RunAxe = %v, %v; want no violations", v, err)
	}
}

func TestInaccessiblePageReportsViolations(t *testing.T) {
	srv := newServer(t)
	ctx := New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ontoegankelijk")); err != nil {
		t.Fatal(err)
	}
	violations, err := RunAxe(ctx)
	if err != nil {
		t.Fatal(err)
	}

	byID := map[string]Violation{}
	for _, v := range violations {
		byID[v.ID] = v
	}
	for id, selector := range map[string]string{"image-alt": "img", "label": "#zoekterm"} {
		v, ok := byID[id]
		if !ok {
			t.Errorf("no %q violation in %v", id, violations)
			continue
		}
		if v.Impact == "" || v.Help == "" {
			t.Errorf("%s: impact %q, help %q; want both set", id, v.Impact, v.Help)
		}
		if !slices.ContainsFunc(v.Nodes, func(n Node) bool { return slices.Contains(n.Target, selector) }) {
			t.Errorf("%s: nodes %+v; want one with target %q", id, v.Nodes, selector)
		}
	}

	t.Run("CheckAxe fails and lists each violation", func(t *testing.T) {
		rec := &recordingTB{TB: t}
		CheckAxe(rec, ctx, "ontoegankelijk")
		if !rec.failed {
			t.Fatal("CheckAxe did not fail the test")
		}
		for _, want := range []string{"ontoegankelijk", "image-alt (critical)", "label (critical)", "- img", "- #zoekterm"} {
			if !strings.Contains(rec.msg, want) {
				t.Errorf("failure message lacks %q:\n%s", want, rec.msg)
			}
		}
	})
}

func TestScreenshot(t *testing.T) {
	srv := newServer(t)
	ctx := New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/toegankelijk")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "page.png")
	Screenshot(t, ctx, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("screenshot is not a PNG: % x", b[:min(8, len(b))])
	}
}

func TestChromiumSkipsOrFailsWhenMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	missing := filepath.Join(t.TempDir(), "chromium")
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			rec := &recordingTB{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				findChromium(rec, missing)
			}()
			<-done
			if ci == "" && !rec.skipped {
				t.Error("Chromium did not skip without CI")
			}
			if ci != "" && !rec.failed {
				t.Error("Chromium did not fail with CI set")
			}
		})
	}
}

// recordingTB records failures and skips instead of reporting them, so that
// the tests can check the helpers' own failures. Fatal and Skip end the
// calling goroutine like the real ones.
type recordingTB struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Error(args ...any) { r.failed = true; r.msg += fmt.Sprint(args...) }

func (r *recordingTB) Errorf(format string, args ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, args...)
}

func (r *recordingTB) Fatal(args ...any) { r.Error(args...); runtime.Goexit() }

func (r *recordingTB) Fatalf(format string, args ...any) { r.Errorf(format, args...); runtime.Goexit() }

func (r *recordingTB) Skip(args ...any) {
	r.skipped = true
	r.msg += fmt.Sprint(args...)
	runtime.Goexit()
}
