package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/federation"
	"github.com/groepsaanpak/groepsaanpak/internal/heldlines"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// handler composes the application. The API is mounted as it is, behind
// only the request log; every other route passes the page middleware:
// security headers, the body limit and the cross-origin check on non-GET
// requests (CSRF). The API needs no CSRF check because it authenticates
// with bearer tokens, never with cookies.
func (s *server) handler() http.Handler {
	pages := http.NewServeMux()
	s.routes(pages)

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))

	root := http.NewServeMux()
	root.Handle("/api/v1/", route(s.api))
	// One durable commit of log lines per request (heldlines): the session
	// check's lines and the page's are committed together, before the page
	// is sent. The API holds its own.
	root.Handle("/", heldlines.Handler(s.db, s.securityHeaders(limitBody(csrf.Handler(pages))),
		func(w http.ResponseWriter, r *http.Request, err error) {
			s.renderError(w, r, ga.Wrap("web.heldlines", err))
		}))
	return s.withRequest(root)
}

// routes lists every page, form action and endpoint of the web interface.
// Pages that show covenant data need a complete login (password and second
// factor); the login steps need a session in the matching stage.
func (s *server) routes(mux *http.ServeMux) {
	handle := func(pattern string, h http.Handler) { mux.Handle(pattern, route(h)) }

	handle("GET /healthz", http.HandlerFunc(s.healthz))
	handle("GET /readyz", http.HandlerFunc(s.readyz))
	handle("GET /static/{hash}/{name...}", s.static)
	s.profileRoutes(handle)

	// Login (login.go, login_code.go, login_enrol.go, logout.go) and the
	// federated login through a partner's identity provider
	// (login_federated.go).
	handle("GET /inloggen", s.public(s.loginForm))
	handle("POST /inloggen", s.limited(s.public(s.login)))
	handle("GET /inloggen/code", s.stage(storage.StagePassword, s.codeForm))
	handle("POST /inloggen/code", s.limited(s.stage(storage.StagePassword, s.code)))
	handle("GET /inloggen/instellen", s.stage(storage.StageEnrol, s.enrolForm))
	handle("POST /inloggen/instellen", s.limited(s.stage(storage.StageEnrol, s.enrol)))
	handle("GET /inloggen/instellen/qr.png", s.stage(storage.StageEnrol, s.enrolQR))
	handle("GET /inloggen/oidc/{issuer}", s.public(s.federatedStart))
	handle("GET "+federation.CallbackPath, s.public(s.federatedCallback))
	handle("POST /inloggen/passkey/opties", s.stage(storage.StagePassword, s.passkeyLoginOptions))
	handle("POST /inloggen/passkey", s.stage(storage.StagePassword, s.passkeyLogin))
	handle("POST /uitloggen", s.public(s.logout))
	handle("POST /taal", s.public(s.setLanguage))

	// Confirming the login for sensitive actions (reauth.go).
	handle("GET /opnieuw-aanmelden", s.authed(s.reauthForm))
	handle("POST /opnieuw-aanmelden", s.limited(s.authed(s.reauth)))

	// Start page and the confidentiality declaration of Art 5.1.
	handle("GET /{$}", s.authed(s.home))
	handle("GET /geheimhouding", s.authed(s.confidentialityForm))
	handle("POST /geheimhouding", s.authed(s.acceptConfidentiality))

	// The covenant (Art 1, 4, 8, 12) and the police's Wpg art 20 decision.
	handle("GET /convenant", s.authed(s.covenant))
	handle("GET /convenant/voorwaarden", s.authed(s.termsForm))
	handle("POST /convenant/voorwaarden", s.authed(s.setTerms))
	handle("POST /convenant/ondertekeningen", s.authed(s.recordSignature))
	handle("POST /convenant/wpg20", s.authed(s.recordWpg20))

	// Amendments (Art 12.1).
	handle("GET /convenant/wijzigingen", s.authed(s.amendments))
	handle("GET /convenant/wijzigingen/nieuw", s.authed(s.amendmentForm))
	handle("POST /convenant/wijzigingen", s.authed(s.proposeAmendment))
	handle("GET /convenant/wijzigingen/{id}", s.authed(s.amendment))
	handle("POST /convenant/wijzigingen/{id}/instemmen", s.authed(s.approveAmendment))
	handle("POST /convenant/wijzigingen/{id}/intrekken", s.authed(s.withdrawAmendment))

	// The register of processing activities (GDPR Art 30, covenant Art 8).
	handle("GET /verwerkingsregister", s.authed(s.register))
	handle("GET /verwerkingsregister/nieuw", s.authed(s.registerForm))
	handle("POST /verwerkingsregister", s.authed(s.recordRegister))

	// Requests of data subjects and complaints (Art 6 and 7; cases.go,
	// case.go).
	handle("GET /verzoeken", s.authed(s.cases))
	handle("GET /verzoeken/nieuw", s.authed(s.caseNew))
	handle("POST /verzoeken", s.authed(s.registerCase))
	handle("GET /verzoeken/{id}", s.authed(s.rightsCase))
	handle("POST /verzoeken/{id}/identiteit", s.authed(s.caseIdentity))
	handle("POST /verzoeken/{id}/verlenging", s.authed(s.caseExtend))
	handle("POST /verzoeken/{id}/opschorting", s.authed(s.caseSuspend))
	handle("POST /verzoeken/{id}/besluit", s.authed(s.caseDecide))
	handle("POST /verzoeken/{id}/weigeringen", s.authed(s.caseWithhold))
	handle("GET /verzoeken/{id}/overzicht", s.authed(s.caseOverview))
	handle("GET /verzoeken/{id}/brief.pdf", s.authed(s.caseLetter))
	handle("GET /verzoeken/{id}/overzicht.json", s.authed(s.caseExport))
	handle("POST /verzoeken/{id}/correcties", s.authed(s.caseCorrect))
	handle("POST /verzoeken/{id}/correcties/{correctie}/bevestigen", s.authed(s.caseConfirm))
	handle("POST /verzoeken/{id}/bezwaar", s.authed(s.caseObjection))
	handle("POST /verzoeken/{id}/klachtroute", s.authed(s.caseRoute))
	handle("GET /verzoeken/{id}/besluitbrief.pdf", s.authed(s.caseDecisionLetter))
	handle("GET /groepen/{id}/notificaties", s.authed(s.notifications))
	handle("POST /groepen/{id}/notificaties/verstuurd", s.authed(s.notificationSent))
	handle("POST /groepen/{id}/notificaties/uitstel", s.authed(s.notificationDefer))
	handle("GET /groepen/{id}/notificaties/brief.pdf", s.authed(s.notificationLetter))

	// The audit log, the processing log and their verification (SPEC §5;
	// logbook.go): auditors and privacy officers only.
	handle("GET /logboek", s.authed(s.logbook))
	handle("POST /logboek", s.authed(s.searchLogbookForm))
	handle("POST /logboek/controle", s.authed(s.verifyLogbook))

	// Disputes (Art 11).
	handle("GET /geschillen", s.authed(s.disputes))
	handle("GET /geschillen/nieuw", s.authed(s.disputeForm))
	handle("POST /geschillen", s.authed(s.raiseDispute))
	handle("GET /geschillen/{id}", s.authed(s.dispute))
	handle("POST /geschillen/{id}/oplossen", s.authed(s.resolveDispute))

	// Casework (SPEC §2–§4): groups through the seven steps, persons,
	// information items, the Plan van Aanpak, meetings and monitoring.
	// Every page shows or changes personal data, so every route passes the
	// personal adapter; the storage decides need-to-know. URLs carry ids
	// only, never personal data.
	// The Groepsscan of the police (step 2B; groepsscan.go): police only.
	handle("GET /groepsscan", s.personal(s.scans))
	handle("POST /groepsscan", s.personal(s.runScan))
	handle("GET /groepsscan/{scan}/groepen/{groep}", s.personal(s.scanGroup))
	handle("POST /groepsscan/{scan}/groepen/{groep}/zachte-informatie", s.personal(s.addSoftInput))
	handle("POST /groepsscan/{scan}/groepen/{groep}/groep", s.personal(s.createGroupFromScan))
	handle("GET /groepsscan/{scan}/groepen/{groep}/rapport.pdf", s.personal(s.scanReportPDF))

	handle("GET /groepen", s.personal(s.groups))
	handle("POST /groepen", s.personal(s.createGroup))
	handle("GET /groepen/{id}", s.personal(s.group))
	handle("POST /groepen/{id}", s.personal(s.updateGroup))
	handle("POST /groepen/{id}/stap", s.personal(s.moveGroup))
	handle("POST /groepen/{id}/afsluiten", s.personal(s.closeGroup))
	handle("POST /groepen/{id}/vraag-2a", s.personal(s.answerProblematic))
	handle("POST /groepen/{id}/besluit", s.personal(s.recordDecision))
	handle("POST /groepen/{id}/deelnemers", s.personal(s.addParticipant))
	handle("POST /groepen/{id}/deelnemers/verwijderen", s.personal(s.removeParticipant))
	handle("POST /groepen/{id}/gegevens", s.personal(s.createItem))
	handle("POST /groepen/{id}/betrokkenheid", s.personal(s.registerInvolvement))
	handle("POST /groepen/{id}/betrokkenheid/beeindigen", s.personal(s.endInvolvement))
	handle("GET /groepen/{id}/personen/nieuw", s.personal(s.personNewForm))
	handle("POST /groepen/{id}/personen", s.personal(s.createPerson))
	handle("GET /personen/{id}", s.personal(s.person))
	handle("GET /personen/{id}/bewerken", s.personal(s.personEditForm))
	handle("POST /personen/{id}", s.personal(s.updatePerson))
	handle("POST /personen/{id}/vertegenwoordigers", s.personal(s.addRepresentative))
	handle("POST /personen/{id}/vertegenwoordigers/{rid}/verwijderen", s.personal(s.recent(s.removeRepresentative)))
	handle("POST /personen/{id}/lidmaatschappen", s.personal(s.addMembership))
	handle("POST /personen/{id}/lidmaatschappen/beeindigen", s.personal(s.endMembership))
	handle("GET /gegevens/{id}", s.personal(s.item))
	handle("GET /gegevens/{id}/bewerken", s.personal(s.itemEditForm))
	handle("POST /gegevens/{id}", s.personal(s.updateItem))
	handle("POST /gegevens/{id}/delingen", s.personal(s.shareItem))
	handle("POST /gegevens/{id}/delingen/intrekken", s.personal(s.unshareItem))
	handle("GET /groepen/{id}/plan", s.personal(s.plan))
	handle("POST /groepen/{id}/plan", s.personal(s.savePlan))
	handle("POST /groepen/{id}/plan/vaststellen", s.personal(s.adoptPlan))
	handle("POST /groepen/{id}/maatregelen", s.personal(s.createMeasure))
	handle("GET /maatregelen/{id}", s.personal(s.measure))
	handle("POST /maatregelen/{id}", s.personal(s.updateMeasure))
	handle("GET /groepen/{id}/overleggen", s.personal(s.meetings))
	handle("POST /groepen/{id}/overleggen", s.personal(s.createMeeting))
	handle("GET /overleggen/{id}", s.personal(s.meeting))
	handle("POST /overleggen/{id}", s.personal(s.updateMeeting))
	handle("POST /overleggen/{id}/uitnodigingen", s.personal(s.invite))
	handle("POST /overleggen/{id}/uitnodigingen/intrekken", s.personal(s.uninvite))
	handle("POST /overleggen/{id}/aanwezigheid", s.personal(s.recordAttendance))
	handle("POST /overleggen/{id}/afspraken", s.personal(s.addAgreement))
	handle("POST /overleggen/{id}/afspraken/uitgevoerd", s.personal(s.completeAgreement))
	handle("GET /groepen/{id}/monitoring", s.personal(s.monitoring))
	handle("GET /correctieberichten", s.personal(s.correctionNotices))
	handle("POST /correctieberichten/{id}/bevestigen", s.personal(s.confirmCorrectionNotice))

	// Incidents and data breaches (Art 9, GDPR Art 33/34; incident.go).
	// Not behind the personal adapter: a breach must be reportable and
	// handled also while Art 8 does not allow processing.
	handle("GET /incidenten", s.authed(s.incidents))
	handle("GET /incidenten/nieuw", s.authed(s.incidentNewForm))
	handle("POST /incidenten", s.authed(s.reportIncident))
	handle("GET /incidenten/register.csv", s.authed(s.recent(s.exportRegister)))
	handle("GET /incidenten/register.json", s.authed(s.recent(s.exportRegisterJSON)))
	handle("GET /incidenten/{id}", s.authed(s.incident))
	handle("GET /incidenten/{id}/brief", s.authed(s.incidentLetter))
	handle("POST /incidenten/{id}/ap-besluit", s.authed(s.decideAP))
	handle("POST /incidenten/{id}/betrokkenenbesluit", s.authed(s.decideSubjects))
	handle("POST /incidenten/{id}/stappen", s.authed(s.addIncidentStep))
	handle("POST /incidenten/{id}/kennisname", s.authed(s.acknowledgeIncident))
	handle("POST /incidenten/{id}/afsluiten", s.authed(s.closeIncident))

	// Partners and users.
	handle("GET /partners", s.authed(s.partners))
	handle("GET /partners/nieuw", s.authed(s.partnerNewForm))
	handle("POST /partners", s.authed(s.createPartner))
	handle("GET /partners/{id}", s.authed(s.partner))
	handle("GET /partners/{id}/bewerken", s.authed(s.partnerEditForm))
	handle("POST /partners/{id}", s.authed(s.updatePartner))
	handle("GET /gebruikers", s.authed(s.users))
	handle("GET /gebruikers/nieuw", s.authed(s.userNewForm))
	handle("POST /gebruikers", s.authed(s.createUser))
	handle("GET /gebruikers/{id}/bewerken", s.authed(s.userEditForm))
	handle("POST /gebruikers/{id}", s.authed(s.recent(s.updateUser)))
	handle("POST /gebruikers/{id}/tweede-factor", s.authed(s.recent(s.resetSecondFactor)))

	// The user's own passkeys (passkeys.go).
	handle("GET /passkeys", s.authed(s.passkeys))
	handle("POST /passkeys/opties", s.authed(s.passkeyRegisterOptions))
	handle("POST /passkeys", s.authed(s.addPasskey))
	handle("POST /passkeys/{id}/verwijderen", s.authed(s.removePasskey))

	// The user's own API tokens.
	handle("GET /tokens", s.authed(s.tokens))
	handle("POST /tokens", s.authed(s.recent(s.createToken)))
	handle("POST /tokens/{id}/intrekken", s.authed(s.revokeToken))

	// Everything else: the same page as an object one may not see.
	handle("/", s.public(s.notFound))
}
