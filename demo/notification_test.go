package demo

import (
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestNotification is the end-to-end test of covenant Art 6.1.1 on the
// demo scenario: after the driehoek's decision on Groep Stationsplein the
// privacy officer lists every member and, for members under 16, their
// legal representatives; none was notified, so all are late (the demo
// runs in November 2026, months after the decision). The letter to
// Jayden's mother says what is processed, why, by which partners, how long
// it is kept and how to complain; sending is recorded; a deferral needs a
// ground and a review date; Netwerk Noorderpark, without a decision, has
// nothing to notify.
func TestNotification(t *testing.T) {
	d := loadDemo(t, fixedClock())
	stationG, noorderpark := d.groups()
	priya := d.as("priya")

	if _, err := d.db.Notifications(d.as("willem"), stationG.ID); !ga.IsKind(err, ga.KindForbidden) {
		t.Errorf("the police lists notifications: %v, want forbidden", err)
	}
	if _, err := d.db.Notifications(priya, noorderpark.ID); !ga.IsKind(err, ga.KindConflict) {
		t.Errorf("notifications before the decision: %v, want conflict", err)
	}
	ns, err := d.db.Notifications(priya, stationG.ID)
	if err != nil {
		t.Fatalf("Notifications: %v", err)
	}
	var members, reps int
	addressees := map[string]bool{}
	for _, n := range ns {
		addressees[n.AddresseeName] = true
		if n.RepresentativeID == "" {
			members++
		} else {
			reps++
		}
		if n.Status != ga.NotificationPending || !n.Late {
			t.Errorf("%s: status %s, late %v; want pending and late", n.AddresseeName, n.Status, n.Late)
		}
	}
	var wantMembers, wantReps int
	for _, p := range slices.Concat(persons, recruits) {
		if p.group != station {
			continue
		}
		wantMembers++
		if !addressees[p.name] {
			t.Errorf("member %s is not listed", p.name)
		}
		for _, r := range p.reps {
			wantReps++
			if !addressees[r.Name] {
				t.Errorf("representative %s of %s is not listed", r.Name, p.name)
			}
		}
	}
	if members != wantMembers || reps != wantReps {
		t.Errorf("listed %d members and %d representatives, want %d and %d", members, reps, wantMembers, wantReps)
	}

	jayden, _ := d.demoPerson("Jayden Brouwer")
	i := slices.IndexFunc(ns, func(n ga.Notification) bool { return n.PersonID == jayden && n.RepresentativeID != "" })
	mother := storage.NotificationKey{GroupID: stationG.ID, PersonID: jayden, RepresentativeID: ns[i].RepresentativeID}
	l, err := d.db.NotificationLetter(priya, mother)
	if err != nil {
		t.Fatalf("NotificationLetter: %v", err)
	}
	pdf, err := letter.Notification(l, "Uitvoeringscoördinator Groepsaanpak, Postbus 1, 1000 AA Voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Beste Sandra Brouwer", "Jayden Brouwer", "Groep Stationsplein", l.DecidedOn.Dutch(),
		"Waarvoor gebruiken wij de gegevens?", l.Purpose, "Welke gegevens verwerken wij?", "Hoe lang bewaren wij de gegevens?", l.Retention,
		"klachtencommissie", "Autoriteit Persoonsgegevens", "inzage", "jonger is dan 16"} {
		if !strings.Contains(squash(text), squash(want)) {
			t.Errorf("the notification letter lacks %q", want)
		}
	}
	for _, p := range stationG.Participants {
		name := ""
		partners, _ := d.db.Partners(systemCtx())
		for _, q := range partners {
			if q.ID == p {
				name = q.Name
			}
		}
		if !strings.Contains(squash(text), squash(name)) {
			t.Errorf("the letter does not name the participating partner %s", name)
		}
	}
	for _, p := range slices.Concat(persons, recruits) {
		if p.key != "jayden" && strings.Contains(text, p.name) {
			t.Errorf("the letter about Jayden names %s", p.name)
		}
	}

	today := ga.DateOf(d.db.Now())
	if err := d.db.RecordNotificationSent(priya, mother, today.AddDays(1), "post"); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("sent tomorrow: %v, want invalid", err)
	}
	if err := d.db.RecordNotificationSent(priya, mother, today, "post"); err != nil {
		t.Fatalf("RecordNotificationSent: %v", err)
	}
	jaydenKey := storage.NotificationKey{GroupID: stationG.ID, PersonID: jayden}
	if err := d.db.DeferNotification(priya, jaydenKey, ga.Deferral{Ground: ga.WithholdCrime, Motivation: "Lopend onderzoek.", ReviewOn: today}); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("deferral reviewed today: %v, want invalid", err)
	}
	if err := d.db.DeferNotification(priya, jaydenKey, ga.Deferral{Ground: ga.WithholdCrime, Motivation: "Lopend onderzoek van de politie.", ReviewOn: today.AddDays(30)}); err != nil {
		t.Fatalf("DeferNotification: %v", err)
	}
	if err := d.db.DeferNotification(priya, mother, ga.Deferral{Ground: ga.WithholdCrime, Motivation: "x", ReviewOn: today.AddDays(30)}); !ga.IsKind(err, ga.KindConflict) {
		t.Errorf("deferring a sent notification: %v, want conflict", err)
	}
	ns, err = d.db.Notifications(priya, stationG.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		switch {
		case n.PersonID == jayden && n.RepresentativeID == mother.RepresentativeID:
			if n.Status != ga.NotificationSent || n.SentOn != today || n.Late {
				t.Errorf("the mother's notification: %+v", n)
			}
		case n.PersonID == jayden && n.RepresentativeID == "":
			if n.Status != ga.NotificationDeferred || n.Deferral == nil || n.Deferral.Ground != ga.WithholdCrime || n.Late {
				t.Errorf("Jayden's deferred notification: %+v", n)
			}
		default:
			if !n.Late {
				t.Errorf("%s is not flagged late", n.AddresseeName)
			}
		}
	}
	audit, err := d.db.AuditEntries(systemCtx(), storage.AuditFilter{Action: "notification_sent"})
	if err != nil || len(audit) != 2 || audit[0].Result != ga.ResultFailed || audit[1].Result != ga.ResultSuccess || audit[1].ObjectID != stationG.ID {
		t.Errorf("audit of the refused and the recorded sending: %+v, %v", audit, err)
	}
}
