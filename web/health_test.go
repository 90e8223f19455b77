package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestHealth: the KAM's partners on the home page carry a health badge,
// its band's colour, with the index and every explanation in words; the
// partner page lists the components; supplier users see none of it.
func TestHealth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		b, kam := a.signIn(t, mutual.RoleBuyer, 0)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Hòa Phát", Segment: "strategic", Status: "active", OwnerID: kam.ID})
		bare := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Bare Partner", Status: "active", OwnerID: kam.ID})
		// A tense call yesterday: cadence 100 (weight 35), sentiment -2
		// maps to 0 (weight 25), no commitment due: (3500 + 0) / 60 = 58.
		tense := -2
		in := &mutual.Interaction{PartnerID: p.ID, Kind: "call", OccurredAt: time.Now().Add(-24 * time.Hour), Subject: "Late deliveries", Sentiment: &tense}
		if err := db.Services().Interactions.CreateInteraction(storetest.Context(kam), in); err != nil {
			t.Fatal(err)
		}

		home := b.get("/")
		mustContain(t, home.body, "My partners", ">Health</th>",
			fmt.Sprintf(`<a class="health-badge health-fair" href="/partners/%d#health"`, p.ID),
			`<span aria-hidden="true">58</span><span class="visually-hidden">Health index 58 of 100, Fair</span>`,
			"Cadence: Last contact 1 day ago; the policy allows 14 days.",
			"Sentiment: Sentiment -2.0 (from -2 to &#43;2) in the one rated interaction of the last 180 days.",
			fmt.Sprintf(`<a class="health-badge health-none" href="/partners/%d#health"`, bare.ID), `<span class="visually-hidden">No data</span>`)

		page := b.get(fmt.Sprintf("/partners/%d", p.ID))
		mustContain(t, page.body, `<section class="card" id="health"`, "Health index 58 of 100, Fair",
			"Cadence <span class=\"sub\">(weight 35%)</span>", "100 of 100", `value="100"`, "Last contact 1 day ago; the policy allows 14 days.",
			"Our follow-through", "No commitment fell due in the last 12 months.", "0 of 100", `value="0"`)
		mustContain(t, b.get(fmt.Sprintf("/partners/%d", bare.ID)).body, "No component has data yet, so there is no index",
			"No cadence applies to this partner")

		t.Run("Vietnamese", func(t *testing.T) {
			b.header.Set("Accept-Language", "vi")
			defer b.header.Del("Accept-Language")
			mustContain(t, b.get("/").body, "Chỉ số sức khỏe quan hệ 58/100, Trung bình", "Tần suất liên hệ: Liên hệ gần nhất 1 ngày trước; tần suất liên hệ cho phép 14 ngày.")
			mustContain(t, b.get(fmt.Sprintf("/partners/%d", p.ID)).body, "Sức khỏe quan hệ", "trọng số 35%",
				"Cảm nhận -2,0 (từ -2 đến &#43;2) ở tương tác duy nhất được đánh giá trong 180 ngày qua.")
		})

		t.Run("Supplier", func(t *testing.T) {
			sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
			mustNotContain(t, sb.get(fmt.Sprintf("/partners/%d", p.ID)).body, `id="health"`, "health-badge", "Health index")
		})
	})
}
