package mutual

import (
	"context"
	"time"
)

// Invitation is a partner invited to an event.
type Invitation struct {
	EventID     ID        `json:"event_id"`
	PartnerID   ID        `json:"partner_id"`
	PartnerName string    `json:"partner_name"`
	InvitedBy   ID        `json:"invited_by"`
	InvitedAt   time.Time `json:"invited_at"`
	// Bid state as the buying side may see it while sealed: whether, not what.
	BidStatus   BidStatus `json:"bid_status"` // none, submitted, withdrawn
	SubmittedAt time.Time `json:"submitted_at"`
	// Outcome after award: won, partial or lost; empty before.
	Outcome string `json:"outcome"`
}

// InvitationService invites supplier partners to sourcing events. Supplier
// users see only their own invitations.
type InvitationService interface {
	// FindInvitations lists an event's invited partners with whether (not
	// what) they bid; supplier users never see the list (ENOTFOUND).
	FindInvitations(ctx context.Context, eventID ID) ([]*Invitation, error)
	// FindMyInvitations returns a supplier user's own invitations to the
	// given events, with its bid status and outcome, in one query.
	FindMyInvitations(ctx context.Context, eventIDs []ID) ([]*Invitation, error)
	// Invite invites supplier partners (not suspended or offboarded) and
	// notifies their users. Already invited partners are left as they are.
	Invite(ctx context.Context, eventID ID, partnerIDs []ID) ([]*Invitation, error)
	Uninvite(ctx context.Context, eventID, partnerID ID) error
}
