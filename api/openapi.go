package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// operation documents one route for the OpenAPI document. Each handler file
// declares the operations of its resource next to the handlers; the
// request and response schemas are generated from the Go types the handlers
// decode and encode, so the document cannot drift from the code.
type operation struct {
	// pattern is the route's pattern exactly as in routes.go.
	pattern     string
	id          string
	tag         string
	summary     string
	description string
	public      bool
	// personal marks an operation on casework, served through
	// requireProcessing: it answers 409 while Art 8 does not allow
	// processing yet, and 403 to a role without access to personal data or
	// a user without the confidentiality declaration.
	personal bool
	// body is a value of the request body's type; nil for none.
	body any
	// rawBody lists the media types of a body that is a file, not JSON.
	rawBody []string
	// status is the success status; result a value of the success body's
	// type, nil for an empty body (204).
	status int
	result any
	// problems are the error statuses the operation answers besides the
	// ones every operation of its shape can answer (see responses).
	problems []int
	// contentType is the media type of a success body that is not JSON
	// (such as application/pdf for a letter); result is nil then.
	contentType string
	// query are the operation's query parameters. They only ever carry
	// identifiers (UUIDs) or page numbers and sizes: filters on anything
	// else go in a request body.
	query []queryParam
	// csv marks an operation that also answers text/csv when the client
	// asks for it in Accept.
	csv bool
}

// queryParam is a query parameter that carries an identifier (UUID), or,
// with schema set, a number of that schema (the page parameters).
type queryParam struct {
	name, description string
	required          bool
	schema            map[string]any
}

// Tags group the operations in the document.
const (
	tagAccount    = "Account"
	tagCovenant   = "Convenant"
	tagPartners   = "Partners"
	tagAmendments = "Wijzigingen"
	tagRegister   = "Verwerkingsregister"
	tagDisputes   = "Geschillen"
	tagUsers      = "Gebruikers"
	tagLogbook    = "Logboek"
	tagGroups     = "Groepen"
	tagPersons    = "Personen"
	tagItems      = "Gegevens"
	tagPlans      = "Plannen"
	tagMeasures   = "Maatregelen"
	tagMeetings   = "Overleggen"
	tagDocs       = "Documentatie"
	tagRights     = "Verzoeken"
	tagComplaints = "Klachten"
	tagIncidents  = "Incidenten"
	tagGroepsscan = "Groepsscan"

	tagCorrectionNotices = "Correctieberichten"
)

var tags = []map[string]string{
	{"name": tagAccount, "description": "De aangemelde gebruiker, de geheimhoudingsverklaring (artikel 5.1) en de eigen API-tokens."},
	{"name": tagCovenant, "description": "Het convenant: voorwaarden, versies, ondertekeningen en de toets van artikel 8."},
	{"name": tagPartners, "description": "De partners van het convenant (\"Gelet op hun taken\")."},
	{"name": tagAmendments, "description": "Wijzigingen van het convenant, die pas gelden als elke partner heeft ingestemd (artikel 12.1)."},
	{"name": tagRegister, "description": "Het register van verwerkingsactiviteiten (AVG artikel 30) en het besluit op grond van artikel 20 Wet politiegegevens."},
	{"name": tagDisputes, "description": "Geschillen tussen partners over het convenant (artikel 11)."},
	{"name": tagUsers, "description": "Gebruikers en hun rollen; alleen voor beheerders."},
	{"name": tagGroups, "description": "Groepen en hun groepsaanpak door de zeven stappen van het werkproces: stappen, vraag 2A, het besluit van de driehoek, deelnemende partners, leden en betrokkenheid. Alleen wat need-to-know toestaat."},
	{"name": tagPersons, "description": "Betrokkenen: personen, hun lidmaatschappen van groepen en hun wettelijk vertegenwoordigers. Alleen identificaties in URL's; zoeken op naam gaat in de inhoud van het verzoek."},
	{"name": tagItems, "description": "Gegevens over een groep of een lid, elk van één bronpartner, zichtbaar volgens need-to-know (artikel 3.3, 4.3, 5.1 en 10 van het convenant)."},
	{"name": tagPlans, "description": "Het Plan van Aanpak per groep (stap 5): analyse en doelen, vastgesteld door de driehoek."},
	{"name": tagMeasures, "description": "De maatregelen van het Plan van Aanpak voor de groep of een lid, met de verantwoordelijke partner en de evaluatie."},
	{"name": tagMeetings, "description": "Overleggen per groep (artikel 5.3): groepsoverleg of overleg over individuele leden, uitnodigingen, aanwezigheid en afspraken; elk overleg zoals de kijkende partner het mag zien."},
	{"name": tagLogbook, "description": "Het verwerkingenlogboek (Logboek Dataverwerkingen) en het auditlogboek (BIO 8.15): metagegevens, nooit inhoud."},
	{"name": tagRights, "description": "Verzoeken van betrokkenen (artikel 6): inzage en afschrift, correctie en bezwaar, met de wettelijke termijn, identiteitscontrole, verlenging, de inzagebrief en het machineleesbare overzicht. Alleen voor de uitvoeringscoördinator en privacyfunctionarissen."},
	{"name": tagComplaints, "description": "Klachten van betrokkenen over de verwerking van hun gegevens (artikel 7), met de termijn van vier weken."},
	{"name": tagIncidents, "description": "Incidenten en datalekken (artikel 9 van het convenant, AVG artikel 33 en 34): melden met de gegevens van artikel 9.3, de termijn van 72 uur, de besluiten, de stappen en het register."},
	{"name": tagGroepsscan, "description": "De Groepsscan van de politie (stap 2B): import van politieregistraties, detectie van groepen en netwerken, hun profielen en de zachte informatie van de wijkagent. Alleen voor gebruikers van de politie."},
	{"name": tagCorrectionNotices, "description": "Berichten over correcties van gegevens die de eigen partner ontving (artikel 6.2 van het convenant, artikel 19 AVG), om door te voeren en te bevestigen. Voor elke gebruiker van een partner die persoonsgegevens verwerkt."},
	{"name": tagDocs, "description": "De beschrijving van deze API."},
}

// operations lists the documented operations of every resource.
func operations() []operation {
	return slices.Concat(
		openAPIOperations, meOperations, covenantOperations, partnerOperations,
		signatureOperations, amendmentOperations, registerOperations,
		wpg20Operations, disputeOperations, userOperations, tokenOperations,
		groupOperations, memberOperations, monitoringOperations, personOperations, itemOperations,
		planOperations, measureOperations, meetingOperations,
		logbookOperations, rightsOperations, notificationOperations, correctionOperations, correctionNoticeOperations,
		incidentOperations, groepsscanOperations, scanworkOperations,
	)
}

var openAPIOperations = []operation{{
	pattern: "GET /api/v1/openapi.json", id: "openapiOpvragen", tag: tagDocs, public: true,
	summary:     "OpenAPI-document opvragen",
	description: "Geeft deze beschrijving van de API als OpenAPI 3.0-document. Openbaar: er is geen token voor nodig.",
	status:      http.StatusOK, result: map[string]any{},
}}

// getOpenAPI serves the OpenAPI document (ADR /core/publish-openapi).
func (s *server) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Write(OpenAPI())
	return nil
}

// OpenAPI returns the OpenAPI 3.0.3 document of the API, the one served at
// /api/v1/openapi.json, for the command line and CI to write out and lint.
func OpenAPI() []byte { return openAPIDocument() }

var openAPIDocument = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(buildOpenAPI(), "", "  ")
	if err != nil {
		panic("api: OpenAPI document: " + err.Error())
	}
	return append(b, '\n')
})

// ref is a JSON reference to a component.
func ref(kind, name string) map[string]any {
	return map[string]any{"$ref": "#/components/" + kind + "/" + name}
}

// problemResponses names the shared error responses by status.
var problemResponses = map[int]struct{ name, description string }{
	http.StatusBadRequest:            {"OngeldigeInvoer", "Ongeldige invoer: elk afgewezen veld staat in invalidParams."},
	http.StatusUnauthorized:          {"NietAangemeld", "Geen of een ongeldig API-token."},
	http.StatusForbidden:             {"GeenToestemming", "U mag deze handeling niet uitvoeren."},
	http.StatusNotFound:              {"NietGevonden", "Niet gevonden, of u heeft geen toegang. Beide gevallen geven hetzelfde antwoord."},
	http.StatusConflict:              {"Conflict", "De handeling past niet bij de huidige toestand, of artikel 8 staat verwerking nog niet toe (code gate_closed, met missingConditions)."},
	http.StatusRequestEntityTooLarge: {"TeGroot", "De inhoud van het verzoek is groter dan 1 MiB."},
	http.StatusUnsupportedMediaType:  {"MediatypeNietOndersteund", "De inhoud van het verzoek is geen application/json."},
	http.StatusTooManyRequests:       {"TeVeelPogingen", "Te veel mislukte aanmeldingen vanaf dit adres, of te veel nieuwe tokens: probeer het later opnieuw."},
	http.StatusInternalServerError:   {"InterneFout", "Er ging iets mis; de details staan alleen in het applicatielog."},
}

func buildOpenAPI() map[string]any {
	g := newSchemaGen()
	paths := map[string]map[string]any{}
	for _, op := range operations() {
		method, path, ok := strings.Cut(op.pattern, " ")
		if !ok || !strings.HasPrefix(path, basePath+"/") {
			panic("api: operation pattern " + op.pattern + " is not METHOD /api/v1/…")
		}
		rel := strings.TrimPrefix(path, basePath)
		if paths[rel] == nil {
			paths[rel] = map[string]any{}
		}
		paths[rel][strings.ToLower(method)] = g.operation(op, pathParams(rel))
	}

	responses := map[string]any{}
	for status, pr := range problemResponses {
		headers := map[string]any{"API-Version": ref("headers", "API-Version"), "traceparent": ref("headers", "traceparent")}
		if status == http.StatusUnauthorized {
			headers["WWW-Authenticate"] = map[string]any{
				"description": "Het verwachte schema: Bearer (RFC 6750).",
				"schema":      map[string]any{"type": "string"},
			}
		}
		responses[pr.name] = map[string]any{
			"description": pr.description,
			"headers":     headers,
			"content":     map[string]any{problemContentType: map[string]any{"schema": g.schema(reflect.TypeFor[Problem]())}},
		}
	}

	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "Groepsaanpak API",
			"version": APIVersion,
			"description": "De API van Groepsaanpak, het gedeelde dossier van de partners in het convenant " +
				"Werkproces Integrale Aanpak Problematische Jeugdgroepen en Groepsgedrag. De API volgt de " +
				"REST API Design Rules van de Nederlandse overheid.\n\n" +
				"Aanmelden gaat met een API-token in de header `Authorization: Bearer …`; alleen dit document " +
				"is openbaar. Elk antwoord heeft de header `API-Version`. Fouten zijn `application/problem+json` " +
				"(RFC 9457). Een W3C-header `traceparent` wordt overgenomen; het antwoord geeft de `traceparent` " +
				"van de verwerking terug, waarmee de regels in het verwerkingen- en auditlogboek te vinden zijn. " +
				"URL's bevatten alleen identificaties (UUID's), nooit persoonsgegevens; zoekvragen gaan in de " +
				"inhoud van een POST-verzoek.",
			"contact": map[string]any{
				"name":  "Beheer Groepsaanpak",
				"email": "beheer@groepsaanpak.example",
				"url":   "https://github.com/groepsaanpak/groepsaanpak",
			},
		},
		"servers":  []any{map[string]any{"url": basePath, "description": "Deze server."}},
		"tags":     tags,
		"security": []any{map[string]any{"bearerAuth": []string{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas":   g.components,
			"responses": responses,
			"headers": map[string]any{
				"API-Version": map[string]any{
					"description": "De volledige versie van de API (semver).",
					"required":    true,
					"schema":      map[string]any{"type": "string", "example": APIVersion},
				},
				"traceparent": map[string]any{
					"description": "W3C Trace Context van deze verwerking: de trace van de aanroeper (of een nieuwe) met een eigen span.",
					"schema":      map[string]any{"type": "string", "pattern": "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"},
				},
				"Location": map[string]any{
					"description": "Het pad van de aangemaakte resource.",
					"required":    true,
					"schema":      map[string]any{"type": "string"},
				},
			},
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{
					"type":         "http",
					"scheme":       "bearer",
					"bearerFormat": "gat_…",
					"description":  "Een API-token, aan te maken in de webinterface, met `groepsaanpak token create` of met POST /tokens.",
				},
			},
		},
	}
}

// pathParams returns the names of the {parameters} in a path.
func pathParams(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			names = append(names, seg[1:len(seg)-1])
		}
	}
	return names
}

// operation builds the OpenAPI operation object. Besides op.problems, every
// authenticated operation answers 401 and 500; a personal one 403 and 409;
// one with path or query parameters or a body answers 400; one with path
// parameters 404; one with a body 413 and 415 (ADR
// /core/error-handling/invalid-input).
func (g *schemaGen) operation(op operation, params []string) map[string]any {
	o := map[string]any{
		"operationId": op.id,
		"summary":     op.summary,
		"description": op.description,
		"tags":        []string{op.tag},
	}
	if op.public {
		o["security"] = []any{}
	}
	var parameters []any
	for _, name := range params {
		parameters = append(parameters, map[string]any{
			"name": name, "in": "path", "required": true,
			"description": "De identificatie (UUID).",
			"schema":      map[string]any{"type": "string", "format": "uuid"},
		})
	}
	for _, q := range op.query {
		schema := q.schema
		if schema == nil {
			schema = map[string]any{"type": "string", "format": "uuid"}
		}
		parameters = append(parameters, map[string]any{
			"name": q.name, "in": "query", "required": q.required,
			"description": q.description,
			"schema":      schema,
		})
	}
	if parameters != nil {
		o["parameters"] = parameters
	}
	if op.body != nil {
		o["requestBody"] = map[string]any{
			"required": true,
			"content":  map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(op.body))}},
		}
	}
	if op.rawBody != nil {
		content := map[string]any{}
		for _, mt := range op.rawBody {
			content[mt] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		o["requestBody"] = map[string]any{"required": true, "content": content}
	}

	headers := map[string]any{"API-Version": ref("headers", "API-Version"), "traceparent": ref("headers", "traceparent")}
	if op.status == http.StatusCreated {
		headers["Location"] = ref("headers", "Location")
	}
	success := map[string]any{"description": http.StatusText(op.status), "headers": headers}
	if op.result != nil {
		content := map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(op.result))}}
		if op.csv {
			content["text/csv"] = map[string]any{"schema": map[string]any{"type": "string", "description": "RFC 4180, met een kopregel."}}
		}
		success["content"] = content
	}
	if op.contentType != "" {
		success["content"] = map[string]any{op.contentType: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	}
	responses := map[string]any{strconv.Itoa(op.status): success}

	statuses := slices.Clone(op.problems)
	statuses = append(statuses, http.StatusInternalServerError)
	if !op.public {
		statuses = append(statuses, http.StatusUnauthorized, http.StatusTooManyRequests)
	}
	if op.personal {
		statuses = append(statuses, http.StatusForbidden, http.StatusConflict)
	}
	if len(params) > 0 || len(op.query) > 0 || op.body != nil || op.rawBody != nil {
		statuses = append(statuses, http.StatusBadRequest)
	}
	if len(params) > 0 {
		statuses = append(statuses, http.StatusNotFound)
	}
	if op.body != nil || op.rawBody != nil {
		statuses = append(statuses, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	for _, st := range statuses {
		pr, ok := problemResponses[st]
		if !ok {
			panic(fmt.Sprintf("api: operation %s: no problem response for %d", op.id, st))
		}
		responses[strconv.Itoa(st)] = ref("responses", pr.name)
	}
	o["responses"] = responses
	return o
}

// schemaGen generates OpenAPI schemas from Go types by their json tags.
// Named structs become components under a Dutch name from schemaNames.
type schemaGen struct {
	components map[string]any
}

func newSchemaGen() *schemaGen { return &schemaGen{components: map[string]any{}} }

// schemaInfo is the component name and description of a Go struct type.
type schemaInfo struct{ name, description string }

// schemaNames names every struct type that appears in the API. A struct
// missing here makes buildOpenAPI panic, which the tests catch.
var schemaNames = map[reflect.Type]schemaInfo{
	reflect.TypeFor[storage.ImportReport]():       {"Importverslag", "De uitkomst van een import van politieregistraties: geldig, afgekeurd (met regel en redenen), nieuw, gewijzigd, ongewijzigd, en verlopen (ouder dan de bewaartermijn van de registraties, niet geïmporteerd)."},
	reflect.TypeFor[groepsscan.RowError]():        {"AfgekeurdeRegistratie", "Een afgekeurde registratie: de regel waarop zij begint, het registratieId als dat leesbaar was, en elke reden."},
	reflect.TypeFor[storage.RegistrationCount]():  {"Registratieaantal", "Het aantal opgeslagen registraties en personen."},
	reflect.TypeFor[scanList]():                   {"GroepsscanLijst", "De uitgevoerde groepsscans, nieuwste eerst."},
	reflect.TypeFor[storage.ScanSummary]():        {"Groepsscan", "Een uitgevoerde groepsscan: periode en aantallen, zonder persoonsgegevens."},
	reflect.TypeFor[storage.ScanView]():           {"GroepsscanMetGroepen", "Een groepsscan met de gedetecteerde groepen."},
	reflect.TypeFor[storage.ScanGroupSummary]():   {"GedetecteerdeGroepSamenvatting", "Een gedetecteerde groep zonder persoonsgegevens: blijvende id, omvang, overlap met de vorige scan en shortlist-suggestie."},
	reflect.TypeFor[storage.ScanGroupView]():      {"GedetecteerdeGroep", "Een gedetecteerde groep met profiel, onzekere matches en zachte informatie."},
	reflect.TypeFor[groepsscan.Profile]():         {"Groepsprofiel", "Het profiel van een gedetecteerde groep (docs/groepsscan.md)."},
	reflect.TypeFor[groepsscan.MonthCount]():      {"Maandaantallen", "Het aantal registraties per categorie (overlast, criminaliteit, zorg) in een maand."},
	reflect.TypeFor[groepsscan.Count]():           {"Telling", "Een waarde en hoe vaak die voorkomt."},
	reflect.TypeFor[groepsscan.MemberProfile]():   {"Groepslid", "Een lid van een gedetecteerde groep met voorgestelde rol, banden en registraties."},
	reflect.TypeFor[groepsscan.Tie]():             {"Band", "Twee leden en het aantal registraties waarin zij samen voorkomen."},
	reflect.TypeFor[groepsscan.PersonKey]():       {"Persoonssleutel", "De genormaliseerde naam en geboortedatum waarmee een persoon over registraties heen wordt herkend."},
	reflect.TypeFor[storage.UncertainMatchView](): {"OnzekereMatch", "Een lid en een andere persoon die mogelijk dezelfde zijn; niet samengevoegd, ter beoordeling."},
	reflect.TypeFor[storage.SoftInput]():          {"ZachteInformatie", "Zachte informatie van de wijkagent over de groep of een lid, apart van de registraties."},
	reflect.TypeFor[softInputInput]():             {"ZachteInformatieInvoer", "Een observatie, hangplek of opmerking over de groep, of over het lid op positie lidIndex."},
	reflect.TypeFor[Problem]():                    {"Probleem", "Een foutmelding volgens RFC 9457."},
	reflect.TypeFor[ProblemParam]():               {"ProbleemOnderdeel", "Een afgewezen veld of een ontbrekende voorwaarde, met de reden."},
	reflect.TypeFor[ga.Detail]():                  {"Melding", "Een benoemde reden, zoals een ontbrekende voorwaarde van artikel 8."},
	reflect.TypeFor[meResponse]():                 {"Ik", "De aangemelde gebruiker."},
	reflect.TypeFor[confidentialityInput]():       {"GeheimhoudingsverklaringInvoer", "De versie van het convenant waarvoor de gebruiker de geheimhoudingsplicht aanvaardt."},
	reflect.TypeFor[confidentialityOutput]():      {"Geheimhoudingsverklaring", "De aanvaarde geheimhoudingsplicht (artikel 5.1)."},
	reflect.TypeFor[ga.Covenant]():                {"Convenant", "Het convenant met de voorwaarden die gelden."},
	reflect.TypeFor[ga.CovenantTerms]():           {"Convenantvoorwaarden", "De voorwaarden van het convenant die alleen een wijziging met instemming van elke partner verandert (artikel 12.1)."},
	reflect.TypeFor[covenantVersionList]():        {"ConvenantversieLijst", "Alle versies van de voorwaarden, oudste eerst."},
	reflect.TypeFor[storage.CovenantVersion]():    {"Convenantversie", "Eén versie van de voorwaarden in de geschiedenis van het convenant."},
	reflect.TypeFor[gateStatus]():                 {"Convenantstatus", "Of verwerking van persoonsgegevens is toegestaan (artikel 8), en zo niet wat ontbreekt."},
	reflect.TypeFor[ga.Partner]():                 {"Partner", "Een organisatie die het convenant heeft ondertekend."},
	reflect.TypeFor[partnerInput]():               {"PartnerInvoer", "De gegevens van een partner die een beheerder vastlegt."},
	reflect.TypeFor[partnerList]():                {"PartnerLijst", "Alle partners, op naam."},
	reflect.TypeFor[ga.Signature]():               {"Ondertekening", "De ondertekening van het convenant door een partner."},
	reflect.TypeFor[signatureInput]():             {"OndertekeningInvoer", "De ondertekening die wordt vastgelegd."},
	reflect.TypeFor[signatureList]():              {"OndertekeningLijst", "Alle ondertekeningen."},
	reflect.TypeFor[ga.Amendment]():               {"Wijziging", "Een voorgestelde wijziging van het convenant met de instemmingen."},
	reflect.TypeFor[ga.Approval]():                {"Instemming", "De instemming van een partner met een wijziging."},
	reflect.TypeFor[amendmentInput]():             {"WijzigingInvoer", "Een voorstel tot wijziging: de toelichting en de volledige nieuwe voorwaarden."},
	reflect.TypeFor[amendmentList]():              {"WijzigingLijst", "Alle wijzigingen, nieuwste eerst."},
	reflect.TypeFor[ga.RegisterEntry]():           {"Registerversie", "Eén versie van een verwerkingsactiviteit in het register (AVG artikel 30)."},
	reflect.TypeFor[registerEntryInput]():         {"RegisterversieInvoer", "Een nieuwe versie van een verwerkingsactiviteit."},
	reflect.TypeFor[registerEntryList]():          {"RegisterversieLijst", "Alle versies van alle verwerkingsactiviteiten."},
	reflect.TypeFor[ga.Wpg20Decision]():           {"Wpg20Besluit", "Het schriftelijke besluit van de politie op grond van artikel 20 Wet politiegegevens."},
	reflect.TypeFor[wpg20Input]():                 {"Wpg20BesluitInvoer", "Het besluit dat wordt vastgelegd."},
	reflect.TypeFor[wpg20List]():                  {"Wpg20BesluitLijst", "Alle besluiten, nieuwste eerst."},
	reflect.TypeFor[ga.Dispute]():                 {"Geschil", "Een geschil tussen partners over het convenant (artikel 11)."},
	reflect.TypeFor[disputeInput]():               {"GeschilInvoer", "Een geschil dat wordt vastgelegd."},
	reflect.TypeFor[disputeList]():                {"GeschilLijst", "Alle geschillen, nieuwste eerst."},
	reflect.TypeFor[resolutionInput]():            {"OplossingInvoer", "De oplossing van een geschil."},
	reflect.TypeFor[ga.User]():                    {"Gebruiker", "Een professional die voor één partner werkt."},
	reflect.TypeFor[userInput]():                  {"GebruikerInvoer", "Een nieuwe gebruiker met een eerste wachtwoord; de tweede factor stelt de gebruiker zelf in bij de eerste aanmelding."},
	reflect.TypeFor[userUpdate]():                 {"GebruikerWijziging", "De gegevens van een gebruiker die een beheerder kan wijzigen."},
	reflect.TypeFor[userList]():                   {"GebruikerLijst", "Alle gebruikers."},
	reflect.TypeFor[storage.APIToken]():           {"Token", "Een API-token; alleen de hash ervan wordt bewaard."},
	reflect.TypeFor[tokenInput]():                 {"TokenInvoer", "Een nieuw API-token."},
	reflect.TypeFor[newToken]():                   {"NieuwToken", "Een nieuw API-token met het token zelf, dat alleen nu wordt getoond."},
	reflect.TypeFor[tokenList]():                  {"TokenLijst", "De eigen API-tokens."},
	reflect.TypeFor[auditSearch]():                {"AuditZoekvraag", "Filters op het auditlogboek; lege filters filteren niet."},
	reflect.TypeFor[auditPage]():                  {"AuditPagina", "Een pagina regels uit het auditlogboek."},
	reflect.TypeFor[auditEntry]():                 {"AuditRegel", "Eén regel van het auditlogboek met de index in het logboek."},
	reflect.TypeFor[processingSearch]():           {"VerwerkingZoekvraag", "Filters op het verwerkingenlogboek; lege filters filteren niet."},
	reflect.TypeFor[processingPage]():             {"VerwerkingPagina", "Een pagina regels uit het verwerkingenlogboek."},
	reflect.TypeFor[processingEntry]():            {"VerwerkingRegel", "Eén regel van het verwerkingenlogboek (Logboek Dataverwerkingen) met de index in het logboek."},
	reflect.TypeFor[logVerification]():            {"Logboekcontrole", "De uitkomst van de controle van beide logboeken."},
	reflect.TypeFor[logCheck]():                   {"LogboekcontroleRegel", "De uitkomst van de controle van één logboek."},

	reflect.TypeFor[ga.Group]():                 {"Groep", "Een jeugdgroep of fluïde netwerk met de stand van de groepsaanpak; geen persoonsgegevens van leden."},
	reflect.TypeFor[ga.TriangleDecision]():      {"Driehoeksbesluit", "Het besluit van de lokale driehoek in stap 4."},
	reflect.TypeFor[groupList]():                {"GroepLijst", "De groepen die de gebruiker mag zien, op naam."},
	reflect.TypeFor[groupInput]():               {"GroepInvoer", "Een nieuwe groep; stap is leeg of signalen, of informatie bij een Groepsscan."},
	reflect.TypeFor[groupEdit]():                {"GroepWijziging", "Naam of alias, wijk en vorm van een groep."},
	reflect.TypeFor[transition]():               {"Stapovergang", "Eén overgang tussen stappen van het werkproces, met wie, wanneer en waarom; zonder van bij de start."},
	reflect.TypeFor[transitionList]():           {"StapovergangLijst", "De overgangen van een groepsaanpak, oudste eerst."},
	reflect.TypeFor[stepInput]():                {"StapInvoer", "De volgende stap met de reden; bij afsluiten ook de evaluatie."},
	reflect.TypeFor[problematicInput]():         {"ProbleemanalyseInvoer", "Het antwoord op vraag 2A met de reden."},
	reflect.TypeFor[decisionInput]():            {"DriehoeksbesluitInvoer", "Het besluit van de driehoek dat wordt vastgelegd."},
	reflect.TypeFor[participantList]():          {"DeelnemerLijst", "De partners die aan de groepsaanpak deelnemen."},
	reflect.TypeFor[participantInput]():         {"DeelnemerInvoer", "De partner die gaat deelnemen."},
	reflect.TypeFor[storage.Member]():           {"Lid", "Een lidmaatschap van de groep met de gegevens van het lid."},
	reflect.TypeFor[memberList]():               {"LidLijst", "De leden van een groep die de gebruiker mag zien, op naam."},
	reflect.TypeFor[ga.Person]():                {"Persoon", "Een betrokkene: een lid van een of meer groepen."},
	reflect.TypeFor[ga.Representative]():        {"Vertegenwoordiger", "Een wettelijk vertegenwoordiger van een persoon jonger dan 16 (UAVG artikel 5)."},
	reflect.TypeFor[ga.Membership]():            {"Lidmaatschap", "Het lidmaatschap van een persoon van een groep, met rol en data."},
	reflect.TypeFor[storage.Involvement]():      {"Betrokkenheid", "De betrokkenheid van een partner bij een lid in een groepsaanpak: geregistreerd of afgeleid."},
	reflect.TypeFor[storage.EndedInvolvement](): {"BeeindigdeBetrokkenheid", "Een door de uitvoeringscoördinator beëindigde geregistreerde betrokkenheid: wanneer, door wie en waarom."},
	reflect.TypeFor[involvementList]():          {"BetrokkenheidLijst", "De partners die bij een lid betrokken zijn."},
	reflect.TypeFor[involvementInput]():         {"BetrokkenheidInvoer", "De partner die bij het lid betrokken is, met de reden."},
	reflect.TypeFor[reasonInput]():              {"RedenInvoer", "De reden van een handeling."},
	reflect.TypeFor[storage.PersonView]():       {"PersoonMetLidmaatschappen", "Een persoon met de wettelijk vertegenwoordigers en de lidmaatschappen die de gebruiker mag zien."},
	reflect.TypeFor[personInput]():              {"PersoonInvoer", "Een nieuwe persoon met het lidmaatschap van de groep waarin hij wordt vastgelegd."},
	reflect.TypeFor[personUpdate]():             {"PersoonWijziging", "De gegevens van een persoon die de bronpartner wijzigt."},
	reflect.TypeFor[membershipTerms]():          {"LidmaatschapVoorwaarden", "Rol, startdatum en (optioneel) einddatum van een lidmaatschap."},
	reflect.TypeFor[membershipInput]():          {"LidmaatschapInvoer", "Een nieuw lidmaatschap van een groep."},
	reflect.TypeFor[membershipEnd]():            {"LidmaatschapEinde", "De einddatum van een lidmaatschap."},
	reflect.TypeFor[membershipList]():           {"LidmaatschapLijst", "De lidmaatschappen van een persoon die de gebruiker mag zien."},
	reflect.TypeFor[representativeInput]():      {"VertegenwoordigerInvoer", "Naam, relatie en adres van een wettelijk vertegenwoordiger."},
	reflect.TypeFor[representativeList]():       {"VertegenwoordigerLijst", "De wettelijk vertegenwoordigers van een persoon."},
	reflect.TypeFor[personSearch]():             {"PersoonZoekvraag", "Een deel van de naam; leeg geeft alle personen die de gebruiker mag zien."},
	reflect.TypeFor[personList]():               {"PersoonLijst", "De gevonden personen, op naam, met hun aantal."},
	reflect.TypeFor[ga.Item]():                  {"Gegeven", "Eén gegeven over een groep of een lid, ingebracht door één bronpartner."},
	reflect.TypeFor[itemInput]():                {"GegevenInvoer", "Een nieuw gegeven over de groep of een lid ervan."},
	reflect.TypeFor[itemUpdate]():               {"GegevenWijziging", "De velden van een gegeven die de bronpartner wijzigt."},
	reflect.TypeFor[itemSearch]():               {"GegevenZoekvraag", "Filters op de gegevens die de gebruiker mag zien; lege filters filteren niet."},
	reflect.TypeFor[itemList]():                 {"GegevenLijst", "Eén pagina van de gevonden gegevens, nieuwste datum eerst, met hun aantal en de links naar de andere pagina's."},
	reflect.TypeFor[pageLinks]():                {"PaginaLinks", "De links naar deze, de eerste, de vorige en de volgende pagina (HAL); vorige en volgende ontbreken aan het begin en het eind."},
	reflect.TypeFor[link]():                     {"Link", "Een link (HAL)."},
	reflect.TypeFor[shareInput]():               {"DelingInvoer", "De partner waarmee een bijzonder of strafrechtelijk gegeven expliciet wordt gedeeld."},
	reflect.TypeFor[ga.Monitoring]():            {"Monitoring", "De periodieke monitoring van een groepsaanpak; elk aantal telt alleen wat de gebruiker mag zien."},
	reflect.TypeFor[ga.MonthCount]():            {"MaandTelling", "De leden van de groep in één kalendermaand, per rol, met de nieuwe aanwas."},
	reflect.TypeFor[ga.Plan]():                  {"PlanVanAanpak", "Het Plan van Aanpak van een groep met de vaststelling door de driehoek."},
	reflect.TypeFor[planInput]():                {"PlanVanAanpakInvoer", "Analyse en doelen van het plan."},
	reflect.TypeFor[adoptionInput]():            {"VaststellingInvoer", "De datum waarop de driehoek het plan vaststelde."},
	reflect.TypeFor[ga.Measure]():               {"Maatregel", "Een maatregel van het Plan van Aanpak, voor de groep of voor één lid."},
	reflect.TypeFor[measureInput]():             {"MaatregelInvoer", "Een nieuwe maatregel in het plan van een groep."},
	reflect.TypeFor[measureUpdate]():            {"MaatregelWijziging", "De velden van een maatregel die kunnen wijzigen."},
	reflect.TypeFor[measureList]():              {"MaatregelLijst", "Maatregelen die de gebruiker mag zien."},
	reflect.TypeFor[ga.Meeting]():               {"Overleg", "Een overleg van een groepsaanpak met uitnodigingen en afspraken."},
	reflect.TypeFor[ga.MeetingView]():           {"OverlegWeergave", "Een overleg met de gegevens die deze gebruiker mag zien."},
	reflect.TypeFor[ga.Invitation]():            {"Uitnodiging", "Een uitgenodigde partner, met de aanwezigheid als die is vastgelegd."},
	reflect.TypeFor[ga.Agreement]():             {"Afspraak", "Een afspraak uit een overleg: wat, welke partner en uiterlijk wanneer."},
	reflect.TypeFor[meetingList]():              {"OverlegLijst", "De overleggen van een groep die de gebruiker mag zien, nieuwste eerst."},
	reflect.TypeFor[meetingInput]():             {"OverlegInvoer", "Een nieuw overleg van een groep."},
	reflect.TypeFor[meetingUpdate]():            {"OverlegWijziging", "Datum, agenda, verslag en besluiten van een overleg."},
	reflect.TypeFor[invitationList]():           {"UitnodigingLijst", "De uitgenodigde partners van een overleg."},
	reflect.TypeFor[attendanceInput]():          {"AanwezigheidInvoer", "Of een uitgenodigde partner aanwezig was."},
	reflect.TypeFor[agreementList]():            {"AfspraakLijst", "De afspraken van een overleg."},
	reflect.TypeFor[agreementInput]():           {"AfspraakInvoer", "Een nieuwe afspraak uit een overleg."},
	reflect.TypeFor[completionInput]():          {"UitvoeringInvoer", "De datum waarop een afspraak is uitgevoerd."},

	reflect.TypeFor[ga.RightsCase]():           {"Zaak", "Een verzoek of klacht van een betrokkene met de wettelijke termijn."},
	reflect.TypeFor[storage.CaseView]():        {"ZaakWeergave", "Een verzoek of klacht met de namen van persoon en vertegenwoordiger, de geweigerde gegevens en de stand van de termijn."},
	reflect.TypeFor[ga.IdentityCheck]():        {"Identiteitscontrole", "Hoe de identiteit van de verzoeker is vastgesteld."},
	reflect.TypeFor[ga.Extension]():            {"Verlenging", "De verlenging van de termijn met één of twee maanden (artikel 12 lid 3 AVG)."},
	reflect.TypeFor[ga.Suspension]():           {"Opschorting", "Een periode waarin de termijn niet liep (artikel 12 lid 6 AVG)."},
	reflect.TypeFor[ga.Withholding]():          {"Weigering", "Een gegeven dat bij inzage wordt geweigerd, met grond en motivering (artikel 6.1.4 en 6.1.5)."},
	reflect.TypeFor[caseList]():                {"ZaakLijst", "Verzoeken of klachten, de vroegste uiterste datum eerst."},
	reflect.TypeFor[caseInput]():               {"VerzoekInvoer", "Een nieuw verzoek van een betrokkene."},
	reflect.TypeFor[complaintInput]():          {"KlachtInvoer", "Een nieuwe klacht van een betrokkene."},
	reflect.TypeFor[casePersonSearch]():        {"BetrokkeneZoekvraag", "Naam en geboortedatum zoals de verzoeker die opgeeft."},
	reflect.TypeFor[casePersonList]():          {"BetrokkeneLijst", "De gevonden personen met hun wettelijk vertegenwoordigers."},
	reflect.TypeFor[storage.CasePerson]():      {"Betrokkene", "Een persoon zoals de behandelaar die vindt om een verzoek te registreren."},
	reflect.TypeFor[suspensionInput]():         {"OpschortingInvoer", "Grond en reden van een opschorting."},
	reflect.TypeFor[decisionOnCase]():          {"ZaakBesluitInvoer", "Uitkomst en motivering van het besluit op een verzoek of klacht."},
	reflect.TypeFor[ga.AccessOverview]():       {"Inzageoverzicht", "Het overzicht van alle gegevens over een persoon bij alle partners (artikel 6.1.3, artikel 15 AVG)."},
	reflect.TypeFor[ga.AccessPerson]():         {"InzagePersoon", "De betrokkene of de geadresseerde van de brief."},
	reflect.TypeFor[ga.AccessItem]():           {"InzageGegeven", "Eén gegeven met doel, categorie, herkomst en ontvangers."},
	reflect.TypeFor[ga.AccessReceipt]():        {"Ontvangst", "Een partner die gegevens ontving of inzag, met datum, volgens de logboeken."},
	reflect.TypeFor[ga.AccessWithheld]():       {"GeweigerdGegeven", "Een geweigerd gegeven: alleen grond en motivering."},
	reflect.TypeFor[ga.AccessMembership]():     {"InzageLidmaatschap", "Een lidmaatschap van de persoon."},
	reflect.TypeFor[ga.AccessMeasure]():        {"InzageMaatregel", "Een maatregel voor de persoon."},
	reflect.TypeFor[ga.AccessMeeting]():        {"InzageOverleg", "Een overleg over de persoon, met de uitgenodigde partners en de afspraken."},
	reflect.TypeFor[ga.Notification]():         {"Notificatie", "Het bericht aan een lid of een wettelijk vertegenwoordiger over de verwerking na het besluit van de driehoek."},
	reflect.TypeFor[ga.Deferral]():             {"NotificatieUitstel", "Het uitstel van een notificatie op een wettelijke grond, met motivering en herbeoordelingsdatum."},
	reflect.TypeFor[notificationList]():        {"NotificatieLijst", "De notificaties van een groep."},
	reflect.TypeFor[notificationAddressee]():   {"NotificatieGeadresseerde", "Het lid, of een wettelijk vertegenwoordiger van het lid."},
	reflect.TypeFor[notificationSent]():        {"NotificatieVerzending", "De verzending van een notificatiebrief."},
	reflect.TypeFor[notificationDeferral]():    {"NotificatieUitstelInvoer", "Het uitstel van een notificatie voor een geadresseerde."},
	reflect.TypeFor[ga.Correction]():           {"Correctie", "Het besluit op één gegeven van een verzoek om correctie of na een bezwaar."},
	reflect.TypeFor[ga.CorrectionNotice]():     {"CorrectieBericht", "Het bericht van een correctie aan een partner die het gegeven ontving, met de bevestiging."},
	reflect.TypeFor[correctionList]():          {"CorrectieLijst", "De besluiten per gegeven van een verzoek."},
	reflect.TypeFor[correctionInput]():         {"CorrectieInvoer", "Het besluit op één gegeven."},
	reflect.TypeFor[confirmationInput]():       {"BevestigingInvoer", "De partner die de correctie bevestigt."},
	reflect.TypeFor[correctionNoticeList]():    {"CorrectieberichtLijst", "De correcties die de eigen partner nog moet bevestigen."},
	reflect.TypeFor[ga.CorrectionToConfirm]():  {"TeBevestigenCorrectie", "Een toegewezen correctie van een gegeven dat de eigen partner ontving, zonder de inhoud."},
	reflect.TypeFor[ga.ObjectionDecision]():    {"BezwaarBesluit", "Het besluit op een bezwaar met de maatregelen."},
	reflect.TypeFor[ga.ComplaintHandling]():    {"KlachtRoute", "De partners waarop een klacht zich richt en de route: doorgezonden of gezamenlijke commissie."},
	reflect.TypeFor[ga.CommitteeMember]():      {"CommissieLid", "Een lid van de gezamenlijke klachtencommissie."},
	reflect.TypeFor[incidentView]():            {"Incident", "Een incident of datalek (artikel 9 van het convenant) met de stand van de termijn van 72 uur."},
	reflect.TypeFor[ga.IncidentNotification](): {"IncidentKennisgeving", "De melding aan een betrokken partner en de bevestiging ervan."},
	reflect.TypeFor[ga.APDecision]():           {"ApBesluit", "Het besluit over melding aan de Autoriteit Persoonsgegevens (AVG artikel 33)."},
	reflect.TypeFor[ga.SubjectsDecision]():     {"Betrokkenenbesluit", "Het besluit over het informeren van de betrokkenen (AVG artikel 34)."},
	reflect.TypeFor[ga.IncidentStep]():         {"Incidentstap", "Een stap van onderzoek of herstel."},
	reflect.TypeFor[incidentClock]():           {"TermijnAp", "De termijn van 72 uur vanaf het bekend worden, voor een datalek."},
	reflect.TypeFor[incidentList]():            {"IncidentLijst", "Incidenten die de gebruiker mag zien, nieuwste melding eerst."},
	reflect.TypeFor[incidentInput]():           {"IncidentInvoer", "Een nieuw incident met de gegevens van artikel 9.3 van het convenant."},
	reflect.TypeFor[apDecisionInput]():         {"ApBesluitInvoer", "Het besluit over melding aan de Autoriteit Persoonsgegevens."},
	reflect.TypeFor[subjectsDecisionInput]():   {"BetrokkenenbesluitInvoer", "Het besluit over het informeren van de betrokkenen."},
	reflect.TypeFor[incidentStepInput]():       {"IncidentstapInvoer", "Een stap van onderzoek, herstel of een maatregel."},
}

// enums lists the allowed values of the domain's string types.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[ga.PartnerKind]():            strs(ga.PartnerKinds),
	reflect.TypeFor[ga.Role]():                   strs(ga.Roles),
	reflect.TypeFor[ga.ControllerModel]():        {string(ga.JointControllers), string(ga.DesignatedController)},
	reflect.TypeFor[ga.AmendmentStatus]():        {string(ga.AmendmentProposed), string(ga.AmendmentInForce), string(ga.AmendmentWithdrawn)},
	reflect.TypeFor[ga.DisputeStatus]():          {string(ga.DisputeOpen), string(ga.DisputeResolved)},
	reflect.TypeFor[ga.AuditResult]():            {string(ga.ResultSuccess), string(ga.ResultDenied), string(ga.ResultFailed)},
	reflect.TypeFor[ga.Step]():                   strs(ga.Steps),
	reflect.TypeFor[ga.GroupForm]():              {string(ga.FormGroup), string(ga.FormNetwork)},
	reflect.TypeFor[ga.MembershipRole]():         {string(ga.RoleCore), string(ga.RoleFollower), string(ga.RoleRecruit)},
	reflect.TypeFor[ga.ItemStatus]():             {string(ga.ItemActive), string(ga.ItemCorrected), string(ga.ItemBlocked), string(ga.ItemDeleted)},
	reflect.TypeFor[ga.MeasureKind]():            strs(ga.MeasureKinds),
	reflect.TypeFor[ga.MeasureStatus]():          strs(ga.MeasureStatuses),
	reflect.TypeFor[ga.MeetingKind]():            {string(ga.MeetingGroup), string(ga.MeetingIndividual)},
	reflect.TypeFor[ga.CaseKind]():               strs(ga.CaseKinds),
	reflect.TypeFor[ga.Channel]():                strs(ga.Channels),
	reflect.TypeFor[ga.CaseStatus]():             {string(ga.CaseReceived), string(ga.CaseInProgress), string(ga.CaseSuspended), string(ga.CaseDecided)},
	reflect.TypeFor[ga.SuspensionGround]():       {string(ga.SuspendIdentity)},
	reflect.TypeFor[ga.WithholdGround]():         strs(ga.WithholdGrounds),
	reflect.TypeFor[ga.NotificationStatus]():     {string(ga.NotificationPending), string(ga.NotificationSent), string(ga.NotificationDeferred)},
	reflect.TypeFor[ga.CorrectionAction]():       strs(ga.CorrectionActions),
	reflect.TypeFor[ga.ComplaintRoute]():         {string(ga.RouteForward), string(ga.RouteCommittee)},
	reflect.TypeFor[ga.IncidentStatus]():         {string(ga.IncidentReported), string(ga.IncidentInProgress), string(ga.IncidentClosed)},
	reflect.TypeFor[ga.SignalKind]():             strs(ga.SignalKinds),
	reflect.TypeFor[ga.StepKind]():               {string(ga.StepInvestigation), string(ga.StepRecovery), string(ga.StepMeasure), string(ga.StepRecurrence)},
	reflect.TypeFor[ga.SubjectsException]():      strs(ga.SubjectsExceptions),
	reflect.TypeFor[ga.ClockState]():             {string(ga.ClockNotApplicable), string(ga.ClockRunning), string(ga.ClockExpired), string(ga.ClockMetInTime), string(ga.ClockMetLate)},
	reflect.TypeFor[ga.SoftInputKind]():          {string(ga.SoftObservation), string(ga.SoftHangout), string(ga.SoftRemark)},
	reflect.TypeFor[groepsscan.Category]():       strs(groepsscan.Categories),
	reflect.TypeFor[groepsscan.Role]():           strs(groepsscan.Roles),
	reflect.TypeFor[groepsscan.MemberRole]():     {string(groepsscan.Kern), string(groepsscan.Meeloper)},
	reflect.TypeFor[groepsscan.Classification](): {string(groepsscan.Hinderlijk), string(groepsscan.Overlastgevend), string(groepsscan.Crimineel)},
}

func strs[T ~string](s []T) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// schema returns the schema of t, registering named structs as components.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if values, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": values}
	}
	switch t {
	case reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	case reflect.TypeFor[ga.Date]():
		return map[string]any{"type": "string", "format": "date", "example": "2026-01-31"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		info, ok := schemaNames[t]
		if !ok {
			panic("api: no schema name for " + t.String())
		}
		if _, done := g.components[info.name]; !done {
			g.components[info.name] = map[string]any{} // a placeholder against recursion
			s := g.object(t)
			s["description"] = info.description
			g.components[info.name] = s
		}
		return ref("schemas", info.name)
	}
	panic("api: no schema for " + t.String())
}

// object is the schema of a struct: its JSON properties, with the fields
// that are always present (no omitempty) as required. Embedded structs are
// flattened, as encoding/json does.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for f := range t.Fields() {
			tag := f.Tag.Get("json")
			if tag == "-" || !f.IsExported() && !f.Anonymous {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				walk(f.Type)
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = g.schema(f.Type)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}
