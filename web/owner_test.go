package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// loads returns how many partners each KAM owns.
func loads(t *testing.T, db *store.DB, as *mutual.User) map[mutual.ID]int {
	t.Helper()
	ls, err := db.Services().Owners.OwnerLoads(storetest.Context(as))
	if err != nil {
		t.Fatal(err)
	}
	out := map[mutual.ID]int{}
	for _, l := range ls {
		out[l.OwnerID] = l.Partners
	}
	return out
}

// TestOwners: a manager sees each KAM's load, moves every partner of one
// KAM to another after confirming, and sees the count moved and the loads change.
func TestOwners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		mb, manager := a.signIn(t, mutual.RoleManager, 0)
		leaving, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		taking, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		p1 := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Leaving One", Segment: "strategic", Status: "active", OwnerID: leaving.ID})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Leaving Two", Segment: "routine", Status: "active", OwnerID: leaving.ID})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Taking One", Segment: "routine", Status: "active", OwnerID: taking.ID})

		page := mb.get("/owners")
		if page.status != http.StatusOK {
			t.Fatalf("status %d\n%s", page.status, page.body)
		}
		mustContain(t, page.body, `href="/owners" aria-current="page">KAMs`, "Key account managers", leaving.Name, taking.Name,
			fmt.Sprintf(`href="/owners?from=%d#reassign"`, leaving.ID), `action="/owners/reassign"`)

		all := url.Values{"from_owner_id": {leaving.ID.String()}, "to_owner_id": {taking.ID.String()}, "scope": {"all"}}
		t.Run("Confirm", func(t *testing.T) {
			resp := mb.post("/owners/reassign", all)
			if resp.status != http.StatusOK {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			mustContain(t, resp.body, fmt.Sprintf("Move every partner of %s to %s?", leaving.Name, taking.Name), `name="confirm" value="1"`)
			if got := loads(t, db, manager)[leaving.ID]; got != 2 {
				t.Errorf("moved before confirming: leaving KAM has %d partners", got)
			}
		})

		t.Run("MoveAll", func(t *testing.T) {
			form := url.Values{"confirm": {"1"}}
			for k, v := range all {
				form[k] = v
			}
			resp := mb.post("/owners/reassign", form)
			if resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			page := mb.get(resp.header.Get("Location"))
			mustContain(t, page.body, fmt.Sprintf("2 partners moved to %s.", taking.Name))
			l := loads(t, db, manager)
			if l[leaving.ID] != 0 || l[taking.ID] != 3 {
				t.Errorf("loads = %v, want leaving 0 and taking 3", l)
			}
			mustNotContain(t, page.body, fmt.Sprintf(`href="/owners?from=%d#reassign"`, leaving.ID))
		})

		t.Run("MoveSelected", func(t *testing.T) {
			page := mb.get(fmt.Sprintf("/owners?from=%d", taking.ID))
			mustContain(t, page.body, fmt.Sprintf(`name="partner_ids" value="%d"`, p1.ID), "Leaving Two", "Taking One")
			form := url.Values{"from_owner_id": {taking.ID.String()}, "to_owner_id": {manager.ID.String()}, "scope": {"selected"},
				"partner_ids": {p1.ID.String()}}
			resp := mb.post("/owners/reassign", form)
			mustContain(t, resp.body, fmt.Sprintf("Move the 1 selected partners to %s?", manager.Name), fmt.Sprintf(`name="partner_ids" value="%d"`, p1.ID))
			form.Set("confirm", "1")
			if resp := mb.post("/owners/reassign", form); resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			p, err := db.Services().Partners.FindPartnerByID(storetest.Context(manager), p1.ID)
			if err != nil || p.OwnerID != manager.ID {
				t.Errorf("partner owner = %v (%v), want the manager", p.OwnerID, err)
			}
		})

		t.Run("ErrTarget", func(t *testing.T) {
			resp := mb.post("/owners/reassign", url.Values{"from_owner_id": {taking.ID.String()}, "to_owner_id": {""}, "scope": {"all"}, "confirm": {"1"}})
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Choose who takes the partners over.", `id="to_owner_id" name="to_owner_id" aria-invalid="true"`)

			sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p1.ID)
			resp = mb.post("/owners/reassign", url.Values{"from_owner_id": {taking.ID.String()}, "to_owner_id": {sup.ID.String()}, "scope": {"all"}, "confirm": {"1"}})
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("supplier target: status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "must be an active internal user")

			resp = mb.post("/owners/reassign", url.Values{"from_owner_id": {taking.ID.String()}, "to_owner_id": {manager.ID.String()}, "scope": {"selected"}})
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("nothing selected: status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Choose the partners to move.")
		})

		t.Run("ErrBuyer", func(t *testing.T) {
			bb, _ := a.signIn(t, mutual.RoleBuyer, 0)
			mustNotContain(t, bb.get("/").body, `href="/owners"`)
			if got, want := bb.post("/owners/reassign", all).status, http.StatusForbidden; got != want {
				t.Errorf("POST: status = %d, want %d", got, want)
			}
		})

		t.Run("AdminNav", func(t *testing.T) {
			ab, _ := a.signIn(t, mutual.RoleAdmin, 0)
			mustContain(t, ab.get("/").body, `href="/owners"`)
			ab.header.Set("Accept-Language", "vi")
			mustContain(t, ab.get("/owners").body, "Người phụ trách", "Chuyển người phụ trách đối tác")
		})
	})
}
