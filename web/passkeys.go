package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/passkey"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Passkeys (WebAuthn) as a second factor beside the code. The ceremonies
// need the browser's navigator.credentials, so passkey.js (served from
// /static, like every script) asks for the options, lets the browser and
// authenticator answer, and posts the answer back as JSON. The JSON
// endpoints are POSTs of this site, under the same cross-origin check as
// every form. Without script the pages say that passkeys need it, and the
// code keeps working.

// The flash messages of the passkeys page.
const (
	flashPasskeyAdded   = "flash.passkey_added"
	flashPasskeyRemoved = "flash.passkey_removed"
)

// maxPasskeyAnswer bounds the browser's answer to a ceremony.
const maxPasskeyAnswer = 64 << 10

type passkeysView struct {
	Passkeys  []storage.Passkey
	Available bool
	Now       time.Time
}

// passkeys lists the user's passkeys with the form to add one.
func (s *server) passkeys(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.Passkeys(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "passkeys", &passkeysView{Passkeys: list, Available: s.keys != nil, Now: s.db.Now()}, nil)
	return nil
}

// passkeyRegisterOptions starts a registration and answers the options for
// navigator.credentials.create.
func (s *server) passkeyRegisterOptions(w http.ResponseWriter, r *http.Request) error {
	return s.passkeyOptions(w, r, storage.CeremonyRegister)
}

// passkeyLoginOptions starts the passkey step of a login.
func (s *server) passkeyLoginOptions(w http.ResponseWriter, r *http.Request) error {
	return s.passkeyOptions(w, r, storage.CeremonyLogin)
}

func (s *server) passkeyOptions(w http.ResponseWriter, r *http.Request, kind storage.PasskeyCeremony) error {
	if s.keys == nil {
		return s.notFound(w, r)
	}
	rq := requestFrom(r.Context())
	options, err := s.db.BeginPasskeyCeremony(r.Context(), rq.token, origin(r), kind, func(a storage.PasskeyAccount) ([]byte, []byte, error) {
		if kind == storage.CeremonyRegister {
			return s.keys.BeginRegistration(passkey.Account(a))
		}
		return s.keys.BeginLogin(passkey.Account(a))
	})
	if err != nil {
		return s.passkeyError(w, r, err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(options)
	return nil
}

// passkeyAnswer is what passkey.js posts: the browser's answer, and for a
// registration the name the user gave the passkey.
type passkeyAnswer struct {
	Name   string          `json:"naam"`
	Answer json.RawMessage `json:"antwoord"`
}

func readPasskeyAnswer(r *http.Request) (*passkeyAnswer, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxPasskeyAnswer+1))
	if err != nil || len(b) > maxPasskeyAnswer {
		return nil, ga.E(ga.KindInvalid, "web.readPasskeyAnswer", "Het antwoord van de browser is te groot of onleesbaar.")
	}
	var a passkeyAnswer
	if err := json.Unmarshal(b, &a); err != nil || len(a.Answer) == 0 {
		return nil, ga.E(ga.KindInvalid, "web.readPasskeyAnswer", "Het antwoord van de browser is te groot of onleesbaar.")
	}
	return &a, nil
}

// addPasskey finishes a registration.
func (s *server) addPasskey(w http.ResponseWriter, r *http.Request) error {
	if s.keys == nil {
		return s.notFound(w, r)
	}
	ans, err := readPasskeyAnswer(r)
	if err != nil {
		return s.passkeyError(w, r, err)
	}
	rq := requestFrom(r.Context())
	_, err = s.db.AddPasskey(r.Context(), rq.token, origin(r), ans.Name, func(a storage.PasskeyAccount, ceremony []byte) ([]byte, []byte, error) {
		return s.keys.FinishRegistration(passkey.Account(a), ceremony, ans.Answer)
	})
	if err != nil {
		return s.passkeyError(w, r, err)
	}
	s.setFlash(w, flashPasskeyAdded)
	return writeJSON(w, http.StatusOK, map[string]string{"volgende": "/passkeys"})
}

// passkeyLogin finishes the passkey step of a login: the session becomes
// complete, with a fresh token, as after a right code.
func (s *server) passkeyLogin(w http.ResponseWriter, r *http.Request) error {
	if s.keys == nil {
		return s.notFound(w, r)
	}
	ans, err := readPasskeyAnswer(r)
	if err != nil {
		return s.passkeyError(w, r, err)
	}
	rq := requestFrom(r.Context())
	token, err := s.db.VerifyPasskey(r.Context(), rq.token, origin(r), func(a storage.PasskeyAccount, ceremony []byte) ([]byte, []byte, error) {
		return s.keys.FinishLogin(passkey.Account(a), ceremony, ans.Answer)
	})
	if err != nil {
		return s.passkeyError(w, r, err)
	}
	s.setSession(w, token)
	return writeJSON(w, http.StatusOK, map[string]string{"volgende": "/"})
}

// removePasskey removes one of the user's passkeys.
func (s *server) removePasskey(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.RemovePasskey(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	s.setFlash(w, flashPasskeyRemoved)
	s.redirect(w, r, "/passkeys")
	return nil
}

// passkeyError answers a JSON endpoint's error as {"melding": …} in the
// user's language, with the status of its kind.
func (s *server) passkeyError(w http.ResponseWriter, r *http.Request, err error) error {
	var e *ga.Error
	if !errors.As(err, &e) || e.Kind == ga.KindInternal {
		return err
	}
	status := map[ga.Kind]int{
		ga.KindInvalid: http.StatusBadRequest, ga.KindUnauthenticated: http.StatusUnauthorized,
		ga.KindConflict: http.StatusConflict, ga.KindLocked: http.StatusTooManyRequests, ga.KindNotFound: http.StatusNotFound,
	}[e.Kind]
	if status == 0 {
		status = http.StatusForbidden
	}
	lang := requestFrom(r.Context()).lang
	msg := domainPlain(lang, e.Message)
	if e.Kind == ga.KindLocked {
		msg = lockedMessage(lang, err)
	}
	if e.Kind == ga.KindInvalid {
		for _, d := range e.Details {
			msg += " " + domainPlain(lang, d.Message)
		}
	}
	return writeJSON(w, status, map[string]string{"melding": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}
