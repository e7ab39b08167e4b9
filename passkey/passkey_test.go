package passkey_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"testing"

	"github.com/groepsaanpak/groepsaanpak/internal/passkeytest"
	"github.com/groepsaanpak/groepsaanpak/passkey"
)

const site = "https://groepsaanpak.voorbeeldstad.example"

func newService(t *testing.T) *passkey.Service {
	t.Helper()
	s, err := passkey.New(passkey.Config{PublicURL: site})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// register runs a registration ceremony and returns the account with the
// new passkey.
func register(t *testing.T, s *passkey.Service, auth *passkeytest.Authenticator, a passkey.Account) passkey.Account {
	t.Helper()
	options, ceremony, err := s.BeginRegistration(a)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := auth.Register(options)
	if err != nil {
		t.Fatal(err)
	}
	id, cred, err := s.FinishRegistration(a, ceremony, resp)
	if err != nil {
		t.Fatalf("finish registration: %v", err)
	}
	if string(id) != string(auth.ID) {
		t.Errorf("registered id %x, want %x", id, auth.ID)
	}
	a.Credentials = append(a.Credentials, cred)
	return a
}

func TestNew(t *testing.T) {
	for _, u := range []string{"", "http://groepsaanpak.example", "ftp://x.example", "https://"} {
		if _, err := passkey.New(passkey.Config{PublicURL: u}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	for _, u := range []string{site, "http://localhost:8080"} {
		if _, err := passkey.New(passkey.Config{PublicURL: u}); err != nil {
			t.Errorf("%q: %v", u, err)
		}
	}
}

func TestCeremonies(t *testing.T) {
	s := newService(t)
	auth := passkeytest.New(site, "groepsaanpak.voorbeeldstad.example")
	a := register(t, s, auth, passkey.Account{UserID: "0193-user", Email: "a@voorbeeldstad.example", Name: "A"})

	login := func(a passkey.Account) ([]byte, []byte, []byte) {
		t.Helper()
		options, ceremony, err := s.BeginLogin(a)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := auth.Login(options)
		if err != nil {
			t.Fatal(err)
		}
		return options, ceremony, resp
	}

	t.Run("a login", func(t *testing.T) {
		_, ceremony, resp := login(a)
		id, cred, err := s.FinishLogin(a, ceremony, resp)
		if err != nil {
			t.Fatalf("finish login: %v", err)
		}
		if string(id) != string(auth.ID) {
			t.Error("another passkey was used")
		}
		var stored struct {
			Authenticator struct{ SignCount uint32 } `json:"authenticator"`
		}
		if err := json.Unmarshal(cred, &stored); err != nil || stored.Authenticator.SignCount != auth.Counter {
			t.Errorf("stored counter %d, want %d (%v)", stored.Authenticator.SignCount, auth.Counter, err)
		}
		a.Credentials[0] = cred
	})
	t.Run("the registration options exclude the passkeys the account has", func(t *testing.T) {
		options, _, err := s.BeginRegistration(a)
		if err != nil {
			t.Fatal(err)
		}
		var o struct {
			PublicKey struct {
				Exclude []json.RawMessage `json:"excludeCredentials"`
			} `json:"publicKey"`
		}
		if err := json.Unmarshal(options, &o); err != nil || len(o.PublicKey.Exclude) != 1 {
			t.Errorf("excluded %d credentials, want 1 (%v)", len(o.PublicKey.Exclude), err)
		}
	})

	refusals := []struct {
		name string
		make func(t *testing.T) (ceremony, resp []byte)
	}{
		{"an answer to another challenge", func(t *testing.T) ([]byte, []byte) {
			_, ceremony, _ := login(a)
			_, _, other := login(a)
			return ceremony, other
		}},
		{"another origin", func(t *testing.T) ([]byte, []byte) {
			options, ceremony, err := s.BeginLogin(a)
			if err != nil {
				t.Fatal(err)
			}
			phish := *auth
			phish.Origin = "https://groepsaanpak-voorbeeldstad.example"
			resp, err := phish.Login(options)
			if err != nil {
				t.Fatal(err)
			}
			auth.Counter = phish.Counter
			return ceremony, resp
		}},
		{"a signature by another key", func(t *testing.T) ([]byte, []byte) {
			options, ceremony, err := s.BeginLogin(a)
			if err != nil {
				t.Fatal(err)
			}
			var o struct {
				PublicKey struct{ Challenge string } `json:"publicKey"`
			}
			json.Unmarshal(options, &o)
			cd, _ := auth.ClientData("webauthn.get", o.PublicKey.Challenge)
			other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			resp, err := auth.Assert(cd, other)
			if err != nil {
				t.Fatal(err)
			}
			return ceremony, resp
		}},
		{"a counter that went back (a cloned authenticator)", func(t *testing.T) ([]byte, []byte) {
			_, ceremony, _ := s.BeginLogin(a)
			options, _, _ := s.BeginLogin(a)
			_ = options
			saved := auth.Counter
			auth.Counter = 0
			var o struct {
				PublicKey struct{ Challenge string } `json:"publicKey"`
			}
			var c struct {
				Challenge string `json:"challenge"`
			}
			json.Unmarshal(ceremony, &c)
			o.PublicKey.Challenge = c.Challenge
			cd, _ := auth.ClientData("webauthn.get", o.PublicKey.Challenge)
			resp, err := auth.Assert(cd, auth.Key)
			auth.Counter = saved
			if err != nil {
				t.Fatal(err)
			}
			return ceremony, resp
		}},
		{"a registration answer", func(t *testing.T) ([]byte, []byte) {
			_, ceremony, _ := login(a)
			resp, _ := passkeytest.New(site, "groepsaanpak.voorbeeldstad.example").Register([]byte(`{"publicKey":{"challenge":"x","rp":{"id":"groepsaanpak.voorbeeldstad.example"}}}`))
			return ceremony, resp
		}},
		{"not JSON", func(t *testing.T) ([]byte, []byte) {
			_, ceremony, _ := login(a)
			return ceremony, []byte("{")
		}},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			ceremony, resp := tc.make(t)
			_, _, err := s.FinishLogin(a, ceremony, resp)
			t.Logf("refused: %v", err)
			if !errors.Is(err, passkey.ErrRefused) {
				t.Errorf("FinishLogin: %v, want a refusal", err)
			}
		})
	}

	t.Run("a login needs a passkey", func(t *testing.T) {
		if _, _, err := s.BeginLogin(passkey.Account{UserID: "x"}); err == nil {
			t.Error("options for an account without passkeys")
		}
	})
	t.Run("a registration for another site", func(t *testing.T) {
		options, ceremony, err := s.BeginRegistration(passkey.Account{UserID: "0193-other", Email: "b@x.example", Name: "B"})
		if err != nil {
			t.Fatal(err)
		}
		other := passkeytest.New("https://nep.example", "groepsaanpak.voorbeeldstad.example")
		resp, err := other.Register(options)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.FinishRegistration(passkey.Account{UserID: "0193-other"}, ceremony, resp); !errors.Is(err, passkey.ErrRefused) {
			t.Errorf("FinishRegistration from another origin: %v, want a refusal", err)
		}
	})
}

// FuzzFinishLogin feeds arbitrary answers to a login ceremony: they are
// refused, never accepted and never a panic.
func FuzzFinishLogin(f *testing.F) {
	f.Add([]byte(`{"id":"AA","rawId":"AA","type":"public-key","response":{"authenticatorData":"AA","clientDataJSON":"e30","signature":"AA"}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[]`))
	s, err := passkey.New(passkey.Config{PublicURL: site})
	if err != nil {
		f.Fatal(err)
	}
	auth := passkeytest.New(site, "groepsaanpak.voorbeeldstad.example")
	a := passkey.Account{UserID: "0193-user", Email: "a@voorbeeldstad.example", Name: "A"}
	options, ceremony, _ := s.BeginRegistration(a)
	resp, _ := auth.Register(options)
	_, cred, err := s.FinishRegistration(a, ceremony, resp)
	if err != nil {
		f.Fatal(err)
	}
	a.Credentials = [][]byte{cred}
	_, loginCeremony, _ := s.BeginLogin(a)
	f.Fuzz(func(t *testing.T, body []byte) {
		if _, _, err := s.FinishLogin(a, loginCeremony, body); err == nil {
			t.Fatalf("accepted %q", body)
		}
	})
}
