package groepsaanpak

import (
	"encoding/csv"
	"io"
	"strings"
	"time"
)

// BreachRegisterColumns are the columns of the breach register export
// (GDPR Art 33(5): the facts of the breach, its effects and the remedial
// action taken), in Dutch.
var BreachRegisterColumns = []string{
	"id", "titel", "datalek", "signaal", "bekend_sinds", "gemeld_op", "meldende_partner_id", "betrokken_partner_ids",
	"aard", "informatiepunt", "aanbevolen_maatregelen", "gevolgen_en_maatregelen",
	"uiterlijk_melden_ap", "termijn", "besluit_ap", "motivering_ap", "gemeld_bij_ap_op", "kenmerk_ap", "reden_vertraging",
	"besluit_betrokkenen", "uitzondering", "motivering_betrokkenen", "geinformeerd_op",
	"stappen", "status", "afgesloten_op",
}

// BreachRegisterRow is one incident as a row of the register, at now.
func BreachRegisterRow(i Incident, now time.Time) []string {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	tp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return ts(*t)
	}
	clock := i.APClock(now)
	var ap, apReason, apAt, apRef, apDelay string
	if i.AP != nil {
		ap, apReason, apAt, apRef, apDelay = "niet melden", i.AP.Reasoning, tp(i.AP.NotifiedAt), i.AP.Reference, i.AP.DelayReason
		if i.AP.Notify {
			ap = "melden"
		}
	}
	var ds, dsExc, dsReason, dsAt string
	if i.Subjects != nil {
		ds, dsExc, dsReason, dsAt = "niet informeren", string(i.Subjects.Exception), i.Subjects.Reasoning, tp(i.Subjects.InformedAt)
		if i.Subjects.Inform {
			ds = "informeren"
		}
	}
	var steps []string
	for _, s := range i.Steps {
		steps = append(steps, ts(s.RecordedAt)+" "+string(s.Kind)+": "+s.Description)
	}
	breach := "nee"
	if i.PersonalData {
		breach = "ja"
	}
	return []string{
		i.ID, i.Title, breach, string(i.Signal), ts(i.AwareAt), ts(i.ReportedAt), i.ReportingPartnerID, strings.Join(i.PartnerIDs, " "),
		i.Nature, i.ContactPoint, i.RecommendedMeasures, i.Consequences,
		ts(clock.Deadline), string(clock.State), ap, apReason, apAt, apRef, apDelay,
		ds, dsExc, dsReason, dsAt,
		strings.Join(steps, "\n"), string(i.Status), tp(i.ClosedAt),
	}
}

// WriteBreachRegisterCSV writes the incidents as the breach register in CSV
// (RFC 4180), with a header row. A cell that a spreadsheet would take for a
// formula is prefixed with an apostrophe, so that opening the export cannot
// run anything.
func WriteBreachRegisterCSV(w io.Writer, incidents []Incident, now time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(BreachRegisterColumns); err != nil {
		return err
	}
	for _, i := range incidents {
		row := BreachRegisterRow(i, now)
		for k, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				row[k] = "'" + c
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
