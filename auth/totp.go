package auth

import (
	"bytes"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings. They are the defaults of authenticator apps (RFC 6238 with
// HMAC-SHA1, six digits, 30-second steps), which is why they are not
// configurable: some apps silently ignore other values in the otpauth URL.
const (
	totpPeriod     = 30
	totpDigits     = otp.DigitsSix
	totpAlgorithm  = otp.AlgorithmSHA1
	totpSecretSize = 20 // 160 bits, the secret length RFC 4226 recommends.
	totpMinSecret  = 16 // 128 bits, the minimum RFC 4226 allows.
	totpSkew       = 1
	maxQRSize      = 2048
)

// totpEncoding is the unpadded base32 of TOTP secrets in otpauth URLs.
var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// ErrInvalidTOTPSecret is returned by TOTPCode for a secret that is not
// base32 or is shorter than 128 bits.
var ErrInvalidTOTPSecret = errors.New("auth: invalid TOTP secret")

// NewTOTPSecret generates a random 160-bit TOTP secret for account at
// issuer. It returns the secret in unpadded base32 (to be stored, encrypted,
// with the account) and the otpauth:// URL that enrols it in an
// authenticator app, for example as a QR code from TOTPQRPNG. The URL holds
// the secret and must be treated like it. Issuer and account must be
// non-empty and, per the Key URI format, may not contain a colon.
func NewTOTPSecret(issuer, account string) (secret string, otpauthURL string, err error) {
	if strings.Contains(issuer, ":") || strings.Contains(account, ":") {
		return "", "", errors.New("auth: new TOTP secret: issuer and account may not contain a colon")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      totpDigits,
		Algorithm:   totpAlgorithm,
	})
	if err != nil {
		return "", "", fmt.Errorf("auth: new TOTP secret: %v", err)
	}
	return key.Secret(), key.String(), nil
}

// totpStep returns the RFC 6238 time step that contains t.
func totpStep(t time.Time) int64 {
	s := t.Unix()
	step := s / totpPeriod
	if s%totpPeriod < 0 {
		step-- // Round towards minus infinity for times before 1970.
	}
	return step
}

// ValidateTOTP reports whether code is the TOTP code of secret for the time
// step of now or the step just before or after it, allowing for clock skew
// of up to 30 seconds either way. When ok it returns the matched step.
//
// A code is valid for up to 90 seconds, so ValidateTOTP alone does not stop
// replay: the caller must store the step of each accepted login and reject
// any later code whose step is not greater than the stored one.
//
// Spaces in code are ignored, so "123 456" is accepted as typed; anything
// but six digits after that, or an invalid secret, yields ok == false.
func ValidateTOTP(code, secret string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != totpDigits.Length() || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	canonical, err := canonicalTOTPSecret(secret)
	if err != nil {
		return 0, false
	}
	current := totpStep(now)
	// The current step first, so that in the (one in a million) case that
	// the code also matches a neighbour, the caller records the honest step.
	for _, s := range []int64{current, current - totpSkew, current + totpSkew} {
		if s < 0 {
			continue
		}
		match, err := hotp.ValidateCustom(code, uint64(s), canonical, hotp.ValidateOpts{
			Digits:    totpDigits,
			Algorithm: totpAlgorithm,
		})
		if err == nil && match {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode returns the six-digit TOTP code of secret at time t, as an
// authenticator app would show it. It is meant for tests and the demo. It
// returns an error wrapping ErrInvalidTOTPSecret for a malformed secret.
func TOTPCode(secret string, t time.Time) (string, error) {
	canonical, err := canonicalTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	step := totpStep(t)
	if step < 0 {
		return "", errors.New("auth: TOTP code: time before 1970")
	}
	return hotp.GenerateCodeCustom(canonical, uint64(step), hotp.ValidateOpts{
		Digits:    totpDigits,
		Algorithm: totpAlgorithm,
	})
}

// canonicalTOTPSecret accepts a base32 secret in either case, with or
// without padding and spaces (as users copy it from an enrolment screen),
// and returns it upper-case and unpadded. It rejects secrets shorter than
// 128 bits, in particular the empty secret, for which any HMAC would still
// produce a valid-looking code.
func canonicalTOTPSecret(secret string) (string, error) {
	s := strings.ToUpper(strings.ReplaceAll(secret, " ", ""))
	s = strings.TrimRight(s, "=")
	b, err := totpEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("%w: not base32", ErrInvalidTOTPSecret)
	}
	if len(b) < totpMinSecret {
		return "", fmt.Errorf("%w: shorter than 128 bits", ErrInvalidTOTPSecret)
	}
	return totpEncoding.EncodeToString(b), nil
}

// TOTPQRPNG renders otpauthURL as a square PNG QR code of size by size
// pixels, for display on the enrolment page. The URL must use the otpauth
// scheme; size must be large enough for the code (about 100 pixels for a
// typical URL) and at most 2048. The image contains the secret, so it must be
// served with Cache-Control: no-store.
func TOTPQRPNG(otpauthURL string, size int) ([]byte, error) {
	if size <= 0 || size > maxQRSize {
		return nil, fmt.Errorf("auth: TOTP QR code: size %d outside [1, %d]", size, maxQRSize)
	}
	u, err := url.Parse(otpauthURL)
	if err != nil || u.Scheme != "otpauth" {
		return nil, errors.New("auth: TOTP QR code: not an otpauth URL")
	}
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil {
		return nil, fmt.Errorf("auth: TOTP QR code: %v", err)
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("auth: TOTP QR code: %v", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: TOTP QR code: %v", err)
	}
	return buf.Bytes(), nil
}
