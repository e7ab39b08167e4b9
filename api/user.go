package api

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

var userOperations = []operation{
	{
		pattern: "GET /api/v1/gebruikers", id: "gebruikersOpvragen", tag: tagUsers,
		summary:     "De gebruikers opvragen",
		description: "Geeft alle gebruikers met hun partner en rollen (alleen beheerders).",
		status:      http.StatusOK, result: userList{}, problems: []int{http.StatusForbidden},
	},
	{
		pattern: "POST /api/v1/gebruikers", id: "gebruikerToevoegen", tag: tagUsers,
		summary: "Een gebruiker toevoegen",
		description: "Voegt een gebruiker toe met een eerste wachtwoord (alleen beheerders). De gebruiker stelt " +
			"bij de eerste aanmelding de tweede factor in. De rollen beheerder en auditor gaan niet samen met " +
			"rollen die persoonsgegevens zien.",
		body: userInput{}, status: http.StatusCreated, result: ga.User{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
	{
		pattern: "GET /api/v1/gebruikers/{id}", id: "gebruikerOpvragen", tag: tagUsers,
		summary:     "Een gebruiker opvragen",
		description: "Geeft één gebruiker: de eigen gegevens, of voor een beheerder elke gebruiker.",
		status:      http.StatusOK, result: ga.User{},
	},
	{
		pattern: "PUT /api/v1/gebruikers/{id}", id: "gebruikerWijzigen", tag: tagUsers,
		summary: "Een gebruiker wijzigen",
		description: "Vervangt naam, partner, rollen en of het account actief is (alleen beheerders). Een " +
			"account dat inactief wordt, verliest zijn sessies en API-tokens. Het e-mailadres verandert niet.",
		body: userUpdate{}, status: http.StatusOK, result: ga.User{},
		problems: []int{http.StatusForbidden, http.StatusConflict},
	},
}

// userList is every user.
type userList struct {
	Users []ga.User `json:"gebruikers"`
}

// userInput is a new user with an initial password.
type userInput struct {
	Email     string    `json:"email"`
	Name      string    `json:"naam"`
	PartnerID string    `json:"partnerId"`
	Roles     []ga.Role `json:"rollen"`
	Password  string    `json:"wachtwoord"`
}

// userUpdate is what an admin may change of a user.
type userUpdate struct {
	Name      string    `json:"naam"`
	PartnerID string    `json:"partnerId"`
	Roles     []ga.Role `json:"rollen"`
	Active    bool      `json:"actief"`
}

func (s *server) listUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.db.Users(r.Context())
	if err != nil {
		return err
	}
	for i := range users {
		users[i].Roles = nonNil(users[i].Roles)
	}
	writeJSON(w, http.StatusOK, userList{nonNil(users)})
	return nil
}

// createUser adds a user. The address is normalised to the form in which
// it is stored and looked up.
func (s *server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in userInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u := ga.User{
		Email:     ga.NormalizeEmail(in.Email),
		Name:      in.Name,
		PartnerID: in.PartnerID,
		Roles:     in.Roles,
		Active:    true,
	}
	if err := s.db.CreateUser(r.Context(), &u, in.Password); err != nil {
		return err
	}
	u.Roles = nonNil(u.Roles)
	writeCreated(w, basePath+"/gebruikers/"+u.ID, u)
	return nil
}

func (s *server) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.db.User(r.Context(), id)
	if err != nil {
		return err
	}
	u.Roles = nonNil(u.Roles)
	writeJSON(w, http.StatusOK, u)
	return nil
}

// putUser replaces what an admin may change of a user. It loads the user
// first, so that a user the actor may not see answers 404 as a missing one
// does, and answers the user as stored.
func (s *server) putUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in userUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u, err := s.db.User(r.Context(), id)
	if err != nil {
		return err
	}
	u.Name, u.PartnerID, u.Roles, u.Active = in.Name, in.PartnerID, in.Roles, in.Active
	if err := s.db.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	stored, err := s.db.User(r.Context(), id)
	if err != nil {
		return err
	}
	stored.Roles = nonNil(stored.Roles)
	writeJSON(w, http.StatusOK, stored)
	return nil
}
