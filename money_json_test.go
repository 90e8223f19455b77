package mutual

import (
	"encoding/json"
	"testing"
)

func TestMoneyJSON(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		want string
	}{
		{Money{Amount: dec("1250000"), Currency: "VND"}, `{"amount":"1250000","currency":"VND"}`},
		{Money{Amount: dec("-19.50"), Currency: "USD"}, `{"amount":"-19.5","currency":"USD"}`},
		{Money{}, `null`},
		{Money{Amount: dec("1"), Currency: `X"\`}, `{"amount":"1","currency":"X\"\\"}`},
	} {
		b, err := json.Marshal(struct{ M Money }{tc.m})
		if err != nil || string(b) != `{"M":`+tc.want+`}` || !json.Valid(b) {
			t.Errorf("%+v: %s %v, want %s", tc.m, b, err, tc.want)
			continue
		}
		var back struct{ M Money }
		if err := json.Unmarshal(b, &back); err != nil || !back.M.Amount.Equal(tc.m.Amount) || back.M.Currency != tc.m.Currency && tc.m.Currency == "VND" {
			t.Errorf("%s: back %+v %v", b, back.M, err)
		}
	}
}

// TestMoneyUnmarshalPaths: the hand-read shape and encoding/json agree.
func TestMoneyUnmarshalPaths(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" for an error
		plain    bool   // read by hand
	}{
		{`{"amount":"1250000","currency":"VND"}`, "1250000 VND", true},
		{` { "currency" : "usd" , "amount" : 19.5 } `, "19.5 USD", true},
		{`{"amount":-2,"currency":"EUR"}`, "-2 EUR", true},
		{`{"amount":"1e3","currency":"VND"}`, "", true},
		{`{"amount":"abc","currency":"VND"}`, "", true},
		{`{"amount":"1","currency":"V\u004eD"}`, "1 VND", false},
		{`{"amount":"1"}`, "", false},
		{`{"amount":"1","currency":"VND","x":1}`, "", false}, // money has an amount and a currency, nothing else
		{`{"amount":"1","amount":"2"}`, "", false},
		{`{"amount":"1","currency":"VND"} x`, "", false},
		{`{"amount":1.5e2,"currency":"VND"}`, "", false},
		{`{"Amount":"1","currency":"VND"}`, "", false}, // names exactly: encoding/json matches them in any case
		{`{"amount":"1","CURRENCY":"VND"}`, "", false},
		{`{"amount":"\u0031","currency":"VND"}`, "1 VND", false},
		{`{"amount":"1","currency":5}`, "", false},
	} {
		_, _, plain := plainMoney([]byte(tc.in))
		if plain != tc.plain {
			t.Errorf("%s: read by hand %v, want %v", tc.in, plain, tc.plain)
		}
		var m Money
		err := json.Unmarshal([]byte(tc.in), &m)
		switch {
		case tc.want == "" && err == nil && m.Currency != "":
			t.Errorf("%s: got %s, want an error", tc.in, m)
		case tc.want != "" && (err != nil || m.String() != tc.want):
			t.Errorf("%s: got %s %v, want %s", tc.in, m, err, tc.want)
		}
	}
}
