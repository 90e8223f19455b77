package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/mutualsrm/mutual"
)

// inputs are what an operation takes besides its path. openapi.json is the
// one place that declares them, for people and for this server alike: what
// an operation does not declare is refused, naming it, before its handler
// runs (see admit).
type inputs struct {
	query   []string // the query parameters it reads
	ifMatch bool     // it evaluates If-Match against the resource's ETag
	body    bool     // it reads a request body
}

// declared holds the inputs of every operation of openapi.json, by route
// pattern ("GET /api/v1/partners"). TestOpenAPI checks that every route has
// an operation.
var declared = mustDeclare(OpenAPI)

func mustDeclare(doc []byte) map[string]inputs {
	m, err := declare(doc)
	if err != nil {
		panic("api: openapi.json: " + err.Error())
	}
	return m
}

// declare reads the inputs of each operation of an OpenAPI document: its
// parameters and those of its path (inline or $ref to
// #/components/parameters), and whether it has a requestBody.
func declare(doc []byte) (map[string]inputs, error) {
	type parameter struct {
		Ref  string `json:"$ref"`
		Name string `json:"name"`
		In   string `json:"in"`
	}
	var d struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]parameter `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	resolve := func(ps []parameter) ([]parameter, error) {
		out := make([]parameter, len(ps))
		for i, p := range ps {
			if p.Ref != "" {
				name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/")
				c, found := d.Components.Parameters[name]
				if !ok || !found {
					return nil, fmt.Errorf("parameter %s does not resolve", p.Ref)
				}
				p = c
			}
			out[i] = p
		}
		return out, nil
	}
	m := map[string]inputs{}
	for path, item := range d.Paths {
		var common []parameter
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &common); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Parameters  []parameter     `json:"parameters"`
				RequestBody json.RawMessage `json:"requestBody"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			ps, err := resolve(append(slices.Clone(common), op.Parameters...))
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			in := inputs{body: op.RequestBody != nil}
			for _, p := range ps {
				switch {
				case p.In == "query":
					in.query = append(in.query, p.Name)
				case p.In == "header" && p.Name == "If-Match":
					in.ifMatch = true
				}
			}
			m[strings.ToUpper(method)+" "+path] = in
		}
	}
	return m, nil
}

// admit checks what a request sends besides its path against what its
// route declares: unknown or repeated query parameters are a 400 naming
// them, as is a body sent where none is read; If-Match is evaluated (RFC
// 9110 §13.1.1, see evalIfMatch). It returns the request carrying the
// version If-Match names, for expectedVersion.
func (h *Handler) admit(rt route, r *http.Request) (*http.Request, error) {
	if rt.pattern == "/" {
		return r, nil // no route: 404 or 405, whatever was sent
	}
	in := declared[rt.pattern]
	if err := in.checkQuery(r); err != nil {
		return nil, err
	}
	if !in.body {
		if err := checkNoBody(r); err != nil {
			return nil, err
		}
	}
	return h.evalIfMatch(r, in.ifMatch)
}

// checkQuery refuses a malformed query string, parameters the operation
// does not declare and parameters given more than once (which would be
// read once, the others dropped).
func (in inputs) checkQuery(r *http.Request) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	var p mutual.Problems
	if err != nil {
		p.Add("query", "syntax", "The query string is malformed ("+err.Error()+"); separate parameters with & and escape other characters with %XX.")
	}
	takes := "This resource takes no query parameters."
	if len(in.query) > 0 {
		takes = "This resource takes " + strings.Join(in.query, ", ") + "."
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		switch {
		case !slices.Contains(in.query, name):
			p.Add("query."+printable(name), "unknown", "Unknown query parameter. "+takes)
		case len(values[name]) > 1:
			p.Add("query."+name, "repeated", "Give this parameter once.")
		}
	}
	if len(p) == 0 {
		return nil
	}
	return &mutual.Error{Code: mutual.EMALFORMED, Message: "The query string is refused: " + fieldList(p) + " (see errors).", Fields: p}
}

// checkNoBody refuses a body sent to an operation that reads none: its
// fields would all be dropped.
func checkNoBody(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	body, err := io.ReadAll(r.Body)
	if err == nil && len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return &mutual.Error{Code: mutual.EMALFORMED, Message: "This request takes no body; send none.",
		Fields: []mutual.FieldError{{Field: "body", Rule: "unexpected", Message: "This request takes no body."}}}
}

// printable returns a name sent by a client as UTF-8 of a reasonable
// length, to name it in a problem.
func printable(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	if len(name) > 100 {
		name = strings.ToValidUTF8(name[:100], "") + "…"
	}
	return name
}

// fieldList names the fields of problems, for a detail message.
func fieldList(p mutual.Problems) string {
	names := make([]string, len(p))
	for i, f := range p {
		names[i] = f.Field
	}
	return strings.Join(names, ", ")
}
