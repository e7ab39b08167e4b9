// Package e2e holds the end-to-end test of need-to-know (SPEC §3, issue 3):
// the whole application as serve composes it (storage, the Voorbeeldstad
// demo, the API and the web interface on one HTTP server), every demo user
// logged in through an API token and through the real login forms, and
// every API operation and every page that shows personal data requested
// for every object of the demo. What each user receives is compared with
// an oracle: the domain's pure policy (ga.CanSeeGroup, ga.CanSeeItem,
// ga.CanSeeMember, ga.CanSeeMeasure, ga.CanSeeMeeting) applied to the raw
// rows of the database, never storage's own visibility predicate. No item,
// measure, count, name or search hit more, none less; no name, content or
// id of what a user may not see anywhere in an answer or a page; a hidden
// object answers exactly as an unknown id, for reads and for refused writes
// alike.
//
// The package has tests only. Run it on both backends:
//
//	go test ./e2e/
//	GROEPSAANPAK_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' go test ./e2e/
package e2e
