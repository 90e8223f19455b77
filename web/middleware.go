package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// contentSecurityPolicy allows only this site's own files: no inline
// scripts or styles, no framing, forms posting only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (h *Handler) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if h.secure {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOriginProtection refuses state-changing requests that a browser
// sends from another site (cross-site request forgery), with a page that
// says so.
func (h *Handler) crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.renderError(w, r, mutual.Errorf(mutual.EFORBIDDEN, "Cross-origin request refused."))
	}))
	return cop.Handler(next)
}

// handlerFunc is a page handler. It returns an error instead of writing
// one; serveError turns it into a page, so that no handler can forget to
// stop after an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// public serves fn to anyone, signed in or not.
func (h *Handler) public(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(withLocale(r.Context(), h.locale(r, nil)))
		h.run(fn, w, r)
	})
}

// page serves the route to signed-in users who hold what it needs, with
// the user and their language in the request context. Others are sent to
// the sign-in page; a supplier user asking for a buying-side page goes to
// the portal; a user lacking a permission gets 404 or 403, as the
// permission table says, before the handler runs.
func (h *Handler) page(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := h.authenticate(r)
		if err != nil {
			r = r.WithContext(withLocale(r.Context(), h.locale(r, nil)))
			if mutual.ErrorCode(err) == mutual.EUNAUTHORIZED {
				if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
					h.clearCookie(w, sessionCookie) // ended or revoked: forget it
				}
				h.redirectToLogin(w, r)
				return
			}
			h.serveError(w, r, err)
			return
		}
		if to := portalRedirect(u, r); to != "" {
			http.Redirect(w, r, to, http.StatusSeeOther) // supplier users have the portal instead
			return
		}
		ctx := mutual.NewContextWithUser(r.Context(), u)
		r = r.WithContext(withLocale(ctx, h.locale(r, u)))
		w.Header().Set("Cache-Control", "no-store")
		if err := rt.check(r, u); err != nil {
			h.serveError(w, r, err)
			return
		}
		h.run(rt.handle, w, r)
	})
}

// check answers whether u holds the permissions the route needs.
func (rt route) check(r *http.Request, u *mutual.User) error {
	var partnerID mutual.ID
	if strings.Contains(rt.pattern, "/partners/{id}") {
		partnerID, _ = mutual.ParseID(r.PathValue("id"))
	}
	return mutual.RefusalOfAny(u, partnerID, rt.need)
}

// run calls fn and renders its error.
func (h *Handler) run(fn handlerFunc, w http.ResponseWriter, r *http.Request) {
	if err := fn(w, r); err != nil {
		h.serveError(w, r, err)
	}
}

// redirectToLogin sends the browser to the sign-in page, to come back to
// the page it asked for when that was a plain GET.
func (h *Handler) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// serveError renders err as a page, or redirects to sign-in when the
// session has ended.
func (h *Handler) serveError(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = mutual.Errorf(mutual.EMALFORMED, "The request is too large.")
	}
	if mutual.ErrorCode(err) == mutual.EUNAUTHORIZED {
		h.redirectToLogin(w, r)
		return
	}
	h.renderError(w, r, err)
}

type ctxKey int

const localeKey ctxKey = iota

func withLocale(ctx context.Context, locale string) context.Context {
	return context.WithValue(ctx, localeKey, locale)
}

// localeFrom returns the language of the request.
func localeFrom(ctx context.Context) string {
	if l, ok := ctx.Value(localeKey).(string); ok {
		return l
	}
	return i18n.Default
}

// locale picks the language of a request: the user's choice, else a
// ?lang= or the language cookie (set on the sign-in page), else the
// browser's Accept-Language, else English.
func (h *Handler) locale(r *http.Request, u *mutual.User) string {
	if u != nil && i18n.Supported(u.Locale) {
		return u.Locale
	}
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

// localPath returns next when it is a path on this site, else fallback, so
// that redirects after sign-in cannot send users elsewhere.
func localPath(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return fallback
	}
	return next
}
