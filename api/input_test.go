package api_test

import (
	"strings"
	"testing"

	"github.com/mutualsrm/mutual/api"
)

// badBodies are inputs a careless or hostile client sends.
var badBodies = []string{
	``, `null`, `[]`, `"x"`, `42`, `{`, `{"a":1}{`, `{"name": "a\u0000b"}`, `{"name": ["a\u0000b"]}`, `{"roles": ["a\u0000b"]}`,
	"{\"name\": \"\xff\xfe\", \"country\": \"VN\", \"roles\": [\"supplier\"]}", `{"owner_id": "99999999999999999999999"}`, `{"owner_id": -1}`, `{"owner_id": 1.5}`, `{"owner_id": {}}`,
	`{"annual_spend": "100"}`, `{"annual_spend": {"amount": 1e400, "currency": "VND"}}`, `{"annual_spend": {"amount": "1e5", "currency": "VND"}}`,
	`{"annual_spend": {"amount": null, "currency": null}}`, `{"contacts": {}}`, `{"contacts": [null]}`, `{"contacts": [[[[[]]]]]}`,
	`{"version": "x"}`, `{"version": 1e100}`, `{"email": "a\u0000@b.vn", "password": "x"}`, `{"partner_id": "{B}", "role": "supplier"}`,
	`{"name": "` + strings.Repeat("ắ", 5000) + `", "country": "VN", "roles": ["supplier"]}`, `{"disabled": "yes", "primary": 1}`,
	`{"tax_code": "` + strings.Repeat("9", 100) + `", "country": "VN"}`, `{"` + strings.Repeat("k", 1000) + `": 1}`,
	`{"occurred_at": "0001-01-01T00:00:00Z", "kind": "call", "subject": "x"}`, `{"occurred_at": "9999-12-31T23:59:59Z", "ends_at": "0000-01-01T00:00:00Z", "kind": "call", "subject": "x"}`,
	`{"occurred_at": "2026-11-20T10:00:00+07:00", "kind": "call", "subject": "x", "sentiment": 99999999999999999999}`,
	`{"occurred_at": "2026-11-20T10:00:00+07:00", "kind": "call", "subject": "x", "our_attendees": ["99999999"], "their_attendees": [-1, "x", null]}`,
	`{"occurred_at": "2026-11-20T10:00:00+07:00", "kind": "call", "subject": "x", "commitments": [{"title": "t", "side": "ours", "due_on": "9999-12-31", "owner_user_id": "99999999"}]}`,
	`{"title": "t", "side": "theirs", "due_on": "0001-01-01", "owner_contact_id": "99999999", "interaction_id": "99999999"}`, `{"status": "done", "due_on": "2026-02-30"}`,
	`{"any_days": 99999999999, "visit_days": -5, "executive_days": null}`, `{"any_days": 1, "visit_days": 3650, "executive_days": null}`, `{"commitments": [{"title": "\u0000"}]}`,
	`{"to_owner_id": "99999999", "partner_ids": ["99999999"]}`, `{"from_owner_id": "{admin}", "to_owner_id": "{supplier}"}`, `{"to_owner_id": "{buyer}", "partner_ids": [null, "x", -1]}`,
	`{"from_owner_id": "{buyer}", "to_owner_id": "{buyer}", "partner_ids": "{A}"}`, `{"to_owner_id": "{buyer}", "partner_ids": ["{A}", "{A}", "{B}"]}`,
	`{"direction": "given", "kind": "gift", "description": "x", "occurred_on": "2026-11-01", "value": {"amount": "abc", "currency": "VND"}}`,
	`{"direction": "given", "kind": "gift", "description": "x", "occurred_on": "2026-11-01", "value": {"amount": "1", "currency": "XYZ"}}`,
	`{"direction": "given", "kind": "gift", "description": "x", "occurred_on": "0001-01-01", "value": {"amount": "999999999999999999999", "currency": "VND"}, "our_people": ["{supplier}"], "their_people": ["{cB}"]}`,
	`{"value": 5, "our_people": "x", "status": "approved"}`, `{"note": 5}`, `{"note": "\u0000"}`, `{"note": "` + strings.Repeat("n", 3000) + `"}`,
	`{"base_currency": "XYZ", "item_threshold": {"amount": "1", "currency": "USD"}, "yearly_threshold": null, "rates": {"XYZ": "abc", "USD": -1, "EUR": {}}}`,
	`{"base_currency": "VND", "item_threshold": {"amount": "1", "currency": "VND"}, "yearly_threshold": {"amount": "1", "currency": "VND"}, "rates": []}`,
	// Sourcing: events, bids, scores, awards, negotiations.
	`{"kind": "rfq", "title": "t", "currency": "VND", "closes_at": "9999-12-31T23:59:59Z", "opens_at": "0000-01-01T00:00:00Z", "sealed": null, "evaluators": ["{supplier}", -1]}`,
	`{"kind": "rfq", "title": "t", "currency": "VND", "closes_at": "{t+7d}", "lines": [{"item": "x", "quantity": "1e5", "unit": "t", "baseline_price": {"amount": "-1", "currency": "VND"}}, null, 5], "questions": [{"text": "q", "kind": "choice", "choices": [1]}], "criteria": [{"name": "price", "weight": 1e3}, {"name": "price", "weight": -1}]}`,
	`{"kind": "rfp", "title": "t", "currency": "VND", "closes_at": "{t+7d}", "lines": [{"item": "x", "quantity": 99999999999999999999999, "unit": "t", "target_price": {"amount": "1.5", "currency": "USD"}, "id": "x"}]}`,
	`{"lines": [{"line_id": "99999999", "unit_price": {"amount": "99999999999999999999999", "currency": "VND"}, "lead_time_days": -1, "note": "\u0000"}], "answers": [{"question_id": "1", "number": "1e400", "yes": "no", "document_id": "99999999"}], "valid_until": "0001-01-01"}`,
	`{"lines": [{"line_id": null, "unit_price": null}], "answers": [{"question_id": null, "number": null}], "valid_until": "9999-12-31", "partner_id": "{B}"}`,
	`{"partner_ids": ["99999999", null, "x"]}`, `{"partner_ids": ["{B}", "{B}"]}`, `{"text": "` + strings.Repeat("x", 20001) + `"}`, `{"reason": "\u0000"}`, `{"reason": 5}`,
	`{"scores": [{"bid_id": "1", "criterion_id": "1", "score": 1e9, "evaluator_id": "{admin}"}]}`, `{"scores": {}}`, `{"scores": [null]}`,
	`{"lines": [{"line_id": "1", "splits": [{"bid_id": "1", "quantity": -1}, {"bid_id": null, "quantity": "abc"}]}], "valid_from": "2026-02-30", "valid_to": "0001-01-01"}`,
	`{"bid_id": -1}`, `{"bid_id": "99999999"}`, `{"agreed": "yes", "outcome": 5}`, `{"agreed": false, "outcome": "` + strings.Repeat("o", 3000) + `"}`, `{"up_to": "x"}`, `{"up_to": 0}`,
	`{"partner_id": "{B}", "title": "t", "currency": "VND", "valid_from": "2026-01-02", "valid_to": "2026-01-01", "lines": [{"item": "i", "quantity": 0, "unit": "u", "agreement_id": "99999999", "event_line_id": "1"}, "x"]}`,
	`{"lines": [{"line_id": "99999999", "unit_price": {"amount": "1", "currency": "EUR"}, "lead_time_days": 99999}], "side": "ours", "terms": "\u0000"}`,
	// Not strict JSON: half a surrogate pair, a key twice, text that is not UTF-8, deep nesting.
	`{"name": "\ud800", "notes": "\udc00\ud800"}`, `{"name": "a", "name": "b"}`, `{"lines": [{"line_id": "1", "line_id": "2"}], "title": "x"}`,
	"{\"lines\": [{\"note\": \"\xc3\"}], \"x\xff\": 1}", `{"owner": {"type": "user", "id": "1", "id": "2"}}`, `{"a": 1, "\u0061": 2}`,
	`{"x": ` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`, `{"annual_spend": {"AMOUNT": "1", "currency": "VND"}}`,
	`{"owner": {"type": "contact", "id": "99999999", "name": 5}, "owner_user_id": "1"}`, `{"owner": [], "done_on": "2026-13-45"}`,
}

// badQueries are query strings with values no list accepts.
var badQueries = []string{
	"limit=abc", "limit=-5", "limit=99999999999999999999", "cursor=%ff%fe", "cursor=a%00b", "q=%ff", "q=a%00b",
	"q=" + strings.Repeat("x", 4000), "owner_id=0x10", "partner_id=1e3", "entity_id=%00", "user_id=-1", "sort=%27%3B--", "segment=%00",
	"cursor=eyJzIjoibmFtZSIsImkiOjF9", "cursor=" + strings.Repeat("A", 3000), "cursor=eyJ0IjoieCIsImkiOjF9", "cursor=2026-13-45_1",
	"cursor=2026-01-01_99999999999999999999", "year=abc", "year=99999999999999999999", "direction=up", "status=pending", "due_before=2026-13-45", "due_before=%00", "owner_user_id=me&partner_id=-1", "kind=%ff", "status=done&side=x", "mine=%00", "mine=yes",
	"group_by=year", "from=2026-13-01", "to=x", "from=2026-02-01&to=2026-01-01", "unread=maybe", "active=2", "event_id=%00", "buyer_id=abc", "status=awarded&kind=rfx", "status=%ff",
	"colour=red", "status=open&status=done", "limit=1&limit=2", "q=%zz", "a;b", "=x", "&&", "%ff=1", strings.Repeat("k", 5000) + "=1",
}

// badIDs are partner IDs in the path that name nothing.
var badIDs = []string{"0", "-1", "x1", "1.5", "99999999999999999999", "%00", "%ff", "99999999"}

// TestBadInput_Never5xx throws bad bodies at every route that takes one and
// bad query strings at every list: the answer may be anything but a 5xx.
func TestBadInput_Never5xx(t *testing.T) {
	for name, open := range databases() {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(t))
			withTimeline(f)
			withGifts(f)
			withSourcing(f)
			for _, rt := range api.Routes() {
				method, path, _ := strings.Cut(rt.Pattern, " ")
				if method == "GET" && strings.HasPrefix(path, "/api/v1/partners/{id}/") && strings.Count(path, "{") == 1 {
					for _, id := range badIDs {
						for _, who := range []string{"admin", "supplier"} {
							res := f.do(method, strings.Replace(path, "{id}", id, 1), who, "", nil)
							if res.Code >= 500 || res.Code == 200 {
								t.Errorf("%s %s with partner %q as %s: %d %s", method, path, id, who, res.Code, res.Body)
							}
						}
					}
				}
				path = sourcingPath(method, path)
				path = strings.NewReplacer("{id}", "{A}", "{contact_id}", "{cA}", "{interaction_id}", "{iA}", "{commitment_id}", "{kA}", "{gift_id}", "{gA}", "{segment}", "strategic").Replace(path)
				if strings.HasPrefix(path, "/api/v1/users/") {
					path = "/api/v1/users/{buyer}"
				}
				for _, who := range []string{"admin", "supplier"} {
					if method == "POST" || method == "PATCH" || method == "PUT" {
						for _, body := range badBodies {
							res := f.do(method, path, who, body, nil)
							if res.Code >= 500 {
								t.Errorf("%s %s as %s with %.60q: %d %s", method, path, who, body, res.Code, res.Body)
							}
						}
					}
					if method == "GET" {
						for _, q := range badQueries {
							res := f.do(method, path+"?"+q, who, "", nil)
							if res.Code >= 500 {
								t.Errorf("%s %s?%.60s as %s: %d %s", method, path, q, who, res.Code, res.Body)
							}
						}
					}
				}
			}
			for _, h := range []map[string]string{
				{"If-Match": `"99999999999999999999999"`}, {"If-Match": `""`}, {"If-Match": `"1", "2"`}, {"If-Match": "W/"},
				{"If-Match": `W/"1"`}, {"If-Match": `*`}, {"If-Match": `"7", "1"`}, {"If-Match": `"2", "3"`}, {"If-Match": "\"\xff\""}, {"If-Match": `,,`},
				{"Idempotency-Key": ""}, {"Idempotency-Key": "é"}, {"Authorization": "Bearer \x00"}, {"Authorization": "Bearer " + strings.Repeat("x", 5000)},
			} {
				for _, req := range []struct{ method, path, body string }{
					{"PATCH", "/api/v1/partners/{A}", `{"notes": "x"}`},
					{"POST", "/api/v1/partners", `{"name": "H", "country": "VN", "roles": ["supplier"]}`},
					{"DELETE", "/api/v1/partners/{A}/contacts/{cA}", ""},
					{"PATCH", "/api/v1/partners/{A}/interactions/{iA}", `{"notes": "x"}`},
					{"PATCH", "/api/v1/partners/{A}/commitments/{kA}", `{"notes": "x"}`},
					{"PUT", "/api/v1/cadences/routine", `{"any_days": 90, "visit_days": null, "executive_days": null}`},
					{"POST", "/api/v1/partners/{A}/interactions", `{"kind": "call", "occurred_at": "2026-11-20T10:00:00+07:00", "subject": "x"}`},
				} {
					res := f.do(req.method, req.path, "buyer", req.body, h)
					if res.Code >= 500 {
						t.Errorf("%s %s with %q: %d %s", req.method, req.path, h, res.Code, res.Body)
					}
				}
			}
		})
	}
}
