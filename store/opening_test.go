package store_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// opening is a cast for opening tests: the sourcing cast with an
// administrator, and helpers to run a two-person event to its close.
type opening struct {
	*sourcing
	db    *store.DB
	admin *mutual.User
}

func newOpening(t *testing.T, db *store.DB, clock *storetest.Clock) *opening {
	o := &opening{sourcing: newSourcing(t, db, clock), db: db}
	o.admin, _ = storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
	return o
}

// closed runs a draft to its close with a's bid; two says two-person
// opening, whose committee is the two managers.
func (o *opening) closed(t *testing.T, two bool) *mutual.Event {
	t.Helper()
	e := o.draft(t, two)
	bctx := storetest.Context(o.buyer)
	if _, err := o.svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := o.bid(e, o.ua, "14500000", "13200000"); err != nil {
		t.Fatal(err)
	}
	got, err := o.svc.Events.CloseEvent(bctx, e.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// open opens e as u with password.
func (o *opening) open(u *mutual.User, e *mutual.Event, password string) (*mutual.Event, error) {
	return o.svc.Events.UnsealEvent(storetest.Context(u), e.ID, password, "10.7.0.1")
}

// resetPassword has by set u's password to pw.
func (o *opening) resetPassword(t *testing.T, by, u *mutual.User, pw string) {
	t.Helper()
	if _, err := o.svc.Users.UpdateUser(storetest.Context(by), u.ID, mutual.UserUpdate{Password: &pw}); err != nil {
		t.Fatalf("reset %s's password: %v", u.Email, err)
	}
}

// bidsVisibleTo reports whether u may read e's bids.
func (o *opening) bidsVisibleTo(u *mutual.User, e *mutual.Event) bool {
	_, err := o.svc.Bids.FindBids(storetest.Context(u), e.ID)
	return err == nil
}

// TestOpeningByOneAdministrator is the attack of the issue: an
// administrator completes a two-person opening alone, by setting a
// manager's password or making a manager and opening as that manager too.
// Every way is refused.
func TestOpeningByOneAdministrator(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		o := newOpening(t, db, clock)
		actx := storetest.Context(o.admin)

		t.Run("ResetAManagersPassword", func(t *testing.T) {
			e := o.closed(t, true)
			o.resetPassword(t, o.admin, o.mgr, "chosen-by-the-admin")
			_, err := o.open(o.mgr, e, "chosen-by-the-admin")
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonPasswordRecentlyReset)
			_, err = o.open(o.admin, e, storetest.Password)
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonNotCommittee)
			o.resetPassword(t, o.admin, o.mgr2, "chosen-by-the-admin")
			_, err = o.open(o.mgr2, e, "chosen-by-the-admin")
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonPasswordRecentlyReset)
			if o.bidsVisibleTo(o.admin, e) {
				t.Fatal("the administrator reads the bids alone")
			}
		})

		t.Run("MakeManagersAndACommitteeOfThem", func(t *testing.T) {
			var made []*mutual.User
			for _, email := range []string{"puppet1@test.example", "puppet2@test.example"} {
				u := &mutual.User{Email: email, Name: "Puppet", Role: mutual.RoleManager}
				if err := o.svc.Users.CreateUser(actx, u, "chosen-by-the-admin"); err != nil {
					t.Fatal(err)
				}
				if u.PasswordResetBy != o.admin.ID || u.PasswordResetAt.IsZero() {
					t.Errorf("an account an administrator made does not count as set by them: %+v", u)
				}
				made = append(made, u)
			}
			e := &mutual.Event{Kind: "rfi", Title: "Puppets", Currency: "VND", Sealed: true, TwoPersonOpening: true,
				ClosesAt: clock.Now().Add(time.Hour), Committee: []mutual.ID{made[0].ID, made[1].ID}}
			if err := o.svc.Events.CreateEvent(actx, e); err != nil {
				t.Fatal(err)
			}
			if _, err := o.svc.Events.PublishEvent(actx, e.ID, 0); err != nil {
				t.Fatal(err)
			}
			clock.Add(2 * time.Hour)
			for _, u := range made {
				_, err := o.open(u, e, "chosen-by-the-admin")
				wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonPasswordRecentlyReset)
			}
		})

		t.Run("AddAManagerToTheCommittee", func(t *testing.T) {
			e := o.closed(t, true)
			u := &mutual.User{Email: "late@test.example", Name: "Late", Role: mutual.RoleManager}
			if err := o.svc.Users.CreateUser(actx, u, "chosen-by-the-admin"); err != nil {
				t.Fatal(err)
			}
			for _, committee := range [][]mutual.ID{{o.admin.ID, u.ID}, {o.mgr.ID, o.admin.ID}, {}} {
				_, err := o.svc.Events.UpdateEvent(actx, e.ID, mutual.EventUpdate{Committee: &committee})
				wantReason(t, err, mutual.ECONFLICT, mutual.ReasonCommitteeFixed)
			}
			got, _ := o.svc.Events.FindEventByID(actx, e.ID)
			if len(got.Committee) != 2 || got.Committee[0] != o.mgr.ID || got.Committee[1] != o.mgr2.ID {
				t.Errorf("committee changed to %v", got.Committee)
			}
		})

		t.Run("AWeekLaterTheMembersOpen", func(t *testing.T) {
			e := o.closed(t, true)
			clock.Add(mutual.ResetCooldown)
			if _, err := o.open(o.mgr, e, "chosen-by-the-admin"); err != nil {
				t.Fatal(err)
			}
			got, err := o.open(o.mgr2, e, "chosen-by-the-admin")
			if err != nil || got.UnsealedAt.IsZero() || !o.bidsVisibleTo(o.buyer, e) {
				t.Fatalf("second member: %+v %v", got, err)
			}
		})
	})
}

func TestOpeningCommittee(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		o := newOpening(t, db, clock)
		bctx := storetest.Context(o.buyer)

		t.Run("MembersAreManagersOrAdminsNotTheBuyer", func(t *testing.T) {
			e := o.draft(t, true)
			viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			for _, committee := range [][]mutual.ID{{o.mgr.ID, o.buyer.ID}, {o.mgr.ID, viewer.ID}, {o.mgr.ID, 999999}} {
				_, err := o.svc.Events.UpdateEvent(bctx, e.ID, mutual.EventUpdate{Committee: &committee})
				wantField(t, err, "committee")
			}
			// A manager who created the event is its buyer.
			mctx := storetest.Context(o.mgr)
			own := &mutual.Event{Kind: "rfi", Title: "Own", Currency: "VND", Sealed: true, TwoPersonOpening: true,
				ClosesAt: clock.Now().Add(time.Hour), Committee: []mutual.ID{o.mgr.ID, o.mgr2.ID}}
			wantField(t, o.svc.Events.CreateEvent(mctx, own), "committee")
			one := []mutual.ID{o.mgr.ID, o.mgr.ID}
			got, err := o.svc.Events.UpdateEvent(bctx, e.ID, mutual.EventUpdate{Committee: &one})
			if err != nil || len(got.Committee) != 1 {
				t.Fatalf("a member named twice: %+v %v", got, err)
			}
			_, err = o.svc.Events.PublishEvent(bctx, e.ID, 0)
			wantField(t, err, "committee")
			off := false
			_, err = o.svc.Events.UpdateEvent(bctx, e.ID, mutual.EventUpdate{TwoPersonOpening: &off})
			wantField(t, err, "committee")
		})

		t.Run("CheckedAgainAtPublish", func(t *testing.T) {
			e := o.draft(t, true)
			demoted, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
			committee := []mutual.ID{o.mgr.ID, demoted.ID}
			if _, err := o.svc.Events.UpdateEvent(bctx, e.ID, mutual.EventUpdate{Committee: &committee}); err != nil {
				t.Fatal(err)
			}
			role := mutual.RoleBuyer
			if _, err := o.svc.Users.UpdateUser(storetest.Context(o.admin), demoted.ID, mutual.UserUpdate{Role: &role}); err != nil {
				t.Fatal(err)
			}
			_, err := o.svc.Events.PublishEvent(bctx, e.ID, 0)
			wantField(t, err, "committee")
		})

		t.Run("FixedAtPublish", func(t *testing.T) {
			e := o.draft(t, true)
			got, err := o.svc.Events.PublishEvent(bctx, e.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			recs, _, _ := o.svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Entity: "event", EntityID: e.ID, Limit: 10})
			if len(recs) == 0 || recs[0].Action != "publish" || !strings.Contains(string(recs[0].After), `"committee":["`+o.mgr.ID.String()+`","`+o.mgr2.ID.String()+`"]`) {
				t.Errorf("the publish record does not hold the committee: %+v", recs[0])
			}
			for _, who := range []*mutual.User{o.buyer, o.admin} {
				other := []mutual.ID{o.mgr.ID, o.admin.ID}
				_, err := o.svc.Events.UpdateEvent(storetest.Context(who), e.ID, mutual.EventUpdate{Committee: &other})
				wantReason(t, err, mutual.ECONFLICT, mutual.ReasonCommitteeFixed)
			}
			same := []mutual.ID{o.mgr2.ID, o.mgr.ID}
			closes := got.ClosesAt.Add(time.Hour)
			if _, err := o.svc.Events.UpdateEvent(bctx, e.ID, mutual.EventUpdate{Committee: &same, ClosesAt: &closes}); err != nil {
				t.Errorf("the same committee sent back: %v", err)
			}
		})

		t.Run("SuppliersDoNotSeeIt", func(t *testing.T) {
			e := o.draft(t, true)
			if _, err := o.svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
				t.Fatal(err)
			}
			seen, err := o.svc.Events.FindEventByID(storetest.Context(o.ua), e.ID)
			if err != nil || len(seen.Committee) != 0 {
				t.Errorf("a supplier sees the committee: %v %v", seen, err)
			}
			inside, _ := o.svc.Events.FindEventByID(bctx, e.ID)
			if len(inside.Committee) != 2 {
				t.Errorf("the buying side does not see it: %v", inside.Committee)
			}
		})

		t.Run("CopyKeepsWhoMaySit", func(t *testing.T) {
			e := o.draft(t, true)
			cp, err := o.svc.Events.CopyEvent(storetest.Context(o.mgr), e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(cp.Committee) != 1 || cp.Committee[0] != o.mgr2.ID {
				t.Errorf("the copy's committee, whose buyer is a member: %v", cp.Committee)
			}
		})

		t.Run("OnlyMembersOpen", func(t *testing.T) {
			e := o.closed(t, true)
			third, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
			_, err := o.open(third, e, storetest.Password)
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonNotCommittee)
			_, err = o.open(o.buyer, e, storetest.Password)
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonNotOpener)
			if _, err := o.open(o.mgr, e, storetest.Password); err != nil {
				t.Fatal(err)
			}
			_, err = o.open(o.mgr, e, storetest.Password)
			wantReason(t, err, mutual.ECONFLICT, mutual.ReasonOpenedAlready)
			got, err := o.open(o.mgr2, e, storetest.Password)
			if err != nil || got.UnsealedAt.IsZero() {
				t.Fatalf("second member: %v", err)
			}
			recs, _, _ := o.svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Entity: "event", EntityID: e.ID, Limit: 10})
			if recs[0].Action != "unseal" || recs[0].UserID != o.mgr2.ID || !strings.Contains(string(recs[0].After), `"opened_by":"`+o.mgr2.ID.String()+`"`) {
				t.Errorf("the opening's record does not name its opener: %+v %s", recs[0], recs[0].After)
			}
		})

		t.Run("PublishedBeforeCommittees", func(t *testing.T) {
			e := o.closed(t, true)
			if _, err := db.WriteDB().Exec(db.Rebind(`DELETE FROM event_committee WHERE event_id = ?`), int64(e.ID)); err != nil {
				t.Fatal(err)
			}
			third, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
			_, err := o.open(third, e, "wrong password")
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonWrongPassword)
			if _, err := o.open(third, e, storetest.Password); err != nil {
				t.Fatal(err)
			}
			got, err := o.open(o.admin, e, storetest.Password)
			if err != nil || got.UnsealedAt.IsZero() {
				t.Fatalf("any two managers or admins open an event without a committee: %v", err)
			}
		})

		t.Run("TwoMembersAtOnce", func(t *testing.T) {
			e := o.closed(t, true)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, u := range []*mutual.User{o.mgr, o.mgr2} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = o.open(u, e, storetest.Password)
				}()
			}
			wg.Wait()
			got, _ := o.svc.Events.FindEventByID(bctx, e.ID)
			if errs[0] != nil || errs[1] != nil || got.UnsealedAt.IsZero() || len(got.Openers) != 2 {
				t.Fatalf("two members at once: %v %v, %+v", errs[0], errs[1], got)
			}
		})
	})
}

func TestOpeningPassword(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		o := newOpening(t, db, clock)

		t.Run("Required", func(t *testing.T) {
			e := o.closed(t, false)
			_, err := o.open(o.mgr, e, "")
			wantField(t, err, "password")
		})

		t.Run("WrongOneCountsAsAFailedSignIn", func(t *testing.T) {
			e := o.closed(t, false)
			for i := 0; i < mutual.LoginFreeFailures; i++ {
				_, err := o.open(o.mgr, e, "not my password")
				wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonWrongPassword)
				wantField(t, err, "password")
			}
			_, err := o.open(o.mgr, e, storetest.Password)
			wantCode(t, err, mutual.ERATELIMIT)
			// The same account from the same address waits too; the owner
			// signing in from elsewhere does not.
			_, err = o.svc.Sessions.Login(storetest.SystemContext(), o.mgr.Email, storetest.Password, "10.7.0.1")
			wantReason(t, err, mutual.ERATELIMIT, "login_delay")
			if _, err := o.svc.Sessions.Login(storetest.SystemContext(), o.mgr.Email, storetest.Password, "10.7.0.2"); err != nil {
				t.Errorf("the owner from another address: %v", err)
			}
			if o.bidsVisibleTo(o.mgr, e) {
				t.Fatal("opened without the password")
			}
			clock.Add(mutual.LoginWindow + time.Second)
			if _, err := o.open(o.mgr, e, storetest.Password); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})

		t.Run("NotTheOtherMembers", func(t *testing.T) {
			e := o.closed(t, true)
			o.resetPassword(t, o.mgr2, o.mgr2, "mgr2-own-password")
			_, err := o.open(o.mgr, e, "mgr2-own-password")
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonWrongPassword)
		})

		t.Run("RefusedOpeningsSpendNoAttempt", func(t *testing.T) {
			e := o.closed(t, true)
			third, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
			for i := 0; i < mutual.LoginFailuresPerIP+1; i++ {
				_, err := o.open(third, e, "guess")
				wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonNotCommittee)
			}
			if _, err := o.svc.Sessions.Login(storetest.SystemContext(), third.Email, storetest.Password, "10.7.0.3"); err != nil {
				t.Errorf("sign in after refused openings: %v", err)
			}
		})
	})
}

func TestPasswordReset(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		o := newOpening(t, db, clock)
		svc := o.svc
		sys := storetest.SystemContext()
		records := func(u *mutual.User) []*mutual.AuditRecord {
			recs, _, err := svc.Audit.FindAuditRecords(sys, mutual.AuditFilter{Entity: "user", EntityID: u.ID, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}

		t.Run("ByAnAdministrator", func(t *testing.T) {
			target, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
			browser, _ := svc.Sessions.CreateSession(sys, target.ID, mutual.SessionBrowser)
			token, _ := svc.Sessions.CreateSession(sys, target.ID, mutual.SessionToken)
			o.resetPassword(t, o.admin, target, "chosen-by-the-admin")
			for _, s := range []struct{ secret, kind string }{{browser, mutual.SessionBrowser}, {token, mutual.SessionToken}} {
				if _, err := svc.Sessions.Authenticate(sys, s.secret, s.kind); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
					t.Errorf("the %s outlives the reset: %v", s.kind, err)
				}
			}
			got, _ := svc.Users.FindUserByID(storetest.Context(o.admin), target.ID)
			if got.PasswordResetBy != o.admin.ID || !got.PasswordResetAt.Equal(clock.Now()) {
				t.Errorf("reset recorded as %v by %v", got.PasswordResetAt, got.PasswordResetBy)
			}
			recs := records(target)
			r := recs[0]
			if r.Action != "password_reset" || r.UserID != o.admin.ID || r.EntityID != target.ID || !strings.Contains(string(r.After), `"sessions_ended":2`) {
				t.Errorf("record %+v after %s", r, r.After)
			}
			for _, rec := range recs {
				for _, secret := range []string{"chosen-by-the-admin", "argon2", "password_hash"} {
					if strings.Contains(string(rec.Before)+string(rec.After), secret) {
						t.Errorf("%s record holds %q", rec.Action, secret)
					}
				}
			}
		})

		t.Run("OwnChangeIsNoReset", func(t *testing.T) {
			u, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
			o.resetPassword(t, u, u, "my-own-new-password")
			got, _ := svc.Users.FindUserByID(storetest.Context(u), u.ID)
			if !got.PasswordResetAt.IsZero() || got.PasswordResetBy != 0 {
				t.Errorf("own change recorded as a reset: %+v", got)
			}
			if r := records(u)[0]; r.Action != "password_change" || r.UserID != u.ID {
				t.Errorf("record %+v", r)
			}
		})

		t.Run("RoleChange", func(t *testing.T) {
			u, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
			token, _ := svc.Sessions.CreateSession(sys, u.ID, mutual.SessionToken)
			role, name := mutual.RoleManager, "Renamed"
			if _, err := svc.Users.UpdateUser(storetest.Context(o.admin), u.ID, mutual.UserUpdate{Role: &role, Name: &name}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Sessions.Authenticate(sys, token, mutual.SessionToken); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Errorf("the token outlives the role change: %v", err)
			}
			recs := records(u)
			actions := recs[1].Action + "," + recs[0].Action
			if actions != "role_change,update" || recs[1].UserID != o.admin.ID || !strings.Contains(string(recs[1].Before), `"role":"buyer"`) ||
				!strings.Contains(string(recs[1].After), `"role":"manager"`) {
				t.Errorf("records %s: %s -> %s", actions, recs[1].Before, recs[1].After)
			}
		})

		t.Run("OpeningWithinAWeek", func(t *testing.T) {
			e := o.closed(t, false)
			o.resetPassword(t, o.admin, o.mgr, "chosen-by-the-admin")
			// Changing it oneself does not end the wait: whoever reset it
			// could have done that too.
			o.resetPassword(t, o.mgr, o.mgr, "my-own-new-password")
			clock.Add(mutual.ResetCooldown - time.Minute)
			_, err := o.open(o.mgr, e, "my-own-new-password")
			wantReason(t, err, mutual.EFORBIDDEN, mutual.ReasonPasswordRecentlyReset)
			clock.Add(time.Minute)
			if _, err := o.open(o.mgr, e, "my-own-new-password"); err != nil {
				t.Fatalf("a week after the reset: %v", err)
			}
		})

		t.Run("CommandLineAccountsAreNotResets", func(t *testing.T) {
			u := &mutual.User{Email: "cli@test.example", Name: "CLI", Role: mutual.RoleManager}
			if err := svc.Users.CreateUser(sys, u, "long-enough-password"); err != nil {
				t.Fatal(err)
			}
			if !u.PasswordResetAt.IsZero() {
				t.Errorf("made at the command line: %+v", u)
			}
		})
	})
}
