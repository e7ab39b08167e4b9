package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/logbook"
)

// TestAccessRecipientsFromHistory compares the recipients in the access
// overview of a person with a long history (professionals of five partners
// listing and reading his items on many days, jeugdhulp sharing an item,
// also within a request that lists and reads)
// with those read line by line from the raw logs, every processing record
// decoded whole: each partner once per day and processing, in the order of
// the logs; an item's recipients only from reads of that item and shares
// of it, never its source.
func TestAccessRecipientsFromHistory(t *testing.T) {
	d, jayden := historyDemo(t, 40, true)
	_, pseudonym := d.demoPerson("Jayden Brouwer")
	cora := d.as("cora")
	c := ga.RightsCase{Kind: ga.CaseAccess, ReceivedOn: "2026-11-20", Channel: ga.ChannelLetter, PersonID: jayden, Summary: "inzage"}
	if err := d.db.RegisterCase(cora, &c); err != nil {
		t.Fatal(err)
	}
	if err := d.db.RecordIdentityCheck(cora, c.ID, ga.IdentityCheck{Method: "Identiteitskaart aan de balie", CheckedOn: c.ReceivedOn}); err != nil {
		t.Fatal(err)
	}
	// The reference is read before compiling: the compilation's own lines
	// are written as it commits, after it read the logs.
	partners := map[string]string{}
	rows, err := d.db.SQL().Query(`SELECT id, name FROM partners`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		partners[id] = name
	}
	rows.Close()
	type line struct {
		partner, action, objType, objID string
		at                              time.Time
		audit, processing               []byte
	}
	var lines []line
	rows, err = d.db.SQL().Query(`SELECT a.partner_id, a.event_time, a.action, a.object_type, a.object_id, a.record, p.record
		FROM log_entries p JOIN log_entries a ON a.trace_id = p.trace_id AND a.log = 'audit'
		WHERE p.log = 'processing' AND p.data_subject_id = $1 AND a.result = 'geslaagd' AND a.partner_id <> ''
		ORDER BY a.idx, p.idx`, pseudonym)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.partner, &l.at, &l.action, &l.objType, &l.objID, &l.audit, &l.processing); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	rows.Close()

	o, err := d.db.CompileAccessOverview(cora, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []ga.AccessReceipt
	wantItem := map[string][]ga.AccessReceipt{}
	source := map[string]string{}
	for _, it := range o.Items {
		source[it.ID] = it.Source
		wantItem[it.ID] = []ga.AccessReceipt{}
	}
	reads, shares := 0, 0
	for _, l := range lines {
		rec, err := logbook.DecodeProcessing(l.processing)
		if err != nil {
			t.Fatal(err)
		}
		r := ga.AccessReceipt{Partner: partners[l.partner], Date: ga.DateOf(l.at), What: ga.ProcessingLabel(rec.Name)}
		if !slices.Contains(want, r) {
			want = append(want, r)
		}
		if _, ok := wantItem[l.objID]; !ok || l.objType != "item" {
			continue
		}
		switch {
		case l.action == "item_read" && rec.Name == "gegeven_raadplegen":
			reads++
		case l.action == "item_share" && rec.Name == "gegeven_delen":
			ar, err := logbook.DecodeAudit(l.audit)
			if err != nil {
				t.Fatal(err)
			}
			to, ok := strings.CutPrefix(ar.Detail, "partner=")
			if !ok {
				t.Fatalf("a share's detail %q names no partner", ar.Detail)
			}
			r.Partner = partners[to]
			shares++
		default:
			continue
		}
		if r.Partner != "" && r.Partner != source[l.objID] && !slices.Contains(wantItem[l.objID], r) {
			wantItem[l.objID] = append(wantItem[l.objID], r)
		}
	}
	// The history must hold what the comparison is about: repeated lines
	// to deduplicate, reads and shares of items.
	if len(lines) < 2*len(want) || reads == 0 || shares == 0 {
		t.Fatalf("the history has %d lines, %d recipients, %d reads and %d shares of items: too little to compare", len(lines), len(want), reads, shares)
	}
	if !slices.Equal(o.Recipients, want) {
		t.Errorf("the overview's recipients are\n%v\nwant, from the raw logs,\n%v", o.Recipients, want)
	}
	for _, it := range o.Items {
		if !slices.Equal(it.Recipients, wantItem[it.ID]) {
			t.Errorf("item %s (source %s): recipients %v, want %v", it.ID, it.Source, it.Recipients, wantItem[it.ID])
		}
		for _, r := range it.Recipients {
			if r.Partner == it.Source {
				t.Errorf("item %s lists its source %s as a recipient", it.ID, r.Partner)
			}
		}
	}
	t.Logf("%d lines, %d recipients of the person's data, %d reads and %d shares of items", len(lines), len(want), reads, shares)
}
