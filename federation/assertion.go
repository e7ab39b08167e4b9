package federation

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// clientAssertionType is the client_assertion_type of private_key_jwt
// (RFC 7523).
const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// clientAssertion is the signed JWT with which the client authenticates at
// the token endpoint (private_key_jwt, OpenID Connect Core 9, RFC 7523):
// issuer and subject the client id, audience the token endpoint, a unique
// jti and a lifetime of one minute.
func clientAssertion(is *Issuer, tokenURL string, now time.Time) (string, error) {
	alg := jose.RS256
	if _, ok := is.clientKey.(*ecdsa.PrivateKey); ok {
		alg = jose.ES256
	} else if _, ok := is.clientKey.(*rsa.PrivateKey); !ok {
		return "", refuse(ReasonExchange, "clientsleutel van een onbekend soort", nil)
	}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if is.ClientKeyID != "" {
		opts = opts.WithHeader(jose.HeaderKey("kid"), is.ClientKeyID)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: is.clientKey}, opts)
	if err != nil {
		return "", refuse(ReasonExchange, "clientsleutel onbruikbaar", err)
	}
	claims := jwt.Claims{
		Issuer:   is.ClientID,
		Subject:  is.ClientID,
		Audience: jwt.Audience{tokenURL},
		ID:       random(),
		IssuedAt: jwt.NewNumericDate(now),
		Expiry:   jwt.NewNumericDate(now.Add(time.Minute)),
	}
	s, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		return "", refuse(ReasonExchange, "clientsleutel onbruikbaar", err)
	}
	return s, nil
}
