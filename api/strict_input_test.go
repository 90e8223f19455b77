package api_test

import (
	"strings"
	"testing"
)

// TestStrictJSON: what encoding/json would replace or keep the last of is
// refused, naming the place.
func TestStrictJSON(t *testing.T) {
	const partner = `"name": "Hòa Phát", "country": "VN", "roles": ["supplier"]`
	post := func(name, body, location, rule string) scenario {
		return scenario{name: name, method: "POST", path: "/api/v1/partners", who: "buyer", body: body, status: 400,
			want: []string{`"location":"` + location + `"`, `"rule":"` + rule + `"`}, notWant: []string{"\ufffd"}}
	}
	bid := `{"lines": [{"line_id": "{L1open}", "unit_price": {"amount": "1", "currency": "VND"}, "note": "a"}], "answers": [{"question_id": "{Q1open}", "yes": true}], "valid_until": "{d+30}"`
	runScenarios(t, []scenario{
		post("ErrNotUTF8", "{"+partner+", \"notes\": \"gi\xe1 t\xf4t\"}", "body.notes", "utf8"),
		post("ErrNotUTF8Nested", "{"+partner+", \"contacts\": [{\"name\": \"A\"}, {\"name\": \"Tr\xe1\xba\"}]}", "body.contacts[1].name", "utf8"),
		post("ErrLoneHighSurrogate", `{`+partner+`, "notes": "x\ud800y"}`, "body.notes", "surrogate"),
		post("ErrLoneLowSurrogate", `{`+partner+`, "contacts": [{"name": "\udc00"}]}`, "body.contacts[0].name", "surrogate"),
		post("ErrDuplicate", `{`+partner+`, "segment": "routine", "segment": "strategic"}`, "body.segment", "duplicate"),
		post("ErrDuplicateEscaped", `{`+partner+`, "notes": "a", "\u006eotes": "b"}`, "body.notes", "duplicate"),
		post("ErrDuplicateNested", `{`+partner+`, "contacts": [{"name": "A", "email": "a@x.vn", "email": "b@x.vn"}]}`, "body.contacts[0].email", "duplicate"),
		post("ErrDuplicateInMoney", `{`+partner+`, "annual_spend": {"amount": "1", "amount": "1000000", "currency": "VND"}}`, "body.annual_spend.amount", "duplicate"),
		{name: "SurrogatePair", method: "POST", path: "/api/v1/partners", who: "buyer", body: `{` + partner + `, "notes": "\ud83d\ude00"}`, status: 201,
			want: []string{"\U0001F600"}},
		{name: "ErrMoneyKeyCase", method: "POST", path: "/api/v1/partners", who: "buyer", body: `{` + partner + `, "annual_spend": {"Amount": "1", "currency": "VND"}}`, status: 422,
			want: []string{`"location":"body.annual_spend.Amount"`}},
		// The bid fast path gives way to the same refusals.
		{name: "ErrBidDuplicate", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withRivals,
			body: strings.Replace(bid, `"note": "a"`, `"note": "a", "note": "b"`, 1) + `}`, status: 400, want: []string{`"location":"body.lines[0].note"`, `"rule":"duplicate"`}},
		{name: "ErrBidDuplicateTop", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withRivals,
			body: bid + `, "comments": "a", "comments": "b"}`, status: 400, want: []string{`"location":"body.comments"`}},
		{name: "ErrBidNotUTF8", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withRivals,
			body: strings.Replace(bid, `"note": "a"`, "\"note\": \"\xff\"", 1) + `}`, status: 400, want: []string{`"location":"body.lines[0].note"`, `"rule":"utf8"`}},
		{name: "ErrBidSurrogate", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withRivals,
			body: bid + `, "comments": "\udbff"}`, status: 400, want: []string{`"location":"body.comments"`, `"rule":"surrogate"`}},
		{name: "Bid", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withRivals, body: bid + `}`, status: 201},
	})
}
