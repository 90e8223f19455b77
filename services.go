package mutual

import (
	"context"
	"time"
)

// Services are the capabilities the adapters (API, pages, CLI) are given.
type Services struct {
	Users          UserService
	Sessions       SessionService
	Partners       PartnerService
	Contacts       ContactService
	Audit          AuditService
	Idempotency    IdempotencyService
	Interactions   InteractionService
	Commitments    CommitmentService
	Cadences       CadenceService
	Owners         OwnerService
	Gifts          GiftService
	Attention      AttentionService
	Calendars      CalendarService
	Health         HealthService
	Events         EventService
	Invitations    InvitationService
	Documents      DocumentService
	Clarifications ClarificationService
	Notifications  NotificationService
	Bids           BidService
	Agreements     AgreementService
	Negotiations   NegotiationService
	Savings        SavingsService
	Imports        ImportService
	// Zone is the company's time zone: deadlines and "today" are read in it.
	Zone *time.Location
	// Ready returns an error when the database is not reachable.
	Ready func(ctx context.Context) error
}
