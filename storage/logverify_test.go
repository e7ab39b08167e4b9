package storage_test

import (
	"context"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
	"github.com/groepsaanpak/groepsaanpak/storage/storagetest"
)

func TestVerifyLogsByAPersonIsCheckedAndAudited(t *testing.T) {
	db := storagetest.Open(t, storagetest.Options{})
	ctx := context.Background()
	professional := ga.WithActor(ctx, &ga.Actor{UserID: "u-prof", PartnerID: "p", Roles: []ga.Role{ga.RoleProfessional}})
	if _, err := db.VerifyLogs(professional); !ga.IsKind(err, ga.KindForbidden) {
		t.Fatalf("VerifyLogs by a professional = %v, want forbidden", err)
	}
	auditor := ga.WithActor(ctx, &ga.Actor{UserID: "u-aud", PartnerID: "p", Roles: []ga.Role{ga.RoleAuditor}})
	report, err := db.VerifyLogs(auditor)
	if err != nil || !report.OK() {
		t.Fatalf("VerifyLogs by an auditor = %v, %v", report, err)
	}
	system := ga.WithActor(ctx, ga.SystemActor("test"))
	entries, err := db.AuditEntries(system, storage.AuditFilter{Action: "log_verify"})
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]ga.AuditResult{}
	for _, e := range entries {
		results[e.UserID] = e.Result
	}
	if results["u-prof"] != ga.ResultDenied || results["u-aud"] != ga.ResultSuccess {
		t.Fatalf("log_verify audit lines = %v, want the professional denied and the auditor succeeded", results)
	}
}
