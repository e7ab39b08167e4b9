// Package passkeytest is a software authenticator for tests: it answers
// the options of a WebAuthn registration and login the way a browser with a
// platform authenticator would, with an ECDSA P-256 key (ES256), "none"
// attestation and a sign counter, as the go-webauthn library's own
// end-to-end tests build their answers.
package passkeytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// Authenticator holds one passkey.
type Authenticator struct {
	// Origin is what the browser reports as the page's origin.
	Origin string
	// RPID is the relying party the browser binds the passkey to.
	RPID string
	// Key and ID are the passkey, set by Register.
	Key *ecdsa.PrivateKey
	ID  []byte
	// Counter is the sign counter; each assertion raises it by one.
	Counter uint32
}

// New returns an authenticator for a site.
func New(origin, rpID string) *Authenticator {
	return &Authenticator{Origin: origin, RPID: rpID}
}

// creationOptions is the part of the registration options it reads.
type creationOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
	} `json:"publicKey"`
}

// requestOptions is the part of the login options it reads.
type requestOptions struct {
	PublicKey struct {
		Challenge        string `json:"challenge"`
		RPID             string `json:"rpId"`
		AllowCredentials []struct {
			ID string `json:"id"`
		} `json:"allowCredentials"`
	} `json:"publicKey"`
}

// Register creates a new key pair and answers the registration options as
// navigator.credentials.create would, in the JSON the browser script
// posts.
func (a *Authenticator) Register(optionsJSON []byte) ([]byte, error) {
	var o creationOptions
	if err := json.Unmarshal(optionsJSON, &o); err != nil {
		return nil, err
	}
	if o.PublicKey.RP.ID != a.RPID {
		return nil, fmt.Errorf("passkeytest: relying party %q, want %q", o.PublicKey.RP.ID, a.RPID)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	id := make([]byte, 32)
	rand.Read(id)
	a.Key, a.ID, a.Counter = key, id, 0

	// The uncompressed point is 0x04 || X || Y, 32 bytes each for P-256.
	point, err := key.PublicKey.Bytes()
	if err != nil {
		return nil, err
	}
	x, y := point[1:33], point[33:65]
	cose, err := webauthncbor.Marshal(map[int64]any{
		1:  int64(webauthncose.EllipticKey),
		3:  int64(webauthncose.AlgES256),
		-1: int64(webauthncose.P256),
		-2: x,
		-3: y,
	})
	if err != nil {
		return nil, err
	}
	attested := make([]byte, 16) // AAGUID: zero, as with "none" attestation
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(id)))
	attested = append(attested, id...)
	attested = append(attested, cose...)
	authData := a.authData(protocol.FlagUserPresent|protocol.FlagUserVerified|protocol.FlagAttestedCredentialData, attested)
	attObj, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": authData})
	if err != nil {
		return nil, err
	}
	clientData, err := a.ClientData("webauthn.create", o.PublicKey.Challenge)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": b64(id), "rawId": b64(id), "type": "public-key",
		"response": map[string]any{
			"attestationObject": b64(attObj),
			"clientDataJSON":    b64(clientData),
			"transports":        []string{"internal"},
		},
	})
}

// Login answers the login options as navigator.credentials.get would.
func (a *Authenticator) Login(optionsJSON []byte) ([]byte, error) {
	var o requestOptions
	if err := json.Unmarshal(optionsJSON, &o); err != nil {
		return nil, err
	}
	clientData, err := a.ClientData("webauthn.get", o.PublicKey.Challenge)
	if err != nil {
		return nil, err
	}
	return a.Assert(clientData, a.Key)
}

// Assert signs an assertion over clientData with key (normally a.Key),
// raising the counter first.
func (a *Authenticator) Assert(clientData []byte, key *ecdsa.PrivateKey) ([]byte, error) {
	a.Counter++
	authData := a.authData(protocol.FlagUserPresent|protocol.FlagUserVerified, nil)
	sum := sha256.Sum256(clientData)
	digest := sha256.Sum256(append(append([]byte{}, authData...), sum[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": b64(a.ID), "rawId": b64(a.ID), "type": "public-key",
		"response": map[string]any{
			"authenticatorData": b64(authData),
			"clientDataJSON":    b64(clientData),
			"signature":         b64(sig),
		},
	})
}

// ClientData is the client data JSON a browser on Origin makes.
func (a *Authenticator) ClientData(ceremony, challenge string) ([]byte, error) {
	return json.Marshal(map[string]any{"type": ceremony, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
}

func (a *Authenticator) authData(flags protocol.AuthenticatorFlags, attested []byte) []byte {
	h := sha256.Sum256([]byte(a.RPID))
	d := append([]byte{}, h[:]...)
	d = append(d, byte(flags))
	d = binary.BigEndian.AppendUint32(d, a.Counter)
	return append(d, attested...)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
