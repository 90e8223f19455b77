package web

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// awardResult is an awarded event's award as its page shows it: per line
// who got what quantity at which price and what it saves, the totals, and
// the agreements the award wrote.
type awardResult struct {
	AwardedAt     string
	Lines         []awardResultLine
	Agreements    []*mutual.Agreement
	BaselineSpend string
	AwardedSpend  string
	Saving        string
	Awarded       int // lines awarded
}

// awardResultLine is one line of the event and what the award made of it.
type awardResultLine struct {
	Item        string
	Description string
	Quantity    string
	Baseline    string
	Parts       []awardResultPart // empty: not awarded
	Saving      string
}

// awardResultPart is the quantity of a line given to one bidder.
type awardResultPart struct {
	PartnerID   mutual.ID
	PartnerName string
	Quantity    string
	Price       string // the agreed unit price
	Negotiated  bool   // agreed in a negotiation with the bidder
}

// loadAwardResult reads the award of an awarded event and names the
// bidders from the tabulation's bids.
func (h *Handler) loadAwardResult(r *http.Request, p *awardPage, t *mutual.Tabulation) error {
	res, err := h.svc.Agreements.FindAward(r.Context(), t.Event.ID)
	if err != nil {
		return err
	}
	bids := make(map[mutual.ID]*mutual.Bid, len(t.Bids))
	for _, b := range t.Bids {
		bids[b.ID] = b
	}
	type key struct{ partner, line mutual.ID }
	agreed := make(map[key]*mutual.Agreement, len(res.Agreements))
	for _, a := range res.Agreements {
		agreed[key{a.PartnerID, a.LineID}] = a
	}
	awarded := make(map[mutual.ID]mutual.AwardLine, len(res.Lines))
	for _, l := range res.Lines {
		awarded[l.LineID] = l
	}
	currency := t.Event.Currency
	zero := func() mutual.Money { return mutual.Money{Amount: mutual.NewDecimal(0), Currency: currency} }
	base, spend := zero(), zero()
	v := &awardResult{AwardedAt: p.DateTime(res.AwardedAt), Agreements: res.Agreements, Saving: p.Money(res.Saving)}
	for _, row := range t.Rows {
		el := row.Line
		l := awardResultLine{Item: el.Item, Description: el.Description, Quantity: p.Decimal(el.Quantity) + " " + el.Unit, Baseline: p.Money(el.BaselinePrice)}
		lineSaving, saved := zero(), false
		for _, part := range awarded[el.ID].Splits {
			b := bids[part.BidID]
			if b == nil {
				continue
			}
			rp := awardResultPart{PartnerID: b.PartnerID, PartnerName: b.PartnerName, Quantity: p.Decimal(part.Quantity) + " " + el.Unit}
			if a := agreed[key{b.PartnerID, el.ID}]; a != nil {
				rp.Price, rp.Negotiated = p.Money(a.UnitPrice), a.NegotiationID != 0
				agreedSpend := a.UnitPrice.Amount.Mul(part.Quantity)
				spend.Amount = spend.Amount.Add(agreedSpend)
				if a.BaselinePrice.IsZero() {
					base.Amount = base.Amount.Add(agreedSpend)
				} else {
					base.Amount = base.Amount.Add(a.BaselinePrice.Amount.Mul(part.Quantity))
				}
				if !a.Saving.IsZero() {
					lineSaving.Amount, saved = lineSaving.Amount.Add(a.Saving.Amount), true
				}
			}
			l.Parts = append(l.Parts, rp)
		}
		if len(l.Parts) > 0 {
			v.Awarded++
		}
		if saved {
			l.Saving = p.Money(lineSaving)
		}
		v.Lines = append(v.Lines, l)
	}
	v.BaselineSpend, v.AwardedSpend = p.Money(base), p.Money(spend)
	p.Result = v
	return nil
}
