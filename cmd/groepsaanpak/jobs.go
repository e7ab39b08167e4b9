package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// jobs are the scheduled tasks the server runs itself: verifying the logs
// (BIO 8.15.05), checking each user's volume of reads (BIO 8.16) and
// applying the retention periods (GDPR Art 5(1)(e)). A job that finds
// something opens an incident for the privacy officer in storage; the
// application log only says that it ran and how it ended, never with
// personal data.
type jobs struct {
	store   *storage.DB
	logger  *slog.Logger
	witness string // file with the last verified checkpoints, outside the database

	verifyEvery    time.Duration
	readCheckEvery time.Duration
	retentionEvery time.Duration
	rule           ga.ReadVolumeRule
}

// jobFlags registers the intervals of the scheduled jobs; zero disables a
// job.
func (j *jobs) register(fs *flag.FlagSet) {
	fs.DurationVar(&j.verifyEvery, "log-verify-interval", time.Hour, "hoe vaak de server de logboeken controleert (0: nooit)")
	fs.DurationVar(&j.readCheckEvery, "read-check-interval", time.Hour, "hoe vaak de server het aantal raadplegingen per gebruiker controleert (0: nooit)")
	fs.DurationVar(&j.retentionEvery, "retention-interval", 24*time.Hour, "hoe vaak de server de bewaartermijnen toepast (0: nooit)")
}

// start runs every enabled job at its interval until ctx ends: the first
// run follows one interval after the start, so that a restart loop does
// not run them in a burst.
func (j *jobs) start(ctx context.Context) {
	ctx = ga.WithActor(ctx, ga.SystemActor("scheduler"))
	for _, job := range []struct {
		name  string
		every time.Duration
		run   func(context.Context) error
	}{
		{"log_verify", j.verifyEvery, j.verifyLogs},
		{"read_volume", j.readCheckEvery, j.checkReads},
		{"retention", j.retentionEvery, j.applyRetention},
	} {
		if job.every <= 0 {
			continue
		}
		go func() {
			t := time.NewTicker(job.every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
				if err := job.run(ctx); err != nil && ctx.Err() == nil {
					j.logger.Error("scheduled job failed", "job", job.name, "err", err)
				}
			}
		}()
	}
}

// verifyLogs verifies both logs against the witness kept outside the
// database; a log that does not verify opens an incident (storage raises
// it) and is logged with the log's name and first bad entry.
func (j *jobs) verifyLogs(ctx context.Context) error {
	witnessed, err := readWitness(j.witness)
	if err != nil {
		return err
	}
	report, err := j.store.VerifyLogsAgainst(ctx, witnessed)
	if err != nil {
		return err
	}
	if !report.OK() {
		for _, c := range report.Logs {
			if !c.OK() {
				j.logger.Error("log verification failed; incident opened", "log", c.Log, "first_bad", c.FirstBad)
			}
		}
		return nil
	}
	next := map[string][]byte{}
	for _, c := range report.Logs {
		next[c.Log] = c.Latest
	}
	if err := writeWitness(j.witness, next); err != nil {
		return fmt.Errorf("write witness: %w", err)
	}
	j.logger.Info("logs verified", "entries_audit", report.Log("audit").Entries, "entries_processing", report.Log("processing").Entries)
	return nil
}

// checkReads applies the read-volume rule to today (in Amsterdam) so far
// and, just after midnight, to yesterday as a whole.
func (j *jobs) checkReads(ctx context.Context) error {
	now := j.store.Now()
	days := []ga.Date{ga.DateOf(now)}
	if now.Sub(ga.DateOf(now).Start()) < j.readCheckEvery {
		days = append(days, ga.DateOf(now.AddDate(0, 0, -1)))
	}
	for _, d := range days {
		opened, err := j.store.CheckReadVolume(ctx, j.rule, d)
		if err != nil {
			return err
		}
		if len(opened) > 0 {
			j.logger.Warn("unusual read volume; incidents opened", "day", string(d), "incidents", len(opened))
		}
	}
	return nil
}

// applyRetention deletes the personal data past the covenant's retention
// periods; the deletions are in the processing and audit logs, the
// application log only counts them.
func (j *jobs) applyRetention(ctx context.Context) error {
	rep, err := j.store.ApplyRetention(ctx, false)
	if err != nil {
		return err
	}
	j.logger.Info("retention applied", "memberships", len(rep.Deletions), "persons", len(rep.Persons), "group_items", rep.GroupItems,
		"registrations", rep.Registrations.Registrations, "scan_persons", rep.Registrations.Persons, "scans", rep.Registrations.Scans, "month_keys", len(rep.Registrations.Months))
	return nil
}
