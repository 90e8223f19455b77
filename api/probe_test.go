package api_test

import (
	"net/http"
	"testing"
)

func TestProbes(t *testing.T) {
	f := newFixture(t)
	checkResponse(t, f.do("GET", "/healthz", "", "", nil), http.StatusOK)
	checkResponse(t, f.do("GET", "/readyz", "", "", nil), http.StatusOK)

	f.db.Close()
	checkResponse(t, f.do("GET", "/readyz", "", "", nil), http.StatusServiceUnavailable)
	checkResponse(t, f.do("GET", "/healthz", "", "", nil), http.StatusOK)
}

func TestRouting(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "ErrUnknownPath", method: "GET", path: "/api/v1/nothing-here", who: "admin", status: 404, want: []string{`"code":"not_found"`}},
		{name: "ErrMethodNotAllowed", method: "PUT", path: "/api/v1/partners/{A}", who: "admin", status: 405,
			wantHeaders: map[string]string{"Allow": "GET, HEAD, PATCH"}},
		{name: "ErrMethodNotAllowedAnonymous", method: "DELETE", path: "/api/v1/partners", status: 405,
			wantHeaders: map[string]string{"Allow": "GET, HEAD, POST"}},
	})
}
