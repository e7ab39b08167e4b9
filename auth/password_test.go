package auth

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// referenceHash is the output of the reference C implementation of Argon2
// (P-H-C/phc-winner-argon2):
//
//	echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32 -e
const referenceHash = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"

// MustHashPassword hashes pw with p or fails the test.
func MustHashPassword(tb testing.TB, pw string, p Params) string {
	tb.Helper()
	h, err := HashPassword(pw, p)
	if err != nil {
		tb.Fatalf("HashPassword: %v", err)
	}
	return h
}

func TestHashPasswordFormat(t *testing.T) {
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=([0-9]+),t=([0-9]+),p=([0-9]+)\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)
	for _, p := range []Params{TestParams, {Memory: 256, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}} {
		h := MustHashPassword(t, "correct horse battery staple", p)
		m := phc.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("hash %q is not a PHC argon2id string with a 16-byte salt and 32-byte key", h)
		}
		want := []string{strconv.Itoa(int(p.Memory)), strconv.Itoa(int(p.Time)), strconv.Itoa(int(p.Threads))}
		if got := m[1:4]; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("hash %q has parameters m,t,p = %v, want %v", h, got, want)
		}
	}
}

func TestHashPasswordUsesFreshSalt(t *testing.T) {
	a := MustHashPassword(t, "hetzelfde wachtwoord", TestParams)
	b := MustHashPassword(t, "hetzelfde wachtwoord", TestParams)
	if a == b {
		t.Errorf("two hashes of the same password are equal (%q); the salt is not random", a)
	}
}

func TestHashPasswordRejectsUnsupportedParams(t *testing.T) {
	tests := []struct {
		name string
		p    Params
	}{
		{"zero time", Params{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32}},
		{"zero threads", Params{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32}},
		{"memory below 8 KiB per thread", Params{Memory: 31, Time: 1, Threads: 4, SaltLen: 16, KeyLen: 32}},
		{"memory above 2 GiB", Params{Memory: 2*1024*1024 + 1, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}},
		{"time above 32", Params{Memory: 64, Time: 33, Threads: 1, SaltLen: 16, KeyLen: 32}},
		{"salt shorter than 8 bytes", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 7, KeyLen: 32}},
		{"salt longer than 64 bytes", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 65, KeyLen: 32}},
		{"key shorter than 16 bytes", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 15}},
		{"key longer than 64 bytes", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 65}},
		{"zero value", Params{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if h, err := HashPassword("wachtwoord", tt.p); err == nil {
				t.Errorf("HashPassword(%+v) = %q, want an error", tt.p, h)
			}
		})
	}
}

func TestVerifyPassword(t *testing.T) {
	testHash := MustHashPassword(t, "Geheim wachtwoord 123", TestParams)
	composed := MustHashPassword(t, "Cre\u00e8me brûlée!", TestParams) // "è" as one code point.
	tests := []struct {
		name            string
		params          Params // The expected parameters, as in params.Verify.
		pw, encoded     string
		ok, needsRehash bool
	}{
		{"correct password matches", TestParams, "Geheim wachtwoord 123", testHash, true, false},
		{"wrong password does not match", TestParams, "Geheim wachtwoord 124", testHash, false, false},
		{"empty password does not match", TestParams, "", testHash, false, false},
		{"password with trailing space does not match", TestParams, "Geheim wachtwoord 123 ", testHash, false, false},
		{"hash with other parameters than expected needs rehash", DefaultParams, "Geheim wachtwoord 123", testHash, true, true},
		{"wrong password never reports rehash", DefaultParams, "fout", testHash, false, false},
		{"decomposed accent matches composed accent", TestParams, "Cre\u0065\u0300me brûlée!", composed, true, false},
		{"reference implementation hash matches", Params{Memory: 65536, Time: 2, Threads: 4, SaltLen: 8, KeyLen: 32}, "password", referenceHash, true, false},
		{"reference implementation hash needs rehash to defaults", DefaultParams, "password", referenceHash, true, true},
		{"reference implementation hash rejects other password", DefaultParams, "Password", referenceHash, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, needsRehash, err := tt.params.Verify(tt.pw, tt.encoded)
			if err != nil {
				t.Fatalf("Verify: unexpected error %v", err)
			}
			if ok != tt.ok || needsRehash != tt.needsRehash {
				t.Errorf("Verify(%q, %q) = ok %v, needsRehash %v; want %v, %v", tt.pw, tt.encoded, ok, needsRehash, tt.ok, tt.needsRehash)
			}
		})
	}
}

func TestVerifyPasswordWithDefaultParams(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes with the production parameters")
	}
	h := MustHashPassword(t, "Geheim wachtwoord 123", DefaultParams)
	ok, needsRehash, err := VerifyPassword("Geheim wachtwoord 123", h)
	if err != nil || !ok || needsRehash {
		t.Errorf("VerifyPassword of a DefaultParams hash = %v, %v, %v; want true, false, nil", ok, needsRehash, err)
	}
	ok, needsRehash, err = VerifyPassword("Geheim wachtwoord 123", MustHashPassword(t, "Geheim wachtwoord 123", TestParams))
	if err != nil || !ok || !needsRehash {
		t.Errorf("VerifyPassword of a TestParams hash = %v, %v, %v; want true, true, nil", ok, needsRehash, err)
	}
}

func TestVerifyPasswordRejectsMalformedHash(t *testing.T) {
	// valid is a well-formed TestParams hash; the cases below break one part.
	const valid = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$3Gr8rIIAH3+fy3nAmwHWMhKJHnyz/GC8qpuYcz1HZOE"
	if _, _, err := TestParams.Verify("x", valid); err != nil {
		t.Fatalf("the valid base case is rejected: %v", err)
	}
	tests := []struct{ name, encoded string }{
		{"empty string", ""},
		{"bcrypt hash", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i instead of argon2id", strings.Replace(valid, "argon2id", "argon2i", 1)},
		{"argon2d instead of argon2id", strings.Replace(valid, "argon2id", "argon2d", 1)},
		{"missing leading dollar", valid[1:]},
		{"trailing dollar", valid + "$"},
		{"missing version", strings.Replace(valid, "$v=19", "", 1)},
		{"version 16", strings.Replace(valid, "v=19", "v=16", 1)},
		{"parameters out of order", strings.Replace(valid, "m=64,t=1,p=1", "t=1,m=64,p=1", 1)},
		{"missing parameter", strings.Replace(valid, "m=64,t=1,p=1", "m=64,t=1", 1)},
		{"extra parameter", strings.Replace(valid, "m=64,t=1,p=1", "m=64,t=1,p=1,keyid=x", 1)},
		{"leading zero", strings.Replace(valid, "m=64", "m=064", 1)},
		{"plus sign", strings.Replace(valid, "m=64", "m=+64", 1)},
		{"negative number", strings.Replace(valid, "t=1", "t=-1", 1)},
		{"empty number", strings.Replace(valid, "t=1", "t=", 1)},
		{"number overflows uint32", strings.Replace(valid, "m=64", "m=4294967296", 1)},
		{"zero time would make argon2 panic", strings.Replace(valid, "t=1", "t=0", 1)},
		{"zero threads would make argon2 panic", strings.Replace(valid, "p=1", "p=0", 1)},
		{"threads above 255", strings.Replace(valid, "p=1", "p=256", 1)},
		{"memory below 8 KiB per thread", strings.Replace(valid, "p=1", "p=9", 1)},
		{"memory above 2 GiB", strings.Replace(valid, "m=64", "m=2097153", 1)},
		{"time above 32", strings.Replace(valid, "t=1", "t=33", 1)},
		{"padded salt", strings.Replace(valid, "c29tZXNhbHRzb21lc2FsdA", "c29tZXNhbHRzb21lc2FsdA==", 1)},
		{"key in base64url", strings.Replace(valid, "$3Gr8rIIAH3+fy3nAmwHWMhKJHnyz/GC8qpuYcz1HZOE", "$3Gr8rIIAH3-fy3nAmwHWMhKJHnyz_GC8qpuYcz1HZOE", 1)},
		{"non-canonical trailing bits", strings.Replace(valid, "c2FsdA$", "c2FsdB$", 1)},
		{"salt shorter than 8 bytes", strings.Replace(valid, "c29tZXNhbHRzb21lc2FsdA", "c2FsdA", 1)},
		{"key shorter than 16 bytes", strings.Replace(valid, "3Gr8rIIAH3+fy3nAmwHWMhKJHnyz/GC8qpuYcz1HZOE", "3Gr8rIIAH3+fy3nA", 1)},
		{"line break in salt, which base64 decoders skip", strings.Replace(valid, "c29tZXNh", "c29t\r\nZXNh", 1)},
		{"empty key", strings.Replace(valid, "3Gr8rIIAH3+fy3nAmwHWMhKJHnyz/GC8qpuYcz1HZOE", "", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, needsRehash, err := VerifyPassword("x", tt.encoded)
			if !errors.Is(err, ErrInvalidHash) {
				t.Errorf("VerifyPassword(%q) error = %v, want ErrInvalidHash", tt.encoded, err)
			}
			if ok || needsRehash {
				t.Errorf("VerifyPassword(%q) = %v, %v with an error; want false, false", tt.encoded, ok, needsRehash)
			}
		})
	}
}

// FuzzVerifyPassword checks that the hash parser never panics, accepts only
// the canonical encoding (what it accepts re-encodes to the same string),
// and that verification of any accepted hash with small parameters runs.
func FuzzVerifyPassword(f *testing.F) {
	f.Add("password", referenceHash)
	f.Add("wachtwoord", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$3Gr8rIIAH3+fy3nAmwHWMhKJHnyz/GC8qpuYcz1HZOE")
	f.Add("", "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("x", "$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHQ$")
	f.Add("x", "$argon2i$v=19$m=65536,t=2$c29tZXNhbHQ$IMit9qkFULCMA/ViizL57cnTLOa5DiVM9eMwpAvPwr4")
	f.Add("x", "$$$$$")
	f.Fuzz(func(t *testing.T, pw, encoded string) {
		p, salt, key, err := decodeHash(encoded)
		if err != nil {
			if !errors.Is(err, ErrInvalidHash) {
				t.Fatalf("decodeHash(%q) error %v does not wrap ErrInvalidHash", encoded, err)
			}
			return
		}
		if re := encodeHash(p, salt, key); re != encoded {
			t.Fatalf("decodeHash accepted non-canonical %q (canonical %q)", encoded, re)
		}
		if p.Memory > 1024 || p.Time > 2 {
			return // Valid but too slow to verify thousands of times a second.
		}
		if _, _, err := VerifyPassword(pw, encoded); err != nil {
			t.Fatalf("VerifyPassword(%q) rejected a hash decodeHash accepts: %v", encoded, err)
		}
	})
}

func TestValidatePasswordPolicy(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"twelve characters are enough", "abcdefghijkl", nil},
		{"eleven characters are too few", "abcdefghijk", ErrPasswordTooShort},
		{"empty password is too short", "", ErrPasswordTooShort},
		{"length counts characters, not bytes", "ëëëëëëëëëëëa", nil},
		{"eleven accented characters are too few despite 22 bytes", "ëëëëëëëëëëa", ErrPasswordTooShort},
		{"decomposed accents count once", strings.Repeat("e\u0308", 11) + "a", nil},
		{"256 characters are allowed", strings.Repeat("ab", 128), nil},
		{"257 characters are too many", strings.Repeat("ab", 128) + "c", ErrPasswordTooLong},
		{"one repeated character is refused", strings.Repeat("a", 20), ErrPasswordRepetitive},
		{"one repeated multibyte character is refused", strings.Repeat("€", 12), ErrPasswordRepetitive},
		{"twelve spaces are refused", strings.Repeat(" ", 12), ErrPasswordRepetitive},
		{"two alternating characters are allowed", strings.Repeat("ab", 6), nil},
		{"a passphrase with spaces is allowed", "paard batterij nietje correct", nil},
		{"invalid UTF-8 is refused", "abcdefghijkl\xff", ErrPasswordEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidatePasswordPolicy(tt.pw); got != tt.want {
				t.Errorf("ValidatePasswordPolicy(%q) = %v, want %v", tt.pw, got, tt.want)
			}
		})
	}
}

func TestPasswordPolicyMessagesMatchBounds(t *testing.T) {
	if msg := ErrPasswordTooShort.Error(); !strings.Contains(msg, strconv.Itoa(MinPasswordLength)) {
		t.Errorf("message %q does not state the minimum %d", msg, MinPasswordLength)
	}
	if msg := ErrPasswordTooLong.Error(); !strings.Contains(msg, strconv.Itoa(MaxPasswordLength)) {
		t.Errorf("message %q does not state the maximum %d", msg, MaxPasswordLength)
	}
}

func BenchmarkHashPasswordDefaultParams(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("Geheim wachtwoord 123", DefaultParams); err != nil {
			b.Fatal(err)
		}
	}
}
