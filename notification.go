package mutual

import (
	"context"
	"time"
)

// NotificationKind says what a notification is about.
type NotificationKind string

// Notification kinds.
const (
	NotifyInvited       NotificationKind = "invited"
	NotifyClarification NotificationKind = "clarification"
	NotifyClosed        NotificationKind = "closed"
	NotifyAwarded       NotificationKind = "awarded"
	NotifyCancelled     NotificationKind = "cancelled"
	NotifyNegotiation   NotificationKind = "negotiation"
)

// Notification tells a user something happened, in the portal or the app.
type Notification struct {
	ID        ID               `json:"id"`
	UserID    ID               `json:"user_id"`
	Kind      NotificationKind `json:"kind"` // invited, clarification, closed, awarded, cancelled, negotiation
	EventID   ID               `json:"event_id,omitempty"`
	Subject   string           `json:"subject"` // the event's or negotiation's title
	Link      string           `json:"link"`
	CreatedAt time.Time        `json:"created_at"`
	ReadAt    time.Time        `json:"read_at"`
}

// NotificationFilter selects the caller's notifications.
type NotificationFilter struct {
	UnreadOnly bool
	Cursor     string
	Limit      int
}

// NotificationService reads and marks the caller's own notifications.
type NotificationService interface {
	// FindNotifications returns the caller's notifications, newest first,
	// and the cursor of the next page ("" at the end).
	FindNotifications(ctx context.Context, f NotificationFilter) ([]*Notification, string, error)
	MarkNotificationsRead(ctx context.Context, upTo ID) error
}
