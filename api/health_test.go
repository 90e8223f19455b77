package api_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// withSentiment adds a call with A a day ago, rated very positive.
func withSentiment(f *fixture) {
	f.tb.Helper()
	v := 2
	in := &mutual.Interaction{PartnerID: f.A.ID, Kind: "call", OccurredAt: time.Now().Add(-24 * time.Hour), Subject: "Thank-you call", Sentiment: &v}
	if err := f.svc.Interactions.CreateInteraction(storetest.SystemContext(), in); err != nil {
		f.tb.Fatal(err)
	}
}

// withBarePartner adds {C}, a partner without a segment or any history.
func withBarePartner(f *fixture) {
	f.tb.Helper()
	c := storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: "Bare Partner"})
	f.alias("{C}", c.ID.String())
}

func TestPartnerHealth(t *testing.T) {
	// With the timeline and the rated call, A (strategic) was last contacted
	// a day ago (100, weight 35), its side missed its one commitment due so
	// far (0, weight 20), ours has none due (no score) and sentiment is +2
	// (100, weight 25): (3500 + 0 + 2500) / 80 = 75.
	runScenarios(t, []scenario{
		{name: "OK", method: "GET", path: "/api/v1/partners/{A}/health", who: "viewer", status: 200,
			setup: func(f *fixture) { withTimeline(f); withSentiment(f) },
			want: []string{`"partner_id":"{A}","score":75,"band":"good"`,
				`{"name":"cadence","score":100,"weight":35,"explanation":"Last contact 1 day ago; the policy allows 14 days.","why":{"key":"touch","kind":"any","days":1,"gap_days":14}}`,
				`{"name":"follow_through_ours","score":null,"weight":20,"explanation":"No commitment fell due in the last 12 months.","why":{"key":"nothing_due","window_days":365}}`,
				`{"name":"follow_through_theirs","score":0,"weight":20,"explanation":"0 of 1 commitments kept on time in the last 12 months."`,
				`{"name":"sentiment","score":100,"weight":25,"explanation":"Sentiment +2.0 (from -2 to +2) in the one rated interaction of the last 180 days."`,
				`"computed_at":"`}},
		{name: "NoData", method: "GET", path: "/api/v1/partners/{C}/health", who: "buyer", status: 200, setup: withBarePartner,
			want: []string{`"score":null,"band":null`, `"explanation":"No cadence applies to this partner: give it a segment or its own cadence."`,
				`"explanation":"No rated interaction in the last 180 days."`}},
		{name: "ErrSupplierOwnPartner", method: "GET", path: "/api/v1/partners/{A}/health", who: "supplier", status: 404, notWant: []string{"score"}},
		{name: "ErrUnknownPartner", method: "GET", path: "/api/v1/partners/99999999/health", who: "admin", status: 404},
		{name: "ErrMalformedID", method: "GET", path: "/api/v1/partners/x1/health", who: "admin", status: 404},
		{name: "ErrAnonymous", method: "GET", path: "/api/v1/partners/{A}/health", status: 401},
	})
}
