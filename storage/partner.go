package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// CreatePartner adds a partner (admin only). It sets p.ID and p.CreatedAt.
// Adding a partner after the covenant is signed closes the Art 8 gate until
// the new partner signs too.
func (db *DB) CreatePartner(ctx context.Context, p *ga.Partner) error { panic("not implemented") }

// UpdatePartner changes a partner's recorded details (admin only).
func (db *DB) UpdatePartner(ctx context.Context, p *ga.Partner) error { panic("not implemented") }

// Partners lists every partner by name. Partners are not personal data; any
// authenticated actor may list them.
func (db *DB) Partners(ctx context.Context) ([]ga.Partner, error) { panic("not implemented") }

// Partner returns one partner, or KindNotFound.
func (db *DB) Partner(ctx context.Context, id string) (*ga.Partner, error) { panic("not implemented") }
