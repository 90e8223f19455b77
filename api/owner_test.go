package api_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// withOwned gives the buyer two partners, {p1} and {p2}, and the manager one, {p3}.
func withOwned(f *fixture) {
	f.tb.Helper()
	buyer, manager := f.users[mutual.RoleBuyer].ID, f.users[mutual.RoleManager].ID
	p1 := storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: "Owned One", Segment: "strategic", Status: "active", OwnerID: buyer})
	p2 := storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: "Owned Two", Segment: "routine", Status: "active", OwnerID: buyer})
	p3 := storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: "Owned Three", Segment: "routine", Status: "active", OwnerID: manager})
	f.alias("{p1}", p1.ID.String(), "{p2}", p2.ID.String(), "{p3}", p3.ID.String())
}

func TestOwners(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "Loads", method: "GET", path: "/api/v1/owners", who: "viewer", status: 200, setup: withOwned,
			want: []string{`{"owner_id":"{buyer}","owner_name":"`, `"partners":2,"by_segment":{"routine":1,"strategic":1}`, `{"owner_id":null,`, `"next_cursor":""`}},
		{name: "ErrSupplier", method: "GET", path: "/api/v1/owners", who: "supplier", status: 404, setup: withOwned,
			notWant: []string{"Owned"}},
	})
}

func TestReassign(t *testing.T) {
	const path = "/api/v1/partners/reassign"
	runScenarios(t, []scenario{
		{name: "AllOfOne", method: "POST", path: path, who: "manager", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{admin}"}`, status: 200, setup: withOwned,
			want: []string{`{"moved":2}`}},
		{name: "Selected", method: "POST", path: path, who: "admin", body: `{"to_owner_id": "{admin}", "partner_ids": ["{p1}", "{p3}"]}`, status: 200, setup: withOwned,
			want: []string{`{"moved":2}`}},
		{name: "SelectedFromOne", method: "POST", path: path, who: "admin", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{admin}", "partner_ids": ["{p1}", "{p3}"]}`, status: 200, setup: withOwned,
			want: []string{`{"moved":1}`}},
		{name: "ErrTargetViewer", method: "POST", path: path, who: "admin", body: `{"to_owner_id": "{viewer}", "partner_ids": ["{p1}"]}`, status: 422, setup: withOwned,
			want: []string{`"location":"body.to_owner_id"`, `"rule":"writer"`}},
		{name: "ErrBuyer", method: "POST", path: path, who: "buyer", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{admin}"}`, status: 403, setup: withOwned},
		{name: "ErrViewer", method: "POST", path: path, who: "viewer", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{admin}"}`, status: 403},
		{name: "ErrSupplier", method: "POST", path: path, who: "supplier", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{admin}"}`, status: 404},
		{name: "ErrTargetSupplier", method: "POST", path: path, who: "manager", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{supplier}"}`, status: 422, setup: withOwned,
			want: []string{`"location":"body.to_owner_id"`}},
		{name: "ErrTargetUnknown", method: "POST", path: path, who: "manager", body: `{"from_owner_id": "{buyer}", "to_owner_id": "99999999"}`, status: 422,
			want: []string{`"location":"body.to_owner_id"`}},
		{name: "ErrTargetSame", method: "POST", path: path, who: "manager", body: `{"from_owner_id": "{buyer}", "to_owner_id": "{buyer}"}`, status: 422,
			want: []string{`"location":"body.to_owner_id"`}},
		{name: "ErrTargetType", method: "POST", path: path, who: "manager", body: `{"from_owner_id": "{buyer}", "to_owner_id": "Lan"}`, status: 422,
			want: []string{`"location":"body.to_owner_id"`}},
		{name: "ErrNothing", method: "POST", path: path, who: "manager", body: `{"to_owner_id": "{admin}"}`, status: 422,
			want: []string{`"location":"body.from_owner_id"`}},
		{name: "ErrUnknownPartner", method: "POST", path: path, who: "manager", body: `{"to_owner_id": "{admin}", "partner_ids": ["99999999"]}`, status: 422,
			want: []string{`"location":"body.partner_ids"`}},
		{name: "ErrUnknownField", method: "POST", path: path, who: "manager", body: `{"to_owner_id": "{admin}", "from_owner_id": "{buyer}", "owner_id": "{admin}"}`, status: 422,
			want: []string{`"location":"body.owner_id"`}},
	})
}

// TestReassign_LoadsChange: after a manager moves every partner of the
// buyer to the admin, the loads say so, and the partners name their new KAM.
func TestReassign_LoadsChange(t *testing.T) {
	for name, open := range databases() {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(t))
			withOwned(f)
			res := f.do("POST", "/api/v1/partners/reassign", "manager", `{"from_owner_id": "{buyer}", "to_owner_id": "{admin}"}`, nil)
			checkResponse(t, res, 200)
			res = f.do("GET", "/api/v1/owners", "manager", "", nil)
			checkResponse(t, res, 200)
			var got struct{ Items []mutual.OwnerLoad }
			decode(t, res, &got)
			loads := map[mutual.ID]int{}
			for _, l := range got.Items {
				loads[l.OwnerID] = l.Partners
			}
			if got, want := loads[f.users[mutual.RoleAdmin].ID], 2; got != want {
				t.Errorf("admin's partners = %d, want %d", got, want)
			}
			if got, want := loads[f.users[mutual.RoleBuyer].ID], 0; got != want {
				t.Errorf("buyer's partners = %d, want %d", got, want)
			}
			res = f.do("GET", "/api/v1/partners/{p2}", "viewer", "", nil)
			checkResponse(t, res, 200)
			var p mutual.Partner
			decode(t, res, &p)
			if p.OwnerID != f.users[mutual.RoleAdmin].ID {
				t.Errorf("owner_id = %v, want the admin", p.OwnerID)
			}
			res = f.do("GET", "/api/v1/audit?entity=partner", "admin", "", nil)
			checkResponse(t, res, 200)
		})
	}
}
