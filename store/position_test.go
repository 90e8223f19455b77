package store_test

import (
	"fmt"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestPartnerService_SearchOrder checks that searches come out in name
// order however partners were added and renamed, including when the gaps in
// the order run out and everything is placed anew.
func TestPartnerService_SearchOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ctx := storetest.SystemContext()
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Alpha"})
		last := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Gamma"})
		for i := range 40 { // more than the 32 halvings one gap allows
			storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Beta"})
			if i == 20 {
				if err := svc.Partners.ImportPartners(ctx, []*mutual.Partner{
					{Name: "Thép Beta", Country: "VN", Roles: []string{"supplier"}}, {Name: "Thép Delta", Country: "VN", Roles: []string{"supplier"}},
				}); err != nil {
					t.Fatal(err)
				}
			}
		}
		name := "Thép Aardvark"
		if _, err := svc.Partners.UpdatePartner(ctx, last.ID, mutual.PartnerUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
		for _, sort := range []string{mutual.SortName, mutual.SortNameDesc} {
			var got []string
			cursor := ""
			for {
				page, next, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "thep", Sort: sort, Limit: 7, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range page {
					got = append(got, fmt.Sprintf("%s#%d", p.Name, p.ID))
				}
				if cursor = next; cursor == "" {
					break
				}
			}
			all, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Sort: sort, Limit: 500})
			if len(got) != len(all) || len(got) != 44 {
				t.Fatalf("%s: search paged over %d, list has %d, want 44", sort, len(got), len(all))
			}
			for i, p := range all {
				if want := fmt.Sprintf("%s#%d", p.Name, p.ID); got[i] != want {
					t.Fatalf("%s: search row %d = %s, list row = %s", sort, i, got[i], want)
				}
			}
			if first := got[0]; sort == mutual.SortName && first != fmt.Sprintf("Thép Aardvark#%d", last.ID) {
				t.Errorf("renamed partner not first: %s", first)
			}
		}
		if found, _, _ := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "gamma"}); len(found) != 0 {
			t.Errorf("old name still found after rename")
		}
	})
}
