package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the argon2id cost parameters of a password hash. They are
// stored inside every hash string, so changing DefaultParams never breaks
// existing hashes; VerifyPassword reports when a hash should be renewed.
type Params struct {
	Memory  uint32 // Memory is the memory cost in KiB.
	Time    uint32 // Time is the number of passes over the memory.
	Threads uint8  // Threads is the degree of parallelism.
	SaltLen uint32 // SaltLen is the length of the random salt in bytes.
	KeyLen  uint32 // KeyLen is the length of the derived key in bytes.
}

// DefaultParams are the parameters for new password hashes: argon2id with
// 19 MiB of memory, two passes and one thread, a 16-byte salt and a 32-byte
// key. This is the first configuration of the OWASP Password Storage Cheat
// Sheet; OWASP rates it equal in strength to its alternatives (47 MiB with
// one pass, 12 MiB with three passes, ...), and we choose it because it has
// the smallest memory footprint per login that still meets the
// recommendation: memory is what a burst of concurrent logins, or an attacker
// spraying the login form across many accounts, multiplies. The RFC 9106
// "second recommended option" (64 MiB, three passes, four lanes) costs
// roughly three times as much per login for a gain that the login throttle
// makes unnecessary for online attacks. One hash takes about 50 ms on a
// two-core server.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// TestParams are deliberately weak parameters (64 KiB, one pass) that make
// hashing cheap in tests of other packages. They must never be used in
// production; a hash made with them verifies normally but is reported as
// needing a rehash by VerifyPassword.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// The bounds below are enforced both when hashing and when parsing a stored
// hash, so that a corrupted or tampered database row can neither make
// argon2 panic nor make a single login allocate unbounded memory or time.
const (
	maxMemoryKiB = 2 * 1024 * 1024 // 2 GiB, the RFC 9106 first recommended option.
	maxTime      = 32
	minSaltLen   = 8 // The minimum salt length of RFC 9106, section 3.1.
	maxSaltLen   = 64
	minKeyLen    = 16 // Shorter tags would make a truncated hash easy to match.
	maxKeyLen    = 64
)

// ErrInvalidHash is returned (wrapped, with the reason) by VerifyPassword
// for a stored hash string that is not a well-formed argon2id PHC string
// with supported parameters. It indicates corrupt data, not a wrong password.
var ErrInvalidHash = errors.New("auth: invalid password hash")

// phcEncoding is the PHC string format's base64: the standard alphabet
// without padding, and strict so that every hash has exactly one encoding.
var phcEncoding = base64.RawStdEncoding.Strict()

// base64Chars is the alphabet of phcEncoding.
const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// validate reports whether p lies within the bounds this package accepts.
func (p Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time cost %d outside [1, %d]", p.Time, maxTime)
	case p.Threads < 1:
		return errors.New("parallelism must be at least 1")
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return fmt.Errorf("memory cost %d KiB outside [8*p, %d]", p.Memory, maxMemoryKiB)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d outside [%d, %d]", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length %d outside [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// HashPassword hashes pw with argon2id under p and a fresh random salt, and
// returns the PHC string
//
//	$argon2id$v=19$m=<memory>,t=<time>,p=<threads>$<salt>$<key>
//
// with salt and key in standard base64 without padding. The password is
// first normalised to Unicode NFKC, as NIST SP 800-63B advises, so that the
// same password typed on different devices (composed or decomposed "ë")
// verifies. HashPassword returns an error if p is outside the supported
// bounds or the system's random source fails.
func HashPassword(pw string, p Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("auth: hash password: %v", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: hash password: %v", err)
	}
	key := deriveKey(pw, salt, p)
	return encodeHash(p, salt, key), nil
}

// VerifyPassword checks pw against a hash made by HashPassword, using the
// parameters stored in the hash and a constant-time comparison. It reports
// ok when the password matches, and needsRehash when it matches but the
// hash's parameters differ from DefaultParams, in which case the caller
// should store a fresh HashPassword(pw, DefaultParams). A wrong password is
// not an error: it yields ok == false and a nil error. A malformed or
// unsupported hash yields an error wrapping ErrInvalidHash; VerifyPassword
// never panics on any input.
func VerifyPassword(pw, encoded string) (ok bool, needsRehash bool, err error) {
	return DefaultParams.Verify(pw, encoded)
}

// Verify is VerifyPassword with p, rather than DefaultParams, as the
// parameters that hashes are expected to have. It lets a program that is
// configured with other parameters (for example TestParams in tests) avoid
// rehashing on every login.
func (p Params) Verify(pw, encoded string) (ok bool, needsRehash bool, err error) {
	stored, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := deriveKey(pw, salt, stored)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	return true, stored != p, nil
}

// deriveKey runs argon2id over the NFKC normal form of pw. The parameters
// must have passed validate.
func deriveKey(pw string, salt []byte, p Params) []byte {
	return argon2.IDKey([]byte(norm.NFKC.String(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// encodeHash formats the PHC string for the given parameters, salt and key.
func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		phcEncoding.EncodeToString(salt), phcEncoding.EncodeToString(key))
}

// decodeHash parses a PHC string produced by encodeHash. It accepts exactly
// the canonical form (parameters in the order m, t, p; decimal numbers
// without sign or leading zeros; unpadded base64 with zero trailing bits),
// so that encodeHash(decodeHash(s)) == s for every accepted s. The returned
// Params carry the salt and key lengths found in the string.
func decodeHash(s string) (p Params, salt, key []byte, err error) {
	fail := func(reason string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrInvalidHash, reason)
	}
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	fields := strings.Split(s, "$")
	if len(fields) != 6 || fields[0] != "" {
		return fail("not a PHC string with five fields")
	}
	if fields[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	if fields[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("unsupported argon2 version")
	}
	params := strings.Split(fields[3], ",")
	if len(params) != 3 {
		return fail("parameters are not m, t, p")
	}
	m, okM := parseParam(params[0], "m=", maxMemoryKiB)
	t, okT := parseParam(params[1], "t=", maxTime)
	th, okP := parseParam(params[2], "p=", 255)
	if !okM || !okT || !okP {
		return fail("malformed or out-of-range parameter")
	}
	// The base64 decoder skips '\r' and '\n'; refuse them, and anything else
	// outside the alphabet, so that an accepted hash has one spelling.
	if strings.Trim(fields[4], base64Chars) != "" || strings.Trim(fields[5], base64Chars) != "" {
		return fail("salt or key contains characters outside base64")
	}
	salt, err = phcEncoding.DecodeString(fields[4])
	if err != nil {
		return fail("salt is not unpadded base64")
	}
	key, err = phcEncoding.DecodeString(fields[5])
	if err != nil {
		return fail("key is not unpadded base64")
	}
	p = Params{Memory: m, Time: t, Threads: uint8(th), SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if err := p.validate(); err != nil {
		return fail(err.Error())
	}
	return p, salt, key, nil
}

// parseParam parses "name=value" where value is a canonical decimal number
// no greater than limit.
func parseParam(s, name string, limit uint32) (uint32, bool) {
	v, found := strings.CutPrefix(s, name)
	if !found || v == "" || len(v) > 10 || (len(v) > 1 && v[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n > uint64(limit) {
		return 0, false
	}
	return uint32(n), true
}

// Password policy bounds, counted in Unicode code points after NFKC
// normalisation, the form in which the password is hashed.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// The errors of ValidatePasswordPolicy. Their messages are Dutch sentences
// meant to be shown to the user as they are, which is why they break the
// usual Go convention of lower-case error strings.
var (
	ErrPasswordTooShort   = errors.New("Het wachtwoord moet minimaal 12 tekens lang zijn.")
	ErrPasswordTooLong    = errors.New("Het wachtwoord mag maximaal 256 tekens lang zijn.")
	ErrPasswordRepetitive = errors.New("Het wachtwoord mag niet uit één steeds herhaald teken bestaan.")
	ErrPasswordEncoding   = errors.New("Het wachtwoord bevat ongeldige tekens.")
)

// ValidatePasswordPolicy reports whether pw may be chosen as a new password:
// valid UTF-8, between MinPasswordLength and MaxPasswordLength characters,
// and not a single character repeated. It returns one of the ErrPassword…
// errors, whose message is Dutch and fit to show to the user. Following
// NIST SP 800-63B the policy demands length rather than character classes;
// it does not check breached-password lists.
func ValidatePasswordPolicy(pw string) error {
	if !utf8.ValidString(pw) {
		return ErrPasswordEncoding
	}
	pw = norm.NFKC.String(pw)
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return ErrPasswordTooShort
	case n > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Trim(pw, string(first)) == "" {
		return ErrPasswordRepetitive
	}
	return nil
}
