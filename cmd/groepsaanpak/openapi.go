package main

import (
	"context"

	"github.com/groepsaanpak/groepsaanpak/api"
)

// runOpenAPI writes the API's OpenAPI document, the same one the server
// publishes at /api/v1/openapi.json, for linters and integrators.
func runOpenAPI(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "openapi", "openapi")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, err := e.stdout.Write(api.OpenAPI())
	return err
}
