package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/internal/keyring"
)

// TestEndedInvolvementReadsItsReason ends a registered involvement: the
// reason is stored encrypted and read back decrypted by the coordinator and
// by the partner whose involvement it was, not by another partner; a new
// registration replaces the ended one.
func TestEndedInvolvementReadsItsReason(t *testing.T) {
	w := newBusyWorld(t)
	g := w.planWorld.group
	const reason = "Het gezin is verhuisd naar een andere gemeente"
	if err := w.db.EndInvolvement(w.coordinator, g.ID, w.p1.ID, w.om.ID, reason); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := w.db.SQL().QueryRow(`SELECT end_reason FROM involvements WHERE group_id = $1 AND person_id = $2 AND partner_id = $3`,
		g.ID, w.p1.ID, w.om.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if !keyring.IsSealed(raw) {
		t.Fatalf("end_reason is stored as %q", raw)
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{
		{"coordinator", w.coordinator, 1},
		{"the partner whose involvement ended", w.omProf, 1},
		{"another partner involved with the member", w.jeugdProf, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ended, err := w.db.EndedInvolvements(tc.ctx, g.ID, w.p1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ended) != tc.want {
				t.Fatalf("ended involvements %+v, want %d", ended, tc.want)
			}
			if tc.want == 1 && (ended[0].PartnerID != w.om.ID || ended[0].EndReason != reason || !ended[0].EndedAt.Equal(w.clock.Now().UTC().Truncate(time.Microsecond)) || ended[0].EndedBy == "") {
				t.Errorf("ended involvement %+v", ended[0])
			}
		})
	}
	if err := w.db.RegisterInvolvement(w.coordinator, g.ID, w.p1.ID, w.om.ID, "Opnieuw betrokken"); err != nil {
		t.Fatal(err)
	}
	if ended, err := w.db.EndedInvolvements(w.coordinator, g.ID, w.p1.ID); err != nil || len(ended) != 0 {
		t.Errorf("after registering again: %+v, %v", ended, err)
	}
}
