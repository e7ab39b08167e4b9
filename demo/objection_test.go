package demo

import (
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestObjection is the end-to-end test of covenant Art 6.3 on the demo
// scenario: Kevin de Groot objects; the privacy officer finds the
// objection justified and chooses to delete his data and end his
// membership. Every item about Kevin is deleted (its content found
// nowhere in the database), every partner that received one is told, his
// membership ends today, and the letter says so.
func TestObjection(t *testing.T) {
	d := loadDemo(t, fixedClock())
	kevin, _ := d.demoPerson("Kevin de Groot")
	priya := d.as("priya")
	var contents []string
	for _, s := range allItems() {
		if s.person == "kevin" {
			contents = append(contents, s.content)
		}
	}
	if len(contents) == 0 {
		t.Fatal("the demo has no items about Kevin")
	}
	c := ga.RightsCase{Kind: ga.CaseObjection, ReceivedOn: "2026-11-16", Channel: ga.ChannelLetter, PersonID: kevin,
		Summary: "Ik ben verhuisd en heb niets meer met de groep te maken; ik maak bezwaar tegen het gebruik van mijn gegevens."}
	if err := d.db.RegisterCase(priya, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.DecideObjection(priya, c.ID, ga.ObjectionDecision{Justified: true, Motivation: "m", DeleteItems: true}); !ga.IsKind(err, ga.KindConflict) {
		t.Errorf("deciding before the identity check: %v, want conflict", err)
	}
	if err := d.db.RecordIdentityCheck(priya, c.ID, ga.IdentityCheck{Method: "Identiteitskaart aan de balie", CheckedOn: "2026-11-17"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.DecideObjection(priya, c.ID, ga.ObjectionDecision{Justified: false, Motivation: "m", DeleteItems: true}); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("measures on an unjustified objection: %v, want invalid", err)
	}
	motivation := "Kevin woont sinds september buiten de gemeente en hoort niet meer bij de groep; verdere verwerking is niet meer nodig."
	done, err := d.db.DecideObjection(priya, c.ID, ga.ObjectionDecision{Justified: true, Motivation: motivation, DeleteItems: true, EndMemberships: true})
	if err != nil {
		t.Fatalf("DecideObjection: %v", err)
	}
	if len(done) != len(contents) {
		t.Errorf("%d items deleted, want %d", len(done), len(contents))
	}
	for _, content := range contents {
		if found := rawSearch(t, d.db, content); len(found) > 0 {
			t.Errorf("deleted content still in %v", found)
		}
	}
	for _, cr := range done {
		if len(cr.Notices) == 0 {
			t.Errorf("no partner told of the deletion of %s", cr.ItemID)
		}
	}
	today := ga.DateOf(d.db.Now())
	if n := d.count(`SELECT count(*) FROM memberships WHERE person_id = $1 AND (end_date = '' OR end_date > $2)`, kevin, string(today)); n != 0 {
		t.Errorf("%d memberships of Kevin still run", n)
	}
	l, err := d.db.DecisionLetter(priya, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := letter.Decision(l, "Postbus 1, 1000 AA Voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	text := squash(pdfText(t, pdf))
	for _, want := range []string{"Beste Kevin de Groot", "Uw bezwaar is", "gerechtvaardigd", motivation, "verwijderen", "Bericht aan"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the letter lacks %q", want)
		}
	}
}

// TestComplaints is the end-to-end test of covenant Art 7.3 and 7.4 on
// the demo scenario: a complaint about one partner goes to that partner's
// complaints committee with a copy letter to the person; a complaint about
// two partners goes to a joint committee chaired by the controller, whose
// members are recorded; the outcome is decided and written.
func TestComplaints(t *testing.T) {
	d := loadDemo(t, fixedClock())
	noah, _ := d.demoPerson("Noah Bakker")
	cora := d.as("cora")
	partners, err := d.db.Partners(systemCtx())
	if err != nil {
		t.Fatal(err)
	}
	byUser := func(key string) ga.Partner {
		id := d.partnerOf(key)
		i := slices.IndexFunc(partners, func(p ga.Partner) bool { return p.ID == id })
		return partners[i]
	}
	woning, politie, gemeente := byUser("wendy"), byUser("willem"), byUser("cora")
	today := ga.DateOf(d.db.Now())

	t.Run("7.3 one partner: forwarded to its complaints committee", func(t *testing.T) {
		c := ga.RightsCase{Kind: ga.CaseComplaint, ReceivedOn: today.AddDays(-3), Channel: ga.ChannelEmail, PersonID: noah,
			Summary: "De woningcorporatie heeft mijn ouders verteld wat ik op het plein deed."}
		if err := d.db.RegisterCase(cora, &c); err != nil {
			t.Fatal(err)
		}
		if err := d.db.RouteComplaint(cora, c.ID, ga.ComplaintHandling{PartnerIDs: []string{woning.ID}}); !ga.IsKind(err, ga.KindInvalid) {
			t.Errorf("forwarding without a date: %v, want invalid", err)
		}
		if err := d.db.RouteComplaint(cora, c.ID, ga.ComplaintHandling{PartnerIDs: []string{woning.ID}, ForwardedOn: today}); err != nil {
			t.Fatalf("RouteComplaint: %v", err)
		}
		l, err := d.db.DecisionLetter(cora, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := squash(pdfText(t, decisionPDF(t, l)))
		for _, want := range []string{"Beste Noah Bakker", "Wie behandelt uw klacht?", woning.Name, woning.ComplaintsCommittee, "kopie", today.Dutch(), "binnen vier weken"} {
			if !strings.Contains(text, squash(want)) {
				t.Errorf("the copy letter lacks %q", want)
			}
		}
		if err := d.db.DecideCase(cora, c.ID, "ongegrond", "De klachtencommissie van de woningcorporatie vond dat alleen de huurders over overlast zijn aangesproken."); err != nil {
			t.Fatal(err)
		}
		l, err = d.db.DecisionLetter(cora, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text = squash(pdfText(t, decisionPDF(t, l)))
		for _, want := range []string{"Uw klacht is", "ongegrond", "alleen de huurders"} {
			if !strings.Contains(text, squash(want)) {
				t.Errorf("the outcome letter lacks %q", want)
			}
		}
	})

	t.Run("7.4 two partners: joint committee chaired by the controller", func(t *testing.T) {
		c := ga.RightsCase{Kind: ga.CaseComplaint, ReceivedOn: today.AddDays(-2), Channel: ga.ChannelLetter, PersonID: noah,
			Summary: "Politie en woningcorporatie hebben gegevens over mij gedeeld zonder dat ik het wist."}
		if err := d.db.RegisterCase(cora, &c); err != nil {
			t.Fatal(err)
		}
		chairedByPolice := ga.ComplaintHandling{PartnerIDs: []string{politie.ID, woning.ID}, Committee: []ga.CommitteeMember{
			{Name: "T. Teamchef", PartnerID: politie.ID, Chair: true}, {Name: "W. Consulent", PartnerID: woning.ID}}}
		if err := d.db.RouteComplaint(cora, c.ID, chairedByPolice); !ga.IsKind(err, ga.KindInvalid) {
			t.Errorf("a committee chaired by the police: %v, want invalid", err)
		}
		missing := ga.ComplaintHandling{PartnerIDs: []string{politie.ID, woning.ID}, Committee: []ga.CommitteeMember{
			{Name: "C. de Coördinator", PartnerID: gemeente.ID, Chair: true}, {Name: "T. Teamchef", PartnerID: politie.ID}}}
		if err := d.db.RouteComplaint(cora, c.ID, missing); !ga.IsKind(err, ga.KindInvalid) {
			t.Errorf("a committee without the housing corporation: %v, want invalid", err)
		}
		joint := ga.ComplaintHandling{PartnerIDs: []string{politie.ID, woning.ID}, Committee: []ga.CommitteeMember{
			{Name: "C. de Coördinator", PartnerID: gemeente.ID, Chair: true}, {Name: "T. Teamchef", PartnerID: politie.ID},
			{Name: "W. Consulent", PartnerID: woning.ID}}}
		if err := d.db.RouteComplaint(cora, c.ID, joint); err != nil {
			t.Fatalf("RouteComplaint: %v", err)
		}
		if err := d.db.DecideCase(cora, c.ID, "gedeeltelijk gegrond", "De politie deelde een gegeven dat niet nodig was; dat is verwijderd. De woningcorporatie handelde binnen het convenant."); err != nil {
			t.Fatal(err)
		}
		l, err := d.db.DecisionLetter(cora, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := squash(pdfText(t, decisionPDF(t, l)))
		for _, want := range []string{"gezamenlijke klachtencommissie", politie.Name, woning.Name, "C. de Coördinator (" + gemeente.Name + ")",
			"T. Teamchef", "W. Consulent", "gedeeltelijk gegrond", "binnen het convenant"} {
			if !strings.Contains(text, squash(want)) {
				t.Errorf("the letter lacks %q", want)
			}
		}
		audit, err := d.db.AuditEntries(systemCtx(), storage.AuditFilter{Action: "complaint_route", ObjectID: c.ID})
		if err != nil || len(audit) != 3 || audit[2].Result != ga.ResultSuccess {
			t.Errorf("audit of the routing: %d lines, %v", len(audit), err)
		}
	})
}

func decisionPDF(t *testing.T, l *ga.DecisionLetter) []byte {
	t.Helper()
	b, err := letter.Decision(l, "Postbus 1, 1000 AA Voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
