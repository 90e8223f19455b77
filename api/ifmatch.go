package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// ETags are a resource's version in quotes, `"3"`: strong, compared octet
// by octet.

// setETag sets the strong ETag of a resource version.
func setETag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// entityTag is one entity tag of an If-Match list.
type entityTag struct {
	weak   bool
	opaque string // between the quotes
}

// parseIfMatch reads an If-Match value (RFC 9110 §13.1.1): "*", or a
// comma-separated list of entity tags, strong ("3") or weak (W/"3"), where
// empty elements are allowed. ok is false for anything else.
func parseIfMatch(s string) (anyTag bool, tags []entityTag, ok bool) {
	if strings.Trim(s, " \t") == "*" {
		return true, nil, true
	}
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++
		}
		if i == len(s) {
			return false, tags, len(tags) > 0
		}
		var t entityTag
		if strings.HasPrefix(s[i:], "W/") {
			t.weak = true
			i += 2
		}
		if i == len(s) || s[i] != '"' {
			return false, nil, false
		}
		j := i + 1
		for ; j < len(s) && s[j] != '"'; j++ {
			if c := s[j]; c < 0x21 || c == 0x7f {
				return false, nil, false
			}
		}
		if j == len(s) {
			return false, nil, false
		}
		t.opaque, i = s[i+1:j], j+1
		tags = append(tags, t)
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i < len(s) && s[i] != ',' {
			return false, nil, false
		}
	}
}

// tagVersion returns the version a strong entity tag of this API names:
// exactly the digits of a positive number, as setETag writes them.
func tagVersion(t entityTag) (int, bool) {
	n, err := strconv.Atoi(t.opaque)
	if t.weak || err != nil || n < 1 || strconv.Itoa(n) != t.opaque {
		return 0, false
	}
	return n, true
}

// ifMatchKey is the context key of the version If-Match names: 0 for *.
type ifMatchKey struct{}

// evalIfMatch evaluates If-Match for a request that changes something
// (RFC 9110 §13.1.1): * matches any existing resource, and a list of
// entity tags matches when one of them is strongly equal to the current
// ETag: a weak tag never matches, nor does a tag this API never makes. A
// value that is not * or such a list, or a list none of whose tags can
// match, is a 412 naming header.If-Match. Of one tag that can match, the
// version goes with the request and its store method compares it with the
// current one in the transaction that changes it; of several, the one
// equal to the current ETag does (currentETag). Where the route declares
// no If-Match the resource has no ETag, so only * can match. GET and HEAD
// do not evaluate it.
func (h *Handler) evalIfMatch(r *http.Request, honoured bool) (*http.Request, error) {
	values := r.Header.Values("If-Match")
	if len(values) == 0 || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r, nil
	}
	anyTag, tags, ok := parseIfMatch(strings.Join(values, ","))
	switch {
	case !ok:
		return nil, preconditionFailed(`If-Match must be * or a list of entity tags in double quotes, such as "3" (the ETag this API returned).`)
	case anyTag:
		return withExpectedVersion(r, 0), nil
	case !honoured:
		return nil, preconditionFailed("This resource has no entity tag, so no tag in If-Match matches it; send If-Match only where a resource returned an ETag, or *.")
	}
	var versions []int
	weak := 0
	for _, t := range tags {
		if t.weak {
			weak++
		}
		if v, ok := tagVersion(t); ok && !slices.Contains(versions, v) {
			versions = append(versions, v)
		}
	}
	switch {
	case len(versions) == 1:
		return withExpectedVersion(r, versions[0]), nil
	case len(versions) == 0 && weak > 0:
		return nil, preconditionFailed(`A weak entity tag (such as W/"3") never matches: If-Match compares strongly. Send the ETag as this API returned it, such as "3".`)
	case len(versions) == 0:
		return nil, preconditionFailed(`No tag in If-Match matches: this API's ETags are versions in double quotes, such as "3".`)
	}
	cur := h.currentETag(r)
	for _, v := range versions {
		if cur == `"`+strconv.Itoa(v)+`"` {
			return withExpectedVersion(r, v), nil
		}
	}
	return nil, preconditionFailed("No tag in If-Match matches the current ETag; read the resource again and retry.")
}

func withExpectedVersion(r *http.Request, version int) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ifMatchKey{}, version))
}

func preconditionFailed(message string) error {
	return &mutual.Error{Code: mutual.EPRECONDITION, Message: message,
		Fields: []mutual.FieldError{{Field: "header.If-Match", Rule: "etag", Message: message}}}
}

// currentETag returns the ETag of the resource a request changes, as a GET
// answers it now, or "": the resource at the request's path, or for a
// state change such as POST /events/{id}/publish the one above it. The GET
// is made as the same caller.
func (h *Handler) currentETag(r *http.Request) string {
	path := r.URL.Path
	for range 2 {
		get := r.Clone(r.Context())
		get.Method, get.Body, get.ContentLength, get.RequestURI = http.MethodGet, http.NoBody, 0, ""
		get.URL.Path, get.URL.RawPath, get.URL.RawQuery = path, "", ""
		for _, name := range []string{"If-Match", "Idempotency-Key", "Content-Type", "Content-Length"} {
			get.Header.Del(name)
		}
		if _, pattern := h.mux.Handler(get); pattern != "" && pattern != "/" {
			rec := newRecorder()
			h.mux.ServeHTTP(rec, get)
			if rec.status != http.StatusOK {
				return ""
			}
			return rec.header.Get("ETag")
		}
		path = path[:strings.LastIndexByte(path, '/')]
	}
	return ""
}

// expectedVersion returns the version a change expects the resource to be
// at: the one If-Match names (evalIfMatch), 0 for * (no check), or without
// If-Match the "version" of the body, if any (0 when absent).
func expectedVersion(r *http.Request, bodyVersion int) (int, error) {
	if v, ok := r.Context().Value(ifMatchKey{}).(int); ok {
		return v, nil
	}
	if len(r.Header.Values("If-Match")) == 0 {
		return bodyVersion, nil
	}
	// Only a route that openapi.json does not say takes If-Match gets here.
	return 0, preconditionFailed("This resource has no entity tag, so no tag in If-Match matches it.")
}
