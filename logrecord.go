package groepsaanpak

import (
	"context"
	"time"
)

// ProcessingRecord is one line of the processing log (Logboek
// Dataverwerkingen, Logius): one processing action on the personal data of one
// data subject. It holds no user ids: who acted is in the audit log, linked by
// TraceID. Processing is never sampled.
type ProcessingRecord struct {
	TraceID      string    `json:"trace_id"`
	SpanID       string    `json:"span_id"`
	ParentSpanID string    `json:"parent_span_id,omitempty"`
	Name         string    `json:"name"`
	StatusCode   string    `json:"status_code"`
	StartTime    time.Time `json:"start_time"`
	EndTime      time.Time `json:"end_time"`
	// ProcessingActivityID is the id of the register entry version in force
	// (dpl.core.processing_activity_id).
	ProcessingActivityID string `json:"dpl.core.processing_activity_id"`
	// DataSubjectID is a pseudonymised identifier of the person
	// (dpl.core.data_subject_id); DataSubjectIDType says what kind.
	DataSubjectID     string `json:"dpl.core.data_subject_id"`
	DataSubjectIDType string `json:"dpl.core.data_subject_id_type"`
}

// Processing status codes, as OpenTelemetry names them.
const (
	StatusOK    = "OK"
	StatusError = "ERROR"
)

// AuditResult is the outcome of an audited action.
type AuditResult string

const (
	ResultSuccess AuditResult = "geslaagd"
	ResultDenied  AuditResult = "geweigerd"
	ResultFailed  AuditResult = "mislukt"
)

// AuditRecord is one line of the audit log (BIO 8.15): who did what to which
// object, with what result, from where and when. Detail may name fields or
// reasons but never personal data.
type AuditRecord struct {
	TraceID    string      `json:"trace_id"`
	Time       time.Time   `json:"time"`
	UserID     string      `json:"user_id,omitempty"`
	PartnerID  string      `json:"partner_id,omitempty"`
	TokenID    string      `json:"token_id,omitempty"`
	System     bool        `json:"system,omitempty"`
	Action     string      `json:"action"`
	ObjectType string      `json:"object_type"`
	ObjectID   string      `json:"object_id,omitempty"`
	Result     AuditResult `json:"result"`
	Origin     string      `json:"origin,omitempty"`
	Detail     string      `json:"detail,omitempty"`
}

// Trace identifies the request an action belongs to, as W3C Trace Context
// does: the API accepts and propagates a traceparent header.
type Trace struct {
	TraceID      string
	SpanID       string
	ParentSpanID string
}

type ctxKey int

const (
	actorKey ctxKey = iota
	traceKey
)

// WithActor returns a context carrying the acting user.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFrom returns the actor in ctx, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey).(*Actor)
	return a
}

// WithTrace returns a context carrying the trace of the request.
func WithTrace(ctx context.Context, t Trace) context.Context {
	return context.WithValue(ctx, traceKey, t)
}

// TraceFrom returns the trace in ctx; the zero Trace if none.
func TraceFrom(ctx context.Context) Trace {
	t, _ := ctx.Value(traceKey).(Trace)
	return t
}
