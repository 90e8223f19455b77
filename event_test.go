package mutual

import (
	"testing"
	"time"
)

func dec(s string) Decimal {
	d, ok := ParseDecimal(s)
	if !ok {
		panic(s)
	}
	return d
}

func vnd(s string) Money { return Money{Amount: dec(s), Currency: "VND"} }

func fields(err error) map[string]bool {
	out := map[string]bool{}
	for _, f := range ErrorFields(err) {
		out[f.Field] = true
	}
	return out
}

func TestEventValidate(t *testing.T) {
	closes := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	valid := func() Event {
		return Event{Kind: "RFQ ", Title: " Steel ", Currency: "vnd", ClosesAt: closes,
			Lines:     []EventLine{{Item: "HRC", Quantity: dec("2.5"), Unit: "t", BaselinePrice: Money{Amount: dec("15000000")}}},
			Questions: []Question{{Text: "ISO?", Kind: "choice", Choices: []string{"yes", " yes", "no", ""}}},
			Criteria:  []Criterion{{Name: "PRICE", Weight: 70}, {Name: "Quality", Weight: 30}}}
	}
	e := valid()
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if e.Kind != "rfq" || e.Title != "Steel" || e.Currency != "VND" || e.Lines[0].BaselinePrice.Currency != "VND" ||
		len(e.Questions[0].Choices) != 2 || e.Criteria[0].Name != "price" || !e.Criteria[0].IsPrice() {
		t.Errorf("normalized: %+v", e)
	}
	for _, tc := range []struct {
		name   string
		change func(*Event)
		field  string
	}{
		{"kind", func(e *Event) { e.Kind = "auction" }, "kind"},
		{"title", func(e *Event) { e.Title = "" }, "title"},
		{"currency", func(e *Event) { e.Currency = "XYZ" }, "currency"},
		{"closes", func(e *Event) { e.ClosesAt = time.Time{} }, "closes_at"},
		{"opens after closes", func(e *Event) { e.OpensAt = closes.Add(time.Hour) }, "closes_at"},
		{"quantity zero", func(e *Event) { e.Lines[0].Quantity = dec("0") }, "lines[0].quantity"},
		{"quantity precision", func(e *Event) { e.Lines[0].Quantity = dec("1.0000001") }, "lines[0].quantity"},
		{"unit", func(e *Event) { e.Lines[0].Unit = "" }, "lines[0].unit"},
		{"baseline in another currency", func(e *Event) { e.Lines[0].BaselinePrice = Money{Amount: dec("1"), Currency: "USD"} }, "lines[0].baseline_price.currency"},
		{"VND has no decimals", func(e *Event) { e.Lines[0].TargetPrice = vnd("1.5") }, "lines[0].target_price.amount"},
		{"question kind", func(e *Event) { e.Questions[0].Kind = "essay" }, "questions[0].kind"},
		{"one choice", func(e *Event) { e.Questions[0].Choices = []string{"yes"} }, "questions[0].choices"},
		{"weights", func(e *Event) { e.Criteria[1].Weight = 20 }, "criteria"},
		{"weight range", func(e *Event) { e.Criteria[1].Weight = 0; e.Criteria[0].Weight = 100 }, "criteria[1].weight"},
		{"duplicate criterion", func(e *Event) { e.Criteria[1].Name = "price" }, "criteria[1].name"},
		{"control character", func(e *Event) { e.Title = "a\x00b" }, "title"},
		{"closes in year 9999", func(e *Event) { e.ClosesAt = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) }, "closes_at"},
		{"opens in year 1", func(e *Event) { e.OpensAt = time.Date(1, 1, 1, 1, 0, 0, 0, time.UTC) }, "opens_at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := valid()
			tc.change(&e)
			if err := e.Validate(); !fields(err)[tc.field] {
				t.Errorf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
	e = valid()
	e.Lines, e.Criteria = nil, nil
	if err := e.ValidateForPublish(closes.Add(-time.Hour)); !fields(err)["lines"] || !fields(err)["criteria"] {
		t.Errorf("publish an RFQ without lines or criteria: %v", err)
	}
	e.Kind = "rfi"
	if err := e.ValidateForPublish(closes); !fields(err)["closes_at"] || fields(err)["lines"] {
		t.Errorf("publish an RFI at its close: %v", err)
	}
}

// event2 is an event with two lines (2.5 t and 10 t) and price 60 / quality 40.
func event2() *Event {
	return &Event{Kind: "rfq", Currency: "VND",
		Lines:    []EventLine{{ID: 1, Quantity: dec("2.5")}, {ID: 2, Quantity: dec("10")}},
		Criteria: []Criterion{{ID: 10, Name: "price", Weight: 60}, {ID: 11, Name: "quality", Weight: 40}}}
}

func bid(id ID, prices ...string) *Bid {
	b := &Bid{ID: id, PartnerID: id * 100, Status: "submitted"}
	for i, p := range prices {
		if p != "" {
			b.Lines = append(b.Lines, BidLine{LineID: ID(i + 1), UnitPrice: vnd(p)})
		}
	}
	return b
}

func TestEvaluate(t *testing.T) {
	e := event2()
	bids := []*Bid{bid(1, "14500000", "13200000"), bid(2, "14200000", "13000000"), bid(3, "16000000", ""),
		{ID: 4, Status: "withdrawn", Lines: []BidLine{{LineID: 1, UnitPrice: vnd("1")}}}}
	scores := []Score{
		{BidID: 1, CriterionID: 11, EvaluatorID: 7, Score: 90}, {BidID: 1, CriterionID: 11, EvaluatorID: 8, Score: 80},
		{BidID: 2, CriterionID: 11, EvaluatorID: 7, Score: 60},
		{BidID: 3, CriterionID: 11, EvaluatorID: 7, Score: 100},
	}
	got := Evaluate(e, bids, scores)
	if len(got) != 3 {
		t.Fatalf("%d evaluations; a withdrawn bid counts?", len(got))
	}
	want := []struct {
		bid                        ID
		evaluated, price, total    string
		complete                   bool
		byEvaluator                int
		qualityScore, qualityCount string
	}{
		// c: 40M + 10 x 13.2M (the highest quote of the line it lacks) = 172M, price 165.5/172 = 96.22.
		{3, "172000000", "96.22", "97.73", false, 1, "100", "1"},
		// a: 168.25M, price 98.37; quality averaged over two evaluators: 85.
		{1, "168250000", "98.37", "93.02", true, 2, "85", "2"},
		{2, "165500000", "100", "84", true, 1, "60", "1"},
	}
	for i, w := range want {
		g := got[i]
		if g.BidID != w.bid || g.Rank != i+1 || g.EvaluatedTotal.Amount.String() != w.evaluated || g.PriceScore.String() != w.price ||
			g.Total.String() != w.total || g.Complete != w.complete || len(g.ByEvaluator) != w.byEvaluator ||
			g.CriterionScores[1].Score.String() != w.qualityScore || itoa(g.CriterionScores[1].Scored) != w.qualityCount {
			t.Errorf("rank %d: got %+v", i+1, g)
		}
	}
	// Evaluator 8 scored only bid 1: a weighted total for it alone.
	if a := got[1]; a.ByEvaluator[0].EvaluatorID != 7 || a.ByEvaluator[0].Total.String() != "95.02" || a.ByEvaluator[1].Total.String() != "91.02" {
		t.Errorf("per evaluator: %+v", a.ByEvaluator)
	}
	if len(Evaluate(e, nil, nil)) != 0 {
		t.Error("no bids, no evaluations")
	}
	// Ties on the total go to the lower price.
	tie := Evaluate(&Event{Currency: "VND", Lines: []EventLine{{ID: 1, Quantity: dec("1")}}, Criteria: []Criterion{{ID: 1, Name: "quality", Weight: 100}}},
		[]*Bid{bid(1, "200"), bid(2, "100")}, nil)
	if tie[0].BidID != 2 {
		t.Errorf("tie: %+v", tie)
	}
}

func TestTabulate(t *testing.T) {
	tab := Tabulate(event2(), []*Bid{bid(1, "14500000", "13200000"), bid(2, "14200000", "13200000"), bid(3, "", "")}, nil)
	if len(tab.Bids) != 3 || len(tab.Rows) != 2 {
		t.Fatalf("%d bids, %d rows", len(tab.Bids), len(tab.Rows))
	}
	r := tab.Rows[0]
	if r.Lowest.String() != "14200000 VND" || r.Cells[0].Lowest || !r.Cells[1].Lowest || r.Cells[2].Quoted || r.Cells[2].Lowest ||
		r.Cells[0].Extended.String() != "36250000 VND" {
		t.Errorf("row 1: %+v", r)
	}
	// Equal lowest prices are both marked.
	if r := tab.Rows[1]; !r.Cells[0].Lowest || !r.Cells[1].Lowest {
		t.Errorf("row 2: %+v", r)
	}
}

func TestBidValidate(t *testing.T) {
	e := event2()
	e.Questions = []Question{{ID: 5, Kind: "yes_no", Required: true}, {ID: 6, Kind: "choice", Choices: []string{"a", "b"}}, {ID: 7, Kind: "number"}}
	today := NewDate(2026, 11, 26)
	yes := true
	b := Bid{ValidUntil: today, Lines: []BidLine{{LineID: 2, UnitPrice: Money{Amount: dec("13000000")}}, {LineID: 1, UnitPrice: vnd("14000000"), LeadTimeDays: 7}},
		Answers: []Answer{{QuestionID: 5, Yes: &yes}, {QuestionID: 6, Text: "b"}, {QuestionID: 7}}}
	if err := b.Validate(e, today); err != nil {
		t.Fatal(err)
	}
	if b.Total.String() != "165000000 VND" || b.Lines[0].LineID != 1 || len(b.Answers) != 2 {
		t.Errorf("normalized: %+v", b)
	}
	for _, tc := range []struct {
		name  string
		bid   Bid
		field string
	}{
		{"valid until", Bid{ValidUntil: today.AddDays(-1)}, "valid_until"},
		{"no lines", Bid{ValidUntil: today}, "lines"},
		{"unknown line", Bid{Lines: []BidLine{{LineID: 9, UnitPrice: vnd("1")}}}, "lines[0].line_id"},
		{"duplicate line", Bid{Lines: []BidLine{{LineID: 1, UnitPrice: vnd("1")}, {LineID: 1, UnitPrice: vnd("1")}}}, "lines[1].line_id"},
		{"price missing", Bid{Lines: []BidLine{{LineID: 1}}}, "lines[0].unit_price.amount"},
		{"negative price", Bid{Lines: []BidLine{{LineID: 1, UnitPrice: vnd("-1")}}}, "lines[0].unit_price.amount"},
		{"lead time", Bid{Lines: []BidLine{{LineID: 1, UnitPrice: vnd("1"), LeadTimeDays: -1}}}, "lines[0].lead_time_days"},
		{"required answer", Bid{Lines: []BidLine{{LineID: 1, UnitPrice: vnd("1")}}}, "answers"},
		{"choice", Bid{Answers: []Answer{{QuestionID: 6, Text: "c"}}}, "answers[0].text"},
		{"unknown question", Bid{Answers: []Answer{{QuestionID: 99, Text: "c"}}}, "answers[0].question_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bid.ValidUntil.IsZero() {
				tc.bid.ValidUntil = today
			}
			if err := tc.bid.Validate(e, today); !fields(err)[tc.field] {
				t.Errorf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
}

func TestAwardValidateAndOutcome(t *testing.T) {
	e := event2()
	bids := []*Bid{bid(1, "1", "1"), bid(2, "1", ""), {ID: 3, Status: "withdrawn"}}
	ok := Award{ValidFrom: NewDate(2027, 1, 1), Lines: []AwardLine{
		{LineID: 1, Splits: []AwardPart{{BidID: 1, Quantity: dec("1.5")}, {BidID: 2, Quantity: dec("1")}}},
		{LineID: 2, Splits: []AwardPart{{BidID: 1, Quantity: dec("10")}}},
	}}
	if err := ok.Validate(e, bids); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		lines []AwardLine
		field string
	}{
		{"nothing", nil, "lines"},
		{"sum", []AwardLine{{LineID: 2, Splits: []AwardPart{{BidID: 1, Quantity: dec("9")}}}}, "lines[0].splits"},
		{"not quoted", []AwardLine{{LineID: 2, Splits: []AwardPart{{BidID: 2, Quantity: dec("10")}}}}, "lines[0].splits[0].bid_id"},
		{"withdrawn", []AwardLine{{LineID: 1, Splits: []AwardPart{{BidID: 3, Quantity: dec("2.5")}}}}, "lines[0].splits[0].bid_id"},
		{"twice", []AwardLine{{LineID: 1, Splits: []AwardPart{{BidID: 1, Quantity: dec("2.5")}}}, {LineID: 1, Splits: []AwardPart{{BidID: 1, Quantity: dec("2.5")}}}}, "lines[1].line_id"},
		{"unknown line", []AwardLine{{LineID: 7, Splits: []AwardPart{{BidID: 1, Quantity: dec("1")}}}}, "lines[0].line_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Award{ValidFrom: NewDate(2027, 1, 1), Lines: tc.lines}
			if err := a.Validate(e, bids); !fields(err)[tc.field] {
				t.Errorf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
	for _, tc := range []struct {
		bid  ID
		want string
	}{{1, "partial"}, {2, "partial"}, {3, "lost"}} {
		if got := Outcome(ok.Lines, tc.bid); got != tc.want {
			t.Errorf("bid %d: %s, want %s", tc.bid, got, tc.want)
		}
	}
	whole := []AwardLine{{LineID: 1, Splits: []AwardPart{{BidID: 1}}}, {LineID: 2, Splits: []AwardPart{{BidID: 1}}}}
	if Outcome(whole, 1) != "won" || Outcome(whole, 2) != "lost" {
		t.Error("whole award")
	}
}

func TestAgreementSaving(t *testing.T) {
	for _, tc := range []struct {
		baseline, price, quantity, currency, want string
	}{
		{"15000000", "14200000", "2.5", "VND", "2000000 VND"},
		{"10.00", "10.50", "3", "USD", "-1.5 USD"}, // a price rise is a negative saving
		{"", "10", "3", "USD", ""},
		{"1000", "999", "0.333", "VND", "0 VND"},
	} {
		a := Agreement{UnitPrice: Money{Amount: dec(tc.price), Currency: tc.currency}, Quantity: dec(tc.quantity)}
		if tc.baseline != "" {
			a.BaselinePrice = Money{Amount: dec(tc.baseline), Currency: tc.currency}
		}
		a.ComputeSaving()
		if a.Saving.String() != tc.want {
			t.Errorf("%+v: saving %q, want %q", tc, a.Saving, tc.want)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	d := Document{Name: `C:\specs\bản vẽ.pdf`, ContentType: "application/pdf\x00", Content: []byte("x")}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Name != "bản vẽ.pdf" || d.ContentType != "application/octet-stream" || d.Size != 1 {
		t.Errorf("normalized %+v", d)
	}
	for _, tc := range []struct {
		d     Document
		field string
	}{
		{Document{Name: "a.pdf"}, "file"},
		{Document{Name: "a.pdf", Content: make([]byte, MaxDocumentSize+1)}, "file"},
		{Document{Name: "/", Content: []byte("x")}, "name"},
		{Document{Name: "a\x01.pdf", Content: []byte("x")}, "name"},
	} {
		if err := tc.d.Validate(); !fields(err)[tc.field] {
			t.Errorf("%q: %v, want an error on %s", tc.d.Name, err, tc.field)
		}
	}
}
