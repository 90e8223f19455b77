package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func login(f *fixture, email, password string) *httptest.ResponseRecorder {
	f.tb.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return f.doToken("POST", "/api/v1/auth/token", "", string(body), nil)
}

// loginFrom asks for a token from the client address addr.
func loginFrom(f *fixture, email, password, addr string) *httptest.ResponseRecorder {
	f.tb.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req := httptest.NewRequest("POST", "/api/v1/auth/token", strings.NewReader(string(body)))
	req.RemoteAddr = addr + ":4321"
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

func TestAuthToken(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		u := f.users[mutual.RoleSupplier]
		res := login(f, u.Email, storetest.Password)
		checkResponse(t, res, http.StatusCreated)
		var got struct {
			Token string
			User  mutual.User
		}
		decode(t, res, &got)
		if got.Token == "" || got.User.ID != u.ID || got.User.PartnerID != f.A.ID {
			t.Fatalf("got %s", res.Body)
		}
		me := f.doToken("GET", "/api/v1/me", got.Token, "", nil)
		checkResponse(t, me, http.StatusOK)
		if !json.Valid(me.Body.Bytes()) || me.Header().Get("ETag") != `"1"` {
			t.Errorf("me: %s %v", me.Body, me.Header())
		}

		// Signing out revokes this token only.
		checkResponse(t, f.doToken("DELETE", "/api/v1/auth/token", got.Token, "", nil), http.StatusNoContent)
		checkResponse(t, f.doToken("GET", "/api/v1/me", got.Token, "", nil), http.StatusUnauthorized)
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		f := newFixture(t)
		res := login(f, f.users[mutual.RoleAdmin].Email, "not the password")
		checkResponse(t, res, http.StatusUnauthorized)
		if got := res.Header().Get("WWW-Authenticate"); got == "" {
			t.Error("no WWW-Authenticate header")
		}
	})
	t.Run("ErrRateLimited", func(t *testing.T) {
		f := newFixture(t)
		email := f.users[mutual.RoleBuyer].Email
		for range mutual.LoginFreeFailures {
			checkResponse(t, login(f, email, "wrong password"), http.StatusUnauthorized)
		}
		res := login(f, email, storetest.Password)
		checkResponse(t, res, http.StatusTooManyRequests)
		if got, want := res.Header().Get("Retry-After"), "1"; got != want {
			t.Errorf("Retry-After = %q, want %q", got, want)
		}
		if !strings.Contains(res.Body.String(), `"reason":"login_delay"`) {
			t.Errorf("body: %s", res.Body)
		}
	})
	t.Run("OwnerNotLockedOut", func(t *testing.T) {
		// Five wrong passwords from one address, then the right one from
		// another: the owner signs in.
		f := newFixture(t)
		admin := f.users[mutual.RoleAdmin]
		for i := range 5 {
			// Past the free failures the address is slowed down (429), or
			// on a very slow machine the delay has passed (401).
			res := loginFrom(f, admin.Email, "wrong password", "203.0.113.66")
			if res.Code != http.StatusUnauthorized && (i < mutual.LoginFreeFailures || res.Code != http.StatusTooManyRequests) {
				t.Fatalf("attempt %d: %d %s", i+1, res.Code, res.Body)
			}
		}
		checkResponse(t, loginFrom(f, admin.Email, storetest.Password, "198.51.100.7"), http.StatusCreated)
	})
	t.Run("UnknownEmailAnsweredAlike", func(t *testing.T) {
		f := newFixture(t)
		for i := range mutual.LoginFreeFailures + 1 {
			known := loginFrom(f, f.users[mutual.RoleViewer].Email, "wrong password", "203.0.113.1")
			unknown := loginFrom(f, "nobody@test.example", "wrong password", "203.0.113.2")
			if known.Code != unknown.Code || known.Body.String() != unknown.Body.String() || known.Header().Get("Retry-After") != unknown.Header().Get("Retry-After") {
				t.Errorf("attempt %d: known account %d %s, unknown email %d %s", i+1, known.Code, known.Body, unknown.Code, unknown.Body)
			}
		}
	})
	runScenarios(t, []scenario{
		{name: "ErrMissingFields", method: "POST", path: "/api/v1/auth/token", body: `{}`, status: 422,
			want: []string{`"location":"body.email"`, `"location":"body.password"`}},
		{name: "ErrWrongType", method: "POST", path: "/api/v1/auth/token", body: `{"email": 1, "password": true}`, status: 422,
			want: []string{`"location":"body.email"`, `"location":"body.password"`}},
		{name: "ErrMalformed", method: "POST", path: "/api/v1/auth/token", body: `email=x`, status: 400},
		{name: "ErrSignOutWithoutToken", method: "DELETE", path: "/api/v1/auth/token", status: 401},
	})
}

func TestAuthentication(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name, header, value string
	}{
		{"ErrNoHeader", "", ""},
		{"ErrUnknownToken", "Authorization", "Bearer not-a-token"},
		{"ErrBasicScheme", "Authorization", "Basic YWRtaW46cGFzc3dvcmQ="},
		{"ErrCookieNotAccepted", "Cookie", "mutual_session=" + f.token(mutual.RoleAdmin)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.header != "" {
				h[tc.header] = tc.value
			}
			checkResponse(t, f.doToken("GET", "/api/v1/me", "", "", h), http.StatusUnauthorized)
		})
	}
	t.Run("LowerCaseScheme", func(t *testing.T) {
		res := f.doToken("GET", "/api/v1/me", "", "", map[string]string{"Authorization": "bearer " + f.token(mutual.RoleViewer)})
		checkResponse(t, res, http.StatusOK)
	})
	t.Run("ErrDisabledUser", func(t *testing.T) {
		tok := f.token(mutual.RoleManager)
		res := f.do("PATCH", "/api/v1/users/{manager}", "admin", `{"disabled": true}`, nil)
		checkResponse(t, res, http.StatusOK)
		checkResponse(t, f.doToken("GET", "/api/v1/me", tok, "", nil), http.StatusUnauthorized)
	})
}

func TestMe(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "Get", method: "GET", path: "/api/v1/me", who: "supplier", status: 200,
			want: []string{`"id":"{supplier}"`, `"role":"supplier"`, `"partner_id":"{A}"`}, notWant: []string{`"password"`, "argon2"}},
		{name: "UpdateNameAndLocale", method: "PATCH", path: "/api/v1/me", who: "viewer", body: `{"name": "Ngô Bảo Châu", "locale": "vi"}`, status: 200,
			headers: map[string]string{"If-Match": `"1"`}, want: []string{`"name":"Ngô Bảo Châu"`, `"locale":"vi"`, `"version":2`},
			wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "ErrRoleNotHere", method: "PATCH", path: "/api/v1/me", who: "viewer", body: `{"role": "admin", "disabled": false}`, status: 422,
			want: []string{`"location":"body.role"`, `"location":"body.disabled"`}},
		{name: "ErrSupplierPartnerNotHere", method: "PATCH", path: "/api/v1/me", who: "supplier", body: `{"partner_id": "{B}"}`, status: 422,
			want: []string{`"location":"body.partner_id"`}},
		{name: "ErrLocale", method: "PATCH", path: "/api/v1/me", who: "buyer", body: `{"locale": "fr"}`, status: 422, want: []string{`"location":"body.locale"`}},
		{name: "ErrPasswordShort", method: "PATCH", path: "/api/v1/me", who: "buyer", body: `{"password": "short", "current_password": "` + storetest.Password + `"}`, status: 422, want: []string{`"location":"body.password"`}},
		{name: "ErrCurrentPasswordMissing", method: "PATCH", path: "/api/v1/me", who: "buyer", body: `{"password": "a much longer secret"}`, status: 422, want: []string{`"location":"body.current_password"`}},
		{name: "ErrCurrentPasswordWrong", method: "PATCH", path: "/api/v1/me", who: "buyer", body: `{"password": "a much longer secret", "current_password": "guess-guess-guess"}`, status: 422, want: []string{`"location":"body.current_password"`, `"rule":"wrong_password"`}},
		{name: "ErrStale", method: "PATCH", path: "/api/v1/me", who: "buyer", body: `{"name": "X"}`, headers: map[string]string{"If-Match": `"5"`}, status: 412},
	})
	t.Run("PasswordChangeEndsTokens", func(t *testing.T) {
		f := newFixture(t)
		u := f.users[mutual.RoleBuyer]
		tok := f.token(mutual.RoleBuyer)
		checkResponse(t, f.doToken("PATCH", "/api/v1/me", tok, `{"password": "a much longer secret", "current_password": "`+storetest.Password+`"}`, nil), http.StatusOK)
		checkResponse(t, f.doToken("GET", "/api/v1/me", tok, "", nil), http.StatusUnauthorized)
		checkResponse(t, login(f, u.Email, storetest.Password), http.StatusUnauthorized)
		checkResponse(t, login(f, u.Email, "a much longer secret"), http.StatusCreated)
	})
}
