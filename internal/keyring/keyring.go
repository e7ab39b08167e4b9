// Package keyring holds the keys of Groepsaanpak's encryption at rest
// (covenant Art 10, GDPR Art 32, BIO 8.24).
//
// Personal data is encrypted in the database with AES-256-GCM under a data
// key per person (or per group, for an item about a group without a
// person). The data keys are not in the database: they live in a key store
// outside it, a small SQLite file (DATA/keys/datakeys.db), each wrapped by a
// master key. The database only refers to a data key by its id. Destroying a
// data key in the key store (crypto-shredding) therefore makes the person's
// content unreadable in the live database and in every backup of the
// database taken before, since no backup of the database holds the key.
//
// The master key is behind the Master interface, so that a KMS or HSM can
// hold it instead of the key file or environment variable of the embedded
// installation. The key store records which master wrapped each data key:
// Rotate re-wraps every data key under a new master while processes keep
// running, and a process meeting a data key wrapped by a master it does not
// hold asks its MasterSource again.
package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Master wraps and unwraps data keys. The key file and the environment
// variable give an AESMaster; a KMS or HSM implements the same interface.
// aad binds a wrapped key to its id, so a wrapped key copied to another id
// does not unwrap.
type Master interface {
	// ID names the master in the key store; it must not reveal the key.
	ID() string
	Wrap(key, aad []byte) ([]byte, error)
	Unwrap(wrapped, aad []byte) ([]byte, error)
}

// KeySize is the size of master and data keys: AES-256.
const KeySize = 32

// AESMaster is a master key held in memory: AES-256-GCM key wrapping.
type AESMaster struct {
	id   string
	aead cipher.AEAD
}

// NewAESMaster returns a master for a 32-byte key.
func NewAESMaster(key []byte) (*AESMaster, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("keyring: a master key has %d bytes, not %d", KeySize, len(key))
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append([]byte("groepsaanpak master key id\x00"), key...))
	return &AESMaster{id: "aes-" + hex.EncodeToString(sum[:8]), aead: aead}, nil
}

// ID is derived from the key by a one-way hash.
func (m *AESMaster) ID() string { return m.id }

// Wrap encrypts key: a random nonce followed by the sealed key.
func (m *AESMaster) Wrap(key, aad []byte) ([]byte, error) {
	return seal(m.aead, key, aad)
}

// Unwrap decrypts a wrapped key.
func (m *AESMaster) Unwrap(wrapped, aad []byte) ([]byte, error) {
	return open(m.aead, wrapped, aad)
}

// ParseMasterKey reads a master key written as 64 hexadecimal digits;
// surrounding white space is ignored.
func ParseMasterKey(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != KeySize {
		return nil, errors.New("keyring: a master key is 64 hexadecimal digits")
	}
	return b, nil
}

// NewMasterKeyText returns a new random master key as 64 hexadecimal digits.
func NewMasterKeyText() (string, error) {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("keyring: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	return aead, nil
}

func seal(aead cipher.AEAD, plain, aad []byte) ([]byte, error) {
	out := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("keyring: random: %w", err)
	}
	return aead.Seal(out, out, plain, aad), nil
}

func open(aead cipher.AEAD, sealed, aad []byte) ([]byte, error) {
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrDecrypt
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], aad)
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// ErrDecrypt is a ciphertext that does not open: damaged, under another
// key, or moved from another row (its additional data differs).
var ErrDecrypt = errors.New("keyring: ciphertext does not decrypt")

// ErrShredded is a data key that no longer exists: the person's content was
// erased by destroying the key (crypto-shredding).
var ErrShredded = errors.New("keyring: data key destroyed")

// Prefix starts every encrypted value stored in a text column: version 1,
// then base64 (no padding) of nonce ‖ AES-256-GCM ciphertext.
const Prefix = "gae1:"

// IsSealed reports whether a stored value is an encrypted one.
func IsSealed(s string) bool { return strings.HasPrefix(s, Prefix) }

// DataKey is an unwrapped data key, ready to encrypt and decrypt values.
type DataKey struct {
	id     string
	aead   cipher.AEAD
	loaded time.Time
}

func newDataKey(id string, key []byte) (*DataKey, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &DataKey{id: id, aead: aead}, nil
}

// ID is the key's id in the key store.
func (k *DataKey) ID() string { return k.id }

// Seal encrypts plain with aad as additional data (the row's identity) and
// returns the text to store.
func (k *DataKey) Seal(plain string, aad []byte) (string, error) {
	b, err := seal(k.aead, []byte(plain), aad)
	if err != nil {
		return "", err
	}
	return Prefix + base64.RawStdEncoding.EncodeToString(b), nil
}

// Open decrypts a value produced by Seal with the same aad.
func (k *DataKey) Open(stored string, aad []byte) (string, error) {
	if !IsSealed(stored) {
		return "", ErrDecrypt
	}
	b, err := base64.RawStdEncoding.DecodeString(stored[len(Prefix):])
	if err != nil {
		return "", ErrDecrypt
	}
	plain, err := open(k.aead, b, aad)
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

// BlindIndex computes keyed HMAC-SHA256 blind indexes for equality look-ups
// of encrypted values, under a key held in the key store.
type BlindIndex struct {
	key []byte
}

// Sum returns the blind index of the parts in the domain (such as
// "person-match"), hex-encoded; parts are length-prefixed so that no two
// lists of parts collide.
func (b *BlindIndex) Sum(domain string, parts ...string) string {
	m := hmac.New(sha256.New, b.key)
	fmt.Fprintf(m, "%d:%s", len(domain), domain)
	for _, p := range parts {
		fmt.Fprintf(m, "%d:%s", len(p), p)
	}
	return hex.EncodeToString(m.Sum(nil))
}
