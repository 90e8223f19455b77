package mutual

import (
	"slices"
	"time"
)

// Opening sealed bids. A sealed event's bids become visible to the buying
// side when enough people have opened them after the close: one manager or
// administrator, or, for two-person opening, two different members of the
// event's opening committee. The committee is named on the draft and fixed
// when the event is published. Each opener confirms with their own
// password at the moment of opening (the store checks it); nobody opens
// within ResetCooldown of someone else setting their password.

// Sizes of an opening committee.
const (
	// CommitteeQuorum is how many different members of the committee must
	// open a two-person event's bids; a committee has at least this many.
	CommitteeQuorum = 2
	MaxCommittee    = 20
)

// ResetCooldown is how long after someone else set a person's password
// (an administrator's reset, or the initial password of an account an
// administrator created) that person may not open sealed bids: whoever set
// it knows it.
const ResetCooldown = 7 * 24 * time.Hour

// Reasons an opening, or a change of the opening committee, is refused.
const (
	ReasonNotOpener             = "not_opener"              // not an enabled manager or administrator
	ReasonNotSealed             = "not_sealed"              // bids are visible as they arrive
	ReasonNotClosed             = "not_closed"              // bids open only after the close
	ReasonBidsOpen              = "bids_open"               // the bids are open already
	ReasonNotCommittee          = "not_committee"           // not on the event's opening committee
	ReasonOpenedAlready         = "opened_already"          // this person has opened; another must
	ReasonPasswordRecentlyReset = "password_recently_reset" // someone else set the password lately
	ReasonWrongPassword         = "wrong_password"          // the confirmation's password is wrong
	ReasonCommitteeFixed        = "committee_fixed"         // the event is published
)

// NeedsCommittee reports whether e opens by two people, and so has (or,
// published before committees existed, lacks) an opening committee.
func (e *Event) NeedsCommittee() bool { return e.Sealed && e.TwoPersonOpening }

// OpenersNeeded is how many different people must open e's bids.
func (e *Event) OpenersNeeded() int {
	if e.NeedsCommittee() {
		return CommitteeQuorum
	}
	return 1
}

// OnCommittee reports whether user id is on e's opening committee.
func (e *Event) OnCommittee(id ID) bool { return slices.Contains(e.Committee, id) }

// HasOpened reports whether user id has opened e's bids.
func (e *Event) HasOpened(id ID) bool { return slices.Contains(e.Openers, id) }

// SetCommittee replaces the opening committee of a draft (repeated
// members count once). Once the event is published the committee is fixed:
// nobody, administrators included, changes who opens the bids; sending the
// same members again is not a change.
func (e *Event) SetCommittee(ids []ID) error {
	ids = uniqueIDs(ids)
	if e.Published() {
		a, b := slices.Clone(ids), slices.Clone(e.Committee)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			return Refusef(ECONFLICT, ReasonCommitteeFixed, "The opening committee was fixed when the event was published; it cannot change.")
		}
		return nil
	}
	e.Committee = ids
	return nil
}

// CanSitOnCommittee reports whether u may be named to an opening committee:
// an enabled manager or administrator.
func CanSitOnCommittee(u *User) bool { return Allowed(u, PermSitOnCommittee, 0) }

// CheckCommittee checks e's opening committee against the users it names
// (members by ID; an ID missing from members is unknown) and adds the
// problems to p: members are enabled managers or administrators, never the
// event's buyer, and only a two-person event has a committee. Validate
// removes repeated members first; ValidateForPublish counts them.
func (e *Event) CheckCommittee(members map[ID]*User, p *Problems) {
	if len(e.Committee) == 0 {
		return
	}
	if !e.NeedsCommittee() {
		p.Add("committee", "two_person_only", "Only a sealed event with two-person opening has an opening committee.")
		return
	}
	if len(e.Committee) > MaxCommittee {
		p.Add("committee", "too_many", "An opening committee has at most 20 members.")
		return
	}
	for _, id := range e.Committee {
		if e.CreatedBy != 0 && id == e.CreatedBy {
			p.Add("committee", "buyer", "The event's buyer may not sit on its opening committee.")
			return
		}
	}
	for _, id := range e.Committee {
		if !CanSitOnCommittee(members[id]) {
			p.Add("committee", "member", "Members of the opening committee must be active managers or administrators.")
			return
		}
	}
}

// validateCommitteeForPublish adds the problem of a two-person event
// without a full committee.
func (e *Event) validateCommitteeForPublish(p *Problems) {
	if e.NeedsCommittee() && len(e.Committee) < CommitteeQuorum {
		p.Add("committee", "too_few", "Name at least two managers or administrators, other than the event's buyer, to open the bids together.")
	}
}

// RecentlyReset reports whether someone other than u set u's password
// less than ResetCooldown before now.
func (u *User) RecentlyReset(now time.Time) bool {
	return u != nil && !u.PasswordResetAt.IsZero() && u.PasswordResetBy != u.ID && now.Before(u.PasswordResetAt.Add(ResetCooldown))
}

// CanOpen reports whether u may open e's sealed bids at now, or why not.
// u must be read fresh from the database: its role, whether it is
// disabled, and when someone else last set its password. The password
// confirmation is the store's to check.
func (e *Event) CanOpen(u *User, now time.Time) error {
	switch {
	case !CanOpenBids(u):
		return Refusef(EFORBIDDEN, ReasonNotOpener, "Only managers and administrators open sealed bids.")
	case !e.Sealed:
		return Refusef(ECONFLICT, ReasonNotSealed, "This event is not sealed: its bids are visible as they arrive.")
	case !e.UnsealedAt.IsZero():
		return Refusef(ECONFLICT, ReasonBidsOpen, "The bids are open already.")
	case e.Status != EventClosed:
		return Refusef(ECONFLICT, ReasonNotClosed, "Bids are opened only after the event closes (it is %s).", e.Status)
	case e.NeedsCommittee() && len(e.Committee) > 0 && !e.OnCommittee(u.ID):
		return Refusef(EFORBIDDEN, ReasonNotCommittee, "Only the members of this event's opening committee open its bids.")
	case e.HasOpened(u.ID):
		return Refusef(ECONFLICT, ReasonOpenedAlready, "You have opened this event already; another member of its opening committee must open it too.")
	case u.RecentlyReset(now):
		return Refusef(EFORBIDDEN, ReasonPasswordRecentlyReset,
			"Your password was set by someone else on %s; you may open sealed bids again from %s. If you did not ask for it, tell your administrator.",
			u.PasswordResetAt.UTC().Format(time.RFC3339), u.PasswordResetAt.Add(ResetCooldown).UTC().Format(time.RFC3339))
	}
	return nil
}

// Open records u's opening of e's bids at now, once CanOpen allows it,
// and makes the bids visible when enough different people have opened.
func (e *Event) Open(u *User, now time.Time) error {
	if err := e.CanOpen(u, now); err != nil {
		return err
	}
	e.Openers = append(e.Openers, u.ID)
	if len(e.Openers) >= e.OpenersNeeded() {
		e.UnsealedAt = now
	}
	return nil
}
