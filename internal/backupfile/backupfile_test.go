package backupfile

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

func testKey(t testing.TB) []byte {
	s, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKey(s + "\n")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestRoundTrip(t *testing.T) {
	key := testKey(t)
	for _, n := range []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 3*ChunkSize + 5} {
		plain := random(n)
		file, err := Encrypt(plain, key)
		if err != nil {
			t.Fatal(err)
		}
		if n > 16 && bytes.Contains(file, plain[:16]) {
			t.Errorf("%d bytes: plain text in the file", n)
		}
		got, err := Decrypt(file, key)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%d bytes: round trip gave %d bytes, %v", n, len(got), err)
		}
		// Writing in small pieces gives a file that decrypts the same.
		var b bytes.Buffer
		w, _ := NewWriter(&b, key)
		for p := plain; len(p) > 0; {
			k := min(len(p), 1000)
			w.Write(p[:k])
			p = p[k:]
		}
		w.Close()
		if got, err := Decrypt(b.Bytes(), key); err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%d bytes in pieces: %v", n, err)
		}
	}
}

// chunks splits a file into its header and sealed chunks (with their
// length prefixes).
func chunks(file []byte) (head []byte, cs [][]byte) {
	head, rest := file[:len(magic)+prefixSize], file[len(magic)+prefixSize:]
	for len(rest) > 0 {
		n := binary.BigEndian.Uint32(rest) + 4
		cs, rest = append(cs, rest[:n]), rest[n:]
	}
	return head, cs
}

func TestTamperingIsDetected(t *testing.T) {
	key := testKey(t)
	plain := random(3*ChunkSize + 100)
	file, _ := Encrypt(plain, key)
	head, cs := chunks(file)
	if len(cs) != 4 {
		t.Fatalf("%d chunks, want 4", len(cs))
	}
	other, _ := Encrypt(random(3*ChunkSize+100), key)
	_, otherCs := chunks(other)
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	flipped := bytes.Clone(file)
	flipped[len(flipped)/2] ^= 1
	tests := map[string][]byte{
		"last chunk cut off":           join(head, cs[0], cs[1], cs[2]),
		"cut in the middle of a chunk": file[:len(file)-10],
		"chunks reordered":             join(head, cs[1], cs[0], cs[2], cs[3]),
		"chunk from another backup":    join(head, cs[0], otherCs[1], cs[2], cs[3]),
		"a bit flipped":                flipped,
		"garbage appended":             join(file, []byte{0, 0, 0, 20}, random(20)),
		"final chunk repeated":         join(file, cs[3]),
		"only the header":              head,
		"empty":                        nil,
		"not a backup":                 []byte("SQLite format 3\x00"),
	}
	for name, f := range tests {
		got, err := Decrypt(f, key)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: got %d bytes, %v; want ErrCorrupt", name, len(got), err)
		}
	}
	if _, err := Decrypt(file, testKey(t)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("another key: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	for s, ok := range map[string]bool{
		"": false, "abc": false,
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f":     true,
		"  000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n": true,
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e":       false,
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=":                         true,
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==":                         false,
	} {
		if _, err := ParseKey(s); (err == nil) != ok {
			t.Errorf("ParseKey(%q): %v", s, err)
		}
	}
}

func FuzzDecrypt(f *testing.F) {
	key := bytes.Repeat([]byte{7}, KeySize)
	for _, n := range []int{0, 10, ChunkSize + 1} {
		file, _ := Encrypt(bytes.Repeat([]byte{1}, n), key)
		f.Add(file)
	}
	f.Add([]byte(magic + "12345678\x00\x00\x00\x10"))
	f.Fuzz(func(t *testing.T, file []byte) {
		r, err := NewReader(bytes.NewReader(file), key)
		if err != nil {
			return
		}
		io.Copy(io.Discard, r)
	})
}
