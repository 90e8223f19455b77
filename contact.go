package mutual

import (
	"context"
	"strings"
	"time"
)

// ContactRoles are what a contact is to us; "" is allowed.
var ContactRoles = []string{"account_executive", "owner", "sales", "technical", "finance", "logistics", "other"}

// Contact is a person at a partner.
type Contact struct {
	ID        ID        `json:"id"`
	PartnerID ID        `json:"partner_id"`
	Name      string    `json:"name"`
	Title     string    `json:"title"` // job title as they write it
	Role      string    `json:"role"`  // one of ContactRoles or ""
	Email     string    `json:"email"`
	Phone     string    `json:"phone"`
	Primary   bool      `json:"primary"`
	Notes     string    `json:"notes"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate normalizes and checks c.
func (c *Contact) Validate() error {
	var p Problems
	c.validate(&p, "")
	return p.Err()
}

func (c *Contact) validate(p *Problems, prefix string) {
	c.Name = strings.TrimSpace(c.Name)
	c.Title = strings.TrimSpace(c.Title)
	c.Role = strings.ToLower(strings.TrimSpace(c.Role))
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.Phone = strings.TrimSpace(c.Phone)
	if c.Name == "" {
		p.Add(prefix+"name", "required", "Name is required.")
	} else if len([]rune(c.Name)) > 200 {
		p.Add(prefix+"name", "too_long", "Name is too long (200 characters at most).")
	}
	if len([]rune(c.Title)) > 200 {
		p.Add(prefix+"title", "too_long", "Title is too long (200 characters at most).")
	}
	if c.Role != "" && !oneOf(c.Role, ContactRoles) {
		p.Add(prefix+"role", "enum", "Role must be one of account_executive, owner, sales, technical, finance, logistics, other.")
	}
	validateEmail(p, prefix+"email", c.Email, false)
	if len(c.Phone) > 50 {
		p.Add(prefix+"phone", "too_long", "Phone is too long.")
	}
	if len(c.Notes) > 10000 {
		p.Add(prefix+"notes", "too_long", "Notes are too long (10,000 characters at most).")
	}
	for _, f := range []struct {
		name, val string
		lines     bool
	}{{"name", c.Name, false}, {"title", c.Title, false}, {"email", c.Email, false}, {"phone", c.Phone, false}, {"notes", c.Notes, true}} {
		checkText(p, prefix+f.name, f.val, f.lines)
	}
}

// ContactUpdate holds the fields to change; nil fields stay as they are.
type ContactUpdate struct {
	Name    *string
	Title   *string
	Role    *string
	Email   *string
	Phone   *string
	Primary *bool
	Notes   *string
	Version int // expected version; 0 skips the check
}

// Apply copies the set fields of upd onto c.
func (upd ContactUpdate) Apply(c *Contact) {
	set(&c.Name, upd.Name)
	set(&c.Title, upd.Title)
	set(&c.Role, upd.Role)
	set(&c.Email, upd.Email)
	set(&c.Phone, upd.Phone)
	set(&c.Primary, upd.Primary)
	set(&c.Notes, upd.Notes)
}

// HideInternal clears what u may not read: the buying side's notes, from
// supplier users (CanReadInternalNotes).
func (c *Contact) HideInternal(u *User) {
	if !CanReadInternalNotes(u) {
		c.Notes = ""
	}
}

// CheckInternal adds a problem (field prefix+"notes") when u sets notes it
// may not write: a supplier user's new contact starts without notes.
func (c *Contact) CheckInternal(u *User, prefix string, p *Problems) {
	if CanReadInternalNotes(u) {
		return
	}
	if strings.TrimSpace(c.Notes) != "" {
		p.Add(prefix+"notes", "internal", "Notes are kept by the buying side; leave them out.")
	}
	c.Notes = ""
}

// KeepInternal takes out of upd what u may not change: a supplier user's
// edit keeps the buying side's notes, which it is shown empty. Empty notes
// therefore change nothing; other notes are refused (EINVALID).
func (upd *ContactUpdate) KeepInternal(u *User) error {
	if CanReadInternalNotes(u) || upd.Notes == nil {
		return nil
	}
	if strings.TrimSpace(*upd.Notes) != "" {
		return &Error{Code: EINVALID, Message: "Some fields are not valid.", Fields: []FieldError{{Field: "notes", Rule: "internal", Message: "Notes are kept by the buying side; leave them out."}}}
	}
	upd.Notes = nil
	return nil
}

// ContactService manages the people at partners. Access follows the partner:
// a contact of a partner the caller may not see is ENOTFOUND. Supplier users
// get contacts without notes (Contact.HideInternal) and may not write them.
type ContactService interface {
	// FindContactByID returns ENOTFOUND.
	FindContactByID(ctx context.Context, id ID) (*Contact, error)
	// FindContacts returns the contacts of a partner, primary first, then by name. ENOTFOUND for the partner.
	FindContacts(ctx context.Context, partnerID ID) ([]*Contact, error)
	// CreateContact stores c on c.PartnerID. EINVALID, ENOTFOUND, EFORBIDDEN.
	CreateContact(ctx context.Context, c *Contact) error
	// UpdateContact changes a contact. EINVALID, EPRECONDITION, ENOTFOUND, EFORBIDDEN.
	UpdateContact(ctx context.Context, id ID, upd ContactUpdate) (*Contact, error)
	// DeleteContact removes a contact. EPRECONDITION when version is stale (0 skips the check), ENOTFOUND, EFORBIDDEN.
	DeleteContact(ctx context.Context, id ID, version int) error
	// ImportContacts stores all contacts (each on its PartnerID) in one transaction,
	// or none; fields are named "[i].field" as in ImportPartners. ENOTFOUND for a
	// partner the caller may not see is reported as "[i].partner_id". EFORBIDDEN.
	ImportContacts(ctx context.Context, cs []*Contact) error
	// NewContactImport starts an import of many contacts, written in short
	// transactions (see import.go). EFORBIDDEN.
	NewContactImport(ctx context.Context) (ContactImport, error)
}
