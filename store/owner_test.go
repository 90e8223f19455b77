package store_test

import (
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
