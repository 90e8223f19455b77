package store_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestSessionService(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ctx := storetest.SystemContext()
		u, pw := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)

		t.Run("LoginAndAuthenticate", func(t *testing.T) {
			got, err := svc.Sessions.Login(ctx, "  "+u.Email+" ", pw, "10.0.0.1")
			if err != nil || got.ID != u.ID {
				t.Fatalf("login: %v", err)
			}
			secret, err := svc.Sessions.CreateSession(ctx, u.ID, mutual.SessionToken)
			if err != nil {
				t.Fatal(err)
			}
			if who, err := svc.Sessions.Authenticate(ctx, secret, mutual.SessionToken); err != nil || who.ID != u.ID {
				t.Fatalf("authenticate: %v", err)
			}
			if _, err := svc.Sessions.Authenticate(ctx, secret, mutual.SessionBrowser); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Errorf("a token is not a browser session: %v", err)
			}
			if err := svc.Sessions.RevokeSession(ctx, secret); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Sessions.Authenticate(ctx, secret, mutual.SessionToken); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Errorf("revoked token still works: %v", err)
			}
		})
		t.Run("Expiry", func(t *testing.T) {
			secret, _ := svc.Sessions.CreateSession(ctx, u.ID, mutual.SessionBrowser)
			clock.Add(mutual.SessionLifetime + time.Minute)
			if _, err := svc.Sessions.Authenticate(ctx, secret, mutual.SessionBrowser); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Errorf("expired session works: %v", err)
			}
		})
		t.Run("DisableEndsSessions", func(t *testing.T) {
			v, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			secret, _ := svc.Sessions.CreateSession(ctx, v.ID, mutual.SessionToken)
			yes := true
			if _, err := svc.Users.UpdateUser(ctx, v.ID, mutual.UserUpdate{Disabled: &yes}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Sessions.Authenticate(ctx, secret, mutual.SessionToken); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Errorf("disabled user's token works: %v", err)
			}
			if _, err := svc.Sessions.Login(ctx, v.Email, storetest.Password, "10.0.0.9"); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Errorf("disabled user logs in: %v", err)
			}
		})
		t.Run("RateLimitPerAddress", func(t *testing.T) {
			for i := 0; i < mutual.LoginFailuresPerIP; i++ {
				svc.Sessions.Login(ctx, "nobody"+string(rune('a'+i%26))+"@x.example", "x", "10.9.9.9")
			}
			_, err := svc.Sessions.Login(ctx, u.Email, pw, "10.9.9.9")
			if mutual.ErrorCode(err) != mutual.ERATELIMIT || mutual.ErrorReason(err) != "login_address_limit" {
				t.Fatalf("after failures from one address: %v", err)
			}
			if got, want := mutual.ErrorRetryAfter(err), mutual.LoginWindow; got != want {
				t.Errorf("retry after %v, want %v", got, want)
			}
			clock.Add(mutual.LoginWindow + time.Second)
			if _, err := svc.Sessions.Login(ctx, u.Email, pw, "10.9.9.9"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
	})
}

// TestSessionService_Lockout holds the sign-in limits against guessing
// without letting a guesser lock the owner out.
func TestSessionService_Lockout(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ctx := storetest.SystemContext()
		// wrong makes a failure from addr, waiting out any delay first.
		wrong := func(t *testing.T, email, addr string) {
			t.Helper()
			_, err := svc.Sessions.Login(ctx, email, "wrong password", addr)
			if d := mutual.ErrorRetryAfter(err); mutual.ErrorReason(err) == "login_delay" {
				clock.Add(d)
				_, err = svc.Sessions.Login(ctx, email, "wrong password", addr)
			}
			if mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Fatalf("wrong password from %s: %v", addr, err)
			}
		}

		t.Run("OwnerSignsInFromElsewhere", func(t *testing.T) {
			// The reviewer's attack: five wrong passwords from one address
			// used to lock the account, admin included, for everyone.
			admin, pw := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
			for range 5 {
				wrong(t, admin.Email, "203.0.113.66")
			}
			if got, err := svc.Sessions.Login(ctx, admin.Email, pw, "198.51.100.7"); err != nil || got.ID != admin.ID {
				t.Fatalf("the right password from another address: %v", err)
			}
		})

		t.Run("DelaysGrowAndEnd", func(t *testing.T) {
			v, pw := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			const addr = "10.2.0.1"
			for i := range mutual.LoginFreeFailures {
				if _, err := svc.Sessions.Login(ctx, v.Email, "wrong password", addr); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
					t.Fatalf("free attempt %d: %v", i+1, err)
				}
			}
			for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second} {
				_, err := svc.Sessions.Login(ctx, v.Email, pw, addr)
				if mutual.ErrorReason(err) != "login_delay" || mutual.ErrorRetryAfter(err) != want {
					t.Fatalf("right away: %v (retry after %v), want a delay of %v", err, mutual.ErrorRetryAfter(err), want)
				}
				clock.Add(want - time.Millisecond)
				if _, err := svc.Sessions.Login(ctx, v.Email, pw, addr); mutual.ErrorReason(err) != "login_delay" {
					t.Fatalf("just before the delay ends: %v", err)
				}
				clock.Add(time.Millisecond)
				if _, err := svc.Sessions.Login(ctx, v.Email, "wrong password", addr); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
					t.Fatalf("after a delay of %v: %v", want, err)
				}
			}
			if got := mutual.LoginDelayAfter(1000); got != mutual.LoginDelayMax {
				t.Errorf("the delay grows to %v, want at most %v", got, mutual.LoginDelayMax)
			}
			// Another address is not slowed down by this one's failures.
			if _, err := svc.Sessions.Login(ctx, v.Email, "wrong password", "10.2.0.2"); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Fatalf("another address: %v", err)
			}
			// The delays end when the failures leave the window.
			clock.Add(mutual.LoginWindow)
			for range mutual.LoginFreeFailures {
				wrong(t, v.Email, addr)
			}
			if _, err := svc.Sessions.Login(ctx, v.Email, pw, addr); mutual.ErrorReason(err) != "login_delay" {
				t.Fatalf("after three fresh failures: %v", err)
			}
			clock.Add(time.Second)
			if _, err := svc.Sessions.Login(ctx, v.Email, pw, addr); err != nil {
				t.Fatalf("after the delay: %v", err)
			}
			// A success forgives the pair's failures.
			if _, err := svc.Sessions.Login(ctx, v.Email, "wrong password", addr); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Fatalf("after signing in: %v", err)
			}
		})

		t.Run("CeilingHoldsForAddressesWithFailures", func(t *testing.T) {
			clock.Add(mutual.LoginWindow)
			b, pw := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
			for i := range mutual.LoginFailuresPerAccount {
				wrong(t, b.Email, fmt.Sprintf("10.4.%d.%d", i/200, i%200))
			}
			_, err := svc.Sessions.Login(ctx, b.Email, pw, "10.4.0.0")
			if mutual.ErrorReason(err) != "login_account_limit" || mutual.ErrorRetryAfter(err) != mutual.LoginWindow {
				t.Fatalf("the right password from an address with a failure: %v (retry after %v)", err, mutual.ErrorRetryAfter(err))
			}
			// An address with no failure has its password checked: the
			// right one signs in, a wrong one counts.
			if got, err := svc.Sessions.Login(ctx, b.Email, pw, "192.0.2.1"); err != nil || got.ID != b.ID {
				t.Fatalf("the right password from a fresh address: %v", err)
			}
			if _, err := svc.Sessions.Login(ctx, b.Email, "wrong password", "192.0.2.2"); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
				t.Fatalf("a wrong password from a fresh address: %v", err)
			}
			if _, err := svc.Sessions.Login(ctx, b.Email, pw, "192.0.2.2"); mutual.ErrorReason(err) != "login_account_limit" {
				t.Fatalf("that address again: %v", err)
			}
			// An address that failed on another account is not fresh.
			wrong(t, "someone-else@x.example", "192.0.2.3")
			if _, err := svc.Sessions.Login(ctx, b.Email, pw, "192.0.2.3"); mutual.ErrorReason(err) != "login_account_limit" {
				t.Fatalf("an address that failed elsewhere: %v", err)
			}
			// Signing in did not clear the ceiling.
			if _, err := svc.Sessions.Login(ctx, b.Email, pw, "10.4.0.1"); mutual.ErrorReason(err) != "login_account_limit" {
				t.Fatalf("after the owner signed in: %v", err)
			}
			clock.Add(mutual.LoginWindow)
			if _, err := svc.Sessions.Login(ctx, b.Email, pw, "10.4.0.1"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})

		t.Run("UnknownEmailLimitedAlike", func(t *testing.T) {
			clock.Add(mutual.LoginWindow)
			known, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			seq := func(email, addr string) []string {
				var out []string
				for range mutual.LoginFreeFailures + 2 {
					_, err := svc.Sessions.Login(ctx, email, "wrong password", addr)
					out = append(out, fmt.Sprintf("%s %s %s %v", mutual.ErrorCode(err), mutual.ErrorReason(err), mutual.ErrorMessage(err), mutual.ErrorRetryAfter(err)))
				}
				return out
			}
			k, n := seq(known.Email, "10.5.0.1"), seq("no-such-user@x.example", "10.5.0.2")
			if fmt.Sprint(k) != fmt.Sprint(n) {
				t.Errorf("known account: %q\nunknown email: %q", k, n)
			}
		})

		t.Run("ParallelGuessesCount", func(t *testing.T) {
			clock.Add(mutual.LoginWindow)
			check := func(t *testing.T, email string, addr func(i int) string, limit int) {
				t.Helper()
				var wg sync.WaitGroup
				var checked atomic.Int32
				for i := range 20 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, err := svc.Sessions.Login(ctx, email, "wrong password", addr(i))
						if mutual.ErrorCode(err) == mutual.EUNAUTHORIZED {
							checked.Add(1)
						}
					}()
				}
				wg.Wait()
				if n := int(checked.Load()); n != limit {
					t.Errorf("%d passwords were checked in parallel; the limit is %d", n, limit)
				}
			}
			// From one address: only the free failures.
			v, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			check(t, v.Email, func(int) string { return "10.6.0.1" }, mutual.LoginFreeFailures)
			// From many addresses near the ceiling: only what is left of it.
			w, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			for i := range mutual.LoginFailuresPerAccount - 5 {
				wrong(t, w.Email, fmt.Sprintf("10.7.0.%d", i))
			}
			for i := range 20 {
				wrong(t, "elsewhere@x.example", fmt.Sprintf("10.8.0.%d", i))
			}
			check(t, w.Email, func(i int) string { return fmt.Sprintf("10.8.0.%d", i) }, 5)
		})
	})
}

func TestUserService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		actx, bctx := storetest.Context(admin), storetest.Context(buyer)

		for _, tt := range []struct {
			name  string
			u     mutual.User
			pw    string
			field string
		}{
			{"ErrEmail", mutual.User{Email: "not-an-email", Name: "A", Role: "viewer"}, "long-enough-password", "email"},
			{"ErrRole", mutual.User{Email: "a@b.example", Name: "A", Role: "king"}, "long-enough-password", "role"},
			{"ErrSupplierWithoutPartner", mutual.User{Email: "a@b.example", Name: "A", Role: "supplier"}, "long-enough-password", "partner_id"},
			{"ErrShortPassword", mutual.User{Email: "a@b.example", Name: "A", Role: "viewer"}, "short", "password"},
			{"ErrDuplicateEmail", mutual.User{Email: admin.Email, Name: "A", Role: "viewer"}, "long-enough-password", "email"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				u := tt.u
				err := svc.Users.CreateUser(actx, &u, tt.pw)
				if f := mutual.ErrorFields(err); len(f) == 0 || f[0].Field != tt.field {
					t.Errorf("err = %v, want field %s", err, tt.field)
				}
			})
		}
		t.Run("ErrNotAdmin", func(t *testing.T) {
			if _, _, err := svc.Users.FindUsers(bctx, mutual.UserFilter{}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("err = %v", err)
			}
			if _, err := svc.Users.FindUserByID(bctx, admin.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("err = %v", err)
			}
			role := mutual.RoleAdmin
			if _, err := svc.Users.UpdateUser(bctx, buyer.ID, mutual.UserUpdate{Role: &role}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("self-promotion: %v", err)
			}
		})
		t.Run("OwnLocale", func(t *testing.T) {
			vi := "vi"
			got, err := svc.Users.UpdateUser(bctx, buyer.ID, mutual.UserUpdate{Locale: &vi})
			if err != nil || got.Locale != "vi" {
				t.Errorf("got %+v, %v", got, err)
			}
		})
		t.Run("ErrAdminDisablesSelf", func(t *testing.T) {
			yes := true
			if _, err := svc.Users.UpdateUser(actx, admin.ID, mutual.UserUpdate{Disabled: &yes}); mutual.ErrorCode(err) != mutual.ECONFLICT {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("Paging", func(t *testing.T) {
			seen, cursor := 0, ""
			for {
				page, next, err := svc.Users.FindUsers(actx, mutual.UserFilter{Limit: 1, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				seen += len(page)
				if next == "" {
					break
				}
				cursor = next
			}
			if seen != 2 {
				t.Errorf("saw %d users", seen)
			}
		})
	})
}

func TestIdempotencyService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services().Idempotency
		ctx := storetest.SystemContext()
		if r, err := svc.BeginIdempotent(ctx, 1, "k1", "fp"); r != nil || err != nil {
			t.Fatalf("first: %v, %v", r, err)
		}
		if _, err := svc.BeginIdempotent(ctx, 1, "k1", "fp"); mutual.ErrorCode(err) != mutual.ECONFLICT {
			t.Fatalf("in progress: %v", err)
		}
		if err := svc.FinishIdempotent(ctx, 1, "k1", &mutual.IdempotentResponse{Status: 201, ContentType: "application/json", Body: []byte(`{"id":"1"}`)}); err != nil {
			t.Fatal(err)
		}
		r, err := svc.BeginIdempotent(ctx, 1, "k1", "fp")
		if err != nil || r == nil || r.Status != 201 || string(r.Body) != `{"id":"1"}` {
			t.Fatalf("replay: %+v, %v", r, err)
		}
		if _, err := svc.BeginIdempotent(ctx, 1, "k1", "other"); mutual.ErrorCode(err) != mutual.ECONFLICT {
			t.Fatalf("other request: %v", err)
		}
		if r, err := svc.BeginIdempotent(ctx, 2, "k1", "fp"); r != nil || err != nil {
			t.Fatalf("another user's key: %v, %v", r, err)
		}
	})
}
