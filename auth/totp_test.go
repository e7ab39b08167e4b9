package auth

import (
	"bytes"
	"encoding/base32"
	"errors"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rfc6238Secret is the SHA-1 seed of the RFC 6238 test vectors, the ASCII
// string "12345678901234567890", in base32.
const rfc6238Secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// MustNewTOTPSecret returns a fresh secret or fails the test.
func MustNewTOTPSecret(tb testing.TB) string {
	tb.Helper()
	secret, _, err := NewTOTPSecret("Groepsaanpak", "jan@example.nl")
	if err != nil {
		tb.Fatalf("NewTOTPSecret: %v", err)
	}
	return secret
}

// MustTOTPCode returns the code of secret at t or fails the test.
func MustTOTPCode(tb testing.TB, secret string, t time.Time) string {
	tb.Helper()
	code, err := TOTPCode(secret, t)
	if err != nil {
		tb.Fatalf("TOTPCode: %v", err)
	}
	return code
}

func TestTOTPCodeMatchesRFC6238(t *testing.T) {
	// Appendix B of RFC 6238 lists eight-digit codes; six-digit codes are
	// their last six digits.
	tests := []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	}
	for _, tt := range tests {
		if got := MustTOTPCode(t, rfc6238Secret, time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("TOTPCode at %d = %q, want %q", tt.unix, got, tt.want)
		}
	}
}

func TestTOTPCodeAcceptsSecretAsUsersTypeIt(t *testing.T) {
	at := time.Unix(59, 0)
	for _, secret := range []string{
		strings.ToLower(rfc6238Secret),
		"GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ======",
	} {
		if got := MustTOTPCode(t, secret, at); got != "287082" {
			t.Errorf("TOTPCode(%q) = %q, want 287082", secret, got)
		}
	}
}

func TestTOTPCodeRejectsInvalidSecret(t *testing.T) {
	tests := []struct{ name, secret string }{
		{"empty secret", ""},
		{"not base32", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1"},
		{"shorter than 128 bits", base32.StdEncoding.EncodeToString(make([]byte, 15))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, err := TOTPCode(tt.secret, time.Unix(59, 0)); !errors.Is(err, ErrInvalidTOTPSecret) {
				t.Errorf("TOTPCode(%q) = %q, %v; want ErrInvalidTOTPSecret", tt.secret, code, err)
			}
		})
	}
}

func TestValidateTOTP(t *testing.T) {
	secret := MustNewTOTPSecret(t)
	other := MustNewTOTPSecret(t)
	now := time.Date(2026, 11, 30, 9, 0, 15, 0, time.UTC) // Halfway a step.
	step := now.Unix() / 30
	at := func(d time.Duration) string { return MustTOTPCode(t, secret, now.Add(d)) }
	tests := []struct {
		name     string
		code     string
		secret   string
		wantStep int64
		wantOK   bool
	}{
		{"code of the current step is accepted", at(0), secret, step, true},
		{"code of the previous step is accepted", at(-30 * time.Second), secret, step - 1, true},
		{"code of the next step is accepted", at(30 * time.Second), secret, step + 1, true},
		{"code two steps old is refused", at(-60 * time.Second), secret, 0, false},
		{"code two steps ahead is refused", at(60 * time.Second), secret, 0, false},
		{"code of another secret is refused", MustTOTPCode(t, other, now), secret, 0, false},
		{"code with a space in the middle is accepted", at(0)[:3] + " " + at(0)[3:], secret, step, true},
		{"code with surrounding spaces is accepted", " " + at(0) + " ", secret, step, true},
		{"code with a hyphen is refused", at(0)[:3] + "-" + at(0)[3:], secret, 0, false},
		{"five digits are refused", at(0)[:5], secret, 0, false},
		{"seven digits are refused", at(0) + "0", secret, 0, false},
		{"empty code is refused", "", secret, 0, false},
		{"non-ASCII digits are refused", "١٢٣٤٥٦", secret, 0, false},
		{"empty secret is refused", MustTOTPCode(t, secret, now), "", 0, false},
		{"invalid secret is refused", at(0), "not base32!", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotStep, ok := ValidateTOTP(tt.code, tt.secret, now)
			if ok != tt.wantOK || gotStep != tt.wantStep {
				t.Errorf("ValidateTOTP(%q) = %d, %v; want %d, %v", tt.code, gotStep, ok, tt.wantStep, tt.wantOK)
			}
		})
	}
}

func TestValidateTOTPStepsAtBoundaries(t *testing.T) {
	tests := []struct {
		name     string
		unix     int64
		wantStep int64
	}{
		{"first second of a step", 1111111110, 37037037},
		{"last second of a step", 1111111139, 37037037},
		{"first second of the next step", 1111111140, 37037038},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := time.Unix(tt.unix, 999_999_999)
			step, ok := ValidateTOTP(MustTOTPCode(t, rfc6238Secret, at), rfc6238Secret, at)
			if !ok || step != tt.wantStep {
				t.Errorf("ValidateTOTP at %d = %d, %v; want %d, true", tt.unix, step, ok, tt.wantStep)
			}
		})
	}
}

// TestValidateTOTPSupportsReplayProtection shows the caller's part of the
// contract: accept a code only if its step is after the last accepted step.
func TestValidateTOTPSupportsReplayProtection(t *testing.T) {
	secret := MustNewTOTPSecret(t)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	var lastStep int64 = -1
	login := func(code string, at time.Time) bool {
		step, ok := ValidateTOTP(code, secret, at)
		if !ok || step <= lastStep {
			return false
		}
		lastStep = step
		return true
	}
	code := MustTOTPCode(t, secret, now)
	if !login(code, now) {
		t.Fatal("first use of a fresh code is refused")
	}
	if login(code, now.Add(20*time.Second)) {
		t.Error("the same code is accepted twice")
	}
	if login(MustTOTPCode(t, secret, now.Add(-30*time.Second)), now.Add(time.Second)) {
		t.Error("a code of an earlier step is accepted after a later one")
	}
	if !login(MustTOTPCode(t, secret, now.Add(30*time.Second)), now.Add(30*time.Second)) {
		t.Error("the code of the next step is refused")
	}
}

func TestNewTOTPSecret(t *testing.T) {
	secret, rawURL, err := NewTOTPSecret("Groepsaanpak Utrecht", "jan@example.nl")
	if err != nil {
		t.Fatalf("NewTOTPSecret: %v", err)
	}
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(b) != 20 {
		t.Errorf("secret %q is not 20 bytes of unpadded base32 (err %v)", secret, err)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("otpauth URL %q: %v", rawURL, err)
	}
	q := u.Query()
	checks := []struct{ what, got, want string }{
		{"scheme", u.Scheme, "otpauth"},
		{"type", u.Host, "totp"},
		{"label", u.Path, "/Groepsaanpak Utrecht:jan@example.nl"},
		{"secret", q.Get("secret"), secret},
		{"issuer", q.Get("issuer"), "Groepsaanpak Utrecht"},
		{"algorithm", q.Get("algorithm"), "SHA1"},
		{"digits", q.Get("digits"), "6"},
		{"period", q.Get("period"), "30"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("otpauth URL %s = %q, want %q", c.what, c.got, c.want)
		}
	}
	now := time.Now()
	if _, ok := ValidateTOTP(MustTOTPCode(t, secret, now), secret, now); !ok {
		t.Error("a code of the new secret does not validate")
	}
	if again := MustNewTOTPSecret(t); again == secret {
		t.Errorf("two new secrets are equal: %q", secret)
	}
}

func TestNewTOTPSecretRejectsInvalidLabel(t *testing.T) {
	tests := []struct{ name, issuer, account string }{
		{"empty issuer", "", "jan@example.nl"},
		{"empty account", "Groepsaanpak", ""},
		{"colon in issuer", "Groeps:aanpak", "jan@example.nl"},
		{"colon in account", "Groepsaanpak", "jan:piet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := NewTOTPSecret(tt.issuer, tt.account); err == nil {
				t.Errorf("NewTOTPSecret(%q, %q) succeeded, want an error", tt.issuer, tt.account)
			}
		})
	}
}

func TestTOTPQRPNG(t *testing.T) {
	_, rawURL, err := NewTOTPSecret("Groepsaanpak", "jan@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{200, 256, 512} {
		b, err := TOTPQRPNG(rawURL, size)
		if err != nil {
			t.Fatalf("TOTPQRPNG(size %d): %v", size, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("TOTPQRPNG(size %d) is not a PNG: %v", size, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("TOTPQRPNG(size %d) is %dx%d", size, r.Dx(), r.Dy())
		}
		dark, light := 0, 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
					dark++
				} else {
					light++
				}
			}
		}
		if dark == 0 || light == 0 {
			t.Errorf("TOTPQRPNG(size %d) has %d dark and %d light pixels; want both", size, dark, light)
		}
	}
}

func TestTOTPQRPNGRejectsInvalidInput(t *testing.T) {
	_, rawURL, err := NewTOTPSecret("Groepsaanpak", "jan@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		url  string
		size int
	}{
		{"zero size", rawURL, 0},
		{"negative size", rawURL, -1},
		{"size above 2048", rawURL, 2049},
		{"size too small for the code", rawURL, 10},
		{"https URL", "https://example.nl/", 200},
		{"empty URL", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := TOTPQRPNG(tt.url, tt.size); err == nil {
				t.Errorf("TOTPQRPNG(%q, %d) succeeded, want an error", tt.url, tt.size)
			}
		})
	}
}
