package bench

import (
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/demo"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Size is the size of a generated data set.
type Size struct {
	Groups, Persons, Items, LogEntries int
}

// National is the national scale of the benchmark: 2,000 groups, 50,000
// persons, 1,000,000 items from 10 partners and 5,000,000 log entries.
var National = Size{Groups: 2000, Persons: 50000, Items: 1000000, LogEntries: 5000000}

// Scaled returns the size times f (at least one of each).
func (s Size) Scaled(f float64) Size {
	sc := func(n int) int { return max(1, int(float64(n)*f+0.5)) }
	return Size{Groups: sc(s.Groups), Persons: sc(s.Persons), Items: sc(s.Items), LogEntries: sc(s.LogEntries)}
}

// partnerKinds are the ten partners of the generated covenant; the first is
// the coordinating municipality.
var partnerKinds = []ga.PartnerKind{ga.KindGemeente, ga.KindPolitie, ga.KindOM, ga.KindJeugdhulp, ga.KindVeiligThuis,
	ga.KindHalt, ga.KindSchool, ga.KindWoningcorporatie, ga.KindLeerplicht, ga.KindReclassering}

// benchUser is a user of the generated installation with the means to
// reach the application as that user: the actor for storage calls, an API
// token, the second factor's secret, and a web session once the HTTP
// measure has logged in (logIn).
type benchUser struct {
	user    *ga.User
	actor   *ga.Actor
	partner ga.Partner
	token   string // bearer token for the API
	secret  string // TOTP secret of the second factor
	session string // web session token, set by logIn
}

// world is the generated installation.
type world struct {
	db       *storage.DB
	sys      context.Context
	partners []ga.Partner
	users    []*benchUser // one per partner, in partner order; the first is the coordinator
	registry string       // register entry id
	wpg20    string
	groups   []genGroup
	size     Size
	sample   [][]byte // encoded log records kept for the SHA-256 limit
}

// genGroup is what the benchmark remembers of a generated group.
type genGroup struct {
	id           string
	decided      bool
	participants []int // partner indexes
	members      []string
	pseudonyms   []string
}

// password of every generated user; the installation lives in a temporary
// directory or a database the operator named for the benchmark.
const password = "bench-Groepsaanpak-2026"

// setup records the covenant in force with its ten partners, one user per
// partner who accepted the confidentiality declaration, an API token and a
// completed web login for each.
func setup(ctx context.Context, db *storage.DB, now time.Time) (*world, error) {
	w := &world{db: db, sys: ga.WithActor(ctx, ga.SystemActor("bench"))}
	for i, kind := range partnerKinds {
		p := &ga.Partner{Name: fmt.Sprintf("%s %d", kind.Label(), i+1), Kind: kind, PublicTasks: "Taken in de groepsaanpak.",
			LegalGrounds: "Wettelijke grondslag van de partner.", ComplaintsCommittee: "Klachtencommissie",
			DataProtectionOfficer: "fg@partner.example"}
		if err := db.CreatePartner(w.sys, p); err != nil {
			return nil, fmt.Errorf("partner: %w", err)
		}
		w.partners = append(w.partners, *p)
	}
	terms := demo.Terms(w.partners[0].ID)
	terms.EffectiveDate = "2025-01-01"
	if _, err := db.SetCovenantTerms(w.sys, terms); err != nil {
		return nil, fmt.Errorf("convenant: %w", err)
	}
	for _, p := range w.partners {
		s := &ga.Signature{PartnerID: p.ID, SignatoryName: "Ondertekenaar", SignatoryFunction: "Bestuurder", SignedOn: "2025-01-01"}
		if err := db.RecordSignature(w.sys, s); err != nil {
			return nil, fmt.Errorf("ondertekening: %w", err)
		}
	}
	reg := demo.RegisterEntry()
	if err := db.RecordRegisterEntry(w.sys, reg); err != nil {
		return nil, fmt.Errorf("verwerkingsregister: %w", err)
	}
	w.registry = reg.ID
	for i, p := range w.partners {
		role := ga.RoleProfessional
		if i == 0 {
			role = ga.RoleCoordinator
		}
		u := &ga.User{Email: fmt.Sprintf("gebruiker%d@bench.example", i+1), Name: fmt.Sprintf("Gebruiker %d", i+1),
			PartnerID: p.ID, Roles: []ga.Role{role}, Active: true}
		if err := db.CreateUser(w.sys, u, password); err != nil {
			return nil, fmt.Errorf("gebruiker: %w", err)
		}
		secret, _, err := auth.NewTOTPSecret("Groepsaanpak", u.Email)
		if err != nil {
			return nil, err
		}
		if err := db.SetSecondFactor(w.sys, u.ID, secret); err != nil {
			return nil, fmt.Errorf("tweede factor: %w", err)
		}
		actor, err := db.Actor(w.sys, u.ID)
		if err != nil {
			return nil, err
		}
		actx := ga.WithActor(ctx, actor)
		if err := db.AcceptConfidentiality(actx); err != nil {
			return nil, fmt.Errorf("geheimhoudingsverklaring: %w", err)
		}
		if actor, err = db.Actor(w.sys, u.ID); err != nil {
			return nil, err
		}
		token, _, err := db.CreateToken(w.sys, u.ID, "benchmark", nil)
		if err != nil {
			return nil, fmt.Errorf("token: %w", err)
		}
		w.users = append(w.users, &benchUser{user: u, actor: actor, partner: p, token: token, secret: secret})
	}
	wpg := &ga.Wpg20Decision{Reference: "WPG20-BENCH", DecidedOn: "2025-01-01", DecidedBy: "De korpschef",
		Summary: "Politiegegevens over groepsleden aan de convenantpartners."}
	if err := db.RecordWpg20Decision(w.sys, wpg); err != nil {
		return nil, fmt.Errorf("wpg20-besluit: %w", err)
	}
	w.wpg20 = wpg.ID
	return w, nil
}

// generator produces the data set from a seed: the same seed gives the same
// groups, persons, items and log records.
type generator struct {
	rng    *rand.Rand
	w      *world
	now    time.Time
	logged int // log entries generated so far
}

func (g *generator) id() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	u, _ := uuid.FromBytes(b[:])
	u[6] = (u[6] & 0x0f) | 0x40 // version 4
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return u.String()
}

func (g *generator) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	return hex.EncodeToString(b)
}

var (
	firstNames = []string{"Jayden", "Mohamed", "Kevin", "Noah", "Dylan", "Lucas", "Ilias", "Romano", "Daan", "Sem", "Milan", "Yassin", "Liam", "Bilal", "Tim", "Ryan"}
	lastNames  = []string{"de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz", "Bos", "Vos", "Peters", "Hendriks"}
	areas      = []string{"Stationsplein", "Noorderpark", "Kanaleneiland", "Overvecht", "Zuilen", "Lombok", "Hoograven", "Leidsche Rijn"}
	categories = []string{"Signaal", "Strafbaar feit", "Schoolverzuim", "Hulpverlening", "Woonoverlast", "Groepsscan", "Gezinssituatie"}
	words      = strings.Fields("jongere gezien bij winkelcentrum samen met groep overlast melding buurtbewoners politie gesprek ouders school afspraak hulpverlening traject gestart verzuim begeleiding wijkagent contact avond weekend vernieling intimidatie")
)

func (g *generator) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *generator) text(n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.pick(words))
	}
	return b.String()
}

// casework generates and bulk-loads the groups, persons, involvements and
// items, in batches of batchGroups groups, and calls loaded after each
// batch with the batch's groups.
func (g *generator) casework(ctx context.Context, loaded func(groups []genGroup, items []storage.BulkItem) error) error {
	w, size := g.w, g.w.size
	nP := len(w.partners)
	perGroupPersons := max(1, size.Persons/size.Groups)
	extraPersons := size.Persons - perGroupPersons*size.Groups
	perGroupItems := max(1, size.Items/size.Groups)
	extraItems := size.Items - perGroupItems*size.Groups
	var batch storage.BulkCasework
	first := 0 // index in w.groups of the batch's first group
	flush := func() error {
		if len(batch.Groups) == 0 {
			return nil
		}
		if err := w.db.BulkLoadCasework(w.sys, batch); err != nil {
			return err
		}
		items := batch.Items
		batch = storage.BulkCasework{}
		groups := w.groups[first:]
		first = len(w.groups)
		return loaded(groups, items)
	}
	coordinator := w.users[0].user.ID
	for gi := range size.Groups {
		gg := genGroup{id: g.id(), decided: g.rng.IntN(10) > 0}
		// The coordinator, the police and the prosecutor take part in every
		// approach, two to five other partners in each.
		gg.participants = []int{0, 1, 2}
		others := g.rng.Perm(nP - 3)
		for _, o := range others[:2+g.rng.IntN(4)] {
			gg.participants = append(gg.participants, 3+o)
		}
		slices.Sort(gg.participants)
		var pids []string
		for _, p := range gg.participants {
			pids = append(pids, w.partners[p].ID)
		}
		created := g.now.AddDate(0, 0, -30-g.rng.IntN(700)).UTC().Truncate(time.Microsecond)
		bg := storage.BulkGroup{ID: gg.id, Name: fmt.Sprintf("Groep %s %d", g.pick(areas), gi+1), Area: g.pick(areas), Form: ga.FormGroup,
			Step: ga.StepPicture, CreatedBy: w.partners[1].ID, Participants: pids, RecordedBy: coordinator, CreatedAt: created}
		if gg.decided {
			bg.Step, bg.DecidedOn, bg.ApproachStarts, bg.Exchange = ga.StepExecution, ga.DateOf(created.AddDate(0, 0, 14)), true, true
			bg.DecisionPresent = []string{"Burgemeester", "Officier van justitie", "Teamchef politie"}
		}
		batch.Groups = append(batch.Groups, bg)
		np := perGroupPersons
		if gi < extraPersons {
			np++
		}
		for range np {
			p := storage.BulkPerson{ID: g.id(), Pseudonym: g.hex(16), Name: g.pick(firstNames) + " " + g.pick(lastNames),
				DateOfBirth: ga.DateOf(g.now.AddDate(-12-g.rng.IntN(8), -g.rng.IntN(12), -g.rng.IntN(28))),
				Address:     fmt.Sprintf("%s %d, Voorbeeldstad", g.pick(areas), 1+g.rng.IntN(200)), SourcePartnerID: w.partners[1].ID,
				MembershipID: g.id(), GroupID: gg.id, Role: []ga.MembershipRole{ga.RoleCore, ga.RoleFollower, ga.RoleRecruit}[g.rng.IntN(3)],
				Start: ga.DateOf(created)}
			batch.Persons = append(batch.Persons, p)
			gg.members = append(gg.members, p.ID)
			gg.pseudonyms = append(gg.pseudonyms, p.Pseudonym)
			// The coordinator registers about half the participating
			// partners as involved with each member.
			for _, pi := range gg.participants[1:] {
				if g.rng.IntN(2) == 0 {
					batch.Involvements = append(batch.Involvements, storage.BulkInvolvement{GroupID: gg.id, PersonID: p.ID,
						PartnerID: w.partners[pi].ID, Reason: "Betrokken bij dit lid.", RegisteredBy: coordinator})
				}
			}
		}
		ni := perGroupItems
		if gi < extraItems {
			ni++
		}
		for range ni {
			src := gg.participants[g.rng.IntN(len(gg.participants))]
			kind := w.partners[src].Kind
			it := storage.BulkItem{ID: g.id(), GroupID: gg.id, SourcePartnerID: w.partners[src].ID, Category: g.pick(categories),
				LegalGround: "Grondslag van de verstrekking volgens het convenant.", Necessity: "Nodig voor het integrale beeld van de groep.",
				Content: g.text(120 + g.rng.IntN(240)), ConcernsDate: ga.DateOf(created.AddDate(0, 0, g.rng.IntN(30))),
				CreatedBy: w.users[src].user.ID, CreatedAt: created.Add(time.Duration(g.rng.IntN(30*24)) * time.Hour)}
			if g.rng.IntN(5) > 0 && len(gg.members) > 0 {
				it.PersonID = gg.members[g.rng.IntN(len(gg.members))]
			}
			switch kind {
			case ga.KindPolitie:
				it.Criminal, it.Wpg20DecisionID = g.rng.IntN(2) == 0, w.wpg20
			case ga.KindOM, ga.KindHalt, ga.KindReclassering:
				it.Criminal = g.rng.IntN(2) == 0
			case ga.KindJeugdhulp, ga.KindVeiligThuis:
				it.Special = g.rng.IntN(2) == 0
			}
			batch.Items = append(batch.Items, it)
		}
		w.groups = append(w.groups, gg)
		if len(batch.Groups) == batchGroups {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return flush()
}

// batchGroups is the number of groups loaded per casework transaction; at
// 500 items per group (the national ratio) the first batch holds 10,000
// items, the small size of the access overview measure.
const batchGroups = 20

// logBatch is the number of log entries appended per transaction while
// loading.
const logBatch = 4096

// sampleSize is the number of encoded records kept for the SHA-256 limit.
const sampleSize = 50000

// logs generates n log entries about the given groups: the audit and
// processing lines that reads and changes of casework by the partners'
// users would have written, one audit line to about five processing lines,
// spread over the past year in time order (of all LogEntries of the data
// set, g.logged of which come before these), appended through the logs'
// own code so that they verify. The loader calls it after each batch of
// groups with that batch's share of the entries, so that a person's log
// lines are in place once the person is, whatever the size of the data
// set: a person has about as many lines at a hundredth of the scale as at
// the full scale.
func (g *generator) logs(ctx context.Context, n int, groups []genGroup) error {
	w := g.w
	start := g.now.AddDate(-1, 0, 0)
	step := time.Duration(int64(365*24*time.Hour) / int64(max(w.size.LogEntries, 1)))
	actions := []string{"item_list", "member_list", "group_get", "involvement_list", "item_create", "person_get"}
	done := 0
	for done < n {
		k := min(logBatch, n-done)
		var audit []ga.AuditRecord
		var processing []ga.ProcessingRecord
		for i := range k {
			t := start.Add(time.Duration(g.logged+done+i) * step).UTC().Truncate(time.Microsecond)
			trace := g.hex(16)
			if (g.logged+done+i)%6 == 0 {
				u := w.users[g.rng.IntN(len(w.users))]
				gr := groups[g.rng.IntN(len(groups))]
				audit = append(audit, ga.AuditRecord{TraceID: trace, Time: t, UserID: u.user.ID, PartnerID: u.partner.ID,
					Action: actions[g.rng.IntN(len(actions))], ObjectType: "group", ObjectID: gr.id, Result: ga.ResultSuccess,
					Origin: "10.0.0." + fmt.Sprint(1+g.rng.IntN(250)), Detail: "filter: groep"})
				continue
			}
			gr := groups[g.rng.IntN(len(groups))]
			subject := g.hex(16)
			if len(gr.pseudonyms) > 0 {
				subject = gr.pseudonyms[g.rng.IntN(len(gr.pseudonyms))]
			}
			processing = append(processing, ga.ProcessingRecord{TraceID: trace, SpanID: g.hex(8), Name: "gegeven_raadplegen",
				StatusCode: ga.StatusOK, StartTime: t, EndTime: t, ProcessingActivityID: w.registry,
				DataSubjectID: subject, DataSubjectIDType: "pseudoniem"})
		}
		if len(w.sample) < sampleSize {
			for _, r := range audit {
				if data, err := logbook.EncodeAudit(logbook.CanonicalAudit(r)); err == nil {
					w.sample = append(w.sample, data)
				}
			}
			for _, r := range processing {
				if data, err := logbook.EncodeProcessing(logbook.CanonicalProcessing(r)); err == nil {
					w.sample = append(w.sample, data)
				}
			}
		}
		if err := w.db.BulkAppendLogs(w.sys, audit, processing); err != nil {
			return fmt.Errorf("logboeken laden: %w", err)
		}
		done += k
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	g.logged += n
	return nil
}

// logIn gives every user a fresh web session (password and second factor),
// just before the web pages are measured: a session made while the data
// set was loaded would have expired after its idle time at the national
// scale, where loading takes longer than that, and the page measured would
// be the login page the application redirects to.
func (w *world) logIn(ctx context.Context) error {
	for _, u := range w.users {
		login, err := w.db.Login(ctx, u.user.Email, password, "127.0.0.1")
		if err != nil {
			return fmt.Errorf("inloggen: %w", err)
		}
		code, err := auth.TOTPCode(u.secret, w.db.Now())
		if err != nil {
			return err
		}
		if u.session, err = w.db.VerifySecondFactor(ctx, login.Token, code, "127.0.0.1"); err != nil {
			return fmt.Errorf("tweede factor: %w", err)
		}
	}
	return nil
}
