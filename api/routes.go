package api

import "net/http"

// route is one operation of the API: a stdlib method pattern and its
// handler. Every route has an operation of the same pattern in the OpenAPI
// document; TestOpenAPICoversRoutes holds the two lists together.
type route struct {
	pattern string
	handler http.Handler
}

// routes lists every operation of the API. All but the OpenAPI document
// require a bearer token; the casework routes (groups, persons, items,
// plans, measures, meetings) are served through personal, which also
// requires that the actor may process personal data now (Art 8, role,
// confidentiality declaration). Identifiers in paths are UUIDs; search filters go
// in request bodies, never in the URL (SPEC §10). Actions that are not
// create, read, update or delete are sub-resources that are POSTed to
// (ADR: operations outside the CRUD model as sub-resources), and searches
// POST their filters to a "_zoek" endpoint (ADR filtering extension).
func (s *server) routes() []route {
	return []route{
		{"GET /api/v1/openapi.json", s.public(s.getOpenAPI)},

		{"GET /api/v1/ik", s.auth(s.getMe)},
		{"POST /api/v1/geheimhoudingsverklaringen", s.auth(s.acceptConfidentiality)},

		{"GET /api/v1/convenant", s.auth(s.getCovenant)},
		{"PUT /api/v1/convenant", s.auth(s.putCovenant)},
		{"GET /api/v1/convenant/versies", s.auth(s.listCovenantVersions)},
		{"GET /api/v1/convenant/status", s.auth(s.getGateStatus)},

		{"GET /api/v1/partners", s.auth(s.listPartners)},
		{"POST /api/v1/partners", s.auth(s.createPartner)},
		{"GET /api/v1/partners/{id}", s.auth(s.getPartner)},
		{"PUT /api/v1/partners/{id}", s.auth(s.putPartner)},

		{"GET /api/v1/ondertekeningen", s.auth(s.listSignatures)},
		{"POST /api/v1/ondertekeningen", s.auth(s.createSignature)},
		{"GET /api/v1/ondertekeningen/{partnerId}", s.auth(s.getSignature)},

		{"GET /api/v1/wijzigingen", s.auth(s.listAmendments)},
		{"POST /api/v1/wijzigingen", s.auth(s.proposeAmendment)},
		{"GET /api/v1/wijzigingen/{id}", s.auth(s.getAmendment)},
		{"POST /api/v1/wijzigingen/{id}/instemmingen", s.auth(s.approveAmendment)},
		{"POST /api/v1/wijzigingen/{id}/intrekking", s.auth(s.withdrawAmendment)},

		{"GET /api/v1/verwerkingsregister", s.auth(s.listRegisterEntries)},
		{"POST /api/v1/verwerkingsregister", s.auth(s.createRegisterEntry)},
		{"GET /api/v1/verwerkingsregister/{id}", s.auth(s.getRegisterEntry)},

		{"GET /api/v1/wpg20-besluiten", s.auth(s.listWpg20Decisions)},
		{"POST /api/v1/wpg20-besluiten", s.auth(s.createWpg20Decision)},
		{"GET /api/v1/wpg20-besluiten/{id}", s.auth(s.getWpg20Decision)},

		{"GET /api/v1/geschillen", s.auth(s.listDisputes)},
		{"POST /api/v1/geschillen", s.auth(s.raiseDispute)},
		{"GET /api/v1/geschillen/{id}", s.auth(s.getDispute)},
		{"POST /api/v1/geschillen/{id}/oplossing", s.auth(s.resolveDispute)},

		{"GET /api/v1/gebruikers", s.auth(s.listUsers)},
		{"POST /api/v1/gebruikers", s.auth(s.createUser)},
		{"GET /api/v1/gebruikers/{id}", s.auth(s.getUser)},
		{"PUT /api/v1/gebruikers/{id}", s.auth(s.putUser)},

		{"GET /api/v1/tokens", s.auth(s.listTokens)},
		{"POST /api/v1/tokens", s.auth(s.createToken)},
		{"GET /api/v1/tokens/{id}", s.auth(s.getToken)},
		{"DELETE /api/v1/tokens/{id}", s.auth(s.revokeToken)},

		{"GET /api/v1/groepen", s.personal(s.listGroups)},
		{"POST /api/v1/groepen", s.personal(s.createGroup)},
		{"GET /api/v1/groepen/{id}", s.personal(s.getGroup)},
		{"PUT /api/v1/groepen/{id}", s.personal(s.updateGroup)},
		{"GET /api/v1/groepen/{id}/stappen", s.personal(s.listTransitions)},
		{"POST /api/v1/groepen/{id}/stappen", s.personal(s.moveGroup)},
		{"POST /api/v1/groepen/{id}/probleemanalyse", s.personal(s.answerProblematic)},
		{"POST /api/v1/groepen/{id}/besluit", s.personal(s.recordDecision)},
		{"GET /api/v1/groepen/{id}/deelnemers", s.personal(s.listParticipants)},
		{"POST /api/v1/groepen/{id}/deelnemers", s.personal(s.addParticipant)},
		{"DELETE /api/v1/groepen/{id}/deelnemers/{partnerId}", s.personal(s.removeParticipant)},
		{"GET /api/v1/groepen/{id}/leden", s.personal(s.listMembers)},
		{"GET /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", s.personal(s.listInvolvements)},
		{"POST /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden", s.personal(s.registerInvolvement)},
		{"POST /api/v1/groepen/{id}/leden/{persoonId}/betrokkenheden/{partnerId}/beeindiging", s.personal(s.endInvolvement)},
		{"GET /api/v1/groepen/{id}/monitoring", s.personal(s.getMonitoring)},

		{"POST /api/v1/personen", s.personal(s.createPerson)},
		{"POST /api/v1/personen/_zoek", s.personal(s.searchPersons)},
		{"GET /api/v1/personen/{id}", s.personal(s.getPerson)},
		{"PUT /api/v1/personen/{id}", s.personal(s.putPerson)},
		{"GET /api/v1/personen/{id}/lidmaatschappen", s.personal(s.listMemberships)},
		{"POST /api/v1/personen/{id}/lidmaatschappen", s.personal(s.addMembership)},
		{"GET /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}", s.personal(s.getMembership)},
		{"POST /api/v1/personen/{id}/lidmaatschappen/{lidmaatschapId}/beeindiging", s.personal(s.endMembership)},
		{"GET /api/v1/personen/{id}/vertegenwoordigers", s.personal(s.listRepresentatives)},
		{"POST /api/v1/personen/{id}/vertegenwoordigers", s.personal(s.addRepresentative)},
		{"GET /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", s.personal(s.getRepresentative)},
		{"PUT /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", s.personal(s.putRepresentative)},
		{"DELETE /api/v1/personen/{id}/vertegenwoordigers/{vertegenwoordigerId}", s.personal(s.removeRepresentative)},

		{"POST /api/v1/gegevens", s.personal(s.createItem)},
		{"POST /api/v1/gegevens/_zoek", s.personal(s.searchItems)},
		{"GET /api/v1/gegevens/{id}", s.personal(s.getItem)},
		{"PUT /api/v1/gegevens/{id}", s.personal(s.putItem)},
		{"POST /api/v1/gegevens/{id}/delingen", s.personal(s.shareItem)},
		{"DELETE /api/v1/gegevens/{id}/delingen/{partnerId}", s.personal(s.unshareItem)},

		{"GET /api/v1/plannen/{groepId}", s.personal(s.getPlan)},
		{"PUT /api/v1/plannen/{groepId}", s.personal(s.putPlan)},
		{"POST /api/v1/plannen/{groepId}/vaststelling", s.personal(s.adoptPlan)},

		{"GET /api/v1/verzoeken", s.personal(s.listRequests)},
		{"POST /api/v1/verzoeken", s.personal(s.registerRequest)},
		{"POST /api/v1/verzoeken/betrokkenen/_zoek", s.personal(s.findCasePersons)},
		{"GET /api/v1/verzoeken/{id}", s.personal(s.getRequest)},
		{"POST /api/v1/verzoeken/{id}/identiteitscontrole", s.personal(s.recordIdentity)},
		{"POST /api/v1/verzoeken/{id}/verlenging", s.personal(s.extendRequest)},
		{"POST /api/v1/verzoeken/{id}/opschorting", s.personal(s.suspendRequest)},
		{"POST /api/v1/verzoeken/{id}/weigeringen", s.personal(s.withholdItem)},
		{"POST /api/v1/verzoeken/{id}/inzageoverzicht", s.personal(s.compileAccess)},
		{"POST /api/v1/verzoeken/{id}/inzagebrief", s.personal(s.accessLetter)},
		{"POST /api/v1/verzoeken/{id}/besluit", s.personal(s.decideRequest)},
		{"GET /api/v1/verzoeken/{id}/correcties", s.personal(s.listCorrections)},
		{"POST /api/v1/verzoeken/{id}/correcties", s.personal(s.decideCorrection)},
		{"POST /api/v1/verzoeken/{id}/correcties/{correctieId}/bevestigingen", s.personal(s.confirmCorrection)},
		{"POST /api/v1/verzoeken/{id}/bezwaarbesluit", s.personal(s.decideObjection)},
		{"POST /api/v1/verzoeken/{id}/besluitbrief", s.personal(s.requestDecisionLetter)},
		{"GET /api/v1/correctieberichten", s.personal(s.listCorrectionNotices)},
		{"POST /api/v1/correctieberichten/{correctieId}/bevestiging", s.personal(s.confirmCorrectionNotice)},
		{"GET /api/v1/groepen/{id}/notificaties", s.personal(s.listNotifications)},
		{"POST /api/v1/groepen/{id}/notificaties/verzendingen", s.personal(s.recordNotificationSent)},
		{"POST /api/v1/groepen/{id}/notificaties/uitstel", s.personal(s.deferNotification)},
		{"POST /api/v1/groepen/{id}/notificaties/brief", s.personal(s.notificationLetter)},
		{"GET /api/v1/klachten", s.personal(s.listComplaints)},
		{"POST /api/v1/klachten", s.personal(s.registerComplaint)},
		{"GET /api/v1/klachten/{id}", s.personal(s.getComplaint)},
		{"POST /api/v1/klachten/{id}/besluit", s.personal(s.decideComplaint)},
		{"POST /api/v1/klachten/{id}/route", s.personal(s.routeComplaint)},
		{"POST /api/v1/klachten/{id}/brief", s.personal(s.complaintLetter)},

		{"GET /api/v1/maatregelen", s.personal(s.listMeasures)},
		{"POST /api/v1/maatregelen", s.personal(s.createMeasure)},
		{"GET /api/v1/maatregelen/_achterstallig", s.personal(s.listOverdueReviews)},
		{"GET /api/v1/maatregelen/{id}", s.personal(s.getMeasure)},
		{"PUT /api/v1/maatregelen/{id}", s.personal(s.putMeasure)},

		{"GET /api/v1/overleggen", s.personal(s.listMeetings)},
		{"POST /api/v1/overleggen", s.personal(s.createMeeting)},
		{"GET /api/v1/overleggen/{id}", s.personal(s.getMeeting)},
		{"PUT /api/v1/overleggen/{id}", s.personal(s.putMeeting)},
		{"GET /api/v1/overleggen/{id}/uitnodigingen", s.personal(s.listInvitations)},
		{"POST /api/v1/overleggen/{id}/uitnodigingen", s.personal(s.invite)},
		{"DELETE /api/v1/overleggen/{id}/uitnodigingen/{partnerId}", s.personal(s.uninvite)},
		{"POST /api/v1/overleggen/{id}/aanwezigheid", s.personal(s.recordAttendance)},
		{"GET /api/v1/overleggen/{id}/afspraken", s.personal(s.listAgreements)},
		{"POST /api/v1/overleggen/{id}/afspraken", s.personal(s.addAgreement)},
		{"GET /api/v1/overleggen/{id}/afspraken/{afspraakId}", s.personal(s.getAgreement)},
		{"POST /api/v1/overleggen/{id}/afspraken/{afspraakId}/uitvoering", s.personal(s.completeAgreement)},

		{"POST /api/v1/logboek/audit/_zoek", s.auth(s.searchAuditLog)},
		{"POST /api/v1/logboek/verwerkingen/_zoek", s.auth(s.searchProcessingLog)},
		{"GET /api/v1/logboek/controle", s.auth(s.verifyLogs)},

		{"GET /api/v1/incidenten", s.auth(s.listIncidents)},
		{"POST /api/v1/incidenten", s.auth(s.reportIncident)},
		{"GET /api/v1/incidenten/{id}", s.auth(s.getIncident)},
		{"POST /api/v1/incidenten/{id}/ap-besluit", s.auth(s.decideAP)},
		{"POST /api/v1/incidenten/{id}/betrokkenenbesluit", s.auth(s.decideSubjects)},
		{"POST /api/v1/incidenten/{id}/stappen", s.auth(s.addIncidentStep)},
		{"POST /api/v1/incidenten/{id}/kennisname", s.auth(s.acknowledgeIncident)},
		{"POST /api/v1/incidenten/{id}/afsluiting", s.auth(s.closeIncident)},
		{"GET /api/v1/datalekregister", s.auth(s.exportBreachRegister)},
		{"POST /api/v1/registraties", s.personal(s.importRegistrations)},
		{"POST /api/v1/registraties/_geldige", s.personal(s.importValidRegistrations)},
		{"GET /api/v1/registraties/_aantal", s.personal(s.countRegistrations)},
		{"GET /api/v1/groepsscans", s.personal(s.listScans)},
		{"POST /api/v1/groepsscans", s.personal(s.runScan)},
		{"GET /api/v1/groepsscans/{id}", s.personal(s.getScan)},
		{"GET /api/v1/groepsscans/{id}/groepen/{groepId}", s.personal(s.getScanGroup)},
		{"POST /api/v1/groepsscans/{id}/groepen/{groepId}/zachte-informatie", s.personal(s.addSoftInput)},
		{"POST /api/v1/groepsscans/{id}/groepen/{groepId}/groep", s.personal(s.createGroupFromScan)},
		{"GET /api/v1/groepsscans/{id}/groepen/{groepId}/groep", s.personal(s.getGroupFromScan)},
		{"GET /api/v1/groepsscans/{id}/groepen/{groepId}/rapport", s.personal(s.scanReport)},
		{"GET /api/v1/groepen/{id}/groepsscan", s.personal(s.getGroupScan)},
	}
}
