package storage

import (
	"context"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Information items (gegevens, SPEC §2): one piece of information about a
// person or a group, contributed by exactly one source partner, which alone
// edits it (it is the item's controller). Every read — get, list, count,
// search — selects rows through itemVisible, the SQL mirror of
// ga.CanSeeItem, so that lists, counts and search never reveal what the
// viewer may not see; a single item the viewer may not see answers
// ga.ErrNotFound exactly as an id that does not exist. Every method passes
// the Art 8 gate and writes one processing-log line per data subject whose
// item it processed, and an audit line, in the same transaction.

// ItemFilter selects items. GroupID and PersonID restrict to one group or
// one person (ga.ErrNotFound when the viewer may not see that group or
// person); Query searches the category and the content, ignoring case.
type ItemFilter struct {
	GroupID  string
	PersonID string
	Query    string
}

// CreateItem records an item contributed by the actor's partner, which
// becomes its source. The item's group must be visible to the viewer
// (ga.ErrNotFound) and the actor's partner must take part in the approach
// (ga.ErrForbidden); a closed approach takes no new items (KindConflict).
// it.PersonID, if set, must be a member of the group the viewer may see.
// The item is validated by ga.Item.Validate for the source's kind; a police
// item must refer to a recorded Wpg art 20 decision. it.SharedWith names
// partners the source shares a special or criminal item with explicitly.
// It sets ID, SourcePartnerID, Status (actief), CreatedBy, CreatedAt and
// UpdatedAt, and writes the processing line gegeven_vastleggen.
func (db *DB) CreateItem(ctx context.Context, it *ga.Item) error {
	return errNotImplemented("storage.CreateItem")
}

// UpdateItem changes an item's category, flags, legal ground, Wpg art 20
// reference, necessity, content and date. Only the source partner edits
// its items: another partner that may see the item gets ga.ErrForbidden,
// one that may not ga.ErrNotFound. The group, person, status and shares do
// not change here. It writes the processing line gegeven_wijzigen.
func (db *DB) UpdateItem(ctx context.Context, it *ga.Item) error {
	return errNotImplemented("storage.UpdateItem")
}

// ShareItem shares a special or criminal item explicitly with partner
// partnerID (SPEC §3), beyond the kinds of partner the covenant authorises.
// Only the source shares; sharing an item that is neither special nor
// criminal, or with the source itself or an unknown partner, is
// KindInvalid. Sharing again does nothing. The receiving partner still sees
// the item only under the other rules of need-to-know. It writes the
// processing line gegeven_delen.
func (db *DB) ShareItem(ctx context.Context, itemID, partnerID string) error {
	return errNotImplemented("storage.ShareItem")
}

// UnshareItem withdraws an explicit share, under the rules of ShareItem.
func (db *DB) UnshareItem(ctx context.Context, itemID, partnerID string) error {
	return errNotImplemented("storage.UnshareItem")
}

// Item returns one item the viewer may see, or ga.ErrNotFound. It writes
// the processing line gegeven_raadplegen for the item's person.
func (db *DB) Item(ctx context.Context, id string) (*ga.Item, error) {
	return nil, errNotImplemented("storage.Item")
}

// Items lists the items the viewer may see that match f, newest date
// first. It writes one processing line gegeven_raadplegen per person whose
// items are listed, and one audit line naming the filters used (never
// their values).
func (db *DB) Items(ctx context.Context, f ItemFilter) ([]ga.Item, error) {
	return nil, errNotImplemented("storage.Items")
}

// CountItems counts the items the viewer may see that match f, under the
// rules of Items. A count about one person (f.PersonID) writes the
// processing line gegeven_tellen for that person.
func (db *DB) CountItems(ctx context.Context, f ItemFilter) (int, error) {
	return 0, errNotImplemented("storage.CountItems")
}
