package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// pdfText returns the text of a PDF as pdftotext extracts it, with every
// run of white space made one space, so that text wrapped across lines
// compares as written. Without pdftotext (Debian package poppler-utils)
// the test is skipped, except in CI, where .ci/run installs it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pdftotext is missing in CI: %v", err)
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return oneSpace(footer.ReplaceAllString(string(out), " "))
}

// footer is the running footer of a letter, which pdftotext puts between
// the lines of a paragraph that crosses a page.
var footer = regexp.MustCompile(`[^\n]* — pagina \d+ van \d+`)

var spaces = regexp.MustCompile(`\s+`)

func oneSpace(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// squash drops all white space: a letter may wrap a line after a hyphen
// ("vmbo-" / "t"), which pdftotext gives back as "vmbo- t".
func squash(s string) string { return spaces.ReplaceAllString(s, "") }

// demoPerson returns the id and pseudonym of the demo person with the name.
func (d *demo) demoPerson(name string) (id, pseudonym string) {
	d.t.Helper()
	// The name is encrypted: the row is found by its blind index.
	var dob ga.Date
	for _, p := range append(append([]personSpec{}, persons...), recruits...) {
		if p.name == name {
			dob = p.dob
		}
	}
	match, err := d.db.PersonMatchIndex(context.Background(), name, dob)
	if err != nil {
		d.t.Fatal(err)
	}
	if err := d.db.SQL().QueryRow(`SELECT id, pseudonym FROM persons WHERE match_index = $1`, match).Scan(&id, &pseudonym); err != nil {
		d.t.Fatalf("person %s: %v", name, err)
	}
	return id, pseudonym
}

// itemID returns the id of the demo item with the key.
func (d *demo) itemID(key string) string {
	d.t.Helper()
	for _, s := range allItems() {
		if s.key == key {
			// The content is encrypted: every item is read raw and
			// decrypted.
			rows, err := d.db.SQL().Query(`SELECT id, group_id, COALESCE(person_id, ''), content FROM items`)
			if err != nil {
				d.t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, group, person, content string
				if err := rows.Scan(&id, &group, &person, &content); err != nil {
					d.t.Fatal(err)
				}
				if content, err = d.db.OpenItemContent(context.Background(), group, person, id, content); err != nil {
					d.t.Fatal(err)
				}
				if content == s.content {
					return id
				}
			}
			d.t.Fatalf("item %s: not in the database", key)
		}
	}
	d.t.Fatalf("no demo item %s", key)
	return ""
}

// TestAccessRequest is the end-to-end test of covenant Art 6.1.2–6.1.5 on
// the demo scenario: Jayden Brouwer's mother asks for access; the
// coordinator registers the request, records the identity check, withholds
// the police's item on ground b and compiles the overview. The letter (as
// pdftotext reads it) and the JSON export hold every other item about
// Jayden with its content, category, origin and recipients, every partner
// the logs record as having received Jayden's data, the withheld item only
// as its ground and motivation, and nothing about any other person.
// Compiling writes the processing log for Jayden and his mother.
func TestAccessRequest(t *testing.T) {
	d := loadDemo(t, fixedClock())
	jayden, jaydenPs := d.demoPerson("Jayden Brouwer")
	cora := d.as("cora")

	// The school reads Jayden's items and the leerplicht item itself, so
	// that the logs hold a receipt of that item by the school.
	leerplicht := d.itemID("leerplicht-jayden")
	sander := d.as("sander")
	if _, err := d.db.Items(sander, storage.ItemFilter{PersonID: jayden}); err != nil {
		t.Fatalf("school lists Jayden's items: %v", err)
	}
	if _, err := d.db.Item(sander, leerplicht); err != nil {
		t.Fatalf("school reads the leerplicht item: %v", err)
	}

	t.Run("only the coordinator and privacy officers handle requests", func(t *testing.T) {
		for _, who := range []string{"willem", "sander", "dirk", "aart", "bram"} {
			c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden, Summary: "inzage"}
			if err := d.db.RegisterCase(d.as(who), &c); !ga.IsKind(err, ga.KindForbidden) && !ga.IsKind(err, ga.KindGateClosed) {
				t.Errorf("%s registers a request: %v, want forbidden", who, err)
			}
		}
		if _, err := d.db.RightsCases(d.as("willem"), storage.CaseFilter{}); !ga.IsKind(err, ga.KindForbidden) {
			t.Errorf("the police lists requests: %v, want forbidden", err)
		}
	})

	found, err := d.db.FindCasePersons(cora, " jayden brouwer ", "2011-04-17")
	if err != nil || len(found) != 1 || found[0].ID != jayden || len(found[0].Reps) != 1 {
		t.Fatalf("FindCasePersons = %+v, %v; want Jayden with his mother", found, err)
	}
	mother := found[0].Reps[0]
	c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden,
		RepresentativeID: mother.ID, Summary: "Moeder vraagt welke gegevens over Jayden worden verwerkt en wie ze heeft gekregen."}
	if err := d.db.RegisterCase(cora, &c); err != nil {
		t.Fatalf("RegisterCase: %v", err)
	}
	if c.DeadlineDays != 28 || c.DueOn != "2026-12-18" || c.Status != ga.CaseReceived {
		t.Errorf("registered case: term %d, due %s, status %s; want 28, 2026-12-18, ontvangen", c.DeadlineDays, c.DueOn, c.Status)
	}
	if err := d.db.DecideCase(cora, c.ID, "toegewezen", "x"); !ga.IsKind(err, ga.KindConflict) {
		t.Errorf("deciding before the identity check: %v, want conflict", err)
	}
	if err := d.db.RecordIdentityCheck(cora, c.ID, ga.IdentityCheck{Method: "Moeder toonde haar identiteitsbewijs en het gezagsregister is geraadpleegd.", CheckedOn: "2026-11-23"}); err != nil {
		t.Fatalf("RecordIdentityCheck: %v", err)
	}
	police := d.itemID("politie-jayden")
	motivation := "Dit gegeven hoort bij een lopend politieonderzoek; inzage zou dat onderzoek schaden."
	if err := d.db.WithholdItem(cora, c.ID, ga.Withholding{ItemID: police, Ground: "f", Motivation: motivation}); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("withholding on a ground outside a–e: %v, want invalid", err)
	}
	if err := d.db.WithholdItem(cora, c.ID, ga.Withholding{ItemID: d.itemID("politie-mohamed"), Ground: ga.WithholdCrime, Motivation: motivation}); !ga.IsKind(err, ga.KindInvalid) {
		t.Errorf("withholding another person's item: %v, want invalid", err)
	}
	if err := d.db.WithholdItem(cora, c.ID, ga.Withholding{ItemID: police, Ground: ga.WithholdCrime, Motivation: motivation}); err != nil {
		t.Fatalf("WithholdItem: %v", err)
	}

	// What the logs say before compiling: every partner that acted in a
	// trace that processed Jayden's data, and per item the partners other
	// than its source whose audit lines name it.
	sys := systemCtx()
	names := map[string]string{}
	partners, err := d.db.Partners(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range partners {
		names[p.ID] = p.Name
	}
	wantRecipients := map[string]bool{}
	lines, err := d.db.ProcessingEntries(sys, storage.ProcessingFilter{DataSubjectID: jaydenPs, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	traces := map[string]bool{}
	for _, l := range lines {
		traces[l.TraceID] = true
	}
	itemReceipts := map[string]map[string]bool{}
	for trace := range traces {
		audit, err := d.db.AuditEntries(sys, storage.AuditFilter{TraceID: trace, Limit: storage.MaxLogPage})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range audit {
			if a.PartnerID == "" || a.Result != ga.ResultSuccess {
				continue
			}
			wantRecipients[names[a.PartnerID]] = true
			if a.ObjectType == "item" {
				if itemReceipts[a.ObjectID] == nil {
					itemReceipts[a.ObjectID] = map[string]bool{}
				}
				itemReceipts[a.ObjectID][names[a.PartnerID]] = true
			}
		}
	}
	if !wantRecipients["Gemeente Voorbeeldstad"] && len(wantRecipients) < 3 {
		t.Fatalf("the demo's logs record too few recipients of Jayden's data: %v", wantRecipients)
	}

	o, err := d.db.CompileAccessOverview(cora, c.ID)
	if err != nil {
		t.Fatalf("CompileAccessOverview: %v", err)
	}
	export, err := letter.AccessExport(o)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := letter.Access(o, "Uitvoeringscoördinator Groepsaanpak, Postbus 1, 1000 AA Voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the letter is not a PDF")
	}
	text := pdfText(t, pdf)
	if dir := os.Getenv("GROEPSAANPAK_LETTER_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "inzage.pdf"), pdf, 0o600)
		os.WriteFile(filepath.Join(dir, "inzage.json"), export, 0o600)
	}
	var back ga.AccessOverview
	if err := json.Unmarshal(export, &back); err != nil {
		t.Fatalf("the export is not the overview's JSON: %v", err)
	}

	if o.Addressee.Name != "Sandra Brouwer" || !strings.Contains(text, "Beste Sandra Brouwer") || !strings.Contains(text, "wettelijk vertegenwoordiger") {
		t.Errorf("the letter is not addressed to Jayden's mother as his representative")
	}
	for _, s := range allItems() {
		id := d.itemID(s.key)
		switch {
		case s.key == "politie-jayden":
			if strings.Contains(string(export), s.content) || strings.Contains(squash(text), squash(s.content)) || strings.Contains(string(export), id) {
				t.Errorf("the withheld item %s appears in the letter or the export", s.key)
			}
		case s.person == "jayden":
			i := slices.IndexFunc(back.Items, func(it ga.AccessItem) bool { return it.ID == id })
			if i < 0 {
				t.Errorf("item %s about Jayden is missing from the export", s.key)
				continue
			}
			it := back.Items[i]
			if it.Content != s.content || it.Category != s.category || it.Source == "" || it.Purpose == "" || it.LegalGround != s.ground {
				t.Errorf("item %s in the export: %+v", s.key, it)
			}
			for _, want := range []string{s.content, s.category, it.Source} {
				if !strings.Contains(squash(text), squash(want)) {
					t.Errorf("the letter lacks %q of item %s", want, s.key)
				}
			}
			for partner := range itemReceipts[id] {
				if partner == it.Source {
					continue
				}
				if !slices.ContainsFunc(it.Recipients, func(r ga.AccessReceipt) bool { return r.Partner == partner }) {
					t.Errorf("item %s: recipient %s from the logs is missing; recipients %v", s.key, partner, it.Recipients)
				}
			}
		default:
			if strings.Contains(string(export), s.content) || strings.Contains(squash(text), squash(s.content)) {
				t.Errorf("item %s, not about Jayden, appears in the letter or the export", s.key)
			}
		}
	}
	i := slices.IndexFunc(back.Items, func(it ga.AccessItem) bool { return it.ID == leerplicht })
	if i < 0 || !slices.ContainsFunc(back.Items[i].Recipients, func(r ga.AccessReceipt) bool { return r.Partner == names[d.partnerOf("sander")] }) {
		t.Errorf("the school's reading of the leerplicht item is not among its recipients")
	}
	if len(back.Withheld) != 1 || back.Withheld[0].Ground != ga.WithholdCrime || back.Withheld[0].Motivation != motivation {
		t.Errorf("withheld items in the export: %+v", back.Withheld)
	}
	if !strings.Contains(text, motivation) || !strings.Contains(text, ga.WithholdCrime.Label()) {
		t.Errorf("the letter lacks the ground and motivation of the withheld item")
	}
	for name := range wantRecipients {
		if !slices.ContainsFunc(back.Recipients, func(r ga.AccessReceipt) bool { return r.Partner == name }) || !strings.Contains(text, name) {
			t.Errorf("recipient %s from the logs is missing from the overview or the letter", name)
		}
	}
	if len(back.Memberships) != 1 || back.Memberships[0].Group != "Groep Stationsplein" || !strings.Contains(text, "Groep Stationsplein") {
		t.Errorf("memberships: %+v", back.Memberships)
	}
	for _, p := range slices.Concat(persons, recruits) {
		if p.key == "jayden" {
			continue
		}
		if strings.Contains(string(export), p.name) || strings.Contains(text, p.name) {
			t.Errorf("another person, %s, appears in Jayden's overview", p.name)
		}
		for _, r := range p.reps {
			if strings.Contains(string(export), r.Name) || strings.Contains(text, r.Name) {
				t.Errorf("another person's representative, %s, appears in Jayden's overview", r.Name)
			}
		}
	}
	for _, want := range []string{"Waarom hebben wij deze gegevens?", "Wat kunt u doen?", "Autoriteit Persoonsgegevens", "klachtencommissie", "Hoe lang bewaren wij de gegevens?"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}

	// Compiling wrote the processing log for Jayden and his mother, and an
	// audit line by the coordinator.
	after, err := d.db.ProcessingEntries(sys, storage.ProcessingFilter{DataSubjectID: jaydenPs, Start: lines[len(lines)-1].Index + 1, Limit: storage.MaxLogPage})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(after, func(e storage.ProcessingEntry) bool { return e.Name == ga.ProcAccessCompile }) {
		t.Errorf("no processing line %s for Jayden after compiling", ga.ProcAccessCompile)
	}
	var motherPs string
	if err := d.db.SQL().QueryRow(`SELECT pseudonym FROM representatives WHERE id = $1`, mother.ID).Scan(&motherPs); err != nil {
		t.Fatal(err)
	}
	ml, err := d.db.ProcessingEntries(sys, storage.ProcessingFilter{DataSubjectID: motherPs, Limit: storage.MaxLogPage})
	if err != nil || !slices.ContainsFunc(ml, func(e storage.ProcessingEntry) bool { return e.Name == ga.ProcAccessCompile }) {
		t.Errorf("no processing line for the mother to whom the letter goes: %v", err)
	}
	audit, err := d.db.AuditEntries(sys, storage.AuditFilter{Action: "access_compile", ObjectID: c.ID})
	if err != nil || len(audit) != 1 || audit[0].PartnerID != d.partnerOf("cora") {
		t.Errorf("audit of the compilation: %+v, %v", audit, err)
	}

	if err := d.db.DecideCase(cora, c.ID, "toegewezen", "Overzicht verstrekt; één gegeven geweigerd op grond b."); err != nil {
		t.Fatalf("DecideCase: %v", err)
	}
	open, err := d.db.RightsCases(cora, storage.CaseFilter{OpenOnly: true})
	if err != nil || len(open) != 0 {
		t.Errorf("open cases after the decision: %+v, %v", open, err)
	}
	if rep, err := d.db.VerifyLogs(context.Background()); err != nil || !rep.OK() {
		t.Errorf("the logs do not verify: %v %v", rep, err)
	}
}

// partnerOf returns the partner id of the demo user with the key.
func (d *demo) partnerOf(key string) string {
	d.t.Helper()
	return ga.ActorFrom(d.as(key)).PartnerID
}
