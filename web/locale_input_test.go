package web

import (
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, tt := range []struct {
		locale, in, want string // want "" means refused
	}{
		// Vietnamese: "." groups thousands, "," is the decimal point.
		{"vi", "5.000.000", "5000000"},
		{"vi", "1.234,5", "1234.5"},
		{"vi", "1234,5", "1234.5"},
		{"vi", "5000000", "5000000"},
		{"vi", " 5.000.000 ", "5000000"},
		{"vi", "5 000 000", "5000000"},
		{"vi", "0,07", "0.07"},
		{"vi", "1.250", "1250"},
		{"vi", "12,50", "12.5"},
		{"vi", "5.00.000", ""},
		{"vi", "1,2,3", ""},
		{"vi", "1.234,5,6", ""},
		{"vi", "12a", ""},
		{"vi", "", ""},
		// English: "," groups thousands, "." is the decimal point.
		{"en", "5,000,000", "5000000"},
		{"en", "1,234.5", "1234.5"},
		{"en", "1234.5", "1234.5"},
		{"en", "5000000", "5000000"},
		{"en", "1,250", "1250"},
		{"en", "-12.25", "-12.25"},
		{"en", "5,00,000", ""},
		{"en", "1,2,3", ""},
		{"en", "1,234.5.6", ""},
		{"en", "1e6", ""},
		{"en", "$5", ""},
		{"en", "", ""},
	} {
		got, ok := parseNumber(tt.locale, tt.in)
		switch {
		case tt.want == "" && ok:
			t.Errorf("parseNumber(%s, %q) = %s, want refused", tt.locale, tt.in, got)
		case tt.want != "" && !ok:
			t.Errorf("parseNumber(%s, %q) refused, want %s", tt.locale, tt.in, tt.want)
		case tt.want != "" && got.String() != tt.want:
			t.Errorf("parseNumber(%s, %q) = %s, want %s", tt.locale, tt.in, got, tt.want)
		}
	}
}

func TestParseWholeNumber(t *testing.T) {
	for _, tt := range []struct {
		locale, in string
		want       int
		ok         bool
	}{
		{"vi", "1.000", 1000, true},
		{"en", "1,000", 1000, true},
		{"en", "30", 30, true},
		{"vi", "30", 30, true},
		{"en", "1.5", 0, false},
		{"vi", "1,5", 0, false},
		{"en", "99999999999", 0, false},
		{"en", "x", 0, false},
	} {
		got, ok := parseWholeNumber(tt.locale, tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseWholeNumber(%s, %q) = %d, %v; want %d, %v", tt.locale, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		locale, in, want string // want "" means refused
	}{
		{"vi", "31/12/2026", "2026-12-31"},
		{"vi", "1/2/2026", "2026-02-01"},
		{"vi", "01-02-2026", "2026-02-01"},
		{"vi", "01.02.2026", "2026-02-01"},
		{"vi", "2026-02-01", "2026-02-01"}, // the browser's value
		{"vi", "31/02/2026", ""},
		{"vi", "12/31/2026", ""},
		{"vi", "1/2/26", ""},
		{"en", "2026-02-01", "2026-02-01"},
		{"en", "1 Feb 2026", "2026-02-01"},
		{"en", "01/02/2026", ""}, // day or month first? refused
		{"en", "2026-13-01", ""},
		{"en", "", ""},
	} {
		got, ok := parseDate(tt.locale, tt.in)
		switch {
		case tt.want == "" && ok:
			t.Errorf("parseDate(%s, %q) = %s, want refused", tt.locale, tt.in, got)
		case tt.want != "" && (!ok || got.String() != tt.want):
			t.Errorf("parseDate(%s, %q) = %s, %v; want %s", tt.locale, tt.in, got, ok, tt.want)
		}
	}
}

func TestDateInput(t *testing.T) {
	for _, tt := range []struct{ locale, in, want string }{
		{"vi", "2026-02-01", "01/02/2026"},
		{"vi", "1/2/2026", "1/2/2026"}, // as typed, shown back
		{"vi", "abc", "abc"},
		{"en", "2026-02-01", "2026-02-01"},
		{"en", "", ""},
	} {
		if got := dateInput(tt.locale, tt.in); got != tt.want {
			t.Errorf("dateInput(%s, %q) = %q, want %q", tt.locale, tt.in, got, tt.want)
		}
	}
}
