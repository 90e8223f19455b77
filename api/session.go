package api

import (
	"net"
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

// tokenResponse is the answer to a sign-in.
type tokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

// handleTokenCreate signs in with email and password and returns a new API token.
func (h *Handler) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	email, password := field[string](o, "email"), field[string](o, "password")
	if email == nil && !o.problems.Has("email") {
		o.add("email", "required", "Email is required.")
	}
	if password == nil && !o.problems.Has("password") {
		o.add("password", "required", "Password is required.")
	}
	if err := o.done(); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.svc.Sessions.Login(ctx, *email, *password, h.clientAddr(r))
	if err != nil {
		return err
	}
	tok, err := h.svc.Sessions.CreateSession(ctx, u.ID, mutual.SessionToken)
	if err != nil {
		return err
	}
	expires := h.now().UTC().Add(mutual.TokenLifetime).Truncate(time.Second)
	return writeJSON(w, http.StatusCreated, tokenResponse{Token: tok, ExpiresAt: expires, User: newUserJSON(u)})
}

// remoteAddr is the client's address without the port, for rate limits.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// handleTokenDelete revokes the token the request is made with.
func (h *Handler) handleTokenDelete(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Sessions.RevokeSession(r.Context(), bearerToken(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleMe returns the signed-in user.
func (h *Handler) handleMe(w http.ResponseWriter, r *http.Request) error {
	u := mutual.UserFromContext(r.Context())
	setETag(w, u.Version)
	return writeJSON(w, http.StatusOK, newUserJSON(u))
}

// handleMeUpdate changes the signed-in user's own name, locale or password.
// Changing the password ends every session and token, this one included.
func (h *Handler) handleMeUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.UserUpdate{
		Name:     field[string](o, "name"),
		Locale:   field[string](o, "locale"),
		Password: field[string](o, "password"),
	}
	current := field[string](o, "current_password")
	if upd.Password != nil && current == nil && !o.problems.Has("current_password") {
		o.add("current_password", "required", "Give your current password to set a new one.")
	}
	o.reject("Only an administrator changes this, through /api/v1/users.", "email", "role", "partner_id", "disabled")
	o.reject("Set by the server.", userServerFields...)
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	me := mutual.UserFromContext(r.Context())
	if upd.Password != nil {
		// Whoever holds a token must also know the password to change it.
		// Checking it through Login counts wrong guesses against the limit.
		if _, err := h.svc.Sessions.Login(r.Context(), me.Email, *current, h.clientAddr(r)); mutual.ErrorCode(err) == mutual.EUNAUTHORIZED {
			return &mutual.Error{Code: mutual.EINVALID, Message: "Some fields are not valid.", Fields: []mutual.FieldError{{Field: "current_password", Rule: "wrong_password", Message: "The current password is wrong."}}}
		} else if err != nil {
			return err
		}
	}
	u, err := h.svc.Users.UpdateUser(r.Context(), me.ID, upd)
	if err != nil {
		return err
	}
	setETag(w, u.Version)
	return writeJSON(w, http.StatusOK, newUserJSON(u))
}
