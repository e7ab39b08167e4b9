package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestLoadRefusesRedirects checks that a page the application answers
// with a redirect (to the login page, for a session that has expired) is
// an error of the measure rather than a fast answer: a load that followed
// the redirect would time the login page.
func TestLoadRefusesRedirects(t *testing.T) {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/inloggen" {
			w.Write([]byte("<form>inloggen</form>"))
			return
		}
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
	}))
	defer app.Close()
	cases := []visibleCase{{user: &benchUser{session: "verlopen"}, group: &genGroup{id: "g1"}}}
	for _, tc := range []struct {
		name   string
		client *http.Client
		fails  bool
	}{
		{"following redirects", &http.Client{Timeout: time.Minute}, false},
		{"as the measures send", noRedirects(&http.Client{Timeout: time.Minute}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(context.Background(), tc.client, app.URL, targets[0], cases, 2, 50*time.Millisecond)
			if tc.fails && (err == nil || !strings.Contains(err.Error(), "status 303")) {
				t.Errorf("load with a redirect: err %v, want status 303", err)
			}
			if !tc.fails && err != nil {
				t.Errorf("load that follows the redirect to a 200: %v", err)
			}
		})
	}
}
