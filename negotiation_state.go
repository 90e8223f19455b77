package mutual

import (
	"strings"
	"time"
)

// NegotiationStatus is where a negotiation stands. Negotiation.Status holds
// it as its JSON string.
type NegotiationStatus string

// The negotiation life cycle: open until it is agreed on the last offer's
// prices or fails; cancelled is kept for negotiations ended from outside.
const (
	NegotiationOpen      NegotiationStatus = "open"
	NegotiationAgreed    NegotiationStatus = "agreed"
	NegotiationFailed    NegotiationStatus = "failed"
	NegotiationCancelled NegotiationStatus = "cancelled"
)

// Side is who makes an offer: the buying side (ours) or the partner
// (theirs). Round.Side and Negotiation.LastSide hold it as a string.
type Side string

// The two sides of a negotiation.
const (
	SideOurs   Side = "ours"
	SideTheirs Side = "theirs"
)

// Other returns the other side.
func (s Side) Other() Side {
	if s == SideOurs {
		return SideTheirs
	}
	return SideOurs
}

// SideOf returns the side a user speaks for: a supplier user for theirs,
// an internal user for ours.
func SideOf(u *User) Side {
	if u.IsInternal() {
		return SideOurs
	}
	return SideTheirs
}

// Reasons a negotiation refuses an offer, an agreement or its end. Pages
// show a message for each ("negotiation.reason.<reason>").
const (
	ReasonNegotiationClosed = "negotiation_closed" // agreed, failed or cancelled already
	ReasonNotYourTurn       = "not_your_turn"      // the last offer is this side's own
	ReasonNoOffer           = "no_offer"           // agreeing needs an offer first
	ReasonNoOfferToAccept   = "no_offer_to_accept" // the partner accepts only our last offer
	ReasonAcceptOrCounter   = "accept_or_counter"  // the partner does not end a negotiation without agreement
)

// NegotiationReasons lists the reasons above, for the pages' messages.
var NegotiationReasons = []string{ReasonNegotiationClosed, ReasonNotYourTurn, ReasonNoOffer, ReasonNoOfferToAccept, ReasonAcceptOrCounter}

// State returns the negotiation's status as a NegotiationStatus.
func (n *Negotiation) State() NegotiationStatus { return NegotiationStatus(n.Status) }

// IsOpen reports whether the negotiation still takes offers.
func (n *Negotiation) IsOpen() bool { return n.State() == NegotiationOpen }

// lastSide is the side of the latest round, or "" before the first. Lists
// carry LastSide without their rounds.
func (n *Negotiation) lastSide() Side {
	if last := n.LastRound(); last != nil {
		return Side(last.Side)
	}
	return Side(n.LastSide)
}

// Turn returns the side whose turn it is to offer: the other side of the
// latest round, or "" when the negotiation is closed or has no round yet
// (then either side may open).
func (n *Negotiation) Turn() Side {
	if !n.IsOpen() {
		return ""
	}
	if last := n.lastSide(); last != "" {
		return last.Other()
	}
	return ""
}

// CheckOpen refuses a change to a negotiation that is no longer open:
// ECONFLICT with reason negotiation_closed.
func (n *Negotiation) CheckOpen() error {
	if n.IsOpen() {
		return nil
	}
	return Refusef(ECONFLICT, ReasonNegotiationClosed, "This negotiation is %s.", n.Status)
}

// CanOffer says whether side may make the next offer: ECONFLICT with
// reason negotiation_closed, or not_your_turn when the last offer is its
// own. Sides take turns; either may open.
func (n *Negotiation) CanOffer(side Side) error {
	if err := n.CheckOpen(); err != nil {
		return err
	}
	if n.lastSide() == side {
		return Refusef(ECONFLICT, ReasonNotYourTurn, "The last offer is yours; wait for the other side's answer.")
	}
	return nil
}

// Offer checks round r as side's next offer and sets its side: CanOffer,
// then ValidateRound.
func (n *Negotiation) Offer(side Side, r *Round) error {
	if err := n.CanOffer(side); err != nil {
		return err
	}
	r.Side = string(side)
	return n.ValidateRound(r)
}

// CanAgree says whether side may agree on the last offer's prices. The
// buying side agrees on any offer (it records the partner's acceptance
// too): ECONFLICT no_offer before the first. The partner accepts our last
// offer only: ECONFLICT no_offer_to_accept. A closed negotiation is
// ECONFLICT negotiation_closed.
func (n *Negotiation) CanAgree(side Side) error {
	if err := n.CheckOpen(); err != nil {
		return err
	}
	last := n.lastSide()
	switch {
	case side == SideTheirs && last != SideOurs:
		return Refusef(ECONFLICT, ReasonNoOfferToAccept, "There is no offer of ours to accept.")
	case last == "":
		return Refusef(ECONFLICT, ReasonNoOffer, "Agree on prices only after an offer.")
	}
	return nil
}

// CanFail says whether side may end the negotiation without agreement:
// the buying side may while it is open (else ECONFLICT
// negotiation_closed); the partner answers with an offer
// or accepts ours instead (EFORBIDDEN, reason accept_or_counter).
func (n *Negotiation) CanFail(side Side) error {
	if err := n.CheckOpen(); err != nil {
		return err
	}
	if side == SideTheirs {
		return Refusef(EFORBIDDEN, ReasonAcceptOrCounter, "Answer with an offer, or accept ours.")
	}
	return nil
}

// Close ends the negotiation for side at now: agreed on the last round's
// prices, which it returns, or failed with the outcome, which must then
// say why (EINVALID naming "outcome"). Refusals are those of CanAgree and
// CanFail. On success Status, ClosedAt and Outcome are set; the caller
// writes the agreements and stores the change with a guarded update.
func (n *Negotiation) Close(side Side, c NegotiationClose, now time.Time) (*Round, error) {
	c.Outcome = strings.TrimSpace(c.Outcome)
	var p Problems
	CheckText(&p, "outcome", c.Outcome, 2000, true)
	if !c.Agreed && c.Outcome == "" {
		p.Add("outcome", "required", "Say why the negotiation ends without agreement.")
	}
	if c.Agreed {
		if err := n.CanAgree(side); err != nil {
			return nil, err
		}
	} else if err := n.CanFail(side); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	n.Status, n.ClosedAt, n.Outcome = string(NegotiationFailed), now, c.Outcome
	if !c.Agreed {
		return nil, nil
	}
	n.Status = string(NegotiationAgreed)
	return n.LastRound(), nil
}
