package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

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
// Page, when set, selects one page of the items found.
type ItemFilter struct {
	GroupID  string
	PersonID string
	Query    string
	Page     Page
}

// Page selects one page of a list in its order: page Number (counted from
// 1) of Size rows. The zero Page is the whole list. A page is read with
// LIMIT and OFFSET in the query itself, so a reader of one page reads,
// logs and returns only that page's rows.
type Page struct {
	Number, Size int
}

// MaxPageSize bounds the size of a page.
const MaxPageSize = 100

// valid reports whether p is the whole list or a page within bounds.
func (p Page) valid() bool {
	return p == Page{} || p.Number >= 1 && p.Size >= 1 && p.Size <= MaxPageSize
}

// offset is the number of rows before the page.
func (p Page) offset() int { return (p.Number - 1) * p.Size }

// ItemList is one page of items, and whether another page follows.
type ItemList struct {
	Items []ga.Item
	More  bool
}

const itemColumns = `i.id, i.group_id, i.person_id, i.source_partner_id, i.category, i.special, i.criminal, i.legal_ground,
	i.wpg20_decision_id, i.necessity, i.content, i.concerns_date, i.status, i.created_by, i.created_at, i.updated_at`

// CreateItem records an item contributed by the actor's partner, which
// becomes its source. The item's group must be visible to the viewer
// (ga.ErrNotFound) and the actor's partner must take part in the approach
// (ga.ErrForbidden); a closed approach takes no new items (KindConflict).
// it.PersonID, if set, must be a member of the group whom the viewer may
// see (KindInvalid otherwise, the same for a person that does not exist).
// The item is validated by ga.Item.Validate for the source's kind; a
// reference to a Wpg art 20 decision (required for police items) must name
// a recorded decision in force on the day. it.SharedWith names partners the
// source shares a special or criminal item with explicitly. It sets ID,
// SourcePartnerID, Status (actief), CreatedBy, CreatedAt and UpdatedAt, and
// writes the processing line gegeven_vastleggen for the item's person.
func (db *DB) CreateItem(ctx context.Context, it *ga.Item) error {
	const op = "storage.CreateItem"
	return db.act(ctx, "item_create", "item", "", func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, it.GroupID, true)
		if err != nil {
			return err
		}
		if !g.Participates(v.partnerID) {
			return ga.E(ga.KindForbidden, op, "Uw organisatie neemt niet deel aan deze groepsaanpak.")
		}
		if g.Step == ga.StepClosed {
			return ga.E(ga.KindConflict, op, "Deze groepsaanpak is afgesloten.")
		}
		var inv ga.Invalid
		if err := it.Validate(v.actor.PartnerKind); err != nil {
			inv = append(inv, err.(*ga.Error).Details...)
		}
		var pseudonym string
		if it.PersonID != "" {
			args := []any{it.GroupID, it.PersonID}
			err := tx.QueryRow(`SELECT p.pseudonym FROM memberships m JOIN persons p ON p.id = m.person_id
				WHERE m.group_id = $1 AND m.person_id = $2 AND `+memberVisible(v, "m.group_id", "m.person_id", &args)+` LIMIT 1`, args...).Scan(&pseudonym)
			if errors.Is(err, sql.ErrNoRows) {
				inv.Add("persoonId", "Kies een lid van deze groep.")
			} else if err != nil {
				return ga.Wrap(op, err)
			}
		}
		wpg, err := tx.checkWpg20(op, it.Wpg20DecisionID)
		if err != nil {
			return err
		}
		inv = append(inv, wpg...)
		shares, bad, err := tx.checkShares(op, *it, v.partnerID)
		if err != nil {
			return err
		}
		inv = append(inv, bad...)
		if err := inv.Err(op); err != nil {
			return err
		}
		id, now := NewID(), tx.Now()
		content, err := tx.crypt().sealItem(id, it.GroupID, it.PersonID, it.Content)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO items (id, group_id, person_id, source_partner_id, category, special, criminal, legal_ground,
			wpg20_decision_id, necessity, content, concerns_date, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
			id, it.GroupID, nullString(it.PersonID), v.partnerID, it.Category, it.Special, it.Criminal, it.LegalGround,
			it.Wpg20DecisionID, it.Necessity, content, string(it.ConcernsDate), string(ga.ItemActive), v.actor.UserID, now); err != nil {
			return ga.Wrap(op, err)
		}
		for _, p := range shares {
			if _, err := tx.Exec(`INSERT INTO item_shares (item_id, partner_id) VALUES ($1, $2)`, id, p); err != nil {
				return ga.Wrap(op, err)
			}
		}
		it.ID, it.SourcePartnerID, it.Status, it.SharedWith = id, v.partnerID, ga.ItemActive, shares
		it.CreatedBy, it.CreatedAt, it.UpdatedAt = v.actor.UserID, now, now
		tx.processed("gegeven_vastleggen", reg, pseudonym)
		tx.Audit("item_create", "item", id, ga.ResultSuccess, "groep="+it.GroupID)
		return nil
	})
}

// UpdateItem changes an item's category, flags, legal ground, Wpg art 20
// reference, necessity, content and date. Only the source partner edits
// its items: another partner that may see the item gets ga.ErrForbidden,
// one that may not ga.ErrNotFound. The group, person, status and shares do
// not change here. It writes the processing line gegeven_wijzigen.
func (db *DB) UpdateItem(ctx context.Context, it *ga.Item) error {
	const op = "storage.UpdateItem"
	return db.act(ctx, "item_update", "item", it.ID, func(tx *Tx) error {
		reg, v, old, err := tx.sourceItem(op, it.ID)
		if err != nil {
			return err
		}
		var inv ga.Invalid
		if err := it.Validate(v.actor.PartnerKind); err != nil {
			inv = append(inv, err.(*ga.Error).Details...)
		}
		wpg, err := tx.checkWpg20(op, it.Wpg20DecisionID)
		if err != nil {
			return err
		}
		if err := append(inv, wpg...).Err(op); err != nil {
			return err
		}
		now := tx.Now()
		content, err := tx.crypt().sealItem(it.ID, old.GroupID, old.PersonID, it.Content)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`UPDATE items SET category = $2, special = $3, criminal = $4, legal_ground = $5, wpg20_decision_id = $6,
			necessity = $7, content = $8, concerns_date = $9, updated_at = $10 WHERE id = $1`,
			it.ID, it.Category, it.Special, it.Criminal, it.LegalGround, it.Wpg20DecisionID, it.Necessity, content, string(it.ConcernsDate), now); err != nil {
			return ga.Wrap(op, err)
		}
		it.GroupID, it.PersonID, it.SourcePartnerID, it.Status, it.SharedWith = old.GroupID, old.PersonID, old.SourcePartnerID, old.Status, old.SharedWith
		it.CreatedBy, it.CreatedAt, it.UpdatedAt = old.CreatedBy, old.CreatedAt, now
		tx.processed("gegeven_wijzigen", reg, old.pseudonym)
		tx.Audit("item_update", "item", it.ID, ga.ResultSuccess, "")
		return nil
	})
}

// ShareItem shares a special or criminal item explicitly with partner
// partnerID (SPEC §3), beyond the kinds of partner the covenant authorises.
// Only the source shares (ga.ErrForbidden for another partner that may see
// the item, ga.ErrNotFound for one that may not); sharing an item that is
// neither special nor criminal, or with the source itself or an unknown
// partner, is KindInvalid. Sharing again does nothing. The receiving
// partner still sees the item only under the other rules of need-to-know.
// It writes the processing line gegeven_delen.
func (db *DB) ShareItem(ctx context.Context, itemID, partnerID string) error {
	const op = "storage.ShareItem"
	return db.act(ctx, "item_share", "item", itemID, func(tx *Tx) error {
		reg, v, it, err := tx.sourceItem(op, itemID)
		if err != nil {
			return err
		}
		_, bad, err := tx.checkShares(op, ga.Item{Special: it.Special, Criminal: it.Criminal, SharedWith: []string{partnerID}}, v.partnerID)
		if err != nil {
			return err
		}
		if err := bad.Err(op); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO item_shares (item_id, partner_id) VALUES ($1, $2) ON CONFLICT (item_id, partner_id) DO NOTHING`,
			itemID, partnerID); err != nil {
			return ga.Wrap(op, err)
		}
		tx.processed("gegeven_delen", reg, it.pseudonym)
		tx.Audit("item_share", "item", itemID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// UnshareItem withdraws an explicit share, under the rules of ShareItem; a
// share that does not exist is KindInvalid. It writes the processing line
// gegeven_delen_intrekken.
func (db *DB) UnshareItem(ctx context.Context, itemID, partnerID string) error {
	const op = "storage.UnshareItem"
	return db.act(ctx, "item_unshare", "item", itemID, func(tx *Tx) error {
		reg, _, it, err := tx.sourceItem(op, itemID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`DELETE FROM item_shares WHERE item_id = $1 AND partner_id = $2`, itemID, partnerID)
		if err != nil {
			return ga.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.", ga.Detail{Name: "partnerId", Message: "Dit gegeven is niet met deze partner gedeeld."})
		}
		tx.processed("gegeven_delen_intrekken", reg, it.pseudonym)
		tx.Audit("item_unshare", "item", itemID, ga.ResultSuccess, "partner="+partnerID)
		return nil
	})
}

// Item returns one item the viewer may see, or ga.ErrNotFound. It writes
// the processing line gegeven_raadplegen for the item's person.
func (db *DB) Item(ctx context.Context, id string) (*ga.Item, error) {
	const op = "storage.Item"
	var out *ga.Item
	err := db.actRead(ctx, "item_read", "item", id, func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		it, err := tx.visibleItem(op, v, id, false)
		if err != nil {
			return err
		}
		out = &it.Item
		tx.processed("gegeven_raadplegen", reg, it.pseudonym)
		tx.Audit("item_read", "item", id, ga.ResultSuccess, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Items lists the items the viewer may see that match f, newest date
// first. It writes one processing line gegeven_raadplegen per person whose
// items are listed, and one audit line naming the filters used (never
// their values).
func (db *DB) Items(ctx context.Context, f ItemFilter) ([]ga.Item, error) {
	const op = "storage.Items"
	var out []ga.Item
	err := db.actRead(ctx, "item_list", "item", "", func(tx *Tx) error {
		out = nil
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		out, err = tx.items(op, reg, v, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ItemPage is Items for one page, f.Page (KindInvalid when out of bounds;
// the zero Page is every item): it reads, returns and logs only the items
// of that page, and reports whether more follow.
func (db *DB) ItemPage(ctx context.Context, f ItemFilter) (*ItemList, error) {
	const op = "storage.ItemPage"
	if !f.Page.valid() {
		return nil, errPage(op)
	}
	var out ItemList
	err := db.actRead(ctx, "item_list", "item", "", func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		out.Items, out.More, err = tx.itemPage(op, reg, v, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// errPage is the answer to a page out of bounds.
func errPage(op string) error {
	return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.",
		ga.Detail{Name: "page", Message: "De pagina begint bij 1 en heeft 1 tot " + strconv.Itoa(MaxPageSize) + " regels."})
}

// items reads the items the viewer may see that match f, as Items
// describes, and records its processing and audit lines.
func (tx *Tx) items(op, reg string, v *viewer, f ItemFilter) ([]ga.Item, error) {
	out, _, err := tx.itemPage(op, reg, v, f)
	return out, err
}

// itemPage is items for the page f.Page, reporting whether more follow.
func (tx *Tx) itemPage(op, reg string, v *viewer, f ItemFilter) ([]ga.Item, bool, error) {
	items, more, err := tx.visibleItems(op, v, f)
	if err != nil {
		return nil, false, err
	}
	var out []ga.Item
	var subjects []string
	if len(items) > 0 {
		out, subjects = make([]ga.Item, 0, len(items)), make([]string, 0, len(items))
	}
	for _, it := range items {
		out = append(out, it.Item)
		subjects = append(subjects, it.pseudonym)
	}
	tx.processed("gegeven_raadplegen", reg, subjects...)
	tx.Audit("item_list", "item", "", ga.ResultSuccess, f.auditDetail())
	return out, more, nil
}

// CountItems counts the items the viewer may see that match f, under the
// rules of Items. A count of a person's items (f.PersonID) that finds any
// writes the processing line gegeven_tellen for that person; other counts
// show no person's data and write only the audit line.
func (db *DB) CountItems(ctx context.Context, f ItemFilter) (int, error) {
	const op = "storage.CountItems"
	var n int
	err := db.act(ctx, "item_count", "item", "", func(tx *Tx) error {
		reg, v, err := tx.casework(op)
		if err != nil {
			return err
		}
		var pseudonym string
		if strings.TrimSpace(f.Query) != "" {
			f.Page = Page{}
			items, _, err := tx.visibleItems(op, v, f)
			if err != nil {
				return err
			}
			n = len(items)
			if n > 0 {
				pseudonym = items[0].pseudonym
			}
		} else {
			var args []any
			where := itemWhere(v, f, &args)
			if err := tx.QueryRow(`SELECT count(*) FROM items i WHERE `+where, args...).Scan(&n); err != nil {
				return ga.Wrap(op, err)
			}
			if n > 0 && f.PersonID != "" {
				if err := tx.QueryRow(`SELECT pseudonym FROM persons WHERE id = $1`, f.PersonID).Scan(&pseudonym); err != nil {
					return ga.Wrap(op, err)
				}
			}
		}
		if f.PersonID != "" {
			tx.processed("gegeven_tellen", reg, pseudonym)
		}
		tx.Audit("item_count", "item", "", ga.ResultSuccess, f.auditDetail())
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// auditDetail names the filters used, never their values: a search term or
// a person's id says something about a person.
func (f ItemFilter) auditDetail() string {
	var used []string
	if f.GroupID != "" {
		used = append(used, "groep")
	}
	if f.PersonID != "" {
		used = append(used, "persoon")
	}
	if strings.TrimSpace(f.Query) != "" {
		used = append(used, "zoekterm")
	}
	if len(used) == 0 {
		return "filter: geen"
	}
	return "filter: " + strings.Join(used, ", ")
}

// storedItem is an item row with the pseudonym of its person ("" for an
// item about the group).
type storedItem struct {
	ga.Item
	pseudonym string
}

// itemWhere returns the condition over items i for the items the viewer may see that match f's group and
// person; the search term is applied by visibleItems.
func itemWhere(v *viewer, f ItemFilter, args *[]any) string {
	var conds []string
	if f.GroupID != "" {
		g := bind(args, f.GroupID)
		conds = append(conds, itemVisibleIn(v, "i", g, args), "i.group_id = "+g)
	} else {
		conds = append(conds, itemVisible(v, "i", args))
	}
	if f.PersonID != "" {
		conds = append(conds, "i.person_id = "+bind(args, f.PersonID))
	}
	return strings.Join(conds, " AND ")
}

// visibleItems returns the items the viewer may see that match f, newest
// date first, with their shares, in two queries. The search term is matched
// here, on rows the predicate already let through, so that the search
// behaves the same on both databases (and keeps working once content is
// encrypted at rest). With f.Page it returns that page only and reports
// whether more items follow: without a search term the query itself reads
// only the page (and one row more, to know); with one, the page is counted
// among the matching rows.
func (tx *Tx) visibleItems(op string, v *viewer, f ItemFilter) ([]storedItem, bool, error) {
	var args []any
	where := itemWhere(v, f, &args)
	q := strings.ToLower(strings.TrimSpace(f.Query))
	paged := f.Page != Page{}
	limit := ""
	if paged && q == "" {
		limit = " LIMIT " + bind(&args, f.Page.Size+1) + " OFFSET " + bind(&args, f.Page.offset())
	}
	rows, err := tx.Query(`SELECT `+itemColumns+`, p.pseudonym FROM items i LEFT JOIN persons p ON p.id = i.person_id
		WHERE `+where+` ORDER BY i.concerns_date DESC, i.created_at DESC, i.id DESC`+limit, args...)
	if err != nil {
		return nil, false, ga.Wrap(op, err)
	}
	defer rows.Close()
	// Scanned without decryption: the keys of all rows are fetched in one
	// query below (openItems). A page holds at most its size and one more.
	var all []storedItem
	if limit != "" {
		all = make([]storedItem, 0, f.Page.Size+1)
	}
	for rows.Next() {
		it, err := scanItem(crypt{}, rows)
		if err != nil {
			return nil, false, ga.Wrap(op, err)
		}
		all = append(all, *it)
	}
	if err := rows.Err(); err != nil {
		return nil, false, ga.Wrap(op, err)
	}
	rows.Close()
	if err := tx.crypt().openItems(all); err != nil {
		return nil, false, ga.Wrap(op, err)
	}
	skip := 0
	if paged && q != "" {
		skip = f.Page.offset()
	}
	var out []storedItem
	if q == "" && len(all) > 0 {
		// Every row read is shown, but for a page's one more.
		n := len(all)
		if paged {
			n = min(n, f.Page.Size)
		}
		out = make([]storedItem, 0, n)
	}
	more := false
	for _, it := range all {
		if q != "" && !strings.Contains(strings.ToLower(it.Category), q) && !strings.Contains(strings.ToLower(it.Content), q) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if paged && len(out) == f.Page.Size {
			more = true
			break
		}
		out = append(out, it)
	}
	if len(out) == 0 {
		return nil, more, nil
	}
	// The shares of the items read, which the predicate has let through
	// already: by their ids, rather than applying the predicate a second
	// time.
	index := make(map[string]int, len(out))
	ids := make([]string, len(out))
	for i, it := range out {
		index[it.ID] = i
		ids[i] = it.ID
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), sharesChunk)]
		ids = ids[len(chunk):]
		if err := tx.itemShares(chunk, func(item, partner string) {
			if i, ok := index[item]; ok {
				out[i].SharedWith = append(out[i].SharedWith, partner)
			}
		}); err != nil {
			return nil, false, ga.Wrap(op, err)
		}
	}
	return out, more, nil
}

// sharesChunk bounds the item ids of one query of item shares.
const sharesChunk = 500

// itemShares calls fn with the shares of the items ids, ordered by item
// and partner.
func (tx *Tx) itemShares(ids []string, fn func(item, partner string)) error {
	var args []any
	rows, err := tx.Query(`SELECT sh.item_id, sh.partner_id FROM item_shares sh WHERE sh.item_id IN (`+
		placeholders(&args, ids)+`) ORDER BY sh.item_id, sh.partner_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var item, partner string
		if err := rows.Scan(&item, &partner); err != nil {
			return err
		}
		fn(item, partner)
	}
	return rows.Err()
}

// visibleItem returns one item the viewer may see with its shares, or
// ga.ErrNotFound.
func (tx *Tx) visibleItem(op string, v *viewer, id string, lock bool) (*storedItem, error) {
	args := []any{id}
	q := `SELECT ` + itemColumns + `, p.pseudonym FROM items i LEFT JOIN persons p ON p.id = i.person_id
		WHERE i.id = $1 AND ` + itemVisible(v, "i", &args)
	if lock {
		q += tx.db.Dialect().ForUpdate()
		if tx.db.Dialect() == Postgres {
			q += " OF i"
		}
	}
	it, err := scanItem(tx.crypt(), tx.QueryRow(q, args...))
	if err != nil {
		return nil, notFound(op, err)
	}
	rows, err := tx.Query(`SELECT partner_id FROM item_shares WHERE item_id = $1 ORDER BY partner_id`, id)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, ga.Wrap(op, err)
		}
		it.SharedWith = append(it.SharedWith, p)
	}
	return it, ga.Wrap(op, rows.Err())
}

// sourceItem starts a change of an item: the casework preconditions, the
// item visible to the viewer (ga.ErrNotFound otherwise) and contributed by
// the viewer's partner (ga.ErrForbidden otherwise).
func (tx *Tx) sourceItem(op, id string) (string, *viewer, *storedItem, error) {
	reg, v, err := tx.casework(op)
	if err != nil {
		return "", nil, nil, err
	}
	it, err := tx.visibleItem(op, v, id, true)
	if err != nil {
		return "", nil, nil, err
	}
	if it.SourcePartnerID != v.partnerID {
		return "", nil, nil, ga.E(ga.KindForbidden, op, "Alleen de partner die het gegeven heeft ingebracht, wijzigt of deelt het.")
	}
	return reg, v, it, nil
}

// checkWpg20 checks a reference to the police's Wpg art 20 decision: it
// must name a recorded decision in force on the day.
func (tx *Tx) checkWpg20(op, id string) (ga.Invalid, error) {
	var v ga.Invalid
	if id == "" {
		return nil, nil
	}
	today := string(ga.DateOf(tx.Now()))
	n, err := tx.count(`SELECT count(*) FROM wpg20_decisions WHERE id = $1 AND decided_on <= $2 AND (valid_until = '' OR valid_until >= $2)`, id, today)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	if n == 0 {
		v.Add("wpg20BesluitId", "Kies een vastgelegd besluit op grond van artikel 20 Wet politiegegevens dat vandaag geldt.")
	}
	return v, nil
}

// checkShares checks the explicit shares of an item by source: only special
// or criminal items are shared explicitly, with partners of the covenant
// other than the source. It returns the partners sorted and without
// duplicates.
func (tx *Tx) checkShares(op string, it ga.Item, source string) ([]string, ga.Invalid, error) {
	if len(it.SharedWith) == 0 {
		return nil, nil, nil
	}
	var v ga.Invalid
	if !it.Special && !it.Criminal {
		v.Add("gedeeldMetPartnerIds", "Alleen bijzondere of strafrechtelijke gegevens worden expliciet gedeeld; andere gegevens volgen need-to-know.")
		return nil, v, nil
	}
	ids := slices.Clone(it.SharedWith)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, p := range ids {
		if p == source {
			v.Add("gedeeldMetPartnerIds", "Uw eigen organisatie ziet haar gegevens al.")
			break
		}
		if _, err := tx.partner(op, p); err != nil {
			if !ga.IsKind(err, ga.KindNotFound) {
				return nil, nil, err
			}
			v.Add("gedeeldMetPartnerIds", "Kies partners van het convenant.")
			break
		}
	}
	return ids, v, nil
}

// scanItem scans itemColumns and the person's pseudonym, and decrypts the
// content.
func scanItem(c crypt, s scanner) (*storedItem, error) {
	var it storedItem
	var person, pseudonym sql.NullString
	var date, status string
	if err := s.Scan(&it.ID, &it.GroupID, &person, &it.SourcePartnerID, &it.Category, &it.Special, &it.Criminal, &it.LegalGround,
		&it.Wpg20DecisionID, &it.Necessity, &it.Content, &date, &status, &it.CreatedBy, &it.CreatedAt, &it.UpdatedAt, &pseudonym); err != nil {
		return nil, err
	}
	it.PersonID, it.pseudonym = person.String, pseudonym.String
	if err := c.openItem(&it.Item); err != nil {
		return nil, err
	}
	it.ConcernsDate, it.Status = ga.Date(date), ga.ItemStatus(status)
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.UTC(), it.UpdatedAt.UTC()
	return &it, nil
}

// nullString turns an optional id into a query argument: NULL when empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
