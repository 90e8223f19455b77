package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
)

// TestFormPrice reads the prices of rows and lines (an event's lines, an
// offer, a bid) the way each language writes them.
func TestFormPrice(t *testing.T) {
	for _, tt := range []struct {
		locale, in string
		want       string // "" for the zero Money
		problem    string // part of the message, "" for none
	}{
		{"vi", "5.000.000", "5000000", ""},
		{"vi", "1.234,5", "1234.5", ""},
		{"vi", "5000000", "5000000", ""},
		{"vi", " 13.000.000 ", "13000000", ""},
		{"en", "5,000,000", "5000000", ""},
		{"en", "1,234.5", "1234.5", ""},
		{"en", "5000000", "5000000", ""},
		{"vi", "", "", ""},
		{"en", "   ", "", ""},
		{"vi", "5.00.000", "", "Đơn giá được viết như 5.000.000 hoặc 1.234,5."},
		{"en", "1,2,3", "", "Unit price is written like 5,000,000 or 1,234.5."},
		{"en", "abc", "", "Not a number."},
	} {
		f := &form{Values: url.Values{}, locale: tt.locale}
		got := f.Price("line.1.unit_price", tt.in, "VND", "portal.unit_price")
		if tt.want == "" {
			if !got.IsZero() {
				t.Errorf("Price(%s, %q) = %v, want the zero Money", tt.locale, tt.in, got)
			}
		} else if got.Amount.String() != tt.want || got.Currency != "VND" {
			t.Errorf("Price(%s, %q) = %s %s, want %s VND", tt.locale, tt.in, got.Amount, got.Currency, tt.want)
		}
		checkProblem(t, "Price", tt.locale, tt.in, f.Problems, "line.1.unit_price", tt.problem)
	}
}

// TestFormWhole reads whole numbers (lead times in days) the way each
// language writes them.
func TestFormWhole(t *testing.T) {
	for _, tt := range []struct {
		locale, in string
		want       int
		problem    string
	}{
		{"vi", "14", 14, ""},
		{"vi", "1.000", 1000, ""},
		{"en", "1,000", 1000, ""},
		{"en", " 30 ", 30, ""},
		{"vi", "", 0, ""},
		{"vi", "1,5", 0, "Không phải số nguyên. Thời gian giao hàng (ngày) được viết như 1.000."},
		{"en", "1.5", 0, "Not a whole number. Lead time (days) is written like 1,000."},
		{"en", "two weeks", 0, "Not a whole number."},
	} {
		f := &form{Values: url.Values{}, locale: tt.locale}
		if got := f.Whole("line.1.lead_time_days", tt.in, "portal.lead_time"); got != tt.want {
			t.Errorf("Whole(%s, %q) = %d, want %d", tt.locale, tt.in, got, tt.want)
		}
		checkProblem(t, "Whole", tt.locale, tt.in, f.Problems, "line.1.lead_time_days", tt.problem)
	}
}

// TestFormDateOfQuery reads a report's filter dates, from the query, the
// way each language writes them (ISO dates always).
func TestFormDateOfQuery(t *testing.T) {
	for _, tt := range []struct {
		locale, in, want, problem string
	}{
		{"vi", "01/06/2027", "2027-06-01", ""},
		{"vi", "1/6/2027", "2027-06-01", ""},
		{"vi", "2027-06-01", "2027-06-01", ""},
		{"en", "2027-06-01", "2027-06-01", ""},
		{"en", "1 Jun 2027", "2027-06-01", ""},
		{"vi", "31/02/2027", "", "Không phải ngày hợp lệ. Từ ngày được viết theo dạng dd/mm/yyyy."},
		{"en", "01/06/2027", "", "Not a date. From is written as yyyy-mm-dd."},
	} {
		f := &form{Values: url.Values{"from": {tt.in}}, locale: tt.locale}
		got := f.Date("from", "savings.from")
		if tt.want == "" && !got.IsZero() || tt.want != "" && got.String() != tt.want {
			t.Errorf("Date(%s, %q) = %s, want %q", tt.locale, tt.in, got, tt.want)
		}
		checkProblem(t, "Date", tt.locale, tt.in, f.Problems, "from", tt.problem)
	}
}

func checkProblem(t *testing.T, fn, locale, in string, probs mutual.Problems, field, want string) {
	t.Helper()
	switch {
	case want == "" && len(probs) > 0:
		t.Errorf("%s(%s, %q): problems %v, want none", fn, locale, in, probs)
	case want != "" && (len(probs) != 1 || probs[0].Field != field || !strings.Contains(probs[0].Message, want)):
		t.Errorf("%s(%s, %q): problems %v, want one of %s saying %q", fn, locale, in, probs, field, want)
	}
}

// TestTooLargeMessage says how large a form, or each of its files, may be.
func TestTooLargeMessage(t *testing.T) {
	plain := (&form{}).tooLarge()
	files := (&form{fileLimit: mutual.MaxDocumentSize}).tooLarge()
	for _, tt := range []struct {
		locale string
		err    error
		want   string
	}{
		{"en", plain, "The form is too large (at most 1 MB)"},
		{"vi", plain, "Biểu mẫu quá lớn (tối đa 1 MB)"},
		{"en", files, "The form is too large (at most 10 MB a file)"},
		{"vi", files, "Biểu mẫu quá lớn (tối đa 10 MB mỗi tệp)"},
	} {
		got, ok := tooLargeMessage(tt.locale, tt.err)
		if !ok || !strings.HasPrefix(got, tt.want) {
			t.Errorf("tooLargeMessage(%s) = %q, %v; want %q...", tt.locale, got, ok, tt.want)
		}
		if mutual.ErrorCode(tt.err) != mutual.EINVALID {
			t.Errorf("code %s, want %s", mutual.ErrorCode(tt.err), mutual.EINVALID)
		}
	}
	if _, ok := tooLargeMessage("en", mutual.Errorf(mutual.EINVALID, "Other.")); ok {
		t.Error("another error read as too large")
	}
}
