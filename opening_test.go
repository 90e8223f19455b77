package mutual

import (
	"testing"
	"time"
)

func TestCheckCommittee(t *testing.T) {
	buyer := &User{ID: 1, Role: RoleBuyer}
	users := map[ID]*User{
		1: buyer,
		2: {ID: 2, Role: RoleManager},
		3: {ID: 3, Role: RoleAdmin},
		4: {ID: 4, Role: RoleManager, Disabled: true},
		5: {ID: 5, Role: RoleBuyer},
		6: {ID: 6, Role: RoleSupplier, PartnerID: 9},
		7: {ID: 7, Role: RoleViewer},
		8: {ID: 8, Role: RoleManager},
	}
	many := make([]ID, MaxCommittee+1)
	for i := range many {
		many[i] = ID(100 + i)
	}
	for _, tc := range []struct {
		name      string
		two       bool
		sealed    bool
		createdBy ID
		committee []ID
		rule      string // "" for valid
	}{
		{"ManagerAndAdmin", true, true, 1, []ID{2, 3}, ""},
		{"ManyMembers", true, true, 1, []ID{2, 3, 8}, ""},
		{"EmptyOnDraft", true, true, 1, nil, ""},
		{"NoneWithoutTwoPerson", false, true, 1, nil, ""},
		{"ErrTheBuyer", true, true, 2, []ID{2, 3}, "buyer"},
		{"ErrBuyerRole", true, true, 1, []ID{2, 5}, "member"},
		{"ErrDisabled", true, true, 1, []ID{2, 4}, "member"},
		{"ErrSupplierUser", true, true, 1, []ID{2, 6}, "member"},
		{"ErrViewer", true, true, 1, []ID{2, 7}, "member"},
		{"ErrUnknown", true, true, 1, []ID{2, 99}, "member"},
		{"ErrWithoutTwoPerson", false, true, 1, []ID{2, 3}, "two_person_only"},
		{"ErrUnsealed", true, false, 1, []ID{2, 3}, "two_person_only"},
		{"ErrTooMany", true, true, 1, many, "too_many"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &Event{Sealed: tc.sealed, TwoPersonOpening: tc.two, CreatedBy: tc.createdBy, Committee: tc.committee}
			var p Problems
			e.CheckCommittee(users, &p)
			switch {
			case tc.rule == "" && len(p) > 0:
				t.Errorf("refused: %+v", p)
			case tc.rule != "" && (len(p) != 1 || p[0].Field != "committee" || p[0].Rule != tc.rule):
				t.Errorf("got %+v, want rule %s on committee", p, tc.rule)
			}
		})
	}
}

func TestCommitteeForPublish(t *testing.T) {
	closes := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	e := Event{Kind: "rfi", Title: "Steel", Currency: "VND", ClosesAt: closes, Sealed: true, TwoPersonOpening: true, Committee: []ID{2, 2, 0}}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(e.Committee) != 1 {
		t.Errorf("repeated members count once: %v", e.Committee)
	}
	if err := e.ValidateForPublish(closes.Add(-time.Hour)); ErrorFields(err)[0].Rule != "too_few" {
		t.Errorf("publish with one member: %v", err)
	}
	e.Committee = []ID{2, 3}
	if err := e.ValidateForPublish(closes.Add(-time.Hour)); err != nil {
		t.Errorf("publish with two: %v", err)
	}
	e.TwoPersonOpening, e.Committee = false, nil
	if err := e.ValidateForPublish(closes.Add(-time.Hour)); err != nil {
		t.Errorf("publish a single-opener event: %v", err)
	}
}

func TestSetCommittee(t *testing.T) {
	e := &Event{Status: "draft", Sealed: true, TwoPersonOpening: true, Committee: []ID{2, 3}}
	if err := e.SetCommittee([]ID{3, 4, 4}); err != nil || len(e.Committee) != 2 || e.Committee[1] != 4 {
		t.Fatalf("draft: %v %v", e.Committee, err)
	}
	for _, status := range []EventStatus{EventOpen, EventClosed, EventAwarded, EventCancelled} {
		e.Status = status
		if err := e.SetCommittee([]ID{3, 5}); ErrorReason(err) != ReasonCommitteeFixed || ErrorCode(err) != ECONFLICT {
			t.Errorf("%s: got %v, want committee_fixed", status, err)
		}
		if err := e.SetCommittee([]ID{}); ErrorReason(err) != ReasonCommitteeFixed {
			t.Errorf("%s: emptied: %v", status, err)
		}
		if err := e.SetCommittee([]ID{4, 3}); err != nil {
			t.Errorf("%s: the same members again: %v", status, err)
		}
		if len(e.Committee) != 2 || e.Committee[0] != 3 || e.Committee[1] != 4 {
			t.Errorf("%s: committee changed to %v", status, e.Committee)
		}
	}
}

func TestCanOpen(t *testing.T) {
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	mgr := &User{ID: 2, Role: RoleManager}
	admin := &User{ID: 3, Role: RoleAdmin}
	outsider := &User{ID: 8, Role: RoleManager}
	buyer := &User{ID: 1, Role: RoleBuyer}
	resetBy := func(by ID, ago time.Duration) *User {
		return &User{ID: 2, Role: RoleManager, PasswordResetAt: now.Add(-ago), PasswordResetBy: by}
	}
	committee := func() *Event {
		return &Event{Status: "closed", Sealed: true, TwoPersonOpening: true, CreatedBy: 1, Committee: []ID{2, 3}}
	}
	for _, tc := range []struct {
		name   string
		e      *Event
		u      *User
		reason string // "" when allowed
	}{
		{"Member", committee(), mgr, ""},
		{"AdminMember", committee(), admin, ""},
		{"ErrOutsider", committee(), outsider, ReasonNotCommittee},
		{"ErrBuyer", committee(), buyer, ReasonNotOpener},
		{"ErrDisabled", committee(), &User{ID: 2, Role: RoleManager, Disabled: true}, ReasonNotOpener},
		{"ErrTwice", func() *Event { e := committee(); e.Openers = []ID{2}; return e }(), mgr, ReasonOpenedAlready},
		{"SecondMember", func() *Event { e := committee(); e.Openers = []ID{3}; return e }(), mgr, ""},
		{"ErrResetByAdmin", committee(), resetBy(3, time.Hour), ReasonPasswordRecentlyReset},
		{"ErrResetBySystem", committee(), resetBy(0, 6*24*time.Hour), ReasonPasswordRecentlyReset},
		{"ResetAWeekAgo", committee(), resetBy(3, ResetCooldown), ""},
		{"OwnChange", committee(), resetBy(2, time.Hour), ""},
		{"ErrOpen", func() *Event { e := committee(); e.Status = "open"; return e }(), mgr, ReasonNotClosed},
		{"ErrOpened", func() *Event { e := committee(); e.UnsealedAt = now; return e }(), mgr, ReasonBidsOpen},
		{"ErrNotSealed", &Event{Status: "closed"}, mgr, ReasonNotSealed},
		{"SingleOpenerAnyManager", &Event{Status: "closed", Sealed: true}, outsider, ""},
		{"ErrSingleOpenerReset", &Event{Status: "closed", Sealed: true}, resetBy(3, time.Hour), ReasonPasswordRecentlyReset},
		{"LegacyTwoPersonAnyManager", &Event{Status: "closed", Sealed: true, TwoPersonOpening: true}, outsider, ""},
		{"ErrLegacyTwice", &Event{Status: "closed", Sealed: true, TwoPersonOpening: true, Openers: []ID{8}}, outsider, ReasonOpenedAlready},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.e.CanOpen(tc.u, now)
			if got := ErrorReason(err); got != tc.reason || (tc.reason == "") != (err == nil) {
				t.Errorf("got %v (reason %q), want reason %q", err, got, tc.reason)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	e := &Event{Status: "closed", Sealed: true, TwoPersonOpening: true, CreatedBy: 1, Committee: []ID{2, 3}}
	if err := e.Open(&User{ID: 2, Role: RoleManager}, now); err != nil || !e.UnsealedAt.IsZero() || len(e.Openers) != 1 {
		t.Fatalf("first: %v %+v", err, e)
	}
	if err := e.Open(&User{ID: 2, Role: RoleManager}, now); ErrorReason(err) != ReasonOpenedAlready {
		t.Fatalf("again: %v", err)
	}
	if err := e.Open(&User{ID: 3, Role: RoleAdmin}, now); err != nil || !e.UnsealedAt.Equal(now) || !e.BidsVisible() {
		t.Fatalf("second: %v %+v", err, e)
	}
	single := &Event{Status: "closed", Sealed: true}
	if err := single.Open(&User{ID: 2, Role: RoleManager}, now); err != nil || single.UnsealedAt.IsZero() {
		t.Fatalf("single opener: %v %+v", err, single)
	}
}
