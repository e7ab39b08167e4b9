package storage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestClearTextInInvolvementReasonFails writes clear text with raw SQL into
// the reason of a running registered involvement and the end reason of an
// ended one, as tampering with the database would: each reader of them —
// Involvements, GroupInvolvements and EndedInvolvements — fails with
// ErrIntegrity instead of showing the planted value, a data-integrity
// incident names the row, and the ciphertext put back reads as before.
func TestClearTextInInvolvementReasonFails(t *testing.T) {
	w := newBusyWorld(t)
	g := w.planWorld.group
	if err := w.db.EndInvolvement(w.coordinator, g.ID, w.p1.ID, w.om.ID, "Het gezin is verhuisd"); err != nil {
		t.Fatal(err)
	}
	const planted = "Ingevoegd buiten de applicatie"
	// reasonOf returns the reason of the partner's involvement with the
	// person among ins.
	reasonOf := func(ins []storage.Involvement, err error, personID, partnerID string) (string, error) {
		if err != nil {
			return "", err
		}
		for _, in := range ins {
			if in.PersonID == personID && in.PartnerID == partnerID {
				return in.Reason, nil
			}
		}
		return "", errors.New("involvement not listed")
	}
	for _, tc := range []struct {
		name                    string
		column, person, partner string
		read                    func() (string, error)
	}{
		{"Involvements reads the reason", "reason", w.p2.ID, w.jeugdhulp.ID, func() (string, error) {
			ins, err := w.db.Involvements(w.coordinator, g.ID, w.p2.ID)
			return reasonOf(ins, err, w.p2.ID, w.jeugdhulp.ID)
		}},
		{"GroupInvolvements reads the reason", "reason", w.p2.ID, w.jeugdhulp.ID, func() (string, error) {
			ins, err := w.db.GroupInvolvements(w.coordinator, g.ID, nil)
			return reasonOf(ins, err, w.p2.ID, w.jeugdhulp.ID)
		}},
		{"EndedInvolvements reads the end reason", "end_reason", w.p1.ID, w.om.ID, func() (string, error) {
			ended, err := w.db.EndedInvolvements(w.coordinator, g.ID, w.p1.ID)
			if err != nil {
				return "", err
			}
			for _, e := range ended {
				if e.PartnerID == w.om.ID {
					return e.EndReason, nil
				}
			}
			return "", errors.New("ended involvement not listed")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rowID := g.ID + "/" + tc.person + "/" + tc.partner
			set := func(value string) {
				t.Helper()
				if _, err := w.db.SQL().Exec(`UPDATE involvements SET `+tc.column+` = $1 WHERE group_id || '/' || person_id || '/' || partner_id = $2`,
					value, rowID); err != nil {
					t.Fatal(err)
				}
			}
			before, err := tc.read()
			if err != nil || before == "" {
				t.Fatalf("before: %q, %v", before, err)
			}
			var stored string
			if err := w.db.SQL().QueryRow(`SELECT `+tc.column+` FROM involvements WHERE group_id || '/' || person_id || '/' || partner_id = $1`,
				rowID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if !keyring.IsSealed(stored) {
				t.Fatalf("involvements.%s holds %q before the test", tc.column, stored)
			}
			set(planted)
			got, err := tc.read()
			if !errors.Is(err, storage.ErrIntegrity) {
				t.Fatalf("read of clear text in involvements.%s: %q, %v; want ErrIntegrity", tc.column, got, err)
			}
			if strings.Contains(err.Error(), planted) {
				t.Errorf("the error shows the value: %v", err)
			}
			ev := waitForIncident(t, w.db, "involvements."+tc.column)
			if !strings.Contains(ev, "rij: "+rowID) || !strings.Contains(ev, "onversleutelde tekst") {
				t.Errorf("incident evidence %q does not name the row and the problem", ev)
			}
			set(stored)
			if after, err := tc.read(); err != nil || after != before {
				t.Errorf("after putting the ciphertext back: %q, %v; want %q", after, err, before)
			}
		})
	}
}
