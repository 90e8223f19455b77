package mutual_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
)

func TestNormalizeTaxCode(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
		ok             bool
	}{
		{"OK", "0100233488", "0100233488", true},
		{"OKBranch", "0100233488-001", "0100233488-001", true},
		{"OKSpacesDots", " 0100.233.488 ", "0100233488", true},
		{"OKBranchSpaced", "0100 233 488 - 012", "0100233488-012", true},
		{"OKThirteenDigits", "0100233488001", "0100233488-001", true},
		{"ErrCheckDigit", "0100233480", "", false},
		{"ErrBranchZero", "0100233488-000", "", false},
		{"ErrBranchShort", "0100233488-01", "", false},
		{"ErrShort", "010023348", "", false},
		{"ErrLetters", "01002334AB", "", false},
		{"ErrEmpty", "", "", false},
		{"ErrDashNoBranch", "0100233488-", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := mutual.NormalizeTaxCode(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeTaxCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTaxCodeCheckDigit(t *testing.T) {
	if d, ok := mutual.TaxCodeCheckDigit("010023348"); !ok || d != '8' {
		t.Errorf("got %c, %v; want 8, true", d, ok)
	}
}
