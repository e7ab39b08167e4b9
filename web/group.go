package web

import (
	"net/http"
	"net/url"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// groupView is the dossier of one group approach: where it stands in the
// seven steps and how it got there, the answer to question 2A, the
// driehoek's decision, the partners taking part, the members, items and
// involvements the viewer may see, and the forms of the actions the
// viewer's roles allow in the current step. The storage decides what the
// viewer sees; the flags only decide which forms to offer, and the
// storage checks every action again.
type groupView struct {
	Group        ga.Group
	Tabs         []groupTab
	Steps        []stepItem
	Next         ga.Step
	Transitions  []ga.Transition
	Names        map[string]string
	Participants []ga.Partner
	// Coordinating is the covenant's coordinating partner, which always
	// takes part (Art 4.2).
	Coordinating string
	Members      []memberRow
	PersonNames  map[string]string
	Items        []ga.Item
	// ItemPage is the page of items shown (from 1, dossierPageSize a
	// page); PrevItems and NextItems link to the pages before and after
	// it, empty at either end.
	ItemPage             int
	PrevItems, NextItems string
	Involvements         []involvementRow
	// EndedInvolvements are the ended registered involvements with the
	// current members, with the reason of ending.
	EndedInvolvements []endedInvolvementRow

	// Choices for the forms.
	NonParticipants []Option
	ParticipantOpts []Option
	MemberOpts      []Option
	AboutOpts       []Option
	ShareOpts       []Option
	Wpg20Opts       []Option
	// RegisteredOpts are the involvements the coordinator registered, which
	// it may end.
	RegisteredOpts []Option

	// The actions the viewer's roles allow now.
	CanMove         bool
	CanClose        bool
	CanAnswer       bool
	CanDecide       bool
	CanParticipants bool
	CanAddPerson    bool
	CanAddItem      bool
	CanInvolve      bool
	CanEdit         bool
	IsPolice        bool

	// Scan is the Groepsscan attached to the group as the viewer may see
	// it (nil: none, or nothing to see), and MissingReps the members under
	// 16 whose legal representatives are still to be recorded
	// (groepsscan_casework.go).
	Scan        *storage.AttachedScan
	MissingReps []storage.ScanCaseworkMember

	// The forms, with what the user entered when one came back.
	Move        moveForm
	Close       closeForm
	Answer      answerForm
	Decision    decisionForm
	Participant string
	Item        itemForm
	Involvement involvementForm
	// EndInvolvement and Edit are the forms of i18n_casework2.go: ending a
	// registered involvement and changing the group's name, area and form.
	EndInvolvement endInvolvementForm
	Edit           groupForm
}

// involvementRow is one partner's involvement with one member.
type involvementRow struct {
	storage.Involvement
	PersonName string
}

// endedInvolvementRow is one ended registered involvement with one member.
type endedInvolvementRow struct {
	storage.EndedInvolvement
	PersonName string
}

// group shows the dossier. A group the user may not see is the same "not
// found" page as an id that does not exist.
func (s *server) group(w http.ResponseWriter, r *http.Request) error {
	gv, err := s.groupView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "group", gv, nil)
	return nil
}

// renderGroup shows the dossier again with a form that came back, after
// fill has put the user's input into its form.
func (s *server) renderGroup(w http.ResponseWriter, r *http.Request, p *problem, fill func(*groupView)) error {
	gv, err := s.groupView(r)
	if err != nil {
		return err
	}
	fill(gv)
	s.render(w, r, p.Status, "group", gv, p.Details)
	return nil
}

func (s *server) groupView(r *http.Request) (*groupView, error) {
	ctx := r.Context()
	actor := requestFrom(ctx).actor
	id := r.PathValue("id")
	page, err := itemPageParam(r)
	if err != nil {
		return nil, err
	}
	// One transaction reads what the page shows of the group approach, of
	// its items one page.
	d, err := s.db.Dossier(ctx, id, storage.Page{Number: page, Size: dossierPageSize})
	if err != nil {
		return nil, err
	}
	g, transitions, members, items := d.Group, d.Transitions, d.Members, d.Items
	partners, err := s.db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.db.Covenant(ctx)
	if err != nil {
		return nil, err
	}
	today := ga.DateOf(s.db.Now())
	gv := &groupView{
		Coordinating: c.Terms.CoordinatorPartnerID,
		Group:        *g,
		Tabs:         groupTabs(id, "tab.dossier"),
		Steps:        stepItems(g.Step),
		Transitions:  transitions,
		Names:        partnerNames(partners),
		Members:      memberRows(members, today),
		PersonNames:  personNames(members),
		Items:        items,
		ItemPage:     page,
		IsPolice:     actor.PartnerKind == ga.KindPolitie,
		Move:         moveForm{To: string(nextStep(g.Step))},
		Item:         itemForm{ConcernsDate: string(today)},
		Decision:     decisionForm{DecidedOn: string(today)},
		Edit:         groupForm{Name: g.Name, Area: g.Area, Form: string(g.Form)},
	}
	gv.Next = nextStep(g.Step)
	if gv.Scan, err = s.attachedScan(r, id); err != nil {
		return nil, err
	}
	if gv.Scan != nil {
		for _, m := range gv.Scan.Members {
			if m.RepresentativesMissing {
				gv.MissingReps = append(gv.MissingReps, m)
			}
		}
	}
	if page > 1 {
		gv.PrevItems = itemPageURL(id, page-1)
	}
	if d.MoreItems {
		gv.NextItems = itemPageURL(id, page+1)
	}
	for _, p := range partners {
		if g.Participates(p.ID) {
			gv.Participants = append(gv.Participants, p)
			if p.ID != actor.PartnerID {
				gv.ShareOpts = append(gv.ShareOpts, Option{Value: p.ID, Label: p.Name})
			}
		} else {
			gv.NonParticipants = append(gv.NonParticipants, Option{Value: p.ID, Label: p.Name})
		}
	}
	gv.ParticipantOpts = participantOptions(g, partners)
	gv.MemberOpts = memberOptions(members, today)
	gv.AboutOpts = append([]Option{{Value: groupAbout, Label: translate(requestFrom(ctx).lang, "item.about_group")}}, gv.MemberOpts...)
	byPerson := map[string][]storage.Involvement{}
	for _, in := range d.Involvements {
		byPerson[in.PersonID] = append(byPerson[in.PersonID], in)
	}
	for _, m := range gv.MemberOpts {
		for _, in := range byPerson[m.Value] {
			gv.Involvements = append(gv.Involvements, involvementRow{Involvement: in, PersonName: gv.PersonNames[m.Value]})
			if in.Registered {
				gv.RegisteredOpts = append(gv.RegisteredOpts, Option{
					Value: involvementChoice(in.PersonID, in.PartnerID),
					Label: gv.PersonNames[m.Value] + " – " + gv.Names[in.PartnerID],
				})
			}
		}
	}

	endedByPerson := map[string][]storage.EndedInvolvement{}
	for _, e := range d.EndedInvolvements {
		endedByPerson[e.PersonID] = append(endedByPerson[e.PersonID], e)
	}
	for _, m := range gv.MemberOpts {
		for _, e := range endedByPerson[m.Value] {
			gv.EndedInvolvements = append(gv.EndedInvolvements, endedInvolvementRow{EndedInvolvement: e, PersonName: gv.PersonNames[m.Value]})
		}
	}

	open := g.Step != ga.StepClosed
	coordinator := actor.Has(ga.RoleCoordinator)
	participates := g.Participates(actor.PartnerID)
	gv.CanMove = coordinator && gv.Next != ""
	gv.CanClose = coordinator && open
	gv.CanAnswer = coordinator && g.Step == ga.StepInformation
	gv.CanDecide = ga.CanRecordDecision(actor, *g) == nil && g.Decision == nil
	gv.CanParticipants = coordinator && open
	gv.CanAddPerson = participates && open && g.Step != ga.StepSignals &&
		(g.Problematic == nil || *g.Problematic) && (g.Decision == nil || g.Decision.ApproachStarts)
	gv.CanAddItem = participates && open
	gv.CanInvolve = coordinator && open && len(gv.MemberOpts) > 0
	gv.CanEdit = coordinator && open
	if gv.CanAddItem && gv.IsPolice {
		decisions, err := s.db.Wpg20Decisions(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range decisions {
			if d.DecidedOn <= today && (d.ValidUntil.IsZero() || d.ValidUntil >= today) {
				gv.Wpg20Opts = append(gv.Wpg20Opts, Option{Value: d.ID, Label: d.Reference + " (" + d.DecidedOn.Dutch() + ")"})
			}
		}
	}
	return gv, nil
}

// dossierPageSize is the number of items on a page of the dossier: a
// dossier can hold hundreds of items, and every one shown is read, logged
// for its person and rendered.
const dossierPageSize = 50

// itemPageParam is the page of items the dossier shows, from the query
// parameter pagina (1 when absent); anything but a positive number is
// invalid.
func itemPageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("pagina")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxItemPage {
		return 0, ga.E(ga.KindInvalid, "web.itemPage", "De invoer is niet geldig.", ga.Detail{Name: "pagina", Message: "De pagina is een getal vanaf 1."})
	}
	return n, nil
}

// maxItemPage bounds the page number, so that the offset stays small.
const maxItemPage = 100000

// itemPageURL is the link to page n of a dossier's items.
func itemPageURL(groupID string, n int) string {
	return "/groepen/" + url.PathEscape(groupID) + "?pagina=" + strconv.Itoa(n) + "#gegevens"
}
