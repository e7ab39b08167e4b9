package groepsaanpak

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error so that every adapter can map it to one answer:
// an HTTP status, a Dutch message on a page, an exit code on the command line.
type Kind uint8

const (
	// KindInternal is an unexpected failure; its details go to the
	// application log, never to the user.
	KindInternal Kind = iota
	// KindInvalid means the input was rejected by validation (HTTP 400).
	KindInvalid
	// KindUnauthenticated means no valid session or token was presented (401).
	KindUnauthenticated
	// KindNotFound means "not found or no access": an object that does not
	// exist and an object the viewer may not see answer the same (404), so
	// that a denial never reveals existence (SPEC §3).
	KindNotFound
	// KindForbidden means the viewer may see the object but may not take this
	// action on it (403).
	KindForbidden
	// KindConflict means the action contradicts the current state, such as a
	// second signature by the same partner (409).
	KindConflict
	// KindGateClosed means processing of personal data is refused because the
	// conditions of Art 8 do not hold yet (409).
	KindGateClosed
	// KindLocked means the account is temporarily locked after repeated failed
	// logins (429).
	KindLocked
)

var kindNames = map[Kind]string{
	KindInternal:        "internal",
	KindInvalid:         "invalid",
	KindUnauthenticated: "unauthenticated",
	KindNotFound:        "not_found",
	KindForbidden:       "forbidden",
	KindConflict:        "conflict",
	KindGateClosed:      "gate_closed",
	KindLocked:          "locked",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Error is the one error type of the domain. Message is Dutch and safe to show
// to the user; Op names where the error arose ("storage.SignCovenant") and Err
// wraps the cause for the application log. Details lists items a user must act
// on, such as the missing conditions of the Art 8 gate or the invalid fields of
// a form, keyed by a stable name.
type Error struct {
	Kind    Kind
	Op      string
	Message string
	Details []Detail
	Err     error
}

// Detail is one named reason within an Error, for instance one field of a form
// or one unmet condition of the gate.
type Detail struct {
	Name    string `json:"naam"`
	Message string `json:"melding"`
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.String())
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, d := range e.Details {
		fmt.Fprintf(&b, "; %s: %s", d.Name, d.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error of the given kind with a Dutch message.
func E(kind Kind, op, message string, details ...Detail) *Error {
	return &Error{Kind: kind, Op: op, Message: message, Details: details}
}

// Wrap returns an internal error for an unexpected cause, keeping an existing
// *Error as it is so that its kind survives.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: KindInternal, Op: op, Message: "Er ging iets mis. Probeer het later opnieuw.", Err: err}
}

// KindOf returns the kind of err, or KindInternal for an error that is not an
// *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// IsKind reports whether err is an *Error of the given kind.
func IsKind(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// ErrNotFound is the answer for an object that does not exist or that the
// viewer may not see; both cases must be indistinguishable.
func ErrNotFound(op string) *Error {
	return E(KindNotFound, op, "Niet gevonden, of u heeft geen toegang.")
}

// ErrForbidden is the answer for an action the viewer may not take on an
// object it may see.
func ErrForbidden(op string) *Error {
	return E(KindForbidden, op, "U heeft geen toestemming voor deze handeling.")
}

// Invalid collects validation failures; it returns nil when there are none.
type Invalid []Detail

// Add records an invalid field with its Dutch message.
func (v *Invalid) Add(name, message string) { *v = append(*v, Detail{Name: name, Message: message}) }

// Err returns a KindInvalid error listing every failure, or nil.
func (v Invalid) Err(op string) error {
	if len(v) == 0 {
		return nil
	}
	return E(KindInvalid, op, "De invoer is niet geldig.", v...)
}
