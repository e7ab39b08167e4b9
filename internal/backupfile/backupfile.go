// Package backupfile encrypts and decrypts backups as a stream of
// AES-256-GCM chunks under a 256-bit key the operator holds outside the
// installation.
//
// Format (all integers big-endian):
//
//	magic    "GABACKUP1\n"            10 bytes
//	prefix   random nonce prefix       8 bytes
//	chunks   length (4 bytes) + sealed chunk, repeated
//
// Each chunk holds at most ChunkSize bytes of plain text. Its nonce is the
// prefix followed by the chunk's number (4 bytes), so no nonce repeats
// within a file and, with a random prefix, across files. The additional
// data of a chunk is the magic, the prefix, its number and whether it is
// the last chunk, so that chunks cannot be reordered, moved between files,
// or cut off at the end without decryption failing. An empty backup is one
// empty final chunk.
package backupfile

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// KeySize is the size of a backup key: AES-256.
const KeySize = 32

// ChunkSize is the plain-text size of every chunk but the last.
const ChunkSize = 64 << 10

const magic = "GABACKUP1\n"

const prefixSize = 8

// ErrCorrupt is returned for a file that is not a backup, was made with
// another key, or was changed or cut short.
var ErrCorrupt = errors.New("backupfile: not a backup made with this key, or the backup is damaged or incomplete")

// NewKey returns a new random key in the text form of a key file: 64
// hexadecimal digits.
func NewKey() (string, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return "", err
	}
	return hex.EncodeToString(k), nil
}

// ParseKey reads a key written as 64 hexadecimal digits or as standard
// base64 of 32 bytes; surrounding white space is ignored.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if k, err := hex.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	return nil, errors.New("backupfile: a backup key is 32 bytes, written as 64 hexadecimal digits or in base64")
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("backupfile: key of %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func nonce(prefix []byte, n uint32) []byte {
	b := make([]byte, 12)
	copy(b, prefix)
	binary.BigEndian.PutUint32(b[prefixSize:], n)
	return b
}

func additional(prefix []byte, n uint32, last bool) []byte {
	b := make([]byte, 0, len(magic)+prefixSize+5)
	b = append(b, magic...)
	b = append(b, prefix...)
	b = binary.BigEndian.AppendUint32(b, n)
	if last {
		return append(b, 1)
	}
	return append(b, 0)
}

// Writer encrypts what is written to it; Close writes the final chunk and
// must be called.
type Writer struct {
	w      io.Writer
	aead   cipher.AEAD
	prefix []byte
	n      uint32
	buf    []byte
	closed bool
	err    error
}

// NewWriter writes the header to w and returns a Writer that encrypts
// under key.
func NewWriter(w io.Writer, key []byte) (*Writer, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	prefix := make([]byte, prefixSize)
	if _, err := rand.Read(prefix); err != nil {
		return nil, err
	}
	if _, err := io.WriteString(w, magic); err != nil {
		return nil, err
	}
	if _, err := w.Write(prefix); err != nil {
		return nil, err
	}
	return &Writer{w: w, aead: aead, prefix: prefix, buf: make([]byte, 0, ChunkSize)}, nil
}

func (w *Writer) seal(last bool) error {
	if w.n == math.MaxUint32 {
		return errors.New("backupfile: backup too large")
	}
	ct := w.aead.Seal(nil, nonce(w.prefix, w.n), w.buf, additional(w.prefix, w.n, last))
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(ct)))
	if _, err := w.w.Write(l[:]); err != nil {
		return err
	}
	if _, err := w.w.Write(ct); err != nil {
		return err
	}
	w.n++
	w.buf = w.buf[:0]
	return nil
}

// Write encrypts p, a full chunk at a time.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.closed {
		return 0, errors.New("backupfile: write after close")
	}
	written := 0
	for len(p) > 0 {
		// A full buffer is sealed only when more follows, so that the
		// last chunk is always the one Close seals.
		if len(w.buf) == ChunkSize {
			if w.err = w.seal(false); w.err != nil {
				return written, w.err
			}
		}
		k := copy(w.buf[len(w.buf):ChunkSize], p)
		w.buf = w.buf[:len(w.buf)+k]
		p, written = p[k:], written+k
	}
	return written, nil
}

// Close seals the final chunk. It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return nil
	}
	w.closed = true
	return w.seal(true)
}

// Reader decrypts a backup.
type Reader struct {
	r      io.Reader
	aead   cipher.AEAD
	prefix []byte
	n      uint32
	next   []byte // the sealed chunk read ahead, nil at the end
	plain  []byte
	done   bool
	err    error
}

// NewReader reads the header from r and returns a Reader that decrypts
// under key. Every chunk is authenticated before any of its bytes are
// returned; an error from Read other than io.EOF means the backup must not
// be used.
func NewReader(r io.Reader, key []byte) (*Reader, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	head := make([]byte, len(magic)+prefixSize)
	if _, err := io.ReadFull(r, head); err != nil || string(head[:len(magic)]) != magic {
		return nil, ErrCorrupt
	}
	rd := &Reader{r: r, aead: aead, prefix: head[len(magic):]}
	if rd.next, err = rd.readSealed(); err != nil {
		return nil, err
	}
	if rd.next == nil {
		return nil, ErrCorrupt // not even the final chunk
	}
	return rd, nil
}

// readSealed reads one length-prefixed sealed chunk, or nil at a clean end
// of the file.
func (r *Reader) readSealed() ([]byte, error) {
	var l [4]byte
	if _, err := io.ReadFull(r.r, l[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, ErrCorrupt
	}
	n := binary.BigEndian.Uint32(l[:])
	if n < uint32(r.aead.Overhead()) || n > ChunkSize+uint32(r.aead.Overhead()) {
		return nil, ErrCorrupt
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		return nil, ErrCorrupt
	}
	return b, nil
}

func (r *Reader) Read(p []byte) (int, error) {
	for len(r.plain) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.done {
			return 0, io.EOF
		}
		sealed := r.next
		following, err := r.readSealed()
		if err != nil {
			r.err = err
			return 0, err
		}
		last := following == nil
		plain, err := r.aead.Open(nil, nonce(r.prefix, r.n), sealed, additional(r.prefix, r.n, last))
		if err != nil {
			r.err = ErrCorrupt
			return 0, r.err
		}
		r.n++
		r.plain, r.next, r.done = plain, following, last
	}
	k := copy(p, r.plain)
	r.plain = r.plain[k:]
	return k, nil
}

// Encrypt is a convenience for tests and small data: it returns the backup
// file of plain.
func Encrypt(plain, key []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := NewWriter(&b, key)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Decrypt returns the plain text of a whole backup file.
func Decrypt(file, key []byte) ([]byte, error) {
	r, err := NewReader(bytes.NewReader(file), key)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
