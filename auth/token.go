package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Token prefixes. The prefix makes a leaked token recognisable (to people
// and to secret scanners) and keeps a session token from being accepted as
// an API token or the other way round.
const (
	APITokenPrefix     = "gat_" // APITokenPrefix marks API bearer tokens.
	SessionTokenPrefix = "gas_" // SessionTokenPrefix marks session cookie values.
)

const (
	tokenBytes   = 32                                           // 256 bits from crypto/rand.
	tokenBodyLen = (tokenBytes*8 + 5) / 6                       // 43 base64url characters.
	maxPrefixLen = 16                                           // Generous; ours are four.
	prefixChars  = "abcdefghijklmnopqrstuvwxyz0123456789"       // Before the final underscore.
	tokenChars   = prefixChars + "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_" // The base64url alphabet.
)

// ErrInvalidToken is returned (wrapped, with the reason) by ParseToken for a
// string that cannot be a token with the expected prefix.
var ErrInvalidToken = errors.New("auth: invalid token")

// tokenEncoding is base64url without padding, strict so that each token has
// exactly one spelling and thus exactly one hash.
var tokenEncoding = base64.RawURLEncoding.Strict()

// NewToken returns a new random token and its hash. The token is prefix
// followed by 32 bytes from crypto/rand in base64url without padding (43
// characters), for example "gat_" + 43 characters. The plain token is given
// to the user once; only the hash, HashToken(plain), is stored. The prefix
// must be 1 to 16 lower-case letters or digits followed by an underscore,
// such as APITokenPrefix or SessionTokenPrefix.
func NewToken(prefix string) (plain string, hash []byte, err error) {
	if err := validatePrefix(prefix); err != nil {
		return "", nil, fmt.Errorf("auth: new token: %v", err)
	}
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("auth: new token: %v", err)
	}
	plain = prefix + tokenEncoding.EncodeToString(b)
	return plain, HashToken(plain), nil
}

// HashToken returns the SHA-256 hash of the whole token, prefix included,
// which is what the database stores and looks tokens up by. A fast hash
// suffices because the token has 256 bits of entropy: unlike a password it
// cannot be guessed, so a stolen hash does not reveal it.
func HashToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

// ParseToken reports whether plain has the form NewToken(prefix) produces:
// the prefix, then exactly 43 base64url characters that decode to 32 bytes.
// It checks the form only, without a database, so that malformed input can
// be rejected before any lookup; whether the token exists is for the caller
// to find out through HashToken. It returns an error wrapping
// ErrInvalidToken, which never contains the token itself.
func ParseToken(prefix, plain string) error {
	if err := validatePrefix(prefix); err != nil {
		return fmt.Errorf("auth: parse token: %v", err)
	}
	body, found := strings.CutPrefix(plain, prefix)
	if !found {
		return fmt.Errorf("%w: wrong prefix", ErrInvalidToken)
	}
	if len(body) != tokenBodyLen {
		return fmt.Errorf("%w: wrong length", ErrInvalidToken)
	}
	if strings.Trim(body, tokenChars) != "" {
		return fmt.Errorf("%w: character outside base64url", ErrInvalidToken)
	}
	if _, err := tokenEncoding.DecodeString(body); err != nil {
		return fmt.Errorf("%w: not canonical base64url", ErrInvalidToken)
	}
	return nil
}

// validatePrefix checks that prefix is 1 to maxPrefixLen lower-case letters
// or digits followed by one underscore.
func validatePrefix(prefix string) error {
	name, found := strings.CutSuffix(prefix, "_")
	if !found || name == "" || len(name) > maxPrefixLen || strings.Trim(name, prefixChars) != "" {
		return fmt.Errorf("prefix %q is not 1-%d lower-case letters or digits and an underscore", prefix, maxPrefixLen)
	}
	return nil
}
