package csv_test

import (
	stdcsv "encoding/csv"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

func dec(s string) mutual.Decimal {
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return d
}

func vnd(s string) mutual.Money { return mutual.Money{Amount: dec(s), Currency: "VND"} }

// tabEvent is an RFQ with two lines, two questions and two criteria.
func tabEvent() *mutual.Event {
	return &mutual.Event{ID: 1, Kind: "rfq", Title: "Steel", Currency: "VND",
		Lines: []mutual.EventLine{
			{ID: 11, Item: "HRC-2", Description: "Hot rolled coil, 2 mm", Quantity: dec("2.5"), Unit: "t", BaselinePrice: vnd("15000000")},
			{ID: 12, Item: "HRC-3", Quantity: dec("10"), Unit: "t"},
		},
		Questions: []mutual.Question{{ID: 21, Text: "ISO 9001?", Kind: "yes_no"}, {ID: 22, Text: "Remarks", Kind: "text"}},
		Criteria:  []mutual.Criterion{{ID: 31, Name: "price", Weight: 60}, {ID: 32, Name: "Quality", Weight: 40}},
	}
}

func tabBid(id mutual.ID, name string, prices ...string) *mutual.Bid {
	yes := id%2 == 1
	b := &mutual.Bid{ID: id, PartnerID: id * 100, PartnerName: name, Status: "submitted",
		Answers: []mutual.Answer{{QuestionID: 21, Yes: &yes}, {QuestionID: 22, Text: "+SUM(A1:A9)"}}}
	total := mutual.Decimal{}
	qty := []string{"2.5", "10"}
	for i, p := range prices {
		if p == "" {
			continue
		}
		b.Lines = append(b.Lines, mutual.BidLine{LineID: mutual.ID(11 + i), UnitPrice: vnd(p), LeadTimeDays: 10 * (i + 1)})
		total = total.Add(dec(p).Mul(dec(qty[i])))
	}
	b.Total = mutual.Money{Amount: total, Currency: "VND"}
	return b
}

func TestWriteTabulationCSV(t *testing.T) {
	for _, tt := range []struct {
		name   string
		bids   []*mutual.Bid
		scores []mutual.Score
		want   [][]string // the rows after the header
		header []string
	}{
		{
			name: "TwoBids",
			bids: []*mutual.Bid{tabBid(1, "Thép Hòa Phát", "14500000", "13200000"), tabBid(2, "=HYPERLINK(\"x\")", "14200000", "")},
			scores: []mutual.Score{
				{BidID: 1, CriterionID: 32, EvaluatorID: 7, Score: 90},
				{BidID: 2, CriterionID: 32, EvaluatorID: 7, Score: 60},
			},
			header: []string{"item", "description", "quantity", "unit", "baseline unit price (VND)",
				"Thép Hòa Phát: unit price (VND)", "Thép Hòa Phát: extended (VND)", "Thép Hòa Phát: lead time (days)", "Thép Hòa Phát: lowest",
				`'=HYPERLINK("x"): unit price (VND)`, `'=HYPERLINK("x"): extended (VND)`, `'=HYPERLINK("x"): lead time (days)`, `'=HYPERLINK("x"): lowest`},
			want: [][]string{
				{"HRC-2", "Hot rolled coil, 2 mm", "2.5", "t", "15000000", "14500000", "36250000", "10", "", "14200000", "35500000", "10", "lowest"},
				{"HRC-3", "", "10", "t", "", "13200000", "132000000", "20", "lowest", "", "", "", ""},
				{"Total", "", "", "", "", "", "168250000", "", "", "", "35500000", "", ""},
				// Bid 2 lacks line 2: it is priced at the highest quote, 13.2M.
				{"Evaluated total", "", "", "", "", "", "168250000", "", "", "", "167500000", "", "incomplete"},
				{"Price score (60%)", "", "", "", "", "99.55", "", "", "", "100", "", "", ""},
				{"Score: Quality (40%)", "", "", "", "", "90", "", "", "", "60", "", "", ""},
				{"Weighted total", "", "", "", "", "95.73", "", "", "", "84", "", "", ""},
				{"Rank", "", "", "", "", "1", "", "", "", "2", "", "", ""},
				{"Question 1", "ISO 9001?", "", "", "", "yes", "", "", "", "no", "", "", ""},
				{"Question 2", "Remarks", "", "", "", "'+SUM(A1:A9)", "", "", "", "'+SUM(A1:A9)", "", "", ""},
			},
		},
		{
			name:   "NoBids",
			header: []string{"item", "description", "quantity", "unit", "baseline unit price (VND)"},
			want: [][]string{
				{"HRC-2", "Hot rolled coil, 2 mm", "2.5", "t", "15000000"},
				{"HRC-3", "", "10", "t", ""},
				{"Total", "", "", "", ""},
				{"Evaluated total", "", "", "", ""},
				{"Price score (60%)", "", "", "", ""},
				{"Score: Quality (40%)", "", "", "", ""},
				{"Weighted total", "", "", "", ""},
				{"Rank", "", "", "", ""},
				{"Question 1", "ISO 9001?", "", "", ""},
				{"Question 2", "Remarks", "", "", ""},
			},
		},
		{
			name: "WithdrawnLeftOut",
			bids: []*mutual.Bid{tabBid(1, "A", "1", "2"), {ID: 3, PartnerName: "Gone", Status: "withdrawn"}},
			header: []string{"item", "description", "quantity", "unit", "baseline unit price (VND)",
				"A: unit price (VND)", "A: extended (VND)", "A: lead time (days)", "A: lowest"},
			want: [][]string{
				{"HRC-2", "Hot rolled coil, 2 mm", "2.5", "t", "15000000", "1", "2.5", "10", "lowest"},
				{"HRC-3", "", "10", "t", "", "2", "20", "20", "lowest"},
				{"Total", "", "", "", "", "", "22.5", "", ""},
				{"Evaluated total", "", "", "", "", "", "22.5", "", ""},
				{"Price score (60%)", "", "", "", "", "100", "", "", ""},
				{"Score: Quality (40%)", "", "", "", "", "", "", "", ""},
				{"Weighted total", "", "", "", "", "60", "", "", ""},
				{"Rank", "", "", "", "", "1", "", "", ""},
				{"Question 1", "ISO 9001?", "", "", "", "yes", "", "", ""},
				{"Question 2", "Remarks", "", "", "", "'+SUM(A1:A9)", "", "", ""},
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tab := mutual.Tabulate(tabEvent(), tt.bids, tt.scores)
			var b strings.Builder
			if err := csv.WriteTabulation(&b, tab); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.HasPrefix(out, csv.UTF8BOM) {
				t.Fatalf("no BOM: %q", out[:10])
			}
			recs, err := stdcsv.NewReader(strings.NewReader(strings.TrimPrefix(out, csv.UTF8BOM))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(recs), len(tt.want)+1; got != want {
				t.Fatalf("%d rows, want %d:\n%s", got, want, out)
			}
			if got, want := strings.Join(recs[0], "|"), strings.Join(tt.header, "|"); got != want {
				t.Errorf("header\n got %s\nwant %s", got, want)
			}
			for i, want := range tt.want {
				if got := strings.Join(recs[i+1], "|"); got != strings.Join(want, "|") {
					t.Errorf("row %d\n got %s\nwant %s", i+1, got, strings.Join(want, "|"))
				}
			}
		})
	}
	t.Run("ErrNoEvent", func(t *testing.T) {
		if err := csv.WriteTabulation(&strings.Builder{}, &mutual.Tabulation{}); err == nil {
			t.Error("no error for a tabulation without its event")
		}
	})
}
