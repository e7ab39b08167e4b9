package api

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPICoversRoutes holds routes.go and the OpenAPI document together:
// every route has an operation of the same method and path, and every
// operation is a route.
func TestOpenAPICoversRoutes(t *testing.T) {
	var routes []string
	for _, rt := range (&server{}).routes() {
		routes = append(routes, rt.pattern)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, item := range doc.Paths {
		for method := range item {
			documented = append(documented, strings.ToUpper(method)+" "+basePath+path)
		}
	}
	slices.Sort(routes)
	slices.Sort(documented)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q has no operation in the OpenAPI document", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("OpenAPI operation %q is not a route in routes.go", d)
		}
	}
	if len(routes) != len(slices.Compact(slices.Clone(routes))) {
		t.Errorf("routes.go lists a pattern twice")
	}
}

// TestOpenAPIDocument checks what the linter does not: the document is
// OpenAPI 3.0.3 with info.version equal to the API-Version header, and every
// response, errors included, declares API-Version.
func TestOpenAPIDocument(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v, want 3.0.3", doc["openapi"])
	}
	if v := doc["info"].(map[string]any)["version"]; v != APIVersion {
		t.Errorf("info.version = %v, want %s", v, APIVersion)
	}
	components := doc["components"].(map[string]any)
	for name, resp := range components["responses"].(map[string]any) {
		if _, ok := resp.(map[string]any)["headers"].(map[string]any)["API-Version"]; !ok {
			t.Errorf("response component %s does not declare API-Version", name)
		}
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			o := op.(map[string]any)
			for _, field := range []string{"operationId", "summary", "description", "tags", "responses"} {
				if o[field] == nil || o[field] == "" {
					t.Errorf("%s %s: no %s", method, path, field)
				}
			}
			for status, resp := range o["responses"].(map[string]any) {
				r := resp.(map[string]any)
				if _, isRef := r["$ref"]; isRef {
					continue
				}
				if _, ok := r["headers"].(map[string]any)["API-Version"]; !ok {
					t.Errorf("%s %s: response %s does not declare API-Version", method, path, status)
				}
			}
		}
	}
}

// TestOpenAPILint runs the official ADR ruleset (scripts/lint-api.sh, which
// runs Spectral) on the document and fails on any error. Without npm it
// skips, except in CI, where the lint must run.
func TestOpenAPILint(t *testing.T) {
	if testing.Short() {
		t.Skip("lint with Spectral skipped in -short mode")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("npm not found; CI must lint the OpenAPI document (apt-get install npm)")
		}
		t.Skip("npm not found: the OpenAPI document is not linted (apt-get install npm)")
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, OpenAPI(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", "../scripts/lint-api.sh", file).CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/lint-api.sh: %v\n%s", err, out)
	}
	t.Logf("scripts/lint-api.sh:\n%s", out)
}
