package mutual_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
)

// TestAllowed pins who holds what: for each Perm, what each caller gets.
// Callers, in order: admin, manager, buyer, viewer, a supplier user of
// partner 7 asking about partner 7, the same asking about partner 8.
// A new Perm fails the test until it has a line here.
func TestAllowed(t *testing.T) {
	const (
		Y = true
		n = false
	)
	want := map[mutual.Perm][6]bool{
		mutual.PermSignedIn:          {Y, Y, Y, Y, Y, Y},
		mutual.PermChange:            {Y, Y, Y, n, Y, Y},
		mutual.PermReadPartner:       {Y, Y, Y, Y, Y, n},
		mutual.PermWritePartners:     {Y, Y, Y, n, n, n},
		mutual.PermWriteContacts:     {Y, Y, Y, n, Y, n},
		mutual.PermManageUsers:       {Y, n, n, n, n, n},
		mutual.PermReadAudit:         {Y, n, n, n, n, n},
		mutual.PermSetPolicies:       {Y, n, n, n, n, n},
		mutual.PermReadInternal:      {Y, Y, Y, Y, n, n},
		mutual.PermReadInternalNotes: {Y, Y, Y, Y, n, n},
		mutual.PermReadInteractions:  {Y, Y, Y, Y, n, n},
		mutual.PermWriteInteractions: {Y, Y, Y, n, n, n},
		mutual.PermWriteEvents:       {Y, Y, Y, n, n, n},
		mutual.PermOpenBids:          {Y, Y, n, n, n, n},
		mutual.PermSitOnCommittee:    {Y, Y, n, n, n, n},
		mutual.PermDecideGifts:       {Y, Y, n, n, n, n},
		mutual.PermReassign:          {Y, Y, n, n, n, n},
		mutual.PermOwnRelationships:  {Y, Y, Y, n, n, n},
		mutual.PermSponsor:           {Y, Y, Y, Y, n, n},
		mutual.PermWatchCadences:     {Y, Y, n, n, n, n},
		mutual.PermUsePortal:         {n, n, n, n, Y, Y}, // not scoped: the portal shows the user's own partner
	}
	for _, p := range mutual.Perms() {
		if _, ok := want[p]; !ok {
			t.Errorf("%s has no line in the table", p)
		}
	}
	roles := []string{mutual.RoleAdmin, mutual.RoleManager, mutual.RoleBuyer, mutual.RoleViewer, mutual.RoleSupplier, mutual.RoleSupplier}
	for p, w := range want {
		for i, role := range roles {
			u := &mutual.User{Role: role}
			about := mutual.ID(7)
			if role == mutual.RoleSupplier {
				u.PartnerID = 7
				if i == 5 {
					about = 8
				}
			}
			if got := mutual.Allowed(u, p, about); got != w[i] {
				t.Errorf("Allowed(%s, %s, %d) = %v, want %v", role, p, about, got, w[i])
			}
			u.Disabled = true
			if mutual.Allowed(u, p, about) {
				t.Errorf("a disabled %s holds %s", role, p)
			}
		}
		if mutual.Allowed(nil, p, 7) {
			t.Errorf("no user holds %s", p)
		}
		if mutual.Allowed(&mutual.User{Role: mutual.RoleSupplier}, p, 0) {
			t.Errorf("a supplier user without a partner holds %s", p)
		}
		if mutual.Allowed(&mutual.User{}, p, 0) {
			t.Errorf("a user without a role holds %s", p)
		}
	}
	if mutual.Allowed(&mutual.User{Role: mutual.RoleAdmin}, mutual.Perm("no_such_perm"), 0) {
		t.Error("an unknown perm is held")
	}
}

// TestCanWrappers checks that the older Can* helpers say what the table
// says, for every role, so the store and pages that call them keep
// today's rules.
func TestCanWrappers(t *testing.T) {
	type can struct {
		name string
		fn   func(*mutual.User) bool
		want [6]bool // admin, manager, buyer, viewer, supplier of 7, disabled admin
	}
	const (
		Y = true
		n = false
	)
	cans := []can{
		{"CanReadPartner(7)", func(u *mutual.User) bool { return mutual.CanReadPartner(u, 7) }, [6]bool{Y, Y, Y, Y, Y, n}},
		{"CanReadPartner(8)", func(u *mutual.User) bool { return mutual.CanReadPartner(u, 8) }, [6]bool{Y, Y, Y, Y, n, n}},
		{"CanWritePartners", mutual.CanWritePartners, [6]bool{Y, Y, Y, n, n, n}},
		{"CanWriteContacts(7)", func(u *mutual.User) bool { return mutual.CanWriteContacts(u, 7) }, [6]bool{Y, Y, Y, n, Y, n}},
		{"CanWriteContacts(8)", func(u *mutual.User) bool { return mutual.CanWriteContacts(u, 8) }, [6]bool{Y, Y, Y, n, n, n}},
		{"CanManageUsers", mutual.CanManageUsers, [6]bool{Y, n, n, n, n, n}},
		{"CanReadAudit", mutual.CanReadAudit, [6]bool{Y, n, n, n, n, n}},
		{"CanReadInternalNotes", mutual.CanReadInternalNotes, [6]bool{Y, Y, Y, Y, n, n}},
		{"CanWriteEvents", mutual.CanWriteEvents, [6]bool{Y, Y, Y, n, n, n}},
		{"CanOpenBids", mutual.CanOpenBids, [6]bool{Y, Y, n, n, n, n}},
		{"CanDecideGifts", mutual.CanDecideGifts, [6]bool{Y, Y, n, n, n, n}},
		{"CanWriteInteractions", mutual.CanWriteInteractions, [6]bool{Y, Y, Y, n, n, n}},
		{"CanReadInteractions", mutual.CanReadInteractions, [6]bool{Y, Y, Y, Y, n, n}},
		{"CanSitOnCommittee", mutual.CanSitOnCommittee, [6]bool{Y, Y, n, n, n, n}},
		{"CanReassign", mutual.CanReassign, [6]bool{Y, Y, n, n, n, n}},
		{"CanOwnRelationships", (*mutual.User).CanOwnRelationships, [6]bool{Y, Y, Y, n, n, n}},
		{"CanSponsor", (*mutual.User).CanSponsor, [6]bool{Y, Y, Y, Y, n, n}},
	}
	users := []*mutual.User{
		{Role: mutual.RoleAdmin}, {Role: mutual.RoleManager}, {Role: mutual.RoleBuyer}, {Role: mutual.RoleViewer},
		{Role: mutual.RoleSupplier, PartnerID: 7}, {Role: mutual.RoleAdmin, Disabled: true},
	}
	for _, c := range cans {
		for i, u := range users {
			if got := c.fn(u); got != c.want[i] {
				t.Errorf("%s for %+v = %v, want %v", c.name, *u, got, c.want[i])
			}
		}
		if c.fn(nil) {
			t.Errorf("%s(nil) = true", c.name)
		}
	}
}
