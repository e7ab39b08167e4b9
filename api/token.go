package api

import (
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

var tokenOperations = []operation{
	{
		pattern: "GET /api/v1/tokens", id: "tokensOpvragen", tag: tagAccount,
		summary:     "De eigen API-tokens opvragen",
		description: "Geeft de API-tokens van de aangemelde gebruiker, zonder de tokens zelf: alleen hun hash wordt bewaard.",
		status:      http.StatusOK, result: tokenList{},
	},
	{
		pattern: "POST /api/v1/tokens", id: "tokenAanmaken", tag: tagAccount,
		summary: "Een API-token aanmaken",
		description: "Maakt een API-token voor de aangemelde gebruiker. Het antwoord bevat het token zelf; het " +
			"wordt niet bewaard en is later niet meer op te vragen. Een token dat met een token wordt gemaakt, " +
			"verloopt uiterlijk wanneer dat token verloopt: zonder verlooptOp krijgt het diens vervaldatum.",
		body: tokenInput{}, status: http.StatusCreated, result: newToken{},
	},
	{
		pattern: "GET /api/v1/tokens/{id}", id: "tokenOpvragen", tag: tagAccount,
		summary:     "Een eigen API-token opvragen",
		description: "Geeft één eigen API-token, zonder het token zelf.",
		status:      http.StatusOK, result: storage.APIToken{},
	},
	{
		pattern: "DELETE /api/v1/tokens/{id}", id: "tokenIntrekken", tag: tagAccount,
		summary:     "Een API-token intrekken",
		description: "Trekt een API-token in (de eigenaar of een beheerder). Het token werkt daarna niet meer.",
		status:      http.StatusNoContent,
	},
}

// tokenList is the actor's own tokens.
type tokenList struct {
	Tokens []storage.APIToken `json:"tokens"`
}

// tokenInput describes a new token.
type tokenInput struct {
	Description string     `json:"omschrijving"`
	ExpiresAt   *time.Time `json:"verlooptOp,omitempty"`
}

// newToken is a new token with its plain value, shown this once.
type newToken struct {
	Token string `json:"token"`
	storage.APIToken
}

func (s *server) listTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.db.Tokens(r.Context(), ga.ActorFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tokenList{nonNil(ts)})
	return nil
}

func (s *server) createToken(w http.ResponseWriter, r *http.Request) error {
	var in tokenInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if !s.tokenIssues.Allow(ga.ActorFrom(r.Context()).UserID) {
		return errTooManyAttempts
	}
	plain, t, err := s.db.CreateToken(r.Context(), ga.ActorFrom(r.Context()).UserID, in.Description, in.ExpiresAt)
	if err != nil {
		return err
	}
	writeCreated(w, basePath+"/tokens/"+t.ID, newToken{Token: plain, APIToken: *t})
	return nil
}

// getToken answers one of the actor's own tokens; another user's token
// answers 404, as a missing one does.
func (s *server) getToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ts, err := s.db.Tokens(r.Context(), ga.ActorFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.ID == id {
			writeJSON(w, http.StatusOK, t)
			return nil
		}
	}
	return ga.ErrNotFound("api.getToken")
}

func (s *server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
