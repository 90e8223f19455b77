package api_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// withAttention adds an active partner without a KAM ("Orphan Co") and an
// active one owned by the buyer with a commitment due within a week
// ("Owned Co", {owned}).
func withAttention(f *fixture) {
	f.tb.Helper()
	storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: "Orphan Co", Segment: "routine", Status: "active"})
	owned := storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: "Owned Co", Segment: "leverage", Status: "active", OwnerID: f.users[mutual.RoleBuyer].ID})
	buyer := f.users[mutual.RoleBuyer]
	due := mutual.DateOf(time.Now(), f.svc.Zone).AddDays(3)
	if err := f.svc.Commitments.CreateCommitment(storetest.Context(buyer), &mutual.Commitment{PartnerID: owned.ID, Title: "Send forecast", Side: "ours", OwnerUserID: buyer.ID, DueOn: due}); err != nil {
		f.tb.Fatal(err)
	}
	f.alias("{owned}", owned.ID.String())
}

func TestAttention(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "Everyone", method: "GET", path: "/api/v1/attention", who: "viewer", status: 200, setup: withAttention,
			want: []string{`"partner_name":"Orphan Co"`, `"owner_id":null`, `"reason":"no_kam"`, `"partner_name":"Owned Co"`, `"reason":"commitment_due","count":1`, `"next_cursor":""`}},
		{name: "Mine", method: "GET", path: "/api/v1/attention?mine=true", who: "buyer", status: 200, setup: withAttention,
			want:    []string{`"partner_id":"{owned}"`, `"owner_id":"{buyer}"`, `"segment":"leverage"`, `"reason":"commitment_due"`},
			notWant: []string{"Orphan Co"}},
		{name: "MineOwnsNothing", method: "GET", path: "/api/v1/attention?mine=1", who: "manager", status: 200, setup: withAttention,
			want: []string{`{"items":[],"next_cursor":""}`}},
		{name: "Limit", method: "GET", path: "/api/v1/attention?limit=1", who: "admin", status: 200, setup: withAttention,
			notWant: []string{"Owned Co"}},
		{name: "ErrMine", method: "GET", path: "/api/v1/attention?mine=maybe", who: "buyer", status: 422,
			want: []string{`"location":"query.mine"`}},
		{name: "ErrLimit", method: "GET", path: "/api/v1/attention?limit=0", who: "buyer", status: 422,
			want: []string{`"location":"query.limit"`}},
		{name: "ErrSupplier", method: "GET", path: "/api/v1/attention", who: "supplier", status: 404, setup: withAttention,
			notWant: []string{"Orphan Co", "Owned Co"}},
		{name: "ErrAnonymous", method: "GET", path: "/api/v1/attention", who: "", status: 401},
	})
}

// TestAttention_Overdue: a strategic partner added 30 days ago without a
// touch is 16 days past its 14-day cadence and comes first.
func TestAttention_Overdue(t *testing.T) {
	clock := storetest.NewClock(time.Now().Add(-30 * 24 * time.Hour))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Now().Add(-30 * 24 * time.Hour))
		f := newFixtureOn(t, db)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Neglected Strategic", Segment: "strategic", Status: "active", OwnerID: f.users[mutual.RoleBuyer].ID})
		clock.Set(time.Now())
		res := f.do("GET", "/api/v1/attention?mine=true", "buyer", "", nil)
		checkResponse(t, res, 200)
		var got struct{ Items []mutual.AttentionItem }
		decode(t, res, &got)
		if len(got.Items) != 1 {
			t.Fatalf("items = %+v", got.Items)
		}
		it := got.Items[0]
		if it.PartnerID != p.ID || it.OwnerName != f.users[mutual.RoleBuyer].Name || len(it.Reasons) == 0 {
			t.Fatalf("item = %+v", it)
		}
		if r := it.Reasons[0]; r.Reason != mutual.ReasonOverdueTouch || r.Kind != "any" || r.Days != 16 {
			t.Errorf("reason = %+v, want any contact 16 days overdue", r)
		}
		if got, want := it.Score, 4*it.Reasons[0].Days; got < want {
			t.Errorf("score = %d, want at least %d", got, want)
		}
	})
}
