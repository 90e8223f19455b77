package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// Helpers shared by the sourcing handlers: events, bids, awards,
// negotiations.

// decimalField reads a field holding an exact decimal, such as a quantity:
// a string ("2.5") or a JSON number. It returns nil when the field is
// absent or wrong (a problem is recorded then); null reads as zero.
func decimalField(o *object, name string) *mutual.Decimal {
	raw := field[json.RawMessage](o, name)
	if raw == nil {
		return nil
	}
	s := strings.TrimSpace(string(*raw))
	if s == "null" {
		return new(mutual.Decimal)
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal([]byte(s), &s); err != nil {
			s = ""
		}
	}
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		o.add(name, "decimal", `Must be a decimal number, such as "2.5".`)
		return nil
	}
	return &d
}

// decimalValue is decimalField with a zero default.
func decimalValue(o *object, name string) mutual.Decimal {
	if d := decimalField(o, name); d != nil {
		return *d
	}
	return mutual.Decimal{}
}

// timeField reads an optional RFC 3339 time; null reads as the zero time.
// Times outside 1970 to 2200 name nothing a sourcing event can mean.
func timeField(o *object, name string) *time.Time {
	t := field[time.Time](o, name)
	if t != nil && !t.IsZero() && (t.Year() < 1970 || t.Year() > 2200) {
		o.add(name, "range", "Must be a time between 1970 and 2200.")
		return nil
	}
	return t
}

// timeValue is timeField with a zero default.
func timeValue(o *object, name string) time.Time {
	if t := timeField(o, name); t != nil {
		return *t
	}
	return time.Time{}
}

// readOptionalObject reads a body that may be left out, as for state
// changes such as publish: no body reads as {}.
func readOptionalObject(r *http.Request) (*object, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, newProblem(http.StatusRequestEntityTooLarge, mutual.EMALFORMED, fmt.Sprintf("The request body is larger than %d bytes.", MaxBodyBytes))
		}
		return nil, mutual.Errorf(mutual.EMALFORMED, "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	return parseObject(body, "", &mutual.Problems{})
}

// nullTime is a time that is null in JSON when unset, for the moments of
// a life cycle that have not happened yet.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// checkVersion answers 412 when the client's expected version (If-Match,
// or version in the body) is not the current one; 0 skips the check. For
// state changes whose store method takes no version.
func checkVersion(want, current int) error {
	if want != 0 && want != current {
		return mutual.Errorf(mutual.EPRECONDITION, "It changed since you read it (version %d is now %d); reload it and try again.", want, current)
	}
	return nil
}

// renameFields returns err with its field names renamed by names, such as
// the store's "name" of a document to the upload's "file.name".
func renameFields(err error, names map[string]string) error {
	fields := mutual.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := &mutual.Error{Code: mutual.ErrorCode(err), Message: mutual.ErrorMessage(err), Fields: make([]mutual.FieldError, len(fields))}
	for i, f := range fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out.Fields[i] = f
	}
	return out
}
