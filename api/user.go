package api

import (
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

// userJSON is a user as the API writes it: password_reset_at is null when
// nobody else ever set the password.
type userJSON struct {
	*mutual.User
	PasswordResetAt *time.Time `json:"password_reset_at"`
}

func newUserJSON(u *mutual.User) userJSON {
	return userJSON{User: u, PasswordResetAt: nullTime(u.PasswordResetAt)}
}

// userServerFields are the fields of a user the server sets.
var userServerFields = []string{"password_reset_at", "password_reset_by"}

func userURL(id mutual.ID) string { return "/api/v1/users/" + id.String() }

// handleUserList returns a page of users ordered by email.
func (h *Handler) handleUserList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.UserFilter{
		Role:      q.enum("role", mutual.Roles),
		PartnerID: q.id("partner_id"),
		Cursor:    q.str("cursor"),
		Limit:     q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	users, next, err := h.svc.Users.FindUsers(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = newUserJSON(u)
	}
	return writeJSON(w, http.StatusOK, newList(out, next))
}

// handleUserGet returns one user.
func (h *Handler) handleUserGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.svc.Users.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	setETag(w, u.Version)
	return writeJSON(w, http.StatusOK, newUserJSON(u))
}

// handleUserCreate creates a user with an initial password, which is never
// returned.
func (h *Handler) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	u := &mutual.User{
		Email:     value[string](o, "email"),
		Name:      value[string](o, "name"),
		Role:      value[string](o, "role"),
		PartnerID: value[mutual.ID](o, "partner_id"),
		Locale:    value[string](o, "locale"),
		Disabled:  value[bool](o, "disabled"),
	}
	password := field[string](o, "password")
	o.reject("Set by the server.", userServerFields...)
	if password == nil && !o.problems.Has("password") {
		o.add("password", "required", "An initial password is required (10 characters at least).")
	}
	if err := o.done(); err != nil {
		checks := []error{u.Validate()}
		if password != nil {
			checks = append(checks, mutual.ValidatePassword("password", *password))
		}
		return withValidation(err, checks...)
	}
	if err := h.svc.Users.CreateUser(r.Context(), u, *password); err != nil {
		return err
	}
	w.Header().Set("Location", userURL(u.ID))
	setETag(w, u.Version)
	return writeJSON(w, http.StatusCreated, newUserJSON(u))
}

// handleUserUpdate changes the fields present in the body. Disabling a user,
// setting their password or changing their role ends their sessions and
// tokens; a password set for another user is recorded as a reset by the
// caller (password_reset_at, password_reset_by).
func (h *Handler) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.UserUpdate{
		Name:      field[string](o, "name"),
		Email:     field[string](o, "email"),
		Role:      field[string](o, "role"),
		PartnerID: field[mutual.ID](o, "partner_id"),
		Locale:    field[string](o, "locale"),
		Disabled:  field[bool](o, "disabled"),
		Password:  field[string](o, "password"),
	}
	o.reject("Set by the server.", userServerFields...)
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	u, err := h.svc.Users.UpdateUser(r.Context(), id, upd)
	if err != nil {
		return err
	}
	setETag(w, u.Version)
	return writeJSON(w, http.StatusOK, newUserJSON(u))
}
