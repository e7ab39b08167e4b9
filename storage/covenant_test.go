package storage_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// requireAccess asks for personal data access in a transaction, as every
// feature that processes personal data does.
func requireAccess(db *storage.DB, ctx context.Context) (string, error) {
	var id string
	err := db.Transact(ctx, func(tx *storage.Tx) error {
		var err error
		id, err = tx.RequirePersonalDataAccess()
		return err
	})
	return id, err
}

func TestArticle8GateThroughStorage(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	politie := f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	school := f.mustPartner(ga.KindSchool, "Testcollege")
	coordinator := f.mustUser(gemeente, ga.RoleCoordinator, ga.RoleProfessional)
	var om, woningcorporatie *ga.Partner
	var withDPIA *ga.RegisterEntry

	// Each step checks the gate and then repairs one condition, so that the
	// conditions are met one by one until the gate opens.
	steps := []struct {
		rule string
		want func() []string // the names of the missing conditions; nil when open
		then func()
	}{
		{
			"closed while no covenant is recorded",
			func() []string {
				return []string{"convenant", "ondertekening:" + gemeente.ID, "ondertekening:" + politie.ID, "ondertekening:" + school.ID, "partner:om", "verwerkingsregister"}
			},
			func() {
				f.mustTerms(testTerms(gemeente, "2026-04-01"))
				if err := f.db.AcceptConfidentiality(coordinator); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			"closed while a driehoek partner is missing",
			func() []string {
				return []string{"ingangsdatum", "ondertekening:" + gemeente.ID, "ondertekening:" + politie.ID, "ondertekening:" + school.ID, "partner:om", "verwerkingsregister"}
			},
			func() { om = f.mustPartner(ga.KindOM, "Parket Test") },
		},
		{
			"closed while partners have not signed",
			func() []string {
				return []string{"ingangsdatum", "ondertekening:" + gemeente.ID, "ondertekening:" + om.ID, "ondertekening:" + politie.ID, "ondertekening:" + school.ID, "verwerkingsregister"}
			},
			func() { f.mustSign(gemeente, politie, school) },
		},
		{
			"closed while one partner has not signed",
			func() []string { return []string{"ingangsdatum", "ondertekening:" + om.ID, "verwerkingsregister"} },
			func() {
				f.mustSign(om)
				// One second before 1 April in Amsterdam (CEST, UTC+2).
				f.clock.Set(time.Date(2026, 3, 31, 21, 59, 59, 0, time.UTC))
			},
		},
		{
			"closed until the effective date is reached in Amsterdam",
			func() []string { return []string{"ingangsdatum", "verwerkingsregister"} },
			func() { f.clock.Advance(time.Second) },
		},
		{
			"closed while the register entry is missing",
			func() []string { return []string{"verwerkingsregister"} },
			func() { f.mustRegister("") },
		},
		{
			"closed while the register entry has no DPIA reference",
			func() []string { return []string{"dpia"} },
			func() { withDPIA = f.mustRegister("DPIA-2026-01") },
		},
		{
			"open once every condition holds",
			func() []string { return nil },
			func() { woningcorporatie = f.mustPartner(ga.KindWoningcorporatie, "Woonstichting Test") },
		},
		{
			"closed again by a partner added later until it signs",
			func() []string { return []string{"ondertekening:" + woningcorporatie.ID} },
			func() { f.mustSign(woningcorporatie) },
		},
		{
			"open again once the new partner signed",
			func() []string { return nil },
			func() {},
		},
	}
	for _, step := range steps {
		t.Run(step.rule, func(t *testing.T) {
			want := step.want()
			slices.Sort(want)
			id, err := requireAccess(f.db, coordinator)
			if want == nil {
				if err != nil {
					t.Fatalf("RequirePersonalDataAccess = %v, want open", err)
				}
				if id != withDPIA.ID {
					t.Errorf("register entry = %s, want the version in force %s", id, withDPIA.ID)
				}
				if err := f.db.CheckGate(coordinator); err != nil {
					t.Errorf("CheckGate = %v, want open", err)
				}
			} else {
				wantKind(t, err, ga.KindGateClosed)
				if got := detailNames(err); !slices.Equal(got, want) {
					t.Errorf("missing conditions = %v, want %v", got, want)
				}
				if got := detailNames(f.db.CheckGate(coordinator)); !slices.Equal(got, want) {
					t.Errorf("CheckGate missing conditions = %v, want %v", got, want)
				}
			}
			step.then()
		})
	}
}

func TestPersonalDataAccessNeedsRolesAndDeclaration(t *testing.T) {
	c := newCovenantInForce(t)
	admin := c.mustUser(c.gemeente, ga.RoleAdmin)
	auditor := c.mustUser(c.gemeente, ga.RoleAuditor)
	professional := c.mustUser(c.school, ga.RoleProfessional)
	coordinator := c.mustUser(c.gemeente, ga.RoleCoordinator)
	politie := c.mustUser(c.politie, ga.RoleDriehoek)
	om := c.mustUser(c.om, ga.RoleDriehoek)
	schoolDriehoek := c.mustUser(c.school, ga.RolePrivacyOfficer)
	for _, ctx := range []context.Context{admin, auditor, professional, coordinator} {
		if err := c.db.AcceptConfidentiality(ctx); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		rule string
		ctx  context.Context
		want ga.Kind // KindInternal stands for "allowed"
	}{
		{"refused without a logged-in user", context.Background(), ga.KindUnauthenticated},
		{"refused for an admin, who never sees personal data", admin, ga.KindForbidden},
		{"refused for an auditor, who never sees personal data", auditor, ga.KindForbidden},
		{"refused for a user without the confidentiality declaration", politie, ga.KindForbidden},
		{"allowed for a professional who accepted the declaration", professional, ga.KindInternal},
		{"allowed for the system itself", c.sys, ga.KindInternal},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			id, err := requireAccess(c.db, tt.ctx)
			if tt.want == ga.KindInternal {
				if err != nil || id != c.register.ID {
					t.Fatalf("RequirePersonalDataAccess = %q, %v; want %q", id, err, c.register.ID)
				}
				return
			}
			wantKind(t, err, tt.want)
		})
	}

	t.Run("the declaration is needed again after an amendment", func(t *testing.T) {
		amended := testTerms(c.gemeente, "2026-01-01")
		amended.RetentionAfterClosureMonths = 18
		a := &ga.Amendment{Description: "Kortere bewaartermijn", Terms: amended}
		if err := c.db.ProposeAmendment(coordinator, a); err != nil {
			t.Fatal(err)
		}
		for _, ctx := range []context.Context{coordinator, politie, om, schoolDriehoek} {
			if _, err := c.db.ApproveAmendment(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
		}
		_, err := requireAccess(c.db, professional)
		wantKind(t, err, ga.KindForbidden)
		if got := detailNames(err); !slices.Equal(got, []string{"geheimhoudingsverklaring"}) {
			t.Errorf("details = %v, want the declaration", got)
		}
		if err := c.db.AcceptConfidentiality(professional); err != nil {
			t.Fatal(err)
		}
		if _, err := requireAccess(c.db, professional); err != nil {
			t.Errorf("after accepting version 2: %v", err)
		}
	})
}

func TestCovenantTerms(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	professional := f.mustUser(gemeente, ga.RoleProfessional)
	coordinator := f.mustUser(gemeente, ga.RoleCoordinator)

	t.Run("no covenant is not found", func(t *testing.T) {
		_, err := f.db.Covenant(coordinator)
		wantKind(t, err, ga.KindNotFound)
	})
	t.Run("only admin or coordinator records the terms", func(t *testing.T) {
		_, err := f.db.SetCovenantTerms(professional, testTerms(gemeente, "2026-04-01"))
		wantKind(t, err, ga.KindForbidden)
	})
	t.Run("terms are validated against the partners", func(t *testing.T) {
		terms := testTerms(gemeente, "2026-04-01")
		terms.CoordinatorPartnerID = storage.NewID()
		terms.RequestDeadlineDays = 35
		_, err := f.db.SetCovenantTerms(coordinator, terms)
		wantKind(t, err, ga.KindInvalid)
		if got, want := detailNames(err), []string{"coordinatorPartnerId", "termijnVerzoekenDagen"}; !slices.Equal(got, want) {
			t.Errorf("details = %v, want %v", got, want)
		}
	})
	t.Run("terms may be edited until the first signature, keeping version 1", func(t *testing.T) {
		first, err := f.db.SetCovenantTerms(coordinator, testTerms(gemeente, "2026-04-01"))
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		edited := testTerms(gemeente, "2026-05-01")
		second, err := f.db.SetCovenantTerms(coordinator, edited)
		if err != nil {
			t.Fatal(err)
		}
		if second.ID != first.ID || second.Version != 1 || second.Terms.EffectiveDate != "2026-05-01" {
			t.Errorf("edited covenant = %+v, want the same covenant at version 1 with the new date", second)
		}
		got, err := f.db.Covenant(professional)
		if err != nil {
			t.Fatal(err)
		}
		if got.Terms.EffectiveDate != "2026-05-01" || !got.UpdatedAt.Equal(f.clock.Now()) || !got.CreatedAt.Equal(fixtureStart) {
			t.Errorf("stored covenant = %+v", got)
		}
		h, err := f.db.CovenantHistory(professional)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 1 || h[0].Version != 1 || h[0].Terms.EffectiveDate != "2026-05-01" {
			t.Errorf("history = %+v, want version 1 with the edited terms", h)
		}
	})
	t.Run("terms are fixed after the first signature", func(t *testing.T) {
		f.mustSign(gemeente)
		_, err := f.db.SetCovenantTerms(coordinator, testTerms(gemeente, "2026-06-01"))
		wantKind(t, err, ga.KindConflict)
	})
}

func TestSignatures(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	politie := f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	politieDriehoek := f.mustUser(politie, ga.RoleDriehoek)
	politieProfessional := f.mustUser(politie, ga.RoleProfessional)
	sig := func(p *ga.Partner) *ga.Signature {
		return &ga.Signature{PartnerID: p.ID, SignatoryName: "T. Teamchef", SignatoryFunction: "Teamchef", SignedOn: "2026-02-15"}
	}

	t.Run("a signature needs recorded terms", func(t *testing.T) {
		wantKind(t, f.db.RecordSignature(politieDriehoek, sig(politie)), ga.KindConflict)
	})
	f.mustTerms(testTerms(gemeente, "2026-04-01"))

	tests := []struct {
		rule string
		ctx  context.Context
		sig  *ga.Signature
		want ga.Kind // KindInternal stands for "recorded"
	}{
		{"an unknown partner is not found", politieDriehoek, &ga.Signature{PartnerID: storage.NewID(), SignatoryName: "X", SignatoryFunction: "Y", SignedOn: "2026-02-15"}, ga.KindNotFound},
		{"a professional may not sign for the partner", politieProfessional, sig(politie), ga.KindForbidden},
		{"a driehoek member may not sign for another partner", politieDriehoek, sig(gemeente), ga.KindForbidden},
		{"the signatory's name is required", politieDriehoek, &ga.Signature{PartnerID: politie.ID, SignatoryFunction: "Teamchef", SignedOn: "2026-02-15"}, ga.KindInvalid},
		{"a driehoek member signs for the own partner", politieDriehoek, sig(politie), ga.KindInternal},
		{"a second signature of the same partner is a conflict", politieDriehoek, sig(politie), ga.KindConflict},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			err := f.db.RecordSignature(tt.ctx, tt.sig)
			if tt.want == ga.KindInternal {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantKind(t, err, tt.want)
		})
	}

	sigs, err := f.db.Signatures(politieProfessional)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || sigs[0].PartnerID != politie.ID || sigs[0].SignatoryName != "T. Teamchef" || sigs[0].SignedOn != "2026-02-15" ||
		sigs[0].RecordedBy != ga.ActorFrom(politieDriehoek).UserID || !sigs[0].RecordedAt.Equal(fixtureStart) {
		t.Errorf("signatures = %+v, want the police signature recorded by its driehoek member", sigs)
	}
}

// amendmentFixture has four partners that signed, and in each a user who
// may approve amendments.
type amendmentFixture struct {
	*covenantInForce
	approvers map[string]context.Context // by partner id
}

func newAmendmentFixture(t *testing.T) *amendmentFixture {
	c := newCovenantInForce(t)
	return &amendmentFixture{c, map[string]context.Context{
		c.gemeente.ID: c.mustUser(c.gemeente, ga.RoleCoordinator),
		c.politie.ID:  c.mustUser(c.politie, ga.RoleDriehoek),
		c.om.ID:       c.mustUser(c.om, ga.RoleDriehoek),
		c.school.ID:   c.mustUser(c.school, ga.RolePrivacyOfficer),
	}}
}

func (a *amendmentFixture) propose(months int) *ga.Amendment {
	a.t.Helper()
	terms := testTerms(a.gemeente, "2026-01-01")
	terms.RetentionAfterClosureMonths = months
	am := &ga.Amendment{Description: "Bewaartermijn aanpassen", Terms: terms}
	if err := a.db.ProposeAmendment(a.approvers[a.gemeente.ID], am); err != nil {
		a.t.Fatalf("propose amendment: %v", err)
	}
	return am
}

func TestAmendments(t *testing.T) {
	a := newAmendmentFixture(t)
	ctx := a.approvers[a.gemeente.ID]

	t.Run("proposal needs a proposing role and valid terms", func(t *testing.T) {
		professional := a.mustUser(a.school, ga.RoleProfessional)
		wantKind(t, a.db.ProposeAmendment(professional, &ga.Amendment{Description: "x", Terms: testTerms(a.gemeente, "2026-01-01")}), ga.KindForbidden)
		bad := testTerms(a.gemeente, "2026-01-01")
		bad.ControllerModel = "niemand"
		err := a.db.ProposeAmendment(ctx, &ga.Amendment{Terms: bad})
		wantKind(t, err, ga.KindInvalid)
		if got, want := detailNames(err), []string{"toelichting", "verantwoordelijkheidsmodel"}; !slices.Equal(got, want) {
			t.Errorf("details = %v, want %v", got, want)
		}
	})

	t.Run("terms change only when the last partner approves", func(t *testing.T) {
		am := a.propose(18)
		if am.Number != 1 || am.Status != ga.AmendmentProposed || am.ProposedBy != ga.ActorFrom(ctx).UserID {
			t.Fatalf("proposed amendment = %+v", am)
		}
		order := []*ga.Partner{a.politie, a.school, a.om, a.gemeente}
		for i, p := range order {
			got, err := a.db.ApproveAmendment(a.approvers[p.ID], am.ID)
			if err != nil {
				t.Fatalf("approval %d by %s: %v", i+1, p.Name, err)
			}
			cov, err := a.db.Covenant(ctx)
			if err != nil {
				t.Fatal(err)
			}
			last := i == len(order)-1
			switch {
			case !last && (cov.Version != 1 || cov.Terms.RetentionAfterClosureMonths != 24 || got.Status != ga.AmendmentProposed):
				t.Errorf("after approval %d: covenant version %d, retention %d, status %s; want unchanged", i+1, cov.Version, cov.Terms.RetentionAfterClosureMonths, got.Status)
			case last && (cov.Version != 2 || cov.Terms.RetentionAfterClosureMonths != 18 || got.Status != ga.AmendmentInForce || got.ResultingVersion != 2 || got.EffectiveAt == nil):
				t.Errorf("after the last approval: covenant version %d, retention %d, amendment %+v; want version 2 in force", cov.Version, cov.Terms.RetentionAfterClosureMonths, got)
			}
			if len(got.Approvals) != i+1 || got.Approvals[i].PartnerID != p.ID {
				t.Errorf("approvals after %d = %+v", i+1, got.Approvals)
			}
		}
		h, err := a.db.CovenantHistory(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || h[0].Version != 1 || h[0].Terms.RetentionAfterClosureMonths != 24 || h[0].AmendmentID != "" ||
			h[1].Version != 2 || h[1].Terms.RetentionAfterClosureMonths != 18 || h[1].AmendmentID != am.ID {
			t.Errorf("history = %+v, want version 1 as signed and version 2 from the amendment", h)
		}
		wantKind(t, func() error { _, err := a.db.ApproveAmendment(ctx, am.ID); return err }(), ga.KindConflict)
	})

	t.Run("approvals count per partner", func(t *testing.T) {
		am := a.propose(12)
		if _, err := a.db.ApproveAmendment(a.approvers[a.politie.ID], am.ID); err != nil {
			t.Fatal(err)
		}
		colleague := a.mustUser(a.politie, ga.RolePrivacyOfficer)
		tests := []struct {
			rule string
			ctx  context.Context
			want ga.Kind
		}{
			{"a second approval by the same partner is a conflict", colleague, ga.KindConflict},
			{"a professional may not bind the partner", a.mustUser(a.om, ga.RoleProfessional), ga.KindForbidden},
			{"the system without a partner may not approve", a.sys, ga.KindForbidden},
			{"nobody may approve without logging in", context.Background(), ga.KindUnauthenticated},
		}
		for _, tt := range tests {
			t.Run(tt.rule, func(t *testing.T) {
				_, err := a.db.ApproveAmendment(tt.ctx, am.ID)
				wantKind(t, err, tt.want)
			})
		}
		t.Run("an actor of another partner approves only for its own", func(t *testing.T) {
			got, err := a.db.ApproveAmendment(a.approvers[a.om.ID], am.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.ApprovedBy(a.om.ID) || got.ApprovedBy(a.gemeente.ID) || got.ApprovedBy(a.school.ID) {
				t.Errorf("approvals = %+v, want police and OM only", got.Approvals)
			}
			pending := got.PendingPartners([]ga.Partner{*a.gemeente, *a.politie, *a.om, *a.school})
			if len(pending) != 2 {
				t.Errorf("pending = %v, want gemeente and school", pending)
			}
		})
		t.Run("an unknown amendment is not found", func(t *testing.T) {
			_, err := a.db.ApproveAmendment(ctx, storage.NewID())
			wantKind(t, err, ga.KindNotFound)
		})
		t.Run("a withdrawn amendment cannot be approved", func(t *testing.T) {
			if err := a.db.WithdrawAmendment(ctx, am.ID); err != nil {
				t.Fatal(err)
			}
			_, err := a.db.ApproveAmendment(a.approvers[a.school.ID], am.ID)
			wantKind(t, err, ga.KindConflict)
			wantKind(t, a.db.WithdrawAmendment(ctx, am.ID), ga.KindConflict)
		})
	})

	t.Run("amendments are listed newest first with their approvals", func(t *testing.T) {
		list, err := a.db.Amendments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Number != 2 || list[0].Status != ga.AmendmentWithdrawn || len(list[0].Approvals) != 2 ||
			list[1].Number != 1 || list[1].Status != ga.AmendmentInForce || len(list[1].Approvals) != 4 {
			t.Errorf("amendments = %+v", list)
		}
	})
}

func TestConcurrentLastApprovalsApplyOnce(t *testing.T) {
	a := newAmendmentFixture(t)
	for round := range 3 {
		am := a.propose(20 - round)
		for _, p := range []*ga.Partner{a.gemeente, a.politie} {
			if _, err := a.db.ApproveAmendment(a.approvers[p.ID], am.ID); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, p := range []*ga.Partner{a.om, a.school} {
			wg.Go(func() {
				_, errs[i] = a.db.ApproveAmendment(a.approvers[p.ID], am.ID)
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: concurrent approval: %v", round, err)
			}
		}
		cov, err := a.db.Covenant(a.sys)
		if err != nil {
			t.Fatal(err)
		}
		if cov.Version != round+2 {
			t.Errorf("round %d: covenant version = %d, want %d", round, cov.Version, round+2)
		}
		h, err := a.db.CovenantHistory(a.sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != round+2 {
			t.Errorf("round %d: history has %d versions, want %d", round, len(h), round+2)
		}
		got, err := a.db.Amendment(a.sys, am.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != ga.AmendmentInForce || got.ResultingVersion != round+2 || len(got.Approvals) != 4 {
			t.Errorf("round %d: amendment = %+v", round, got)
		}
	}
}

func TestAmendmentBeforeSignatureIsAConflict(t *testing.T) {
	f := newFixture(t)
	gemeente := f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	coordinator := f.mustUser(gemeente, ga.RoleCoordinator)
	am := &ga.Amendment{Description: "Te vroeg", Terms: testTerms(gemeente, "2026-04-01")}
	wantKind(t, f.db.ProposeAmendment(coordinator, am), ga.KindConflict)
	f.mustTerms(testTerms(gemeente, "2026-04-01"))
	wantKind(t, f.db.ProposeAmendment(coordinator, am), ga.KindConflict)
}

func TestWpg20Decisions(t *testing.T) {
	c := newCovenantInForce(t)
	police := c.mustUser(c.politie, ga.RoleDriehoek)
	school := c.mustUser(c.school, ga.RolePrivacyOfficer)
	decision := func(ref string, on ga.Date) *ga.Wpg20Decision {
		return &ga.Wpg20Decision{Reference: ref, DecidedOn: on, DecidedBy: "Korpschef", Summary: "Verstrekking aan de partners", ValidUntil: "2027-12-31"}
	}
	tests := []struct {
		rule string
		ctx  context.Context
		d    *ga.Wpg20Decision
		want ga.Kind // KindInternal stands for "recorded"
	}{
		{"a police driehoek member records the decision", police, decision("POL/2026/1", "2026-01-10"), ga.KindInternal},
		{"the system records the decision", c.sys, decision("POL/2026/2", "2026-02-10"), ga.KindInternal},
		{"a user of another partner may not", school, decision("POL/2026/3", "2026-02-11"), ga.KindForbidden},
		{"an end date before the decision is invalid", police, &ga.Wpg20Decision{Reference: "POL/2026/4", DecidedOn: "2026-02-10", DecidedBy: "Korpschef", Summary: "x", ValidUntil: "2026-01-01"}, ga.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			err := c.db.RecordWpg20Decision(tt.ctx, tt.d)
			if tt.want != ga.KindInternal {
				wantKind(t, err, tt.want)
				return
			}
			if err != nil || tt.d.ID == "" || !tt.d.RecordedAt.Equal(fixtureStart) {
				t.Fatalf("RecordWpg20Decision = %v, decision %+v", err, tt.d)
			}
		})
	}
	list, err := c.db.Wpg20Decisions(school)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Reference != "POL/2026/2" || list[1].Reference != "POL/2026/1" || list[1].RecordedBy != ga.ActorFrom(police).UserID || list[1].ValidUntil != "2027-12-31" {
		t.Errorf("decisions = %+v, want both, newest first", list)
	}
}

func TestDisputes(t *testing.T) {
	c := newCovenantInForce(t)
	coordinator := c.mustUser(c.gemeente, ga.RoleCoordinator)
	schoolOfficer := c.mustUser(c.school, ga.RolePrivacyOfficer)
	professional := c.mustUser(c.school, ga.RoleProfessional)
	d := &ga.Dispute{Subject: "Uitnodiging overleg", Description: "Onenigheid over de uitnodiging", PartnerIDs: []string{c.school.ID, c.gemeente.ID, c.school.ID}}

	t.Run("raising needs a role that may", func(t *testing.T) {
		wantKind(t, c.db.RaiseDispute(professional, &ga.Dispute{Subject: "x", Description: "y", PartnerIDs: []string{c.school.ID}}), ga.KindForbidden)
	})
	t.Run("an unknown partner is invalid", func(t *testing.T) {
		err := c.db.RaiseDispute(schoolOfficer, &ga.Dispute{Subject: "x", Description: "y", PartnerIDs: []string{storage.NewID()}})
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"betrokkenPartnerIds"}) {
			t.Errorf("details = %v", got)
		}
	})
	t.Run("a dispute is raised open by the actor's partner", func(t *testing.T) {
		if err := c.db.RaiseDispute(schoolOfficer, d); err != nil {
			t.Fatal(err)
		}
		want := []string{c.gemeente.ID, c.school.ID}
		slices.Sort(want)
		if d.Status != ga.DisputeOpen || d.RaisedBy != c.school.ID || !slices.Equal(d.PartnerIDs, want) || d.ResolvedAt != nil {
			t.Errorf("raised dispute = %+v", d)
		}
	})
	t.Run("only the coordinator or an admin resolves", func(t *testing.T) {
		_, err := c.db.ResolveDispute(schoolOfficer, d.ID, "Opgelost")
		wantKind(t, err, ga.KindForbidden)
		_, err = c.db.ResolveDispute(coordinator, storage.NewID(), "Opgelost")
		wantKind(t, err, ga.KindNotFound)
		_, err = c.db.ResolveDispute(coordinator, d.ID, " ")
		wantKind(t, err, ga.KindInvalid)
	})
	t.Run("open to resolved, once", func(t *testing.T) {
		c.clock.Advance(48 * time.Hour)
		got, err := c.db.ResolveDispute(coordinator, d.ID, "In de driehoek besproken en opgelost")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != ga.DisputeResolved || got.ResolvedAt == nil || !got.ResolvedAt.Equal(c.clock.Now()) {
			t.Errorf("resolved dispute = %+v", got)
		}
		_, err = c.db.ResolveDispute(coordinator, d.ID, "Nogmaals")
		wantKind(t, err, ga.KindConflict)
		stored, err := c.db.Dispute(professional, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Status != ga.DisputeResolved || stored.Resolution != "In de driehoek besproken en opgelost" || len(stored.PartnerIDs) != 2 || !stored.RaisedAt.Equal(fixtureStart) {
			t.Errorf("stored dispute = %+v", stored)
		}
		list, err := c.db.Disputes(professional)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != d.ID || len(list[0].PartnerIDs) != 2 {
			t.Errorf("disputes = %+v", list)
		}
	})
}
