package api

import (
	"net/http"
	"reflect"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The Groepsscan into the work process (docs/groepsscan.md): the police
// turn a detected group into a casework group and make the scan report;
// a group shows its attached scan as ga.AttachedScanAccess allows.

var scanworkOperations = []operation{
	{
		pattern: "POST /api/v1/groepsscans/{id}/groepen/{groepId}/groep", id: "groepUitGroepsscanVastleggen", tag: tagGroepsscan, personal: true,
		summary: "Een groep in de casus aanmaken uit een gedetecteerde groep",
		description: "Maakt in één transactie een groep in stap informatie met de leden van de gedetecteerde groep als " +
			"namenlijst en de scan als bron (het profiel van dit moment blijft bij de groep). Een lid dat de eigen " +
			"organisatie al heeft vastgelegd met dezelfde sleutel (genormaliseerde naam en geboortedatum) krijgt een " +
			"lidmaatschap; de andere leden worden vastgelegd. Leden jonger dan 16 staan in het antwoord met " +
			"vertegenwoordigersAanvullen. Een gedetecteerde groep wordt maar één keer een groep in de casus: de " +
			"tweede keer 409 (de groep staat onder groepUitGroepsscanOpvragen). Wie geen gebruiker van de politie is, " +
			"krijgt 404, net als voor een onbekende gedetecteerde groep.",
		body: storage.ScanCaseworkInput{}, status: http.StatusCreated, result: storage.ScanCasework{},
		problems: []int{http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/groepsscans/{id}/groepen/{groepId}/groep", id: "groepUitGroepsscanOpvragen", tag: tagGroepsscan, personal: true,
		summary: "De groep in de casus opvragen die uit een gedetecteerde groep is gemaakt",
		description: "Geeft de id en de naam van de groep die uit deze gedetecteerde groep (onder haar blijvende id) " +
			"is gemaakt; 404 als er nog geen is. Alleen voor gebruikers van de politie (anders 404).",
		status: http.StatusOK, result: storage.ScanGroupCasework{},
	},
	{
		pattern: "GET /api/v1/groepsscans/{id}/groepen/{groepId}/rapport", id: "groepsscanRapportMaken", tag: tagGroepsscan, personal: true,
		summary: "Het rapport van de groepsscan maken (PDF)",
		description: "Geeft het rapport bij de brief met het advies van de politie aan gemeente en Openbaar Ministerie: " +
			"de groep, de leden met voorgestelde rol en leeftijd, registraties per categorie en maand, incidentcodes, " +
			"wijken en locaties, zorgsignalen, de zachte informatie als zodanig gemarkeerd, de beschrijving van het " +
			"gedrag en de shortlist-suggestie met haar regels. Het maken wordt per lid in het verwerkingenlogboek " +
			"vastgelegd. Alleen voor gebruikers van de politie (anders 404).",
		status: http.StatusOK, contentType: "application/pdf",
	},
	{
		pattern: "GET /api/v1/groepen/{id}/groepsscan", id: "groepsscanVanGroepOpvragen", tag: tagGroups, personal: true,
		summary: "De groepsscan opvragen die bij een groep hoort",
		description: "De politie ziet de hele scan zoals die bij het aanmaken was, met de namenlijst en de zachte " +
			"informatie (volledig). Tot het besluit van de driehoek ziet niemand anders iets: 404, net als voor een " +
			"groep zonder scan. Na een besluit dat uitwisseling toestaat zien gebruikers van deelnemende partners " +
			"alleen de samenvatting: aantallen per categorie en maand, incidentcodes, wijken, locaties, de " +
			"beschrijving en de shortlist-suggestie, nooit gegevens van leden of registraties.",
		status: http.StatusOK, result: storage.AttachedScan{},
	},
}

func (s *server) createGroupFromScan(w http.ResponseWriter, r *http.Request) error {
	id, groupID, err := scanGroupPath(r)
	if err != nil {
		return err
	}
	var in storage.ScanCaseworkInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.db.CreateGroupFromScan(r.Context(), id, groupID, in)
	if err != nil {
		return err
	}
	res.Group.Participants = nonNil(res.Group.Participants)
	writeCreated(w, basePath+"/groepen/"+res.Group.ID, res)
	return nil
}

func (s *server) getGroupFromScan(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathID(r, "id"); err != nil {
		return err
	}
	groupID, err := pathID(r, "groepId")
	if err != nil {
		return err
	}
	c, err := s.db.CaseworkOfScanGroup(r.Context(), groupID)
	if err != nil {
		return err
	}
	if c == nil {
		return ga.ErrNotFound("api.getGroupFromScan")
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *server) scanReport(w http.ResponseWriter, r *http.Request) error {
	id, groupID, err := scanGroupPath(r)
	if err != nil {
		return err
	}
	d, err := s.db.ScanReport(r.Context(), id, groupID)
	if err != nil {
		return err
	}
	rep := &letter.ScanReport{Police: d.Police, MadeOn: ga.DateOf(d.MadeAt), ScanID: d.ScanID, GroupID: d.GroupID,
		Casework: d.Casework, Profile: d.Profile, Uncertain: len(d.Uncertain)}
	for _, si := range d.SoftInput {
		rep.SoftInput = append(rep.SoftInput, letter.ScanSoftInput{Member: si.Member, Kind: si.Kind, Text: si.Text, On: ga.DateOf(si.CreatedAt)})
	}
	pdf, err := letter.Scan(rep)
	if err != nil {
		return ga.Wrap("api.scanReport", err)
	}
	writePDF(w, "groepsscan-"+d.GroupID+".pdf", pdf)
	return nil
}

func (s *server) getGroupScan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.db.GroupScan(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// The schema names of the types of scanworkOperations, kept beside them.
func init() {
	for t, info := range map[reflect.Type]schemaInfo{
		reflect.TypeFor[storage.ScanCaseworkInput]():   {"GroepUitGroepsscanInvoer", "De naam of alias, wijk en vorm van de groep die uit een gedetecteerde groep wordt gemaakt; de namenlijst zijn de leden van de gedetecteerde groep."},
		reflect.TypeFor[storage.ScanCasework]():        {"GroepUitGroepsscan", "De groep in de casus die uit een gedetecteerde groep is gemaakt, met de namenlijst."},
		reflect.TypeFor[storage.ScanCaseworkMember]():  {"NamenlijstLidUitGroepsscan", "Een lid van de gedetecteerde groep op de namenlijst: de persoon, de rol, of de persoon al bestond, en of wettelijk vertegenwoordigers nog moeten worden vastgelegd (jonger dan 16)."},
		reflect.TypeFor[storage.ScanGroupCasework]():   {"GroepVanGedetecteerdeGroep", "De groep in de casus die uit een gedetecteerde groep is gemaakt."},
		reflect.TypeFor[storage.AttachedScan]():        {"GroepsscanBijGroep", "De groepsscan die bij een groep hoort, zoals de vrager die mag zien: volledig voor de politie, anders alleen de samenvatting."},
		reflect.TypeFor[storage.AttachedScanSummary](): {"GroepsscanSamenvatting", "De samenvatting van een groepsscan op groepsniveau, zonder gegevens van leden of registraties."},
	} {
		schemaNames[t] = info
	}
}
