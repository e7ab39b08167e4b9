package api

import (
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

var logbookOperations = []operation{
	{
		pattern: "POST /api/v1/logboek/audit/_zoek", id: "auditlogboekZoeken", tag: tagLogbook,
		summary: "Het auditlogboek doorzoeken",
		description: "Geeft de regels van het auditlogboek (BIO 8.15) die aan de filters in de inhoud voldoen, " +
			"op volgorde van index: wie wat deed met welk object, met welk resultaat, vanaf welk adres en " +
			"wanneer. Alleen voor auditors en privacyfunctionarissen; het zoeken zelf komt ook in het " +
			"auditlogboek. Lege filters filteren niet. Een volgende pagina begint bij volgendeStartIndex.",
		body: auditSearch{}, status: http.StatusOK, result: auditPage{},
		problems: []int{http.StatusForbidden},
	},
	{
		pattern: "POST /api/v1/logboek/verwerkingen/_zoek", id: "verwerkingenlogboekZoeken", tag: tagLogbook,
		summary: "Het verwerkingenlogboek doorzoeken",
		description: "Geeft de regels van het verwerkingenlogboek (Logboek Dataverwerkingen) die aan de filters " +
			"voldoen, op volgorde van index. Filteren op betrokkeneId is de leesuitbreiding van de standaard: " +
			"welke verwerkingen betroffen deze betrokkene. Die identificatie staat daarom in de inhoud van het " +
			"verzoek, nooit in de URL. Alleen voor auditors en privacyfunctionarissen; het zoeken zelf komt in " +
			"het auditlogboek.",
		body: processingSearch{}, status: http.StatusOK, result: processingPage{},
		problems: []int{http.StatusForbidden},
	},
	{
		pattern: "GET /api/v1/logboek/controle", id: "logboekenControleren", tag: tagLogbook,
		summary: "De logboeken controleren",
		description: "Controleert het auditlogboek en het verwerkingenlogboek van begin tot eind: elke regel, " +
			"elke opgeslagen hash en elk ondertekend controlepunt. Een wijziging, verwijdering, invoeging of " +
			"andere volgorde van regels wordt gevonden en is een beveiligingsincident (BIO 8.15.05). Alleen " +
			"voor auditors en privacyfunctionarissen.",
		status: http.StatusOK, result: logVerification{}, problems: []int{http.StatusForbidden},
	},
}

// logSearch holds what both log searches share: the time range and the
// pagination cursor.
type logSearch struct {
	From       *time.Time `json:"vanaf,omitempty"`
	Until      *time.Time `json:"tot,omitempty"`
	TraceID    string     `json:"traceId,omitempty"`
	StartIndex int64      `json:"startIndex,omitempty"`
	Limit      int        `json:"aantal,omitempty"`
}

// validate checks the range and the page; storage would clamp a page that
// is too large, but a client should learn that it asked for too much.
func (f logSearch) validate() error {
	var v ga.Invalid
	// A time outside the years 1 to 9999 in UTC has no place in the logs,
	// and SQLite, which compares times as text, found nothing before a
	// "tot" in the year 10000 where PostgreSQL found every line.
	for name, t := range map[string]*time.Time{"vanaf": f.From, "tot": f.Until} {
		if t != nil && (t.UTC().Year() < 1 || t.UTC().Year() > 9999) {
			v.Add(name, "Geef een tijdstip tussen de jaren 1 en 9999 (UTC).")
		}
	}
	if f.From != nil && f.Until != nil && !f.From.Before(*f.Until) {
		v.Add("tot", "Het einde van de periode moet na het begin liggen.")
	}
	if f.StartIndex < 0 {
		v.Add("startIndex", "De startindex is 0 of meer.")
	}
	if f.Limit < 0 || f.Limit > storage.MaxLogPage {
		v.Add("aantal", "Vraag 1 tot en met 500 regels per keer (0 of weglaten: 100).")
	}
	return v.Err("api.logSearch")
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// nextStart is the cursor of the next page, or nil when this page was not
// full and so was the last.
func nextStart(n, limit int, lastIndex int64) *int64 {
	if limit == 0 {
		limit = 100
	}
	if n < limit {
		return nil
	}
	next := lastIndex + 1
	return &next
}

// auditSearch filters the audit log.
type auditSearch struct {
	logSearch
	UserID     string `json:"gebruikerId,omitempty"`
	PartnerID  string `json:"partnerId,omitempty"`
	Action     string `json:"actie,omitempty"`
	ObjectType string `json:"objectType,omitempty"`
	ObjectID   string `json:"objectId,omitempty"`
}

// auditEntry is one audit log line with its index in the log.
type auditEntry struct {
	Index int64 `json:"index"`
	ga.AuditRecord
}

// auditPage is one page of audit log lines.
type auditPage struct {
	Entries   []auditEntry `json:"regels"`
	NextStart *int64       `json:"volgendeStartIndex,omitempty"`
}

func (s *server) searchAuditLog(w http.ResponseWriter, r *http.Request) error {
	var f auditSearch
	if err := decodeJSON(w, r, &f); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	entries, err := s.db.AuditEntries(r.Context(), storage.AuditFilter{
		From: timeOrZero(f.From), Until: timeOrZero(f.Until), TraceID: f.TraceID,
		UserID: f.UserID, PartnerID: f.PartnerID, Action: f.Action,
		ObjectType: f.ObjectType, ObjectID: f.ObjectID,
		Start: f.StartIndex, Limit: f.Limit,
	})
	if err != nil {
		return err
	}
	page := auditPage{Entries: make([]auditEntry, len(entries))}
	for i, e := range entries {
		page.Entries[i] = auditEntry{Index: e.Index, AuditRecord: e.AuditRecord}
	}
	if len(entries) > 0 {
		page.NextStart = nextStart(len(entries), f.Limit, entries[len(entries)-1].Index)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// processingSearch filters the processing log. DataSubjectID is the
// pseudonymised identifier of the data subject (dpl.core.data_subject_id).
type processingSearch struct {
	logSearch
	DataSubjectID        string `json:"betrokkeneId,omitempty"`
	ProcessingActivityID string `json:"verwerkingsactiviteitId,omitempty"`
}

// processingEntry is one processing log line with its index in the log.
type processingEntry struct {
	Index int64 `json:"index"`
	ga.ProcessingRecord
}

// processingPage is one page of processing log lines.
type processingPage struct {
	Entries   []processingEntry `json:"regels"`
	NextStart *int64            `json:"volgendeStartIndex,omitempty"`
}

func (s *server) searchProcessingLog(w http.ResponseWriter, r *http.Request) error {
	var f processingSearch
	if err := decodeJSON(w, r, &f); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	entries, err := s.db.ProcessingEntries(r.Context(), storage.ProcessingFilter{
		From: timeOrZero(f.From), Until: timeOrZero(f.Until), TraceID: f.TraceID,
		DataSubjectID: f.DataSubjectID, ProcessingActivityID: f.ProcessingActivityID,
		Start: f.StartIndex, Limit: f.Limit,
	})
	if err != nil {
		return err
	}
	page := processingPage{Entries: make([]processingEntry, len(entries))}
	for i, e := range entries {
		page.Entries[i] = processingEntry{Index: e.Index, ProcessingRecord: e.ProcessingRecord}
	}
	if len(entries) > 0 {
		page.NextStart = nextStart(len(entries), f.Limit, entries[len(entries)-1].Index)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// logVerification is the outcome of checking both logs.
type logVerification struct {
	Intact bool       `json:"intact"`
	Logs   []logCheck `json:"logboeken"`
}

// logCheck is the outcome of checking one log.
type logCheck struct {
	Log         string `json:"logboek"`
	Intact      bool   `json:"intact"`
	Entries     int64  `json:"regels"`
	Checkpoints int64  `json:"controlepunten"`
	// FirstBad is the first entry that can no longer be trusted.
	FirstBad *int64 `json:"eersteOnbetrouwbareRegel,omitempty"`
	Problem  string `json:"probleem,omitempty"`
}

// verifyLogs checks both logs end to end. Storage leaves the policy to the
// caller (the command line runs as the operator), so the API checks it
// here. A tampered log is an answer, not an error, and is logged as the
// security incident it is.
func (s *server) verifyLogs(w http.ResponseWriter, r *http.Request) error {
	if !ga.CanReadAuditLog(ga.ActorFrom(r.Context())) {
		return ga.ErrForbidden("api.verifyLogs")
	}
	report, err := s.db.VerifyLogs(r.Context())
	if err != nil {
		return err
	}
	out := logVerification{Intact: report.OK(), Logs: make([]logCheck, len(report.Logs))}
	for i, c := range report.Logs {
		out.Logs[i] = logCheck{Log: c.Log, Intact: c.OK(), Entries: c.Entries, Checkpoints: c.Checkpoints, Problem: c.Problem}
		if !c.OK() {
			first := c.FirstBad
			out.Logs[i].FirstBad = &first
			s.logger.ErrorContext(r.Context(), "api: log verification failed: security incident (BIO 8.15.05)",
				"log", c.Log, "first_bad", c.FirstBad, "problem", c.Problem,
				"trace_id", ga.TraceFrom(r.Context()).TraceID)
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
