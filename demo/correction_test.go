package demo

import (
	"context"
	"database/sql"

	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// rawSearch returns "table.column" for every value in any table of the
// database that contains s, read with plain SQL past the storage layer.
func rawSearch(t *testing.T, db *storage.DB, s string) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Dialect() == storage.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var found []string
	for _, table := range tables {
		rows, err := db.SQL().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for i, v := range vals {
				if strings.Contains(string(v), s) {
					found = append(found, table+"."+cols[i])
				}
			}
		}
		rows.Close()
	}
	return found
}

// TestCorrectionRequest is the end-to-end test of covenant Art 6.2 on the
// demo scenario: Jayden's mother asks to delete the school's item, to
// improve the police's and to block the leerplicht item. The refusal is
// motivated and changes nothing; the granted deletion removes the content
// from every table of the database (the item row stays as a tombstone, the
// logs keep their lines and still verify) and from later exports; every
// partner that received the item according to the logs gets a notice,
// tracked until all confirmed; the blocked item disappears for every
// partner, its source included, and only a privacy officer sees it, when
// compiling an access overview.
func TestCorrectionRequest(t *testing.T) {
	d := loadDemo(t, fixedClock())
	jayden, jaydenPs := d.demoPerson("Jayden Brouwer")
	cora, priya := d.as("cora"), d.as("priya")
	school, police, leerplicht := d.itemID("school-jayden"), d.itemID("politie-jayden"), d.itemID("leerplicht-jayden")
	var schoolContent string
	for _, s := range allItems() {
		if s.key == "school-jayden" {
			schoolContent = s.content
		}
	}
	// Leerplicht and jeugdhulp read Jayden's items, so that the logs hold
	// receipts of the school's item.
	for _, who := range []string{"lars", "jamila"} {
		if _, err := d.db.Items(d.as(who), storage.ItemFilter{PersonID: jayden}); err != nil {
			t.Fatalf("%s lists Jayden's items: %v", who, err)
		}
	}
	if _, err := d.db.Item(d.as("cora"), school); err != nil {
		t.Fatalf("the municipality reads the school's item: %v", err)
	}
	// The content is encrypted at rest: the raw search finds it nowhere,
	// and the ciphertext kept here — as a backup taken now would keep it —
	// decrypts to it until the deletion destroys the item's key.
	if found := rawSearch(t, d.db, schoolContent); len(found) > 0 {
		t.Fatalf("the item's content is in clear text in %v", found)
	}
	var schoolGroup, schoolSealed string
	if err := d.db.SQL().QueryRow(`SELECT group_id, content FROM items WHERE id = $1`, school).Scan(&schoolGroup, &schoolSealed); err != nil {
		t.Fatal(err)
	}
	if got, err := d.db.OpenItemContent(context.Background(), schoolGroup, jayden, school, schoolSealed); err != nil || got != schoolContent {
		t.Fatalf("the stored ciphertext reads %q, %v", got, err)
	}

	c := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: "2026-11-20", Channel: ga.ChannelEmail, PersonID: jayden,
		Summary: "Verwijder het gegeven van school, verbeter dat van de politie en scherm het verzuim af."}
	if err := d.db.RegisterCase(cora, &c); err != nil {
		t.Fatal(err)
	}
	del := ga.Correction{ItemID: school, Action: ga.CorrectDelete, Granted: true, Motivation: "Het gegeven is voor het doel niet ter zake dienend."}
	if err := d.db.DecideCorrection(cora, c.ID, &del); !ga.IsKind(err, ga.KindConflict) {
		t.Errorf("correcting before the identity check: %v, want conflict", err)
	}
	if err := d.db.RecordIdentityCheck(cora, c.ID, ga.IdentityCheck{Method: "Paspoort van de moeder aan de balie", CheckedOn: "2026-11-23"}); err != nil {
		t.Fatal(err)
	}
	if err := d.db.DecideCorrection(d.as("willem"), c.ID, &ga.Correction{ItemID: police, Action: ga.CorrectDelete, Granted: true, Motivation: "x"}); !ga.IsKind(err, ga.KindForbidden) {
		t.Errorf("the police decides a correction: %v, want forbidden", err)
	}
	refusal := ga.Correction{ItemID: police, Action: ga.CorrectImprove, Text: "Jayden was niet op het plein.", Granted: false,
		Motivation: "De waarneming van de wijkagent is juist vastgelegd; u heeft geen gegevens gegeven die dat weerleggen."}
	if err := d.db.DecideCorrection(cora, c.ID, &refusal); err != nil {
		t.Fatalf("refusal: %v", err)
	}
	if err := d.db.DecideCorrection(cora, c.ID, &ga.Correction{ItemID: police, Action: ga.CorrectImprove, Granted: false}); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("a refusal without motivation: %v, want invalid", err)
	}

	// Who received the school's item according to the logs, computed
	// independently of storage.
	sys := systemCtx()
	want := map[string]bool{d.partnerOf("sander"): true} // the source
	direct, err := d.db.AuditEntries(sys, storage.AuditFilter{ObjectType: "item", ObjectID: school, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range direct {
		if a.Result == ga.ResultSuccess && a.PartnerID != "" {
			want[a.PartnerID] = true
		}
	}
	lines, err := d.db.ProcessingEntries(sys, storage.ProcessingFilter{DataSubjectID: jaydenPs, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		audit, err := d.db.AuditEntries(sys, storage.AuditFilter{TraceID: l.TraceID, Action: "item_list"})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range audit {
			if a.Result == ga.ResultSuccess && a.PartnerID != "" {
				want[a.PartnerID] = true
			}
		}
	}
	for _, p := range []string{d.partnerOf("lars"), d.partnerOf("jamila"), d.partnerOf("cora")} {
		if !want[p] {
			t.Fatalf("the logs lack the reading by partner %s", p)
		}
	}

	if err := d.db.DecideCorrection(cora, c.ID, &del); err != nil {
		t.Fatalf("deletion: %v", err)
	}
	if found := rawSearch(t, d.db, schoolContent); len(found) > 0 {
		t.Errorf("the deleted content is still in the database: %v", found)
	}
	if got, err := d.db.OpenItemContent(context.Background(), schoolGroup, jayden, school, schoolSealed); err != nil || got != storage.Erased {
		t.Errorf("the ciphertext from before the deletion reads %q, %v: the key was not destroyed", got, err)
	}
	var status, content string
	if err := d.db.SQL().QueryRow(`SELECT status, content FROM items WHERE id = $1`, school).Scan(&status, &content); err != nil || status != "verwijderd" || content != "" {
		t.Errorf("tombstone: status %q, content %q, %v", status, content, err)
	}
	if rep, err := d.db.VerifyLogs(context.Background()); err != nil || !rep.OK() {
		t.Errorf("the logs do not verify after the deletion: %v %v", rep, err)
	}
	got := map[string]bool{}
	for _, n := range del.Notices {
		got[n.PartnerID] = true
	}
	for p := range want {
		if !got[p] {
			t.Errorf("recipient partner %s from the logs got no notice", p)
		}
	}
	if len(del.Notices) != len(want) {
		t.Errorf("notices to %d partners, want the %d recipients in the logs", len(del.Notices), len(want))
	}
	if del.AllConfirmed() {
		t.Error("all confirmed before anyone confirmed")
	}
	if err := d.db.ConfirmCorrection(d.as("lars"), del.ID, d.partnerOf("jamila")); !ga.IsKind(err, ga.KindNotFound) {
		t.Errorf("leerplicht confirms for jeugdhulp: %v, want not found", err)
	}
	if err := d.db.ConfirmCorrection(d.as("lars"), del.ID, d.partnerOf("lars")); err != nil {
		t.Fatalf("leerplicht confirms: %v", err)
	}
	for _, n := range del.Notices {
		if n.PartnerID != d.partnerOf("lars") {
			if err := d.db.ConfirmCorrection(cora, del.ID, n.PartnerID); err != nil {
				t.Fatalf("the coordinator records %s's confirmation: %v", n.PartnerName, err)
			}
		}
	}
	cs, err := d.db.Corrections(cora, c.ID)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Corrections: %d, %v", len(cs), err)
	}
	if cs[0].Granted || cs[0].Motivation != refusal.Motivation || !cs[1].Granted || !cs[1].AllConfirmed() {
		t.Errorf("corrections: %+v", cs)
	}
	if it, err := d.db.Item(d.as("willem"), police); err != nil || strings.Contains(it.Content, "niet op het plein") {
		t.Errorf("the refused improvement changed the item: %v", err)
	}

	// Blocking: nobody sees the item any more, its source included.
	block := ga.Correction{ItemID: leerplicht, Action: ga.CorrectBlock, Granted: true, Motivation: "De juistheid wordt onderzocht; tot dan is het gegeven afgeschermd."}
	if err := d.db.DecideCorrection(priya, c.ID, &block); err != nil {
		t.Fatalf("blocking: %v", err)
	}
	for _, who := range []string{"lars", "sander", "cora", "jamila", "priya"} {
		if _, err := d.db.Item(d.as(who), leerplicht); !ga.IsKind(err, ga.KindNotFound) {
			t.Errorf("%s reads the blocked item: %v, want not found", who, err)
		}
		items, err := d.db.Items(d.as(who), storage.ItemFilter{PersonID: jayden})
		if err != nil && !ga.IsKind(err, ga.KindNotFound) {
			t.Fatal(err)
		}
		if slices.ContainsFunc(items, func(it ga.Item) bool { return it.ID == leerplicht || it.ID == school }) {
			t.Errorf("%s lists the blocked or deleted item", who)
		}
	}
	if err := d.db.DecideCase(cora, c.ID, "gedeeltelijk toegewezen", "Eén gegeven verwijderd, één afgeschermd, één verbetering afgewezen."); err != nil {
		t.Fatal(err)
	}
	// The letter gives every decision per item with its reasons, and the
	// partners told of the deletion; never the deleted content.
	dl, err := d.db.DecisionLetter(cora, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	letterText := squash(pdfText(t, decisionPDF(t, dl)))
	for _, want := range []string{"Uw verzoek om correctie", "Afgewezen", refusal.Motivation, "Toegewezen", del.Motivation, block.Motivation,
		"het gegeven is verwijderd", "Bericht aan", "gedeeltelijk toegewezen"} {
		if !strings.Contains(letterText, squash(want)) {
			t.Errorf("the correction letter lacks %q", want)
		}
	}
	for _, n := range del.Notices {
		if !strings.Contains(letterText, squash(n.PartnerName)) {
			t.Errorf("the correction letter does not name %s, which was told of the deletion", n.PartnerName)
		}
	}
	if strings.Contains(letterText, squash(schoolContent)) {
		t.Error("the correction letter holds the deleted content")
	}

	// A later access request: the privacy officer sees the blocked item for
	// handling, the coordinator may not compile it, and the deleted content
	// is in neither the export nor the letter.
	access := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-25", Channel: ga.ChannelEmail, PersonID: jayden, Summary: "inzage na correctie"}
	if err := d.db.RegisterCase(cora, &access); err != nil {
		t.Fatal(err)
	}
	if err := d.db.RecordIdentityCheck(cora, access.ID, ga.IdentityCheck{Method: "Paspoort aan de balie", CheckedOn: access.ReceivedOn}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.CompileAccessOverview(cora, access.ID); !ga.IsKind(err, ga.KindForbidden) {
		t.Errorf("the coordinator compiles an overview with a blocked item: %v, want forbidden", err)
	}
	o, err := d.db.CompileAccessOverview(priya, access.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(o.Items, func(it ga.AccessItem) bool { return it.ID == leerplicht })
	if i < 0 || o.Items[i].Status != ga.ItemBlocked {
		t.Errorf("the privacy officer's overview lacks the blocked item")
	}
	export, _ := letter.AccessExport(o)
	pdf, err := letter.Access(o, "Postbus 1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(export), schoolContent) || strings.Contains(squash(pdfText(t, pdf)), squash(schoolContent)) ||
		slices.ContainsFunc(o.Items, func(it ga.AccessItem) bool { return it.ID == school }) {
		t.Error("the deleted item is in a later overview")
	}

}
