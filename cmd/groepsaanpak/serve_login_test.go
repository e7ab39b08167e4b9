package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRefusesBadLoginConfiguration checks that the server does not
// start with a federated login configuration it cannot use, or a public
// URL passkeys cannot be bound to, and names the problem.
func TestServeRefusesBadLoginConfiguration(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "oidc.json")
	if err := os.WriteFile(bad, []byte(`{"redirectUrl":"http://groepsaanpak.example/inloggen/oidc/terug","issuers":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--oidc-config", filepath.Join(dir, "weg.json")}, nil, "read configuration"},
		{[]string{"--oidc-config", bad}, nil, "redirectUrl: must use https"},
		{nil, map[string]string{envOIDCConfig: bad}, "name at least one identity provider"},
		{[]string{"--public-url", "http://groepsaanpak.example"}, nil, "the public URL must be an https URL"},
		{nil, map[string]string{envPublicURL: "niet-een-url"}, "the public URL must be an https URL"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tc.args...)
			err := run(context.Background(), args, func(k string) string { return tc.env[k] }, strings.NewReader(""), &out, &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve %v: %v, want an error with %q", tc.args, err, tc.want)
			}
		})
	}
}
