package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestCadenceOverdue: a strategic partner added three weeks ago with no
// touch since is overdue for its 14-day contact; a partner's own cadence
// overrides its segment's and can be reset.
func TestCadenceOverdue(t *testing.T) {
	// 10:00 on 2 November 2026 in Ho Chi Minh City.
	added := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
	clock := storetest.NewClock(added)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(added)
		a := newAppAt(t, db, clock.Now)
		p := relPartner(t, a, "Masan Consumer")
		base := fmt.Sprintf("/partners/%d", p.ID)
		clock.Add(20 * 24 * time.Hour) // 22 November: the contact was due on 16 November
		b, buyer := a.signIn(t, mutual.RoleBuyer, 0)

		page := b.get(base)
		mustContain(t, page.body, `id="cadence"`, "Any contact", "every 14 days", "Overdue by 6 days", "16 Nov 2026",
			"In-person visit", "every 90 days", "Executive meeting", "every 365 days", "On track", "Never",
			"Follows the cadence of the Strategic segment.", "Segment&#39;s cadence")
		if got, want := strings.Count(page.body, `class="badge badge-overdue"`), 1; got != want {
			t.Errorf("overdue badges = %d, want %d", got, want)
		}

		t.Run("Vietnamese", func(t *testing.T) {
			vb, _ := a.signIn(t, mutual.RoleViewer, 0)
			vb.header.Set("Accept-Language", "vi")
			mustContain(t, vb.get(base).body, "Quá hạn 6 ngày", "Tần suất liên hệ", "16/11/2026", "Tỷ lệ thực hiện cam kết")
		})

		t.Run("TouchClearsIt", func(t *testing.T) {
			in := &mutual.Interaction{PartnerID: p.ID, Kind: "call", OccurredAt: clock.Now().Add(-24 * time.Hour), Subject: "Checking in"}
			if err := db.Services().Interactions.CreateInteraction(storetest.Context(buyer), in); err != nil {
				t.Fatal(err)
			}
			page := b.get(base)
			mustNotContain(t, page.body, "Overdue by")
			mustContain(t, page.body, "21 Nov 2026", "5 Dec 2026") // last call, next due
		})

		t.Run("Override", func(t *testing.T) {
			resp := b.post(base+"/cadence", url.Values{"any_days": {"0"}, "visit_days": {"abc"}})
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "A gap is between 1 and 3650 days", "Write a whole number of days", `value="abc"`)

			if resp := b.post(base+"/cadence", url.Values{"any_days": {"7"}, "visit_days": {""}, "executive_days": {""}}); resp.status != http.StatusSeeOther {
				t.Fatalf("override: status %d\n%s", resp.status, resp.body)
			}
			page := b.get(base)
			mustContain(t, page.body, "Cadence saved.", "Own cadence", "every 7 days", "This partner has its own cadence", `name="reset" value="1"`)
			mustNotContain(t, page.body, "In-person visit</div>")

			if resp := b.post(base+"/cadence", url.Values{"reset": {"1"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("reset: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "every 14 days", "Follows the cadence of the Strategic segment.")
		})
	})
}

func TestCadencePolicies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		ab, _ := a.signIn(t, mutual.RoleAdmin, 0)
		mb, _ := a.signIn(t, mutual.RoleManager, 0)
		bb, _ := a.signIn(t, mutual.RoleBuyer, 0)

		resp := ab.get("/cadences")
		mustContain(t, resp.body, "Cadence policies", `href="/cadences" aria-current="page"`, `action="/cadences/strategic"`,
			`name="any_days" value="14"`, `name="visit_days" value="90"`, `name="executive_days" value="365"`, `name="executive_days" value=""`)

		t.Run("Update", func(t *testing.T) {
			form := url.Values{"any_days": {"21"}, "visit_days": {"90"}, "executive_days": {""}, "version": {"1"}}
			if resp := ab.post("/cadences/strategic", form); resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			resp := ab.get("/cadences")
			mustContain(t, resp.body, "Cadence saved.", `name="any_days" value="21"`)

			form.Set("any_days", "10") // version 1 is stale now
			resp = ab.post("/cadences/strategic", form)
			if got, want := resp.status, http.StatusConflict; got != want {
				t.Fatalf("stale: status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Someone else changed this", "Saved meanwhile: 21", `name="any_days" value="10"`, `name="version" value="2"`)

			resp = ab.post("/cadences/leverage", url.Values{"any_days": {"5000"}, "version": {"1"}})
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("invalid: status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "A gap is between 1 and 3650 days", `name="any_days" value="5000"`)
		})

		t.Run("ManagerReads", func(t *testing.T) {
			resp := mb.get("/cadences")
			mustContain(t, resp.body, "every 21 days", "No requirement", `href="/cadences"`)
			mustNotContain(t, resp.body, `<input type="number"`)
			if got, want := mb.post("/cadences/strategic", url.Values{"any_days": {"7"}, "version": {"2"}}).status, http.StatusForbidden; got != want {
				t.Errorf("manager POST: status = %d, want %d", got, want)
			}
		})

		t.Run("BuyerNav", func(t *testing.T) {
			resp := bb.get("/partners")
			mustContain(t, resp.body, `href="/commitments"`)
			mustNotContain(t, resp.body, `href="/cadences"`)
		})
	})
}
