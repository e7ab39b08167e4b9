package api

import (
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestOneLogCommitPerRequest checks that an API request waits for one
// durable commit of log lines, not one per read: the token check's
// token_use line and the lines of what the request reads (or is refused)
// are held and committed together before the answer leaves, and all of them
// are in the audit log under the request's trace.
func TestOneLogCommitPerRequest(t *testing.T) {
	c := newCasework(t)
	c.decide(c.main)
	for _, tc := range []struct {
		name, method, path, user string
		body                     any
		status                   int
		action                   string
	}{
		{"item search", "POST", path("gegevens", "_zoek"), "politie", map[string]any{"groepId": c.main.ID}, 200, "item_list"},
		{"a group", "GET", path("groepen", c.main.ID), "school", nil, 200, "group_read"},
		{"a group the user may not see", "GET", path("groepen", c.hidden.ID), "school", nil, 404, "group_read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request{method: tc.method, path: tc.path, user: tc.user, body: tc.body}
			// The token's last use is written at most every 30 seconds, in
			// a change of its own; the request measured below only reads.
			c.do(r)
			before := c.db.LogCommits()
			w := c.expect(r, tc.status)
			if got := c.db.LogCommits() - before; got != 1 {
				t.Errorf("%d durable log commits for one request, want 1", got)
			}
			parts := strings.Split(w.Header().Get("Traceparent"), "-")
			if len(parts) != 4 {
				t.Fatalf("Traceparent %q", w.Header().Get("Traceparent"))
			}
			es, err := c.db.AuditEntries(c.sys, storage.AuditFilter{TraceID: parts[1], Limit: storage.MaxLogPage})
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range es {
				actions = append(actions, e.Action)
			}
			if !slices.Contains(actions, "token_use") || !slices.Contains(actions, tc.action) {
				t.Errorf("audit lines of the request: %v, want token_use and %s", actions, tc.action)
			}
			for _, e := range es {
				if e.Action == tc.action && tc.status == 404 && e.Result != ga.ResultDenied {
					t.Errorf("refused read audited as %s", e.Result)
				}
			}
		})
	}
}
