package demo

import (
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestLettersWaitForIdentityAndDecision checks, in storage, the one rule
// that the web and the API share: the access overview (from which the
// letter and the JSON export are made) is refused while the requester's
// identity is not recorded, and the decision letter on a request while no
// decision is recorded; a refusal reads none of the person's data (no
// processing-log line for the person). Once the identity check, and the
// decision, are recorded, the same call succeeds. A complaint's letter is
// not refused: before the outcome it tells the route or the receipt.
func TestLettersWaitForIdentityAndDecision(t *testing.T) {
	d := loadDemo(t, fixedClock())
	jayden, pseudonym := d.demoPerson("Jayden Brouwer")
	cora, priya := d.as("cora"), d.as("priya")
	school := d.itemID("school-jayden")

	register := func(t *testing.T, kind ga.CaseKind) string {
		t.Helper()
		c := ga.RightsCase{Kind: kind, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden, Summary: "verzoek"}
		if err := d.db.RegisterCase(cora, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	identify := func(t *testing.T, id string) {
		t.Helper()
		if err := d.db.RecordIdentityCheck(cora, id, ga.IdentityCheck{Method: "Paspoort van de moeder aan de balie", CheckedOn: "2026-11-23"}); err != nil {
			t.Fatal(err)
		}
	}
	decide := func(t *testing.T, id string) {
		t.Helper()
		if err := d.db.DecideCase(cora, id, "toegewezen", "Verstrekt."); err != nil {
			t.Fatal(err)
		}
	}
	overview := func(id string) error { _, err := d.db.CompileAccessOverview(priya, id); return err }
	decisionLetter := func(id string) error {
		l, err := d.db.DecisionLetter(cora, id)
		if err == nil && l.Person.Name != "Jayden Brouwer" {
			t.Errorf("decision letter to %q", l.Person.Name)
		}
		return err
	}

	for _, tc := range []struct {
		name string
		kind ga.CaseKind
		// prepare brings the case to the state in which out is refused
		// (nil: out is never refused); ready records what out waits for.
		prepare, ready func(t *testing.T, id string)
		out            func(id string) error
	}{
		{name: "access overview before identity", kind: ga.CaseAccess,
			prepare: func(*testing.T, string) {}, ready: identify, out: overview},
		{name: "access overview during a suspension for identity", kind: ga.CaseAccess,
			prepare: func(t *testing.T, id string) {
				if err := d.db.SuspendCase(cora, id, ga.SuspendIdentity, "Kopie van het gezagsregister opgevraagd."); err != nil {
					t.Fatal(err)
				}
			}, ready: identify, out: overview},
		{name: "decision letter on an access request before its decision", kind: ga.CaseAccess,
			prepare: identify, ready: decide, out: decisionLetter},
		{name: "decision letter on a correction before any item is decided", kind: ga.CaseCorrection,
			prepare: identify, out: decisionLetter,
			ready: func(t *testing.T, id string) {
				if err := d.db.DecideCorrection(cora, id, &ga.Correction{ItemID: school, Action: ga.CorrectImprove, Text: "Jayden was er niet.",
					Granted: false, Motivation: "Het gegeven is juist vastgelegd."}); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "decision letter on an objection before its decision", kind: ga.CaseObjection,
			prepare: identify, out: decisionLetter,
			ready: func(t *testing.T, id string) {
				if _, err := d.db.DecideObjection(priya, id, ga.ObjectionDecision{Justified: false, Motivation: "Het bezwaar is niet gerechtvaardigd."}); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "complaint letter before its route and outcome", kind: ga.CaseComplaint, out: decisionLetter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := register(t, tc.kind)
			if tc.prepare == nil {
				if err := tc.out(id); err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			tc.prepare(t, id)
			before := processingLines(t, d.db, pseudonym)
			err := tc.out(id)
			if !ga.IsKind(err, ga.KindConflict) {
				t.Fatalf("before it is ready: %v, want conflict", err)
			}
			if e := err.(*ga.Error); e.Message == "" {
				t.Errorf("refusal without a message: %v", err)
			}
			if after := processingLines(t, d.db, pseudonym); after != before {
				t.Errorf("the refusal wrote %d processing-log lines for the person", after-before)
			}
			tc.ready(t, id)
			if err := tc.out(id); err != nil {
				t.Errorf("once ready: %v", err)
			}
		})
	}
}
