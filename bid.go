package mutual

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Bid is a supplier's answer to an event. There is one live bid per
// supplier per event; each submission is a new revision that replaces the
// previous one, which is kept for the audit trail.
type Bid struct {
	ID          ID        `json:"id"`
	EventID     ID        `json:"event_id"`
	PartnerID   ID        `json:"partner_id"`
	PartnerName string    `json:"partner_name"`
	Revision    int       `json:"revision"`
	Status      BidStatus `json:"status"` // submitted, withdrawn
	Lines       []BidLine `json:"lines"`
	Answers     []Answer  `json:"answers"`
	Comments    string    `json:"comments"`
	ValidUntil  Date      `json:"valid_until"`
	SubmittedBy ID        `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
	// Total is the sum of unit price x quantity over the quoted lines.
	Total Money `json:"total"`
	// Seal lets a reader check a revision against the audit log: set on
	// the revisions of a bid, for its supplier and, once the bids are
	// open, for the buying side.
	Seal *BidSeal `json:"seal,omitempty"`
}

// The digests a bid revision's seal may hold.
const (
	// SealHMACSHA256 is HMAC-SHA256 of the revision's document keyed with
	// the revision's random salt (its 32 bytes, hex-decoded): the digest
	// the audit log keeps, which cannot be tried against guessed prices
	// without the salt.
	SealHMACSHA256 = "hmac-sha256"
	// SealSHA256 is the plain SHA-256 of the document, without a salt:
	// revisions submitted before salts kept it, and so do their audit
	// records.
	SealSHA256 = "sha256"
)

// BidSeal is what proves a bid revision unchanged since it was submitted:
// Digest is what the audit record of the submission holds, and anyone can
// recompute it from Document (the exact bytes digested) and Salt. The
// salt, and so the seal, stays with the supplier until the bids are
// opened: before then nothing derived from a bid reaches the buying side.
type BidSeal struct {
	Algorithm string `json:"algorithm"`      // SealHMACSHA256, or SealSHA256 for old revisions
	Salt      string `json:"salt,omitempty"` // hex; the HMAC key
	Digest    string `json:"digest"`         // hex
	Document  string `json:"document"`
}

// BidLine is a price for one event line.
type BidLine struct {
	LineID       ID     `json:"line_id"`
	UnitPrice    Money  `json:"unit_price"`
	LeadTimeDays int    `json:"lead_time_days"`
	Note         string `json:"note"`
}

// Answer answers one question: the field that matches its kind is set.
type Answer struct {
	QuestionID ID       `json:"question_id"`
	Text       string   `json:"text,omitempty"`   // text, choice
	Yes        *bool    `json:"yes,omitempty"`    // yes_no
	Number     *Decimal `json:"number,omitempty"` // number
	DocumentID ID       `json:"document_id,omitempty"`
}

// Validate checks b against its event: lines and questions that exist,
// prices in the event's currency, answers of the right kind, required
// questions answered. It sets Total.
func (b *Bid) Validate(e *Event, today Date) error {
	var p Problems
	b.Comments = strings.TrimSpace(b.Comments)
	optionalText(&p, "comments", b.Comments, 5000, true)
	if b.ValidUntil.IsZero() {
		p.Add("valid_until", "required", "Say until when the bid is valid.")
	} else if b.ValidUntil.Before(today) {
		p.Add("valid_until", "future", "The bid must be valid at least until today.")
	} else if b.ValidUntil.Year() > 2200 {
		p.Add("valid_until", "range", "The date is out of range.")
	}
	lines := make(map[ID]*EventLine, len(e.Lines))
	position := make(map[ID]int, len(e.Lines))
	for i := range e.Lines {
		lines[e.Lines[i].ID] = &e.Lines[i]
		position[e.Lines[i].ID] = i
	}
	if e.Kind != "rfi" && len(b.Lines) == 0 {
		p.Add("lines", "required", "Quote a price for at least one line.")
	}
	seen := make(map[ID]bool, len(b.Lines))
	total := Decimal{}
	for i := range b.Lines {
		l := &b.Lines[i]
		at := "lines[" + itoa(i) + "]"
		el, ok := lines[l.LineID]
		switch {
		case !ok:
			p.Add(at+".line_id", "unknown", "No such line in this event.")
		case seen[l.LineID]:
			p.Add(at+".line_id", "duplicate", "Each line is quoted once.")
		}
		seen[l.LineID] = true
		checkPrice(&p, at+".unit_price", &l.UnitPrice, e.Currency, true)
		if l.LeadTimeDays < 0 || l.LeadTimeDays > 3650 {
			p.Add(at+".lead_time_days", "range", "Lead time is 0 to 3,650 days.")
		}
		l.Note = strings.TrimSpace(l.Note)
		optionalText(&p, at+".note", l.Note, 1000, false)
		if ok && !p.Has(at+".unit_price.amount") && !p.Has(at+".unit_price.currency") {
			total = total.Add(l.UnitPrice.Amount.Mul(el.Quantity))
		}
	}
	// In the event's order of lines (IDs are random, and say no order).
	sort.SliceStable(b.Lines, func(i, j int) bool { return position[b.Lines[i].LineID] < position[b.Lines[j].LineID] })
	questions := make(map[ID]*Question, len(e.Questions))
	for i := range e.Questions {
		questions[e.Questions[i].ID] = &e.Questions[i]
	}
	answered := map[ID]bool{}
	kept := b.Answers[:0]
	for i, a := range b.Answers {
		at := "answers[" + itoa(i) + "]"
		q, ok := questions[a.QuestionID]
		if !ok {
			p.Add(at+".question_id", "unknown", "No such question in this event.")
			continue
		}
		if answered[a.QuestionID] {
			p.Add(at+".question_id", "duplicate", "Each question is answered once.")
			continue
		}
		a.Text = strings.TrimSpace(a.Text)
		var empty bool
		switch q.Kind {
		case "text":
			optionalText(&p, at+".text", a.Text, 5000, true)
			a.Yes, a.Number, a.DocumentID = nil, nil, 0
			empty = a.Text == ""
		case "choice":
			if a.Text != "" && !oneOf(a.Text, q.Choices) {
				p.Add(at+".text", "enum", "Choose one of: "+strings.Join(q.Choices, ", ")+".")
			}
			a.Yes, a.Number, a.DocumentID = nil, nil, 0
			empty = a.Text == ""
		case "yes_no":
			a.Text, a.Number, a.DocumentID = "", nil, 0
			empty = a.Yes == nil
		case "number":
			if a.Number != nil && (a.Number.Abs().Cmp(maxAmount) >= 0 || !a.Number.Equal(a.Number.Truncate(6))) {
				p.Add(at+".number", "range", "The number is too large or has more than 6 decimals.")
			}
			a.Text, a.Yes, a.DocumentID = "", nil, 0
			empty = a.Number == nil
		case "file":
			a.Text, a.Yes, a.Number = "", nil, nil
			empty = a.DocumentID == 0
		}
		if empty {
			continue
		}
		answered[a.QuestionID] = true
		kept = append(kept, a)
	}
	b.Answers = kept
	for i, q := range e.Questions {
		if q.Required && !answered[q.ID] {
			p.Add("answers", "required", "Question "+itoa(i+1)+" must be answered.")
			break
		}
	}
	b.Total = Money{Amount: total, Currency: e.Currency}
	return p.Err()
}

// Score is one evaluator's score of one bid on one non-price criterion.
type Score struct {
	BidID       ID        `json:"bid_id"`
	CriterionID ID        `json:"criterion_id"`
	EvaluatorID ID        `json:"evaluator_id"`
	Score       int       `json:"score"` // 0..100
	Comment     string    `json:"comment"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks the score's own fields.
func (s *Score) Validate(at string, p *Problems) {
	if s.Score < 0 || s.Score > 100 {
		p.Add(at+".score", "range", "A score is a whole number from 0 to 100.")
	}
	s.Comment = strings.TrimSpace(s.Comment)
	optionalText(p, at+".comment", s.Comment, 2000, true)
}

// Evaluation is the computed evaluation of a bid.
type Evaluation struct {
	BidID       ID     `json:"bid_id"`
	PartnerID   ID     `json:"partner_id"`
	PartnerName string `json:"partner_name"`
	// EvaluatedTotal prices every line: the bid's own prices, and for lines
	// it does not quote the highest price any bid quotes for them.
	EvaluatedTotal Money `json:"evaluated_total"`
	Complete       bool  `json:"complete"` // quotes every line
	// PriceScore is lowest evaluated total / this total x 100, two decimals.
	PriceScore Decimal `json:"price_score"`
	// ByEvaluator is each evaluator's weighted total, when they scored every
	// non-price criterion of this bid.
	ByEvaluator []EvaluatorTotal `json:"by_evaluator"`
	// CriterionScores are the averages per criterion over evaluators.
	CriterionScores []CriterionScore `json:"criterion_scores"`
	// Total is the weighted total of the averaged criterion scores, 0..100.
	Total Decimal `json:"total"`
	Rank  int     `json:"rank"`
}

// EvaluatorTotal is one evaluator's weighted total for a bid.
type EvaluatorTotal struct {
	EvaluatorID ID      `json:"evaluator_id"`
	Total       Decimal `json:"total"`
}

// CriterionScore is the average score of a criterion for a bid.
type CriterionScore struct {
	CriterionID ID      `json:"criterion_id"`
	Name        string  `json:"name"`
	Weight      int     `json:"weight"`
	Score       Decimal `json:"score"`
	Scored      int     `json:"scored"` // how many evaluators scored it (price: 0)
}

var hundred = NewDecimal(100)

// NewDecimal returns n as a Decimal.
func NewDecimal(n int64) Decimal { return decimal.NewFromInt(n) }

// Evaluate computes the price scores, weighted totals and ranks of an
// event's live bids in one pass. Withdrawn bids are left out.
func Evaluate(e *Event, bids []*Bid, scores []Score) []Evaluation {
	live := make([]*Bid, 0, len(bids))
	for _, b := range bids {
		if b.Status == BidSubmitted {
			live = append(live, b)
		}
	}
	// The highest price per line, for the lines a bid does not quote.
	highest := make(map[ID]Decimal, len(e.Lines))
	for _, b := range live {
		for _, l := range b.Lines {
			if h, ok := highest[l.LineID]; !ok || l.UnitPrice.Amount.GreaterThan(h) {
				highest[l.LineID] = l.UnitPrice.Amount
			}
		}
	}
	out := make([]Evaluation, len(live))
	var lowest Decimal
	for i, b := range live {
		quoted := make(map[ID]Decimal, len(b.Lines))
		for _, l := range b.Lines {
			quoted[l.LineID] = l.UnitPrice.Amount
		}
		total, complete := Decimal{}, true
		for _, l := range e.Lines {
			price, ok := quoted[l.ID]
			if !ok {
				complete = false
				price = highest[l.ID]
			}
			total = total.Add(price.Mul(l.Quantity))
		}
		out[i] = Evaluation{BidID: b.ID, PartnerID: b.PartnerID, PartnerName: b.PartnerName,
			EvaluatedTotal: Money{Amount: total, Currency: e.Currency}, Complete: complete,
			ByEvaluator: []EvaluatorTotal{}, CriterionScores: []CriterionScore{}}
		if i == 0 || total.LessThan(lowest) {
			lowest = total
		}
	}
	// Scores per bid, criterion and evaluator.
	type key struct{ bid, crit ID }
	byKey := map[key][]Score{}
	evaluators := map[ID]bool{}
	for _, s := range scores {
		byKey[key{s.BidID, s.CriterionID}] = append(byKey[key{s.BidID, s.CriterionID}], s)
		evaluators[s.EvaluatorID] = true
	}
	evalIDs := make([]ID, 0, len(evaluators))
	for id := range evaluators {
		evalIDs = append(evalIDs, id)
	}
	sort.Slice(evalIDs, func(i, j int) bool { return evalIDs[i] < evalIDs[j] })
	for i := range out {
		ev := &out[i]
		switch {
		case ev.EvaluatedTotal.Amount.IsZero() && lowest.IsZero():
			ev.PriceScore = hundred
		case ev.EvaluatedTotal.Amount.IsZero():
			ev.PriceScore = hundred
		default:
			ev.PriceScore = lowest.Mul(hundred).DivRound(ev.EvaluatedTotal.Amount, 2)
		}
		total := Decimal{}
		perEvaluator := map[ID]Decimal{}
		complete := map[ID]bool{}
		for _, id := range evalIDs {
			complete[id] = true
		}
		for _, c := range e.Criteria {
			cs := CriterionScore{CriterionID: c.ID, Name: c.Name, Weight: c.Weight}
			w := NewDecimal(int64(c.Weight))
			if c.IsPrice() {
				cs.Score = ev.PriceScore
				for _, id := range evalIDs {
					perEvaluator[id] = perEvaluator[id].Add(ev.PriceScore.Mul(w))
				}
			} else {
				got := byKey[key{ev.BidID, c.ID}]
				sum := Decimal{}
				scored := map[ID]bool{}
				for _, s := range got {
					v := NewDecimal(int64(s.Score))
					sum = sum.Add(v)
					perEvaluator[s.EvaluatorID] = perEvaluator[s.EvaluatorID].Add(v.Mul(w))
					scored[s.EvaluatorID] = true
				}
				for _, id := range evalIDs {
					if !scored[id] {
						complete[id] = false
					}
				}
				cs.Scored = len(got)
				if len(got) > 0 {
					cs.Score = sum.DivRound(NewDecimal(int64(len(got))), 2)
				}
			}
			total = total.Add(cs.Score.Mul(w))
			ev.CriterionScores = append(ev.CriterionScores, cs)
		}
		ev.Total = total.DivRound(hundred, 2)
		for _, id := range evalIDs {
			if complete[id] {
				ev.ByEvaluator = append(ev.ByEvaluator, EvaluatorTotal{EvaluatorID: id, Total: perEvaluator[id].DivRound(hundred, 2)})
			}
		}
	}
	// Rank: highest total first; ties by lower evaluated total, then
	// supplier name (bid IDs are random, and say nothing of who bid first).
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := &out[order[a]], &out[order[b]]
		if c := x.Total.Cmp(y.Total); c != 0 {
			return c > 0
		}
		if c := x.EvaluatedTotal.Amount.Cmp(y.EvaluatedTotal.Amount); c != 0 {
			return c < 0
		}
		if x.PartnerName != y.PartnerName {
			return x.PartnerName < y.PartnerName
		}
		return x.BidID < y.BidID
	})
	ranked := make([]Evaluation, len(out))
	for r, i := range order {
		out[i].Rank = r + 1
		ranked[r] = out[i]
	}
	return ranked
}

// Tabulation sets the bids of an event side by side: one row per line,
// one column per live bid.
type Tabulation struct {
	Event       *Event       `json:"event"`
	Bids        []*Bid       `json:"bids"`
	Evaluations []Evaluation `json:"evaluations"`
	Rows        []TabRow     `json:"rows"`
}

// TabRow is one line across the bids, in the order of Tabulation.Bids.
type TabRow struct {
	Line   EventLine `json:"line"`
	Cells  []TabCell `json:"cells"`
	Lowest Money     `json:"lowest"` // the lowest unit price quoted
}

// TabCell is one bid's quote for a line; Quoted false when it has none.
type TabCell struct {
	Quoted       bool  `json:"quoted"`
	UnitPrice    Money `json:"unit_price"`
	Extended     Money `json:"extended"` // unit price x quantity
	LeadTimeDays int   `json:"lead_time_days"`
	Lowest       bool  `json:"lowest"`
}

// Tabulate builds the tabulation of an event's live bids.
func Tabulate(e *Event, bids []*Bid, scores []Score) *Tabulation {
	t := &Tabulation{Event: e, Bids: []*Bid{}}
	for _, b := range bids {
		if b.Status == BidSubmitted {
			t.Bids = append(t.Bids, b)
		}
	}
	t.Evaluations = Evaluate(e, t.Bids, scores)
	index := make(map[ID]int, len(e.Lines))
	t.Rows = make([]TabRow, len(e.Lines))
	for i, l := range e.Lines {
		index[l.ID] = i
		t.Rows[i] = TabRow{Line: l, Cells: make([]TabCell, len(t.Bids))}
	}
	for j, b := range t.Bids {
		for _, bl := range b.Lines {
			i, ok := index[bl.LineID]
			if !ok {
				continue
			}
			row := &t.Rows[i]
			row.Cells[j] = TabCell{Quoted: true, UnitPrice: bl.UnitPrice, LeadTimeDays: bl.LeadTimeDays,
				Extended: Money{Amount: bl.UnitPrice.Amount.Mul(row.Line.Quantity), Currency: e.Currency}}
			if row.Lowest.IsZero() || bl.UnitPrice.Amount.LessThan(row.Lowest.Amount) {
				row.Lowest = bl.UnitPrice
			}
		}
	}
	for i := range t.Rows {
		row := &t.Rows[i]
		for j := range row.Cells {
			c := &row.Cells[j]
			c.Lowest = c.Quoted && c.UnitPrice.Amount.Equal(row.Lowest.Amount)
		}
	}
	return t
}

// BidService keeps bids. Supplier users submit, revise and withdraw their
// own partner's bid (the partner is always the signed-in user's) and read
// only it; the buying side sees who submitted before the bids are opened
// and what only after.
type BidService interface {
	// SubmitBid stores a new revision of the caller's partner's bid.
	// ECONFLICT when the event does not accept bids now.
	SubmitBid(ctx context.Context, eventID ID, b *Bid) error
	WithdrawBid(ctx context.Context, eventID ID) (*Bid, error)
	// FindMyBid returns the caller's partner's live bid (suppliers).
	FindMyBid(ctx context.Context, eventID ID) (*Bid, error)
	// FindBids returns the bids of an event (buying side, once visible).
	// ECONFLICT with reason bids_sealed while sealed.
	FindBids(ctx context.Context, eventID ID) ([]*Bid, error)
	FindBidRevisions(ctx context.Context, eventID, partnerID ID) ([]*Bid, error)
	AddBidAttachment(ctx context.Context, d *Document) error

	FindScores(ctx context.Context, eventID ID) ([]Score, error)
	// SetScores replaces the caller's scores of the given bids and criteria.
	SetScores(ctx context.Context, eventID ID, scores []Score) ([]Score, error)
	Tabulate(ctx context.Context, eventID ID) (*Tabulation, error)
}
