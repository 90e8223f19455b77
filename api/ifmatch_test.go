package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestIfMatch: If-Match as RFC 9110 §13.1.1 says, on a PATCH, a DELETE and
// state changes. The partner, contact and event are at version 1.
func TestIfMatch(t *testing.T) {
	patch := func(name, ifMatch string, status int, want ...string) scenario {
		return scenario{name: name, method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"notes": "x"}`,
			headers: map[string]string{"If-Match": ifMatch}, status: status, want: want}
	}
	where := `"location":"header.If-Match"`
	runScenarios(t, append([]scenario{
		patch("Match", `"1"`, 200, `"version":2`),
		patch("ErrMismatch", `"2"`, 412),
		patch("ListOneMatches", `"7", "1", "9"`, 200, `"version":2`),
		patch("ListWithWeakAndStrong", `W/"1", "1"`, 200),
		patch("ListEmptyElements", ` , "1" ,, `, 200),
		patch("ErrListNoneMatches", `"7", "9"`, 412, where),
		patch("ErrWeak", `W/"1"`, 412, where, "weak"),
		patch("ErrWeakList", `W/"1", W/"2"`, 412, where),
		patch("Star", `*`, 200, `"version":2`),
		patch("ErrUnquoted", `1`, 412, where),
		patch("ErrGarbage", `abc`, 412, where),
		patch("ErrNotOurs", `"abc"`, 412, where),
		patch("ErrLeadingZero", `"01"`, 412, where),
		patch("ErrZero", `"0"`, 412, where), // not "no check"
		patch("ErrStarInList", `*, "1"`, 412, where),
		patch("ErrUnclosed", `"1`, 412, where),
		patch("ErrHuge", `"99999999999999999999999"`, 412, where),
		{name: "ErrStarMissing", method: "PATCH", path: "/api/v1/partners/99999999", who: "buyer", body: `{"notes": "x"}`,
			headers: map[string]string{"If-Match": `*`}, status: 404},
		{name: "DeleteListOneMatches", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer",
			headers: map[string]string{"If-Match": `"5", "1"`}, status: 204},
		{name: "ErrDeleteListNoneMatches", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer",
			headers: map[string]string{"If-Match": `"5", "6"`}, status: 412, want: []string{where}},
		{name: "ErrNoETagHere", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "buyer", body: `{"name": "Lê Văn Tám"}`,
			headers: map[string]string{"If-Match": `"1"`}, status: 412, want: []string{where, "no entity tag"}},
		{name: "StarNoETagHere", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "buyer", body: `{"name": "Lê Văn Tám"}`,
			headers: map[string]string{"If-Match": `*`}, status: 201},
		{name: "GetIgnores", method: "GET", path: "/api/v1/partners/{A}", who: "buyer", headers: map[string]string{"If-Match": `"7"`}, status: 200},
	}, ifMatchStateChanges()...))
}

// ifMatchStateChanges are If-Match scenarios of the state changes of an
// event (version 1): a list matches on the event above the action.
func ifMatchStateChanges() []scenario {
	where := `"location":"header.If-Match"`
	return []scenario{
		{name: "PublishListOneMatches", method: "POST", path: "/api/v1/events/{evDraft}/publish", who: "buyer", setup: withEvents,
			headers: map[string]string{"If-Match": `"3", "1"`}, status: 200, want: []string{`"status":"open"`}},
		{name: "ErrPublishListNoneMatches", method: "POST", path: "/api/v1/events/{evDraft}/publish", who: "buyer", setup: withEvents,
			headers: map[string]string{"If-Match": `"3", "2"`}, status: 412, want: []string{where}},
		{name: "ErrCopyStale", method: "POST", path: "/api/v1/events/{evDraft}/copy", who: "buyer", setup: withEvents,
			headers: map[string]string{"If-Match": `"2"`}, status: 412},
		{name: "CopyMatch", method: "POST", path: "/api/v1/events/{evDraft}/copy", who: "buyer", setup: withEvents,
			headers: map[string]string{"If-Match": `"1"`}, status: 201},
		{name: "ErrNegotiationCloseWeak", method: "POST", path: "/api/v1/negotiations/{neg}/close", who: "buyer", setup: withSourcing,
			body: `{"agreed": false, "outcome": "No deal."}`, headers: map[string]string{"If-Match": `W/"1"`}, status: 412, want: []string{where}},
	}
}

// TestIfMatch_HeaderLines: If-Match sent on several header lines is one list.
func TestIfMatch_HeaderLines(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		lines  []string
		status int
	}{{[]string{`"5"`, `"6"`}, 412}, {[]string{`"5"`, `"1"`}, 200}, {[]string{`*`, `"1"`}, 412}} {
		req := httptest.NewRequest("PATCH", f.replacer.Replace("/api/v1/partners/{A}"), strings.NewReader(`{"notes": "x"}`))
		req.Header.Set("Authorization", "Bearer "+f.cachedToken("buyer"))
		req.Header["If-Match"] = tc.lines
		res := httptest.NewRecorder()
		f.handler.ServeHTTP(res, req)
		checkResponse(t, res, tc.status)
	}
}
