package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// it comes from the module's build information.
var version = "ontwikkel"

func init() {
	if version != "ontwikkel" {
		return
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			version = v
			return
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				version = "ontwikkel-" + s.Value[:12]
			}
		}
	}
}

func runVersion(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "version", "version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "groepsaanpak %s\n", version)
	return nil
}
