package store

import "github.com/mutualsrm/mutual"

// Services returns the services backed by db.
func (db *DB) Services() mutual.Services {
	return mutual.Services{
		Users:          (*UserService)(db),
		Sessions:       (*SessionService)(db),
		Partners:       (*PartnerService)(db),
		Contacts:       (*ContactService)(db),
		Audit:          (*AuditService)(db),
		Idempotency:    (*IdempotencyService)(db),
		Interactions:   (*InteractionService)(db),
		Commitments:    (*CommitmentService)(db),
		Cadences:       (*CadenceService)(db),
		Owners:         (*OwnerService)(db),
		Gifts:          (*GiftService)(db),
		Attention:      (*AttentionService)(db),
		Calendars:      (*CalendarService)(db),
		Health:         (*HealthService)(db),
		Events:         (*EventService)(db),
		Invitations:    (*InvitationService)(db),
		Documents:      (*DocumentService)(db),
		Clarifications: (*ClarificationService)(db),
		Notifications:  (*NotificationService)(db),
		Bids:           (*BidService)(db),
		Agreements:     (*AgreementService)(db),
		Negotiations:   (*NegotiationService)(db),
		Savings:        (*SavingsService)(db),
		Imports:        (*ImportService)(db),
		Zone:           db.zone,
		Ready:          db.Ready,
	}
}
