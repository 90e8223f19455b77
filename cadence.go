package mutual

import (
	"context"
	"time"
)

// Touch kinds a cadence governs: any contact at all, an in-person visit, and
// a meeting at executive level.
const (
	TouchAny       = "any"
	TouchVisit     = "visit"
	TouchExecutive = "executive"
)

// TouchKinds lists the touch kinds in display order.
var TouchKinds = []string{TouchAny, TouchVisit, TouchExecutive}

// Cadence is the longest allowed gap, in days, between touches of each kind;
// nil means no requirement.
type Cadence struct {
	AnyDays       *int `json:"any_days"`
	VisitDays     *int `json:"visit_days"`
	ExecutiveDays *int `json:"executive_days"`
}

// Days returns the gap for a touch kind.
func (c Cadence) Days(kind string) *int {
	switch kind {
	case TouchAny:
		return c.AnyDays
	case TouchVisit:
		return c.VisitDays
	case TouchExecutive:
		return c.ExecutiveDays
	}
	return nil
}

// Validate checks each gap is between 1 and 3650 days.
func (c Cadence) Validate(prefix string, p *Problems) {
	for _, k := range TouchKinds {
		if d := c.Days(k); d != nil && (*d < 1 || *d > 3650) {
			p.Add(prefix+k+"_days", "range", "A gap is between 1 and 3650 days, or empty for no requirement.")
		}
	}
}

// CadencePolicy is the cadence of one segment.
type CadencePolicy struct {
	Segment string `json:"segment"`
	Cadence
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

func days(n int) *int { return &n }

// DefaultCadences are the policies a new installation starts with.
var DefaultCadences = []CadencePolicy{
	{Segment: "strategic", Cadence: Cadence{days(14), days(90), days(365)}},
	{Segment: "leverage", Cadence: Cadence{days(30), days(180), nil}},
	{Segment: "bottleneck", Cadence: Cadence{days(30), days(120), nil}},
	{Segment: "routine", Cadence: Cadence{days(90), nil, nil}},
}

// TouchStatus is where a partner stands for one touch kind.
type TouchStatus struct {
	Kind        string `json:"kind"`
	GapDays     int    `json:"gap_days"`
	LastOn      Date   `json:"last_on"` // the last done touch of this kind, if any
	DueOn       Date   `json:"due_on"`
	Overdue     bool   `json:"overdue"`
	OverdueDays int    `json:"overdue_days"`
}

// DueTouch computes a touch's next due date: the gap after the last touch,
// or after the partner was added when there was none yet.
func DueTouch(kind string, gap int, last, added, today Date) TouchStatus {
	from := last
	if from.IsZero() {
		from = added
	}
	ts := TouchStatus{Kind: kind, GapDays: gap, LastOn: last, DueOn: from.AddDays(gap)}
	if ts.DueOn.Before(today) {
		ts.Overdue, ts.OverdueDays = true, ts.DueOn.DaysUntil(today)
	}
	return ts
}

// CadenceService reads and edits the segment policies (admins edit).
type CadenceService interface {
	FindCadences(ctx context.Context) ([]*CadencePolicy, error)
	// UpdateCadence replaces a segment's cadence. EINVALID, EPRECONDITION, EFORBIDDEN.
	UpdateCadence(ctx context.Context, segment string, c Cadence, version int) (*CadencePolicy, error)
	// PartnerCadence returns a partner's cadence (its override or its segment's)
	// and the status of each required touch kind, as of today in the company's zone.
	PartnerCadence(ctx context.Context, partnerID ID) (*PartnerCadence, error)
	// SetPartnerCadence overrides a partner's cadence; nil returns it to its
	// segment's. Buyers, managers and admins. EINVALID, ENOTFOUND, EFORBIDDEN.
	SetPartnerCadence(ctx context.Context, partnerID ID, c *Cadence) (*PartnerCadence, error)
}

// PartnerCadence is a partner's cadence, where it stands for each required
// touch kind, and both sides' follow-through on commitments.
type PartnerCadence struct {
	PartnerID     ID              `json:"partner_id"`
	Segment       string          `json:"segment"`
	Override      bool            `json:"override"`
	Cadence       Cadence         `json:"cadence"`
	Touches       []TouchStatus   `json:"touches"`
	FollowThrough []FollowThrough `json:"follow_through"`
}
