package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// addRepresentative records a legal representative of the person (UAVG art
// 5); only the source partner does.
func (s *server) addRepresentative(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := representativeForm{
		Name:         formValue(r, "vertegenwoordigerNaam"),
		Relationship: formValue(r, "vertegenwoordigerRelatie"),
		Address:      formValue(r, "vertegenwoordigerAdres"),
	}
	err := s.db.AddRepresentative(r.Context(), id, &ga.Representative{Name: f.Name, Relationship: f.Relationship, Address: f.Address})
	if err == nil {
		s.setFlash(w, flashRepresentativeAdded)
		s.redirect(w, r, "/personen/"+id+"#vertegenwoordigers")
		return nil
	}
	p, err := formProblem(err, "vertegenwoordigerNaam", map[string]string{"wettelijkVertegenwoordigers": "vertegenwoordigerNaam"}, nil)
	if err != nil {
		return err
	}
	return s.renderPerson(w, r, p, func(pv *personView) { pv.Rep = f })
}
