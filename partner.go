package mutual

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Partner roles: one company is often several at once.
const (
	PartnerSupplier    = "supplier"
	PartnerCustomer    = "customer"
	PartnerDistributor = "distributor"
)

// PartnerRoles, Segments and Statuses list the allowed values in display order.
var (
	PartnerRoles = []string{PartnerSupplier, PartnerCustomer, PartnerDistributor}
	Segments     = []string{"strategic", "leverage", "bottleneck", "routine"}
	Statuses     = []string{string(PartnerProspect), string(PartnerOnboarding), string(PartnerActive), string(PartnerSuspended), string(PartnerOffboarded)}
)

// Partner is an external company we buy from, sell to or distribute through.
type Partner struct {
	ID          ID        `json:"id"`
	Name        string    `json:"name"`
	LegalName   string    `json:"legal_name"`
	TaxCode     string    `json:"tax_code"`
	Country     string    `json:"country"`
	Roles       []string  `json:"roles"`
	Segment     string    `json:"segment"`
	Status      string    `json:"status"`
	OwnerID     ID        `json:"owner_id"`   // key account manager
	SponsorID   ID        `json:"sponsor_id"` // executive sponsor
	Website     string    `json:"website"`
	Email       string    `json:"email"`
	Phone       string    `json:"phone"`
	Address     string    `json:"address"`
	AnnualSpend Money     `json:"annual_spend"` // expected yearly spend with the partner
	Notes       string    `json:"notes"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	// Joined on reads, never written.
	OwnerName   string     `json:"owner_name,omitempty"`
	SponsorName string     `json:"sponsor_name,omitempty"`
	Contacts    []*Contact `json:"contacts,omitempty"`
	// LastTouchAt is the last done interaction; NextDueOn the earliest day a
	// touch its cadence asks for falls due. Internal users only.
	LastTouchAt *time.Time `json:"last_touch_at,omitempty"`
	NextDueOn   Date       `json:"next_due_on"`
}

// HasRole reports whether the partner has role r.
func (p *Partner) HasRole(r string) bool { return oneOf(r, p.Roles) }

// Validate normalizes p (trims, upper-cases the country, puts the tax code in
// its standard form, orders roles) and checks every field.
func (p *Partner) Validate() error {
	var pr Problems
	p.Name = strings.TrimSpace(p.Name)
	p.LegalName = strings.TrimSpace(p.LegalName)
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	p.Website = strings.TrimSpace(p.Website)
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	p.Phone = strings.TrimSpace(p.Phone)
	p.Address = strings.TrimSpace(p.Address)
	p.Segment = strings.ToLower(strings.TrimSpace(p.Segment))
	p.Status = strings.ToLower(strings.TrimSpace(p.Status))
	if p.Status == "" {
		p.Status = string(PartnerProspect)
	}

	if p.Name == "" {
		pr.Add("name", "required", "Name is required.")
	} else if len([]rune(p.Name)) > 200 {
		pr.Add("name", "too_long", "Name is too long (200 characters at most).")
	}
	if len([]rune(p.LegalName)) > 300 {
		pr.Add("legal_name", "too_long", "Legal name is too long (300 characters at most).")
	}
	if tc := strings.TrimSpace(p.TaxCode); tc == "" {
		p.TaxCode = ""
	} else if p.Country != "" && p.Country != "VN" {
		// Foreign tax identifiers have many forms; keep them as typed.
		if len(tc) > 40 {
			pr.Add("tax_code", "too_long", "Tax code is too long.")
		}
		p.TaxCode = tc
	} else if norm, ok := NormalizeTaxCode(tc); ok {
		p.TaxCode = norm
	} else {
		pr.Add("tax_code", "tax_code", "Not a valid Vietnamese tax code: 10 digits with a correct check digit, optionally -NNN for a branch.")
	}
	if p.Country == "" {
		pr.Add("country", "required", "Country is required.")
	} else if !IsCountry(p.Country) {
		pr.Add("country", "country", "Not an ISO 3166 country code (such as VN or US).")
	}
	roles := make([]string, 0, len(p.Roles))
	for _, r := range p.Roles {
		r = strings.ToLower(strings.TrimSpace(r))
		if r == "" || oneOf(r, roles) {
			continue
		}
		if !oneOf(r, PartnerRoles) {
			pr.Add("roles", "enum", "Roles must be among supplier, customer, distributor.")
			break
		}
		roles = append(roles, r)
	}
	if len(roles) == 0 && !pr.Has("roles") {
		pr.Add("roles", "required", "Choose at least one role.")
	}
	p.Roles = orderLike(roles, PartnerRoles)
	if p.Segment != "" && !oneOf(p.Segment, Segments) {
		pr.Add("segment", "enum", "Segment must be strategic, leverage, bottleneck or routine.")
	}
	if !oneOf(p.Status, Statuses) {
		pr.Add("status", "enum", "Status must be prospect, onboarding, active, suspended or offboarded.")
	}
	if p.Website != "" {
		if !strings.Contains(p.Website, "://") {
			p.Website = "https://" + p.Website
		}
		if u, err := url.Parse(p.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
			pr.Add("website", "url", "Not a valid web address.")
		}
	}
	validateEmail(&pr, "email", p.Email, false)
	if len(p.Phone) > 50 {
		pr.Add("phone", "too_long", "Phone is too long.")
	}
	if len(p.Address) > 500 {
		pr.Add("address", "too_long", "Address is too long.")
	}
	if len(p.Notes) > 10000 {
		pr.Add("notes", "too_long", "Notes are too long (10,000 characters at most).")
	}
	p.AnnualSpend.Validate("annual_spend", &pr)
	for _, f := range []struct {
		name, val string
		lines     bool
	}{{"name", p.Name, false}, {"legal_name", p.LegalName, false}, {"tax_code", p.TaxCode, false}, {"website", p.Website, false},
		{"email", p.Email, false}, {"phone", p.Phone, false}, {"address", p.Address, true}, {"notes", p.Notes, true}} {
		checkText(&pr, f.name, f.val, f.lines)
	}
	return pr.Err()
}

// SearchText returns what search looks through for p: names, tax code and
// its contacts' names and emails, folded.
func (p *Partner) SearchText(contacts []*Contact) string {
	parts := []string{p.Name, p.LegalName, p.TaxCode, strings.ReplaceAll(p.TaxCode, "-", "")}
	for _, c := range contacts {
		parts = append(parts, c.Name, c.Email)
	}
	return Fold(strings.Join(parts, " "))
}

// SortKey is the key partners are ordered by name with.
func (p *Partner) SortKey() string { return Fold(p.Name) }

func orderLike(vals, order []string) []string {
	out := vals[:0:0]
	for _, o := range order {
		if oneOf(o, vals) {
			out = append(out, o)
		}
	}
	return out
}

// Partner list orders.
const (
	SortName        = "name"
	SortNameDesc    = "-name"
	SortUpdated     = "updated"
	SortUpdatedDesc = "-updated"
)

// PartnerSorts lists the orders of the partner list.
var PartnerSorts = []string{SortName, SortNameDesc, SortUpdatedDesc, SortUpdated}

// PartnerFilter selects partners. Query matches name, legal name, tax code
// and contact names and emails; every word must match the start of a word,
// without regard to case or accents.
type PartnerFilter struct {
	Query   string
	Role    string
	Segment string
	Status  string
	OwnerID ID
	Sort    string // one of PartnerSorts; default name
	Cursor  string
	Limit   int // default 50, at most 500
}

// Validate checks the filter values a client sent.
func (f *PartnerFilter) Validate() error {
	var p Problems
	if f.Role != "" && !oneOf(f.Role, PartnerRoles) {
		p.Add("role", "enum", "Role must be supplier, customer or distributor.")
	}
	if f.Segment != "" && !oneOf(f.Segment, Segments) {
		p.Add("segment", "enum", "Segment must be strategic, leverage, bottleneck or routine.")
	}
	if f.Status != "" && !oneOf(f.Status, Statuses) {
		p.Add("status", "enum", "Status must be prospect, onboarding, active, suspended or offboarded.")
	}
	if f.Sort == "" {
		f.Sort = SortName
	} else if !oneOf(f.Sort, PartnerSorts) {
		p.Add("sort", "enum", "Sort must be name, -name, updated or -updated.")
	}
	f.Limit = ClampLimit(f.Limit)
	return p.Err()
}

// MaxLimit is the most items one page of a list holds.
const MaxLimit = 500

// ClampLimit applies the list limits: default 50, at most MaxLimit.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// PartnerUpdate holds the fields to change; nil fields stay as they are.
type PartnerUpdate struct {
	Name        *string
	LegalName   *string
	TaxCode     *string
	Country     *string
	Roles       *[]string
	Segment     *string
	Status      *string // refused unless unchanged: see CheckStatusKept and MoveTo
	OwnerID     *ID
	SponsorID   *ID
	Website     *string
	Email       *string
	Phone       *string
	Address     *string
	AnnualSpend *Money
	Notes       *string
	Version     int // expected version; 0 skips the check
}

// Apply copies the set fields of upd onto p.
func (upd PartnerUpdate) Apply(p *Partner) {
	set(&p.Name, upd.Name)
	set(&p.LegalName, upd.LegalName)
	set(&p.TaxCode, upd.TaxCode)
	set(&p.Country, upd.Country)
	set(&p.Roles, upd.Roles)
	set(&p.Segment, upd.Segment)
	set(&p.Status, upd.Status)
	set(&p.OwnerID, upd.OwnerID)
	set(&p.SponsorID, upd.SponsorID)
	set(&p.Website, upd.Website)
	set(&p.Email, upd.Email)
	set(&p.Phone, upd.Phone)
	set(&p.Address, upd.Address)
	set(&p.AnnualSpend, upd.AnnualSpend)
	set(&p.Notes, upd.Notes)
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// PartnerService manages partners. Every method checks the caller from the
// context: supplier users see only their own partner; a partner they may not
// see is ENOTFOUND, never EFORBIDDEN, so IDs cannot be probed. They read it
// without what the buying side keeps to itself (CanReadInternalNotes): notes,
// segment, expected spend, touches and the notes on contacts; a segment
// filter from them is EINVALID.
type PartnerService interface {
	// FindPartnerByID returns the partner with owner and sponsor names and its contacts. ENOTFOUND.
	FindPartnerByID(ctx context.Context, id ID) (*Partner, error)
	// FindPartners returns a page of partners and the cursor of the next page ("" at the end). EINVALID for a bad filter or cursor.
	FindPartners(ctx context.Context, filter PartnerFilter) ([]*Partner, string, error)
	// CreatePartner stores p and its Contacts. A new partner may start in
	// any status (existing active suppliers are imported as active); it
	// moves on only through ChangePartnerStatus. EINVALID, ECONFLICT (tax
	// code taken), EFORBIDDEN.
	CreatePartner(ctx context.Context, p *Partner) error
	// ImportPartners stores all partners with their contacts in one transaction,
	// or none. EINVALID and ECONFLICT name fields as "[i].field" with i the
	// 0-based index in ps, one entry per bad field of every bad partner. EFORBIDDEN.
	ImportPartners(ctx context.Context, ps []*Partner) error
	// NewPartnerImport starts an import of many partners, written in short
	// transactions (see import.go). EFORBIDDEN.
	NewPartnerImport(ctx context.Context) (PartnerImport, error)
	// UpdatePartner changes a partner. EINVALID (a changed status among
	// them: rule use_status_endpoint), ECONFLICT, EPRECONDITION, ENOTFOUND, EFORBIDDEN.
	UpdatePartner(ctx context.Context, id ID, upd PartnerUpdate) (*Partner, error)
	// ExportPartners calls fn for every partner the caller may see, with its contacts, ordered by name.
	ExportPartners(ctx context.Context, fn func(*Partner) error) error
	// FindPartnerIDsByTaxCode maps the given standard-form tax codes to the IDs of
	// the partners the caller may see that hold them; unknown codes are left out.
	FindPartnerIDsByTaxCode(ctx context.Context, codes []string) (map[string]ID, error)
	// The life cycle: partner_status.go.
	PartnerStatusService
}
