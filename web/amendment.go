package web

import (
	"net/http"
	"slices"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// amendmentView is one amendment: the proposed terms beside those in force,
// and each partner's approval.
type amendmentView struct {
	Amendment ga.Amendment
	Current   *ga.Covenant
	Names     map[string]string
	Changes   []string
	Approvals []approvalRow
	// CanApprove is set when the actor may approve for its own partner and
	// that partner has not yet done so.
	CanApprove  bool
	CanWithdraw bool
}

type approvalRow struct {
	Partner    ga.Partner
	ApprovedAt *time.Time
}

// amendment shows one amendment. An unknown id gets the 404 page.
func (s *server) amendment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.db.Amendment(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return err
	}
	actor := requestFrom(ctx).actor
	av := &amendmentView{Amendment: *a, Names: partnerNames(partners)}
	if c, err := s.db.Covenant(ctx); err == nil {
		av.Current = c
		av.Changes = termChanges(c.Terms, a.Terms)
	} else if !ga.IsKind(err, ga.KindNotFound) {
		return err
	}
	for _, p := range partners {
		row := approvalRow{Partner: p}
		if i := slices.IndexFunc(a.Approvals, func(x ga.Approval) bool { return x.PartnerID == p.ID }); i >= 0 {
			row.ApprovedAt = &a.Approvals[i].ApprovedAt
		}
		av.Approvals = append(av.Approvals, row)
		if p.ID == actor.PartnerID && a.Status == ga.AmendmentProposed && row.ApprovedAt == nil && ga.CanApproveAmendment(actor, p) {
			av.CanApprove = true
		}
	}
	av.CanWithdraw = a.Status == ga.AmendmentProposed && ga.CanProposeAmendment(actor)
	s.render(w, r, http.StatusOK, "amendment", av, nil)
	return nil
}

// termChanges names (by catalog key) the terms an amendment changes, so
// that approvers see at a glance what they agree to.
func termChanges(old, new ga.CovenantTerms) []string {
	var out []string
	add := func(changed bool, key string) {
		if changed {
			out = append(out, key)
		}
	}
	add(old.Title != new.Title, "terms.title")
	add(old.ControllerModel != new.ControllerModel, "terms.model")
	add(old.CoordinatorPartnerID != new.CoordinatorPartnerID, "terms.coordinator")
	add(old.ControllerPartnerID != new.ControllerPartnerID, "terms.controller")
	add(old.EffectiveDate != new.EffectiveDate, "terms.effective")
	add(old.RetentionAfterClosureMonths != new.RetentionAfterClosureMonths, "terms.retention_closure")
	add(old.RetentionAfterMembershipMonths != new.RetentionAfterMembershipMonths, "terms.retention_membership")
	add(!sameKinds(old.SpecialCategoryKinds, new.SpecialCategoryKinds), "terms.special")
	add(!sameKinds(old.CriminalCategoryKinds, new.CriminalCategoryKinds), "terms.criminal")
	add(old.RequestDeadlineDays != new.RequestDeadlineDays, "terms.deadline")
	return out
}

func sameKinds(a, b []ga.PartnerKind) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
