package store

import (
	"testing"

	"github.com/mutualsrm/mutual"
)

func TestBidLinesRoundTrip(t *testing.T) {
	d := func(s string) mutual.Decimal { v, _ := mutual.ParseDecimal(s); return v }
	lines := []mutual.BidLine{
		{LineID: 1, UnitPrice: mutual.Money{Amount: d("14500000"), Currency: "VND"}, LeadTimeDays: 7},
		{LineID: 22, UnitPrice: mutual.Money{Amount: d("0.5"), Currency: "VND"}, Note: "giao tại\tkho \"Bình Dương\"\nhoặc Hà Nội \\ OK"},
		{LineID: 333, UnitPrice: mutual.Money{Amount: d("1"), Currency: "VND"}, LeadTimeDays: 3650, Note: `""`},
	}
	got, err := decodeLines(encodeLines(lines), "VND")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(lines) {
		t.Fatalf("%d lines", len(got))
	}
	for i := range lines {
		if got[i].LineID != lines[i].LineID || !got[i].UnitPrice.Amount.Equal(lines[i].UnitPrice.Amount) || got[i].UnitPrice.Currency != "VND" ||
			got[i].LeadTimeDays != lines[i].LeadTimeDays || got[i].Note != lines[i].Note {
			t.Errorf("line %d: %+v, want %+v", i, got[i], lines[i])
		}
	}
	if got, err := decodeLines("", "VND"); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"1\t2\n", "x\t1\t2\t\"\"\n", "1\tabc\t2\t\"\"\n", "1\t1\t2\tnot quoted\n"} {
		if _, err := decodeLines(bad, "VND"); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
