package mutual

import (
	"context"
	"strings"
	"time"
)

// PartnerStatus is where a partner stands in its life cycle. Partner.Status
// holds it as its JSON string.
type PartnerStatus string

// The partner life cycle: prospect → onboarding → active ⇄ suspended →
// offboarded, and offboarded → onboarding for a partner that returns.
const (
	PartnerProspect   PartnerStatus = "prospect"
	PartnerOnboarding PartnerStatus = "onboarding"
	PartnerActive     PartnerStatus = "active"
	PartnerSuspended  PartnerStatus = "suspended"
	PartnerOffboarded PartnerStatus = "offboarded"
)

// partnerMoves is the life cycle's transition table: the statuses each
// status may move to. Every move goes through it; nothing else decides.
var partnerMoves = map[PartnerStatus][]PartnerStatus{
	PartnerProspect:   {PartnerOnboarding},
	PartnerOnboarding: {PartnerActive},
	PartnerActive:     {PartnerSuspended},
	PartnerSuspended:  {PartnerActive, PartnerOffboarded},
	PartnerOffboarded: {PartnerOnboarding},
}

// MaxStatusReason is the longest reason a status move may give, in characters.
const MaxStatusReason = 1000

// Valid reports whether s is one of the life cycle's statuses.
func (s PartnerStatus) Valid() bool { _, ok := partnerMoves[s]; return ok }

// Moves returns the statuses s may move to, in life cycle order.
func (s PartnerStatus) Moves() []PartnerStatus {
	return append([]PartnerStatus(nil), partnerMoves[s]...)
}

// CanMoveTo reports whether the life cycle allows the move from s to to.
func (s PartnerStatus) CanMoveTo(to PartnerStatus) bool {
	for _, m := range partnerMoves[s] {
		if m == to {
			return true
		}
	}
	return false
}

// Lifecycle returns the partner's status as a PartnerStatus.
func (p *Partner) Lifecycle() PartnerStatus { return PartnerStatus(p.Status) }

// StatusMoves returns the statuses the partner may move to now, as strings.
func (p *Partner) StatusMoves() []string {
	moves := p.Lifecycle().Moves()
	out := make([]string, len(moves))
	for i, m := range moves {
		out[i] = string(m)
	}
	return out
}

// MoveTo moves the partner along its life cycle to status to, for the
// given reason, at now. An unknown status or a missing reason is EINVALID
// naming "status" or "reason"; a move the life cycle does not allow, the
// same status included, is ECONFLICT with reason status_move_not_allowed
// or status_unchanged. On success p.Status and p.UpdatedAt are set; the
// caller stores the move and bumps the version.
func (p *Partner) MoveTo(to, reason string, now time.Time) error {
	target := PartnerStatus(strings.ToLower(strings.TrimSpace(to)))
	reason = strings.TrimSpace(reason)
	var pr Problems
	switch {
	case target == "":
		pr.Add("status", "required", "Say which status the partner moves to.")
	case !target.Valid():
		pr.Add("status", "enum", "Status must be prospect, onboarding, active, suspended or offboarded.")
	}
	if reason == "" {
		pr.Add("reason", "required", "Say why the partner's status changes.")
	} else {
		CheckText(&pr, "reason", reason, MaxStatusReason, true)
	}
	if err := pr.Err(); err != nil {
		return err
	}
	from := p.Lifecycle()
	if from == target {
		return Refusef(ECONFLICT, ReasonStatusUnchanged, "The partner is %s already.", from)
	}
	if !from.CanMoveTo(target) {
		return Refusef(ECONFLICT, ReasonStatusMoveNotAllowed, "A partner that is %s cannot move to %s%s.", from, target, movesHint(from))
	}
	p.Status, p.UpdatedAt = string(target), now
	return nil
}

// Reasons of refused status moves.
const (
	ReasonStatusMoveNotAllowed = "status_move_not_allowed"
	ReasonStatusUnchanged      = "status_unchanged"
)

// movesHint says where a partner in status s may go instead.
func movesHint(s PartnerStatus) string {
	moves := s.Moves()
	if len(moves) == 0 {
		return ""
	}
	names := make([]string, len(moves))
	for i, m := range moves {
		names[i] = string(m)
	}
	return "; from " + string(s) + " it may move to " + strings.Join(names, " or ")
}

// CheckStatusKept refuses an edit that changes a partner's status: the
// life cycle moves only through MoveTo, with a reason, which
// POST /api/v1/partners/{id}/status and the partner page's status form
// call. Sending the status the partner has is no change and passes.
func CheckStatusKept(pr *Problems, before, after string) {
	if before != after && !pr.Has("status") {
		pr.Add("status", "use_status_endpoint", "The status changes only along the life cycle, with a reason: use POST /api/v1/partners/{id}/status (on the partner's page: Change status).")
	}
}

// StatusMove asks for a partner to move along its life cycle.
type StatusMove struct {
	Status  string
	Reason  string
	Version int // expected version of the partner; 0 skips the check
}

// StatusChange is one move of a partner's life cycle as it was recorded.
type StatusChange struct {
	ID            ID        `json:"id"`
	PartnerID     ID        `json:"partner_id"`
	From          string    `json:"from"`
	To            string    `json:"to"`
	Reason        string    `json:"reason"`
	ChangedBy     ID        `json:"changed_by"` // empty for the system (imports, the command line)
	ChangedByName string    `json:"changed_by_name"`
	ChangedAt     time.Time `json:"changed_at"`
}

// PartnerStatusService moves partners along their life cycle. It is part
// of PartnerService.
type PartnerStatusService interface {
	// ChangePartnerStatus moves a partner along its life cycle with a
	// reason, records the move and audits it. EINVALID (status, reason),
	// ECONFLICT (reason status_move_not_allowed or status_unchanged),
	// EPRECONDITION (stale version), ENOTFOUND, EFORBIDDEN (those who may
	// not write partners).
	ChangePartnerStatus(ctx context.Context, id ID, m StatusMove) (*Partner, error)
	// FindStatusChanges returns a partner's recorded moves, newest first.
	// Internal users only: to supplier users they do not exist (ENOTFOUND).
	FindStatusChanges(ctx context.Context, id ID) ([]*StatusChange, error)
}

// Reasons we may not source from a partner.
const (
	ReasonPartnerNotSupplier = "partner_not_supplier" // it does not have the supplier role
	ReasonPartnerSuspended   = "partner_suspended"    // suspended: no new business until reinstated
	ReasonPartnerOffboarded  = "partner_offboarded"   // offboarded: the relationship has ended
)

// CanSource says whether we may source from the partner: invite it to
// events or negotiate with it. It must be a supplier (ECONFLICT
// partner_not_supplier) that is not suspended (partner_suspended) or
// offboarded (partner_offboarded); prospects and partners in onboarding
// may be sourced from.
func (p *Partner) CanSource() error {
	switch {
	case !p.HasRole(PartnerSupplier):
		return Refusef(ECONFLICT, ReasonPartnerNotSupplier, "%s is not a supplier.", p.Name)
	case p.Lifecycle() == PartnerSuspended:
		return Refusef(ECONFLICT, ReasonPartnerSuspended, "%s is suspended.", p.Name)
	case p.Lifecycle() == PartnerOffboarded:
		return Refusef(ECONFLICT, ReasonPartnerOffboarded, "%s is offboarded.", p.Name)
	}
	return nil
}

// Tended reports whether the relationship is one we tend, whose cadence,
// commitments and gifts call for attention: a partner in onboarding or
// active.
func (p *Partner) Tended() bool { return p.Lifecycle().Tended() }

// TendedStatuses are the statuses of the relationships we tend.
var TendedStatuses = []PartnerStatus{PartnerOnboarding, PartnerActive}

// Tended reports whether a partner in status s is tended (see Partner.Tended).
func (s PartnerStatus) Tended() bool {
	for _, t := range TendedStatuses {
		if s == t {
			return true
		}
	}
	return false
}
