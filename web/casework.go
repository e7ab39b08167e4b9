package web

import (
	"errors"
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The casework pages (groups, persons, items, plans, measures, meetings and
// monitoring) show and change personal data: every route passes the
// personal adapter, and every read and write goes to the storage, which
// decides need-to-know, answers "not found" for what the viewer may not see
// and writes the processing and audit logs. The helpers here only arrange
// what the storage returned.

// groupAbout is the value of a "about whom" choice that means the group as
// a whole rather than one member.
const groupAbout = "groep"

// groupTab is one tab of the sub-navigation of a group approach.
type groupTab struct {
	Href    string
	Key     string
	Current bool
}

// groupTabs are the pages of one group approach: the dossier, the Plan van
// Aanpak, the meetings and the monitoring.
func groupTabs(groupID, current string) []groupTab {
	base := "/groepen/" + groupID
	tabs := []groupTab{
		{base, "tab.dossier", false},
		{base + "/plan", "tab.plan", false},
		{base + "/overleggen", "tab.meetings", false},
		{base + "/monitoring", "tab.monitoring", false},
	}
	for i := range tabs {
		tabs[i].Current = tabs[i].Key == current
	}
	return tabs
}

// stepItem is one step of the step indicator of a group approach.
type stepItem struct {
	Step    ga.Step
	Number  int
	Done    bool
	Current bool
}

// stepItems lists the seven steps of the Werkproces with the group's
// current step marked, for the step indicator.
func stepItems(current ga.Step) []stepItem {
	at := slices.Index(ga.Steps, current)
	out := make([]stepItem, len(ga.Steps))
	for i, st := range ga.Steps {
		out[i] = stepItem{Step: st, Number: i + 1, Done: i < at, Current: i == at}
	}
	return out
}

// nextStep is the step a coordinator moves the group to with the "next
// step" form: the following step of the Werkproces, up to uitvoering.
// Closing (afgesloten) has its own form, because it asks for an
// evaluation, and is possible from every open step.
func nextStep(current ga.Step) ga.Step {
	i := slices.Index(ga.Steps, current)
	if i < 0 || i+1 >= len(ga.Steps) || ga.Steps[i+1] == ga.StepClosed {
		return ""
	}
	return ga.Steps[i+1]
}

// memberRow is one membership of a group as the member list shows it.
type memberRow struct {
	storage.Member
	Age     int
	Under16 bool
}

// memberRows adds each member's age at instant now and marks the members
// under 16, whose legal representatives act for them (UAVG art 5).
func memberRows(members []storage.Member, now ga.Date) []memberRow {
	out := make([]memberRow, len(members))
	t := now.Start()
	for i, m := range members {
		out[i] = memberRow{Member: m, Age: m.Person.AgeOn(t), Under16: m.Person.Under16(t)}
	}
	return out
}

// personNames maps the ids of the members the viewer may see to their
// names. A person the viewer may not see has no entry.
func personNames(members []storage.Member) map[string]string {
	out := make(map[string]string, len(members))
	for _, m := range members {
		out[m.Person.ID] = m.Person.Name
	}
	return out
}

// memberOptions lists the current members the viewer may see, once each,
// for a choice of person.
func memberOptions(members []storage.Member, today ga.Date) []Option {
	var out []Option
	seen := map[string]bool{}
	for _, m := range members {
		if seen[m.Person.ID] || !m.Membership.ActiveOn(today) {
			continue
		}
		seen[m.Person.ID] = true
		out = append(out, Option{Value: m.Person.ID, Label: m.Person.Name + " (" + m.Person.DateOfBirth.Dutch() + ")"})
	}
	return out
}

// participantOptions lists the partners taking part in the group approach.
func participantOptions(g *ga.Group, partners []ga.Partner) []Option {
	var out []Option
	for _, p := range partners {
		if g.Participates(p.ID) {
			out = append(out, Option{Value: p.ID, Label: p.Name})
		}
	}
	return out
}

// problem is the refusal of a form's action shown on the page with the
// form: its status and the messages beside the fields.
type problem struct {
	Status  int
	Details []ga.Detail
}

// formProblem turns the refusal of a form's action into messages beside its
// fields, so that the user corrects the form where it is. Invalid input
// (KindInvalid) is shown under the fields the storage or the domain named,
// renamed where the page names its fields differently (the dossier holds
// several forms with a reason, each with its own id); a rule that does not
// fit the state of the case (KindConflict, such as a step out of order or
// an invitation that Art 5.3 forbids) is shown under the field that ops
// names for the refusing operation, or else under field. Any other error
// (not found, not allowed, the gate) is returned for the error page.
func formProblem(err error, field string, rename map[string]string, ops map[string]string) (*problem, error) {
	var e *ga.Error
	if !errors.As(err, &e) {
		return nil, err
	}
	at := field
	if f, ok := ops[e.Op]; ok {
		at = f
	}
	switch e.Kind {
	case ga.KindInvalid:
		if len(e.Details) == 0 {
			return &problem{http.StatusUnprocessableEntity, []ga.Detail{{Name: at, Message: e.Message}}}, nil
		}
		out := make([]ga.Detail, len(e.Details))
		for i, d := range e.Details {
			if to, ok := rename[d.Name]; ok {
				d.Name = to
			}
			out[i] = d
		}
		return &problem{http.StatusUnprocessableEntity, out}, nil
	case ga.KindConflict:
		return &problem{http.StatusConflict, []ga.Detail{{Name: at, Message: e.Message}}}, nil
	}
	return nil, err
}

// mergeAs merges the details of a domain validation error into v as merge
// does, renamed to the page's field ids where they differ.
func mergeAs(v ga.Invalid, err error, rename map[string]string) ga.Invalid {
	var e *ga.Error
	if !errors.As(err, &e) || e.Kind != ga.KindInvalid {
		return v
	}
	renamed := make(ga.Invalid, len(e.Details))
	for i, d := range e.Details {
		if to, ok := rename[d.Name]; ok {
			d.Name = to
		}
		renamed[i] = d
	}
	v, _ = merge(v, ga.E(ga.KindInvalid, e.Op, e.Message, renamed...))
	return v
}

// invalid is a problem of the form's own validation.
func invalid(v ga.Invalid) *problem {
	return &problem{http.StatusUnprocessableEntity, v}
}

// yesNo parses a yes/no choice of a form ("ja" or "nee"), adding a field
// error when neither was chosen.
func yesNo(v *ga.Invalid, name, s string) bool {
	switch s {
	case "ja":
		return true
	case "nee":
		return false
	}
	v.Add(name, nl("form.err_yes_no"))
	return false
}

// roleRefusal returns err when it refuses the actor's role (KindForbidden)
// and nil otherwise. The handlers of forms that validate themselves ask the
// domain's policy with an empty object first, so that a user whose role may
// not take the action hears that, rather than what to correct in the form;
// the policy functions check the role before anything else. The refusal is
// returned through refuseSeen, so that an object the user may not see
// still answers "not found" (SPEC §3). The storage decides the action
// itself, on the real object.
func roleRefusal(err error) error {
	if ga.IsKind(err, ga.KindForbidden) {
		return err
	}
	return nil
}

// requireCoordinator refuses a form that only the coordinator submits, for
// the same reason (and, like roleRefusal, through refuseSeen).
func requireCoordinator(r *http.Request, op string) error {
	if !requestFrom(r.Context()).actor.Has(ga.RoleCoordinator) {
		return ga.E(ga.KindForbidden, op, nl("casework.coordinator_only"))
	}
	return nil
}

// mayCarryOut reports whether the actor may record measures and report
// progress for its own partner: a professional or driehoek member (the
// domain's policy decides each action again in storage).
func mayCarryOut(a *ga.Actor) bool {
	return a.HasAny(ga.RoleProfessional, ga.RoleDriehoek)
}
