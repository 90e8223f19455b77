package web_test

import (
	"net/url"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestTeamPage(t *testing.T) {
	a := newApp(t)
	b, _ := a.signIn(t, mutual.RoleBuyer, 0)
	quality, _ := storetest.MustCreateUser(t, a.db, mutual.RoleViewer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Vinamilk"})
	path := "/partners/" + p.ID.String() + "/team"

	mustContain(t, b.get(path).body, quality.Name, "Relationship team")
	resp := b.post(path, url.Values{"member_" + quality.ID.String(): {"1"}, "role_" + quality.ID.String(): {"Chất lượng"}})
	if resp.status != 303 && resp.status != 200 {
		t.Fatalf("save = %d", resp.status)
	}
	mustContain(t, b.get("/partners/"+p.ID.String()).body, quality.Name+" (Chất lượng)")
	team, _ := a.db.Services().Owners.FindTeam(storetest.Context(quality), p.ID)
	if len(team) != 1 || team[0].Role != "Chất lượng" {
		t.Errorf("team = %+v", team)
	}

	v, _ := a.signIn(t, mutual.RoleViewer, 0)
	if resp := v.get(path); resp.status != 403 {
		t.Errorf("viewer team form = %d", resp.status)
	}
	sup, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
	if resp := sup.get(path); resp.status != 404 {
		t.Errorf("supplier team form = %d", resp.status)
	}
	mustNotContain(t, sup.get("/partners/"+p.ID.String()).body, quality.Name)
}
