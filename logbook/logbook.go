// Package logbook holds the pure parts of Groepsaanpak's two tamper-evident
// logs (SPEC §5, BIO 8.15): the audit log and the processing log (Logboek
// Dataverwerkingen). Each log is an append-only Merkle log in the format of
// the Go checksum database (golang.org/x/mod/sumdb/tlog): an entry is the
// canonical JSON of one record, the tree's stored hashes let anyone compute
// the tree head without reading every entry, and signed checkpoints
// (golang.org/x/mod/sumdb/note) fix the tree at a size with a key that is
// kept outside the database.
//
// The package has no database imports so that the encoding, the key
// handling and the verification logic can be tested on their own; package
// storage writes and reads the rows.
package logbook

// The names of the two logs. They are also the value of the log column in
// the database and are bound into every checkpoint, so that a checkpoint of
// one log can never pass for the other's.
const (
	Audit      = "audit"
	Processing = "processing"
)

// Names lists the logs in the order in which a transaction appends to them.
// A fixed order means two transactions never wait for each other's log
// locks in opposite orders, so appends cannot deadlock.
var Names = []string{Audit, Processing}
