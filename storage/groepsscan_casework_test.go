package storage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// scanMember is a member of the planted group of scanFixture.
type scanMember struct {
	name string // as the registrations spell it
	age  int
}

// plantedMembers are four youths who commit offences together; Piet Jansen
// is spelled as the police's casework has him ("Piet Jansen") in another
// order, and Ayoub is under 16.
var plantedMembers = []scanMember{{"Jansen, Piet", 17}, {"Ayoub el Amrani", 15}, {"Sem de Vries", 19}, {"Kevin Bakker", 18}}

// scanFixture is a casework fixture with a scan whose one detected group
// is plantedMembers, and the person the police registered earlier whom the
// matching rule recognises as the group's Piet Jansen.
type scanFixture struct {
	*casework
	scanID, groupID string
	profile         storage.ScanGroupView
	piet            *ga.Person
}

func (c *casework) dob(age int) ga.Date { return ga.DateOf(c.clock.Now().AddDate(-age, -1, 0)) }

func newScanFixture(t *testing.T) *scanFixture { return newScanFixtureOf(t, plantedMembers) }

// newScanFixtureOf plants a group of the members; the first must be Piet.
func newScanFixtureOf(t *testing.T, planted []scanMember) *scanFixture {
	t.Helper()
	c := newCasework(t)
	f := &scanFixture{casework: c}
	// Piet is already on the name list of another group, registered by the police.
	other := c.mustGroup("Groep Stationsplein")
	f.piet = c.mustPerson(c.police, other, "Piet Jansen", 17)
	var regs []groepsscan.Registration
	for i := range 5 {
		r := groepsscan.Registration{
			ID: fmt.Sprintf("REG-%d", i), Time: c.db.Now().AddDate(0, -i-1, 0), IncidentCode: "F81", Category: groepsscan.Overlast,
			Area: "Centrum", Location: "Plein", Description: "Overlast bij de snackbar",
		}
		if i%2 == 1 {
			r.IncidentCode, r.Category, r.Location = "B70", groepsscan.Criminaliteit, "Winkelcentrum"
		}
		for _, m := range planted {
			r.Persons = append(r.Persons, groepsscan.Involvement{Role: groepsscan.Verdachte, Name: m.name, DateOfBirth: c.dob(m.age)})
		}
		regs = append(regs, r)
	}
	// Piet's date of birth must be the one in his casework record.
	for i := range regs {
		regs[i].Persons[0].DateOfBirth = f.piet.DateOfBirth
	}
	c.mustImport(c.police, encodeRegistrations(t, regs, groepsscan.JSONL), groepsscan.JSONL, storage.ImportOptions{})
	scan, err := c.db.RunScan(c.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.db.Scan(c.police, scan.ID)
	if err != nil || len(v.DetectedGroups) != 1 {
		t.Fatalf("scan: %v, %d groups", err, len(v.DetectedGroups))
	}
	f.scanID, f.groupID = scan.ID, v.DetectedGroups[0].GroupID
	if f.profile, err = c.db.ScanGroup(c.police, f.scanID, f.groupID); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *scanFixture) input() storage.ScanCaseworkInput {
	return storage.ScanCaseworkInput{Name: "Groep Snackbar", Area: "Centrum", Form: ga.FormGroup}
}

func (f *scanFixture) mustCreate() *storage.ScanCasework {
	f.t.Helper()
	res, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, f.input())
	if err != nil {
		f.t.Fatalf("create group from scan: %v", err)
	}
	return res
}

// counts returns the number of rows of every table the creation writes.
func (f *scanFixture) counts() map[string]int {
	f.t.Helper()
	out := map[string]int{}
	for _, table := range []string{"groups", "group_participants", "group_transitions", "persons", "memberships", "group_scans", "group_scan_members", "representatives"} {
		var n int
		if err := f.db.SQL().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			f.t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestCreateGroupFromScan: the police turn a detected group into a
// casework group in step informatie whose name list is the detected
// members — the person the matching rule recognises reused, the others
// created, the member under 16 flagged for representatives — with the
// scan attached and the processing lines written.
func TestCreateGroupFromScan(t *testing.T) {
	f := newScanFixture(t)
	before := f.counts()
	res := f.mustCreate()
	if res.Group.Step != ga.StepInformation || res.Group.CreatedBy != f.politie.ID || res.Group.Name != "Groep Snackbar" {
		t.Errorf("group %+v", res.Group)
	}
	after := f.counts()
	for table, want := range map[string]int{"groups": 1, "group_transitions": 1, "persons": 3, "memberships": 4, "group_scans": 1, "group_scan_members": 4, "representatives": 0} {
		if got := after[table] - before[table]; got != want {
			t.Errorf("%s: %d new rows, want %d", table, got, want)
		}
	}

	// The name list matches the detected members, in the profile's order.
	if len(res.Members) != len(f.profile.Profile.Members) {
		t.Fatalf("%d on the name list, %d detected", len(res.Members), len(f.profile.Profile.Members))
	}
	members, err := f.db.Members(f.police, res.Group.ID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]storage.Member{}
	for _, m := range members {
		byID[m.Person.ID] = m
	}
	for i, pm := range f.profile.Profile.Members {
		cm := res.Members[i]
		m, ok := byID[cm.PersonID]
		if !ok {
			t.Errorf("member %s is not on the group's name list", pm.Name)
			continue
		}
		if groepsscan.KeyOf(m.Person.Name, m.Person.DateOfBirth) != pm.Key {
			t.Errorf("member %d: casework person %s %s is not detected %s", i, m.Person.Name, m.Person.DateOfBirth, pm.Name)
		}
		wantRole := ga.RoleFollower
		if pm.Role == groepsscan.Kern {
			wantRole = ga.RoleCore
		}
		if m.Membership.Role != wantRole || m.Membership.Start != ga.DateOf(f.db.Now()) || m.Person.SourcePartnerID != f.politie.ID {
			t.Errorf("member %s: membership %+v, source %s", pm.Name, m.Membership, m.Person.SourcePartnerID)
		}
		wantReused := m.Person.ID == f.piet.ID
		if cm.Reused != wantReused {
			t.Errorf("member %s: reused %v, want %v", pm.Name, cm.Reused, wantReused)
		}
		if under := pm.Age < 16; cm.RepresentativesMissing != under {
			t.Errorf("member %s (age %d): representatives missing %v", pm.Name, pm.Age, cm.RepresentativesMissing)
		}
	}
	if len(byID) != len(plantedMembers) {
		t.Errorf("%d members on the name list, want %d", len(byID), len(plantedMembers))
	}

	// Processing lines: created persons, the reused person's new membership,
	// and every member of the scan by the scan's pseudonym.
	names := func(ps string) map[string]bool {
		out := map[string]bool{}
		for _, e := range f.processingLines(ps) {
			out[e.Name] = true
		}
		return out
	}
	for _, cm := range res.Members {
		want := "persoon_vastleggen"
		if cm.Reused {
			want = "lidmaatschap_vastleggen"
		}
		if !names(f.pseudonym(f.police, cm.PersonID))[want] {
			t.Errorf("%s: no processing line %s", cm.Name, want)
		}
	}
	for _, pm := range f.profile.Profile.Members {
		var ps string
		key, err := f.db.ScanPersonKey(context.Background(), pm.Key)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.db.SQL().QueryRow(`SELECT pseudonym FROM scan_persons WHERE person_key = $1`, key).Scan(&ps); err != nil {
			t.Fatal(err)
		}
		if !names(ps)["groepsscan_naar_casus"] {
			t.Errorf("%s: no processing line groepsscan_naar_casus", pm.Name)
		}
	}

	// The police see the attached scan, the name list mapping with it.
	s, err := f.db.GroupScan(f.police, res.Group.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Full || s.ScanGroupID != f.groupID || s.Profile == nil || len(s.Members) != len(res.Members) || s.Summary.Size != len(plantedMembers) {
		t.Errorf("police view of the attached scan %+v", s)
	}
	// Completing Ayoub's representative clears the flag.
	for _, cm := range res.Members {
		if cm.RepresentativesMissing {
			if err := f.db.AddRepresentative(f.police, cm.PersonID, &ga.Representative{Name: "Fatima el Amrani", Relationship: "moeder"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if s, err = f.db.GroupScan(f.police, res.Group.ID); err != nil {
		t.Fatal(err)
	}
	for _, m := range s.Members {
		if m.RepresentativesMissing {
			t.Errorf("%s still flagged after the representative was added", m.Name)
		}
	}
}

// TestCreateGroupFromScanTwiceIsRefused: a detected group becomes at most
// one casework group, also under its stable id in a later scan.
func TestCreateGroupFromScanTwiceIsRefused(t *testing.T) {
	f := newScanFixture(t)
	first := f.mustCreate()
	before := f.counts()
	_, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, f.input())
	var dup *storage.AlreadyCasework
	if !errors.As(err, &dup) || dup.GroupID != first.Group.ID || !ga.IsKind(err, ga.KindConflict) || !strings.Contains(err.Error(), "al een groep in de casus") {
		t.Fatalf("second creation: %v", err)
	}
	if got, err := f.db.CaseworkOfScanGroup(f.police, f.groupID); err != nil || got == nil || got.GroupID != first.Group.ID || got.Name != "Groep Snackbar" {
		t.Errorf("casework of the detected group: %+v, %v", got, err)
	}
	// A later scan recognises the group under the same id: still refused.
	f.clock.Advance(24 * time.Hour)
	again, err := f.db.RunScan(f.police, groepsscan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreateGroupFromScan(f.police, again.ID, f.groupID, f.input()); !errors.As(err, &dup) {
		t.Errorf("creation from the later scan: %v", err)
	}
	if after := f.counts(); !mapsEqual(before, after) {
		t.Errorf("refused creations wrote rows: %v → %v", before, after)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCreateGroupFromScanIsOneTransaction: when the last write fails (the
// link to the scan, refused by a trigger the test installs), the group,
// its transition, the persons and the memberships written before are all
// gone, and so are the processing lines.
func TestCreateGroupFromScanIsOneTransaction(t *testing.T) {
	f := newScanFixture(t)
	install, drop := []string{`CREATE TRIGGER refuse_link BEFORE INSERT ON group_scans BEGIN SELECT RAISE(ABORT, 'link refused'); END`}, `DROP TRIGGER refuse_link`
	if f.db.Dialect() == storage.Postgres {
		install = []string{
			`CREATE FUNCTION refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'link refused'; END $$`,
			`CREATE TRIGGER refuse_link BEFORE INSERT ON group_scans FOR EACH ROW EXECUTE FUNCTION refuse_link()`,
		}
		drop = `DROP TRIGGER refuse_link ON group_scans`
	}
	for _, q := range install {
		if _, err := f.db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	before := f.counts()
	linesBefore := f.allProcessingLines()
	if _, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, f.input()); err == nil || !strings.Contains(err.Error(), "link refused") {
		t.Fatalf("creation with a failing link: %v", err)
	}
	if after := f.counts(); !mapsEqual(before, after) {
		t.Errorf("a failed creation left rows: %v → %v", before, after)
	}
	if n := f.allProcessingLines(); n != linesBefore {
		t.Errorf("a failed creation left %d processing lines", n-linesBefore)
	}
	if _, err := f.db.SQL().Exec(drop); err != nil {
		t.Fatal(err)
	}
	f.mustCreate()
}

func (c *casework) allProcessingLines() int {
	c.t.Helper()
	es, err := c.db.ProcessingEntries(c.sys, storage.ProcessingFilter{Limit: storage.MaxLogPage})
	if err != nil {
		c.t.Fatal(err)
	}
	return len(es)
}

// TestCreateGroupFromScanRules: only police users may create; a member
// the person rules reject makes the whole creation invalid, naming the
// member; the group's own fields are validated.
func TestCreateGroupFromScanRules(t *testing.T) {
	f := newScanFixture(t)
	for _, who := range []struct {
		name string
		kind ga.Kind
		f    func() error
	}{
		{"municipal coordinator", ga.KindNotFound, func() error {
			_, err := f.db.CreateGroupFromScan(f.coordinator, f.scanID, f.groupID, f.input())
			return err
		}},
		{"prosecutor", ga.KindNotFound, func() error {
			_, err := f.db.CreateGroupFromScan(f.omProf, f.scanID, f.groupID, f.input())
			return err
		}},
		{"admin", ga.KindForbidden, func() error {
			_, err := f.db.CreateGroupFromScan(f.admin, f.scanID, f.groupID, f.input())
			return err
		}},
		{"unknown detected group", ga.KindNotFound, func() error {
			_, err := f.db.CreateGroupFromScan(f.police, f.scanID, "00000000-0000-0000-0000-000000000000", f.input())
			return err
		}},
		{"no name", ga.KindInvalid, func() error {
			_, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, storage.ScanCaseworkInput{Area: "Centrum", Form: ga.FormGroup})
			return err
		}},
	} {
		t.Run(who.name, func(t *testing.T) {
			before := f.counts()
			wantKind(t, who.f(), who.kind)
			if after := f.counts(); !mapsEqual(before, after) {
				t.Errorf("refused creation wrote rows")
			}
		})
	}
	for name, chosen := range map[string][]int{"none": {}, "out of range": {0, 4}, "twice": {1, 1}, "negative": {-1}} {
		in := f.input()
		in.Members = chosen
		before := f.counts()
		_, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, in)
		wantKind(t, err, ga.KindInvalid)
		if got := detailNames(err); !slices.Equal(got, []string{"leden"}) || !mapsEqual(before, f.counts()) {
			t.Errorf("members %s (%v): details %v", name, chosen, got)
		}
	}
	if got, err := f.db.CaseworkOfScanGroup(f.coordinator, f.groupID); !ga.IsKind(err, ga.KindNotFound) || got != nil {
		t.Errorf("municipal read of the link: %+v, %v", got, err)
	}
}

// TestAttachedScanVisibility: until the driehoek's decision only the
// police see the attached scan; after a decision that authorises exchange,
// the partners taking part see the summary without any member's data.
func TestAttachedScanVisibility(t *testing.T) {
	f := newScanFixture(t)
	res := f.mustCreate()
	g := &res.Group
	if err := f.db.AddParticipant(f.coordinator, g.ID, f.om.ID); err != nil {
		t.Fatal(err)
	}
	hidden := func(step string) {
		t.Helper()
		for name, ctx := range map[string]context.Context{"municipal coordinator": f.coordinator, "municipal professional": f.gemProf, "prosecutor": f.omProf, "school": f.schoolProf, "auditor": f.auditor} {
			_, err := f.db.GroupScan(ctx, g.ID)
			if !ga.IsKind(err, ga.KindNotFound) && !ga.IsKind(err, ga.KindForbidden) {
				t.Errorf("%s: %s sees the attached scan: %v", step, name, err)
			}
		}
	}
	hidden("informatie")
	// The group's page asks quietly: nothing, and no refusal logged.
	scanReads := func() int {
		t.Helper()
		es, err := f.db.AuditEntries(f.sys, storage.AuditFilter{ObjectType: "group", ObjectID: g.ID, Limit: storage.MaxLogPage})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if e.Action == "group_scan_read" {
				n++
			}
		}
		return n
	}
	before := scanReads()
	if s, err := f.db.GroupScanIfAny(f.coordinator, g.ID); s != nil || err != nil {
		t.Errorf("quiet read by the coordinator: %+v, %v", s, err)
	}
	if s, err := f.db.GroupScanIfAny(f.police, f.mustGroup("Groep zonder scan").ID); s != nil || err != nil {
		t.Errorf("quiet read of a group without a scan: %+v, %v", s, err)
	}
	if s, err := f.db.GroupScanIfAny(f.police, g.ID); s == nil || !s.Full || err != nil {
		t.Errorf("quiet read by the police: %+v, %v", s, err)
	}
	if n := scanReads() - before; n != 1 {
		t.Errorf("%d audit lines of scan reads, want 1 (the police's)", n)
	}
	f.mustReachDecision(g)
	hidden("besluit, before the decision")
	f.mustDecide(g, true, true)

	s, err := f.db.GroupScan(f.police, g.ID)
	if err != nil || !s.Full {
		t.Fatalf("police after the decision: %+v, %v", s, err)
	}
	for name, ctx := range map[string]context.Context{"municipal coordinator": f.coordinator, "prosecutor": f.omProf} {
		s, err := f.db.GroupScan(ctx, g.ID)
		if err != nil {
			t.Fatalf("%s after the decision: %v", name, err)
		}
		if s.Full || s.Profile != nil || s.Members != nil || s.SoftInput != nil || s.ScanID != "" || s.ScanGroupID != "" {
			t.Errorf("%s sees more than the summary: %+v", name, s)
		}
		if s.Summary.Size != len(plantedMembers) || s.Summary.Registrations != 5 || s.Summary.Description == "" || s.Summary.Suggested == "" {
			t.Errorf("%s summary %+v", name, s.Summary)
		}
		out, _ := json.Marshal(s)
		for _, m := range f.profile.Profile.Members {
			if strings.Contains(string(out), m.Name) || strings.Contains(string(out), string(m.DateOfBirth)) {
				t.Errorf("%s's summary names member %s", name, m.Name)
			}
		}
	}
	// The school takes no part: still nothing.
	if _, err := f.db.GroupScan(f.schoolProf, g.ID); !ga.IsKind(err, ga.KindNotFound) {
		t.Errorf("school after the decision: %v", err)
	}
}

// TestScanReportIsPoliceOnly: the report's data is read by the police only
// and its making is in every member's processing log.
func TestScanReportIsPoliceOnly(t *testing.T) {
	f := newScanFixture(t)
	v, err := f.db.ScanReport(f.police, f.scanID, f.groupID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Profile.Members) != len(plantedMembers) {
		t.Errorf("report of %d members", len(v.Profile.Members))
	}
	var ps string
	key, err := f.db.ScanPersonKey(context.Background(), v.Profile.Members[0].Key)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.SQL().QueryRow(`SELECT pseudonym FROM scan_persons WHERE person_key = $1`, key).Scan(&ps); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(f.processingLines(ps), func(e storage.ProcessingEntry) bool { return e.Name == "groepsscan_rapport_maken" }) {
		t.Error("no processing line groepsscan_rapport_maken")
	}
	for name, ctx := range map[string]context.Context{"municipal coordinator": f.coordinator, "prosecutor": f.omProf} {
		if _, err := f.db.ScanReport(ctx, f.scanID, f.groupID); !ga.IsKind(err, ga.KindNotFound) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestRetentionRemovesTheKeptScan: when the approach of a group made from
// the Groepsscan is past its retention period, the profile kept with it
// (which names the members) goes with the memberships, and the persons
// with them.
func TestRetentionRemovesTheKeptScan(t *testing.T) {
	f := newScanFixture(t)
	res := f.mustCreate()
	if _, err := f.db.CloseGroup(f.coordinator, res.Group.ID, "Groep uiteengevallen", "Doelen bereikt"); err != nil {
		t.Fatal(err)
	}
	rows := func() (links, members int) {
		t.Helper()
		f.db.SQL().QueryRow(`SELECT count(*) FROM group_scans WHERE group_id = $1`, res.Group.ID).Scan(&links)
		f.db.SQL().QueryRow(`SELECT count(*) FROM group_scan_members WHERE group_id = $1`, res.Group.ID).Scan(&members)
		return
	}
	if _, err := f.db.ApplyRetention(f.sys, false); err != nil {
		t.Fatal(err)
	}
	if l, m := rows(); l != 1 || m != len(plantedMembers) {
		t.Fatalf("within the period: %d links, %d members", l, m)
	}
	f.clock.Advance(25 * 31 * 24 * time.Hour)
	if _, err := f.db.ApplyRetention(f.sys, true); err != nil {
		t.Fatal(err)
	}
	if l, _ := rows(); l != 1 {
		t.Fatal("a dry run deleted the kept scan")
	}
	if _, err := f.db.ApplyRetention(f.sys, false); err != nil {
		t.Fatal(err)
	}
	if l, m := rows(); l != 0 || m != 0 {
		t.Errorf("past the period: %d links, %d members left", l, m)
	}
	if _, err := f.db.GroupScan(f.police, res.Group.ID); !ga.IsKind(err, ga.KindNotFound) {
		t.Errorf("the group still shows its scan: %v", err)
	}
}

// TestCreateGroupFromScanLeavesMembersOut: a member the person rules
// reject (here an adult of 34, who does not fit a youth group) makes the
// creation of the whole list invalid, naming the member; with that member
// left out the name list holds the others only.
func TestCreateGroupFromScanLeavesMembersOut(t *testing.T) {
	f := newScanFixtureOf(t, append(slices.Clone(plantedMembers), scanMember{"Ronald Vos", 34}))
	adult := slices.IndexFunc(f.profile.Profile.Members, func(m groepsscan.MemberProfile) bool { return m.Name == "Ronald Vos" })
	if adult < 0 {
		t.Fatal("the adult was not detected")
	}
	before := f.counts()
	_, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, f.input())
	wantKind(t, err, ga.KindInvalid)
	if e := err.(*ga.Error); len(e.Details) != 1 || !strings.Contains(e.Details[0].Message, "Ronald Vos") || e.Details[0].Name != "leden" {
		t.Errorf("details %+v", e.Details)
	}
	if !mapsEqual(before, f.counts()) {
		t.Error("an invalid creation wrote rows")
	}
	in := f.input()
	for i := range f.profile.Profile.Members {
		if i != adult {
			in.Members = append(in.Members, i)
		}
	}
	res, err := f.db.CreateGroupFromScan(f.police, f.scanID, f.groupID, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Members) != len(plantedMembers) || slices.ContainsFunc(res.Members, func(m storage.ScanCaseworkMember) bool { return m.Name == "Ronald Vos" }) {
		t.Errorf("name list %+v", res.Members)
	}
	s, err := f.db.GroupScan(f.police, res.Group.ID)
	if err != nil || len(s.Members) != len(plantedMembers) || s.Summary.Size != len(plantedMembers)+1 {
		t.Errorf("attached scan: %v, %d on the list, size %d", err, len(s.Members), s.Summary.Size)
	}
}
