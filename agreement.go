package mutual

import (
	"context"
	"strings"
	"time"
)

// Award outcomes as the bidder sees them.
var AwardOutcomes = []string{"won", "partial", "lost"}

// Award gives each awarded line of an event to one bid or splits its
// quantity over several. Lines left out are not awarded.
type Award struct {
	Lines     []AwardLine `json:"lines"`
	ValidFrom Date        `json:"valid_from"` // of the agreed prices
	ValidTo   Date        `json:"valid_to"`
	Note      string      `json:"note"`
}

// AwardLine is how one line's quantity goes to bids.
type AwardLine struct {
	LineID ID          `json:"line_id"`
	Splits []AwardPart `json:"splits"`
}

// AwardPart is the quantity of a line given to one bid.
type AwardPart struct {
	BidID    ID      `json:"bid_id"`
	Quantity Decimal `json:"quantity"`
}

// Validate checks the award against the event and its live bids: each
// awarded line's parts sum to the line's quantity, every bid quotes the
// line it is given.
func (a *Award) Validate(e *Event, bids []*Bid) error {
	var p Problems
	a.Note = strings.TrimSpace(a.Note)
	optionalText(&p, "note", a.Note, 2000, true)
	if a.ValidFrom.IsZero() {
		p.Add("valid_from", "required", "Say from when the agreed prices apply.")
	}
	if !a.ValidTo.IsZero() && !a.ValidFrom.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		p.Add("valid_to", "after_from", "The end must not be before the start.")
	}
	if len(a.Lines) == 0 {
		p.Add("lines", "required", "Award at least one line.")
	}
	lines := make(map[ID]*EventLine, len(e.Lines))
	for i := range e.Lines {
		lines[e.Lines[i].ID] = &e.Lines[i]
	}
	quotes := map[ID]map[ID]bool{} // bid -> lines it quotes
	for _, b := range bids {
		if b.Status != "submitted" {
			continue
		}
		quotes[b.ID] = make(map[ID]bool, len(b.Lines))
		for _, l := range b.Lines {
			quotes[b.ID][l.LineID] = true
		}
	}
	seen := map[ID]bool{}
	for i, al := range a.Lines {
		at := "lines[" + itoa(i) + "]"
		el, ok := lines[al.LineID]
		if !ok {
			p.Add(at+".line_id", "unknown", "No such line in this event.")
			continue
		}
		if seen[al.LineID] {
			p.Add(at+".line_id", "duplicate", "Each line is awarded once.")
			continue
		}
		seen[al.LineID] = true
		if len(al.Splits) == 0 {
			p.Add(at+".splits", "required", "Give the line to at least one bid.")
			continue
		}
		sum := Decimal{}
		bidSeen := map[ID]bool{}
		for j, part := range al.Splits {
			pat := at + ".splits[" + itoa(j) + "]"
			q, live := quotes[part.BidID]
			switch {
			case !live:
				p.Add(pat+".bid_id", "unknown", "No such live bid on this event.")
			case !q[al.LineID]:
				p.Add(pat+".bid_id", "not_quoted", "This bid does not quote the line.")
			case bidSeen[part.BidID]:
				p.Add(pat+".bid_id", "duplicate", "Each bid appears once per line.")
			}
			bidSeen[part.BidID] = true
			checkQuantity(&p, pat+".quantity", part.Quantity)
			sum = sum.Add(part.Quantity)
		}
		if !sum.Equal(el.Quantity) && !p.Has(at+".splits[0].quantity") {
			p.Add(at+".splits", "quantity_sum", "The parts must add up to the line's quantity ("+el.Quantity.String()+" "+el.Unit+").")
		}
	}
	return p.Err()
}

// Agreement is an agreed price with a partner for an item, from an awarded
// event or a closed negotiation, with the saving it brings.
type Agreement struct {
	ID          ID      `json:"id"`
	PartnerID   ID      `json:"partner_id"`
	PartnerName string  `json:"partner_name"`
	Item        string  `json:"item"`
	Description string  `json:"description"`
	Category    string  `json:"category"`
	Unit        string  `json:"unit"`
	Quantity    Decimal `json:"quantity"`
	UnitPrice   Money   `json:"unit_price"`
	// BaselinePrice is what was paid before, per unit; zero when unknown.
	BaselinePrice Money `json:"baseline_price"`
	// Saving is (baseline - agreed) x quantity; BaseSaving in the base
	// currency, unset when there is no rate.
	Saving        Money `json:"saving"`
	BaseSaving    Money `json:"base_saving"`
	ValidFrom     Date  `json:"valid_from"`
	ValidTo       Date  `json:"valid_to"` // zero: open-ended
	EventID       ID    `json:"event_id"`
	LineID        ID    `json:"line_id"`
	NegotiationID ID    `json:"negotiation_id"`
	BuyerID       ID    `json:"buyer_id"` // who awarded or negotiated
	// Status is active, superseded (by a later agreement, e.g. a price
	// review) or withdrawn (negotiated with a bidder whose line was then
	// awarded to another; it never took effect and saved nothing).
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// ComputeSaving sets Saving from the baseline, price and quantity.
func (a *Agreement) ComputeSaving() { a.Saving = Saving(a.BaselinePrice, a.UnitPrice, a.Quantity) }

// Saving is the one savings arithmetic: what buying qty at the agreed
// price saves against the baseline price, (baseline − agreed) × qty, in
// the agreed price's currency rounded to its digits. Without a baseline
// nothing is saved: the zero Money. Totals pass their spends and qty 1.
func Saving(baseline, agreed Money, qty Decimal) Money {
	if baseline.IsZero() {
		return Money{}
	}
	return Money{Amount: baseline.Amount.Sub(agreed.Amount).Mul(qty).Round(CurrencyDigits(agreed.Currency)), Currency: agreed.Currency}
}

// ConvertSaving converts a saving into currency base at rate (base per
// unit of the saving's currency), rounded to base's digits; no saving
// (the zero Money) stays none.
func ConvertSaving(saving Money, rate Decimal, base string) Money {
	if saving.IsZero() {
		return Money{}
	}
	return Money{Amount: saving.Amount.Mul(rate).Round(CurrencyDigits(base)), Currency: base}
}

// SavingPercent is a saving's share of the baseline spend, in percent to
// two places; zero without a baseline spend.
func SavingPercent(saving, baselineSpend Money) Decimal {
	if !baselineSpend.Amount.IsPositive() {
		return NewDecimal(0)
	}
	return saving.Amount.Mul(NewDecimal(100)).DivRound(baselineSpend.Amount, 2)
}

// AgreementStatuses are the statuses of an agreement (see Agreement.Status).
var AgreementStatuses = []string{"active", "superseded", "withdrawn"}

// AgreementFilter selects agreements, newest first.
type AgreementFilter struct {
	PartnerID ID
	EventID   ID
	// NegotiationID selects the agreements a negotiation wrote.
	NegotiationID ID
	Item          string
	Status        string // one of AgreementStatuses, or "" for any
	Active        bool   // valid today and not superseded
	Cursor        string
	Limit         int
}

// AgreementService reads agreed prices. Supplier users read their own
// partner's.
type AgreementService interface {
	FindAgreementByID(ctx context.Context, id ID) (*Agreement, error)
	FindAgreements(ctx context.Context, f AgreementFilter) ([]*Agreement, string, error)
	// AwardEvent awards an opened, closed event and writes its agreements.
	AwardEvent(ctx context.Context, eventID ID, a *Award) ([]*Agreement, error)
	// FindAward returns the award of an event: internal users see all of
	// it; a supplier user only its own lines and outcome.
	FindAward(ctx context.Context, eventID ID) (*AwardResult, error)
}

// AwardResult is an awarded event's result.
type AwardResult struct {
	EventID    ID           `json:"event_id"`
	AwardedAt  time.Time    `json:"awarded_at"`
	Lines      []AwardLine  `json:"lines"`
	Agreements []*Agreement `json:"agreements"`
	Outcome    string       `json:"outcome,omitempty"` // supplier users: won, partial, lost
	Saving     Money        `json:"saving"`            // total, event currency
}

// Outcome says how a bidder fared: won when it received every awarded
// line's whole quantity, partial when some, lost when none.
func Outcome(award []AwardLine, bidID ID) string {
	got, all := 0, true
	for _, l := range award {
		whole := len(l.Splits) == 1 && l.Splits[0].BidID == bidID
		some := false
		for _, s := range l.Splits {
			some = some || s.BidID == bidID
		}
		if some {
			got++
		}
		all = all && whole
	}
	switch {
	case got == 0:
		return "lost"
	case all:
		return "won"
	default:
		return "partial"
	}
}
