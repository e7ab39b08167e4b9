package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

var itemOperations = []operation{
	{
		pattern: "POST /api/v1/gegevens", id: "gegevenVastleggen", tag: tagItems, personal: true,
		summary: "Een gegeven inbrengen",
		description: "Legt een gegeven vast over de groep of over één lid, ingebracht door de partner van de " +
			"gebruiker, die er de bron van is. De partner neemt deel aan de groepsaanpak; het lid is een lid dat " +
			"de gebruiker mag zien. Politiegegevens verwijzen naar het besluit op grond van artikel 20 Wet " +
			"politiegegevens; bijzondere en strafrechtelijke gegevens hebben een motivering van de noodzaak. " +
			"Een groep die de gebruiker niet mag zien, geeft 404.",
		body: itemInput{}, status: http.StatusCreated, result: ga.Item{},
		problems: []int{http.StatusNotFound},
	},
	{
		pattern: "POST /api/v1/gegevens/_zoek", id: "gegevensZoeken", tag: tagItems, personal: true,
		summary: "Gegevens zoeken",
		description: "Geeft de gegevens die de gebruiker volgens need-to-know mag zien en die aan de filters " +
			"voldoen, nieuwste datum eerst, per pagina: per groep, per persoon en op een zoekterm in categorie " +
			"en inhoud. Lege filters filteren niet. Wat de gebruiker niet mag zien, komt niet in de lijst. De " +
			"filters staan in de inhoud van het verzoek, nooit in de URL; de pagina (page, pageSize) staat in de " +
			"URL, en _links geeft de URL's van de eerste, vorige en volgende pagina, op te vragen met dezelfde inhoud. " +
			"Alleen de gegevens van de gevraagde pagina worden gelezen en in het verwerkingenlogboek vastgelegd.",
		body: itemSearch{}, status: http.StatusOK, result: itemList{},
		query: pageParams,
	},
	{
		pattern: "GET /api/v1/gegevens/{id}", id: "gegevenOpvragen", tag: tagItems, personal: true,
		summary: "Een gegeven opvragen",
		description: "Geeft één gegeven dat de gebruiker volgens need-to-know mag zien. Een gegeven dat de " +
			"gebruiker niet mag zien (ook een afgeschermd of verwijderd gegeven) geeft 404, net als een onbekend. " +
			"Elke raadpleging komt in het verwerkingenlogboek.",
		status: http.StatusOK, result: ga.Item{},
	},
	{
		pattern: "PUT /api/v1/gegevens/{id}", id: "gegevenWijzigen", tag: tagItems, personal: true,
		summary: "Een gegeven wijzigen",
		description: "Vervangt categorie, kenmerken, grondslag, noodzaak, inhoud en datum van het gegeven. Alleen " +
			"de bronpartner wijzigt zijn gegevens (403 voor een andere partner die het gegeven mag zien).",
		body: itemUpdate{}, status: http.StatusOK, result: ga.Item{},
	},
	{
		pattern: "POST /api/v1/gegevens/{id}/delingen", id: "gegevenDelen", tag: tagItems, personal: true,
		summary: "Een bijzonder of strafrechtelijk gegeven expliciet delen",
		description: "Deelt een bijzonder of strafrechtelijk gegeven met een partner buiten de soorten partners " +
			"die het convenant daarvoor machtigt (alleen de bronpartner). De partner ziet het gegeven daarna " +
			"alleen als need-to-know het verder toestaat: deelname, besluit van de driehoek en betrokkenheid. " +
			"Geeft het gegeven terug.",
		body: shareInput{}, status: http.StatusOK, result: ga.Item{},
	},
	{
		pattern: "DELETE /api/v1/gegevens/{id}/delingen/{partnerId}", id: "gegevenDelingIntrekken", tag: tagItems, personal: true,
		summary:     "Het expliciet delen van een gegeven intrekken",
		description: "Trekt het expliciet delen met de partner in (alleen de bronpartner).",
		status:      http.StatusNoContent,
	},
}

// itemUpdate is what the source partner may change of an item.
type itemUpdate struct {
	Category        string  `json:"categorie"`
	Special         bool    `json:"bijzonder"`
	Criminal        bool    `json:"strafrechtelijk"`
	LegalGround     string  `json:"grondslag"`
	Wpg20DecisionID string  `json:"wpg20BesluitId,omitempty"`
	Necessity       string  `json:"noodzaak,omitempty"`
	Content         string  `json:"inhoud"`
	ConcernsDate    ga.Date `json:"betreftDatum"`
}

func (in itemUpdate) item(id string) ga.Item {
	return ga.Item{
		ID: id, Category: in.Category, Special: in.Special, Criminal: in.Criminal, LegalGround: in.LegalGround,
		Wpg20DecisionID: in.Wpg20DecisionID, Necessity: in.Necessity, Content: in.Content, ConcernsDate: in.ConcernsDate,
	}
}

// itemInput is a new item about group GroupID, or about its member
// PersonID, with the partners the source shares it with explicitly.
type itemInput struct {
	GroupID  string `json:"groepId"`
	PersonID string `json:"persoonId,omitempty"`
	itemUpdate
	SharedWith []string `json:"gedeeldMetPartnerIds,omitempty"`
}

// itemSearch filters the items the viewer may see; empty filters do not
// filter.
type itemSearch struct {
	GroupID  string `json:"groepId,omitempty"`
	PersonID string `json:"persoonId,omitempty"`
	Query    string `json:"zoekterm,omitempty"`
}

// itemList is one page of the items found, with their number on this page
// and the links to the other pages.
type itemList struct {
	Links pageLinks `json:"_links"`
	Items []ga.Item `json:"gegevens"`
	Count int       `json:"aantal"`
}

// shareInput names the partner an item is shared with.
type shareInput struct {
	PartnerID string `json:"partnerId"`
}

func (s *server) createItem(w http.ResponseWriter, r *http.Request) error {
	var in itemInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "groepId", in.GroupID, true)
	checkID(&v, "persoonId", in.PersonID, false)
	checkID(&v, "wpg20BesluitId", in.Wpg20DecisionID, false)
	for _, p := range in.SharedWith {
		checkID(&v, "gedeeldMetPartnerIds", p, true)
	}
	if err := v.Err("api.createItem"); err != nil {
		return err
	}
	it := in.item("")
	it.GroupID, it.PersonID, it.SharedWith = in.GroupID, in.PersonID, in.SharedWith
	if err := s.db.CreateItem(r.Context(), &it); err != nil {
		return err
	}
	writeCreated(w, basePath+"/gegevens/"+it.ID, it)
	return nil
}

func (s *server) searchItems(w http.ResponseWriter, r *http.Request) error {
	var in itemSearch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "groepId", in.GroupID, false)
	checkID(&v, "persoonId", in.PersonID, false)
	if len(in.Query) > maxQueryLength {
		v.Add("zoekterm", "De zoekterm is te lang (maximaal 200 tekens).")
	}
	page := pageFrom(r, &v)
	if err := v.Err("api.searchItems"); err != nil {
		return err
	}
	l, err := s.db.ItemPage(r.Context(), storage.ItemFilter{GroupID: in.GroupID, PersonID: in.PersonID, Query: in.Query, Page: page})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemList{Links: linksOf(basePath+"/gegevens/_zoek", page, l.More), Items: nonNil(l.Items), Count: len(l.Items)})
	return nil
}

func (s *server) getItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeItem(w, r, id)
}

// writeItem answers the item as the viewer may now see it.
func (s *server) writeItem(w http.ResponseWriter, r *http.Request, id string) error {
	it, err := s.db.Item(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *server) putItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in itemUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "wpg20BesluitId", in.Wpg20DecisionID, false)
	if err := v.Err("api.putItem"); err != nil {
		return err
	}
	it := in.item(id)
	if err := s.db.UpdateItem(r.Context(), &it); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *server) shareItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in shareInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var v ga.Invalid
	checkID(&v, "partnerId", in.PartnerID, true)
	if err := v.Err("api.shareItem"); err != nil {
		return err
	}
	if err := s.db.ShareItem(r.Context(), id, in.PartnerID); err != nil {
		return err
	}
	return s.writeItem(w, r, id)
}

func (s *server) unshareItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	partnerID, err := pathID(r, "partnerId")
	if err != nil {
		return err
	}
	if err := s.db.UnshareItem(r.Context(), id, partnerID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
