package store_test

import (
	"encoding/json"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestPartnerService_ChangePartnerStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)

		t.Run("OKAlongTheLifeCycle", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Việt Long"})
			steps := []struct{ to, reason string }{
				{"onboarding", "NDA signed"}, {"active", "Qualified"}, {"suspended", "Late deliveries"},
				{"active", "Deliveries back on time"}, {"suspended", "Quality failure"}, {"offboarded", "Contract ended"},
				{"onboarding", "Returns under new owners"},
			}
			version := p.Version
			for _, s := range steps {
				got, err := svc.Partners.ChangePartnerStatus(ctx, p.ID, mutual.StatusMove{Status: s.to, Reason: s.reason, Version: version})
				if err != nil {
					t.Fatalf("to %s: %v", s.to, err)
				}
				if got.Status != s.to || got.Version != version+1 || got.Name != p.Name {
					t.Fatalf("after move to %s: status %q version %d", s.to, got.Status, got.Version)
				}
				version = got.Version
			}
			changes, err := svc.Partners.FindStatusChanges(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != len(steps) {
				t.Fatalf("%d changes, want %d", len(changes), len(steps))
			}
			from := "prospect"
			for i, s := range steps {
				c := changes[len(changes)-1-i] // newest first
				if c.From != from || c.To != s.to || c.Reason != s.reason || c.ChangedBy != buyer.ID || c.ChangedByName != buyer.Name || c.PartnerID != p.ID || c.ChangedAt.IsZero() {
					t.Errorf("change %d = %+v", i, c)
				}
				from = s.to
			}
		})

		t.Run("ErrNotAllowed", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Offboarded Co", Status: "offboarded"})
			_, err := svc.Partners.ChangePartnerStatus(ctx, p.ID, mutual.StatusMove{Status: "active", Reason: "Back"})
			if mutual.ErrorCode(err) != mutual.ECONFLICT || mutual.ErrorReason(err) != mutual.ReasonStatusMoveNotAllowed {
				t.Fatalf("err = %v", err)
			}
			got, _ := svc.Partners.FindPartnerByID(ctx, p.ID)
			changes, _ := svc.Partners.FindStatusChanges(ctx, p.ID)
			if got.Status != "offboarded" || got.Version != 1 || len(changes) != 0 {
				t.Errorf("after a refused move: status %q version %d, %d changes", got.Status, got.Version, len(changes))
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Invalid Co"})
			_, err := svc.Partners.ChangePartnerStatus(ctx, p.ID, mutual.StatusMove{Status: "onboarding"})
			if mutual.ErrorCode(err) != mutual.EINVALID || mutual.ErrorFields(err)[0].Field != "reason" {
				t.Fatalf("err = %v", err)
			}
		})

		t.Run("ErrStale", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Stale Co"})
			if _, err := svc.Partners.ChangePartnerStatus(ctx, p.ID, mutual.StatusMove{Status: "onboarding", Reason: "First", Version: 1}); err != nil {
				t.Fatal(err)
			}
			// Someone else, who read version 1 too, makes the same move.
			_, err := svc.Partners.ChangePartnerStatus(ctx, p.ID, mutual.StatusMove{Status: "onboarding", Reason: "Second", Version: 1})
			if mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Fatalf("err = %v", err)
			}
		})

		t.Run("ErrForbidden", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Guarded Co"})
			viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			if _, err := svc.Partners.ChangePartnerStatus(storetest.Context(viewer), p.ID, mutual.StatusMove{Status: "onboarding", Reason: "x"}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("viewer: %v", err)
			}
			own, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
			if _, err := svc.Partners.ChangePartnerStatus(storetest.Context(own), p.ID, mutual.StatusMove{Status: "onboarding", Reason: "x"}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("own supplier user: %v", err)
			}
			other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other Co"})
			if _, err := svc.Partners.ChangePartnerStatus(storetest.Context(own), other.ID, mutual.StatusMove{Status: "onboarding", Reason: "x"}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("other partner's supplier user: %v", err)
			}
			if _, err := svc.Partners.FindStatusChanges(storetest.Context(own), p.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("history to its own supplier user: %v", err)
			}
			if _, err := svc.Partners.FindStatusChanges(ctx, 999999); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("history of no partner: %v", err)
			}
			if _, err := svc.Partners.ChangePartnerStatus(ctx, 999999, mutual.StatusMove{Status: "onboarding", Reason: "x"}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("move of no partner: %v", err)
			}
		})

		t.Run("Audited", func(t *testing.T) {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Audited Co", Status: "active"})
			if _, err := svc.Partners.ChangePartnerStatus(ctx, p.ID, mutual.StatusMove{Status: "suspended", Reason: "Quality failure"}); err != nil {
				t.Fatal(err)
			}
			admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
			recs, _, err := svc.Audit.FindAuditRecords(storetest.Context(admin), mutual.AuditFilter{Entity: "partner", EntityID: p.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 2 || recs[0].Action != "status_change" || recs[0].UserID != buyer.ID {
				t.Fatalf("records = %+v", recs)
			}
			var before, after struct {
				Status  string
				Version int
				Reason  string
			}
			json.Unmarshal(recs[0].Before, &before)
			json.Unmarshal(recs[0].After, &after)
			if before.Status != "active" || before.Version != 1 || after.Status != "suspended" || after.Version != 2 || after.Reason != "Quality failure" {
				t.Errorf("before %+v after %+v", before, after)
			}
			if v, err := svc.Audit.VerifyAudit(storetest.Context(admin)); err != nil || !v.Intact {
				t.Errorf("verify = %+v, %v", v, err)
			}
		})
	})
}

// TestPartnerService_UpdatePartnerStatus: an edit moves no status; a new
// partner starts in whatever status it is given.
func TestPartnerService_UpdatePartnerStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Imported Active Co", Status: "offboarded"})
		if p.Status != "offboarded" {
			t.Fatalf("created as %q", p.Status)
		}
		t.Run("ErrChanged", func(t *testing.T) {
			active, notes := "active", "Reopened"
			_, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Status: &active, Notes: &notes})
			fs := mutual.ErrorFields(err)
			if mutual.ErrorCode(err) != mutual.EINVALID || len(fs) != 1 || fs[0].Field != "status" || fs[0].Rule != "use_status_endpoint" {
				t.Fatalf("err = %v", err)
			}
			if got, _ := svc.Partners.FindPartnerByID(ctx, p.ID); got.Status != "offboarded" || got.Notes != "" || got.Version != 1 {
				t.Errorf("after a refused edit: %q %q v%d", got.Status, got.Notes, got.Version)
			}
		})
		t.Run("OKUnchanged", func(t *testing.T) {
			same, notes := "Offboarded", "Kept"
			got, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Status: &same, Notes: &notes})
			if err != nil || got.Status != "offboarded" || got.Notes != "Kept" {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
		t.Run("ErrUnknownStatus", func(t *testing.T) {
			bad := "dormant"
			_, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Status: &bad})
			if fs := mutual.ErrorFields(err); len(fs) != 1 || fs[0].Rule != "enum" {
				t.Fatalf("err = %v", err)
			}
		})
	})
}
