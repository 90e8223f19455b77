package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestLogin(t *testing.T) {
	a := newApp(t)
	u, pw := storetest.MustCreateUser(t, a.db, mutual.RoleBuyer, 0)

	t.Run("SignedOutGoesToLogin", func(t *testing.T) {
		resp := a.browser(t).get("/partners?q=x")
		if got, want := resp.status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		if got, want := resp.header.Get("Location"), "/login?next="+url.QueryEscape("/partners?q=x"); got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
	})

	t.Run("ErrWrongPassword", func(t *testing.T) {
		resp := a.browser(t).post("/login", url.Values{"email": {u.Email}, "password": {"not-the-password"}})
		if got, want := resp.status, http.StatusUnauthorized; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Wrong email or password.", `value="`+u.Email+`"`)
	})

	t.Run("ErrWrongPasswordVietnamese", func(t *testing.T) {
		b := a.browser(t)
		b.header.Set("Accept-Language", "vi-VN,vi;q=0.9,en;q=0.5")
		resp := b.post("/login", url.Values{"email": {u.Email}, "password": {"not-the-password"}})
		mustContain(t, resp.body, "Email hoặc mật khẩu không đúng.", `lang="vi"`)
	})

	t.Run("OK", func(t *testing.T) {
		b := a.browser(t)
		resp := b.post("/login", url.Values{"email": {u.Email}, "password": {pw}, "next": {"/partners?segment=strategic"}})
		if got, want := resp.status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
		}
		if got, want := resp.header.Get("Location"), "/partners?segment=strategic"; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
		cookie := resp.header.Get("Set-Cookie")
		for _, want := range []string{"mutual_session=", "Path=/", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(cookie, want) {
				t.Errorf("Set-Cookie %q lacks %q", cookie, want)
			}
		}
		if strings.Contains(cookie, "Secure") {
			t.Errorf("Set-Cookie %q is Secure without TLS", cookie)
		}
		home := b.get("/")
		if got, want := home.status, http.StatusOK; got != want {
			t.Errorf("home: status = %d, want %d (the dashboard)", got, want)
		}
		mustContain(t, home.body, "Needs attention", `href="/" aria-current="page"`)
		list := b.get("/partners")
		if got, want := list.status, http.StatusOK; got != want {
			t.Fatalf("list: status = %d, want %d", got, want)
		}
		mustContain(t, list.body, u.Name, "Sign out")

		out := b.post("/logout", nil)
		if got, want := out.header.Get("Location"), "/login"; got != want {
			t.Errorf("logout: Location = %q, want %q", got, want)
		}
		if after := b.get("/partners"); after.status != http.StatusSeeOther || !strings.HasPrefix(after.header.Get("Location"), "/login") {
			t.Errorf("after sign out: status %d Location %q, want a redirect to /login", after.status, after.header.Get("Location"))
		}
	})

	t.Run("ErrNextElsewhere", func(t *testing.T) {
		resp := a.browser(t).post("/login", url.Values{"email": {u.Email}, "password": {pw}, "next": {"//evil.example/"}})
		if got, want := resp.header.Get("Location"), "/"; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
	})

	t.Run("ErrRateLimited", func(t *testing.T) {
		v, _ := storetest.MustCreateUser(t, a.db, mutual.RoleViewer, 0)
		b := a.browser(t)
		var resp response
		for range mutual.LoginFreeFailures + 1 {
			resp = b.post("/login", url.Values{"email": {v.Email}, "password": {"wrong-wrong-wrong"}})
		}
		if got, want := resp.status, http.StatusTooManyRequests; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Too many attempts. Try again in 1 s.")
		if got := resp.header.Get("Retry-After"); got != "1" {
			t.Errorf("Retry-After = %q, want 1", got)
		}
	})
}

func TestLocale(t *testing.T) {
	a := newApp(t)

	t.Run("LoginPageFromAcceptLanguage", func(t *testing.T) {
		b := a.browser(t)
		b.header.Set("Accept-Language", "vi")
		mustContain(t, b.get("/login").body, "Đăng nhập Mutual", `<html lang="vi">`)
	})

	t.Run("LoginPageLangChoice", func(t *testing.T) {
		b := a.browser(t)
		mustContain(t, b.get("/login?lang=vi").body, "Đăng nhập Mutual")
		mustContain(t, b.get("/login").body, "Đăng nhập Mutual") // the choice is remembered
	})

	t.Run("SwitchSavedWithUser", func(t *testing.T) {
		b, u := a.signIn(t, mutual.RoleManager, 0)
		mustContain(t, b.get("/partners").body, "Partners", `<html lang="en">`)
		resp := b.post("/locale", url.Values{"lang": {"vi"}, "next": {"/partners"}})
		if got, want := resp.header.Get("Location"), "/partners"; got != want {
			t.Fatalf("Location = %q, want %q", got, want)
		}
		mustContain(t, b.get("/partners").body, "Đối tác", "Thêm đối tác", "Đăng xuất", `<html lang="vi">`)
		saved, err := a.db.Services().Users.FindUserByID(storetest.Context(u), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := saved.Locale, "vi"; got != want {
			t.Errorf("saved locale = %q, want %q", got, want)
		}
	})
}

func TestSecurity(t *testing.T) {
	a := newApp(t)
	b, _ := a.signIn(t, mutual.RoleAdmin, 0)

	t.Run("Headers", func(t *testing.T) {
		for _, path := range []string{"/login", "/partners", "/no-such-page", "/partners/999999"} {
			resp := b.get(path)
			h := resp.header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s: Content-Security-Policy allows inline code", path)
			}
			if got, want := h.Get("X-Content-Type-Options"), "nosniff"; got != want {
				t.Errorf("%s: X-Content-Type-Options = %q, want %q", path, got, want)
			}
			if got := h.Get("Referrer-Policy"); got != "same-origin" && got != "strict-origin-when-cross-origin" {
				t.Errorf("%s: Referrer-Policy = %q", path, got)
			}
		}
	})

	t.Run("NoInlineScript", func(t *testing.T) {
		body := b.get("/partners").body
		if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") || strings.Contains(body, " style=") {
			t.Errorf("page has inline script or style:\n%s", body)
		}
	})

	t.Run("ErrCrossOriginPost", func(t *testing.T) {
		for name, hdr := range map[string][2]string{
			"SecFetchSite": {"Sec-Fetch-Site", "cross-site"},
			"Origin":       {"Origin", "https://evil.example"},
		} {
			t.Run(name, func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/partners/new", strings.NewReader(partnerForm("Forged", "").Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set(hdr[0], hdr[1])
				resp := b.do(req)
				if got, want := resp.status, http.StatusForbidden; got != want {
					t.Fatalf("status = %d, want %d", got, want)
				}
				if got := resp.header.Get("Content-Security-Policy"); got == "" {
					t.Error("refusal has no Content-Security-Policy")
				}
			})
		}
		if list := b.get("/partners?q=forged"); strings.Contains(list.body, "Forged") {
			t.Error("a cross-origin post created a partner")
		}
	})

	t.Run("SameOriginPost", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/partners/new", strings.NewReader(partnerForm("Same Origin Co", "").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if got, want := b.do(req).status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
	})

	t.Run("StaticHashedAndImmutable", func(t *testing.T) {
		body := b.get("/partners").body
		i := strings.Index(body, `href="/static/app.`)
		if i < 0 {
			t.Fatalf("no hashed stylesheet in page")
		}
		path := body[i+len(`href="`):]
		path = path[:strings.IndexByte(path, '"')]
		resp := b.get(path)
		if got, want := resp.status, http.StatusOK; got != want {
			t.Fatalf("GET %s: status = %d, want %d", path, got, want)
		}
		if got := resp.header.Get("Cache-Control"); !strings.Contains(got, "immutable") {
			t.Errorf("Cache-Control = %q, want immutable", got)
		}
		if got := resp.header.Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
			t.Errorf("Content-Type = %q", got)
		}
		if got, want := b.get("/static/app.0000000000.css").status, http.StatusNotFound; got != want {
			t.Errorf("unknown asset: status = %d, want %d", got, want)
		}
	})

	t.Run("ServerErrorShowsNothingInternal", func(t *testing.T) {
		a.db.Close() // every query now fails
		resp := b.get("/partners")
		if got, want := resp.status, http.StatusInternalServerError; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Something went wrong")
		mustNotContain(t, resp.body, "sql", "database", "closed")
		if !strings.Contains(a.log.String(), "page failed") {
			t.Errorf("the cause was not logged: %q", a.log.String())
		}
	})
}
