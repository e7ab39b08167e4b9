package demo

import (
	"slices"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestAccessRecipientsPerItem: the recipients of an item in the access
// overview come only from log lines that named that item. Within one
// request (one trace) the municipality reads the police's item about
// Jayden, lists his items and a handler improves the school's item; none
// of that makes the municipality a recipient of the school's item, while
// it is one of the police's item, of an item shared with it, and of
// Jayden's data as a whole.
func TestAccessRecipientsPerItem(t *testing.T) {
	d := loadDemo(t, fixedClock())
	jayden, _ := d.demoPerson("Jayden Brouwer")
	school, police := d.itemID("school-jayden"), d.itemID("politie-jayden")
	p, err := d.db.Partner(systemCtx(), d.partnerOf("cora"))
	if err != nil {
		t.Fatal(err)
	}
	municipality := p.Name

	overview := func(received string) *ga.AccessOverview {
		t.Helper()
		c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: ga.Date(received), Channel: ga.ChannelEmail, PersonID: jayden, Summary: "inzage"}
		if err := d.db.RegisterCase(d.as("priya"), &c); err != nil {
			t.Fatal(err)
		}
		if err := d.db.RecordIdentityCheck(d.as("priya"), c.ID, ga.IdentityCheck{Method: "Paspoort aan de balie", CheckedOn: c.ReceivedOn}); err != nil {
			t.Fatal(err)
		}
		o, err := d.db.CompileAccessOverview(d.as("priya"), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	recipients := func(o *ga.AccessOverview, itemID string) []string {
		t.Helper()
		i := slices.IndexFunc(o.Items, func(it ga.AccessItem) bool { return it.ID == itemID })
		if i < 0 {
			t.Fatalf("item %s is not in the overview", itemID)
		}
		var out []string
		for _, r := range o.Items[i].Recipients {
			out = append(out, r.Partner)
		}
		return out
	}
	before := overview("2026-11-20")
	if slices.Contains(recipients(before, school), municipality) || slices.Contains(recipients(before, police), municipality) {
		t.Fatalf("the municipality is a recipient before it read anything: %v / %v", recipients(before, school), recipients(before, police))
	}

	cora := ga.WithTrace(d.as("cora"), storage.NewTrace())
	if _, err := d.db.Item(cora, police); err != nil {
		t.Fatalf("the municipality reads the police's item: %v", err)
	}
	if _, err := d.db.Items(cora, storage.ItemFilter{PersonID: jayden}); err != nil {
		t.Fatalf("the municipality lists Jayden's items: %v", err)
	}
	improve := ga.RightsCase{Kind: ga.CaseCorrection, ReceivedOn: "2026-11-20", Channel: ga.ChannelEmail, PersonID: jayden, Summary: "verbeteren"}
	if err := d.db.RegisterCase(cora, &improve); err != nil {
		t.Fatal(err)
	}
	if err := d.db.RecordIdentityCheck(cora, improve.ID, ga.IdentityCheck{Method: "Paspoort aan de balie", CheckedOn: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	if err := d.db.DecideCorrection(cora, improve.ID, &ga.Correction{ItemID: school, Action: ga.CorrectImprove, Granted: true,
		Text: "Jayden verzuimde dit schooljaar enkele lessen.", Motivation: "De omvang van het verzuim was overdreven."}); err != nil {
		t.Fatal(err)
	}

	// An explicit share sends the item to the partner it names, not to the
	// partner that shares it (the source).
	diagnosis := d.itemID("jeugdhulp-jayden-diagnose")
	if err := d.db.ShareItem(d.as("jamila"), diagnosis, d.partnerOf("cora")); err != nil {
		t.Fatalf("jeugdhulp shares its item with the municipality: %v", err)
	}

	after := overview("2026-11-21")
	if got := recipients(after, diagnosis); !slices.Contains(got, municipality) {
		t.Errorf("the item shared with the municipality does not name it as a recipient: %v", got)
	}
	if got := recipients(after, school); slices.Contains(got, municipality) {
		t.Errorf("reading another item and listing the person made the municipality a recipient of the school's item: %v", got)
	}
	if got := recipients(after, police); !slices.Contains(got, municipality) {
		t.Errorf("the municipality read the police's item but is not among its recipients: %v", got)
	}
	if !slices.ContainsFunc(after.Recipients, func(r ga.AccessReceipt) bool { return r.Partner == municipality }) {
		t.Errorf("the municipality is not among the recipients of Jayden's data: %v", after.Recipients)
	}
	if got, want := recipients(after, school), recipients(before, school); !slices.Equal(got, want) {
		t.Errorf("the school's item's recipients changed from %v to %v without anyone reading it", want, got)
	}
}
