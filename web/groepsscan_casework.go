package web

import (
	"errors"
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The Groepsscan into the work process (docs/groepsscan.md): on a detected
// group's page the police create the casework group ("Groep aanmaken in de
// casus") and download the scan report; the group's page shows the
// attached scan as ga.AttachedScanAccess allows.

// flashScanGroupCreated confirms a group made from a detected group.
const flashScanGroupCreated = "flash.scan_group_created"

// caseworkFromScanForm is the form that turns a detected group into a
// casework group, prefilled with the group's main area.
type caseworkFromScanForm struct {
	Name string
	Area string
	Form string
	// Members are the chosen positions in the profile's member list.
	Members []string
}

// scanCaseworkState is what the detected group's page shows of the way
// into the casework: the group made from it, or the form to make one.
type scanCaseworkState struct {
	Made *storage.ScanGroupCasework
	Form caseworkFromScanForm
	// MemberOpts are the detected members to choose for the name list.
	MemberOpts []Option
}

// scanCasework reads whether the detected group became a casework group
// and prefills the form from its profile.
func (s *server) scanCasework(r *http.Request, g storage.ScanGroupView, form *caseworkFromScanForm) (scanCaseworkState, error) {
	made, err := s.db.CaseworkOfScanGroup(r.Context(), g.GroupID)
	if err != nil {
		return scanCaseworkState{}, err
	}
	st := scanCaseworkState{Made: made}
	lang := requestFrom(r.Context()).lang
	for i, m := range g.Profile.Members {
		st.MemberOpts = append(st.MemberOpts, Option{Value: strconv.Itoa(i),
			Label: translate(lang, "scanwire.member_option", i+1, m.Name, m.Age, translate(lang, "scan.role."+string(m.Role)))})
	}
	if form != nil {
		st.Form = *form
		return st, nil
	}
	st.Form = caseworkFromScanForm{Form: string(ga.FormGroup)}
	for _, o := range st.MemberOpts {
		st.Form.Members = append(st.Form.Members, o.Value)
	}
	if len(g.Profile.Areas) > 0 {
		st.Form.Area = g.Profile.Areas[0].Value
	}
	if len(g.Profile.Locations) > 0 {
		st.Form.Name = "Groep " + g.Profile.Locations[0].Value
	}
	return st, nil
}

// createGroupFromScan turns the detected group into a casework group in
// step informatie with its name list and the scan attached, and shows the
// new group. A second creation shows the detected group's page with the
// refusal and the link to the group made the first time.
func (s *server) createGroupFromScan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := caseworkFromScanForm{Name: formValue(r, "naam"), Area: formValue(r, "wijk"), Form: formValue(r, "vorm"), Members: formValues(r, "leden")}
	// The form always names the members: none ticked is an empty choice,
	// which storage refuses, not "all".
	members := []int{}
	for _, v := range f.Members {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // refused by storage as not a member
		}
		members = append(members, n)
	}
	scanID, groupID := r.PathValue("scan"), r.PathValue("groep")
	res, err := s.db.CreateGroupFromScan(r.Context(), scanID, groupID, storage.ScanCaseworkInput{Name: f.Name, Area: f.Area, Form: ga.GroupForm(f.Form), Members: members})
	if err == nil {
		s.setFlash(w, flashScanGroupCreated)
		s.redirect(w, r, "/groepen/"+res.Group.ID)
		return nil
	}
	var dup *storage.AlreadyCasework
	if errors.As(err, &dup) {
		return s.renderScanGroupWith(w, r, http.StatusConflict, nil, &f, []ga.Detail{{Name: "naam", Message: dup.Cause.Message}})
	}
	p, err := formProblem(err, "naam", nil, nil)
	if err != nil {
		return err
	}
	return s.renderScanGroupWith(w, r, p.Status, nil, &f, p.Details)
}

// scanReportPDF sends the scan report of the detected group as a PDF
// download (police only; storage answers not found to anyone else).
func (s *server) scanReportPDF(w http.ResponseWriter, r *http.Request) error {
	d, err := s.db.ScanReport(r.Context(), r.PathValue("scan"), r.PathValue("groep"))
	if err != nil {
		return err
	}
	pdf, err := letter.Scan(scanReportLetter(d))
	if err != nil {
		return err
	}
	writePDF(w, "groepsscan-"+d.GroupID+".pdf", pdf)
	return nil
}

// scanReportLetter turns the report's data into the letter's input.
func scanReportLetter(d storage.ScanReportData) *letter.ScanReport {
	r := &letter.ScanReport{Police: d.Police, MadeOn: ga.DateOf(d.MadeAt), ScanID: d.ScanID, GroupID: d.GroupID,
		Casework: d.Casework, Profile: d.Profile, Uncertain: len(d.Uncertain)}
	for _, si := range d.SoftInput {
		r.SoftInput = append(r.SoftInput, letter.ScanSoftInput{Member: si.Member, Kind: si.Kind, Text: si.Text, On: ga.DateOf(si.CreatedAt)})
	}
	return r
}

// attachedScan returns the Groepsscan attached to the group as the viewer
// may see it, or nil when there is none or the viewer may see nothing of it.
// The full view passes the Art 8 gate: a police user for whom it is closed
// sees the page without the scan, as everyone sees it without personal data.
func (s *server) attachedScan(r *http.Request, groupID string) (*storage.AttachedScan, error) {
	a, err := s.db.GroupScanIfAny(r.Context(), groupID)
	if ga.IsKind(err, ga.KindGateClosed) || ga.IsKind(err, ga.KindForbidden) {
		return nil, nil
	}
	return a, err
}
