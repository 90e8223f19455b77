package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// demoAddr is the client address the demo's openings count sign-in
// failures against (there are none: it knows the password).
const demoAddr = "demo"

// seedSourcing runs sourcing the way a buying team would have over the last
// months: an awarded packaging RFQ with its agreements, a closed sealed
// steel RFQ that one manager of its two-person opening committee has opened
// and the other has yet to, an open compressor RFQ the demo supplier user
// is invited to and has not answered yet, a draft RFP, and negotiations
// (one agreed, one waiting for the supplier's answer).
func seedSourcing(ctx context.Context, svc mutual.Services, ps []*mutual.Partner, staff []*mutual.User, demoSupplier *mutual.User) error {
	var suppliers []*mutual.Partner
	for _, p := range ps[1:] {
		if oneOf(mutual.PartnerSupplier, p.Roles) && p.Status == "active" && len(suppliers) < 5 {
			suppliers = append(suppliers, p)
		}
	}
	if len(suppliers) < 4 {
		return fmt.Errorf("demo sourcing: %d active suppliers", len(suppliers))
	}
	// One sales user per supplier, so that they can bid.
	sales := map[mutual.ID]*mutual.User{ps[0].ID: demoSupplier}
	sys := mutual.NewContextWithUser(ctx, mutual.SystemUser)
	for i, p := range suppliers {
		u := &mutual.User{Email: fmt.Sprintf("sales%d@supplier%d.example", i+1, i+1), Name: "Sales " + p.Name, Role: mutual.RoleSupplier, PartnerID: p.ID, Locale: "vi"}
		if err := svc.Users.CreateUser(sys, u, Password); err != nil {
			return fmt.Errorf("demo supplier user: %w", err)
		}
		sales[p.ID] = u
	}
	mgr1, mgr2, buyer := staff[1], staff[2], staff[3]
	bctx := mutual.NewContextWithUser(ctx, buyer)
	m1, m2 := mutual.NewContextWithUser(ctx, mgr1), mutual.NewContextWithUser(ctx, mgr2)
	now := time.Now().UTC()
	validUntil := mutual.DateOf(now.AddDate(0, 3, 0), time.UTC)

	// bid submits supplier p's prices, one per line, a little apart.
	bid := func(e *mutual.Event, p *mutual.Partner, factor int64, lead int) error {
		b := &mutual.Bid{ValidUntil: validUntil, Comments: "Giá đã bao gồm vận chuyển đến kho Bình Dương."}
		for i, l := range e.Lines {
			base := l.BaselinePrice.Amount
			if base.IsZero() {
				base = mutual.NewDecimal(100000)
			}
			price := base.Mul(mutual.NewDecimal(factor + int64(i%3))).Div(mutual.NewDecimal(100)).Round(mutual.CurrencyDigits(e.Currency))
			b.Lines = append(b.Lines, mutual.BidLine{LineID: l.ID, UnitPrice: mutual.Money{Amount: price, Currency: e.Currency}, LeadTimeDays: lead + i})
		}
		for _, q := range e.Questions {
			switch q.Kind {
			case "yes_no":
				yes := factor%2 == 0
				b.Answers = append(b.Answers, mutual.Answer{QuestionID: q.ID, Yes: &yes})
			case "number":
				n := mutual.NewDecimal(12 + factor%12)
				b.Answers = append(b.Answers, mutual.Answer{QuestionID: q.ID, Number: &n})
			case "text":
				b.Answers = append(b.Answers, mutual.Answer{QuestionID: q.ID, Text: "Bảo hành tại chỗ trong 24 giờ."})
			}
		}
		return svc.Bids.SubmitBid(mutual.NewContextWithUser(ctx, sales[p.ID]), e.ID, b)
	}
	create := func(e *mutual.Event, invite []*mutual.Partner, publish bool) error {
		if err := svc.Events.CreateEvent(bctx, e); err != nil {
			return fmt.Errorf("demo event %s: %w", e.Title, err)
		}
		ids := make([]mutual.ID, len(invite))
		for i, p := range invite {
			ids[i] = p.ID
		}
		if len(ids) > 0 {
			if _, err := svc.Invitations.Invite(bctx, e.ID, ids); err != nil {
				return fmt.Errorf("demo invite: %w", err)
			}
		}
		if publish {
			got, err := svc.Events.PublishEvent(bctx, e.ID, 0)
			if err != nil {
				return fmt.Errorf("demo publish %s: %w", e.Title, err)
			}
			*e = *got
		}
		return nil
	}
	line := func(item, desc, qty, unit, baseline string) mutual.EventLine {
		q, _ := mutual.ParseDecimal(qty)
		b, _ := mutual.ParseDecimal(baseline)
		return mutual.EventLine{Item: item, Description: desc, Quantity: q, Unit: unit, BaselinePrice: mutual.Money{Amount: b}}
	}
	criteria := []mutual.Criterion{{Name: "price", Weight: 60}, {Name: "Chất lượng", Weight: 25}, {Name: "Giao hàng", Weight: 15}}
	questions := []mutual.Question{{Text: "Có chứng nhận ISO 9001 còn hiệu lực?", Kind: "yes_no", Required: true},
		{Text: "Thời gian bảo hành (tháng)", Kind: "number"}}

	// 1. Packaging: awarded, split between two suppliers, with agreements.
	pack := &mutual.Event{Kind: "rfq", Title: "Thùng carton 5 lớp năm 2027", Category: "Bao bì", Currency: "VND", Sealed: true,
		Description: "Thùng carton 5 lớp in 2 màu theo bản vẽ đính kèm; giao hàng hằng tháng.", ClosesAt: now.Add(24 * time.Hour),
		Lines: []mutual.EventLine{line("CTN-5L-60", "Thùng 60x40x40 cm", "20000", "thùng", "18500"), line("CTN-5L-40", "Thùng 40x30x30 cm", "35000", "thùng", "12000"),
			line("VN-TAPE", "Băng keo in logo", "2500", "cuộn", "21000")},
		Questions: questions, Criteria: criteria}
	packInvite := []*mutual.Partner{ps[0], suppliers[0], suppliers[1], suppliers[2]}
	if err := create(pack, packInvite, true); err != nil {
		return err
	}
	for i, p := range packInvite {
		if err := bid(pack, p, int64(90+3*i), 7+2*i); err != nil {
			return fmt.Errorf("demo bid: %w", err)
		}
	}
	if _, err := svc.Events.CloseEvent(bctx, pack.ID, 0); err != nil {
		return err
	}
	if _, err := svc.Events.UnsealEvent(m1, pack.ID, Password, demoAddr); err != nil {
		return err
	}
	bids, err := svc.Bids.FindBids(bctx, pack.ID)
	if err != nil {
		return err
	}
	byPartner := map[mutual.ID]*mutual.Bid{}
	var scores []mutual.Score
	for i, b := range bids {
		byPartner[b.PartnerID] = b
		for _, c := range pack.Criteria[1:] {
			scores = append(scores, mutual.Score{BidID: b.ID, CriterionID: c.ID, Score: 60 + (i*17)%40, Comment: "Mẫu thử đạt yêu cầu."})
		}
	}
	if _, err := svc.Bids.SetScores(bctx, pack.ID, scores); err != nil {
		return fmt.Errorf("demo scores: %w", err)
	}
	award := &mutual.Award{ValidFrom: mutual.DateOf(now, time.UTC), ValidTo: mutual.DateOf(now.AddDate(1, 0, 0), time.UTC), Note: "Chia sản lượng để giảm rủi ro nguồn cung.",
		Lines: []mutual.AwardLine{
			{LineID: pack.Lines[0].ID, Splits: []mutual.AwardPart{{BidID: byPartner[ps[0].ID].ID, Quantity: pack.Lines[0].Quantity}}},
			{LineID: pack.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: byPartner[ps[0].ID].ID, Quantity: mutual.NewDecimal(20000)}, {BidID: byPartner[suppliers[0].ID].ID, Quantity: mutual.NewDecimal(15000)}}},
			{LineID: pack.Lines[2].ID, Splits: []mutual.AwardPart{{BidID: byPartner[suppliers[0].ID].ID, Quantity: pack.Lines[2].Quantity}}},
		}}
	agreements, err := svc.Agreements.AwardEvent(bctx, pack.ID, award)
	if err != nil {
		return fmt.Errorf("demo award: %w", err)
	}

	// 2. Steel, in USD: closed, sealed, both managers of its opening
	// committee must open it; one has.
	steel := &mutual.Event{Kind: "rfq", Title: "Hot-rolled coil Q1 2027", Category: "Thép", Currency: "USD", Sealed: true, TwoPersonOpening: true,
		Committee: []mutual.ID{mgr1.ID, mgr2.ID},
		ClosesAt:  now.Add(24 * time.Hour), Criteria: []mutual.Criterion{{Name: "price", Weight: 70}, {Name: "Chất lượng", Weight: 30}},
		Lines: []mutual.EventLine{line("HRC-2.0", "SAE1006, 2.0 mm x 1250 mm", "250", "t", "585"), line("HRC-3.0", "SS400, 3.0 mm x 1500 mm", "400", "t", "570")}}
	steelInvite := []*mutual.Partner{suppliers[1], suppliers[2], suppliers[3]}
	if err := create(steel, steelInvite, true); err != nil {
		return err
	}
	for i, p := range steelInvite[:2] {
		if err := bid(steel, p, int64(94+4*i), 21+7*i); err != nil {
			return fmt.Errorf("demo bid: %w", err)
		}
	}
	if _, err := svc.Events.CloseEvent(bctx, steel.ID, 0); err != nil {
		return err
	}
	if _, err := svc.Events.UnsealEvent(m2, steel.ID, Password, demoAddr); err != nil {
		return err
	}

	// 3. Compressors: open for a week; the demo supplier has yet to bid.
	comp := &mutual.Event{Kind: "rfq", Title: "Máy nén khí trục vít cho xưởng 2", Category: "Thiết bị", Currency: "VND", Sealed: true,
		Description: "Máy nén khí trục vít 37 kW, kèm máy sấy khí và bình chứa 1.000 lít. Lắp đặt và chạy thử tại nhà máy Bình Dương.",
		ClosesAt:    now.Add(7 * 24 * time.Hour).Truncate(time.Hour),
		Lines: []mutual.EventLine{line("AC-37KW", "Máy nén khí trục vít 37 kW, 8 bar", "2", "bộ", "385000000"),
			line("DRY-6M3", "Máy sấy khí tác nhân lạnh 6 m³/phút", "2", "bộ", "64000000"), line("TANK-1000", "Bình chứa khí 1.000 lít", "2", "cái", "23500000"),
			line("INST", "Lắp đặt, chạy thử, đào tạo vận hành", "1", "gói", "45000000")},
		Questions: append(questions, mutual.Question{Text: "Phạm vi bảo trì định kỳ đề xuất", Kind: "text"}), Criteria: criteria}
	compInvite := []*mutual.Partner{ps[0], suppliers[0], suppliers[3]}
	if err := create(comp, compInvite, true); err != nil {
		return err
	}
	if err := bid(comp, suppliers[3], 97, 30); err != nil {
		return fmt.Errorf("demo bid: %w", err)
	}
	if err := svc.Clarifications.AddClarification(bctx, &mutual.Clarification{EventID: comp.ID,
		Text: "Điện áp tại xưởng 2 là 380 V / 3 pha / 50 Hz. Xin báo giá bao gồm tủ điện khởi động sao–tam giác."}); err != nil {
		return err
	}

	// 4. A draft RFP.
	logistics := &mutual.Event{Kind: "rfp", Title: "Dịch vụ vận chuyển nội địa 2027", Category: "Logistics", Currency: "VND", Sealed: true,
		ClosesAt:  now.Add(21 * 24 * time.Hour).Truncate(time.Hour),
		Lines:     []mutual.EventLine{line("FTL-HCM-HN", "Xe 15 tấn TP.HCM – Hà Nội", "120", "chuyến", "28500000"), line("FTL-HCM-DN", "Xe 15 tấn TP.HCM – Đà Nẵng", "80", "chuyến", "17800000")},
		Questions: []mutual.Question{{Text: "Số xe sở hữu", Kind: "number", Required: true}, {Text: "Phạm vi bảo hiểm hàng hóa", Kind: "choice", Choices: []string{"Toàn bộ", "Một phần", "Không"}}},
		Criteria:  []mutual.Criterion{{Name: "price", Weight: 50}, {Name: "Năng lực đội xe", Weight: 30}, {Name: "Tỷ lệ giao đúng hạn", Weight: 20}}}
	if err := create(logistics, []*mutual.Partner{suppliers[1], suppliers[3]}, false); err != nil {
		return err
	}

	// 5. Negotiations: a yearly review with the demo supplier, waiting for
	// its answer, and an agreed one from the packaging bids.
	var mine *mutual.Agreement
	for _, a := range agreements {
		if a.PartnerID == ps[0].ID && mine == nil {
			mine = a
		}
	}
	review := &mutual.Negotiation{PartnerID: ps[0].ID, Title: "Rà soát giá năm 2027 — " + mine.Item, Currency: "VND",
		ValidFrom: mutual.DateOf(now.AddDate(0, 1, 0), time.UTC),
		Lines:     []mutual.NegotiationLine{{Item: mine.Item, Description: mine.Description, Quantity: mine.Quantity, Unit: mine.Unit, AgreementID: mine.ID}}}
	if err := svc.Negotiations.CreateNegotiation(bctx, review); err != nil {
		return fmt.Errorf("demo negotiation: %w", err)
	}
	offer := func(c context.Context, n *mutual.Negotiation, pct int64, terms string) error {
		r := &mutual.Round{Terms: terms}
		for _, l := range n.Lines {
			p := l.BaselinePrice.Amount.Mul(mutual.NewDecimal(pct)).Div(mutual.NewDecimal(100)).Round(0)
			r.Lines = append(r.Lines, mutual.RoundLine{LineID: l.ID, UnitPrice: mutual.Money{Amount: p, Currency: n.Currency}, LeadTimeDays: 10})
		}
		_, err := svc.Negotiations.AddRound(c, n.ID, r)
		return err
	}
	supplierCtx := mutual.NewContextWithUser(ctx, demoSupplier)
	for _, step := range []struct {
		c     context.Context
		pct   int64
		terms string
	}{{bctx, 92, "Sản lượng tăng 20% năm tới; đề nghị giảm 8%."}, {supplierCtx, 98, "Giá giấy tăng; chúng tôi có thể giảm 2%."}, {bctx, 95, "Thanh toán 30 ngày thay vì 45 ngày."}} {
		if err := offer(step.c, review, step.pct, step.terms); err != nil {
			return fmt.Errorf("demo round: %w", err)
		}
	}
	var theirs *mutual.Agreement
	for _, a := range agreements {
		if a.PartnerID == suppliers[0].ID && theirs == nil {
			theirs = a
		}
	}
	neg := &mutual.Negotiation{PartnerID: suppliers[0].ID, Title: "Điều chỉnh giá " + theirs.Item, Currency: "VND", ValidFrom: theirs.ValidFrom,
		Lines: []mutual.NegotiationLine{{Item: theirs.Item, Description: theirs.Description, Quantity: theirs.Quantity, Unit: theirs.Unit, AgreementID: theirs.ID}}}
	if err := svc.Negotiations.CreateNegotiation(bctx, neg); err != nil {
		return fmt.Errorf("demo negotiation: %w", err)
	}
	sctx := mutual.NewContextWithUser(ctx, sales[suppliers[0].ID])
	if err := offer(bctx, neg, 93, "Volume commitment for two quarters."); err != nil {
		return err
	}
	if err := offer(sctx, neg, 96, "Best we can do at current billet prices."); err != nil {
		return err
	}
	if _, err := svc.Negotiations.CloseNegotiation(bctx, neg.ID, mutual.NegotiationClose{Agreed: true, Outcome: "Agreed at the supplier's second offer."}); err != nil {
		return fmt.Errorf("demo close negotiation: %w", err)
	}
	return nil
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
