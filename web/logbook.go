package web

import (
	"net/http"
	"strconv"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The logbook page (SPEC §5): the audit log and the processing log for the
// auditor and the privacy officer, with the filters of the API's log
// searches, paging by the same cursor, and the verification of both logs.
// Storage checks the policy (ga.CanReadAuditLog) and audits every reading
// and every verification; the page only refuses early so that a form with
// errors is not shown to someone who may not use it.
//
// The search is posted, never put in a URL: the processing log is searched
// by the pseudonymised identifier of a data subject, which must not end up
// in an address bar, a browser history or a proxy's log.

// Which log the form searches: the values of the field "logboek".
const (
	logFormAudit      = "audit"
	logFormProcessing = "verwerkingen"
)

// logbookForm is the search form as typed, so that it can be shown again.
type logbookForm struct {
	Log                  string
	From, Until          string
	TraceID              string
	UserID               string
	PartnerID            string
	Action               string
	ObjectType           string
	ObjectID             string
	DataSubjectID        string
	ProcessingActivityID string
	Limit                string
}

func logbookFormFromRequest(r *http.Request) logbookForm {
	return logbookForm{
		Log: formValue(r, "logboek"), From: formValue(r, "vanaf"), Until: formValue(r, "tot"),
		TraceID: formValue(r, "traceId"), UserID: formValue(r, "gebruikerId"), PartnerID: formValue(r, "partnerId"),
		Action: formValue(r, "actie"), ObjectType: formValue(r, "objectType"), ObjectID: formValue(r, "objectId"),
		DataSubjectID: formValue(r, "betrokkeneId"), ProcessingActivityID: formValue(r, "verwerkingsactiviteitId"),
		Limit: formValue(r, "aantal"),
	}
}

// logbookSearch is a valid search: the filters in the form storage takes.
type logbookSearch struct {
	processing bool
	from       time.Time
	until      time.Time
	limit      int
}

// logTimeLayouts are what <input type="datetime-local"> sends, with and
// without seconds, read as Dutch time.
var logTimeLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}

// parseLogTime parses an instant of the period, adding a field error when
// it is not one or lies outside the years 1 to 9999 in UTC, which have no
// place in the logs (the API refuses them for the same reason).
func parseLogTime(v *ga.Invalid, name, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, layout := range logTimeLayouts {
		t, err := time.ParseInLocation(layout, s, ga.Amsterdam)
		if err != nil {
			continue
		}
		if y := t.UTC().Year(); y < 1 || y > 9999 {
			v.Add(name, nl("logbook.err_year"))
			return time.Time{}
		}
		return t.UTC()
	}
	v.Add(name, nl("incident.err_datetime"))
	return time.Time{}
}

// validate checks the form as the API checks its search, field by field.
func (f logbookForm) validate() (logbookSearch, ga.Invalid) {
	var v ga.Invalid
	var s logbookSearch
	switch f.Log {
	case logFormAudit:
	case logFormProcessing:
		s.processing = true
	default:
		v.Add("logboek", nl("logbook.err_log"))
	}
	s.from = parseLogTime(&v, "vanaf", f.From)
	s.until = parseLogTime(&v, "tot", f.Until)
	if !s.from.IsZero() && !s.until.IsZero() && !s.from.Before(s.until) {
		v.Add("tot", nl("logbook.err_period"))
	}
	// A filter of the other log would filter nothing: say so rather than
	// show every line as if it matched.
	if f.Log == logFormAudit {
		for name, val := range map[string]string{"betrokkeneId": f.DataSubjectID, "verwerkingsactiviteitId": f.ProcessingActivityID} {
			if val != "" {
				v.Add(name, nl("logbook.err_processing_only"))
			}
		}
	}
	if f.Log == logFormProcessing {
		for name, val := range map[string]string{"gebruikerId": f.UserID, "partnerId": f.PartnerID, "actie": f.Action, "objectType": f.ObjectType, "objectId": f.ObjectID} {
			if val != "" {
				v.Add(name, nl("logbook.err_audit_only"))
			}
		}
	}
	if f.Limit != "" {
		n, err := strconv.Atoi(f.Limit)
		if err != nil || n < 1 || n > storage.MaxLogPage {
			v.Add("aantal", nl("logbook.err_limit"))
		} else {
			s.limit = n
		}
	}
	return s, v
}

// logbookFieldOrder is the order of the form's fields, for the error
// summary.
var logbookFieldOrder = []string{"logboek", "vanaf", "tot", "traceId", "gebruikerId", "partnerId", "actie", "objectType", "objectId", "betrokkeneId", "verwerkingsactiviteitId", "aantal"}

func sortDetails(v ga.Invalid, order []string) ga.Invalid {
	var out ga.Invalid
	for _, name := range order {
		for _, d := range v {
			if d.Name == name {
				out = append(out, d)
			}
		}
	}
	return out
}

// logCheckView is the outcome of verifying one log, for the page.
type logCheckView struct {
	// Key is the catalog key of the log's name.
	Key         string
	OK          bool
	Entries     int64
	Checkpoints int64
	FirstBad    int64
	Problem     string
}

// logbookView is the page: the form, the lines found and the cursor of the
// next page, and the outcome of a verification when one was run.
type logbookView struct {
	Form       logbookForm
	Searched   bool
	Processing bool
	Audit      []storage.AuditEntry
	Entries    []storage.ProcessingEntry
	// Next is the cursor of the next page, or 0 when this page was the
	// last.
	Next         int64
	Start        int64
	PartnerNames map[string]string
	Partners     []Option
	LogOptions   []Option
	Verified     bool
	Intact       bool
	Checks       []logCheckView
}

func requireLogReader(r *http.Request, op string) error {
	if !ga.CanReadAuditLog(requestFrom(r.Context()).actor) {
		return ga.ErrForbidden(op)
	}
	return nil
}

func (s *server) logbookView(r *http.Request, f logbookForm) (*logbookView, error) {
	partners, err := s.db.Partners(r.Context())
	if err != nil {
		return nil, err
	}
	lang := requestFrom(r.Context()).lang
	return &logbookView{Form: f, PartnerNames: partnerNames(partners), Partners: partnerOptions(partners),
		LogOptions: []Option{
			{Value: logFormAudit, Label: translate(lang, "logbook.log_audit")},
			{Value: logFormProcessing, Label: translate(lang, "logbook.log_processing")},
		}}, nil
}

// logbook shows the form and the first page of the audit log.
func (s *server) logbook(w http.ResponseWriter, r *http.Request) error {
	if err := requireLogReader(r, "web.logbook"); err != nil {
		return err
	}
	lv, err := s.logbookView(r, logbookForm{Log: logFormAudit})
	if err != nil {
		return err
	}
	if err := s.searchLogbook(r, lv, logbookSearch{}, 0); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "logbook", lv, nil)
	return nil
}

// searchLogbookForm searches with the posted filters; the hidden field
// "start" carries the cursor of the page asked for.
func (s *server) searchLogbookForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireLogReader(r, "web.searchLogbook"); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := logbookFormFromRequest(r)
	lv, err := s.logbookView(r, f)
	if err != nil {
		return err
	}
	search, v := f.validate()
	var start int64
	if st := formValue(r, "start"); st != "" {
		n, err := strconv.ParseInt(st, 10, 64)
		if err != nil || n < 0 {
			return ga.E(ga.KindInvalid, "web.searchLogbook", nl("logbook.err_start"))
		}
		start = n
	}
	if len(v) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "logbook", lv, sortDetails(v, logbookFieldOrder))
		return nil
	}
	if err := s.searchLogbook(r, lv, search, start); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "logbook", lv, nil)
	return nil
}

// searchLogbook reads one page of the log the search names, as the API's
// searches do, and sets the cursor of the next page when this one was full.
func (s *server) searchLogbook(r *http.Request, lv *logbookView, search logbookSearch, start int64) error {
	ctx := r.Context()
	f := lv.Form
	lv.Searched, lv.Processing, lv.Start = true, search.processing, start
	limit := search.limit
	if limit == 0 {
		limit = 100 // as the API's default page
	}
	var n int
	var last int64
	if search.processing {
		entries, err := s.db.ProcessingEntries(ctx, storage.ProcessingFilter{
			From: search.from, Until: search.until, TraceID: f.TraceID,
			DataSubjectID: f.DataSubjectID, ProcessingActivityID: f.ProcessingActivityID,
			Start: start, Limit: limit,
		})
		if err != nil {
			return err
		}
		lv.Entries, n = entries, len(entries)
		if n > 0 {
			last = entries[n-1].Index
		}
	} else {
		entries, err := s.db.AuditEntries(ctx, storage.AuditFilter{
			From: search.from, Until: search.until, TraceID: f.TraceID,
			UserID: f.UserID, PartnerID: f.PartnerID, Action: f.Action,
			ObjectType: f.ObjectType, ObjectID: f.ObjectID,
			Start: start, Limit: limit,
		})
		if err != nil {
			return err
		}
		lv.Audit, n = entries, len(entries)
		if n > 0 {
			last = entries[n-1].Index
		}
	}
	if n > 0 && n >= limit {
		lv.Next = last + 1
	}
	return nil
}

// verifyLogbook checks both logs end to end and shows the outcome above
// the form. It runs while the request waits: on a large log that takes a
// while, which the button's description says. A tampered log is an answer, not an error, and is logged as
// the security incident it is (BIO 8.15.05), as the API logs it.
func (s *server) verifyLogbook(w http.ResponseWriter, r *http.Request) error {
	if err := requireLogReader(r, "web.verifyLogbook"); err != nil {
		return err
	}
	ctx := r.Context()
	report, err := s.db.VerifyLogs(ctx)
	if err != nil {
		return err
	}
	lv, err := s.logbookView(r, logbookForm{Log: logFormAudit})
	if err != nil {
		return err
	}
	lv.Verified, lv.Intact = true, report.OK()
	for _, c := range report.Logs {
		key := "logbook.log_audit"
		if c.Log == logbook.Processing {
			key = "logbook.log_processing"
		}
		lv.Checks = append(lv.Checks, logCheckView{Key: key, OK: c.OK(), Entries: c.Entries, Checkpoints: c.Checkpoints, FirstBad: c.FirstBad, Problem: c.Problem})
		if !c.OK() {
			s.log.ErrorContext(ctx, "web: log verification failed: security incident (BIO 8.15.05)",
				"log", c.Log, "first_bad", c.FirstBad, "problem", c.Problem,
				"trace_id", ga.TraceFrom(ctx).TraceID)
		}
	}
	// No search beside the outcome: a log found tampered with may not
	// even be readable, and the outcome must be shown all the same.
	s.render(w, r, http.StatusOK, "logbook", lv, nil)
	return nil
}
