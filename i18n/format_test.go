package i18n_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

func money(tb testing.TB, amount, currency string) mutual.Money {
	tb.Helper()
	d, ok := mutual.ParseDecimal(amount)
	if !ok {
		tb.Fatalf("bad amount %q", amount)
	}
	return mutual.Money{Amount: d, Currency: currency}
}

func TestFormatMoney(t *testing.T) {
	for _, tt := range []struct {
		locale, amount, currency, want string
	}{
		{"vi", "1250000", "VND", "1.250.000 ₫"},
		{"en", "1250000", "VND", "₫1,250,000"},
		{"vi", "1250000.00", "VND", "1.250.000 ₫"},
		{"en", "1250.5", "USD", "$1,250.50"},
		{"vi", "1250.5", "USD", "1.250,50 US$"},
		{"en", "0.07", "USD", "$0.07"},
		{"en", "1234567.891", "BHD", "BHD 1,234,567.891"},
		{"vi", "99", "SGD", "99,00 SGD"},
		{"en", "1000", "JPY", "¥1,000"},
		{"en", "12.5", "EUR", "€12.50"},
		{"en", "-1500", "VND", "-₫1,500"},
		{"vi", "-1500", "VND", "-1.500 ₫"},
		{"en", "0", "VND", "₫0"},
		{"en", "10.5", "VND", "₫10.5"}, // more decimals than the currency allows are kept, never rounded away
		{"en", "123", "USD", "$123.00"},
		{"en", "999999999999999999", "VND", "₫999,999,999,999,999,999"},
	} {
		if got := i18n.FormatMoney(tt.locale, money(t, tt.amount, tt.currency)); got != tt.want {
			t.Errorf("FormatMoney(%s, %s %s) = %q, want %q", tt.locale, tt.amount, tt.currency, got, tt.want)
		}
	}
	if got := i18n.FormatMoney("en", mutual.Money{}); got != "" {
		t.Errorf("zero money = %q, want empty", got)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		locale string
		n      int64
		want   string
	}{
		{"en", 0, "0"},
		{"en", 999, "999"},
		{"en", 1000, "1,000"},
		{"vi", 1000, "1.000"},
		{"en", 100000, "100,000"},
		{"vi", 1250000, "1.250.000"},
		{"en", -1234567, "-1,234,567"},
	} {
		if got := i18n.FormatNumber(tt.locale, tt.n); got != tt.want {
			t.Errorf("FormatNumber(%s, %d) = %q, want %q", tt.locale, tt.n, got, tt.want)
		}
	}
	d, _ := mutual.ParseDecimal("1234.5")
	if got, want := i18n.FormatDecimal("vi", d, 2), "1.234,50"; got != want {
		t.Errorf("FormatDecimal vi = %q, want %q", got, want)
	}
	if got, want := i18n.FormatDecimal("en", d, 0), "1,235"; got != want {
		t.Errorf("FormatDecimal en = %q, want %q", got, want)
	}
}

func TestParseDecimal(t *testing.T) {
	for _, tt := range []struct {
		locale, in, want string
		ok               bool
	}{
		{"vi", "1.250.000", "1250000", true},
		{"vi", "1250000", "1250000", true},
		{"vi", "1.250", "1250", true},
		{"vi", "1250,5", "1250.5", true},
		{"vi", "1.250,50", "1250.5", true},
		{"vi", "12.5", "12.5", true},
		{"vi", "1 250 000", "1250000", true},
		{"en", "1,250,000", "1250000", true},
		{"en", "1,250", "1250", true},
		{"en", "1250.5", "1250.5", true},
		{"en", "1,250.50", "1250.5", true},
		{"en", "1.250", "1.25", true},
		{"en", "1.250.000", "1250000", true},
		{"en", "-5", "-5", true},
		{"en", "", "", false},
		{"en", "12abc", "", false},
		{"en", "1e6", "", false},
		{"en", "1,2,3", "", false},
		{"vi", "1.25.000", "", false},
		{"en", "1,250.000.5", "", false},
	} {
		got, ok := i18n.ParseDecimal(tt.locale, tt.in)
		if ok != tt.ok {
			t.Errorf("ParseDecimal(%s, %q) ok = %v, want %v", tt.locale, tt.in, ok, tt.ok)
			continue
		}
		if ok && got.String() != tt.want {
			t.Errorf("ParseDecimal(%s, %q) = %s, want %s", tt.locale, tt.in, got, tt.want)
		}
	}
}

// TestInputDecimalRoundTrip checks that a stored amount put in a form reads back exactly.
func TestInputDecimalRoundTrip(t *testing.T) {
	for _, s := range []string{"1250000", "1250.5", "0.07", "1234567.891", "1000"} {
		d, _ := mutual.ParseDecimal(s)
		for _, locale := range i18n.Locales {
			in := i18n.InputDecimal(locale, d)
			got, ok := i18n.ParseDecimal(locale, in)
			if !ok || !got.Equal(d) {
				t.Errorf("%s: %s -> %q -> %s (%v)", locale, s, in, got, ok)
			}
		}
	}
}

func TestFormatDate(t *testing.T) {
	// 17:30 UTC on 31 December is already 1 January in Vietnam.
	at := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		got  string
		want string
	}{
		{"DateVI", i18n.FormatDate("vi", at, nil), "01/01/2026"},
		{"DateEN", i18n.FormatDate("en", at, nil), "1 Jan 2026"},
		{"DateTimeVI", i18n.FormatDateTime("vi", at, nil), "01/01/2026 00:30"},
		{"DateTimeEN", i18n.FormatDateTime("en", at, nil), "1 Jan 2026, 00:30"},
		{"OtherZone", i18n.FormatDateTime("en", at, time.UTC), "31 Dec 2025, 17:30"},
		{"Zero", i18n.FormatDate("en", time.Time{}, nil), ""},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
