package mutual

import "time"

// EventStatus is where a sourcing event is in its life: a draft is
// published (open), closes at its closing time or earlier by hand, and is
// awarded; anything before the award may be cancelled.
type EventStatus string

// Sourcing event statuses.
const (
	EventDraft     EventStatus = "draft"
	EventOpen      EventStatus = "open"
	EventClosed    EventStatus = "closed"
	EventAwarded   EventStatus = "awarded"
	EventCancelled EventStatus = "cancelled"
)

// EventStatuses lists the statuses, in the order of the life cycle.
var EventStatuses = []string{string(EventDraft), string(EventOpen), string(EventClosed), string(EventAwarded), string(EventCancelled)}

// BidStatus is the state of a supplier's bid.
type BidStatus string

// Bid statuses; BidNone is an invitation's without a bid.
const (
	BidSubmitted BidStatus = "submitted"
	BidWithdrawn BidStatus = "withdrawn"
	BidNone      BidStatus = "none"
)

// BidStatuses lists the statuses a stored bid has.
var BidStatuses = []string{string(BidSubmitted), string(BidWithdrawn)}

// Reasons a change of an event, or of what hangs on it, is refused. The
// first five name the state the event is in; reasons are append-only.
const (
	ReasonEventDraft     = "event_draft"     // not published yet
	ReasonEventOpen      = "event_open"      // published and taking bids
	ReasonEventClosed    = "event_closed"    // past its close
	ReasonEventAwarded   = "event_awarded"   // awarded: final
	ReasonEventCancelled = "event_cancelled" // cancelled: final
	ReasonEventPublished = "event_published" // suppliers have seen what was asked
	ReasonNotYetOpen     = "event_not_yet_open"
	ReasonBidsSealed     = "bids_sealed"  // bid contents hidden until opened
	ReasonInviteeHasBid  = "has_bid"      // an invitation with a bid stays
	ReasonScoresFinal    = "scores_final" // an awarded or cancelled event's scores
)

// stateReason is the reason naming status.
func stateReason(s EventStatus) string { return "event_" + string(s) }

// refuseState refuses a change because the event is in its status, with
// message formatted with the status as its one argument.
func (e *Event) refuseState(format string) *Error {
	return Refusef(ECONFLICT, stateReason(e.Status), format, e.Status)
}

// Final reports whether e is awarded or cancelled: nothing of it changes.
func (e *Event) Final() bool { return e.Status == EventAwarded || e.Status == EventCancelled }

// Published reports whether suppliers have seen e: it is no draft.
func (e *Event) Published() bool { return e.Status != EventDraft }

// StatusAt is e's status as read at now: an open event past its closing
// time is closed, whether or not the close has been recorded yet.
func (e *Event) StatusAt(now time.Time) EventStatus {
	if e.Status == EventOpen && !now.Before(e.ClosesAt) {
		return EventClosed
	}
	return e.Status
}

// CloseDue records the close of an open event whose closing time has
// passed at now, and reports whether it did.
func (e *Event) CloseDue(now time.Time) bool {
	if e.StatusAt(now) == e.Status {
		return false
	}
	e.Status, e.ClosedAt = EventClosed, e.ClosesAt
	return true
}

// CanPublish says why e may not be published, or nil: only drafts are.
func (e *Event) CanPublish() error {
	switch e.Status {
	case EventDraft:
		return nil
	case EventCancelled:
		return e.refuseState("This event is %s; only drafts are published.")
	}
	return e.refuseState("This event is %s already; only drafts are published.")
}

// Publish opens a draft to its invited suppliers at now: bids come from
// its opening time, or now when that is earlier or unset. What the draft
// must hold (ValidateForPublish) is checked apart.
func (e *Event) Publish(now time.Time) error {
	if err := e.CanPublish(); err != nil {
		return err
	}
	if e.OpensAt.IsZero() || e.OpensAt.Before(now) {
		e.OpensAt = now
	}
	e.Status, e.PublishedAt = EventOpen, now
	return nil
}

// CanClose says why e may not be closed by hand, or nil: only open events
// close.
func (e *Event) CanClose() error {
	if e.Status == EventOpen {
		return nil
	}
	return e.refuseState("This event is %s; only open events close.")
}

// Close closes an open event at now, before its closing time.
func (e *Event) Close(now time.Time) error {
	if err := e.CanClose(); err != nil {
		return err
	}
	e.Status, e.ClosedAt, e.ClosesAt = EventClosed, now, now
	return nil
}

// CanCancel says why e may not be cancelled, or nil: anything before the
// award is.
func (e *Event) CanCancel() error {
	if e.Final() {
		return e.refuseState("This event is %s; it can no longer be cancelled.")
	}
	return nil
}

// Cancel cancels e at now for reason. Sealed bids not yet opened stay
// sealed forever.
func (e *Event) Cancel(now time.Time, reason string) error {
	if err := e.CanCancel(); err != nil {
		return err
	}
	e.Status, e.CancelledAt, e.CancelReason = EventCancelled, now, reason
	return nil
}

// CanChange says why e may not change as asked, or nil: a draft changes
// freely; once published only the evaluators change and, while open, the
// closing time (terms is whether the change touches anything else, moveClose
// whether it moves the closing time).
func (e *Event) CanChange(terms, moveClose bool) error {
	switch {
	case e.Final():
		return e.refuseState("This event is %s; it can no longer change.")
	case e.Published() && terms:
		return Refusef(ECONFLICT, ReasonEventPublished, "This event is published: its lines, questions and terms are fixed. Publish a clarification instead.")
	case e.Status == EventClosed && moveClose:
		return e.refuseState("This event is %s; its closing time can no longer move.")
	}
	return nil
}

// CanInvite says why suppliers may not be invited to e now, or nil: to
// drafts and open events only.
func (e *Event) CanInvite() error {
	if e.Status == EventDraft || e.Status == EventOpen {
		return nil
	}
	return e.refuseState("This event is %s; suppliers are invited to drafts and open events only.")
}

// CanUninvite says why an invitation to e may not be withdrawn now, or
// nil; hasBid is whether the invitee has bid, whose invitation stays.
func (e *Event) CanUninvite(hasBid bool) error {
	if e.Status != EventDraft && e.Status != EventOpen {
		return e.refuseState("This event is %s; its invitations are fixed.")
	}
	if hasBid {
		return Refusef(ECONFLICT, ReasonInviteeHasBid, "This supplier has bid; its invitation stays.")
	}
	return nil
}

// CanClarify says why a clarification may not be published on e, or nil:
// they go to open events only.
func (e *Event) CanClarify() error {
	if e.Status == EventOpen {
		return nil
	}
	return e.refuseState("Clarifications go to open events only (this one is %s).")
}

// CanAddDocument says why a document may not be added to e, or nil: to
// drafts and open events only.
func (e *Event) CanAddDocument() error {
	if e.Status == EventDraft || e.Status == EventOpen {
		return nil
	}
	return e.refuseState("Documents are added to drafts and open events only (this one is %s).")
}

// CanRemoveDocument says why a document may not be removed from e, or
// nil: from drafts only, before suppliers see it.
func (e *Event) CanRemoveDocument() error {
	switch e.Status {
	case EventDraft:
		return nil
	case EventCancelled:
		return e.refuseState("This event is %s; its documents stay.")
	}
	return Refusef(ECONFLICT, ReasonEventPublished, "Suppliers have seen this document; it stays. Publish a clarification instead.")
}

// AcceptsBidsAt reports whether bids are accepted at now, by the server
// clock.
func (e *Event) AcceptsBidsAt(now time.Time) bool { return e.CheckBidsAt(now, time.UTC) == nil }

// Accepting is AcceptsBidsAt.
func (e *Event) Accepting(now time.Time) bool { return e.AcceptsBidsAt(now) }

// CheckBidsAt says why bids are not accepted at now, or nil; times in the
// messages are written in zone.
func (e *Event) CheckBidsAt(now time.Time, zone *time.Location) error {
	const layout = "2006-01-02 15:04 MST"
	switch e.StatusAt(now) {
	case EventOpen:
		if now.Before(e.OpensAt) {
			return Refusef(ECONFLICT, ReasonNotYetOpen, "This event opens for bids at %s.", e.OpensAt.In(zone).Format(layout))
		}
		return nil
	case EventClosed:
		return Refusef(ECONFLICT, ReasonEventClosed, "This event closed at %s; bids are no longer accepted.", e.ClosesAt.In(zone).Format(layout))
	case EventDraft:
		return Refusef(ECONFLICT, ReasonEventDraft, "This event is a draft: bids come in once it is published.")
	}
	return e.refuseState("This event is %s; bids are no longer accepted.")
}

// BidsVisible reports whether the buying side may read bid contents now:
// always for unsealed events, after opening for sealed ones. A sealed event
// cancelled before opening stays sealed forever.
func (e *Event) BidsVisible() bool { return e.CheckBidsVisible() == nil }

// CheckBidsVisible says why the buying side may not read bid contents, or
// nil.
func (e *Event) CheckBidsVisible() error {
	switch {
	case e.Status == EventDraft:
		return Refusef(ECONFLICT, ReasonEventDraft, "This event is a draft: bids come in once it is published.")
	case !e.Sealed || !e.UnsealedAt.IsZero():
		return nil
	case e.Status == EventCancelled:
		return Refusef(ECONFLICT, ReasonBidsSealed, "This event was cancelled before its bids were opened; they stay sealed.")
	}
	return Refusef(ECONFLICT, ReasonBidsSealed, "The bids are sealed until the event closes and a manager opens them.")
}

// CanScore says why e's bids may not be scored any more, or nil.
func (e *Event) CanScore() error {
	if e.Final() {
		return Refusef(ECONFLICT, ReasonScoresFinal, "This event is %s; its scores are final.", e.Status)
	}
	return nil
}

// CanAward says why e may not be awarded now, or nil: a closed event
// whose bids are open.
func (e *Event) CanAward() error {
	if e.Status != EventClosed {
		return e.refuseState("Only a closed event is awarded (this one is %s).")
	}
	if !e.BidsVisible() {
		return Refusef(ECONFLICT, ReasonBidsSealed, "Open the bids before awarding.")
	}
	return nil
}

// Award records e's award at now.
func (e *Event) Award(now time.Time) error {
	if err := e.CanAward(); err != nil {
		return err
	}
	e.Status, e.AwardedAt = EventAwarded, now
	return nil
}
