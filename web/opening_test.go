package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestOpeningForm names an opening committee on the event form and opens
// the bids with the open form: each member confirms with their password;
// the page explains who may not open and why.
func TestOpeningForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newSourcingCast(t, db)
		mgr2, mgr2U := c.a.signIn(t, mutual.RoleManager, 0)
		outsider, _ := c.a.signIn(t, mutual.RoleManager, 0)
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)

		// The form offers managers and administrators, not the buyer.
		form := c.buyer.get("/events/new")
		mustContain(t, form.body, `name="committee" value="`+c.mgrU.ID.String()+`"`, `name="committee" value="`+admin.ID.String()+`"`, "Opening committee")
		mustNotContain(t, form.body, `name="committee" value="`+c.buyerU.ID.String()+`"`)

		f := eventForm("Thép tấm 2027")
		f.Set("two_person_opening", "1")
		f["committee"] = []string{c.mgrU.ID.String()}
		loc := mustRedirect(t, c.buyer.post("/events/new", f), "/events/")
		id, _ := mutual.ParseID(eventLink.FindStringSubmatch(loc)[1])
		base := "/events/" + id.String()
		if _, err := c.svc.Invitations.Invite(storetest.Context(c.buyerU), id, []mutual.ID{c.pa.ID}); err != nil {
			t.Fatal(err)
		}
		resp := c.buyer.post(base+"/publish", nil)
		if resp.status != http.StatusUnprocessableEntity {
			t.Fatalf("publish with one member: status %d", resp.status)
		}
		mustContain(t, resp.body, "Name at least two managers or administrators")
		mustContain(t, c.buyer.post(base+"/publish?lang=vi", nil).body, "Cần chỉ định ít nhất hai quản lý hoặc quản trị viên")

		edit := c.buyer.get(base + "/edit")
		mustContain(t, edit.body, `name="committee" value="`+c.mgrU.ID.String()+`" checked`)
		f = eventForm("Thép tấm 2027")
		f.Set("two_person_opening", "1")
		f.Set("version", "1")
		f["committee"] = []string{c.mgrU.ID.String(), c.buyerU.ID.String()}
		resp = c.buyer.post(base+"/edit", f)
		mustContain(t, resp.body, "The event&#39;s buyer may not sit on its opening committee.")
		f["committee"] = []string{c.mgrU.ID.String(), mgr2U.ID.String()}
		mustRedirect(t, c.buyer.post(base+"/edit", f), base)
		mustRedirect(t, c.buyer.post(base+"/publish", nil), base)
		e, _ := c.svc.Events.FindEventByID(storetest.Context(c.buyerU), id)
		c.bid(t, e, c.ua, "14500000", "13200000")
		mustRedirect(t, c.buyer.post(base+"/close", nil), base)

		page := c.mgr.get(base)
		mustContain(t, page.body, `id="committee">`+c.mgrU.Name+", "+mgr2U.Name, `id="open-form"`, `type="password"`, `autocomplete="current-password"`)

		t.Run("ErrOutsider", func(t *testing.T) {
			page := outsider.get(base)
			mustContain(t, page.body, "you are not one of them")
			mustNotContain(t, page.body, `id="open-form"`)
			resp := outsider.post(base+"/unseal", openForm)
			if resp.status != http.StatusForbidden {
				t.Errorf("outsider opens: status %d", resp.status)
			}
		})

		t.Run("ErrNoPassword", func(t *testing.T) {
			resp := c.mgr.post(base+"/unseal", url.Values{"password": {""}})
			if resp.status != http.StatusUnprocessableEntity {
				t.Errorf("status %d", resp.status)
			}
			mustContain(t, resp.body, "Type your password to open the bids.", `aria-invalid="true"`)
		})

		t.Run("ErrWrongPassword", func(t *testing.T) {
			resp := c.mgr.post(base+"/unseal", url.Values{"password": {"not-my-password"}})
			if resp.status != http.StatusForbidden {
				t.Errorf("status %d", resp.status)
			}
			mustContain(t, resp.body, "The bids were not opened.", "The password is wrong.", `id="open-form"`)
			mustNotContain(t, resp.body, "not-my-password")
			vi := c.mgr.post(base+"/unseal?lang=vi", url.Values{"password": {"not-my-password"}})
			mustContain(t, vi.body, "Mật khẩu không đúng.")
		})

		t.Run("ErrRecentlyReset", func(t *testing.T) {
			pw := "chosen-by-the-admin"
			if _, err := c.svc.Users.UpdateUser(storetest.Context(admin), mgr2U.ID, mutual.UserUpdate{Password: &pw}); err != nil {
				t.Fatal(err)
			}
			if resp := mgr2.get(base); resp.status != http.StatusSeeOther {
				t.Errorf("the session outlives the reset: status %d", resp.status)
			}
			mustRedirect(t, mgr2.post("/login", url.Values{"email": {mgr2U.Email}, "password": {pw}}), "/")
			page := mgr2.get(base)
			mustContain(t, page.body, "Your password was set by "+admin.Name)
			mustNotContain(t, page.body, `id="open-form"`)
			resp := mgr2.post(base+"/unseal", url.Values{"password": {pw}})
			if resp.status != http.StatusForbidden {
				t.Errorf("status %d", resp.status)
			}
			mustContain(t, resp.body, "Whoever sets a password knows it")
			mustContain(t, mgr2.get(base+"?lang=vi").body, "Người đặt lại mật khẩu biết mật khẩu đó")
		})

		t.Run("FirstMemberOpens", func(t *testing.T) {
			mustRedirect(t, c.mgr.post(base+"/unseal", openForm), base)
			page := c.mgr.get(base)
			mustContain(t, page.body, "Opened so far by: "+c.mgrU.Name)
			mustNotContain(t, page.body, `id="open-form"`)
		})

		t.Run("SuppliersDoNotSeeTheCommittee", func(t *testing.T) {
			supplier := c.a.browser(t)
			mustRedirect(t, supplier.post("/login", url.Values{"email": {c.ua.Email}, "password": {storetest.Password}}), "/")
			page := supplier.get("/portal/events/" + id.String())
			if page.status != http.StatusOK {
				t.Fatalf("portal event: status %d", page.status)
			}
			mustNotContain(t, page.body, c.mgrU.Name, mgr2U.Name, "committee", "hội đồng")
		})
	})
}
