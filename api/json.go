package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// MaxBodyBytes is the largest request body the API reads.
const MaxBodyBytes = 1 << 20

// readOnlyFields may appear in request bodies, as clients often send back
// what they read, and are ignored; "version" is the expected version when
// no If-Match header is sent.
var readOnlyFields = []string{"id", "version", "created_at", "updated_at"}

// object reads a JSON object field by field so that every wrong field is
// named in the error, absent fields can be told from null ones, and fields
// nobody asked for are refused.
type object struct {
	prefix   string
	raw      map[string]json.RawMessage
	seen     map[string]bool
	problems *mutual.Problems
}

// readObject reads the request body as one JSON object.
func readObject(r *http.Request) (*object, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	return parseObject(body, "", &mutual.Problems{})
}

// readBody reads the whole request body, within the route's limit.
func readBody(r *http.Request) ([]byte, error) {
	// Sized from Content-Length when it is given (bids run to hundreds of
	// kilobytes), capped by MaxBodyBytes, which r.Body enforces.
	buf := bytes.NewBuffer(make([]byte, 0, min(max(r.ContentLength, 0), MaxBodyBytes)+bytes.MinRead))
	_, err := buf.ReadFrom(r.Body)
	body := buf.Bytes()
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, newProblem(http.StatusRequestEntityTooLarge, mutual.EMALFORMED, fmt.Sprintf("The request body is larger than %d bytes.", MaxBodyBytes))
		}
		return nil, mutual.Errorf(mutual.EMALFORMED, "The request body could not be read.")
	}
	return body, nil
}

// parseObject reads a request body holding one JSON object. Bodies that
// are not strict JSON are refused (400) naming the place: see checkJSON.
func parseObject(body []byte, prefix string, problems *mutual.Problems) (*object, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, mutual.Errorf(mutual.EMALFORMED, "The request body is empty; send a JSON object.")
	}
	if f := checkJSON(body); f != nil {
		return nil, f.err()
	}
	return decodeObject(body, prefix, problems)
}

// decodeObject reads one JSON object from a body checkJSON accepted.
func decodeObject(body []byte, prefix string, problems *mutual.Problems) (*object, error) {
	o := &object{prefix: prefix, seen: map[string]bool{}, problems: problems}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&o.raw); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, mutual.Errorf(mutual.EMALFORMED, "The body is not valid JSON (at byte %d): %s.", syn.Offset, syn.Error())
		case errors.As(err, &typ):
			return nil, mutual.Errorf(mutual.EMALFORMED, "The body must be a JSON object.")
		}
		return nil, mutual.Errorf(mutual.EMALFORMED, "The body is not valid JSON.")
	}
	if o.raw == nil {
		return nil, mutual.Errorf(mutual.EMALFORMED, "The body must be a JSON object, not null.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, mutual.Errorf(mutual.EMALFORMED, "The body holds more than one JSON value.")
	}
	return o, nil
}

// has reports whether the object holds name, null or not.
func (o *object) has(name string) bool { _, ok := o.raw[name]; return ok }

// isNull reports whether name is present and null.
func (o *object) isNull(name string) bool {
	v, ok := o.raw[name]
	return ok && string(bytes.TrimSpace(v)) == "null"
}

// add records a problem with a field of this object.
func (o *object) add(name, rule, message string) {
	o.problems.Add(o.prefix+name, rule, message)
}

// reject marks fields that exist on the resource but may not be sent here.
func (o *object) reject(message string, names ...string) {
	for _, n := range names {
		if o.has(n) {
			o.seen[n] = true
			o.add(n, "read_only", message)
		}
	}
}

// ignore marks fields that are accepted and ignored, such as joined names.
func (o *object) ignore(names ...string) {
	for _, n := range names {
		o.seen[n] = true
	}
}

// done reports unknown fields and returns every problem found, or nil.
func (o *object) done() error {
	o.unknown()
	return o.problems.Err()
}

// unknown records a problem for every field nobody read.
func (o *object) unknown() {
	var unknown []string
	for name := range o.raw {
		if !o.seen[name] && !slices.Contains(readOnlyFields, name) {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		o.add(name, "unknown", "Unknown field.")
	}
}

// version returns the "version" field as the expected version, 0 when absent.
func (o *object) version() int {
	v := field[int](o, "version")
	if v == nil {
		return 0
	}
	return *v
}

// field decodes the named field when present and returns a pointer to it, or
// nil when absent or of the wrong type (a problem is recorded then). JSON
// null reads as the zero value, which clears optional fields.
func field[T any](o *object, name string) *T {
	raw, ok := o.raw[name]
	o.seen[name] = true
	if !ok {
		return nil
	}
	v := new(T)
	err := json.Unmarshal(raw, v)
	if err == nil && hasNUL(v) {
		o.add(name, "text", "Must not contain NUL characters.")
		return nil
	}
	if err != nil {
		var me *mutual.Error
		if errors.As(err, &me) && len(me.Fields) > 0 {
			for _, f := range me.Fields {
				o.add(name+"."+f.Field, f.Rule, f.Message)
			}
		} else if me != nil {
			o.add(name, "type", me.Message)
		} else {
			o.add(name, "type", typeMessage(any(*v)))
		}
		return nil
	}
	return v
}

// value is field with a zero default.
func value[T any](o *object, name string) T {
	if v := field[T](o, name); v != nil {
		return *v
	}
	var zero T
	return zero
}

// objects decodes a field holding a list of objects. An entry that is not
// an object is recorded as a problem and is nil in the result, so that
// indexes stay those of the body.
func objects(o *object, name string) []*object {
	raws := field[[]json.RawMessage](o, name)
	if raws == nil {
		return nil
	}
	out := make([]*object, len(*raws))
	for i, raw := range *raws {
		prefix := fmt.Sprintf("%s%s[%d].", o.prefix, name, i)
		sub, err := decodeObject(raw, prefix, o.problems)
		if err != nil {
			o.problems.Add(prefix[:len(prefix)-1], "type", "Must be a JSON object.")
			continue
		}
		out[i] = sub
	}
	return out
}

// hasNUL reports whether decoded text holds a NUL character, which no
// field needs and PostgreSQL cannot store.
func hasNUL(v any) bool {
	switch v := v.(type) {
	case *string:
		return strings.ContainsRune(*v, 0)
	case *[]string:
		for _, s := range *v {
			if strings.ContainsRune(s, 0) {
				return true
			}
		}
	}
	return false
}

func typeMessage(v any) string {
	switch v.(type) {
	case string:
		return "Must be a string."
	case bool:
		return "Must be true or false."
	case int, int64:
		return "Must be a whole number."
	case []string:
		return "Must be a list of strings."
	case mutual.ID:
		return "Must be an ID (a string of digits)."
	case []mutual.ID:
		return "Must be a list of IDs (strings of digits)."
	case *int:
		return "Must be a whole number, or null."
	case time.Time, *time.Time:
		return "Must be a time in RFC 3339 form, such as 2026-05-04T09:30:00+07:00."
	case []json.RawMessage:
		return "Must be a list of objects."
	case mutual.Money:
		return `Must be money: {"amount": "1250000", "currency": "VND"}.`
	}
	return "Has the wrong type."
}

// mustJSON encodes v; only values the API builds itself reach it.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("api: encode %T: %v", v, err))
	}
	return append(b, '\n')
}

// writeJSON writes v as a JSON response with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	if b, ok := v.(*mutual.Bid); ok {
		writeBody(w, status, "application/json", append(appendBidJSON(make([]byte, 0, 4096), b), '\n'))
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	writeBody(w, status, "application/json", append(b, '\n'))
	return nil
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
