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

// TestHome: the dashboard lists the relationships that need attention, most
// urgent first with their reasons in words, mine by default for a KAM; the
// KAM's partners at a glance; and the KAM's open commitments.
func TestHome(t *testing.T) {
	clock := storetest.NewClock(time.Now())
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Now().Add(-30 * 24 * time.Hour)) // partners were added 30 days ago
		a := newAppAt(t, db, clock.Now)
		kam, pw := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		other, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		mine := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Strategic Neglected", Segment: "strategic", Status: "active", OwnerID: kam.ID})
		calm := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Routine Calm", Segment: "routine", Status: "active", OwnerID: kam.ID})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Strategic Elsewhere", Segment: "strategic", Status: "active", OwnerID: other.ID})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Orphan Routine", Segment: "routine", Status: "active"})
		clock.Set(time.Now())
		b := a.browser(t)
		if resp := b.post("/login", url.Values{"email": {kam.Email}, "password": {pw}}); resp.status != http.StatusSeeOther {
			t.Fatalf("sign in: status %d", resp.status)
		}
		mustCommit(t, a, kam, &mutual.Commitment{PartnerID: calm.ID, Title: "Send the price list", Side: "ours", OwnerUserID: kam.ID, DueOn: dateIn(3)})

		home := b.get("/")
		if home.status != http.StatusOK {
			t.Fatalf("status %d\n%s", home.status, home.body)
		}
		mustContain(t, home.body, "Needs attention", `href="/?who=mine" aria-current="true"`,
			fmt.Sprintf(`<a href="/partners/%d">Strategic Neglected</a>`, mine.ID), "No contact for 16 days past cadence",
			"1 commitment due within 7 days", kam.Name,
			"My partners", "Routine Calm", "My commitments due soon", "Send the price list", `class="badge badge-soon"`)
		mustNotContain(t, home.body, "Orphan Routine", "Strategic Elsewhere")
		if i, j := strings.Index(home.body, "Strategic Neglected"), strings.Index(home.body, "Routine Calm"); i > j {
			t.Errorf("the overdue strategic partner does not come first")
		}

		t.Run("Everyone", func(t *testing.T) {
			page := b.get("/?who=all")
			mustContain(t, page.body, `href="/?who=all" aria-current="true"`, "Strategic Neglected", "Orphan Routine", "No key account manager",
				"Strategic Elsewhere", "No contact for 16 days past cadence")
			// 16 days overdue at the strategic weight outrank a missing KAM.
			if i, j, k := strings.Index(page.body, "Strategic Elsewhere"), strings.Index(page.body, "Strategic Neglected"), strings.Index(page.body, "Orphan Routine"); !(i < j && j < k) {
				t.Errorf("not most urgent first: %d %d %d", i, j, k)
			}
		})

		t.Run("NoPartnersMeansEveryone", func(t *testing.T) {
			vb, _ := a.signIn(t, mutual.RoleViewer, 0)
			page := vb.get("/")
			mustContain(t, page.body, `href="/?who=all" aria-current="true"`, "Orphan Routine", "You are not the key account manager of any partner.")
			mustNotContain(t, page.body, `href="/owners"`)
		})

		t.Run("Vietnamese", func(t *testing.T) {
			b.header.Set("Accept-Language", "vi")
			defer b.header.Del("Accept-Language")
			mustContain(t, b.get("/").body, "Cần quan tâm", "Quá hạn liên hệ 16 ngày", "Trang chủ", "Đối tác của tôi", "1 cam kết đến hạn trong 7 ngày")
		})

		t.Run("BuyerSeesNoOwners", func(t *testing.T) {
			mustNotContain(t, home.body, `href="/owners"`)
			if got, want := b.get("/owners").status, http.StatusForbidden; got != want {
				t.Errorf("GET /owners: status = %d, want %d", got, want)
			}
		})

		t.Run("Supplier", func(t *testing.T) {
			sb, _ := a.signIn(t, mutual.RoleSupplier, calm.ID)
			// Supplier users have the portal instead of the buying side's pages.
			for _, path := range []string{"/", "/owners"} {
				resp := sb.get(path)
				if got, want := resp.header.Get("Location"), "/portal"; resp.status != http.StatusSeeOther || got != want {
					t.Errorf("GET %s: status %d Location %q, want a redirect to %q", path, resp.status, got, want)
				}
			}
			if got, want := sb.post("/owners/reassign", url.Values{}).status, http.StatusNotFound; got != want {
				t.Errorf("POST /owners/reassign: status = %d, want %d", got, want)
			}
			mustNotContain(t, sb.get(fmt.Sprintf("/partners/%d", calm.ID)).body, `href="/owners"`, `href="/">Home`)
		})
	})
}
