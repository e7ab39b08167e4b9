package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// incidentWorld has three partners and users in every position the
// incident policy distinguishes.
type incidentWorld struct {
	*fixture
	gemeente, politie, school, om                 *ga.Partner
	reporter, colleague, schoolPO, policePO, omPO context.Context
	coordinator, admin                            context.Context
	reporterID, policePOID                        string
}

func newIncidentWorld(t *testing.T) *incidentWorld {
	f := newFixture(t)
	w := &incidentWorld{fixture: f}
	w.gemeente = f.mustPartner(ga.KindGemeente, "Gemeente Teststad")
	w.politie = f.mustPartner(ga.KindPolitie, "Politie Eenheid Test")
	w.school = f.mustPartner(ga.KindSchool, "Testcollege")
	w.om = f.mustPartner(ga.KindOM, "Parket Test")
	rep := f.mustAccount(w.school, ga.RoleProfessional)
	w.reporterID = rep.ID
	w.reporter = f.actingAs(rep.ID)
	w.colleague = f.mustUser(w.school, ga.RoleProfessional)
	w.schoolPO = f.mustUser(w.school, ga.RolePrivacyOfficer)
	po := f.mustAccount(w.politie, ga.RolePrivacyOfficer)
	w.policePOID = po.ID
	w.policePO = f.actingAs(po.ID)
	w.omPO = f.mustUser(w.om, ga.RolePrivacyOfficer)
	w.coordinator = f.mustUser(w.gemeente, ga.RoleCoordinator)
	w.admin = f.mustUser(w.gemeente, ga.RoleAdmin)
	return w
}

func testIncident(aware time.Time, partners ...*ga.Partner) *ga.Incident {
	i := &ga.Incident{
		Title: "USB-stick met groepsoverzicht verloren", Nature: "Verlies van een onversleutelde USB-stick met een export van een groepsoverzicht.",
		ContactPoint: "Privacyfunctionaris Testcollege, 010-1234567", RecommendedMeasures: "Extra alertheid op benadering van de jongeren.",
		Consequences: "Mogelijk inzage door onbevoegden; export-rechten zijn ingetrokken.", PersonalData: true, AwareAt: aware,
	}
	for _, p := range partners {
		i.PartnerIDs = append(i.PartnerIDs, p.ID)
	}
	return i
}

func TestIncidentLifecycle(t *testing.T) {
	w := newIncidentWorld(t)
	aware := w.clock.Now().Add(-2 * time.Hour)
	inc := testIncident(aware, w.politie, w.school)
	if err := w.db.ReportIncident(w.reporter, inc); err != nil {
		t.Fatalf("report: %v", err)
	}
	if inc.ReportingPartnerID != w.school.ID || inc.ReportedBy != w.reporterID || inc.Status != ga.IncidentReported {
		t.Errorf("reported incident = %+v", inc)
	}
	if !slices.Equal(inc.PartnerIDs, []string{w.politie.ID}) {
		t.Errorf("partners concerned %v, want only the police (the reporting partner is not notified of its own report)", inc.PartnerIDs)
	}
	if len(w.auditLines("incident_report", inc.ID)) != 1 {
		t.Error("report not audited")
	}

	t.Run("who sees it", func(t *testing.T) {
		for name, tc := range map[string]struct {
			ctx  context.Context
			sees bool
		}{
			"reporter": {w.reporter, true}, "colleague of the reporter": {w.colleague, false},
			"privacy officer of the reporting partner": {w.schoolPO, true}, "privacy officer concerned": {w.policePO, true},
			"privacy officer not concerned": {w.omPO, false}, "coordinator": {w.coordinator, true}, "admin": {w.admin, false},
		} {
			_, err := w.db.Incident(tc.ctx, inc.ID)
			if tc.sees && err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if !tc.sees {
				if !ga.IsKind(err, ga.KindNotFound) {
					t.Errorf("%s: got %v, want not found", name, err)
				}
				list, err := w.db.Incidents(tc.ctx)
				if err != nil || len(list) != 0 {
					t.Errorf("%s lists %d incidents (%v), want none", name, len(list), err)
				}
			}
		}
		_, unknown := w.db.Incident(w.omPO, storage.NewID())
		_, hidden := w.db.Incident(w.omPO, inc.ID)
		if unknown.Error() != hidden.Error() {
			t.Errorf("hidden %q and unknown %q answer differently", hidden, unknown)
		}
	})

	t.Run("the partner concerned is notified and acknowledges", func(t *testing.T) {
		open, err := w.db.UnacknowledgedIncidents(w.policePO)
		if err != nil || len(open) != 1 || open[0].ID != inc.ID {
			t.Fatalf("police privacy officer's notices = %v, %v", open, err)
		}
		if open, _ := w.db.UnacknowledgedIncidents(w.schoolPO); len(open) != 0 {
			t.Errorf("reporting partner has %d notices", len(open))
		}
		_, err = w.db.AcknowledgeIncident(w.coordinator, inc.ID)
		wantKind(t, err, ga.KindForbidden)
		got, err := w.db.AcknowledgeIncident(w.policePO, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := got.Notifications[0]; n.AcknowledgedAt == nil || n.AcknowledgedBy != w.policePOID {
			t.Errorf("notification after acknowledgement = %+v", n)
		}
		if open, _ := w.db.UnacknowledgedIncidents(w.policePO); len(open) != 0 {
			t.Errorf("still %d notices after acknowledgement", len(open))
		}
	})

	t.Run("only handlers decide", func(t *testing.T) {
		d := ga.APDecision{Notify: false, Reasoning: "r"}
		_, err := w.db.DecideAPNotification(w.reporter, inc.ID, d)
		wantKind(t, err, ga.KindForbidden)
		_, err = w.db.DecideAPNotification(w.omPO, inc.ID, d)
		wantKind(t, err, ga.KindNotFound)
		if len(w.auditLines("incident_ap_decision", inc.ID)) != 2 {
			t.Error("refused decisions are not audited")
		}
	})

	t.Run("the 72-hour clock and the AP decision", func(t *testing.T) {
		w.clock.Advance(75 * time.Hour)
		notified := aware.Add(73 * time.Hour)
		d := ga.APDecision{Notify: true, Reasoning: "Risico voor minderjarigen.", NotifiedAt: &notified, Reference: "AP-2026-123"}
		_, err := w.db.DecideAPNotification(w.schoolPO, inc.ID, d)
		wantKind(t, err, ga.KindInvalid)
		if names := detailNames(err); !slices.Equal(names, []string{"redenVertraging"}) {
			t.Errorf("invalid %v, want redenVertraging", names)
		}
		d.DelayReason = "Omvang pas na onderzoek bekend."
		got, err := w.db.DecideAPNotification(w.schoolPO, inc.ID, d)
		if err != nil {
			t.Fatal(err)
		}
		if got.AP == nil || !got.AP.Notify || !got.AP.NotifiedAt.Equal(notified) || !got.AP.DecidedAt.Equal(w.db.Now()) || got.Status != ga.IncidentInProgress {
			t.Errorf("after decision: %+v %+v", got, got.AP)
		}
		if c := got.APClock(w.clock.Now()); c.State != ga.ClockMetLate || !c.Deadline.Equal(aware.Add(72*time.Hour)) {
			t.Errorf("clock %+v", c)
		}
		_, err = w.db.DecideAPNotification(w.coordinator, inc.ID, d)
		wantKind(t, err, ga.KindConflict)
	})

	t.Run("steps, data subjects and closing", func(t *testing.T) {
		_, err := w.db.CloseIncident(w.coordinator, inc.ID)
		wantKind(t, err, ga.KindConflict)
		if names := detailNames(err); !slices.Equal(names, []string{"besluitBetrokkenen"}) {
			t.Errorf("close refused for %v", names)
		}
		_, err = w.db.AddIncidentStep(w.policePO, inc.ID, ga.IncidentStep{Kind: "koffie", Description: "x"})
		wantKind(t, err, ga.KindInvalid)
		if _, err := w.db.AddIncidentStep(w.policePO, inc.ID, ga.IncidentStep{Kind: ga.StepInvestigation, Description: "Camerabeelden bekeken."}); err != nil {
			t.Fatal(err)
		}
		got, err := w.db.DecideSubjects(w.schoolPO, inc.ID, ga.SubjectsDecision{Inform: true, Reasoning: "Hoog risico voor minderjarigen."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Subjects == nil || !got.Subjects.Inform || len(got.Steps) != 1 || got.Steps[0].RecordedBy == "" {
			t.Errorf("after decision: subjects %+v steps %+v", got.Subjects, got.Steps)
		}
		got, err = w.db.CloseIncident(w.coordinator, inc.ID)
		if err != nil || got.Status != ga.IncidentClosed || got.ClosedAt == nil {
			t.Fatalf("close: %+v, %v", got, err)
		}
		_, err = w.db.AddIncidentStep(w.coordinator, inc.ID, ga.IncidentStep{Kind: ga.StepRecovery, Description: "x"})
		wantKind(t, err, ga.KindConflict)
		// A closed incident stays in the register.
		list, err := w.db.Incidents(w.policePO)
		if err != nil || len(list) != 1 || list[0].ID != inc.ID || list[0].Status != ga.IncidentClosed {
			t.Errorf("register after closing = %v, %v", list, err)
		}
	})

	t.Run("reporting validates", func(t *testing.T) {
		bad := testIncident(w.clock.Now().Add(time.Hour))
		bad.Nature = ""
		err := w.db.ReportIncident(w.colleague, bad)
		wantKind(t, err, ga.KindInvalid)
		if names := detailNames(err); !slices.Equal(names, []string{"aard", "bekendSinds"}) {
			t.Errorf("invalid %v", names)
		}
		unknown := testIncident(w.clock.Now())
		unknown.PartnerIDs = []string{storage.NewID()}
		wantKind(t, w.db.ReportIncident(w.colleague, unknown), ga.KindInvalid)
		wantKind(t, w.db.ReportIncident(context.Background(), testIncident(w.clock.Now())), ga.KindUnauthenticated)
	})
}

func signalIncidents(t *testing.T, f *fixture, kind ga.SignalKind) []ga.Incident {
	t.Helper()
	all, err := f.db.Incidents(f.sys)
	if err != nil {
		t.Fatal(err)
	}
	var out []ga.Incident
	for _, i := range all {
		if i.Signal == kind {
			out = append(out, i)
		}
	}
	return out
}

func TestSignalFailedLogins(t *testing.T) {
	w := newIncidentWorld(t)
	u := w.mustAccount(w.politie, ga.RoleProfessional)
	for k := 0; k < 9; k++ {
		w.clock.Advance(2 * time.Minute)
		if _, err := w.db.Login(context.Background(), u.Email, "fout wachtwoord", "198.51.100.7"); err == nil {
			t.Fatal("login with a wrong password succeeded")
		}
	}
	if got := signalIncidents(t, w.fixture, ga.SignalFailedLogins); len(got) != 0 {
		t.Fatalf("%d incidents before the account locks", len(got))
	}
	w.clock.Advance(2 * time.Minute)
	w.db.Login(context.Background(), u.Email, "fout wachtwoord", "198.51.100.7")
	got := signalIncidents(t, w.fixture, ga.SignalFailedLogins)
	if len(got) != 1 {
		t.Fatalf("%d incidents after the lock, want 1", len(got))
	}
	i := got[0]
	if !slices.Equal(i.PartnerIDs, []string{w.politie.ID}) || !strings.Contains(i.Evidence, u.ID) || !strings.Contains(i.Evidence, "198.51.100.7") ||
		!strings.Contains(i.Evidence, "mislukte pogingen op rij: 10") || strings.Contains(i.Evidence, u.Email) {
		t.Errorf("incident %+v", i)
	}
	// The police's privacy officer sees it; the one of the OM does not.
	if _, err := w.db.Incident(w.policePO, i.ID); err != nil {
		t.Errorf("privacy officer concerned: %v", err)
	}
	if _, err := w.db.Incident(w.omPO, i.ID); !ga.IsKind(err, ga.KindNotFound) {
		t.Errorf("other privacy officer: %v", err)
	}
}

func TestSignalRevokedToken(t *testing.T) {
	w := newIncidentWorld(t)
	u := w.mustAccount(w.school, ga.RoleProfessional)
	plain, tok, err := w.db.CreateToken(w.sys, u.ID, "koppeling", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.AuthenticateToken(context.Background(), plain, "203.0.113.5"); err != nil {
		t.Fatal(err)
	}
	if got := signalIncidents(t, w.fixture, ga.SignalRevokedToken); len(got) != 0 {
		t.Fatalf("%d incidents for a valid token", len(got))
	}
	if err := w.db.RevokeToken(w.sys, tok.ID); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		w.clock.Advance(time.Minute)
		if _, err := w.db.AuthenticateToken(context.Background(), plain, "203.0.113.5"); !ga.IsKind(err, ga.KindUnauthenticated) {
			t.Fatalf("revoked token: %v", err)
		}
	}
	got := signalIncidents(t, w.fixture, ga.SignalRevokedToken)
	if len(got) != 1 {
		t.Fatalf("%d incidents, want one for the token", len(got))
	}
	i := got[0]
	if !slices.Equal(i.PartnerIDs, []string{w.school.ID}) || !strings.Contains(i.Evidence, tok.ID) || !strings.Contains(i.Evidence, "203.0.113.5") {
		t.Errorf("incident %+v", i)
	}
	if len(i.Steps) != 1 || i.Steps[0].Kind != ga.StepRecurrence {
		t.Errorf("the second use should add a recurrence step: %+v", i.Steps)
	}
}

func TestSignalLogVerification(t *testing.T) {
	w := newIncidentWorld(t)
	if r, err := w.db.VerifyLogs(w.sys); err != nil || !r.OK() {
		t.Fatalf("verify before tampering: %v %v", r, err)
	}
	if got := signalIncidents(t, w.fixture, ga.SignalLogVerification); len(got) != 0 {
		t.Fatalf("%d incidents for intact logs", len(got))
	}
	mustExec(t, w.db, `UPDATE log_entries SET user_id = 'iemand-anders' WHERE log = 'audit' AND idx = 2`)
	r, err := w.db.VerifyLogs(w.sys)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() {
		t.Fatal("tampered log verified")
	}
	got := signalIncidents(t, w.fixture, ga.SignalLogVerification)
	if len(got) != 1 {
		t.Fatalf("%d incidents, want 1", len(got))
	}
	i := got[0]
	if len(i.PartnerIDs) != 4 || !strings.Contains(i.Evidence, "logboek: audit") || !strings.Contains(i.Evidence, "eerste onbetrouwbare regel: 2") {
		t.Errorf("incident %+v", i)
	}
	for _, ctx := range []context.Context{w.policePO, w.omPO, w.schoolPO, w.coordinator} {
		if _, err := w.db.Incident(ctx, i.ID); err != nil {
			t.Errorf("every privacy officer and the coordinator see it: %v", err)
		}
	}
}

// reads writes n processing lines for a user's read action at the clock's
// time, as a listing of n persons would.
func reads(t *testing.T, f *fixture, ctx context.Context, action string, n int) {
	t.Helper()
	err := f.db.Transact(ctx, func(tx *storage.Tx) error {
		tx.Audit(action, "person", "", ga.ResultSuccess, "")
		for k := range n {
			tx.Processed(ga.ProcessingRecord{Name: "persoon_raadplegen", ProcessingActivityID: "pa", DataSubjectID: fmt.Sprintf("ds-%d", k), DataSubjectIDType: "pseudoniem"})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSignalReadVolume(t *testing.T) {
	w := newIncidentWorld(t)
	rule := ga.ReadVolumeRule{HistoryDays: 7, Factor: 3, MinReads: 100}
	reader := w.mustAccount(w.politie, ga.RoleProfessional)
	writer := w.mustAccount(w.school, ga.RoleProfessional)
	quiet := w.mustAccount(w.om, ga.RoleProfessional)
	rctx, wctx, qctx := w.actingAs(reader.ID), w.actingAs(writer.ID), w.actingAs(quiet.ID)
	// Two weeks around the change to summer time on 29 March 2026: the
	// reader reads 50 records a day for six days, the writer writes.
	day0 := time.Date(2026, 3, 24, 10, 0, 0, 0, ga.Amsterdam)
	for d := range 6 {
		w.clock.Set(day0.AddDate(0, 0, d))
		reads(t, w.fixture, rctx, "person_list", 50)
		reads(t, w.fixture, wctx, "person_update", 400)
	}
	today := day0.AddDate(0, 0, 6) // 30 March, after the change
	w.clock.Set(today)
	reads(t, w.fixture, rctx, "person_list", 150)
	reads(t, w.fixture, wctx, "person_update", 1000)
	reads(t, w.fixture, qctx, "item_read", 99)
	// Late in the evening, still the same Amsterdam day but the next UTC
	// day on neither side: 23:30 CEST is 21:30 UTC.
	w.clock.Set(time.Date(2026, 3, 30, 23, 30, 0, 0, ga.Amsterdam))
	sys := w.sys
	opened, err := w.db.CheckReadVolume(sys, rule, "2026-03-30")
	if err != nil {
		t.Fatal(err)
	}
	if len(opened) != 0 {
		t.Fatalf("150 reads against a peak of 50 (exactly three times) opened %d incidents", len(opened))
	}
	reads(t, w.fixture, rctx, "meeting_view", 1)
	reads(t, w.fixture, qctx, "item_read", 1) // 100 reads without history: at the minimum, and unusual
	opened, err = w.db.CheckReadVolume(sys, rule, "2026-03-30")
	if err != nil {
		t.Fatal(err)
	}
	if len(opened) != 2 {
		t.Fatalf("opened %d incidents, want the reader's and the quiet user's", len(opened))
	}
	got := signalIncidents(t, w.fixture, ga.SignalReadVolume)
	evid := map[string]ga.Incident{}
	for _, i := range got {
		for _, u := range []string{reader.ID, quiet.ID, writer.ID} {
			if strings.Contains(i.Evidence, u) {
				evid[u] = i
			}
		}
	}
	if i, ok := evid[reader.ID]; !ok || !strings.Contains(i.Evidence, "raadplegingen (regels verwerkingslogboek): 151") ||
		!strings.Contains(i.Evidence, ": 50\n") || !slices.Equal(i.PartnerIDs, []string{w.politie.ID}) {
		t.Errorf("reader's incident: %+v", i)
	}
	if _, ok := evid[writer.ID]; ok {
		t.Error("writes counted as reads")
	}
	// Once per user and day.
	if again, err := w.db.CheckReadVolume(sys, rule, "2026-03-30"); err != nil || len(again) != 0 {
		t.Errorf("second check opened %v (%v)", again, err)
	}
	if _, err := w.db.CheckReadVolume(rctx, rule, "2026-03-30"); !ga.IsKind(err, ga.KindForbidden) {
		t.Errorf("a user ran the check: %v", err)
	}
}
