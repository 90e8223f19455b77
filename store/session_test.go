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
		t.Run("RateLimitPerAccount", func(t *testing.T) {
			for i := 0; i < mutual.LoginFailuresPerID; i++ {
				if _, err := svc.Sessions.Login(ctx, u.Email, "wrong password", "10.0.0.2"); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
					t.Fatalf("attempt %d: %v", i, err)
				}
			}
			if _, err := svc.Sessions.Login(ctx, u.Email, pw, "10.0.0.3"); mutual.ErrorCode(err) != mutual.ERATELIMIT {
				t.Fatalf("after failures: %v", err)
			}
			clock.Add(mutual.LoginWindow + time.Second)
			if _, err := svc.Sessions.Login(ctx, u.Email, pw, "10.0.0.3"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
		t.Run("RateLimitInParallel", func(t *testing.T) {
			v, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			var wg sync.WaitGroup
			var unauthorized atomic.Int32
			for i := range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := svc.Sessions.Login(ctx, v.Email, "wrong password", fmt.Sprintf("10.1.0.%d", i))
					if mutual.ErrorCode(err) == mutual.EUNAUTHORIZED {
						unauthorized.Add(1)
					}
				}()
			}
			wg.Wait()
			if n := unauthorized.Load(); n > mutual.LoginFailuresPerID {
				t.Errorf("%d passwords were checked in parallel; the limit is %d", n, mutual.LoginFailuresPerID)
			}
		})
		t.Run("RateLimitPerAddress", func(t *testing.T) {
			for i := 0; i < mutual.LoginFailuresPerIP; i++ {
				svc.Sessions.Login(ctx, "nobody"+string(rune('a'+i%26))+"@x.example", "x", "10.9.9.9")
			}
			if _, err := svc.Sessions.Login(ctx, u.Email, pw, "10.9.9.9"); mutual.ErrorCode(err) != mutual.ERATELIMIT {
				t.Fatalf("after failures from one address: %v", err)
			}
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
