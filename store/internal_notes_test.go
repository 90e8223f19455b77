package store_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// secret is the buying side's note in every field of TestInternalNotes:
// no read of a supplier user may hold it.
const secret = "INTERNAL: their margin is thin, push harder"

// TestInternalNotes holds that supplier users neither read nor wipe what
// the buying side writes for itself on what they can read.
func TestInternalNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		bctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Miền Nam", Country: "VN", Roles: []string{"supplier"},
			Segment: "leverage", Notes: secret, Contacts: []*mutual.Contact{{Name: "Phạm Văn Đức", Notes: secret}}})
		sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
		sctx := storetest.Context(sup)
		contact := p.Contacts[0]
		k := &mutual.Commitment{PartnerID: p.ID, Title: "Send the price list", Side: "theirs", OwnerContactID: contact.ID,
			DueOn: mutual.DateOf(time.Now(), svc.Zone).AddDays(7), Notes: secret}
		if err := svc.Commitments.CreateCommitment(bctx, k); err != nil {
			t.Fatal(err)
		}
		failed := &mutual.Negotiation{PartnerID: p.ID, Title: "Coil review", Currency: "VND",
			Lines: []mutual.NegotiationLine{{Item: "HRC-3", Quantity: qty("4"), Unit: "t", BaselinePrice: money("13000000", "VND")}}}
		if err := svc.Negotiations.CreateNegotiation(bctx, failed); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Negotiations.CloseNegotiation(bctx, failed.ID, mutual.NegotiationClose{Outcome: secret}); err != nil {
			t.Fatal(err)
		}
		noSecret := func(t *testing.T, what string, v any) {
			t.Helper()
			if s := strings.ToLower(mutual.Fold(fmtAll(v))); strings.Contains(s, strings.ToLower(mutual.Fold(secret))) || strings.Contains(s, "leverage") {
				t.Errorf("%s shows the buying side's notes: %s", what, fmtAll(v))
			}
		}

		t.Run("Reads", func(t *testing.T) {
			got, err := svc.Partners.FindPartnerByID(sctx, p.ID)
			if err != nil || len(got.Contacts) != 1 {
				t.Fatalf("partner: %v", err)
			}
			noSecret(t, "partner", got)
			list, _, err := svc.Partners.FindPartners(sctx, mutual.PartnerFilter{})
			if err != nil || len(list) != 1 {
				t.Fatalf("partners: %v", err)
			}
			noSecret(t, "partner list", list)
			var exported []*mutual.Partner
			if err := svc.Partners.ExportPartners(sctx, func(p *mutual.Partner) error { exported = append(exported, p); return nil }); err != nil || len(exported) != 1 {
				t.Fatalf("export: %v", err)
			}
			noSecret(t, "export", exported)
			cs, err := svc.Contacts.FindContacts(sctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			noSecret(t, "contacts", cs)
			c, err := svc.Contacts.FindContactByID(sctx, contact.ID)
			if err != nil {
				t.Fatal(err)
			}
			noSecret(t, "contact", c)
			ks, _, err := svc.Commitments.FindCommitments(sctx, mutual.CommitmentFilter{PartnerID: p.ID})
			if err != nil || len(ks) != 1 {
				t.Fatalf("commitments: %v", err)
			}
			noSecret(t, "commitments", ks)
			kk, err := svc.Commitments.FindCommitmentByID(sctx, k.ID)
			if err != nil {
				t.Fatal(err)
			}
			noSecret(t, "commitment", kk)
			ns, _, err := svc.Negotiations.FindNegotiations(sctx, mutual.NegotiationFilter{})
			if err != nil || len(ns) != 1 {
				t.Fatalf("negotiations: %v", err)
			}
			noSecret(t, "negotiations", ns)
			n, err := svc.Negotiations.FindNegotiationByID(sctx, failed.ID)
			if err != nil {
				t.Fatal(err)
			}
			noSecret(t, "negotiation", n)
			// The buying side still reads them all.
			if got, _ := svc.Partners.FindPartnerByID(bctx, p.ID); got.Notes != secret || got.Segment != "leverage" || got.Contacts[0].Notes != secret {
				t.Errorf("buyer reads %+v", got)
			}
			if got, _ := svc.Negotiations.FindNegotiationByID(bctx, failed.ID); got.Outcome != secret {
				t.Errorf("buyer reads outcome %q", got.Outcome)
			}
		})

		t.Run("ErrSegmentFilter", func(t *testing.T) {
			// Filtering by it would tell it: refused whatever the value.
			for _, seg := range []string{"leverage", "routine"} {
				_, _, err := svc.Partners.FindPartners(sctx, mutual.PartnerFilter{Segment: seg})
				if f := mutual.ErrorFields(err); len(f) != 1 || f[0].Field != "segment" || f[0].Rule != "internal" {
					t.Errorf("segment %s: %v", seg, err)
				}
			}
		})

		t.Run("SupplierSaveKeepsNotes", func(t *testing.T) {
			// The portal form sends what it shows: empty notes.
			title, empty := "Sales director", ""
			got, err := svc.Contacts.UpdateContact(sctx, contact.ID, mutual.ContactUpdate{Title: &title, Notes: &empty})
			if err != nil || got.Title != title {
				t.Fatalf("supplier's save: %+v %v", got, err)
			}
			noSecret(t, "the saved contact", got)
			if c, _ := svc.Contacts.FindContactByID(bctx, contact.ID); c.Notes != secret || c.Title != title {
				t.Errorf("after the supplier's save the buyer reads %+v", c)
			}
			other := "we are friends"
			_, err = svc.Contacts.UpdateContact(sctx, contact.ID, mutual.ContactUpdate{Notes: &other})
			if f := mutual.ErrorFields(err); len(f) != 1 || f[0].Field != "notes" || f[0].Rule != "internal" {
				t.Errorf("supplier writes notes: %v", err)
			}
			err = svc.Contacts.CreateContact(sctx, &mutual.Contact{PartnerID: p.ID, Name: "Ngô Thị Lan", Notes: other})
			if f := mutual.ErrorFields(err); len(f) != 1 || f[0].Field != "notes" {
				t.Errorf("supplier adds a contact with notes: %v", err)
			}
			if err := svc.Contacts.CreateContact(sctx, &mutual.Contact{PartnerID: p.ID, Name: "Ngô Thị Lan"}); err != nil {
				t.Errorf("supplier adds a contact: %v", err)
			}
			// Marking its commitment done keeps our notes too.
			done := "done"
			got2, err := svc.Commitments.UpdateCommitment(sctx, k.ID, mutual.CommitmentUpdate{Status: &done})
			if err != nil {
				t.Fatal(err)
			}
			noSecret(t, "the commitment marked done", got2)
			if kk, _ := svc.Commitments.FindCommitmentByID(bctx, k.ID); kk.Notes != secret || kk.Status != "done" {
				t.Errorf("after the supplier's save the buyer reads %+v", kk)
			}
		})

	})
}

// fmtAll prints v with every field, as JSON would carry it.
func fmtAll(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
