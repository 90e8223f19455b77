package web

import (
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// Cookie names.
const (
	sessionCookie = "mutual_session" // the browser session's secret
	langCookie    = "mutual_lang"    // the language chosen before signing in
	flashCookie   = "mutual_flash"   // a one-time message key after a redirect
)

// maxFormBytes bounds the body of ordinary forms.
const maxFormBytes = 1 << 20

// loginPage is the sign-in form.
type loginPage struct {
	basePage
	Email string
	Next  string
	Error string
}

// authenticate returns the user of the session cookie.
func (h *Handler) authenticate(r *http.Request) (*mutual.User, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	return h.svc.Sessions.Authenticate(r.Context(), c.Value, mutual.SessionBrowser)
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole site,
// Secure when served over TLS. maxAge 0 makes it last for the browser session.
func (h *Handler) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   int(maxAge.Seconds()),
		HttpOnly: true,
		Secure:   h.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// clearCookie removes a cookie.
func (h *Handler) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
}

// flash leaves a one-time message (a catalog key) for the next page.
func (h *Handler) flash(w http.ResponseWriter, key string) {
	h.setCookie(w, flashCookie, key, time.Minute)
}

// handleLoginForm shows the sign-in form. ?lang= chooses its language and
// remembers the choice in a cookie.
func (h *Handler) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	if u, err := h.authenticate(r); err == nil && u != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
		return nil
	}
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		h.setCookie(w, langCookie, l, 365*24*time.Hour)
	}
	p := &loginPage{basePage: h.newBase(w, r, "login.title", ""), Next: localPath(r.URL.Query().Get("next"), "")}
	return h.render(w, r, http.StatusOK, "login", p)
}

// handleLogin checks the credentials, starts a browser session and goes to
// the page asked for. A failure shows the form again with the email kept.
func (h *Handler) handleLogin(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if l := f.Text("lang"); i18n.Supported(l) {
		ctx = withLocale(ctx, l)
		r = r.WithContext(ctx)
	}
	email, password := f.Trim("email"), f.Text("password")
	next := f.Next("")
	u, err := h.svc.Sessions.Login(ctx, email, password, h.clientAddr(r))
	if err != nil {
		p := &loginPage{basePage: h.newBase(w, r, "login.title", ""), Email: email, Next: next}
		status := http.StatusUnauthorized
		switch mutual.ErrorCode(err) {
		case mutual.EUNAUTHORIZED, mutual.EINVALID:
			p.Error = p.T("login.failed")
		case mutual.ERATELIMIT:
			status = http.StatusTooManyRequests
			wait := mutual.ErrorRetryAfter(err)
			if wait <= 0 {
				wait = mutual.LoginWindow
			}
			secs := int((wait + time.Second - 1) / time.Second)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			if secs <= 90 {
				p.Error = p.T("login.rate_limited_seconds", secs)
			} else {
				p.Error = p.T("login.rate_limited", (secs+59)/60)
			}
		default:
			return err
		}
		return h.render(w, r, status, "login", p)
	}
	secret, err := h.svc.Sessions.CreateSession(mutual.NewContextWithUser(ctx, u), u.ID, mutual.SessionBrowser)
	if err != nil {
		return err
	}
	h.setCookie(w, sessionCookie, secret, mutual.SessionLifetime)
	http.Redirect(w, r, localPath(next, "/"), http.StatusSeeOther)
	return nil
}

// handleLogout ends the session and forgets the cookie.
func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := h.svc.Sessions.RevokeSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// handleLocale switches the language: for a signed-in user it is saved
// with the user; before signing in it lives in a cookie.
func (h *Handler) handleLocale(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	l := f.Text("lang")
	if !i18n.Supported(l) {
		return mutual.Errorf(mutual.EMALFORMED, "Unknown language.")
	}
	if u, err := h.authenticate(r); err == nil {
		if _, err := h.svc.Users.UpdateUser(mutual.NewContextWithUser(r.Context(), u), u.ID, mutual.UserUpdate{Locale: &l}); err != nil {
			return err
		}
	}
	h.setCookie(w, langCookie, l, 365*24*time.Hour)
	return h.redirectFlash(w, r, f.Next("/"), "")
}

// remoteAddr returns the client's IP address for rate limiting.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
