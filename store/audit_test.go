package store_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestAuditService_Verify(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tamper string
		broken int64
	}{
		{"Intact", "", 0},
		{"ErrAltered", `UPDATE audit_log SET after = '{"name":"forged"}' WHERE seq = 2`, 2},
		{"ErrMissing", `DELETE FROM audit_log WHERE seq = 3`, 3},
		{"ErrTruncated", `DELETE FROM audit_log WHERE seq = 4`, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				svc := db.Services()
				admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0) // record 1
				ctx := storetest.Context(admin)
				p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "A"}) // record 2
				name := "B"
				if _, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Name: &name}); err != nil { // record 3
					t.Fatal(err)
				}
				if err := svc.Contacts.CreateContact(ctx, &mutual.Contact{PartnerID: p.ID, Name: "C"}); err != nil { // record 4
					t.Fatal(err)
				}
				if tt.tamper != "" {
					if _, err := db.WriteDB().Exec(tt.tamper); err != nil {
						t.Fatal(err)
					}
				}
				v, err := svc.Audit.VerifyAudit(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if tt.broken == 0 {
					if !v.Intact || v.Records != 4 || v.Head == "" {
						t.Errorf("verify = %+v", v)
					}
					recs, _, err := svc.Audit.FindAuditRecords(ctx, mutual.AuditFilter{Entity: "partner", EntityID: p.ID})
					if err != nil || len(recs) != 2 || recs[0].Action != "update" || recs[0].UserID != admin.ID || recs[1].UserName != "system" {
						t.Errorf("records = %d, %v", len(recs), err)
					}
					return
				}
				if v.Intact || v.FirstBroken == nil || *v.FirstBroken != tt.broken {
					t.Errorf("verify = %+v, want first broken %d", v, tt.broken)
				}
			})
		})
	}
}

func TestAuditService_AdminOnly(t *testing.T) {
	db := storetest.MustOpen(t)
	buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
	if _, err := db.Services().Audit.VerifyAudit(storetest.Context(buyer)); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
		t.Errorf("err = %v", err)
	}
}
