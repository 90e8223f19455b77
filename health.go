package mutual

import (
	"context"
	"time"
)

// Health index components. Later components (scorecards, deliveries,
// quality) are added here with their weight and a builder in ComputeHealth.
const (
	HealthCadence             = "cadence"
	HealthFollowThroughOurs   = "follow_through_ours"
	HealthFollowThroughTheirs = "follow_through_theirs"
	HealthSentiment           = "sentiment"
)

// HealthWeights are the weights of the components, out of 100. Components
// without data leave the index, and the others' weights are renormalised.
var HealthWeights = map[string]int{
	HealthCadence:             35,
	HealthFollowThroughOurs:   20,
	HealthFollowThroughTheirs: 20,
	HealthSentiment:           25,
}

// Health bands, for the index at a glance.
const (
	HealthGood = "good" // 70 and above
	HealthFair = "fair" // 40 to 69
	HealthPoor = "poor" // below 40
)

// HealthBands lists the bands from best to worst.
var HealthBands = []string{HealthGood, HealthFair, HealthPoor}

// HealthSentimentDays is how far back sentiment looks: the done
// interactions of the last 180 days. Follow-through looks back
// FollowThroughDays.
const HealthSentimentDays = 180

// Keys of the explanation of a component: which sentence explains it. The
// adapters turn a key and its figures into words in the reader's language.
const (
	HealthWhyTouch         = "touch"          // Kind, Days since the last touch, GapDays allowed
	HealthWhyNeverTouched  = "never_touched"  // Kind, Days since the partner was added, GapDays allowed
	HealthWhyNoCadence     = "no_cadence"     // no touch is required
	HealthWhyFollowThrough = "follow_through" // Kept of Due
	HealthWhyNothingDue    = "nothing_due"    // no commitment fell due
	HealthWhySentiment     = "sentiment"      // Sum over Count rated interactions
	HealthWhyNoSentiment   = "no_sentiment"   // no rated interaction
)

// HealthWhy is the explanation of a component as data: a key and the
// figures used, so that it can be said in any language. Which fields are
// set depends on Key (see the HealthWhy… constants).
type HealthWhy struct {
	Key     string `json:"key"`
	Kind    string `json:"kind,omitempty"`        // touch kind: any, visit, executive
	Days    int    `json:"days,omitempty"`        // days since the last touch, or since the partner was added
	GapDays int    `json:"gap_days,omitempty"`    // the longest gap the cadence allows
	Kept    int    `json:"kept,omitempty"`        // commitments kept on time
	Due     int    `json:"due,omitempty"`         // commitments that fell due
	Sum     int    `json:"sum,omitempty"`         // total sentiment of the rated interactions
	Count   int    `json:"count,omitempty"`       // rated interactions
	Window  int    `json:"window_days,omitempty"` // how far back the component looks
}

// OverdueDays returns by how many days the touch of a cadence explanation
// is overdue, 0 when it is not.
func (w HealthWhy) OverdueDays() int { return max(0, w.Days-w.GapDays) }

// SentimentTenths returns the average sentiment in tenths, rounded half
// away from zero: 7 for an average of 0.67, -15 for -1.5.
func (w HealthWhy) SentimentTenths() int {
	if w.Count == 0 {
		return 0
	}
	n, d := 10*w.Sum, w.Count
	if n < 0 {
		return -roundDiv(-n, d)
	}
	return roundDiv(n, d)
}

// HealthComponent is one part of the index: its score from 0 to 100, or
// nil when there is no data for it, its weight, and why.
type HealthComponent struct {
	Name   string    `json:"name"`
	Score  *int      `json:"score"`
	Weight int       `json:"weight"`
	Why    HealthWhy `json:"why"`
}

// Health is a partner's relationship health index: the weighted mean of the
// components that have data, from 0 to 100, or nil when none has.
type Health struct {
	PartnerID  ID                `json:"partner_id"`
	Score      *int              `json:"score"`
	Band       string            `json:"band"` // "" when Score is nil
	Components []HealthComponent `json:"components"`
	ComputedAt time.Time         `json:"computed_at"`
}

// Component returns the component called name, or nil.
func (h *Health) Component(name string) *HealthComponent {
	for i := range h.Components {
		if h.Components[i].Name == name {
			return &h.Components[i]
		}
	}
	return nil
}

// HealthInputs are what the index is computed from.
type HealthInputs struct {
	PartnerID ID
	Now       time.Time
	Today     Date // in the company's time zone
	// Touches are the touches the partner's cadence requires, as DueTouch
	// computes them.
	Touches []TouchStatus
	// FollowThrough holds ours and theirs over the last twelve months.
	FollowThrough []FollowThrough
	// SentimentSum and SentimentCount total the sentiments of the done
	// interactions of the last 180 days that have one.
	SentimentSum, SentimentCount int
}

// ComputeHealth computes the index and every component from in.
func ComputeHealth(in HealthInputs) *Health {
	h := &Health{PartnerID: in.PartnerID, ComputedAt: in.Now}
	h.Components = []HealthComponent{
		cadenceHealth(in.Today, in.Touches),
		followThroughHealth(HealthFollowThroughOurs, "ours", in.FollowThrough),
		followThroughHealth(HealthFollowThroughTheirs, "theirs", in.FollowThrough),
		sentimentHealth(in.SentimentSum, in.SentimentCount),
	}
	h.Score = HealthIndex(h.Components)
	h.Band = HealthBand(h.Score)
	return h
}

// HealthIndex returns the weighted mean of the scores of the components
// that have one, rounded, or nil when none has.
func HealthIndex(cs []HealthComponent) *int {
	sum, weights := 0, 0
	for _, c := range cs {
		if c.Score != nil && c.Weight > 0 {
			sum += *c.Score * c.Weight
			weights += c.Weight
		}
	}
	if weights == 0 {
		return nil
	}
	v := roundDiv(sum, weights)
	return &v
}

// HealthBand returns the band of an index: good, fair or poor; "" for none.
func HealthBand(score *int) string {
	switch {
	case score == nil:
		return ""
	case *score >= 70:
		return HealthGood
	case *score >= 40:
		return HealthFair
	}
	return HealthPoor
}

// cadenceHealth scores the worst required touch: 100 while it is not
// overdue, then falling linearly to 0 when it is overdue by a whole allowed
// gap. The worst touch is the one that has used the largest share of its
// gap, so that an on-track partner is explained by the touch due soonest.
func cadenceHealth(today Date, touches []TouchStatus) HealthComponent {
	c := HealthComponent{Name: HealthCadence, Weight: HealthWeights[HealthCadence]}
	var worst *HealthWhy
	for _, t := range touches {
		if t.GapDays <= 0 {
			continue
		}
		from := t.DueOn.AddDays(-t.GapDays) // the last touch, or the day the partner was added
		w := HealthWhy{Key: HealthWhyTouch, Kind: t.Kind, Days: max(0, from.DaysUntil(today)), GapDays: t.GapDays}
		if t.LastOn.IsZero() {
			w.Key = HealthWhyNeverTouched
		}
		if worst == nil || w.Days*worst.GapDays > worst.Days*w.GapDays {
			worst = &w
		}
	}
	if worst == nil {
		c.Why = HealthWhy{Key: HealthWhyNoCadence}
		return c
	}
	score := 100
	if over := worst.OverdueDays(); over >= worst.GapDays {
		score = 0
	} else if over > 0 {
		score = roundDiv(100*(worst.GapDays-over), worst.GapDays)
	}
	c.Score, c.Why = &score, *worst
	return c
}

// followThroughHealth scores one side's follow-through: the share of its
// commitments due in the last twelve months that were kept on time.
func followThroughHealth(name, side string, fts []FollowThrough) HealthComponent {
	c := HealthComponent{Name: name, Weight: HealthWeights[name], Why: HealthWhy{Key: HealthWhyNothingDue, Window: FollowThroughDays}}
	for _, f := range fts {
		if f.Side != side || f.Due <= 0 {
			continue
		}
		score := roundDiv(100*min(f.Kept, f.Due), f.Due)
		c.Score = &score
		c.Why = HealthWhy{Key: HealthWhyFollowThrough, Kept: f.Kept, Due: f.Due, Window: FollowThroughDays}
	}
	return c
}

// sentimentHealth maps the average sentiment, -2 to 2, linearly onto 0 to 100.
func sentimentHealth(sum, count int) HealthComponent {
	c := HealthComponent{Name: HealthSentiment, Weight: HealthWeights[HealthSentiment], Why: HealthWhy{Key: HealthWhyNoSentiment, Window: HealthSentimentDays}}
	if count <= 0 {
		return c
	}
	// (sum/count + 2) / 4 * 100 in whole numbers, kept within 0..100.
	score := min(100, roundDiv(100*max(0, sum+2*count), 4*count))
	c.Score = &score
	c.Why = HealthWhy{Key: HealthWhySentiment, Sum: sum, Count: count, Window: HealthSentimentDays}
	return c
}

// roundDiv returns n/d rounded half up, for n >= 0 and d > 0.
func roundDiv(n, d int) int { return (2*n + d) / (2 * d) }

// HealthService computes the relationship health index. Internal users
// only: to supplier users a partner's health does not exist (ENOTFOUND).
type HealthService interface {
	// PartnerHealth returns a partner's index as of now. ENOTFOUND.
	PartnerHealth(ctx context.Context, partnerID ID) (*Health, error)
	// PartnersHealth returns the index of each of the partners, with a fixed
	// number of queries whatever their number; partners that do not exist
	// are left out. ENOTFOUND for supplier users.
	PartnersHealth(ctx context.Context, partnerIDs []ID) (map[ID]*Health, error)
}
