package mutual_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
)

func dec(t *testing.T, s string) mutual.Decimal {
	t.Helper()
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		t.Fatalf("decimal %q", s)
	}
	return d
}

// TestSaving: (baseline − agreed) × quantity, exact, rounded to the
// currency's digits; none without a baseline; converted and shared exactly.
func TestSaving(t *testing.T) {
	money := func(amount, currency string) mutual.Money {
		return mutual.Money{Amount: dec(t, amount), Currency: currency}
	}
	for _, tt := range []struct {
		name              string
		baseline, agreed  mutual.Money
		qty, want, wantCu string
	}{
		{"VND", money("13200000", "VND"), money("12500000", "VND"), "4", "2800000", "VND"},
		{"FractionalQuantity", money("13200000", "VND"), money("12500000", "VND"), "2.5", "1750000", "VND"},
		{"RoundedToCents", money("1.005", "USD"), money("1.001", "USD"), "3", "0.01", "USD"},
		{"NoFloatDrift", money("0.3", "USD"), money("0.1", "USD"), "3", "0.6", "USD"},
		{"DearerThanBaseline", money("100", "VND"), money("120", "VND"), "10", "-200", "VND"},
		{"NoBaseline", mutual.Money{}, money("120", "VND"), "10", "0", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := mutual.Saving(tt.baseline, tt.agreed, dec(t, tt.qty))
			if !got.Amount.Equal(dec(t, tt.want)) || got.Currency != tt.wantCu {
				t.Errorf("Saving = %s %s, want %s %s", got.Amount, got.Currency, tt.want, tt.wantCu)
			}
		})
	}
	t.Run("ConvertSaving", func(t *testing.T) {
		got := mutual.ConvertSaving(money("12.34", "USD"), dec(t, "25430.5"), "VND")
		if want := dec(t, "313812"); !got.Amount.Equal(want) || got.Currency != "VND" {
			t.Errorf("ConvertSaving = %s %s, want %s VND", got.Amount, got.Currency, want)
		}
		if got := mutual.ConvertSaving(mutual.Money{}, dec(t, "25430.5"), "VND"); !got.IsZero() {
			t.Errorf("no saving converted to %v", got)
		}
	})
	t.Run("SavingPercent", func(t *testing.T) {
		if got, want := mutual.SavingPercent(money("1", "VND"), money("3", "VND")), dec(t, "33.33"); !got.Equal(want) {
			t.Errorf("SavingPercent = %s, want %s", got, want)
		}
		if got := mutual.SavingPercent(money("1", "VND"), money("0", "VND")); !got.IsZero() {
			t.Errorf("without a baseline spend: %s", got)
		}
	})
}
