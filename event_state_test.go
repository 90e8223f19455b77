package mutual

import (
	"testing"
	"time"
)

// TestEventTransitions asks every transition and predicate of every state:
// allowed, or refused with ECONFLICT and the reason naming the state.
func TestEventTransitions(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	type check struct {
		name string
		do   func(e *Event) error
		ok   map[EventStatus]bool
		// reason for a refusal, when it is not the state's own.
		reason map[EventStatus]string
	}
	checks := []check{
		{"publish", func(e *Event) error { return e.Publish(now) }, map[EventStatus]bool{EventDraft: true}, nil},
		{"close", func(e *Event) error { return e.Close(now) }, map[EventStatus]bool{EventOpen: true}, nil},
		{"cancel", func(e *Event) error { return e.Cancel(now, "budget cut") },
			map[EventStatus]bool{EventDraft: true, EventOpen: true, EventClosed: true}, nil},
		{"award", func(e *Event) error { return e.Award(now) }, map[EventStatus]bool{EventClosed: true}, nil},
		{"invite", func(e *Event) error { return e.CanInvite() }, map[EventStatus]bool{EventDraft: true, EventOpen: true}, nil},
		{"uninvite", func(e *Event) error { return e.CanUninvite(false) }, map[EventStatus]bool{EventDraft: true, EventOpen: true}, nil},
		{"clarify", func(e *Event) error { return e.CanClarify() }, map[EventStatus]bool{EventOpen: true}, nil},
		{"add document", func(e *Event) error { return e.CanAddDocument() }, map[EventStatus]bool{EventDraft: true, EventOpen: true}, nil},
		{"remove document", func(e *Event) error { return e.CanRemoveDocument() }, map[EventStatus]bool{EventDraft: true},
			map[EventStatus]string{EventOpen: ReasonEventPublished, EventClosed: ReasonEventPublished, EventAwarded: ReasonEventPublished}},
		{"change terms", func(e *Event) error { return e.CanChange(true, false) }, map[EventStatus]bool{EventDraft: true},
			map[EventStatus]string{EventOpen: ReasonEventPublished, EventClosed: ReasonEventPublished}},
		{"move close", func(e *Event) error { return e.CanChange(false, true) }, map[EventStatus]bool{EventDraft: true, EventOpen: true}, nil},
		{"change evaluators", func(e *Event) error { return e.CanChange(false, false) },
			map[EventStatus]bool{EventDraft: true, EventOpen: true, EventClosed: true}, nil},
		{"score", func(e *Event) error { return e.CanScore() }, map[EventStatus]bool{EventDraft: true, EventOpen: true, EventClosed: true},
			map[EventStatus]string{EventAwarded: ReasonScoresFinal, EventCancelled: ReasonScoresFinal}},
		{"bid", func(e *Event) error { return e.CheckBidsAt(now, time.UTC) }, map[EventStatus]bool{EventOpen: true}, nil},
	}
	for _, c := range checks {
		for _, s := range []EventStatus{EventDraft, EventOpen, EventClosed, EventAwarded, EventCancelled} {
			e := &Event{Status: s, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}
			err := c.do(e)
			if c.ok[s] {
				if err != nil {
					t.Errorf("%s %s: %v", c.name, s, err)
				}
				continue
			}
			want := c.reason[s]
			if want == "" {
				want = "event_" + string(s)
			}
			if ErrorCode(err) != ECONFLICT || ErrorReason(err) != want {
				t.Errorf("%s %s: got %v (reason %q), want ECONFLICT %s", c.name, s, err, ErrorReason(err), want)
			}
			if e.Status != s {
				t.Errorf("%s %s: a refused transition moved the event to %s", c.name, s, e.Status)
			}
		}
	}
}

func TestEventTransitionEffects(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	e := &Event{Status: EventDraft, ClosesAt: now.Add(48 * time.Hour)}
	if err := e.Publish(now); err != nil || e.Status != EventOpen || !e.OpensAt.Equal(now) || !e.PublishedAt.Equal(now) {
		t.Fatalf("publish: %v %+v", err, e)
	}
	later := now.Add(2 * time.Hour)
	d := &Event{Status: EventDraft, OpensAt: later, ClosesAt: now.Add(48 * time.Hour)}
	if err := d.Publish(now); err != nil || !d.OpensAt.Equal(later) {
		t.Errorf("publish keeps a later opening: %v %v", err, d.OpensAt)
	}
	if d.AcceptsBidsAt(now) || ErrorReason(d.CheckBidsAt(now, time.UTC)) != ReasonNotYetOpen {
		t.Errorf("bids before the opening: %v", d.CheckBidsAt(now, time.UTC))
	}
	if !d.AcceptsBidsAt(later) {
		t.Error("bids at the opening refused")
	}
	if err := e.Close(later); err != nil || e.Status != EventClosed || !e.ClosedAt.Equal(later) || !e.ClosesAt.Equal(later) {
		t.Fatalf("close: %v %+v", err, e)
	}
	if err := e.Cancel(later, "no budget"); err != nil || e.Status != EventCancelled || e.CancelReason != "no budget" {
		t.Fatalf("cancel: %v %+v", err, e)
	}

	// An open event past its closing time reads, and closes, as closed.
	o := &Event{Status: EventOpen, OpensAt: now, ClosesAt: later}
	if o.StatusAt(now) != EventOpen || o.StatusAt(later) != EventClosed {
		t.Errorf("status at: %s %s", o.StatusAt(now), o.StatusAt(later))
	}
	if ErrorReason(o.CheckBidsAt(later, time.UTC)) != ReasonEventClosed {
		t.Errorf("a late bid: %v", o.CheckBidsAt(later, time.UTC))
	}
	if o.CloseDue(now) || !o.CloseDue(later) || o.Status != EventClosed || !o.ClosedAt.Equal(later) || o.CloseDue(later) {
		t.Errorf("close due: %+v", o)
	}

	// An invitee with a bid stays invited.
	if err := (&Event{Status: EventOpen}).CanUninvite(true); ErrorReason(err) != ReasonInviteeHasBid {
		t.Errorf("uninvite a bidder: %v", err)
	}
	// A closed event is awarded once its bids are open.
	sealed := &Event{Status: EventClosed, Sealed: true}
	if err := sealed.Award(now); ErrorReason(err) != ReasonBidsSealed || sealed.Status != EventClosed {
		t.Errorf("award sealed: %v", err)
	}
	sealed.UnsealedAt = now
	if err := sealed.Award(later); err != nil || sealed.Status != EventAwarded || !sealed.AwardedAt.Equal(later) {
		t.Errorf("award: %v %+v", err, sealed)
	}
}

func TestBidsVisible(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		e      Event
		reason string
	}{
		{Event{Status: EventDraft}, ReasonEventDraft},
		{Event{Status: EventOpen}, ""},
		{Event{Status: EventOpen, Sealed: true}, ReasonBidsSealed},
		{Event{Status: EventClosed, Sealed: true}, ReasonBidsSealed},
		{Event{Status: EventClosed, Sealed: true, UnsealedAt: now}, ""},
		{Event{Status: EventCancelled, Sealed: true}, ReasonBidsSealed},
		{Event{Status: EventAwarded}, ""},
	} {
		err := c.e.CheckBidsVisible()
		if ErrorReason(err) != c.reason || c.e.BidsVisible() != (c.reason == "") {
			t.Errorf("%s sealed=%v: %v, want %q", c.e.Status, c.e.Sealed, err, c.reason)
		}
	}
}
