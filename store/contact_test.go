package store_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestContactService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Hòa Phát"})

		c := &mutual.Contact{PartnerID: p.ID, Name: "Lê Thị Hồng", Email: "lth@hoaphat.vn", Role: "account_executive"}
		if err := svc.Contacts.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		found, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "hong"})
		if len(found) != 1 {
			t.Fatalf("search by new contact found %d", len(found))
		}
		t.Run("Update", func(t *testing.T) {
			name, yes := "Lê Thị Thu", true
			got, err := svc.Contacts.UpdateContact(ctx, c.ID, mutual.ContactUpdate{Name: &name, Primary: &yes, Version: 1})
			if err != nil || got.Version != 2 || !got.Primary {
				t.Fatalf("%+v, %v", got, err)
			}
			if found, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "hong"}); len(found) != 0 {
				t.Errorf("old contact name still found")
			}
			if found, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "le thu"}); len(found) != 1 {
				t.Errorf("new contact name not found")
			}
			if _, err := svc.Contacts.UpdateContact(ctx, c.ID, mutual.ContactUpdate{Name: &name, Version: 1}); mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Errorf("stale: %v", err)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			err := svc.Contacts.CreateContact(ctx, &mutual.Contact{PartnerID: p.ID, Name: " ", Email: "nope", Role: "boss"})
			if got := len(mutual.ErrorFields(err)); mutual.ErrorCode(err) != mutual.EINVALID || got != 3 {
				t.Errorf("err = %v", err)
			}
			if err := svc.Contacts.CreateContact(ctx, &mutual.Contact{PartnerID: 98765, Name: "Ghost"}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("unknown partner: %v", err)
			}
		})
		t.Run("ErrViewer", func(t *testing.T) {
			viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			err := svc.Contacts.CreateContact(storetest.Context(viewer), &mutual.Contact{PartnerID: p.ID, Name: "X"})
			if mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("Delete", func(t *testing.T) {
			if err := svc.Contacts.DeleteContact(ctx, c.ID, 1); mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Errorf("stale delete: %v", err)
			}
			if err := svc.Contacts.DeleteContact(ctx, c.ID, 0); err != nil {
				t.Fatal(err)
			}
			if list, _ := svc.Contacts.FindContacts(ctx, p.ID); len(list) != 0 {
				t.Errorf("%d contacts left", len(list))
			}
			if found, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "le thu"}); len(found) != 0 {
				t.Errorf("deleted contact still found")
			}
		})
		t.Run("Import", func(t *testing.T) {
			err := svc.Contacts.ImportContacts(ctx, []*mutual.Contact{{PartnerID: p.ID, Name: "A"}, {PartnerID: p.ID, Name: ""}, {PartnerID: 4444, Name: "B"}})
			fields := map[string]bool{}
			for _, f := range mutual.ErrorFields(err) {
				fields[f.Field] = true
			}
			if !fields["[1].name"] || !fields["[2].partner_id"] || len(fields) != 2 {
				t.Errorf("err = %v", err)
			}
			if list, _ := svc.Contacts.FindContacts(ctx, p.ID); len(list) != 0 {
				t.Errorf("failed import saved %d", len(list))
			}
		})
	})
}

func TestPartnerService_Export(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := benchPartners(1234, 7)
		if err := db.Services().Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
			t.Fatal(err)
		}
		n, contacts, prev := 0, 0, ""
		err := db.Services().Partners.ExportPartners(storetest.SystemContext(), func(p *mutual.Partner) error {
			if k := mutual.Fold(p.Name); k < prev {
				t.Fatalf("out of order: %q after %q", k, prev)
			} else {
				prev = k
			}
			n++
			contacts += len(p.Contacts)
			return nil
		})
		if err != nil || n != 1234 || contacts != 1234 {
			t.Errorf("exported %d partners, %d contacts, %v", n, contacts, err)
		}
	})
}

// TestContactService_DeleteAudited checks that deleting a contact records
// what it changes elsewhere: the interactions it attended and the
// commitments it owned.
func TestContactService_DeleteAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Hòa Phát", Contacts: []*mutual.Contact{{Name: "Leaving"}, {Name: "Staying"}}})
		leaving, staying := p.Contacts[0], p.Contacts[1]
		in := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", OccurredAt: time.Now().Add(-time.Hour), Subject: "Review",
			TheirAttendees: []mutual.ID{leaving.ID, staying.ID},
			Commitments:    []*mutual.Commitment{{Title: "Send quote", Side: "theirs", OwnerContactID: leaving.ID, DueOn: mutual.DateOf(time.Now(), time.UTC).AddDays(5)}}}
		if err := svc.Interactions.CreateInteraction(ctx, in); err != nil {
			t.Fatal(err)
		}
		if err := svc.Contacts.DeleteContact(ctx, leaving.ID, 0); err != nil {
			t.Fatal(err)
		}
		got, _ := svc.Interactions.FindInteractionByID(ctx, in.ID)
		if len(got.TheirAttendees) != 1 || got.TheirAttendees[0] != staying.ID || got.Version != 2 || got.Commitments[0].OwnerContactID != 0 {
			t.Errorf("after delete: %+v", got)
		}
		for _, e := range []struct {
			entity string
			id     mutual.ID
		}{{"interaction", in.ID}, {"commitment", in.Commitments[0].ID}} {
			recs, _, _ := svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Entity: e.entity, EntityID: e.id})
			if len(recs) != 2 || recs[0].Action != "update" {
				t.Errorf("%s audit = %d records", e.entity, len(recs))
			}
		}
		if v, _ := svc.Audit.VerifyAudit(storetest.SystemContext()); !v.Intact {
			t.Errorf("audit broken: %+v", v)
		}
	})
}
