package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// newGift is a valid declaration within the policy.
const newGift = `{"direction": "given", "kind": "meal", "description": "Lunch after the audit", "value": {"amount": "450000", "currency": "VND"},
	"occurred_on": "{d-1}", "our_people": ["{buyer}"], "their_people": ["{cA}"]}`

// giftPolicyBody is the default policy, sent whole.
const giftPolicyBody = `{"base_currency": "VND", "item_threshold": {"amount": "500000", "currency": "VND"},
	"yearly_threshold": {"amount": "2000000", "currency": "VND"}, "rates": {"USD": "25400", "EUR": "27500", "JPY": 170}}`

// declareGift stores a gift as u, yesterday unless said otherwise.
func declareGift(tb testing.TB, f *fixture, u *mutual.User, g *mutual.Gift) *mutual.Gift {
	tb.Helper()
	if g.Kind == "" {
		g.Kind = "gift"
	}
	if g.OccurredOn.IsZero() {
		g.OccurredOn = mutual.DateOf(time.Now(), f.svc.Zone).AddDays(-1)
	}
	if err := f.svc.Gifts.DeclareGift(storetest.Context(u), g); err != nil {
		tb.Fatalf("declare gift: %v", err)
	}
	return g
}

func vnd(amount string) mutual.Money {
	d, _ := mutual.ParseDecimal(amount)
	return mutual.Money{Amount: d, Currency: "VND"}
}

// freshGift declares, as the system, a gift of A above the policy: it
// awaits a decision.
func freshGift(tb testing.TB, f *fixture) *mutual.Gift {
	tb.Helper()
	return declareGift(tb, f, mutual.SystemUser, &mutual.Gift{PartnerID: f.A.ID, Direction: "received", Description: "Fresh hamper", Value: vnd("5000000")})
}

// withGifts declares a gift awaiting a decision on each partner: {gA} by
// the buyer on A, {gB} on B.
func withGifts(f *fixture) {
	f.tb.Helper()
	buyer := f.users[mutual.RoleBuyer]
	gA := declareGift(f.tb, f, buyer, &mutual.Gift{PartnerID: f.A.ID, Direction: "received", Kind: "gift", Description: "Mooncake box",
		Value: vnd("3000000"), TheirPeople: []mutual.ID{f.cA.ID}})
	gB := declareGift(f.tb, f, buyer, &mutual.Gift{PartnerID: f.B.ID, Direction: "given", Kind: "travel", Description: secretB + " trip",
		Value: vnd("9000000")})
	f.alias("{gA}", gA.ID.String(), "{gB}", gB.ID.String())
}

func TestGifts(t *testing.T) {
	mine := func(f *fixture) {
		withGifts(f)
		g := declareGift(f.tb, f, f.users[mutual.RoleManager], &mutual.Gift{PartnerID: f.A.ID, Direction: "given", Kind: "event", Description: "Gala tickets", Value: vnd("800000")})
		f.alias("{gMine}", g.ID.String())
	}
	decided := func(f *fixture) {
		withGifts(f)
		id, _ := mutual.ParseID(f.replacer.Replace("{gA}"))
		if _, err := f.svc.Gifts.DecideGift(storetest.Context(f.users[mutual.RoleManager]), id, mutual.GiftDecision{Approve: true}); err != nil {
			f.tb.Fatal(err)
		}
	}
	gift := func(value string) string {
		return `{"direction": "received", "kind": "gift", "description": "Hamper", "occurred_on": "{d-2}", "value": ` + value + `}`
	}
	runScenarios(t, []scenario{
		{name: "DeclareWithinPolicy", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer", body: newGift, status: http.StatusCreated,
			want:        []string{`"status":"approved"`, `"base_value":{"amount":"450000","currency":"VND"}`, `"our_people":["{buyer}"]`, `"their_people":["{cA}"]`, `"declared_by":"{buyer}"`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "DeclareAboveItemThreshold", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer", body: gift(`{"amount": "500001", "currency": "VND"}`),
			status: http.StatusCreated, want: []string{`"status":"declared"`}},
		{name: "DeclareConverted", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer", body: gift(`{"amount": 19.5, "currency": "usd"}`),
			status: http.StatusCreated, want: []string{`"status":"approved"`, `"value":{"amount":"19.5","currency":"USD"}`, `"base_value":{"amount":"495300","currency":"VND"}`}},
		{name: "DeclareNoRate", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer", body: gift(`{"amount": "10", "currency": "THB"}`),
			status: http.StatusCreated, want: []string{`"status":"declared"`, `"base_value":null`}},
		{name: "ErrValueNotANumber", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer", body: gift(`{"amount": "abc", "currency": "VND"}`),
			status: http.StatusUnprocessableEntity, want: []string{`"location":"body.value.amount"`}},
		{name: "ErrCurrencyUnknown", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer", body: gift(`{"amount": "100", "currency": "XYZ"}`),
			status: http.StatusUnprocessableEntity, want: []string{`"location":"body.value.currency"`}},
		{name: "ErrPeople", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer",
			body:   `{"direction": "given", "kind": "meal", "description": "x", "occurred_on": "{d-1}", "value": {"amount": "1", "currency": "VND"}, "our_people": ["{supplier}"], "their_people": ["{cB}"]}`,
			status: http.StatusUnprocessableEntity, want: []string{`"location":"body.our_people"`, `"location":"body.their_people"`}},
		{name: "ErrStatusReadOnly", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "buyer",
			body:   `{"direction": "given", "kind": "meal", "description": "x", "occurred_on": "{d-1}", "value": {"amount": "1", "currency": "VND"}, "status": "approved"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"location":"body.status"`}},
		{name: "ViewerDeclares", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "viewer", body: newGift, status: http.StatusForbidden},
		{name: "SupplierDeclares", method: "POST", path: "/api/v1/partners/{A}/gifts", who: "supplier", body: newGift, status: http.StatusNotFound},
		{name: "SupplierReadsOwnPartner", method: "GET", path: "/api/v1/partners/{A}/gifts/{gA}", who: "supplier", setup: withGifts, status: http.StatusNotFound,
			notWant: []string{"Mooncake"}},

		{name: "Get", method: "GET", path: "/api/v1/partners/{A}/gifts/{gA}", who: "viewer", setup: withGifts, status: http.StatusOK,
			want: []string{`"description":"Mooncake box"`, `"status":"declared"`, `"partner_name":"` + nameA + `"`}, wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "GetThroughOtherPartner", method: "GET", path: "/api/v1/partners/{A}/gifts/{gB}", who: "admin", setup: withGifts, status: http.StatusNotFound,
			notWant: []string{secretB}},
		{name: "List", method: "GET", path: "/api/v1/partners/{A}/gifts?direction=received", who: "buyer", setup: withGifts, status: http.StatusOK,
			want: []string{"Mooncake box", `"next_cursor":""`}, notWant: []string{secretB}},
		{name: "ErrListYear", method: "GET", path: "/api/v1/partners/{A}/gifts?year=19", who: "buyer", status: http.StatusUnprocessableEntity,
			want: []string{`"location":"query.year"`}},
		{name: "Queue", method: "GET", path: "/api/v1/gifts?status=declared", who: "manager", setup: withGifts, status: http.StatusOK,
			want: []string{"Mooncake box", secretB + " trip"}},
		{name: "QueueSupplier", method: "GET", path: "/api/v1/gifts?status=declared", who: "supplier", setup: withGifts, status: http.StatusNotFound,
			notWant: []string{secretB, "Mooncake"}},
		{name: "Totals", method: "GET", path: "/api/v1/partners/{A}/gifts/totals", who: "viewer", setup: withGifts, status: http.StatusOK,
			want: []string{`"direction":"received"`, `"count":1`, `"total":{"amount":"3000000","currency":"VND"}`}},

		{name: "Approve", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/approve", who: "manager", setup: withGifts,
			headers: map[string]string{"If-Match": `"1"`}, status: http.StatusOK,
			want: []string{`"status":"approved"`, `"decided_by":"{manager}"`}, wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "ApproveWithoutBody", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/approve", who: "admin", setup: withGifts, status: http.StatusOK,
			want: []string{`"status":"approved"`}},
		{name: "Reject", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/reject", who: "admin", setup: withGifts, body: `{"note": "Above what we accept"}`,
			status: http.StatusOK, want: []string{`"status":"rejected"`, `"decision_note":"Above what we accept"`}},
		{name: "ErrRejectWithoutNote", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/reject", who: "admin", setup: withGifts, body: `{}`,
			status: http.StatusUnprocessableEntity, want: []string{`"location":"body.note"`}},
		{name: "ErrOwnDeclaration", method: "POST", path: "/api/v1/partners/{A}/gifts/{gMine}/approve", who: "manager", setup: mine, status: http.StatusForbidden},
		{name: "ErrBuyerDecides", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/approve", who: "buyer", setup: withGifts, status: http.StatusForbidden},
		{name: "ErrDecidedTwice", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/reject", who: "admin", setup: decided, body: `{"note": "No"}`,
			status: http.StatusConflict},
		{name: "ErrStale", method: "POST", path: "/api/v1/partners/{A}/gifts/{gA}/approve", who: "manager", setup: withGifts,
			headers: map[string]string{"If-Match": `"5"`}, status: http.StatusPreconditionFailed},

		{name: "Policy", method: "GET", path: "/api/v1/gift-policy", who: "viewer", status: http.StatusOK,
			want:        []string{`"base_currency":"VND"`, `"item_threshold":{"amount":"500000","currency":"VND"}`, `"yearly_threshold":{"amount":"2000000","currency":"VND"}`, `"USD":"25400"`, `"JPY":"170"`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "PolicyUpdate", method: "PUT", path: "/api/v1/gift-policy", who: "admin", headers: map[string]string{"If-Match": `"1"`},
			body:   `{"base_currency": "VND", "item_threshold": {"amount": "1000000", "currency": "VND"}, "yearly_threshold": {"amount": "5000000", "currency": "VND"}, "rates": {"USD": "26000"}}`,
			status: http.StatusOK, want: []string{`"item_threshold":{"amount":"1000000","currency":"VND"}`, `"rates":{"USD":"26000"}`, `"version":2`}},
		{name: "ErrPolicyStale", method: "PUT", path: "/api/v1/gift-policy", who: "admin", headers: map[string]string{"If-Match": `"7"`}, body: giftPolicyBody,
			status: http.StatusPreconditionFailed},
		{name: "ErrPolicyInvalid", method: "PUT", path: "/api/v1/gift-policy", who: "admin",
			body:   `{"base_currency": "VND", "item_threshold": {"amount": "1", "currency": "USD"}, "yearly_threshold": {"amount": "abc", "currency": "VND"}, "rates": {"XYZ": "1", "EUR": "x"}}`,
			status: http.StatusUnprocessableEntity,
			want:   []string{`"location":"body.item_threshold.currency"`, `"location":"body.yearly_threshold.amount"`, `"location":"body.rates.XYZ"`, `"location":"body.rates.EUR"`}},
		{name: "ErrPolicyPartial", method: "PUT", path: "/api/v1/gift-policy", who: "admin", body: `{"base_currency": "VND"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"location":"body.rates"`, `"location":"body.item_threshold"`}},
		{name: "PolicyManager", method: "PUT", path: "/api/v1/gift-policy", who: "manager", body: giftPolicyBody, status: http.StatusForbidden},
	})
}
