package mutual

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// User roles. Internal users work for the buying company; a supplier user
// belongs to exactly one partner and sees only what concerns it.
const (
	RoleAdmin    = "admin"
	RoleManager  = "manager"
	RoleBuyer    = "buyer"
	RoleViewer   = "viewer"
	RoleSupplier = "supplier"
)

// Roles lists the user roles in order of power.
var Roles = []string{RoleAdmin, RoleManager, RoleBuyer, RoleViewer, RoleSupplier}

// Locales are the languages of the UI.
var Locales = []string{"en", "vi"}

// User is a person who signs in to Mutual.
type User struct {
	ID        ID     `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	PartnerID ID     `json:"partner_id"`
	Locale    string `json:"locale"` // "en", "vi" or "" (from the browser)
	Disabled  bool   `json:"disabled"`
	// PasswordResetAt and PasswordResetBy say when and by whom the password
	// was last set by someone other than the user: an administrator's reset,
	// or the initial password of an account an administrator created. Zero
	// when never (the command line's users too).
	PasswordResetAt time.Time `json:"password_reset_at"`
	PasswordResetBy ID        `json:"password_reset_by"`
	Version         int       `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// IsInternal reports whether u works for the buying company.
func (u *User) IsInternal() bool { return u != nil && u.Role != RoleSupplier && u.Role != "" }

// CanOwnRelationships reports whether u may own relationships: be a
// partner's key account manager or on its relationship team. Owning one
// means keeping its record (logging touches, commitments, gifts), so only
// active users who can write may: admins, managers and buyers, never a
// viewer.
func (u *User) CanOwnRelationships() bool { return Allowed(u, PermOwnRelationships, 0) }

// CanSponsor reports whether u may be a partner's executive sponsor: any
// active internal user, viewers included. A sponsor is often a senior
// person with read-only access; the part is to meet the partner's
// executives, and the record of it is kept by the key account manager.
// Sponsoring gives no right in Mutual.
func (u *User) CanSponsor() bool { return Allowed(u, PermSponsor, 0) }

// Validate normalizes and checks u before it is stored.
func (u *User) Validate() error {
	var p Problems
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	u.Locale = strings.TrimSpace(u.Locale)
	validateEmail(&p, "email", u.Email, true)
	if u.Name == "" {
		p.Add("name", "required", "Name is required.")
	} else if len(u.Name) > 200 {
		p.Add("name", "too_long", "Name is too long (200 characters at most).")
	}
	if !oneOf(u.Role, Roles) {
		p.Add("role", "enum", "Role must be one of admin, manager, buyer, viewer, supplier.")
	} else if u.Role == RoleSupplier && u.PartnerID == 0 {
		p.Add("partner_id", "required", "A supplier user belongs to a partner.")
	} else if u.Role != RoleSupplier && u.PartnerID != 0 {
		p.Add("partner_id", "not_allowed", "Only supplier users belong to a partner.")
	}
	if u.Locale != "" && !oneOf(u.Locale, Locales) {
		p.Add("locale", "enum", "Language must be en or vi.")
	}
	checkText(&p, "name", u.Name, false)
	checkText(&p, "email", u.Email, false)
	return p.Err()
}

// ValidatePassword checks a new password.
func ValidatePassword(field, pw string) error {
	var p Problems
	if n := len([]rune(pw)); n < 10 {
		p.Add(field, "password_short", "Password must be at least 10 characters.")
	} else if len(pw) > 1024 {
		p.Add(field, "too_long", "Password is too long.")
	}
	return p.Err()
}

// UserFilter selects users.
type UserFilter struct {
	Role      string
	PartnerID ID
	Cursor    string
	Limit     int
}

// UserUpdate holds the fields to change; nil fields stay as they are.
type UserUpdate struct {
	Name      *string
	Email     *string
	Role      *string
	PartnerID *ID
	Locale    *string
	Disabled  *bool
	Password  *string // new password
	Version   int     // expected version; 0 skips the check
}

// UserService manages users. Only admins may list, create or change other
// users; any user may read and change their own name, locale and password.
type UserService interface {
	// FindUserByID returns ENOTFOUND when there is no such user or the caller may not see it.
	FindUserByID(ctx context.Context, id ID) (*User, error)
	// FindUsers returns a page of users ordered by email and the next cursor. EFORBIDDEN for non-admins.
	FindUsers(ctx context.Context, filter UserFilter) ([]*User, string, error)
	// CreateUser stores u with password. EINVALID, ECONFLICT (email taken), EFORBIDDEN.
	CreateUser(ctx context.Context, u *User, password string) error
	// UpdateUser changes a user. EINVALID, ECONFLICT, EPRECONDITION (stale version), ENOTFOUND, EFORBIDDEN.
	// Disabling a user or changing the password ends their sessions and tokens.
	UpdateUser(ctx context.Context, id ID, upd UserUpdate) (*User, error)
	// FindAssignableUsers returns the enabled internal users, by name, who can own
	// or sponsor a partner. Any internal user may call it; EFORBIDDEN for supplier users.
	FindAssignableUsers(ctx context.Context) ([]*User, error)
}

func validateEmail(p *Problems, field, email string, required bool) {
	if email == "" {
		if required {
			p.Add(field, "required", "Email is required.")
		}
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") || len(email) > 254 {
		p.Add(field, "email", "Not a valid email address.")
	}
}
