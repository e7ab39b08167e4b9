package groepsaanpak

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAPDeadlineAcrossDST checks the 72-hour clock against an injected
// clock: the deadline is 72 elapsed hours after awareness, so across the
// change to summer time it shows one hour later on the Amsterdam wall clock
// and across the change to winter time one hour earlier.
func TestAPDeadlineAcrossDST(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, Amsterdam)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name      string
		aware     string // Amsterdam wall clock
		deadline  string // Amsterdam wall clock
		now       string
		state     ClockState
		remaining time.Duration
	}{
		{"winter, no change", "2026-01-12 09:00", "2026-01-15 09:00", "2026-01-13 09:00", ClockRunning, 48 * time.Hour},
		{"summer, no change", "2026-07-01 23:30", "2026-07-04 23:30", "2026-07-04 23:30", ClockRunning, 0},
		{"into summer time", "2026-03-27 14:00", "2026-03-30 15:00", "2026-03-30 14:30", ClockRunning, 30 * time.Minute},
		{"into summer time, on the night itself", "2026-03-29 01:30", "2026-04-01 02:30", "2026-03-29 03:30", ClockRunning, 71 * time.Hour},
		{"into winter time", "2026-10-23 14:00", "2026-10-26 13:00", "2026-10-26 13:30", ClockExpired, -30 * time.Minute},
		{"into winter time, on the night itself", "2026-10-25 01:30", "2026-10-28 00:30", "2026-10-28 00:31", ClockExpired, -time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := Incident{PersonalData: true, AwareAt: at(tt.aware).UTC()}
			if got := i.Deadline().In(Amsterdam).Format("2006-01-02 15:04"); got != tt.deadline {
				t.Errorf("deadline %s, want %s", got, tt.deadline)
			}
			if d := i.Deadline().Sub(i.AwareAt); d != 72*time.Hour {
				t.Errorf("deadline %v after awareness, want 72h", d)
			}
			c := i.APClock(at(tt.now))
			if c.State != tt.state || c.Remaining != tt.remaining {
				t.Errorf("clock at %s: %s, %v; want %s, %v", tt.now, c.State, c.Remaining, tt.state, tt.remaining)
			}
		})
	}
}

func TestAPClockDecisions(t *testing.T) {
	aware := time.Date(2026, 3, 27, 13, 0, 0, 0, time.UTC)
	deadline := aware.Add(72 * time.Hour)
	ptr := func(t time.Time) *time.Time { return &t }
	tests := []struct {
		name string
		inc  Incident
		now  time.Time
		want ClockState
	}{
		{"no breach", Incident{AwareAt: aware}, deadline.Add(time.Hour), ClockNotApplicable},
		{"notified in time, recorded late", Incident{PersonalData: true, AwareAt: aware,
			AP: &APDecision{Notify: true, NotifiedAt: ptr(deadline), DecidedAt: deadline.Add(24 * time.Hour)}}, deadline.Add(48 * time.Hour), ClockMetInTime},
		{"notified late", Incident{PersonalData: true, AwareAt: aware,
			AP: &APDecision{Notify: true, NotifiedAt: ptr(deadline.Add(time.Second)), DecidedAt: deadline.Add(time.Second)}}, deadline.Add(48 * time.Hour), ClockMetLate},
		{"not notifying, decided in time", Incident{PersonalData: true, AwareAt: aware,
			AP: &APDecision{DecidedAt: aware.Add(time.Hour)}}, deadline.Add(48 * time.Hour), ClockMetInTime},
		{"not notifying, decided late", Incident{PersonalData: true, AwareAt: aware,
			AP: &APDecision{DecidedAt: deadline.Add(time.Minute)}}, deadline.Add(48 * time.Hour), ClockMetLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.inc.APClock(tt.now).State; got != tt.want {
				t.Errorf("clock %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAPDecisionValidate(t *testing.T) {
	aware := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	inc := Incident{PersonalData: true, AwareAt: aware}
	ptr := func(t time.Time) *time.Time { return &t }
	tests := []struct {
		name    string
		inc     Incident
		d       APDecision
		now     time.Time
		invalid []string
	}{
		{"notify in time", inc, APDecision{Notify: true, Reasoning: "Risico voor betrokkenen.", NotifiedAt: ptr(aware.Add(10 * time.Hour))}, aware.Add(11 * time.Hour), nil},
		{"notify without moment", inc, APDecision{Notify: true, Reasoning: "r"}, aware.Add(time.Hour), []string{"gemeldBijAPOp"}},
		{"notify before awareness", inc, APDecision{Notify: true, Reasoning: "r", NotifiedAt: ptr(aware.Add(-time.Hour))}, aware.Add(time.Hour), []string{"gemeldBijAPOp"}},
		{"notify in the future", inc, APDecision{Notify: true, Reasoning: "r", NotifiedAt: ptr(aware.Add(2 * time.Hour))}, aware.Add(time.Hour), []string{"gemeldBijAPOp"}},
		{"notified late without reasons", inc, APDecision{Notify: true, Reasoning: "r", NotifiedAt: ptr(aware.Add(73 * time.Hour))}, aware.Add(80 * time.Hour), []string{"redenVertraging"}},
		{"notified late with reasons", inc, APDecision{Notify: true, Reasoning: "r", NotifiedAt: ptr(aware.Add(73 * time.Hour)), DelayReason: "Omvang pas na onderzoek bekend."}, aware.Add(80 * time.Hour), nil},
		{"notified in time, recorded late", inc, APDecision{Notify: true, Reasoning: "r", NotifiedAt: ptr(aware.Add(70 * time.Hour))}, aware.Add(80 * time.Hour), nil},
		{"not notifying in time", inc, APDecision{Reasoning: "Geen risico: versleutelde laptop."}, aware.Add(time.Hour), nil},
		{"not notifying without reasoning", inc, APDecision{}, aware.Add(time.Hour), []string{"motivering"}},
		{"not notifying, late, no reasons", inc, APDecision{Reasoning: "r"}, aware.Add(73 * time.Hour), []string{"redenVertraging"}},
		{"not notifying with a moment", inc, APDecision{Reasoning: "r", NotifiedAt: ptr(aware)}, aware.Add(time.Hour), []string{"gemeldBijAPOp"}},
		{"not a breach", Incident{AwareAt: aware}, APDecision{Reasoning: "r"}, aware.Add(time.Hour), []string{"datalek"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInvalid(t, tt.d.Validate(tt.inc, tt.now), tt.invalid)
		})
	}
}

func TestSubjectsDecisionValidate(t *testing.T) {
	aware := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	inc := Incident{PersonalData: true, AwareAt: aware}
	now := aware.Add(24 * time.Hour)
	ptr := func(t time.Time) *time.Time { return &t }
	tests := []struct {
		name    string
		d       SubjectsDecision
		invalid []string
	}{
		{"inform", SubjectsDecision{Inform: true, Reasoning: "Hoog risico.", InformedAt: ptr(aware.Add(time.Hour))}, nil},
		{"inform, not yet done", SubjectsDecision{Inform: true, Reasoning: "Hoog risico."}, nil},
		{"inform with exception", SubjectsDecision{Inform: true, Reasoning: "r", Exception: NoHighRisk}, []string{"uitzondering"}},
		{"not informing on a ground", SubjectsDecision{Reasoning: "Versleuteld.", Exception: ExceptionUnintelligible}, nil},
		{"not informing without a ground", SubjectsDecision{Reasoning: "r"}, []string{"uitzondering"}},
		{"not informing, unknown ground", SubjectsDecision{Reasoning: "r", Exception: "anders"}, []string{"uitzondering"}},
		{"no reasoning", SubjectsDecision{Exception: NoHighRisk}, []string{"motivering"}},
		{"informed in the future", SubjectsDecision{Inform: true, Reasoning: "r", InformedAt: ptr(now.Add(time.Hour))}, []string{"geinformeerdOp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInvalid(t, tt.d.Validate(inc, now), tt.invalid)
		})
	}
}

func TestIncidentValidateReport(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	ok := Incident{Title: "Laptop kwijt", Nature: "Verlies van een laptop.", ContactPoint: "Privacyfunctionaris, 0201234567",
		RecommendedMeasures: "Wachtwoorden wijzigen.", Consequences: "Onbekend; laptop versleuteld.", AwareAt: now.Add(-time.Hour)}
	tests := []struct {
		name    string
		edit    func(*Incident)
		invalid []string
	}{
		{"complete", func(*Incident) {}, nil},
		{"no fields", func(i *Incident) { *i = Incident{} }, []string{"titel", "aard", "informatiepunt", "aanbevolenMaatregelen", "gevolgenEnMaatregelen", "bekendSinds"}},
		{"aware in the future", func(i *Incident) { i.AwareAt = now.Add(time.Minute) }, []string{"bekendSinds"}},
		{"long nature", func(i *Incident) { i.Nature = strings.Repeat("x", 8001) }, []string{"aard"}},
		{"empty partner", func(i *Incident) { i.PartnerIDs = []string{""} }, []string{"betrokkenPartnerIds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := ok
			tt.edit(&i)
			checkInvalid(t, i.ValidateReport(now), tt.invalid)
		})
	}
}

func TestIncidentCheckClose(t *testing.T) {
	tests := []struct {
		name    string
		inc     Incident
		kind    Kind
		missing []string
	}{
		{"security incident", Incident{Status: IncidentInProgress}, 0, nil},
		{"breach without decisions", Incident{Status: IncidentReported, PersonalData: true}, KindConflict, []string{"besluitAP", "besluitBetrokkenen"}},
		{"breach without subjects decision", Incident{Status: IncidentInProgress, PersonalData: true, AP: &APDecision{}}, KindConflict, []string{"besluitBetrokkenen"}},
		{"breach decided", Incident{Status: IncidentInProgress, PersonalData: true, AP: &APDecision{}, Subjects: &SubjectsDecision{}}, 0, nil},
		{"closed", Incident{Status: IncidentClosed}, KindConflict, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.inc.CheckClose()
			if tt.kind == 0 {
				if err != nil {
					t.Fatalf("close refused: %v", err)
				}
				return
			}
			if !IsKind(err, tt.kind) {
				t.Fatalf("got %v, want %s", err, tt.kind)
			}
			var names []string
			for _, d := range err.(*Error).Details {
				names = append(names, d.Name)
			}
			if strings.Join(names, ",") != strings.Join(tt.missing, ",") {
				t.Errorf("missing %v, want %v", names, tt.missing)
			}
		})
	}
}

func TestIncidentPolicy(t *testing.T) {
	inc := Incident{ReportedBy: "u-reporter", ReportingPartnerID: "p-school", PartnerIDs: []string{"p-politie", "p-zorg"}}
	system := Incident{Signal: SignalFailedLogins, PartnerIDs: []string{"p-zorg"}}
	users := map[string]*Actor{
		"reporter":           {UserID: "u-reporter", PartnerID: "p-school", Roles: []Role{RoleProfessional}},
		"colleague":          {UserID: "u-2", PartnerID: "p-school", Roles: []Role{RoleProfessional}},
		"school privacy":     {UserID: "u-3", PartnerID: "p-school", Roles: []Role{RolePrivacyOfficer}},
		"police privacy":     {UserID: "u-4", PartnerID: "p-politie", Roles: []Role{RolePrivacyOfficer}},
		"housing privacy":    {UserID: "u-5", PartnerID: "p-woning", Roles: []Role{RolePrivacyOfficer}},
		"coordinator":        {UserID: "u-6", PartnerID: "p-gemeente", Roles: []Role{RoleCoordinator}},
		"admin":              {UserID: "u-7", PartnerID: "p-gemeente", Roles: []Role{RoleAdmin}},
		"auditor":            {UserID: "u-8", PartnerID: "p-gemeente", Roles: []Role{RoleAuditor}},
		"police driehoek":    {UserID: "u-9", PartnerID: "p-politie", Roles: []Role{RoleDriehoek}},
		"zorg privacy":       {UserID: "u-10", PartnerID: "p-zorg", Roles: []Role{RolePrivacyOfficer}},
		"zorg professional":  {UserID: "u-11", PartnerID: "p-zorg", Roles: []Role{RoleProfessional}},
		"system":             {System: true},
		"anonymous (no one)": nil,
	}
	tests := []struct {
		user                        string
		inc                         Incident
		see, handle, ack, register_ bool
	}{
		{"reporter", inc, true, false, false, false},
		{"colleague", inc, false, false, false, false},
		{"school privacy", inc, true, true, false, true},
		{"police privacy", inc, true, true, true, true},
		{"housing privacy", inc, false, false, false, true},
		{"coordinator", inc, true, true, false, true},
		{"admin", inc, false, false, false, false},
		{"auditor", inc, false, false, false, false},
		{"police driehoek", inc, false, false, false, false},
		{"zorg privacy", system, true, true, true, true},
		{"zorg professional", system, false, false, false, false},
		{"police privacy", system, false, false, false, true},
		{"system", inc, true, true, false, true},
		{"anonymous (no one)", inc, false, false, false, false},
	}
	for _, tt := range tests {
		a := users[tt.user]
		if got := CanSeeIncident(a, tt.inc); got != tt.see {
			t.Errorf("%s: CanSeeIncident %v, want %v", tt.user, got, tt.see)
		}
		if got := CanHandleIncident(a, tt.inc); got != tt.handle {
			t.Errorf("%s: CanHandleIncident %v, want %v", tt.user, got, tt.handle)
		}
		if got := CanAcknowledgeIncident(a, tt.inc); got != tt.ack {
			t.Errorf("%s: CanAcknowledgeIncident %v, want %v", tt.user, got, tt.ack)
		}
		if got := CanExportBreachRegister(a); got != tt.register_ {
			t.Errorf("%s: CanExportBreachRegister %v, want %v", tt.user, got, tt.register_)
		}
	}
	if !CanReportIncident(users["admin"]) || !CanReportIncident(users["colleague"]) || CanReportIncident(nil) || CanReportIncident(&Actor{}) {
		t.Error("CanReportIncident: every user and the system may report, no one else")
	}
}

func TestReadVolumeRule(t *testing.T) {
	r := ReadVolumeRule{HistoryDays: 28, Factor: 3, MinReads: 200}
	tests := []struct {
		name    string
		today   int
		history []int
		want    bool
	}{
		{"no history, few reads", 50, nil, false},
		{"no history, many reads", 200, nil, true},
		{"just below the minimum", 199, nil, false},
		{"busy user, ordinary day", 300, []int{100, 120, 90}, false},
		{"busy user, three times the peak", 360, []int{100, 120, 90}, false},
		{"busy user, above three times the peak", 361, []int{100, 120, 90}, true},
		{"quiet user, large day", 250, []int{5, 0, 8}, true},
	}
	for _, tt := range tests {
		if got := r.Unusual(tt.today, tt.history); got != tt.want {
			t.Errorf("%s: Unusual(%d, %v) = %v, want %v", tt.name, tt.today, tt.history, got, tt.want)
		}
	}
}

func TestSubjectsLetter(t *testing.T) {
	i := Incident{Nature: "AARD", ContactPoint: "INFO", RecommendedMeasures: "ADVIES", Consequences: "GEVOLGEN"}
	l := SubjectsLetter(i, "Gemeente Voorbeeldstad")
	for _, want := range []string{"AARD", "INFO", "ADVIES", "GEVOLGEN", "Gemeente Voorbeeldstad", "artikel 34", "Autoriteit Persoonsgegevens"} {
		if !strings.Contains(l, want) {
			t.Errorf("letter lacks %q", want)
		}
	}
}

// checkInvalid fails unless err is KindInvalid naming exactly the fields
// in want, or nil when want is empty.
func checkInvalid(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	if !IsKind(err, KindInvalid) {
		t.Fatalf("got %v, want invalid %v", err, want)
	}
	got := map[string]bool{}
	for _, d := range err.(*Error).Details {
		got[d.Name] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("no complaint about %s in %v", w, err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("complaints %v, want %v", got, want)
	}
}

func TestWriteBreachRegisterCSV(t *testing.T) {
	aware := time.Date(2026, 3, 27, 13, 0, 0, 0, time.UTC)
	notified := aware.Add(10 * time.Hour)
	incs := []Incident{
		{ID: "i1", Title: "=HYPERLINK(\"x\")", PersonalData: true, AwareAt: aware, ReportedAt: aware, Nature: "Regel 1\nRegel 2, met komma",
			AP: &APDecision{Notify: true, NotifiedAt: &notified, Reasoning: "Risico", DecidedAt: notified}, Status: IncidentInProgress,
			Steps: []IncidentStep{{Kind: StepInvestigation, Description: "Onderzoek", RecordedAt: aware}}},
		{ID: "i2", Title: "Signaal", Signal: SignalRevokedToken, AwareAt: aware, ReportedAt: aware, Status: IncidentReported},
	}
	var b strings.Builder
	if err := WriteBreachRegisterCSV(&b, incs, aware.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(b.String()))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || len(rows[0]) != len(BreachRegisterColumns) {
		t.Fatalf("rows %d, columns %d", len(rows), len(rows[0]))
	}
	col := func(row []string, name string) string { return row[slices.Index(BreachRegisterColumns, name)] }
	if got := col(rows[1], "titel"); got != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula cell %q is not neutralised", got)
	}
	if col(rows[1], "aard") != "Regel 1\nRegel 2, met komma" || col(rows[1], "besluit_ap") != "melden" || col(rows[1], "termijn") != string(ClockMetInTime) ||
		col(rows[1], "uiterlijk_melden_ap") != "2026-03-30T13:00:00Z" || !strings.Contains(col(rows[1], "stappen"), "onderzoek: Onderzoek") {
		t.Errorf("row 1 = %q", rows[1])
	}
	if col(rows[2], "datalek") != "nee" || col(rows[2], "termijn") != string(ClockNotApplicable) || col(rows[2], "signaal") != string(SignalRevokedToken) {
		t.Errorf("row 2 = %q", rows[2])
	}
}

func TestMembershipPastRetention(t *testing.T) {
	terms := CovenantTerms{RetentionAfterMembershipMonths: 12}
	at := func(s string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", s, Amsterdam)
		return tm
	}
	tests := []struct {
		end  Date
		now  string
		want bool
	}{
		{"", "2030-01-01 00:00", false},
		{"2025-03-14", "2026-03-14 23:59", false},
		{"2025-03-14", "2026-03-15 00:00", true},
		{"2025-10-25", "2026-10-25 23:59", false}, // the night of the change to winter time
		{"2025-10-25", "2026-10-26 00:00", true},
		{"2026-03-14", "2026-03-15 00:00", false},
	}
	for _, tt := range tests {
		if got := MembershipPastRetention(tt.end, terms, at(tt.now)); got != tt.want {
			t.Errorf("ended %s, at %s: %v, want %v", tt.end, tt.now, got, tt.want)
		}
	}
	if MembershipPastRetention("2020-01-01", CovenantTerms{}, at("2030-01-01 00:00")) {
		t.Error("past retention without a period")
	}
}
