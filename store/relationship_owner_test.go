package store_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestRelationshipOwners holds that only users who can write own
// relationships (key account manager, co-owner on the relationship team)
// on every path, while a viewer may still sponsor a partner, sit on its
// team in another part, attend its meetings and own a commitment.
func TestRelationshipOwners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		manager, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
		ctx := storetest.Context(manager)
		wantRule := func(t *testing.T, err error, field, rule string) {
			t.Helper()
			if f := mutual.ErrorFields(err); mutual.ErrorCode(err) != mutual.EINVALID || len(f) != 1 || f[0].Field != field || f[0].Rule != rule {
				t.Errorf("err = %v, want %s on %s", err, rule, field)
			}
		}

		t.Run("CreateAndImport", func(t *testing.T) {
			err := svc.Partners.CreatePartner(ctx, &mutual.Partner{Name: "Viewer-owned", Country: "VN", Roles: []string{"supplier"}, OwnerID: viewer.ID})
			wantRule(t, err, "owner_id", "writer")
			err = svc.Partners.ImportPartners(ctx, []*mutual.Partner{
				{Name: "Fine", Country: "VN", Roles: []string{"supplier"}, OwnerID: buyer.ID},
				{Name: "Viewer-owned", Country: "VN", Roles: []string{"supplier"}, OwnerID: viewer.ID},
			})
			wantRule(t, err, "[1].owner_id", "writer")
			// A viewer may be the executive sponsor.
			p := &mutual.Partner{Name: "Viewer-sponsored", Country: "VN", Roles: []string{"supplier"}, OwnerID: buyer.ID, SponsorID: viewer.ID}
			if err := svc.Partners.CreatePartner(ctx, p); err != nil || p.SponsorID != viewer.ID {
				t.Errorf("viewer as sponsor: %v", err)
			}
		})

		t.Run("Update", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Update me", OwnerID: buyer.ID})
			id := viewer.ID
			_, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{OwnerID: &id})
			wantRule(t, err, "owner_id", "writer")
			if got, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{SponsorID: &id}); err != nil || got.SponsorID != viewer.ID {
				t.Errorf("viewer as sponsor: %v", err)
			}
		})

		t.Run("DemotedOwnerStays", func(t *testing.T) {
			// An assignment valid when made stays when other fields change.
			was, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Demoted KAM", OwnerID: was.ID})
			role := mutual.RoleViewer
			if _, err := svc.Users.UpdateUser(storetest.SystemContext(), was.ID, mutual.UserUpdate{Role: &role}); err != nil {
				t.Fatal(err)
			}
			name, sponsor := "Demoted KAM Co", manager.ID
			if _, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Name: &name, SponsorID: &sponsor}); err != nil {
				t.Errorf("update beside a demoted KAM: %v", err)
			}
		})

		t.Run("Reassign", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Reassign me", OwnerID: buyer.ID})
			_, err := svc.Owners.ReassignPartners(ctx, mutual.Reassignment{ToOwnerID: viewer.ID, PartnerIDs: []mutual.ID{p.ID}})
			wantRule(t, err, "to_owner_id", "writer")
			if n, err := svc.Owners.ReassignPartners(ctx, mutual.Reassignment{ToOwnerID: manager.ID, PartnerIDs: []mutual.ID{p.ID}}); err != nil || n != 1 {
				t.Errorf("to a manager: %d, %v", n, err)
			}
		})

		t.Run("Team", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Team me", OwnerID: buyer.ID})
			_, err := svc.Owners.SetTeam(ctx, p.ID, []mutual.TeamMember{{UserID: buyer.ID, Role: "backup KAM", CoOwner: true}, {UserID: viewer.ID, Role: "finance", CoOwner: true}})
			wantRule(t, err, "members[1].co_owner", "writer")
			// A viewer may be on the team in a part that owns nothing.
			team, err := svc.Owners.SetTeam(ctx, p.ID, []mutual.TeamMember{{UserID: buyer.ID, Role: "backup KAM", CoOwner: true}, {UserID: viewer.ID, Role: "finance"}})
			if err != nil || len(team) != 2 {
				t.Fatalf("viewer on the team: %v", err)
			}
			for _, m := range team {
				if m.CoOwner != (m.UserID == buyer.ID) {
					t.Errorf("member %+v", m)
				}
			}
			// A co-owner who loses the right to write stays one until changed.
			role := mutual.RoleViewer
			was, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
			if _, err := svc.Owners.SetTeam(ctx, p.ID, []mutual.TeamMember{{UserID: was.ID, Role: "deputy", CoOwner: true}}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Users.UpdateUser(storetest.SystemContext(), was.ID, mutual.UserUpdate{Role: &role}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Owners.SetTeam(ctx, p.ID, []mutual.TeamMember{{UserID: was.ID, Role: "deputy", CoOwner: true}, {UserID: buyer.ID}}); err != nil {
				t.Errorf("keeping a demoted co-owner: %v", err)
			}
		})

		t.Run("ViewerStillAttendsAndOwnsCommitments", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Meet me", OwnerID: buyer.ID})
			in := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", OccurredAt: time.Now().Add(-time.Hour), Subject: "Review", OurAttendees: []mutual.ID{viewer.ID}}
			if err := svc.Interactions.CreateInteraction(ctx, in); err != nil {
				t.Errorf("viewer attends: %v", err)
			}
			k := &mutual.Commitment{PartnerID: p.ID, Title: "Check the figures", Side: "ours", OwnerUserID: viewer.ID, DueOn: mutual.DateOf(time.Now(), svc.Zone).AddDays(7)}
			if err := svc.Commitments.CreateCommitment(ctx, k); err != nil {
				t.Errorf("viewer owns a commitment: %v", err)
			}
		})

		t.Run("ErrNotInternal", func(t *testing.T) {
			gone, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
			yes := true
			if _, err := svc.Users.UpdateUser(storetest.SystemContext(), gone.ID, mutual.UserUpdate{Disabled: &yes}); err != nil {
				t.Fatal(err)
			}
			err := svc.Partners.CreatePartner(ctx, &mutual.Partner{Name: "Gone", Country: "VN", Roles: []string{"supplier"}, OwnerID: gone.ID, SponsorID: gone.ID})
			if f := mutual.ErrorFields(err); len(f) != 2 || f[0].Rule != "assignee" || f[1].Rule != "assignee" {
				t.Errorf("disabled KAM and sponsor: %v", err)
			}
		})
	})
}
