package mutual

import "context"

// Reasons a relationship needs attention.
const (
	ReasonOverdueTouch     = "overdue_touch"     // a cadence touch is overdue
	ReasonCommitmentDue    = "commitment_due"    // commitments fall due within 7 days
	ReasonCommitmentMissed = "commitment_missed" // commitments were missed
	ReasonGiftPending      = "gift_pending"      // gifts await approval
	ReasonNoKAM            = "no_kam"            // no key account manager
)

// SegmentWeights make an overdue strategic relationship outrank a routine
// one: each overdue day of a touch counts its segment's weight.
var SegmentWeights = map[string]int{"strategic": 4, "bottleneck": 3, "leverage": 2, "routine": 1, "": 1}

// Attention weights added to a relationship's score per missed commitment
// (in the last 30 days), per commitment due within a week, per gift
// awaiting approval, and once for a relationship without a key account
// manager.
const (
	AttentionWeightMissed  = 10
	AttentionWeightDueSoon = 3
	AttentionWeightGift    = 5
	AttentionWeightNoKAM   = 30
)

// OverdueScore is what a touch overdue by days adds to the score of a
// relationship in segment.
func OverdueScore(segment string, days int) int { return SegmentWeights[segment] * days }

// AttentionReason is one reason, with what it counts: days overdue for a
// touch (Kind says which), or how many commitments or gifts.
type AttentionReason struct {
	Reason string `json:"reason"`
	Kind   string `json:"kind,omitempty"` // touch kind for overdue_touch
	Days   int    `json:"days,omitempty"`
	Count  int    `json:"count,omitempty"`
}

// AttentionItem is a relationship that needs attention now, with its score
// (higher is more urgent) and every reason.
type AttentionItem struct {
	PartnerID   ID                `json:"partner_id"`
	PartnerName string            `json:"partner_name"`
	Segment     string            `json:"segment"`
	OwnerID     ID                `json:"owner_id"`
	OwnerName   string            `json:"owner_name"`
	Score       int               `json:"score"`
	Reasons     []AttentionReason `json:"reasons"`
}

// AttentionFilter narrows the list; Mine keeps the caller's partners.
type AttentionFilter struct {
	OwnerID ID
	Limit   int
}

// AttentionService lists the relationships that need attention, most urgent
// first. Internal users only.
type AttentionService interface {
	FindAttention(ctx context.Context, f AttentionFilter) ([]*AttentionItem, error)
}
