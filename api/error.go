package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// ProblemContentType is the media type of error responses (RFC 9457).
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem details document. Type is always
// "about:blank", so Title is the HTTP status phrase; Code is the stable
// mutual error code for programs, Detail the message for people.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Code   string         `json:"code"`
	Reason string         `json:"reason,omitempty"`
	Detail string         `json:"detail"`
	Errors []ProblemField `json:"errors,omitempty"`

	retryAfter int // seconds, for 429
}

// ProblemField names one input at fault: Location is "body.<field>",
// "query.<name>", "header.<name>" or "path.<name>".
type ProblemField struct {
	Location string `json:"location"`
	Rule     string `json:"rule,omitempty"`
	Message  string `json:"message"`
}

// Error implements error so that handlers can return a Problem for statuses
// that have no mutual error code (405, 413).
func (p *Problem) Error() string { return strconv.Itoa(p.Status) + " " + p.Detail }

// statuses maps mutual error codes to HTTP statuses; any other code is a 500.
var statuses = map[string]int{
	mutual.EINVALID:      http.StatusUnprocessableEntity,
	mutual.EMALFORMED:    http.StatusBadRequest,
	mutual.EUNAUTHORIZED: http.StatusUnauthorized,
	mutual.EFORBIDDEN:    http.StatusForbidden,
	mutual.ENOTFOUND:     http.StatusNotFound,
	mutual.ECONFLICT:     http.StatusConflict,
	mutual.EPRECONDITION: http.StatusPreconditionFailed,
	mutual.ERATELIMIT:    http.StatusTooManyRequests,
}

// locationPrefixes are the field name prefixes that already say where a
// field is (alone, without the dot, they name the whole body or query
// string); other field names are in the body.
var locationPrefixes = []string{"body.", "query.", "header.", "path."}

// problemOf turns any error into the problem to send. The second result is
// true when the error is a bug or an outage that must be logged.
func problemOf(err error) (*Problem, bool) {
	var p *Problem
	if errors.As(err, &p) {
		return p, false
	}
	code := mutual.ErrorCode(err)
	status, ok := statuses[code]
	if !ok {
		return newProblem(http.StatusInternalServerError, mutual.EINTERNAL, "Internal error. It has been logged."), true
	}
	p = newProblem(status, code, mutual.ErrorMessage(err))
	p.Reason = mutual.ErrorReason(err)
	for _, f := range mutual.ErrorFields(err) {
		p.Errors = append(p.Errors, ProblemField{Location: location(f.Field), Rule: f.Rule, Message: f.Message})
	}
	if status == http.StatusTooManyRequests {
		p.retryAfter = int(mutual.LoginWindow.Seconds())
		if d := mutual.ErrorRetryAfter(err); d > 0 {
			p.retryAfter = int((d + time.Second - 1) / time.Second)
		}
	}
	return p, false
}

func newProblem(status int, code, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code, Detail: detail}
}

func location(field string) string {
	for _, p := range locationPrefixes {
		if strings.HasPrefix(field, p) || field == p[:len(p)-1] {
			return field
		}
	}
	return "body." + field
}

// inQuery renames the fields of an EINVALID error as query parameters, for
// errors about a list's filter.
func inQuery(err error) error {
	var e *mutual.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &mutual.Error{Code: e.Code, Message: e.Message, Fields: make([]mutual.FieldError, len(e.Fields))}
	for i, f := range e.Fields {
		if !strings.HasPrefix(f.Field, "query.") {
			f.Field = "query." + f.Field
		}
		out.Fields[i] = f
	}
	return out
}

// fieldError returns an EINVALID error about one input.
func fieldError(field, rule, message string) error {
	return &mutual.Error{Code: mutual.EINVALID, Message: "Some fields are not valid.", Fields: []mutual.FieldError{{Field: field, Rule: rule, Message: message}}}
}

// writeError writes err as a problem; internal errors are logged with their
// cause and answered with a generic message.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p, internal := problemOf(err)
	if internal {
		h.log.ErrorContext(r.Context(), "request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mutual"`)
	}
	if p.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(p.retryAfter))
	}
	w.Header().Del("ETag")
	writeBody(w, p.Status, ProblemContentType, mustJSON(p))
}

// withValidation adds to the problems of a body that could not be read
// entirely those that the domain's validation finds in what could be read,
// so that one response names every field at fault.
func withValidation(err error, more ...error) error {
	var e *mutual.Error
	if !errors.As(err, &e) || e.Code != mutual.EINVALID {
		return err
	}
	out := &mutual.Error{Code: e.Code, Message: e.Message, Fields: append([]mutual.FieldError(nil), e.Fields...)}
	have := map[string]bool{}
	for _, f := range out.Fields {
		have[f.Field] = true
	}
	for _, m := range more {
		for _, f := range mutual.ErrorFields(m) {
			if !have[f.Field] {
				have[f.Field] = true
				out.Fields = append(out.Fields, f)
			}
		}
	}
	return out
}

// prefixed returns the field errors of err with prefix before each field name.
func prefixed(prefix string, err error) error {
	fields := mutual.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := &mutual.Error{Code: mutual.ErrorCode(err), Message: mutual.ErrorMessage(err), Fields: make([]mutual.FieldError, len(fields))}
	for i, f := range fields {
		f.Field = prefix + f.Field
		out.Fields[i] = f
	}
	return out
}
