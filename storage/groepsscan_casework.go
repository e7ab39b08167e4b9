package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

// The Groepsscan into the work process (step 2B, SPEC §2; docs/groepsscan.md
// "Into the work process"): from a detected group the police create a
// casework group in step informatie with its name list and the scan
// attached, and the group shows the attached scan under
// ga.AttachedScanAccess.

// Processing names of the Groepsscan's way into the casework.
const (
	// processingToCasework is written for every member of the detected
	// group, by the scan's pseudonym, when the group becomes casework.
	processingToCasework = "groepsscan_naar_casus"
	// processingReport is written for every member and every person of an
	// uncertain match when the police make the scan report (PDF).
	processingReport = "groepsscan_rapport_maken"
)

// ScanCaseworkInput is what the police give when turning a detected group
// into a casework group: the group's name or alias, area and form. The
// name list is the detected group's members.
type ScanCaseworkInput struct {
	Name string       `json:"naam"`
	Area string       `json:"wijk"`
	Form ga.GroupForm `json:"vorm"`
	// Members are the positions (from 0) in the profile's member list of
	// the members to put on the name list; absent (nil) means all of them.
	Members []int `json:"leden,omitempty"`
}

// ScanCaseworkMember is one member of the detected group on the new
// group's name list.
type ScanCaseworkMember struct {
	PersonID string            `json:"persoonId"`
	Name     string            `json:"naam"`
	Born     ga.Date           `json:"geboortedatum"`
	Role     ga.MembershipRole `json:"rol"`
	// Reused is true when the matching rule found the person already
	// registered by the same partner; otherwise the person was created.
	Reused bool `json:"bestaandePersoon"`
	// RepresentativesMissing is true for a member under 16 without a legal
	// representative yet: the police complete them on the person's page
	// (UAVG art 5; covenant Art 6.1.1 addresses the representatives).
	RepresentativesMissing bool `json:"vertegenwoordigersAanvullen"`
}

// ScanCasework is the outcome of CreateGroupFromScan.
type ScanCasework struct {
	Group   ga.Group             `json:"groep"`
	ScanID  string               `json:"scanId"`
	ScanGID string               `json:"gedetecteerdeGroepId"`
	Members []ScanCaseworkMember `json:"namenlijst"`
}

// AlreadyCasework is the error of a second creation from the same detected
// group: KindConflict, and the id of the group that was made the first time.
type AlreadyCasework struct {
	Cause         *ga.Error
	GroupID, Name string
}

// MsgAlreadyCasework is the message of AlreadyCasework.
const MsgAlreadyCasework = "Van deze gedetecteerde groep is al een groep in de casus gemaakt. Een gedetecteerde groep wordt maar één keer een groep in de casus."

func (e *AlreadyCasework) Error() string { return e.Cause.Error() }
func (e *AlreadyCasework) Unwrap() error { return e.Cause }

// CreateGroupFromScan turns detected group scanGroupID of scan scanID into
// a casework group in step informatie, in one transaction: the group (the
// police's partner and the covenant's coordinating partner taking part),
// its first transition, the name list — for each member, in the order of
// the profile, the person the police's partner already registered with the
// same matching key (groepsscan.KeyOf: normalised name and date of birth)
// gets a membership, any other member is created as a person of the
// police's partner with a membership — and the link to the detected group
// with the profile kept. The suggested role kern becomes kern, meeloper
// becomes meeloper; memberships start today. A member under 16 is created
// without a legal representative and reported with
// RepresentativesMissing, to be completed on the person's page; every
// other rule of ga.Person.Validate holds (a member it rejects makes the
// whole creation KindInvalid, naming the member).
//
// Only police users who may use the Groepsscan may (others: ga.ErrNotFound,
// as for an unknown detected group). A detected group that already became
// a casework group, in this scan or an earlier one under the same stable
// id, is refused with *AlreadyCasework (KindConflict). It writes the
// processing lines persoon_vastleggen for each created person,
// lidmaatschap_vastleggen for each reused one and groepsscan_naar_casus for
// every member by the scan's pseudonym, and the audit lines group_create
// and group_create_from_scan.
func (db *DB) CreateGroupFromScan(ctx context.Context, scanID, scanGroupID string, in ScanCaseworkInput) (*ScanCasework, error) {
	const op = "storage.CreateGroupFromScan"
	var out *ScanCasework
	err := db.act(ctx, "group_create_from_scan", "scan_group", scanGroupID, func(tx *Tx) error {
		out = nil
		reg, err := tx.requireGroepsscan(ga.ErrNotFound(op))
		if err != nil {
			return err
		}
		a, err := requirePartnerActor(tx, op)
		if err != nil {
			return err
		}
		sg, err := tx.scanGroup(op, scanID, scanGroupID)
		if err != nil {
			return err
		}
		if id, name, ok, err := tx.caseworkOf(op, scanGroupID); err != nil {
			return err
		} else if ok {
			return &AlreadyCasework{GroupID: id, Name: name, Cause: ga.E(ga.KindConflict, op, MsgAlreadyCasework)}
		}
		if !canCreateGroup(a) {
			return ga.ErrForbidden(op)
		}
		now := tx.Now()
		today := ga.DateOf(now)
		// Check every member before anything is written, so that the answer
		// names all members that cannot be registered.
		var inv ga.Invalid
		selected, refusal := selectMembers(in.Members, len(sg.Profile.Members))
		if refusal != "" {
			inv.Add("leden", refusal)
		}
		for _, i := range selected {
			m := sg.Profile.Members[i]
			p := ga.Person{Name: m.Name, DateOfBirth: m.DateOfBirth}
			if err := p.Validate(now); err != nil {
				for _, d := range err.(*ga.Error).Details {
					if d.Name == "wettelijkVertegenwoordigers" {
						continue // completed later, reported per member
					}
					inv.Add("leden", "Lid "+strconv.Itoa(i+1)+" ("+m.Name+"): "+d.Message+" Laat dit lid weg van de namenlijst.")
				}
			}
		}
		if err := inv.Err(op); err != nil {
			return err
		}
		g := ga.Group{Name: strings.TrimSpace(in.Name), Area: strings.TrimSpace(in.Area), Form: in.Form, Step: ga.StepInformation}
		if err := tx.createGroup(op, a, &g); err != nil {
			return err
		}
		existing, err := tx.matchingPersons(op, a.PartnerID, sg.Profile.Members)
		if err != nil {
			return err
		}
		res := &ScanCasework{Group: g, ScanID: scanID, ScanGID: scanGroupID}
		var created, reused, links [][]any
		var createdSubjects, reusedSubjects, keys []string
		for _, i := range selected {
			m := sg.Profile.Members[i]
			key := sg.keys[i]
			keys = append(keys, key)
			role := ga.RoleFollower
			if m.Role == groepsscan.Kern {
				role = ga.RoleCore
			}
			mem := ga.Membership{Role: role, Start: today}
			cm := ScanCaseworkMember{Name: m.Name, Born: m.DateOfBirth, Role: role}
			if p, ok := existing[m.Key.String()]; ok {
				cm.PersonID, cm.Reused = p.ID, true
				cm.RepresentativesMissing = p.Under16(now) && p.representatives == 0
				reused = append(reused, []any{NewID(), g.ID, p.ID, string(role), string(today), ""})
				reusedSubjects = append(reusedSubjects, p.pseudonym)
			} else {
				p := ga.Person{Name: m.Name, DateOfBirth: m.DateOfBirth}
				subjects, err := tx.insertPerson(op, &p, a.PartnerID, g.ID, &mem)
				if err != nil {
					return err
				}
				cm.PersonID = p.ID
				cm.RepresentativesMissing = p.Under16(now)
				createdSubjects = append(createdSubjects, subjects...)
				created = append(created, []any{p.ID})
			}
			links = append(links, []any{g.ID, key, cm.PersonID, cm.Reused})
			res.Members = append(res.Members, cm)
		}
		if err := tx.insertBatch(op, "memberships", []string{"id", "group_id", "person_id", "role", "start_date", "end_date"}, reused); err != nil {
			return err
		}
		sc, err := tx.scanCrypt()
		if err != nil {
			return ga.Wrap(op, err)
		}
		profile, err := sealProfile(sc, groupScanKeyID(g.ID), "group_scans", g.ID, storedProfile{Profile: sg.Profile, Keys: sg.keys})
		if err != nil {
			return ga.Wrap(op, err)
		}
		if _, err := tx.Exec(`INSERT INTO group_scans (group_id, scan_id, scan_group_id, suggested, profile, created_by, partner_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			g.ID, scanID, scanGroupID, string(sg.Suggested), profile, a.UserID, a.PartnerID, now); err != nil {
			return ga.Wrap(op, err)
		}
		if err := tx.insertBatch(op, "group_scan_members", []string{"group_id", "person_key", "person_id", "reused"}, links); err != nil {
			return err
		}
		tx.processed("persoon_vastleggen", reg, createdSubjects...)
		tx.processed("lidmaatschap_vastleggen", reg, reusedSubjects...)
		if err := tx.processedKeys(op, processingToCasework, reg, keys); err != nil {
			return err
		}
		tx.Audit("group_create_from_scan", "group", g.ID, ga.ResultSuccess,
			"scan="+scanID+" gedetecteerdeGroep="+scanGroupID+" nieuw="+strconv.Itoa(len(created))+" bestaand="+strconv.Itoa(len(reused)))
		out = res
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// selectMembers checks the chosen positions of members out of n and
// returns them in order, or why they cannot be chosen; nil chooses all.
func selectMembers(chosen []int, n int) ([]int, string) {
	if chosen == nil {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, ""
	}
	if len(chosen) == 0 {
		return nil, "Kies ten minste één lid voor de namenlijst."
	}
	out := slices.Sorted(slices.Values(chosen))
	if out[0] < 0 || out[len(out)-1] >= n || len(slices.Compact(slices.Clone(out))) != len(out) {
		return nil, "Kies leden van deze gedetecteerde groep, elk één keer."
	}
	return out, ""
}

// matchedPerson is a registered person the matching rule may reuse.
type matchedPerson struct {
	ga.Person
	pseudonym       string
	representatives int
}

// matchingPersons returns, by matching key, the persons registered by
// partnerID whose key equals a member's. Only the partner's own persons
// are considered: another partner's persons are not the police's to see
// before the driehoek's decision, so the match could tell them about a
// person they may not know of. When the partner registered one person
// twice, the earliest registration is used.
func (tx *Tx) matchingPersons(op, partnerID string, members []groepsscan.MemberProfile) (map[string]*matchedPerson, error) {
	// Names and dates of birth are encrypted (crypt.go): the candidates are
	// found by the blind index of the normalised name and date of birth,
	// then decrypted and compared by key.
	c := tx.crypt()
	out := map[string]*matchedPerson{}
	want := map[string]bool{}
	var indexes []string
	for _, m := range members {
		want[m.Key.String()] = true
		idx, err := c.personMatch(m.Key.Name, string(m.Key.DateOfBirth))
		if err != nil {
			return nil, ga.Wrap(op, err)
		}
		indexes = append(indexes, idx)
	}
	indexes = slices.Compact(slices.Sorted(slices.Values(indexes)))
	for chunk := range slices.Chunk(indexes, tx.inChunk()-1) {
		args := []any{partnerID}
		rows, err := tx.Query(`SELECT p.id, p.pseudonym, p.name, p.date_of_birth, p.address,
				(SELECT count(*) FROM representatives r WHERE r.person_id = p.id)
			FROM persons p WHERE p.source_partner_id = $1 AND p.match_index IN (`+placeholders(&args, chunk)+`)
			ORDER BY p.created_at, p.id`, args...)
		if err != nil {
			return nil, ga.Wrap(op, err)
		}
		for rows.Next() {
			var p matchedPerson
			var dob, address string
			if err := rows.Scan(&p.ID, &p.pseudonym, &p.Name, &dob, &address, &p.representatives); err != nil {
				rows.Close()
				return nil, ga.Wrap(op, err)
			}
			if err := c.openPersonFields(p.ID, &p.Name, &dob, &address); err != nil {
				rows.Close()
				return nil, ga.Wrap(op, err)
			}
			p.DateOfBirth = ga.Date(dob)
			key := groepsscan.KeyOf(p.Name, p.DateOfBirth).String()
			if _, seen := out[key]; want[key] && !seen {
				out[key] = &p
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, ga.Wrap(op, err)
		}
	}
	return out, nil
}

// caseworkOf returns the casework group made from detected group
// scanGroupID, if any.
func (tx *Tx) caseworkOf(op, scanGroupID string) (id, name string, ok bool, err error) {
	err = tx.QueryRow(`SELECT g.id, g.name FROM group_scans s JOIN groups g ON g.id = s.group_id WHERE s.scan_group_id = $1`, scanGroupID).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, ga.Wrap(op, err)
	}
	return id, name, true, nil
}

// ScanGroupCasework is the casework group made from a detected group.
type ScanGroupCasework struct {
	GroupID string `json:"groepId"`
	Name    string `json:"naam"`
}

// CaseworkOfScanGroup returns the casework group made from detected group
// scanGroupID (by its stable id), or nil when none was made. Only police
// users who may use the Groepsscan may ask (others: ga.ErrNotFound).
func (db *DB) CaseworkOfScanGroup(ctx context.Context, scanGroupID string) (*ScanGroupCasework, error) {
	const op = "storage.CaseworkOfScanGroup"
	var out *ScanGroupCasework
	err := db.act(ctx, "scan_group_casework_read", "scan_group", scanGroupID, func(tx *Tx) error {
		out = nil
		if _, err := tx.requireGroepsscan(ga.ErrNotFound(op)); err != nil {
			return err
		}
		id, name, ok, err := tx.caseworkOf(op, scanGroupID)
		if err != nil || !ok {
			return err
		}
		out = &ScanGroupCasework{GroupID: id, Name: name}
		return nil
	})
	return out, err
}

// AttachedScanSummary is the group-level summary of an attached scan, the
// part that partners taking part see after the driehoek's decision
// (ga.ScanSummary): no member's data and no registration.
type AttachedScanSummary struct {
	From             time.Time                 `json:"van"`
	To               time.Time                 `json:"tot"`
	Size             int                       `json:"omvang"`
	Registrations    int                       `json:"registraties"`
	Categories       [3]int                    `json:"perCategorie"`
	Months           []groepsscan.MonthCount   `json:"perMaand"`
	Codes            []groepsscan.Count        `json:"incidentcodes"`
	Areas            []groepsscan.Count        `json:"wijken"`
	Locations        []groepsscan.Count        `json:"locaties"`
	Description      string                    `json:"beschrijving"`
	Suggested        groepsscan.Classification `json:"shortlistSuggestie"`
	SuggestedBecause string                    `json:"shortlistToelichting"`
}

// AttachedScan is the Groepsscan attached to a casework group as the viewer
// may see it. Access says how much: with ga.ScanSummary only Summary is
// filled; with ga.ScanFull also the scan's ids, the full profile as kept at
// creation, the name list mapping and the soft input on the detected group.
type AttachedScan struct {
	GroupID   string              `json:"groepId"`
	Access    ga.ScanAccess       `json:"-"`
	Full      bool                `json:"volledig"`
	CreatedAt time.Time           `json:"gekoppeldOp"`
	Summary   AttachedScanSummary `json:"samenvatting"`

	ScanID      string               `json:"scanId,omitempty"`
	ScanGroupID string               `json:"gedetecteerdeGroepId,omitempty"`
	Profile     *groepsscan.Profile  `json:"profiel,omitempty"`
	Members     []ScanCaseworkMember `json:"namenlijst,omitempty"`
	SoftInput   []SoftInput          `json:"zachteInformatie,omitempty"`
}

// GroupScan returns the Groepsscan attached to casework group groupID as
// the viewer may see it (ga.AttachedScanAccess). A group the viewer may not
// see, a group without a scan and a viewer who may see nothing of it all
// answer ga.ErrNotFound, the same answer. The full view passes the Art 8
// gate and writes the processing line groepsscan_inzien for every member by
// the scan's pseudonym; the summary holds no personal data and writes only
// the audit line.
func (db *DB) GroupScan(ctx context.Context, groupID string) (*AttachedScan, error) {
	return db.groupScan(ctx, "storage.GroupScan", groupID, false)
}

// GroupScanIfAny is GroupScan for a page that shows the group anyway (and
// audits that read): when the group has no scan, or the viewer may see
// nothing of it, it returns nil without an error and without an audit line,
// so that every view of a group page does not log a refusal of a scan that
// was never asked for. A group the viewer may not see is still
// ga.ErrNotFound.
func (db *DB) GroupScanIfAny(ctx context.Context, groupID string) (*AttachedScan, error) {
	return db.groupScan(ctx, "storage.GroupScanIfAny", groupID, true)
}

func (db *DB) groupScan(ctx context.Context, op, groupID string, quiet bool) (*AttachedScan, error) {
	var out *AttachedScan
	err := db.actRead(ctx, "group_scan_read", "group", groupID, func(tx *Tx) error {
		out = nil
		v, err := tx.viewer(op)
		if err != nil {
			return err
		}
		g, err := tx.visibleGroup(op, v, groupID, false)
		if err != nil {
			return err
		}
		access := ga.AttachedScanAccess(v.actor, *g, v.terms, v.now)
		if access == ga.ScanHidden {
			if quiet {
				return nil
			}
			return ga.ErrNotFound(op)
		}
		s := &AttachedScan{GroupID: groupID, Access: access, Full: access == ga.ScanFull}
		var profile string
		err = tx.QueryRow(`SELECT scan_id, scan_group_id, profile, created_at FROM group_scans WHERE group_id = $1`, groupID).
			Scan(&s.ScanID, &s.ScanGroupID, &profile, &s.CreatedAt)
		if quiet && errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return notFound(op, err)
		}
		sc, err := tx.scanCrypt()
		if err != nil {
			return ga.Wrap(op, err)
		}
		sp, err := openProfile(sc, groupScanKeyID(groupID), "group_scans", groupID, profile)
		if err != nil {
			return ga.Wrap(op, err)
		}
		p := sp.Profile
		s.Summary = AttachedScanSummary{From: p.From, To: p.To, Size: p.Size, Registrations: p.Registrations, Categories: p.Categories,
			Months: p.Months, Codes: p.Codes, Areas: p.Areas, Locations: p.Locations, Description: p.Description,
			Suggested: p.Suggested, SuggestedBecause: p.SuggestedBecause}
		if access != ga.ScanFull {
			s.ScanID, s.ScanGroupID = "", ""
			tx.Audit("group_scan_read", "group", groupID, ga.ResultSuccess, "samenvatting")
			out = s
			return nil
		}
		reg, err := tx.requireGroepsscan(ga.ErrNotFound(op))
		if err != nil {
			return err
		}
		s.Profile = &p
		if s.Members, err = tx.scanCaseworkMembers(op, groupID, p, sp.Keys); err != nil {
			return err
		}
		names := map[string]string{}
		for i, m := range p.Members {
			if i < len(sp.Keys) {
				names[sp.Keys[i]] = m.Name
			}
		}
		if s.SoftInput, err = tx.softInput(op, sc, s.ScanGroupID, names); err != nil {
			return err
		}
		if err := tx.processedKeys(op, processingRead, reg, sp.Keys); err != nil {
			return err
		}
		tx.Audit("group_scan_read", "group", groupID, ga.ResultSuccess, "volledig scan="+s.ScanID)
		out = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanCaseworkMembers returns the name list mapping of group groupID in
// the order of profile p's members, with whether a legal representative is
// still to be completed. A member whose membership retention removed is
// left out.
func (tx *Tx) scanCaseworkMembers(op, groupID string, p groepsscan.Profile, keys []string) ([]ScanCaseworkMember, error) {
	rows, err := tx.Query(`SELECT l.person_key, l.person_id, l.reused, p.name, p.date_of_birth, p.address,
			(SELECT count(*) FROM representatives r WHERE r.person_id = p.id),
			COALESCE((SELECT m.role FROM memberships m WHERE m.group_id = l.group_id AND m.person_id = l.person_id ORDER BY m.start_date LIMIT 1), '')
		FROM group_scan_members l JOIN persons p ON p.id = l.person_id WHERE l.group_id = $1`, groupID)
	if err != nil {
		return nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	byKey := map[string]ScanCaseworkMember{}
	now := tx.Now()
	for rows.Next() {
		var key, name, dob, address, role string
		var reps int
		var m ScanCaseworkMember
		if err := rows.Scan(&key, &m.PersonID, &m.Reused, &name, &dob, &address, &reps, &role); err != nil {
			return nil, ga.Wrap(op, err)
		}
		if err := tx.crypt().openPersonFields(m.PersonID, &name, &dob, &address); err != nil {
			return nil, ga.Wrap(op, err)
		}
		m.Role = ga.MembershipRole(role)
		m.RepresentativesMissing = ga.Person{DateOfBirth: ga.Date(dob)}.Under16(now) && reps == 0
		byKey[key] = m
	}
	if err := rows.Err(); err != nil {
		return nil, ga.Wrap(op, err)
	}
	var out []ScanCaseworkMember
	for i, pm := range p.Members {
		if i >= len(keys) {
			break
		}
		if m, ok := byKey[keys[i]]; ok {
			m.Name, m.Born = pm.Name, pm.DateOfBirth
			out = append(out, m)
		}
	}
	return out, nil
}

// ScanReportData is what the scan report is made from: the detected group
// as ScanGroup returns it, the name of the police partner making the
// report, the name of the casework group made from it (if any) and when.
type ScanReportData struct {
	ScanGroupView
	Police   string
	Casework string
	MadeAt   time.Time
}

// ScanReport returns detected group groupID of scan scanID with its
// profile, uncertain matches and soft input, for the scan report (the PDF
// that goes with the letter of police advice to the municipality and the
// prosecutor). Only police users who may use the Groepsscan may; anyone
// else gets ga.ErrNotFound. It writes the processing line
// groepsscan_rapport_maken for every member and every other person of an
// uncertain match in the report.
func (db *DB) ScanReport(ctx context.Context, scanID, groupID string) (ScanReportData, error) {
	const op = "storage.ScanReport"
	var v ScanReportData
	err := db.act(ctx, "scan_report", "scan_group", groupID, func(tx *Tx) error {
		reg, err := tx.requireGroepsscan(ga.ErrNotFound(op))
		if err != nil {
			return err
		}
		if v.ScanGroupView, err = tx.scanGroup(op, scanID, groupID); err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT name FROM partners WHERE id = $1`, tx.Actor().PartnerID).Scan(&v.Police); err != nil {
			return ga.Wrap(op, err)
		}
		if _, v.Casework, _, err = tx.caseworkOf(op, groupID); err != nil {
			return err
		}
		v.MadeAt = tx.Now()
		keys := slices.Clone(v.keys)
		for _, u := range v.Uncertain {
			keys = append(keys, u.OtherKey)
		}
		if err := tx.processedKeys(op, processingReport, reg, keys); err != nil {
			return err
		}
		tx.Audit("scan_report", "scan_group", groupID, ga.ResultSuccess, "scan="+scanID)
		return nil
	})
	return v, err
}
