package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestDecimalColumn_Broken stores text that is no number in a decimal
// column, which only SQLite's text columns can hold: reading the row is an
// internal error naming the column, not an amount of zero.
func TestDecimalColumn_Broken(t *testing.T) {
	db := storetest.MustOpen(t)
	p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Spender", AnnualSpend: money("1000000", "VND")})
	ctx := storetest.SystemContext()
	if got, err := db.Services().Partners.FindPartnerByID(ctx, p.ID); err != nil || got.AnnualSpend.String() != "1000000 VND" {
		t.Fatalf("before: %v, %v", got, err)
	}
	storetest.Tamper(t, db, fmt.Sprintf(`UPDATE partners SET spend_amount = 'lots' WHERE id = %d`, p.ID))
	_, err := db.Services().Partners.FindPartnerByID(ctx, p.ID)
	if got, want := mutual.ErrorCode(err), mutual.EINTERNAL; got != want {
		t.Fatalf("code = %q, want %q (err %v)", got, want, err)
	}
	if !strings.Contains(err.Error(), "partners.spend_amount") {
		t.Fatalf("the error does not name the column: %v", err)
	}
}
