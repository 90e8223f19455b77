package mutual

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The set is append-only: clients and adapters depend on them.
const (
	ECONFLICT     = "conflict"     // duplicate, wrong state
	EINTERNAL     = "internal"     // a bug or an outage; never shown in detail
	EINVALID      = "invalid"      // validation failed; Fields says where
	ENOTFOUND     = "not_found"    // no such object, or not visible to the caller
	EFORBIDDEN    = "forbidden"    // signed in but not allowed
	EUNAUTHORIZED = "unauthorized" // not signed in, or bad credentials
	EPRECONDITION = "precondition" // stale version (If-Match)
	ERATELIMIT    = "rate_limited" // too many attempts
	EMALFORMED    = "malformed"    // the request could not be parsed at all
)

// Error is the one error type of the domain. Message is safe to show to the
// user; Fields names the fields at fault for EINVALID and ECONFLICT. Reason
// says why a request was refused in a stable, machine-readable word
// (event_closed, not_your_turn, ...): the API returns it and the pages show
// a message for it in the user's language; reasons are append-only. Cause
// is what went wrong underneath: it is logged, never shown.
type Error struct {
	Code    string
	Reason  string
	Message string
	Fields  []FieldError
	// Omitted counts the problems left out of Fields, which then lists the
	// first of them only (a CSV import lists csv.MaxProblems at most).
	Omitted int
	Cause   error
}

// FieldError names one field at fault. Rule is a stable key ("required",
// "tax_code", ...) that the UI translates; Message is the English text.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("mutual error: code=%s message=%s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("mutual error: code=%s message=%s fields=[%s]", e.Code, e.Message, strings.Join(parts, "; "))
}

// Unwrap returns the cause, so that errors.Is and errors.As see it.
func (e *Error) Unwrap() error { return e.Cause }

// Refusef returns an *Error with the given code, reason and formatted message.
func Refusef(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// ErrorReason returns the reason of err, or "" when it has none.
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for any error that is not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; internal errors get a
// generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors while validating.
type Problems []FieldError

// Add records a problem with field.
func (p *Problems) Add(field, rule, message string) {
	*p = append(*p, FieldError{Field: field, Rule: rule, Message: message})
}

// Has reports whether field already has a problem.
func (p Problems) Has(field string) bool {
	for _, f := range p {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an EINVALID *Error holding the problems, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Some fields are not valid.", Fields: p}
}
