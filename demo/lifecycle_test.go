package demo_test

import (
	"context"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/demo"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestSeed_Lifecycles: the demo partners stand in every status, and those
// that moved have the moves that brought them there, each with a reason and
// made by a person.
func TestSeed_Lifecycles(t *testing.T) {
	db := storetest.MustOpen(t)
	svc := db.Services()
	if _, err := demo.Seed(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
	ctx := storetest.Context(admin)
	statuses, moved := map[string]int{}, map[string]int{}
	for _, p := range allPartners(t, db) {
		statuses[p.Status]++
		changes, err := svc.Partners.FindStatusChanges(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) > 0 {
			moved[p.Status]++
			if changes[0].To != p.Status {
				t.Errorf("%s is %s, its last move went to %s", p.Name, p.Status, changes[0].To)
			}
		}
		for i, c := range changes {
			if c.Reason == "" || (p.OwnerID != 0 && c.ChangedBy != p.OwnerID) {
				t.Errorf("%s: move %+v", p.Name, c)
			}
			if i+1 < len(changes) && changes[i+1].To != c.From {
				t.Errorf("%s: moves do not follow each other: %+v", p.Name, changes)
			}
		}
	}
	for _, s := range mutual.Statuses {
		if statuses[s] == 0 {
			t.Errorf("no demo partner is %s", s)
		}
	}
	for _, s := range []string{"onboarding", "active", "suspended", "offboarded"} {
		if moved[s] == 0 {
			t.Errorf("no %s demo partner has a history", s)
		}
	}
}
