package groepsaanpak_test

import (
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestCovenantTermsValidate(t *testing.T) {
	partners := fixturePartners()
	tests := []struct {
		name   string
		change func(*ga.CovenantTerms)
		field  string // "" means valid
	}{
		{"valid joint controllers", func(*ga.CovenantTerms) {}, ""},
		{"valid designated controller", func(t *ga.CovenantTerms) {
			t.ControllerModel = ga.DesignatedController
			t.ControllerPartnerID = "p-gem"
		}, ""},
		{"designated controller must be a partner", func(t *ga.CovenantTerms) {
			t.ControllerModel = ga.DesignatedController
			t.ControllerPartnerID = "elsewhere"
		}, "verantwoordelijkePartnerId"},
		{"joint controllers name no single controller", func(t *ga.CovenantTerms) { t.ControllerPartnerID = "p-gem" }, "verantwoordelijkePartnerId"},
		{"unknown controller model", func(t *ga.CovenantTerms) { t.ControllerModel = "anders" }, "verantwoordelijkheidsmodel"},
		{"coordinator must be a partner", func(t *ga.CovenantTerms) { t.CoordinatorPartnerID = "x" }, "coordinatorPartnerId"},
		{"title required", func(t *ga.CovenantTerms) { t.Title = " " }, "titel"},
		{"effective date must be a date", func(t *ga.CovenantTerms) { t.EffectiveDate = "2026-02-30" }, "ingangsdatum"},
		{"retention after closure required", func(t *ga.CovenantTerms) { t.RetentionAfterClosureMonths = 0 }, "bewaartermijnNaAfsluitingMaanden"},
		{"retention after membership required", func(t *ga.CovenantTerms) { t.RetentionAfterMembershipMonths = 0 }, "bewaartermijnNaLidmaatschapMaanden"},
		{"request deadline at most four weeks (Art 6.1)", func(t *ga.CovenantTerms) { t.RequestDeadlineDays = 35 }, "termijnVerzoekenDagen"},
		{"unknown partner kind for special categories", func(t *ga.CovenantTerms) { t.SpecialCategoryKinds = []ga.PartnerKind{"buurman"} }, "soorten"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := fixtureTerms()
			tt.change(&terms)
			err := terms.Validate(partners)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want valid", err)
				}
				return
			}
			if !ga.IsKind(err, ga.KindInvalid) {
				t.Fatalf("Validate = %v, want KindInvalid", err)
			}
			for _, d := range err.(*ga.Error).Details {
				if d.Name == tt.field {
					return
				}
			}
			t.Fatalf("Validate = %v, want a detail for %q", err, tt.field)
		})
	}
}

func TestAmendmentApprovedByAll(t *testing.T) {
	partners := fixturePartners()
	a := ga.Amendment{}
	for i, p := range partners {
		if a.ApprovedByAll(partners) {
			t.Fatalf("approved by all after %d of %d approvals", i, len(partners))
		}
		a.Approvals = append(a.Approvals, ga.Approval{PartnerID: p.ID})
		if got := len(a.PendingPartners(partners)); got != len(partners)-i-1 {
			t.Fatalf("pending after %d approvals = %d", i+1, got)
		}
	}
	if !a.ApprovedByAll(partners) {
		t.Fatal("not approved by all after every partner approved")
	}
	if (ga.Amendment{}).ApprovedByAll(nil) {
		t.Fatal("an amendment without partners must never count as approved")
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
		dutch string
	}{
		{"2026-01-31", true, "31-01-2026"},
		{"2026-02-29", false, "2026-02-29"},
		{"31-01-2026", false, "31-01-2026"},
		{"", false, ""},
	}
	for _, tt := range tests {
		d := ga.Date(tt.in)
		if d.Valid() != tt.valid || d.Dutch() != tt.dutch {
			t.Errorf("Date(%q): valid %v dutch %q, want %v %q", tt.in, d.Valid(), d.Dutch(), tt.valid, tt.dutch)
		}
	}
}
