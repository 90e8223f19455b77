package mutual

import (
	"context"
	"strings"
	"time"
)

// Sourcing event kinds, question kinds.
var (
	EventKinds    = []string{"rfi", "rfq", "rfp"}
	QuestionKinds = []string{"text", "yes_no", "number", "choice", "file"}
)

// Limits of a sourcing event.
const (
	MaxEventLines     = 1000
	MaxEventQuestions = 200
	MaxEventCriteria  = 20
	// MaxDocumentSize is the largest document or bid attachment, in bytes.
	MaxDocumentSize = 10 << 20
)

// PriceCriterion is the name of the criterion whose score Mutual computes
// from the bids' totals.
const PriceCriterion = "price"

// Event is a sourcing event: a request for information, quotation or
// proposal sent to invited suppliers, who answer with bids.
type Event struct {
	ID          ID     `json:"id"`
	Kind        string `json:"kind"` // rfi, rfq, rfp
	Title       string `json:"title"`
	Description string `json:"description"`
	Category    string `json:"category"`
	Currency    string `json:"currency"`
	// OpensAt is when bids may start; zero means when published.
	OpensAt  time.Time `json:"opens_at"`
	ClosesAt time.Time `json:"closes_at"`
	// Sealed events hide bid contents from the buying side until a
	// manager opens them after the close.
	Sealed bool `json:"sealed"`
	// TwoPersonOpening requires two different members of the opening
	// committee to open the bids.
	TwoPersonOpening bool `json:"two_person_opening"`
	// Committee names the managers and administrators, never the event's
	// buyer, who may open a two-person event's bids; fixed at publish. An
	// event published before committees existed has none: any two
	// different managers or administrators open it.
	Committee []ID        `json:"committee"`
	Status    EventStatus `json:"status"`

	Lines      []EventLine `json:"lines"`
	Questions  []Question  `json:"questions"`
	Criteria   []Criterion `json:"criteria"`
	Evaluators []ID        `json:"evaluators"` // buyers and managers who score

	CreatedBy    ID        `json:"created_by"`
	CopiedFrom   ID        `json:"copied_from"`
	PublishedAt  time.Time `json:"published_at"`
	ClosedAt     time.Time `json:"closed_at"`
	UnsealedAt   time.Time `json:"unsealed_at"` // when bid contents became visible
	Openers      []ID      `json:"openers"`     // who opened the bids, in order
	CancelledAt  time.Time `json:"cancelled_at"`
	CancelReason string    `json:"cancel_reason"`
	AwardedAt    time.Time `json:"awarded_at"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`

	// Counted on reads for the buying side only; suppliers never see them.
	Invited   int `json:"invited,omitempty"`
	Submitted int `json:"submitted,omitempty"`
}

// EventLine is one item asked for. Prices are in the event's currency.
type EventLine struct {
	ID          ID      `json:"id"`
	Item        string  `json:"item"` // item code or name
	Description string  `json:"description"`
	Quantity    Decimal `json:"quantity"`
	Unit        string  `json:"unit"`
	// BaselinePrice is what we pay today per unit; savings count from it.
	BaselinePrice Money `json:"baseline_price"`
	TargetPrice   Money `json:"target_price"` // optional
}

// Question is asked of every bidder.
type Question struct {
	ID       ID       `json:"id"`
	Text     string   `json:"text"`
	Kind     string   `json:"kind"` // text, yes_no, number, choice, file
	Choices  []string `json:"choices"`
	Required bool     `json:"required"`
}

// Criterion is one axis of evaluation; weights of an event sum to 100.
// The criterion named "price" is scored by Mutual.
type Criterion struct {
	ID     ID     `json:"id"`
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// IsPrice reports whether c is the computed price criterion.
func (c Criterion) IsPrice() bool {
	return strings.EqualFold(strings.TrimSpace(c.Name), PriceCriterion)
}

// Validate normalizes and checks the event's own fields, lines, questions
// and criteria. Rules that need the database (evaluators) are the store's.
func (e *Event) Validate() error {
	var p Problems
	e.Kind = strings.ToLower(strings.TrimSpace(e.Kind))
	e.Title = strings.TrimSpace(e.Title)
	e.Description = strings.TrimSpace(e.Description)
	e.Category = strings.TrimSpace(e.Category)
	e.Currency = strings.ToUpper(strings.TrimSpace(e.Currency))
	if !oneOf(e.Kind, EventKinds) {
		p.Add("kind", "enum", "Kind must be rfi, rfq or rfp.")
	}
	requiredText(&p, "title", e.Title, 300, false)
	optionalText(&p, "description", e.Description, 20000, true)
	optionalText(&p, "category", e.Category, 100, false)
	if !IsCurrency(e.Currency) {
		p.Add("currency", "currency", "Unknown currency code (ISO 4217, such as VND or USD).")
	}
	if !e.OpensAt.IsZero() && (e.OpensAt.Year() < 1970 || e.OpensAt.Year() > 2200) {
		p.Add("opens_at", "range", "The time is out of range.")
	}
	if e.ClosesAt.IsZero() {
		p.Add("closes_at", "required", "Closing time is required.")
	} else if e.ClosesAt.Year() < 1970 || e.ClosesAt.Year() > 2200 {
		p.Add("closes_at", "range", "The time is out of range.")
	} else if !e.OpensAt.IsZero() && !e.OpensAt.Before(e.ClosesAt) {
		p.Add("closes_at", "after_opens", "The event must close after it opens.")
	}
	if len(e.Lines) > MaxEventLines {
		p.Add("lines", "too_many", "An event has at most 1,000 lines.")
	}
	for i := range e.Lines {
		e.Lines[i].validate(&p, "lines["+itoa(i)+"]", e.Currency)
	}
	if len(e.Questions) > MaxEventQuestions {
		p.Add("questions", "too_many", "An event has at most 200 questions.")
	}
	for i := range e.Questions {
		e.Questions[i].validate(&p, "questions["+itoa(i)+"]")
	}
	validateCriteria(&p, e.Criteria)
	e.Evaluators = uniqueIDs(e.Evaluators)
	e.Committee = uniqueIDs(e.Committee)
	return p.Err()
}

// ValidateForPublish checks what an event needs before suppliers see it.
func (e *Event) ValidateForPublish(now time.Time) error {
	var p Problems
	if e.Kind != "rfi" && len(e.Lines) == 0 {
		p.Add("lines", "required", "A request for quotation or proposal needs at least one line.")
	}
	if e.Kind != "rfi" && len(e.Criteria) == 0 {
		p.Add("criteria", "required", "Set the evaluation criteria (weights summing to 100) before publishing.")
	}
	if !e.ClosesAt.After(now) {
		p.Add("closes_at", "future", "The closing time has passed; move it later before publishing.")
	}
	e.validateCommitteeForPublish(&p)
	return p.Err()
}

func (l *EventLine) validate(p *Problems, at, currency string) {
	l.Item = strings.TrimSpace(l.Item)
	l.Description = strings.TrimSpace(l.Description)
	l.Unit = strings.TrimSpace(l.Unit)
	requiredText(p, at+".item", l.Item, 200, false)
	optionalText(p, at+".description", l.Description, 2000, true)
	requiredText(p, at+".unit", l.Unit, 30, false)
	checkQuantity(p, at+".quantity", l.Quantity)
	for _, f := range []struct {
		name     string
		m        *Money
		required bool
	}{{"baseline_price", &l.BaselinePrice, false}, {"target_price", &l.TargetPrice, false}} {
		checkPrice(p, at+"."+f.name, f.m, currency, f.required)
	}
}

// checkQuantity requires a positive decimal quantity of at most 6 decimals.
func checkQuantity(p *Problems, field string, q Decimal) {
	switch {
	case !q.IsPositive():
		p.Add(field, "positive", "The quantity must be more than zero.")
	case q.Cmp(maxAmount) >= 0:
		p.Add(field, "too_large", "The quantity is too large.")
	case !q.Equal(q.Truncate(6)):
		p.Add(field, "precision", "At most 6 decimals.")
	}
}

// checkPrice checks an optional or required unit price in the event's
// currency; a price given without its currency takes the event's.
func checkPrice(p *Problems, field string, m *Money, currency string, required bool) {
	if m.IsZero() {
		if required {
			p.Add(field+".amount", "required", "The price is required.")
		}
		return
	}
	if m.Currency == "" {
		m.Currency = currency
	}
	if m.Currency != currency {
		p.Add(field+".currency", "event_currency", "Prices are in the event's currency ("+currency+").")
		return
	}
	m.Validate(field, p)
}

func (q *Question) validate(p *Problems, at string) {
	q.Text = strings.TrimSpace(q.Text)
	q.Kind = strings.ToLower(strings.TrimSpace(q.Kind))
	requiredText(p, at+".text", q.Text, 2000, true)
	if !oneOf(q.Kind, QuestionKinds) {
		p.Add(at+".kind", "enum", "Kind must be text, yes_no, number, choice or file.")
	}
	choices := q.Choices[:0:0]
	for _, c := range q.Choices {
		if c = strings.TrimSpace(c); c != "" && !oneOf(c, choices) {
			choices = append(choices, c)
		}
	}
	q.Choices = choices
	if q.Kind == "choice" && len(q.Choices) < 2 {
		p.Add(at+".choices", "required", "A choice question needs at least two choices.")
	}
	if q.Kind != "choice" {
		q.Choices = []string{}
	}
	for i, c := range q.Choices {
		optionalText(p, at+".choices["+itoa(i)+"]", c, 200, false)
	}
}

// validateCriteria: names unique, weights 1..100 summing to 100, at most one
// price criterion.
func validateCriteria(p *Problems, cs []Criterion) {
	if len(cs) == 0 {
		return
	}
	if len(cs) > MaxEventCriteria {
		p.Add("criteria", "too_many", "At most 20 criteria.")
		return
	}
	sum := 0
	seen := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		at := "criteria[" + itoa(i) + "]"
		c.Name = strings.TrimSpace(c.Name)
		if c.IsPrice() {
			c.Name = PriceCriterion
		}
		requiredText(p, at+".name", c.Name, 100, false)
		key := Fold(c.Name)
		if c.Name != "" && seen[key] {
			p.Add(at+".name", "duplicate", "Each criterion appears once.")
		}
		seen[key] = true
		if c.Weight < 1 || c.Weight > 100 {
			p.Add(at+".weight", "range", "A weight is a whole number from 1 to 100.")
		}
		sum += c.Weight
	}
	if sum != 100 && !p.Has("criteria") {
		p.Add("criteria", "weights_sum", "Weights must sum to 100 (they sum to "+itoa(sum)+").")
	}
}

// EventFilter selects events, newest first.
type EventFilter struct {
	Status EventStatus
	Kind   string
	Query  string // words of the title or category
	Cursor string
	Limit  int
}

// EventUpdate changes a draft event; nil fields stay. Lines, questions,
// criteria and the committee are replaced whole. Once published, only
// ClosesAt may move (later, while open) and Evaluators change; lines change
// through clarifications, and the committee never.
type EventUpdate struct {
	Kind             *string
	Title            *string
	Description      *string
	Category         *string
	Currency         *string
	OpensAt          *time.Time
	ClosesAt         *time.Time
	Sealed           *bool
	TwoPersonOpening *bool
	Lines            *[]EventLine
	Questions        *[]Question
	Criteria         *[]Criterion
	Evaluators       *[]ID
	Committee        *[]ID
	Version          int
}

// CanWriteEvents reports whether u may create and run sourcing events.
func CanWriteEvents(u *User) bool { return Allowed(u, PermWriteEvents, 0) }

// CanOpenBids reports whether u may open the sealed bids of a closed event.
func CanOpenBids(u *User) bool { return Allowed(u, PermOpenBids, 0) }

// EventService runs sourcing events. Internal users read every event;
// supplier users read only published events their partner is invited to,
// without the buying side's fields (invitees, counts, baselines, targets,
// evaluators); to them any other event does not exist (ENOTFOUND).
// Invitations, documents, clarifications and notifications have their own
// services. Refusals for the event's state carry a reason (Reason*).
type EventService interface {
	FindEventByID(ctx context.Context, id ID) (*Event, error)
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, string, error)
	CreateEvent(ctx context.Context, e *Event) error
	// CopyEvent creates a draft from an earlier event: lines, questions,
	// criteria, evaluators; new dates must be set before publishing.
	CopyEvent(ctx context.Context, id ID) (*Event, error)
	UpdateEvent(ctx context.Context, id ID, upd EventUpdate) (*Event, error)
	// State changes. ECONFLICT when the state does not allow it, with the
	// reason the domain gives (event_open, event_closed, ...).
	PublishEvent(ctx context.Context, id ID, version int) (*Event, error)
	// CloseEvent and CancelEvent refuse a stale version (0 skips the check).
	CloseEvent(ctx context.Context, id ID, version int) (*Event, error)
	CancelEvent(ctx context.Context, id ID, reason string, version int) (*Event, error)
	// UnsealEvent records the caller's opening of a closed sealed event's
	// bids, confirmed with the caller's own password (a wrong one counts
	// against the account's and the address's sign-in limits like a failed
	// sign-in; addr is the client's address). Bids become visible with the
	// first opening, or, for two-person opening, the second different
	// committee member's. EINVALID without a password; EFORBIDDEN with
	// reason wrong_password, not_opener, not_committee or
	// password_recently_reset; ECONFLICT for the event's state;
	// ERATELIMIT after too many failures.
	UnsealEvent(ctx context.Context, id ID, password, addr string) (*Event, error)
	// CloseDueEvents closes open events whose closing time has passed,
	// each exactly once, and returns how many.
	CloseDueEvents(ctx context.Context) (int, error)
}
