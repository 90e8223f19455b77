package mutual

import (
	"context"
	"time"
)

// Clarification is a notice published to every invitee of an open event,
// the way to change what was asked once lines are fixed.
type Clarification struct {
	ID        ID        `json:"id"`
	EventID   ID        `json:"event_id"`
	Text      string    `json:"text"`
	CreatedBy ID        `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// ClarificationService publishes notices to the invitees of open events.
type ClarificationService interface {
	FindClarifications(ctx context.Context, eventID ID) ([]*Clarification, error)
	AddClarification(ctx context.Context, c *Clarification) error
}
