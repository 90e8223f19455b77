package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// awardedEvent runs an open RFQ for two lines to its award: line 1 (2.5 t,
// baseline 15M) to Nhựa Bình Minh at 14.2M, line 2 (10 t, baseline 14M)
// split 6 t to Nhựa Bình Minh at 13M and 4 t to Thép Hòa Phát at 13.5M.
func awardedEvent(t *testing.T, c *sourcingCast) *mutual.Event {
	t.Helper()
	ctx := storetest.Context(c.buyerU)
	vnd := func(s string) mutual.Money { return mutual.Money{Amount: mustDecimal(t, s), Currency: "VND"} }
	e := &mutual.Event{Kind: "rfq", Title: "Thép cuộn quý 3", Currency: "VND", ClosesAt: time.Now().Add(48 * time.Hour),
		Lines: []mutual.EventLine{
			{Item: "HRC-2", Description: "Hot rolled coil 2 mm", Quantity: mustDecimal(t, "2.5"), Unit: "t", BaselinePrice: vnd("15000000")},
			{Item: "HRC-3", Quantity: mustDecimal(t, "10"), Unit: "t", BaselinePrice: vnd("14000000")},
		},
		Criteria: []mutual.Criterion{{Name: "price", Weight: 100}}}
	if err := c.svc.Events.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Invitations.Invite(ctx, e.ID, []mutual.ID{c.pa.ID, c.pb.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Events.PublishEvent(ctx, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	bid := func(u *mutual.User, p1, p2 string) *mutual.Bid {
		b := &mutual.Bid{ValidUntil: dateIn(90), Lines: []mutual.BidLine{
			{LineID: e.Lines[0].ID, UnitPrice: vnd(p1)}, {LineID: e.Lines[1].ID, UnitPrice: vnd(p2)}}}
		if err := c.svc.Bids.SubmitBid(storetest.Context(u), e.ID, b); err != nil {
			t.Fatalf("bid: %v", err)
		}
		return b
	}
	ba := bid(c.ua, "14500000", "13500000")
	bb := bid(c.ub, "14200000", "13000000")
	if _, err := c.svc.Events.CloseEvent(ctx, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	a := &mutual.Award{ValidFrom: dateIn(0), Lines: []mutual.AwardLine{
		{LineID: e.Lines[0].ID, Splits: []mutual.AwardPart{{BidID: bb.ID, Quantity: mustDecimal(t, "2.5")}}},
		{LineID: e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: bb.ID, Quantity: mustDecimal(t, "6")}, {BidID: ba.ID, Quantity: mustDecimal(t, "4")}}},
	}}
	if _, err := c.svc.Agreements.AwardEvent(ctx, e.ID, a); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestAwardPage_Awarded: once an event is awarded, its award page shows the
// award (it answered 409 before), to buyers and viewers alike, without the
// form; sending the form again is refused with the award shown.
func TestAwardPage_Awarded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newSourcingCast(t, db)
		e := awardedEvent(t, c)
		base := "/events/" + e.ID.String()
		// Savings: (15M - 14.2M) x 2.5 = 2M; (14M - 13M) x 6 = 6M; (14M - 13.5M) x 4 = 2M.
		want := []string{`id="award-result"`, "Award result", "Thép cuộn quý 3",
			"HRC-2", "Hot rolled coil 2 mm", "HRC-3",
			"Nhựa Bình Minh</a> · 2.5 t · ₫14,200,000", "Nhựa Bình Minh</a> · 6 t · ₫13,000,000", "Thép Hòa Phát</a> · 4 t · ₫13,500,000",
			"₫2,000,000", "₫8,000,000", // line savings
			"₫177,500,000", "₫167,500,000", `id="award-saving">₫10,000,000`, // baseline spend, awarded spend, total
			`id="award-agreements"`, "Agreements written", `href="/agreements?event_id=` + e.ID.String() + `"`}
		for _, who := range []*browser{c.buyer, c.viewer} {
			page := who.get(base + "/award")
			if page.status != http.StatusOK {
				t.Fatalf("status %d\n%s", page.status, page.body)
			}
			mustContain(t, page.body, want...)
			mustNotContain(t, page.body, `name="line.`, `name="valid_from"`, "Preview savings")
		}
		mustContain(t, c.buyer.get(base).body, `href="`+base+`/award"`)

		vi := c.buyer.get(base + "/award?lang=vi")
		mustContain(t, vi.body, "Kết quả trao thầu", "Các thỏa thuận giá đã lập")

		again := c.buyer.post(base+"/award", url.Values{"valid_from": {"2027-01-01"}, "line." + e.Lines[0].ID.String(): {"1"}})
		if again.status != http.StatusConflict {
			t.Errorf("award sent again: status %d", again.status)
		}
		mustContain(t, again.body, "This event is awarded already", `id="award-result"`)
		if resp := c.viewer.post(base+"/award", url.Values{}); resp.status != http.StatusForbidden {
			t.Errorf("viewer posts the award: status %d", resp.status)
		}
		supplier, _ := c.a.signIn(t, mutual.RoleSupplier, c.pa.ID)
		resp := supplier.get(base + "/award")
		if resp.status != http.StatusNotFound && resp.status != http.StatusSeeOther {
			t.Errorf("supplier user: status %d", resp.status)
		}
		mustNotContain(t, resp.body, "Nhựa Bình Minh", "₫13,000,000")
	})
}
