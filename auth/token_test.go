package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// MustNewToken returns a new token and its hash or fails the test.
func MustNewToken(tb testing.TB, prefix string) (string, []byte) {
	tb.Helper()
	plain, hash, err := NewToken(prefix)
	if err != nil {
		tb.Fatalf("NewToken(%q): %v", prefix, err)
	}
	return plain, hash
}

func TestNewToken(t *testing.T) {
	for _, prefix := range []string{APITokenPrefix, SessionTokenPrefix, "x_", "abcdefghij012345_"} {
		t.Run(prefix, func(t *testing.T) {
			plain, hash := MustNewToken(t, prefix)
			if !strings.HasPrefix(plain, prefix) || len(plain) != len(prefix)+43 {
				t.Errorf("token %q is not %q and 43 characters", plain, prefix)
			}
			if err := ParseToken(prefix, plain); err != nil {
				t.Errorf("ParseToken rejects a new token: %v", err)
			}
			if !bytes.Equal(hash, HashToken(plain)) {
				t.Errorf("NewToken hash %x differs from HashToken %x", hash, HashToken(plain))
			}
			if again, _ := MustNewToken(t, prefix); again == plain {
				t.Errorf("two new tokens are equal: %q", plain)
			}
		})
	}
}

func TestNewTokenRejectsInvalidPrefix(t *testing.T) {
	for _, prefix := range []string{"", "_", "gat", "GAT_", "ga-t_", "gat__", "abcdefghij0123456_", "gät_"} {
		if plain, _, err := NewToken(prefix); err == nil {
			t.Errorf("NewToken(%q) = %q, want an error", prefix, plain)
		}
	}
}

func TestHashToken(t *testing.T) {
	// The hash covers the prefix, so the same body under another prefix is
	// another token.
	const plain = "gat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	want := sha256.Sum256([]byte(plain))
	if got := HashToken(plain); !bytes.Equal(got, want[:]) {
		t.Errorf("HashToken = %s, want SHA-256 %s", hex.EncodeToString(got), hex.EncodeToString(want[:]))
	}
	if bytes.Equal(HashToken(plain), HashToken("gas_"+plain[4:])) {
		t.Error("HashToken ignores the prefix")
	}
}

func TestParseToken(t *testing.T) {
	valid, _ := MustNewToken(t, APITokenPrefix)
	body := valid[len(APITokenPrefix):]
	tests := []struct {
		name   string
		prefix string
		plain  string
		ok     bool
	}{
		{"new API token is accepted", APITokenPrefix, valid, true},
		{"all-zero body is accepted", APITokenPrefix, "gat_" + strings.Repeat("A", 43), true},
		{"body with - and _ is accepted", APITokenPrefix, "gat_" + strings.Repeat("-_", 21) + "A", true},
		{"session token is refused as API token", APITokenPrefix, SessionTokenPrefix + body, false},
		{"API token is refused as session token", SessionTokenPrefix, valid, false},
		{"missing prefix is refused", APITokenPrefix, body, false},
		{"upper-case prefix is refused", APITokenPrefix, "GAT_" + body, false},
		{"empty token is refused", APITokenPrefix, "", false},
		{"prefix alone is refused", APITokenPrefix, APITokenPrefix, false},
		{"one character short is refused", APITokenPrefix, valid[:len(valid)-1], false},
		{"one character long is refused", APITokenPrefix, valid + "A", false},
		{"padding is refused", APITokenPrefix, valid[:len(valid)-1] + "=", false},
		{"standard base64 + is refused", APITokenPrefix, "gat_" + strings.Repeat("+", 42) + "A", false},
		{"standard base64 / is refused", APITokenPrefix, "gat_" + strings.Repeat("/", 42) + "A", false},
		{"whitespace is refused", APITokenPrefix, " " + valid, false},
		{"non-zero trailing bits are refused", APITokenPrefix, "gat_" + strings.Repeat("A", 42) + "B", false},
		{"non-ASCII is refused", APITokenPrefix, "gat_" + strings.Repeat("A", 41) + "é", false},
		{"invalid expected prefix is an error", "gat", valid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ParseToken(tt.prefix, tt.plain)
			if tt.ok && err != nil {
				t.Errorf("ParseToken(%q, %q) = %v, want nil", tt.prefix, tt.plain, err)
			}
			if !tt.ok && err == nil {
				t.Errorf("ParseToken(%q, %q) = nil, want an error", tt.prefix, tt.plain)
			}
		})
	}
}

func TestParseTokenErrorHidesToken(t *testing.T) {
	plain := "gat_" + strings.Repeat("Q", 42) + "B" // Non-canonical, so rejected late.
	err := ParseToken(APITokenPrefix, plain)
	if !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("ParseToken error = %v, want ErrInvalidToken", err)
	}
	if strings.Contains(err.Error(), strings.Repeat("Q", 10)) {
		t.Errorf("ParseToken error %q contains the token", err)
	}
}
