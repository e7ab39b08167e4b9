package api

import (
	"errors"
	"mime"
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// maxUploadBytes bounds an upload of registrations. The body is parsed as
// a stream, never held whole; the bound only stops an endless upload.
const maxUploadBytes = 4 << 30

// registrationContentTypes are the media types of an upload: CSV or JSON
// Lines (docs/registrations.md).
var registrationContentTypes = map[string]groepsscan.Format{
	"text/csv":             groepsscan.CSV,
	"application/x-ndjson": groepsscan.JSONL,
	"application/jsonl":    groepsscan.JSONL,
}

const uploadDescription = "De inhoud is een bestand met politieregistraties in het uitwisselformaat " +
	"(docs/registrations.md): text/csv (een regel per betrokken persoon) of application/x-ndjson " +
	"(JSON Lines, een registratie per regel). Het bestand wordt als stroom gelezen en in één transactie " +
	"geïmporteerd: een registratie met een bekend registratieId en dezelfde inhoud verandert niets, " +
	"een met andere inhoud vervangt de opgeslagen. Alleen gebruikers van de politie mogen importeren (403). "

var groepsscanOperations = []operation{
	{
		pattern: "POST /api/v1/registraties", id: "registratiesImporteren", tag: tagGroepsscan, personal: true,
		summary: "Politieregistraties importeren",
		description: uploadDescription + "Een bestand met een ongeldige registratie importeert niets: 400 met " +
			"elke afgekeurde regel (regelnummer en redenen) in invalidParams.",
		rawBody: []string{"text/csv", "application/x-ndjson"},
		status:  http.StatusOK, result: storage.ImportReport{},
	},
	{
		pattern: "POST /api/v1/registraties/_geldige", id: "geldigeRegistratiesImporteren", tag: tagGroepsscan, personal: true,
		summary: "De geldige politieregistraties van een bestand importeren",
		description: uploadDescription + "Ongeldige registraties worden overgeslagen; het antwoord noemt ze " +
			"met regelnummer en redenen.",
		rawBody: []string{"text/csv", "application/x-ndjson"},
		status:  http.StatusOK, result: storage.ImportReport{},
	},
	{
		pattern: "GET /api/v1/registraties/_aantal", id: "registratiesTellen", tag: tagGroepsscan, personal: true,
		summary:     "Het aantal opgeslagen registraties en personen opvragen",
		description: "Alleen voor gebruikers van de politie (403).",
		status:      http.StatusOK, result: storage.RegistrationCount{},
	},
	{
		pattern: "GET /api/v1/groepsscans", id: "groepsscansOpvragen", tag: tagGroepsscan, personal: true,
		summary:     "De uitgevoerde groepsscans opvragen",
		description: "Geeft de scans, nieuwste eerst, zonder persoonsgegevens. Alleen voor gebruikers van de politie (403).",
		status:      http.StatusOK, result: scanList{},
	},
	{
		pattern: "POST /api/v1/groepsscans", id: "groepsscanUitvoeren", tag: tagGroepsscan, personal: true,
		summary: "Een groepsscan uitvoeren",
		description: "Detecteert groepen in de registraties van de afgelopen 24 maanden met de standaardinstellingen " +
			"(docs/groepsscan.md), maakt hun profielen en herkent de groepen van de vorige scan, die hun id houden. " +
			"Alleen voor gebruikers van de politie (403).",
		status: http.StatusCreated, result: storage.ScanSummary{}, problems: []int{http.StatusBadRequest},
	},
	{
		pattern: "GET /api/v1/groepsscans/{id}", id: "groepsscanOpvragen", tag: tagGroepsscan, personal: true,
		summary: "Een groepsscan met de gedetecteerde groepen opvragen",
		description: "Geeft de scan en per gedetecteerde groep de omvang en de shortlist-suggestie, zonder " +
			"persoonsgegevens. Wie geen gebruiker van de politie is, krijgt 404, net als voor een onbekende scan.",
		status: http.StatusOK, result: storage.ScanView{},
	},
	{
		pattern: "GET /api/v1/groepsscans/{id}/groepen/{groepId}", id: "gedetecteerdeGroepOpvragen", tag: tagGroepsscan, personal: true,
		summary: "Het profiel van een gedetecteerde groep opvragen",
		description: "Geeft het profiel: leden met voorgestelde rol (kern of meeloper), leeftijden, registraties " +
			"per categorie en maand, incidentcodes, wijken en locaties, zorgsignalen, banden, de beschrijving " +
			"van het gedrag en de shortlist-suggestie met de regel; de onzekere matches van de leden en de zachte " +
			"informatie van de wijkagent, apart en als zodanig gemarkeerd. Wie geen gebruiker van de politie " +
			"is, krijgt 404.",
		status: http.StatusOK, result: storage.ScanGroupView{},
	},
	{
		pattern: "POST /api/v1/groepsscans/{id}/groepen/{groepId}/zachte-informatie", id: "zachteInformatieVastleggen", tag: tagGroepsscan, personal: true,
		summary: "Zachte informatie van de wijkagent vastleggen",
		description: "Legt een observatie, hangplek of opmerking vast over de groep, of over het lid op positie " +
			"lidIndex in de ledenlijst van het profiel. Zachte informatie wordt apart van de registraties " +
			"bewaard, bij de blijvende id van de groep. Wie geen gebruiker van de politie is, krijgt 404.",
		body: softInputInput{}, status: http.StatusCreated, result: storage.SoftInput{},
	},
}

// scanList is the scans, newest first.
type scanList struct {
	Scans []storage.ScanSummary `json:"groepsscans"`
}

// softInputInput is soft input on a group or, with LidIndex, one member.
type softInputInput struct {
	MemberIndex *int             `json:"lidIndex,omitempty"`
	Kind        ga.SoftInputKind `json:"soort"`
	Text        string           `json:"tekst"`
}

func (s *server) importRegistrations(w http.ResponseWriter, r *http.Request) error {
	return s.upload(w, r, false)
}

func (s *server) importValidRegistrations(w http.ResponseWriter, r *http.Request) error {
	return s.upload(w, r, true)
}

// upload streams the request body into the import; it is never read into
// memory whole.
func (s *server) upload(w http.ResponseWriter, r *http.Request, skip bool) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	f, ok := registrationContentTypes[mt]
	if err != nil || !ok {
		return &statusError{problemUnsupportedMediaType}
	}
	body := http.MaxBytesReader(w, r.Body, maxUploadBytes)
	rep, err := s.db.ImportRegistrations(r.Context(), body, f, storage.ImportOptions{SkipInvalid: skip})
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &statusError{problemTooLarge}
		}
		return err
	}
	if rep.Errors == nil {
		rep.Errors = []groepsscan.RowError{}
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) countRegistrations(w http.ResponseWriter, r *http.Request) error {
	n, err := s.db.CountRegistrations(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

func (s *server) listScans(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.Scans(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, scanList{nonNil(list)})
	return nil
}

func (s *server) runScan(w http.ResponseWriter, r *http.Request) error {
	sum, err := s.db.RunScan(r.Context(), groepsscan.Options{})
	if err != nil {
		return err
	}
	writeCreated(w, basePath+"/groepsscans/"+sum.ID, sum)
	return nil
}

func (s *server) getScan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.db.Scan(r.Context(), id)
	if err != nil {
		return err
	}
	v.DetectedGroups = nonNil(v.DetectedGroups)
	writeJSON(w, http.StatusOK, v)
	return nil
}

// scanGroupPath reads the scan id and the detected group's id of the path
// /groepsscans/{id}/groepen/{groepId}/….
func scanGroupPath(r *http.Request) (scanID, groupID string, err error) {
	if scanID, err = pathID(r, "id"); err != nil {
		return "", "", err
	}
	groupID, err = pathID(r, "groepId")
	return scanID, groupID, err
}

func (s *server) getScanGroup(w http.ResponseWriter, r *http.Request) error {
	id, groupID, err := scanGroupPath(r)
	if err != nil {
		return err
	}
	v, err := s.db.ScanGroup(r.Context(), id, groupID)
	if err != nil {
		return err
	}
	v.Uncertain, v.SoftInput = nonNil(v.Uncertain), nonNil(v.SoftInput)
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) addSoftInput(w http.ResponseWriter, r *http.Request) error {
	id, groupID, err := scanGroupPath(r)
	if err != nil {
		return err
	}
	var in softInputInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	member := -1
	if in.MemberIndex != nil {
		member = *in.MemberIndex
		if member < 0 {
			return ga.E(ga.KindInvalid, "api.addSoftInput", "De invoer is niet geldig.", ga.Detail{Name: "lidIndex", Message: "Een positie in de ledenlijst, vanaf 0."})
		}
	}
	si, err := s.db.AddSoftInput(r.Context(), id, groupID, member, in.Kind, in.Text)
	if err != nil {
		return err
	}
	writeCreated(w, basePath+"/groepsscans/"+id+"/groepen/"+groupID, si)
	return nil
}
