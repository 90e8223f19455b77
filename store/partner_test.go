package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestPartnerService_Create(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)

		t.Run("OK", func(t *testing.T) {
			amount, _ := mutual.ParseDecimal("1250000000")
			p := &mutual.Partner{Name: "Công ty TNHH Thiết bị Nguyễn Đức", TaxCode: "0100.233.488", Country: "vn",
				Roles: []string{"customer", "supplier"}, Segment: "strategic", OwnerID: buyer.ID,
				AnnualSpend: mutual.Money{Amount: amount, Currency: "VND"},
				Contacts:    []*mutual.Contact{{Name: "Nguyễn Thị Lan", Email: "Lan@NguyenDuc.vn"}}}
			if err := svc.Partners.CreatePartner(ctx, p); err != nil {
				t.Fatal(err)
			}
			got, err := svc.Partners.FindPartnerByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.TaxCode != "0100233488" || got.Country != "VN" || !slices.Equal(got.Roles, []string{"supplier", "customer"}) {
				t.Errorf("normalized = %q %q %v", got.TaxCode, got.Country, got.Roles)
			}
			if got.OwnerName != buyer.Name || got.Version != 1 || got.Status != "prospect" {
				t.Errorf("owner=%q version=%d status=%q", got.OwnerName, got.Version, got.Status)
			}
			if got.AnnualSpend.String() != "1250000000 VND" {
				t.Errorf("spend = %q", got.AnnualSpend)
			}
			if len(got.Contacts) != 1 || got.Contacts[0].Email != "lan@nguyenduc.vn" {
				t.Errorf("contacts = %+v", got.Contacts)
			}
		})
		t.Run("ErrTaxCodeInvalid", func(t *testing.T) {
			err := svc.Partners.CreatePartner(ctx, &mutual.Partner{Name: "X", TaxCode: "0100233480", Country: "VN", Roles: []string{"supplier"}})
			if mutual.ErrorCode(err) != mutual.EINVALID || mutual.ErrorFields(err)[0].Field != "tax_code" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("ErrTaxCodeDuplicate", func(t *testing.T) {
			err := svc.Partners.CreatePartner(ctx, &mutual.Partner{Name: "Y", TaxCode: "0100233488", Country: "VN", Roles: []string{"supplier"}})
			if mutual.ErrorCode(err) != mutual.ECONFLICT || mutual.ErrorFields(err)[0].Field != "tax_code" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("ErrOwnerNotInternal", func(t *testing.T) {
			err := svc.Partners.CreatePartner(ctx, &mutual.Partner{Name: "Z", Country: "VN", Roles: []string{"supplier"}, OwnerID: 99999})
			if mutual.ErrorCode(err) != mutual.EINVALID || mutual.ErrorFields(err)[0].Field != "owner_id" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("ErrViewerForbidden", func(t *testing.T) {
			viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			err := svc.Partners.CreatePartner(storetest.Context(viewer), &mutual.Partner{Name: "V", Country: "VN", Roles: []string{"supplier"}})
			if mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Fatalf("err = %v", err)
			}
		})
	})
}

func TestPartnerService_Search(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		ctx := storetest.Context(admin)
		target := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Công ty TNHH Thiết bị Nguyễn Đức", TaxCode: "0100233488",
			Contacts: []*mutual.Contact{{Name: "Trần Văn Minh", Email: "minh.tran@thietbi.vn"}}})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Nguyen Logistics", Country: "SG", Segment: "routine"})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Dược phẩm Hòa Bình", Segment: "strategic", Roles: []string{"customer"}})

		for _, q := range []string{"nguyen duc", "NGUYEN DUC", "đức", "Nguyễn Đức", "thiet", "0100233488", "01002334", "tran minh", "minh.tran@thietbi.vn"} {
			t.Run(q, func(t *testing.T) {
				got, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: q})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 1 || got[0].ID != target.ID {
					t.Errorf("FindPartners(%q) = %d partners, want the target only", q, len(got))
				}
			})
		}
		t.Run("NguyenFindsBoth", func(t *testing.T) {
			got, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "nguyen"})
			if len(got) != 2 || got[0].Name != "Công ty TNHH Thiết bị Nguyễn Đức" {
				t.Errorf("got %d, first %q", len(got), got[0].Name)
			}
		})
		t.Run("Filters", func(t *testing.T) {
			for _, tt := range []struct {
				f    mutual.PartnerFilter
				want int
			}{
				{mutual.PartnerFilter{Role: "customer"}, 1},
				{mutual.PartnerFilter{Role: "supplier"}, 2},
				{mutual.PartnerFilter{Segment: "routine"}, 1},
				{mutual.PartnerFilter{Status: "prospect"}, 3},
				{mutual.PartnerFilter{Status: "active"}, 0},
				{mutual.PartnerFilter{Query: "nguyen", Segment: "routine"}, 1},
			} {
				got, _, err := svc.Partners.FindPartners(ctx, tt.f)
				if err != nil || len(got) != tt.want {
					t.Errorf("%+v: got %d, %v; want %d", tt.f, len(got), err, tt.want)
				}
			}
		})
		t.Run("ErrBadFilter", func(t *testing.T) {
			_, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Segment: "gold"})
			if mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("err = %v", err)
			}
			_, _, err = svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Cursor: "garbage"})
			if mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("err = %v", err)
			}
		})
	})
}

// TestPartnerService_SearchCommonWord covers the path for words that match
// more partners than the candidate limit: the list walks the sort index.
func TestPartnerService_SearchCommonWord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ps := make([]*mutual.Partner, 2100)
		for i := range ps {
			ps[i] = &mutual.Partner{Name: fmt.Sprintf("Công ty Thép %04d", i), Country: "VN", Roles: []string{"supplier"}}
		}
		ps[7].Name = "Công ty Thép Đặc biệt"
		if err := svc.Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
			t.Fatal(err)
		}
		ctx := storetest.SystemContext()
		got, next, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "thep", Limit: 10})
		if err != nil || len(got) != 10 || next == "" || got[0].Name != "Công ty Thép 0000" {
			t.Fatalf("got %d, next %q, err %v", len(got), next, err)
		}
		got, _, _ = svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "cong thep dac"})
		if len(got) != 1 || got[0].Name != "Công ty Thép Đặc biệt" {
			t.Fatalf("rare combination: got %d", len(got))
		}
		// Page through everything: each partner once, in order.
		seen, cursor := 0, ""
		prev := ""
		for {
			page, next, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "thep", Cursor: cursor, Limit: 500, Sort: mutual.SortNameDesc})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page {
				if prev != "" && mutual.Fold(p.Name) > prev {
					t.Fatalf("out of order: %q after %q", p.Name, prev)
				}
				prev = mutual.Fold(p.Name)
			}
			seen += len(page)
			if next == "" {
				break
			}
			cursor = next
		}
		if seen != 2100 {
			t.Errorf("paged over %d, want 2100", seen)
		}
	})
}

func TestPartnerService_Update(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Old name", TaxCode: "0100233488"})
		other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other", Country: "US"})

		name := "Thép Việt"
		got, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Name: &name, Version: 1})
		if err != nil || got.Version != 2 || got.Name != name {
			t.Fatalf("update: %+v, %v", got, err)
		}
		if found, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "thep viet"}); len(found) != 1 {
			t.Errorf("search after rename found %d", len(found))
		}
		t.Run("ErrStale", func(t *testing.T) {
			_, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Name: &name, Version: 1})
			if mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("ErrDuplicateTaxCode", func(t *testing.T) {
			tc, vn := "0100233488", "VN"
			_, err := svc.Partners.UpdatePartner(ctx, other.ID, mutual.PartnerUpdate{TaxCode: &tc, Country: &vn})
			if mutual.ErrorCode(err) != mutual.ECONFLICT {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("ErrInvalidKeepsData", func(t *testing.T) {
			bad := "XX"
			_, err := svc.Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Country: &bad})
			if mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("err = %v", err)
			}
			if got, _ := svc.Partners.FindPartnerByID(ctx, p.ID); got.Country != "VN" || got.Version != 2 {
				t.Errorf("partner changed by a refused update: %+v", got)
			}
		})
	})
}

func TestPartnerService_SupplierSeesOnlyOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		spend, _ := mutual.ParseDecimal("5000")
		own := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Own Co", Notes: "Internal: pushing for 5% off", AnnualSpend: mutual.Money{Amount: spend, Currency: "USD"}})
		other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other Co", Contacts: []*mutual.Contact{{Name: "Secret Person"}}})
		sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, own.ID)
		ctx := storetest.Context(sup)

		list, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{})
		if err != nil || len(list) != 1 || list[0].ID != own.ID {
			t.Fatalf("list = %d, %v", len(list), err)
		}
		if got, _ := svc.Partners.FindPartnerByID(ctx, own.ID); got.Notes != "" || !got.AnnualSpend.IsZero() || list[0].Notes != "" {
			t.Errorf("supplier sees our notes or spend: %q %v", got.Notes, got.AnnualSpend)
		}
		if _, err := svc.Partners.FindPartnerByID(ctx, other.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("other partner: %v", err)
		}
		if _, err := svc.Contacts.FindContacts(ctx, other.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("other contacts: %v", err)
		}
		if _, err := svc.Contacts.FindContactByID(ctx, other.Contacts[0].ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("other contact: %v", err)
		}
		if err := svc.Contacts.CreateContact(ctx, &mutual.Contact{PartnerID: other.ID, Name: "Intruder"}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("create on other: %v", err)
		}
		if err := svc.Contacts.CreateContact(ctx, &mutual.Contact{PartnerID: own.ID, Name: "Our new person"}); err != nil {
			t.Errorf("create on own: %v", err)
		}
		name := "Renamed"
		if _, err := svc.Partners.UpdatePartner(ctx, own.ID, mutual.PartnerUpdate{Name: &name}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
			t.Errorf("supplier edits partner: %v", err)
		}
		if _, err := svc.Partners.UpdatePartner(ctx, other.ID, mutual.PartnerUpdate{Name: &name}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("supplier edits other partner: %v", err)
		}
		if _, err := svc.Contacts.UpdateContact(ctx, other.Contacts[0].ID, mutual.ContactUpdate{Name: &name}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("supplier edits other contact: %v", err)
		}
		if err := svc.Contacts.DeleteContact(ctx, other.Contacts[0].ID, 0); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("supplier deletes other contact: %v", err)
		}
		var n int
		svc.Partners.ExportPartners(ctx, func(*mutual.Partner) error { n++; return nil })
		if n != 1 {
			t.Errorf("export gave %d partners", n)
		}
	})
}

func TestPartnerService_Import(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ctx := storetest.SystemContext()
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Existing", TaxCode: "0100233488"})
		ps := []*mutual.Partner{
			{Name: "Good", Country: "VN", Roles: []string{"supplier"}},
			{Name: "", Country: "VN", Roles: []string{"supplier"}},
			{Name: "Dup", Country: "VN", TaxCode: "0100233488", Roles: []string{"supplier"}},
			{Name: "Bad country", Country: "ZZ", Roles: []string{"supplier"}},
		}
		err := svc.Partners.ImportPartners(ctx, ps)
		fields := map[string]bool{}
		for _, f := range mutual.ErrorFields(err) {
			fields[f.Field] = true
		}
		if mutual.ErrorCode(err) != mutual.EINVALID || !fields["[1].name"] || !fields["[2].tax_code"] || !fields["[3].country"] || len(fields) != 3 {
			t.Fatalf("err = %v", err)
		}
		if list, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{}); len(list) != 1 {
			t.Errorf("a failed import saved %d partners", len(list)-1)
		}
		// A large import that fails gives the writer back (no deadlock) and saves nothing.
		big := benchPartners(1500, 3)
		big[1499].Country = "ZZ"
		if err := svc.Partners.ImportPartners(ctx, big); mutual.ErrorCode(err) != mutual.EINVALID {
			t.Fatalf("big import: %v", err)
		}
		if err := svc.Partners.ImportPartners(ctx, big[:1499]); err != nil {
			t.Fatalf("import after a failed one: %v", err)
		}
	})
}
