package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/google/uuid"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// maxBodyBytes bounds a request body. The largest legitimate body, a
// register entry with its texts, is far below it.
const maxBodyBytes = 1 << 20

// errTrailingData is a body with more than one JSON value.
var errTrailingData = errors.New("api: data after the JSON value")

// decodeJSON reads the request body into v. The body must be one JSON value
// of at most 1 MiB with only the fields v declares: an unknown field is
// rejected rather than ignored, so that a misspelt field never silently
// leaves something unset. A rejected body answers 400 naming the field, 413
// when too large, 415 when it is not JSON. A text holding a NUL character
// (sent as \u0000) is refused as well: PostgreSQL cannot store it in a text
// column, and answered 500, while SQLite stored it.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return &statusError{problemUnsupportedMediaType}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errTrailingData
		}
	}
	if err == nil {
		if field, ok := findNUL(reflect.ValueOf(v), ""); ok {
			return ga.E(ga.KindInvalid, "api.decodeJSON", "De invoer is niet geldig.",
				ga.Detail{Name: field, Message: "Tekst mag geen NUL-teken (\\u0000) bevatten."})
		}
		return nil
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &statusError{problemTooLarge}
	}
	return decodeError(err)
}

// decodeError turns a JSON decoding failure into invalid input that names
// the offending field where the decoder knows it.
func decodeError(err error) error {
	const op = "api.decodeJSON"
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.",
			ga.Detail{Name: typeErr.Field, Message: fmt.Sprintf("Verkeerd type: verwacht %s.", jsonTypeName(typeErr.Type.Kind().String()))})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return ga.E(ga.KindInvalid, op, "De invoer is niet geldig.",
			ga.Detail{Name: name, Message: "Onbekend veld."})
	case errors.Is(err, io.EOF):
		return ga.E(ga.KindInvalid, op, "De inhoud van het verzoek ontbreekt; stuur een JSON-object.")
	case errors.As(err, new(*json.SyntaxError)), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, errTrailingData):
		return ga.E(ga.KindInvalid, op, "De inhoud van het verzoek is geen geldige JSON.")
	default:
		// Such as a timestamp that is not RFC 3339, which the decoder
		// reports without naming the field.
		return ga.E(ga.KindInvalid, op, "De inhoud van het verzoek past niet bij het verwachte formaat; zie het OpenAPI-document.")
	}
}

// findNUL reports whether a string anywhere in v holds a NUL character, and
// the JSON name of the field that holds it (empty for a top-level value).
func findNUL(v reflect.Value, field string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return field, strings.IndexByte(v.String(), 0) >= 0
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return findNUL(v.Elem(), field)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" {
				name = t.Field(i).Name
			}
			if name == "-" {
				continue
			}
			if f, ok := findNUL(v.Field(i), name); ok {
				return f, true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if f, ok := findNUL(v.Index(i), field); ok {
				return f, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if f, ok := findNUL(it.Key(), field); ok {
				return f, true
			}
			if f, ok := findNUL(it.Value(), field); ok {
				return f, true
			}
		}
	}
	return "", false
}

// jsonTypeName names a Go kind as the JSON type a client should send.
func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "tekst (string)"
	case "bool":
		return "true of false (boolean)"
	case "slice", "array":
		return "een lijst (array)"
	case "struct", "map":
		return "een object"
	case "int", "int64", "int32", "uint", "uint64", "uint32", "float64":
		return "een getal"
	}
	return kind
}

// writeJSON sends v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, status, "application/json", v)
}

// writeJSONAs encodes v before writing anything, so that an encoding failure
// cannot leave a half-written success behind.
func writeJSONAs(w http.ResponseWriter, status int, contentType string, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer putJSONBuffer(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		status, contentType = http.StatusInternalServerError, problemContentType
		json.NewEncoder(buf).Encode(problemFor(err))
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// jsonBuffers hold answers while they are encoded. An answer is encoded
// whole before its status is written, so that an encoding error can still
// be answered as a problem; a fresh buffer grew by doubling on every
// request (for a page of 50 items to 40 KiB, twice that in garbage).
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledJSON bounds the buffers kept for reuse, so that one very large
// answer (an export) does not keep its memory in the pool.
const maxPooledJSON = 1 << 20

// putJSONBuffer returns buf to the pool once its answer has been written (a
// ResponseWriter does not keep the bytes it is given), unless it grew
// beyond maxPooledJSON.
func putJSONBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledJSON {
		return
	}
	buf.Reset()
	jsonBuffers.Put(buf)
}

// writeCreated answers 201 with the new resource and where it lives.
func writeCreated(w http.ResponseWriter, location string, v any) {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
}

// pathID returns the identifier in the path parameter name. Identifiers are
// UUIDs in their canonical lower-case form; anything else is rejected as
// invalid input before storage is asked, so that a path never carries
// anything but an id (SPEC §10: no personal data in URLs).
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !validID(id) {
		return "", ga.E(ga.KindInvalid, "api.pathID", "De invoer is niet geldig.",
			ga.Detail{Name: name, Message: invalidIDMessage})
	}
	return id, nil
}

// validID reports whether s is an identifier in canonical form: a UUID in
// lower case.
func validID(s string) bool {
	return len(s) == 36 && strings.ToLower(s) == s && uuid.Validate(s) == nil
}

// invalidIDMessage is the reason given for an identifier that is not one.
const invalidIDMessage = "Geen geldige identificatie: verwacht een UUID (kleine letters)."

// queryID returns the required identifier in the query parameter name, or
// invalid input naming the parameter. Only identifiers are ever accepted in
// a query (SPEC §10: no personal data in URLs).
func queryID(r *http.Request, name string) (string, error) {
	id := r.URL.Query().Get(name)
	if !validID(id) {
		return "", ga.E(ga.KindInvalid, "api.queryID", "De invoer is niet geldig.",
			ga.Detail{Name: name, Message: invalidIDMessage})
	}
	return id, nil
}

// checkID adds a rejection of the body field name to v unless value is an
// identifier, or empty when the field is optional.
func checkID(v *ga.Invalid, name, value string, required bool) {
	if value == "" && !required || validID(value) {
		return
	}
	v.Add(name, invalidIDMessage)
}

// nonNil returns an empty slice for nil, so that an empty list is sent as []
// rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
