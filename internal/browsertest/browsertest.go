// Package browsertest drives Debian's headless Chromium from Go tests and
// checks pages for accessibility with axe-core.
//
// It is a test helper library: the tests of other packages import it to start
// a browser with [New], load pages with chromedp actions, and call [CheckAxe]
// on every page a user sees, because WCAG 2.1 AA is a legal requirement for
// Dutch government web applications.
//
//	func TestLoginPage(t *testing.T) {
//		srv := httptest.NewServer(handler)
//		t.Cleanup(srv.Close)
//		ctx := browsertest.New(t)
//		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/inloggen")); err != nil {
//			t.Fatal(err)
//		}
//		browsertest.CheckAxe(t, ctx, "inloggen")
//	}
//
// The browser is never downloaded: [Chromium] finds the system's binary, and
// the tests skip without it unless the environment variable CI is set.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout is how long one test may use the browser that [New] returns, counted
// from the call of New.
const Timeout = 60 * time.Second

// chromiumPath is where Debian's package chromium installs the browser.
const chromiumPath = "/usr/bin/chromium"

// Chromium returns the path of the Chromium binary: /usr/bin/chromium, or
// chromium on PATH. When there is none, it skips the test, or fails it when
// the environment variable CI is non-empty, so that a CI machine without a
// browser cannot pass by skipping every browser test.
func Chromium(tb testing.TB) string {
	tb.Helper()
	return findChromium(tb, chromiumPath)
}

// findChromium is [Chromium] with the fixed path as a parameter, so that the
// tests can exercise a machine without a browser.
func findChromium(tb testing.TB, chromiumPath string) string {
	tb.Helper()
	if fi, err := os.Stat(chromiumPath); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return chromiumPath
	}
	if path, err := exec.LookPath("chromium"); err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		tb.Fatal("browsertest: chromium not installed, and CI is set so browser tests may not be skipped: " +
			"run scripts/install-ci-deps.sh (apt-get install chromium chromium-driver)")
	}
	tb.Skip("chromium not installed: apt-get install chromium chromium-driver")
	return ""
}

// New starts a headless Chromium for the test and returns a chromedp context
// for one tab of it. The context ends after [Timeout]; the browser stops and
// its temporary profile is removed when the test ends.
//
// Every New starts a fresh browser with an empty profile in a new temporary
// user-data-dir (chromedp makes and removes it), so tests share no cookies
// or storage. The flags keep the browser from contacting anything on its own:
// no background networking, component updates, sync or QUIC.
func New(tb testing.TB) context.Context {
	tb.Helper()
	exe := Chromium(tb)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1024),
	)
	var output lockedBuffer
	opts = append(opts, chromedp.CombinedOutput(&output))

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() {
		// cancelBrowser waits until the browser has stopped and chromedp
		// has removed the temporary profile.
		cancelBrowser()
		cancelAlloc()
	})

	// The first Run starts the browser and binds its life to ctx, so it must
	// not carry the timeout; only the context handed to the test does.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", exe, err, output.String())
	}
	tctx, cancelTimeout := context.WithTimeout(ctx, Timeout)
	tb.Cleanup(cancelTimeout)
	return tctx
}

// Screenshot writes a PNG of the whole page, not only the viewport, to path.
// It is meant for debugging a test; a failure marks the test failed but lets
// it go on.
func Screenshot(tb testing.TB, ctx context.Context, path string) {
	tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Errorf("browsertest: screenshot %s: %v", path, err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.Errorf("browsertest: screenshot: %v", err)
	}
}

// lockedBuffer collects the browser's output, which chromedp writes from
// another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
