package storage

import (
	"context"
	"strconv"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// readActions is the SQL condition on an audit entry (alias a) that marks
// a read of personal data: the audit actions of reading, listing and
// viewing (person_read, item_list, meeting_view, …).
const readActions = `(a.action LIKE '%read' OR a.action LIKE '%list' OR a.action LIKE '%view')`

// readCounts counts, per user, the processing-log lines (one per data
// subject) written in [from, until) by requests whose audit line is a read
// by that user. It returns the counts and each user's partner.
func (tx *Tx) readCounts(op string, from, until time.Time) (map[string]int, map[string]string, error) {
	rows, err := tx.Query(`SELECT a.user_id, a.partner_id, count(DISTINCT p.idx) FROM log_entries p
		JOIN log_entries a ON a.log = 'audit' AND a.trace_id = p.trace_id
		WHERE p.log = 'processing' AND p.event_time >= $1 AND p.event_time < $2
		AND a.event_time >= $1 AND a.event_time < $2 AND a.user_id <> '' AND `+readActions+`
		GROUP BY a.user_id, a.partner_id`, from, until)
	if err != nil {
		return nil, nil, ga.Wrap(op, err)
	}
	defer rows.Close()
	counts, partners := map[string]int{}, map[string]string{}
	for rows.Next() {
		var user, partner string
		var n int
		if err := rows.Scan(&user, &partner, &n); err != nil {
			return nil, nil, ga.Wrap(op, err)
		}
		counts[user] += n
		partners[user] = partner
	}
	return counts, partners, ga.Wrap(op, rows.Err())
}

// CheckReadVolume applies the rule to the reads of personal data of every
// user on day (a calendar day in Europe/Amsterdam), compared with their own
// daily counts over the rule's history days before it, and opens one
// incident per user whose day was unusual (SignalReadVolume, at most one
// per user and day). It returns the ids of the incidents opened. Only the
// system runs it; the server does so every hour for the current day.
func (db *DB) CheckReadVolume(ctx context.Context, rule ga.ReadVolumeRule, day ga.Date) ([]string, error) {
	const op = "storage.CheckReadVolume"
	start := day.Start()
	if start.IsZero() {
		return nil, ga.Invalid{{Name: "dag", Message: "Geen geldige datum."}}.Err(op)
	}
	var opened []string
	err := db.Transact(ctx, func(tx *Tx) error {
		opened = nil
		if !tx.Actor().System {
			return ga.ErrForbidden(op)
		}
		dayStart := func(offset int) time.Time {
			return time.Date(start.Year(), start.Month(), start.Day()+offset, 0, 0, 0, 0, ga.Amsterdam).UTC()
		}
		today, partners, err := tx.readCounts(op, dayStart(0), dayStart(1))
		if err != nil {
			return err
		}
		for user, n := range today {
			if n < rule.MinReads {
				continue
			}
			history := make([]int, 0, rule.HistoryDays)
			for d := 1; d <= rule.HistoryDays; d++ {
				// One query per day keeps the day boundaries those of
				// Amsterdam, DST included.
				counts, _, err := tx.readCounts(op, dayStart(-d), dayStart(-d+1))
				if err != nil {
					return err
				}
				history = append(history, counts[user])
			}
			if !rule.Unusual(n, history) {
				continue
			}
			peak := 0
			for _, h := range history {
				peak = max(peak, h)
			}
			id, err := tx.raiseSignal(op, Signal{
				Kind: ga.SignalReadVolume, Key: user + "/" + string(day), PartnerIDs: []string{partners[user]}, Once: true,
				Evidence: evidence("gebruiker", user, "dag", string(day), "raadplegingen (regels verwerkingslogboek)", strconv.Itoa(n),
					"hoogste dag in de "+strconv.Itoa(rule.HistoryDays)+" dagen ervoor", strconv.Itoa(peak),
					"regel", "ten minste "+strconv.Itoa(rule.MinReads)+" en meer dan "+strconv.Itoa(rule.Factor)+" keer de hoogste dag"),
			})
			if err != nil {
				return err
			}
			if id != "" {
				opened = append(opened, id)
			}
		}
		return nil
	})
	return opened, err
}
