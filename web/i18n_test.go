package web

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

func TestCatalogIsComplete(t *testing.T) {
	if err := checkCatalog(); err != nil {
		t.Fatal(err)
	}
	if len(catalog[langNL]) != len(catalog[langEN]) {
		t.Fatalf("nl has %d keys, en %d", len(catalog[langNL]), len(catalog[langEN]))
	}

	need := map[string]bool{}
	// Every literal key in the templates: {{t "key"}} and the label and
	// description keys of form fields.
	keyRE := regexp.MustCompile(`\bt "([a-z_.0-9]+)"|field [$.A-Za-z]+ "[^"]+" "([a-z_.0-9]+)"|"desc:([a-z_.0-9]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, p)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			need[m[1]+m[2]+m[3]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys built at run time.
	for _, role := range ga.Roles {
		need["role."+string(role)] = true
		a := &ga.Actor{Roles: []ga.Role{role}, PartnerKind: ga.KindPolitie}
		for _, signed := range []bool{false, true} {
			for _, task := range tasksFor(a, signed) {
				need[task.Key] = true
				need[task.Key+"_desc"] = true
			}
		}
	}
	for _, k := range ga.PartnerKinds {
		need["kind."+string(k)] = true
	}
	for _, m := range []ga.ControllerModel{ga.JointControllers, ga.DesignatedController} {
		need["model."+string(m)] = true
	}
	for _, kind := range []string{"internal", "invalid", "not_found", "forbidden", "conflict", "gate_closed", "locked", "too_large", "cross_origin"} {
		need["error."+kind+".title"] = true
		need["error."+kind+".text"] = true
	}
	for _, k := range []string{flashSessionExpired, flashLoggedOut, flashSaved, flashDeclared, flashSigned, flashWpg20, flashProposed,
		flashApproved, flashInForce, flashWithdrawn, flashRegister, flashDisputeRaised, flashResolved, flashPartnerSaved,
		flashUserSaved, flashFactorReset, flashTokenRevoked, flashTermsSaved} {
		need[k] = true
	}
	// The casework's enumerations, named at run time.
	for _, st := range ga.Steps {
		need["step."+string(st)] = true
		if next := nextStep(st); next != "" {
			need["group.next_desc."+string(next)] = true
		}
	}
	for _, f := range []ga.GroupForm{ga.FormGroup, ga.FormNetwork} {
		need["group.form."+string(f)] = true
	}
	for _, r := range []ga.MembershipRole{ga.RoleCore, ga.RoleFollower, ga.RoleRecruit} {
		need["member.role."+string(r)] = true
	}
	for _, k := range ga.MeasureKinds {
		need["measure.kind."+string(k)] = true
		need["measure.kind_short."+string(k)] = true
	}
	for _, st := range ga.MeasureStatuses {
		need["measure.status."+string(st)] = true
	}
	for _, k := range []ga.MeetingKind{ga.MeetingGroup, ga.MeetingIndividual} {
		need["meeting.kind."+string(k)] = true
	}
	for _, st := range []ga.ItemStatus{ga.ItemActive, ga.ItemCorrected, ga.ItemBlocked, ga.ItemDeleted} {
		need["item.status."+string(st)] = true
	}
	for m := 1; m <= 12; m++ {
		need["month."+strconv.Itoa(m)] = true
	}
	for _, tab := range groupTabs("x", "") {
		need[tab.Key] = true
	}
	for _, k := range slices.Concat(caseworkFlashes, casework2Flashes) {
		need[k] = true
	}
	for _, it := range (&view{Actor: &ga.Actor{Roles: []ga.Role{ga.RoleCoordinator}}}).Nav() {
		need[it.Key] = true
	}
	for _, it := range (&view{Actor: &ga.Actor{Roles: []ga.Role{ga.RoleAdmin}}}).Nav() {
		need[it.Key] = true
	}
	for _, it := range (&view{Actor: &ga.Actor{Roles: []ga.Role{ga.RoleAuditor}}}).Nav() {
		need[it.Key] = true
	}
	for _, k := range termChanges(ga.CovenantTerms{Title: "a"}, ga.CovenantTerms{
		ControllerModel: "x", CoordinatorPartnerID: "x", ControllerPartnerID: "x", EffectiveDate: "x",
		RetentionAfterClosureMonths: 1, RetentionAfterMembershipMonths: 1, RequestDeadlineDays: 1,
		SpecialCategoryKinds: []ga.PartnerKind{"x"}, CriminalCategoryKinds: []ga.PartnerKind{"x"},
	}) {
		need[k] = true
	}
	for key := range need {
		for _, lang := range languages {
			if _, ok := catalog[lang][key]; !ok {
				t.Errorf("key %q missing in %s", key, lang)
			}
		}
	}
}

// TestDomainMessagesAreTranslated checks that the validation messages of the
// domain, which forms show beside their fields, have an English text.
func TestDomainMessagesAreTranslated(t *testing.T) {
	var details []ga.Detail
	collect := func(err error) {
		if e, ok := err.(*ga.Error); ok {
			details = append(details, e.Details...)
		}
	}
	collect(ga.Partner{}.Validate())
	collect(ga.User{}.Validate())
	collect(ga.User{Roles: []ga.Role{ga.RoleAdmin, ga.RoleCoordinator}}.Validate())
	collect(ga.RegisterEntry{}.Validate())
	collect(ga.Signature{}.Validate())
	collect(ga.Wpg20Decision{ValidUntil: "x"}.Validate())
	collect(ga.Dispute{}.Validate())
	collect(ga.CovenantTerms{}.Validate(nil))
	collect(ga.CovenantTerms{ControllerModel: ga.DesignatedController}.Validate(nil))
	// Casework, whose forms show these beside their fields.
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	collect(ga.Group{}.Validate())
	collect(ga.TriangleDecision{ExchangeAuthorised: true, Present: []string{" "}}.Validate())
	collect(ga.TriangleDecision{}.Validate())
	collect(ga.Person{DateOfBirth: "2015-01-01", BSN: "123", Representatives: []ga.Representative{{}}}.Validate(now))
	collect(ga.Person{DateOfBirth: "2015-01-01", Address: strings.Repeat("x", 401)}.Validate(now))
	collect(ga.Person{DateOfBirth: "2030-01-01"}.Validate(now))
	collect(ga.Membership{End: "x"}.Validate())
	collect(ga.Item{Special: true}.Validate(ga.KindPolitie))
	collect(ga.Plan{}.Validate())
	collect(ga.Measure{Status: ga.MeasureFinished, Start: "2026-02-01", ReviewDate: "2026-01-01", Result: " "}.Validate())
	collect(ga.Measure{Result: strings.Repeat("x", 4001)}.Validate())
	collect(ga.Meeting{Kind: ga.MeetingIndividual, Agenda: strings.Repeat("x", 50001), Minutes: strings.Repeat("x", 50001), Decisions: strings.Repeat("x", 50001)}.Validate())
	collect(ga.Meeting{Kind: ga.MeetingGroup, PersonIDs: []string{"p"}}.Validate())
	collect(ga.Meeting{}.Validate())
	collect(ga.Agreement{DoneOn: "x"}.Validate())
	g := ga.Group{Step: ga.StepInformation, Participants: []string{"a"}}
	for _, err := range []error{
		ga.CheckTransition(&ga.Actor{Roles: []ga.Role{ga.RoleCoordinator}}, g, ga.StepPicture, "r", false),
		ga.CheckTransition(&ga.Actor{}, g, ga.StepPicture, "r", false),
		ga.CanRecordDecision(&ga.Actor{}, g),
		ga.CanEditPlan(&ga.Actor{}, g),
		ga.CanAdoptPlan(&ga.Actor{}, g, nil, "", now),
		ga.CanOrganiseMeeting(&ga.Actor{}, g),
		ga.CanInvite(ga.Meeting{Kind: ga.MeetingIndividual, PersonIDs: []string{"p"}}, g, "a", nil),
		ga.CanInvite(ga.Meeting{}, g, "b", nil),
		// Requests: the refusals to give a request's data out before its time.
		ga.RightsCase{Kind: ga.CaseAccess}.CheckAccessOverview(),
		ga.RightsCase{Kind: ga.CaseCorrection}.CheckAccessOverview(),
		ga.RightsCase{Kind: ga.CaseCorrection}.CheckDecisionLetter(0),
	} {
		var e *ga.Error
		if errors.As(err, &e) {
			details = append(details, ga.Detail{Name: e.Op, Message: e.Message})
		}
	}
	for _, d := range details {
		if _, ok := english[d.Message]; !ok {
			t.Errorf("no English for %q (%s)", d.Message, d.Name)
		}
	}
	for _, msg := range []string{ga.ErrNotFound("x").Message, ga.ErrForbidden("x").Message} {
		if strings.HasPrefix(string(domainText(langEN, msg)), "<span") {
			t.Errorf("no English for %q", msg)
		}
	}
}
