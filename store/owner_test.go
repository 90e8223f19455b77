package store_test

import (
	"context"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestOwnerService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		manager, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
		leaving, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		staying, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(manager)
		for i, seg := range []string{"strategic", "strategic", "routine"} {
			storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "P" + string(rune('A'+i)), Segment: seg, OwnerID: leaving.ID})
		}
		kept := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Kept", OwnerID: staying.ID})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Orphan"})

		loads, err := svc.Owners.OwnerLoads(ctx)
		if err != nil || len(loads) != 3 || loads[0].OwnerID != leaving.ID || loads[0].Partners != 3 || loads[0].BySegment["strategic"] != 2 {
			t.Fatalf("loads = %+v, %v", loads, err)
		}
		t.Run("ErrBuyer", func(t *testing.T) {
			if _, err := svc.Owners.ReassignPartners(storetest.Context(leaving), mutual.Reassignment{FromOwnerID: leaving.ID, ToOwnerID: staying.ID}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("ErrTarget", func(t *testing.T) {
			sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, kept.ID)
			if _, err := svc.Owners.ReassignPartners(ctx, mutual.Reassignment{FromOwnerID: leaving.ID, ToOwnerID: sup.ID}); mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("err = %v", err)
			}
		})
		n, err := svc.Owners.ReassignPartners(ctx, mutual.Reassignment{FromOwnerID: leaving.ID, ToOwnerID: staying.ID})
		if err != nil || n != 3 {
			t.Fatalf("moved %d, %v", n, err)
		}
		list, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{OwnerID: staying.ID})
		if len(list) != 4 || list[0].Name != "Kept" || list[1].Version != 2 {
			t.Errorf("staying owns %d", len(list))
		}
		recs, _, _ := svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Entity: "partner", EntityID: list[1].ID})
		if len(recs) != 2 || recs[0].UserID != manager.ID {
			t.Errorf("audit = %d records", len(recs))
		}
	})
}

func TestOwnerService_Team(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		quality, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Vinamilk"})
		team, err := svc.Owners.SetTeam(ctx, p.ID, []mutual.TeamMember{{UserID: quality.ID, Role: " quality "}, {UserID: buyer.ID, Role: "buyer"}})
		if err != nil || len(team) != 2 || team[0].UserName == "" {
			t.Fatalf("team = %+v, %v", team, err)
		}
		got, _ := svc.Owners.FindTeam(ctx, p.ID)
		if len(got) != 2 || (got[0].Role != "quality" && got[1].Role != "quality") {
			t.Errorf("team read back = %+v", got)
		}
		sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
		for _, tt := range []struct {
			name    string
			ctx     context.Context
			members []mutual.TeamMember
			code    string
		}{
			{"ErrDuplicate", ctx, []mutual.TeamMember{{UserID: buyer.ID}, {UserID: buyer.ID}}, mutual.EINVALID},
			{"ErrSupplierMember", ctx, []mutual.TeamMember{{UserID: sup.ID}}, mutual.EINVALID},
			{"ErrViewer", storetest.Context(quality), nil, mutual.EFORBIDDEN},
			{"ErrSupplier", storetest.Context(sup), nil, mutual.ENOTFOUND},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := svc.Owners.SetTeam(tt.ctx, p.ID, tt.members); mutual.ErrorCode(err) != tt.code {
					t.Errorf("err = %v, want %s", err, tt.code)
				}
			})
		}
		if _, err := svc.Owners.FindTeam(storetest.Context(sup), p.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("supplier reads team: %v", err)
		}
		if team, err := svc.Owners.SetTeam(ctx, p.ID, nil); err != nil || len(team) != 0 {
			t.Errorf("clear team: %+v, %v", team, err)
		}
	})
}
