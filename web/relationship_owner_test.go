package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestRelationshipOwnerChoices: the forms offer a viewer as executive
// sponsor or team member, never as key account manager, co-owner or the
// KAM partners move to; a forged choice is refused beside its field.
func TestRelationshipOwnerChoices(t *testing.T) {
	a := newApp(t)
	mb, _ := a.signIn(t, mutual.RoleManager, 0)
	viewer, _ := storetest.MustCreateUser(t, a.db, mutual.RoleViewer, 0)
	buyer, _ := storetest.MustCreateUser(t, a.db, mutual.RoleBuyer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Cao su Đà Nẵng", TaxCode: taxCode(t, 50), OwnerID: buyer.ID})
	base := "/partners/" + p.ID.String()
	// selectBody returns the options of the select named name.
	selectBody := func(page, name string) string {
		i := strings.Index(page, `name="`+name+`"`)
		if i < 0 {
			t.Fatalf("no select %s", name)
		}
		j := strings.Index(page[i:], "</select>")
		return page[i : i+j]
	}

	form := mb.get(base + "/edit").body
	mustNotContain(t, selectBody(form, "owner_id"), viewer.Name)
	mustContain(t, selectBody(form, "owner_id"), buyer.Name)
	mustContain(t, selectBody(form, "sponsor_id"), viewer.Name)
	team := mb.get(base + "/team").body
	mustContain(t, team, `name="member_`+viewer.ID.String()+`"`, `name="co_owner_`+buyer.ID.String()+`"`)
	mustNotContain(t, team, `name="co_owner_`+viewer.ID.String()+`"`)
	mustNotContain(t, selectBody(mb.get("/owners").body, "to_owner_id"), viewer.Name)

	// A co-owner box the form does not offer is refused beside the row.
	resp := mb.post(base+"/team", url.Values{"member_" + viewer.ID.String(): {"1"}, "co_owner_" + viewer.ID.String(): {"1"}})
	if resp.status != 422 {
		t.Errorf("viewer as co-owner: status %d", resp.status)
	}
	mustContain(t, resp.body, "A co-owner must be able to write")
	resp = mb.post(base+"/team", url.Values{"member_" + viewer.ID.String(): {"1"}, "role_" + viewer.ID.String(): {"finance"},
		"member_" + buyer.ID.String(): {"1"}, "co_owner_" + buyer.ID.String(): {"1"}})
	if resp.status != 303 {
		t.Fatalf("team: status %d", resp.status)
	}
	mustContain(t, mb.get(base).body, viewer.Name+" (finance)", buyer.Name+" · Co-owner")
	resp = mb.post("/partners/new", url.Values{"name": {"Viewer-owned"}, "country": {"VN"}, "roles": {"supplier"}, "status": {"prospect"}, "owner_id": {viewer.ID.String()}})
	if resp.status != 422 {
		t.Fatalf("viewer as KAM: status %d", resp.status)
	}
	mustContain(t, resp.body, "The key account manager must be able to write")
}
