// Package groepsaanpak is the domain of Groepsaanpak: the covenant for the
// integrated approach of problematic youth groups (Convenant Werkproces
// Integrale Aanpak Problematische Jeugdgroepen en Groepsgedrag), its partners,
// their users and roles, the Art 8 gate before any processing of personal
// data, the need-to-know policy and the records written to the processing and
// audit logs.
//
// The package imports nothing from storage, HTTP or cryptography: adapters
// (storage, web, api, logbook, auth) depend on it, never the reverse. Article
// numbers in comments ("Art 12.1") refer to the covenant; docs/glossary.md maps
// its Dutch terms to the names used here.
package groepsaanpak
