package mutual_test

import (
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
)

func TestPartner_Validate(t *testing.T) {
	ok := func() mutual.Partner {
		return mutual.Partner{Name: "Hòa Phát", Country: "VN", Roles: []string{"supplier"}}
	}
	for _, tt := range []struct {
		name  string
		edit  func(p *mutual.Partner)
		field string
	}{
		{"OK", func(p *mutual.Partner) {}, ""},
		{"OKForeignTaxID", func(p *mutual.Partner) { p.Country, p.TaxCode = "DE", "DE123456789" }, ""},
		{"ErrName", func(p *mutual.Partner) { p.Name = "  " }, "name"},
		{"ErrNameNUL", func(p *mutual.Partner) { p.Name = "A\x00B" }, "name"},
		{"ErrNotesBadUTF8", func(p *mutual.Partner) { p.Notes = "\xff" }, "notes"},
		{"ErrTaxCode", func(p *mutual.Partner) { p.TaxCode = "0100233480" }, "tax_code"},
		{"ErrCountry", func(p *mutual.Partner) { p.Country = "Vietnam" }, "country"},
		{"ErrNoRole", func(p *mutual.Partner) { p.Roles = nil }, "roles"},
		{"ErrRole", func(p *mutual.Partner) { p.Roles = []string{"friend"} }, "roles"},
		{"ErrSegment", func(p *mutual.Partner) { p.Segment = "gold" }, "segment"},
		{"ErrStatus", func(p *mutual.Partner) { p.Status = "dead" }, "status"},
		{"ErrEmail", func(p *mutual.Partner) { p.Email = "a@b" }, "email"},
		{"ErrWebsite", func(p *mutual.Partner) { p.Website = "javascript:alert(1)" }, "website"},
		{"ErrCurrency", func(p *mutual.Partner) { p.AnnualSpend = mutual.Money{Currency: "XYZ"} }, "annual_spend.currency"},
		{"ErrHugeAmount", func(p *mutual.Partner) {
			d, _ := mutual.ParseDecimal("1" + strings.Repeat("0", 400))
			p.AnnualSpend = mutual.Money{Amount: d, Currency: "VND"}
		}, "annual_spend.amount"},
		{"ErrVNDDecimals", func(p *mutual.Partner) {
			d, _ := mutual.ParseDecimal("10.5")
			p.AnnualSpend = mutual.Money{Amount: d, Currency: "VND"}
		}, "annual_spend.amount"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := ok()
			tt.edit(&p)
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if f := mutual.ErrorFields(err); mutual.ErrorCode(err) != mutual.EINVALID || len(f) == 0 || f[0].Field != tt.field {
				t.Errorf("err = %v, want field %s", err, tt.field)
			}
		})
	}
}

func TestMoney_JSON(t *testing.T) {
	var m mutual.Money
	if err := m.UnmarshalJSON([]byte(`{"amount": 1250000, "currency": "vnd"}`)); err != nil || m.String() != "1250000 VND" {
		t.Fatalf("number amount: %v %v", m, err)
	}
	if err := m.UnmarshalJSON([]byte(`{"amount": "12.50", "currency": "USD"}`)); err != nil || m.Amount.String() != "12.5" {
		t.Fatalf("string amount: %v %v", m, err)
	}
	if err := m.UnmarshalJSON([]byte(`{"amount": "abc", "currency": "USD"}`)); mutual.ErrorCode(err) != mutual.EINVALID {
		t.Fatalf("abc: %v", err)
	}
	b, _ := mutual.Money{Amount: m.Amount, Currency: "USD"}.MarshalJSON()
	if string(b) != `{"amount":"12.5","currency":"USD"}` {
		t.Errorf("marshal = %s", b)
	}
}
