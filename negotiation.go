package mutual

import (
	"context"
	"strings"
	"time"
)

// Negotiation statuses and round sides, as strings in display order.
var (
	NegotiationStatuses = []string{string(NegotiationOpen), string(NegotiationAgreed), string(NegotiationFailed), string(NegotiationCancelled)}
	RoundSides          = []string{string(SideOurs), string(SideTheirs)}
)

// Negotiation is price negotiation with one partner in rounds of offer and
// counter-offer, started from an event's bids or on existing agreements.
type Negotiation struct {
	ID          ID                `json:"id"`
	PartnerID   ID                `json:"partner_id"`
	PartnerName string            `json:"partner_name"`
	Title       string            `json:"title"`
	Currency    string            `json:"currency"`
	EventID     ID                `json:"event_id"` // when started from an event
	Status      string            `json:"status"`   // open, agreed, failed, cancelled
	Lines       []NegotiationLine `json:"lines"`
	Rounds      []Round           `json:"rounds"`
	// ValidFrom and ValidTo apply to the agreed prices.
	ValidFrom Date      `json:"valid_from"`
	ValidTo   Date      `json:"valid_to"`
	Outcome   string    `json:"outcome"` // why it closed; never shown to supplier users (a supplier accepting may write one to us)
	CreatedBy ID        `json:"created_by"`
	ClosedAt  time.Time `json:"closed_at"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// LastSide and LastOfferAt describe the latest round, also on lists:
	// whose turn it is.
	LastSide    string    `json:"last_side"`
	LastOfferAt time.Time `json:"last_offer_at"`
	// Saving totals the lines' savings at the agreed prices, once agreed.
	Saving     Money `json:"saving"`
	BaseSaving Money `json:"base_saving"`
}

// NegotiationLine is one item under negotiation.
type NegotiationLine struct {
	ID            ID      `json:"id"`
	Item          string  `json:"item"`
	Description   string  `json:"description"`
	Quantity      Decimal `json:"quantity"`
	Unit          string  `json:"unit"`
	BaselinePrice Money   `json:"baseline_price"`
	AgreementID   ID      `json:"agreement_id"`  // the agreement under review
	EventLineID   ID      `json:"event_line_id"` // the event line it came from
}

// Round is one side's offer on every line.
type Round struct {
	ID        ID          `json:"id"`
	Number    int         `json:"number"`
	Side      string      `json:"side"` // ours or theirs
	Lines     []RoundLine `json:"lines"`
	Terms     string      `json:"terms"`
	CreatedBy ID          `json:"created_by"`
	CreatedAt time.Time   `json:"created_at"`
}

// RoundLine is the offer on one line.
type RoundLine struct {
	LineID       ID    `json:"line_id"`
	UnitPrice    Money `json:"unit_price"`
	LeadTimeDays int   `json:"lead_time_days"`
}

// Validate normalizes and checks a new negotiation's own fields.
func (n *Negotiation) Validate() error {
	var p Problems
	n.Title = strings.TrimSpace(n.Title)
	n.Currency = strings.ToUpper(strings.TrimSpace(n.Currency))
	requiredText(&p, "title", n.Title, 300, false)
	if !IsCurrency(n.Currency) {
		p.Add("currency", "currency", "Unknown currency code (ISO 4217, such as VND or USD).")
	}
	if n.PartnerID == 0 {
		p.Add("partner_id", "required", "Choose the partner.")
	}
	if len(n.Lines) == 0 {
		p.Add("lines", "required", "Negotiate at least one line.")
	} else if len(n.Lines) > MaxEventLines {
		p.Add("lines", "too_many", "At most 1,000 lines.")
	}
	for i := range n.Lines {
		l := &n.Lines[i]
		at := "lines[" + itoa(i) + "]"
		l.Item, l.Description, l.Unit = strings.TrimSpace(l.Item), strings.TrimSpace(l.Description), strings.TrimSpace(l.Unit)
		requiredText(&p, at+".item", l.Item, 200, false)
		optionalText(&p, at+".description", l.Description, 2000, true)
		requiredText(&p, at+".unit", l.Unit, 30, false)
		checkQuantity(&p, at+".quantity", l.Quantity)
		checkPrice(&p, at+".baseline_price", &l.BaselinePrice, n.Currency, false)
	}
	if !n.ValidTo.IsZero() && !n.ValidFrom.IsZero() && n.ValidTo.Before(n.ValidFrom) {
		p.Add("valid_to", "after_from", "The end must not be before the start.")
	}
	return p.Err()
}

// ValidateRound checks a round against the negotiation: an open one, a
// price for every line, sides taking turns.
func (n *Negotiation) ValidateRound(r *Round) error {
	var p Problems
	r.Terms = strings.TrimSpace(r.Terms)
	optionalText(&p, "terms", r.Terms, 5000, true)
	if !oneOf(r.Side, RoundSides) {
		p.Add("side", "enum", "Side must be ours or theirs.")
	}
	lines := make(map[ID]bool, len(n.Lines))
	for _, l := range n.Lines {
		lines[l.ID] = true
	}
	seen := map[ID]bool{}
	for i := range r.Lines {
		l := &r.Lines[i]
		at := "lines[" + itoa(i) + "]"
		if !lines[l.LineID] {
			p.Add(at+".line_id", "unknown", "No such line in this negotiation.")
		} else if seen[l.LineID] {
			p.Add(at+".line_id", "duplicate", "Each line is offered once.")
		}
		seen[l.LineID] = true
		checkPrice(&p, at+".unit_price", &l.UnitPrice, n.Currency, true)
		if l.LeadTimeDays < 0 || l.LeadTimeDays > 3650 {
			p.Add(at+".lead_time_days", "range", "Lead time is 0 to 3,650 days.")
		}
	}
	if len(seen) != len(lines) && !p.Has("lines") {
		p.Add("lines", "every_line", "Offer a price for every line.")
	}
	return p.Err()
}

// LastRound returns the latest round, or nil.
func (n *Negotiation) LastRound() *Round {
	if len(n.Rounds) == 0 {
		return nil
	}
	return &n.Rounds[len(n.Rounds)-1]
}

// NegotiationFilter selects negotiations, newest first.
type NegotiationFilter struct {
	PartnerID ID
	EventID   ID // those opened from this event's bids
	Status    string
	Cursor    string
	Limit     int
}

// NegotiationClose ends an open negotiation: agreed on the last round's
// prices, or failed.
type NegotiationClose struct {
	Agreed  bool
	Outcome string
	Version int
}

// NegotiationService keeps negotiations. Buyers, managers and admins open
// and close them and make our offers; a supplier user reads its own
// partner's and makes their offers (the side is taken from the user).
type NegotiationService interface {
	FindNegotiationByID(ctx context.Context, id ID) (*Negotiation, error)
	FindNegotiations(ctx context.Context, f NegotiationFilter) ([]*Negotiation, string, error)
	// CreateNegotiation opens a negotiation. Lines may name an agreement
	// under review or an event line; the partner must be a supplier.
	CreateNegotiation(ctx context.Context, n *Negotiation) error
	// StartFromEvent opens a negotiation with a bidder of an opened event,
	// its lines and first round taken from the bid.
	StartFromEvent(ctx context.Context, eventID, bidID ID) (*Negotiation, error)
	AddRound(ctx context.Context, id ID, r *Round) (*Negotiation, error)
	// CloseNegotiation: agreed writes the agreements and their savings.
	CloseNegotiation(ctx context.Context, id ID, c NegotiationClose) (*Negotiation, error)
}

// SavingsFilter selects agreements for the savings report by the date they
// were made, in the company's time zone.
type SavingsFilter struct {
	From, To  Date
	Category  string
	PartnerID ID
	BuyerID   ID
	GroupBy   string // month, category, partner, buyer
}

// SavingsGroups are the ways the savings report groups.
var SavingsGroups = []string{"month", "category", "partner", "buyer"}

// SavingsRow is one group of the report, in the base currency.
type SavingsRow struct {
	Key           string  `json:"key"`
	Label         string  `json:"label"`
	Agreements    int     `json:"agreements"`
	BaselineSpend Money   `json:"baseline_spend"`
	AgreedSpend   Money   `json:"agreed_spend"`
	Saving        Money   `json:"saving"`
	SavingPercent Decimal `json:"saving_percent"`
}

// SavingsReport is the report with its total.
type SavingsReport struct {
	BaseCurrency string       `json:"base_currency"`
	GroupBy      string       `json:"group_by"`
	Rows         []SavingsRow `json:"rows"`
	Total        SavingsRow   `json:"total"`
	// Unconverted counts agreements left out for want of an exchange rate.
	Unconverted int `json:"unconverted"`
}

// SavingsService reports savings.
type SavingsService interface {
	Savings(ctx context.Context, f SavingsFilter) (*SavingsReport, error)
}
