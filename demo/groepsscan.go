package demo

import (
	"bytes"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// demoRegistrations is the number of synthetic police registrations the
// demo imports, enough for a handful of detected groups.
const demoRegistrations = 1500

// groepsscan imports synthetic police registrations of the past three
// years as the neighbourhood officer and runs a scan, so that the
// Groepsscan can be seen at once. The registrations are generated with a
// fixed seed; the persons in them are fictitious and unrelated to the
// casework scenario.
func (l *loader) groepsscan() {
	ctx := l.as("willem")
	var buf bytes.Buffer
	l.do("politieregistraties genereren", func() error {
		w, err := groepsscan.NewCSVWriter(&buf)
		if err != nil {
			return err
		}
		cfg := groepsscan.DefaultGenerateConfig(demoRegistrations, 1, l.db.Now())
		// Within the retention period of registrations
		// (groepsscan.RetentionMonths): an import skips older ones.
		cfg.Years, cfg.IDPrefix = 2, "DEMO"
		if _, err := groepsscan.Generate(cfg, w.Write); err != nil {
			return err
		}
		return w.Flush()
	})
	l.do("politieregistraties importeren", func() error {
		_, err := l.db.ImportRegistrations(ctx, &buf, groepsscan.CSV, storage.ImportOptions{})
		return err
	})
	l.do("groepsscan uitvoeren", func() error {
		_, err := l.db.RunScan(ctx, groepsscan.Options{})
		return err
	})
}
