package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual/api"
)

// TestUnknownQuery_EveryRoute: every route of the table refuses a query
// parameter it does not take with a 400 naming it, those that take none
// included, before it reads anything.
func TestUnknownQuery_EveryRoute(t *testing.T) {
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	for name, open := range databases() {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(t))
			for _, rt := range api.Routes() {
				method, path, _ := strings.Cut(rt.Pattern, " ")
				path = param.ReplaceAllString(path, "1")
				who := "admin"
				if rt.Public {
					who = ""
				}
				res := f.do(method, path+"?colour=red&limit=5", who, "", nil)
				checkResponse(t, res, http.StatusBadRequest)
				if body := res.Body.String(); !strings.Contains(body, `"location":"query.colour"`) || !strings.Contains(body, `"rule":"unknown"`) {
					t.Errorf("%s ?colour=red: %s", rt.Pattern, body)
				}
			}
		})
	}
}

func TestStrictQuery(t *testing.T) {
	runScenarios(t, []scenario{
		// The example: the filter a user expects works...
		{name: "AgreementsByStatus", method: "GET", path: "/api/v1/agreements?status=withdrawn", who: "buyer", status: 200, setup: withSourcing,
			want: []string{`"items":[]`}},
		{name: "AgreementsActive", method: "GET", path: "/api/v1/agreements?status=active", who: "buyer", status: 200, setup: withSourcing,
			want: []string{`"id":"{ag}"`, `"status":"active"`}},
		{name: "ErrAgreementsBadStatus", method: "GET", path: "/api/v1/agreements?status=expired", who: "buyer", status: 422,
			want: []string{`"location":"query.status"`}},
		// ...and one it does not take is refused, naming what it takes.
		{name: "ErrUnknown", method: "GET", path: "/api/v1/agreements?state=active", who: "buyer", status: 400,
			want: []string{`"location":"query.state"`, "partner_id, event_id, negotiation_id, item, status, active, limit, cursor"}},
		{name: "ErrUnknownNone", method: "GET", path: "/api/v1/partners/{A}?expand=contacts", who: "buyer", status: 400,
			want: []string{`"location":"query.expand"`, "takes no query parameters"}},
		{name: "ErrRepeated", method: "GET", path: "/api/v1/partners?status=active&status=prospect", who: "buyer", status: 400,
			want: []string{`"location":"query.status"`, `"rule":"repeated"`}},
		{name: "ErrMalformed", method: "GET", path: "/api/v1/partners?q=%zz", who: "buyer", status: 400,
			want: []string{`"location":"query"`, `"rule":"syntax"`}},
		{name: "ErrSemicolon", method: "GET", path: "/api/v1/partners?status=active;segment=routine", who: "buyer", status: 400,
			want: []string{`"location":"query"`}},
		{name: "ErrUnknownOnChange", method: "PATCH", path: "/api/v1/partners/{A}?dry_run=true", who: "buyer", body: `{"notes": "x"}`, status: 400,
			want: []string{`"location":"query.dry_run"`}},
		{name: "ErrNotUTF8Name", method: "GET", path: "/api/v1/partners?%ff=1", who: "buyer", status: 400,
			want: []string{"\"location\":\"query.\ufffd\""}},
		{name: "Declared", method: "GET", path: "/api/v1/partners?q=nguyen&status=prospect&limit=5", who: "buyer", status: 200},
		// A body sent where none is read would be dropped.
		{name: "ErrBodyOnDelete", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer", body: `{"version": 1}`, status: 400,
			want: []string{`"location":"body"`, "takes no body"}},
		{name: "ErrBodyOnGet", method: "GET", path: "/api/v1/partners", who: "buyer", body: `{"status": "active"}`, status: 400},
		{name: "ErrBodyOnCalendar", method: "POST", path: "/api/v1/me/calendar", who: "buyer", body: `{"name": "work"}`, status: 400},
		// Where no route is, that comes first.
		{name: "ErrNoRoute", method: "GET", path: "/api/v1/nothing?colour=red", who: "buyer", status: 404},
		{name: "ErrNoMethod", method: "POST", path: "/api/v1/partners/{A}/health?colour=red", who: "buyer", body: `{"a": 1}`, status: 405},
	})
}
