package mutual

import (
	"context"
	"strings"
	"time"
)

// Gift directions, kinds and statuses.
var (
	GiftDirections = []string{"given", "received"}
	GiftKinds      = []string{"gift", "meal", "event", "travel", "discount", "other"}
	GiftStatuses   = []string{string(GiftDeclared), string(GiftApproved), string(GiftRejected)}
)

// GiftStatus is where a gift stands; Gift.Status holds it as its JSON string.
type GiftStatus string

// Gift statuses: declared, awaiting a manager's decision when the policy
// asks for one, then approved or rejected.
const (
	GiftDeclared GiftStatus = "declared"
	GiftApproved GiftStatus = "approved"
	GiftRejected GiftStatus = "rejected"
)

// State returns the gift's status as a GiftStatus.
func (g *Gift) State() GiftStatus { return GiftStatus(g.Status) }

// Gift is an entry of the gifts and hospitality register: something of value
// given to or received from a partner, declared in the open.
type Gift struct {
	ID          ID     `json:"id"`
	PartnerID   ID     `json:"partner_id"`
	Direction   string `json:"direction"` // given or received
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Value       Money  `json:"value"`
	// BaseValue is Value in the company's base currency at the policy's rate,
	// or unset when the policy has no rate for the currency.
	BaseValue    Money     `json:"base_value"`
	OccurredOn   Date      `json:"occurred_on"`
	OurPeople    []ID      `json:"our_people"`   // users who gave or received
	TheirPeople  []ID      `json:"their_people"` // the partner's contacts
	Status       string    `json:"status"`       // declared, approved, rejected
	DeclaredBy   ID        `json:"declared_by"`
	DecidedBy    ID        `json:"decided_by"`
	DecidedAt    time.Time `json:"decided_at"`
	DecisionNote string    `json:"decision_note"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`

	// Joined on reads.
	PartnerName    string `json:"partner_name,omitempty"`
	DeclaredByName string `json:"declared_by_name,omitempty"`
}

// Validate normalizes and checks g's own fields.
func (g *Gift) Validate() error {
	var p Problems
	g.Direction = strings.ToLower(strings.TrimSpace(g.Direction))
	g.Kind = strings.ToLower(strings.TrimSpace(g.Kind))
	g.Description = strings.TrimSpace(g.Description)
	if !oneOf(g.Direction, GiftDirections) {
		p.Add("direction", "enum", "Direction must be given or received.")
	}
	if !oneOf(g.Kind, GiftKinds) {
		p.Add("kind", "enum", "Kind must be gift, meal, event, travel, discount or other.")
	}
	if g.Description == "" {
		p.Add("description", "required", "Describe what was given or received.")
	} else if len([]rune(g.Description)) > 1000 {
		p.Add("description", "too_long", "Description is too long (1,000 characters at most).")
	}
	checkText(&p, "description", g.Description, true)
	if g.Value.Currency == "" {
		p.Add("value.currency", "required", "Value is required, with its currency.")
	} else {
		g.Value.Validate("value", &p)
		if !p.Has("value.amount") && !g.Value.Amount.IsPositive() {
			p.Add("value.amount", "positive", "The value must be more than zero.")
		}
	}
	if g.OccurredOn.IsZero() {
		p.Add("occurred_on", "required", "Date is required.")
	} else if y := g.OccurredOn.Year(); y < 1990 || y > 2200 {
		p.Add("occurred_on", "range", "The date is out of range.")
	}
	g.OurPeople, g.TheirPeople = uniqueIDs(g.OurPeople), uniqueIDs(g.TheirPeople)
	return p.Err()
}

// GiftPolicy is the company's rule for gifts: values at or below the
// thresholds, in the base currency, are approved on declaration; above
// either, a manager approves or rejects. Rates convert other currencies to
// the base currency: units of base currency per unit of the currency.
type GiftPolicy struct {
	BaseCurrency    string             `json:"base_currency"`
	ItemThreshold   Money              `json:"item_threshold"`   // per entry
	YearlyThreshold Money              `json:"yearly_threshold"` // per partner per calendar year, per direction
	Rates           map[string]Decimal `json:"rates"`            // e.g. "USD": "25400"
	Version         int                `json:"version"`
	UpdatedAt       time.Time          `json:"updated_at"`
}

// Validate checks the policy: thresholds in the base currency, positive rates.
func (gp *GiftPolicy) Validate() error {
	var p Problems
	gp.BaseCurrency = strings.ToUpper(strings.TrimSpace(gp.BaseCurrency))
	if !IsCurrency(gp.BaseCurrency) {
		p.Add("base_currency", "currency", "Unknown currency code (ISO 4217, such as VND).")
	}
	for _, f := range []struct {
		name string
		m    Money
	}{{"item_threshold", gp.ItemThreshold}, {"yearly_threshold", gp.YearlyThreshold}} {
		f.m.Validate(f.name, &p)
		if f.m.Currency != gp.BaseCurrency && !p.Has(f.name+".currency") {
			p.Add(f.name+".currency", "base_currency", "Thresholds are in the base currency.")
		}
	}
	for cur, rate := range gp.Rates {
		if !IsCurrency(cur) {
			p.Add("rates."+cur, "currency", "Unknown currency code.")
		} else if !rate.IsPositive() {
			p.Add("rates."+cur, "positive", "A rate must be more than zero.")
		}
	}
	return p.Err()
}

// ToBase converts m to the base currency, and reports false when there is
// no rate for its currency.
func (gp *GiftPolicy) ToBase(m Money) (Money, bool) {
	if m.Currency == gp.BaseCurrency {
		return m, true
	}
	rate, ok := gp.Rates[m.Currency]
	if !ok {
		return Money{}, false
	}
	return Money{Amount: m.Amount.Mul(rate).Round(CurrencyDigits(gp.BaseCurrency)), Currency: gp.BaseCurrency}, true
}

// NeedsApproval says whether a declared gift worth base (zero when it could
// not be converted) must wait for a manager, given what the partner already
// received or gave this year in that direction, in the base currency.
func (gp *GiftPolicy) NeedsApproval(base Money, converted bool, yearSoFar Decimal) bool {
	if !converted {
		return true
	}
	if base.Amount.GreaterThan(gp.ItemThreshold.Amount) {
		return true
	}
	return yearSoFar.Add(base.Amount).GreaterThan(gp.YearlyThreshold.Amount)
}

// GiftFilter selects register entries, newest first.
type GiftFilter struct {
	PartnerID ID
	Status    string
	Direction string
	Year      int
	Cursor    string
	Limit     int
}

// GiftDecision approves or rejects a declared gift.
type GiftDecision struct {
	Approve bool
	Note    string
	Version int
}

// GiftTotal is what went one way with one partner in one year.
type GiftTotal struct {
	PartnerID ID     `json:"partner_id"`
	Year      int    `json:"year"`
	Direction string `json:"direction"`
	Count     int    `json:"count"`
	Total     Money  `json:"total"` // in the base currency, approved and declared entries
}

// GiftService keeps the register. Internal users read; buyers, managers and
// admins declare; managers and admins decide, never on their own
// declarations. Supplier users see nothing of it (ENOTFOUND).
type GiftService interface {
	FindGiftByID(ctx context.Context, id ID) (*Gift, error)
	FindGifts(ctx context.Context, f GiftFilter) ([]*Gift, string, error)
	// DeclareGift stores g, approved at once when within the policy, else declared.
	DeclareGift(ctx context.Context, g *Gift) error
	// DecideGift approves or rejects a declared gift. EFORBIDDEN for one's own, ECONFLICT when already decided.
	DecideGift(ctx context.Context, id ID, d GiftDecision) (*Gift, error)
	// GiftTotals returns the totals of a partner per year and direction.
	GiftTotals(ctx context.Context, partnerID ID) ([]GiftTotal, error)
	FindGiftPolicy(ctx context.Context) (*GiftPolicy, error)
	// UpdateGiftPolicy replaces the policy (admins). EINVALID, EPRECONDITION, EFORBIDDEN.
	UpdateGiftPolicy(ctx context.Context, p *GiftPolicy) (*GiftPolicy, error)
}

// CanDecideGifts reports whether u may approve or reject gifts.
func CanDecideGifts(u *User) bool { return Allowed(u, PermDecideGifts, 0) }
