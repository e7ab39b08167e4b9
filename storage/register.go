package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// RecordRegisterEntry records a new version of a register entry (GDPR Art
// 30; policy ga.CanRecordRegister). It sets ID, Version, RecordedBy and
// RecordedAt; earlier versions stay unchanged.
func (db *DB) RecordRegisterEntry(ctx context.Context, e *ga.RegisterEntry) error {
	panic("not implemented")
}

// RegisterEntries lists every version of every entry, by activity and
// version.
func (db *DB) RegisterEntries(ctx context.Context) ([]ga.RegisterEntry, error) {
	panic("not implemented")
}

// RegisterEntry returns one version by its id, or KindNotFound.
func (db *DB) RegisterEntry(ctx context.Context, id string) (*ga.RegisterEntry, error) {
	panic("not implemented")
}

// CurrentRegisterEntry returns the latest version of an activity's entry,
// or KindNotFound.
func (db *DB) CurrentRegisterEntry(ctx context.Context, activityKey string) (*ga.RegisterEntry, error) {
	panic("not implemented")
}
