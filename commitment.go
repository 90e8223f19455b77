package mutual

import (
	"context"
	"strings"
	"time"
)

// Commitment sides and statuses.
var (
	CommitmentSides    = []string{"ours", "theirs"}
	CommitmentStatuses = []string{string(CommitmentOpen), string(CommitmentDone), string(CommitmentMissed), string(CommitmentCancelled)}
)

// CommitmentStatus is where a commitment stands; Commitment.Status holds
// it as its JSON string.
type CommitmentStatus string

// Commitment statuses: open until done, missed (past due, set by the
// store) or cancelled.
const (
	CommitmentOpen      CommitmentStatus = "open"
	CommitmentDone      CommitmentStatus = "done"
	CommitmentMissed    CommitmentStatus = "missed"
	CommitmentCancelled CommitmentStatus = "cancelled"
)

// State returns the commitment's status as a CommitmentStatus.
func (c *Commitment) State() CommitmentStatus { return CommitmentStatus(c.Status) }

// Commitment is an action item one side owes the other: who, what, by when.
type Commitment struct {
	ID             ID        `json:"id"`
	PartnerID      ID        `json:"partner_id"`
	Title          string    `json:"title"`
	Side           string    `json:"side"`             // ours or theirs
	OwnerUserID    ID        `json:"owner_user_id"`    // ours: one of our users
	OwnerContactID ID        `json:"owner_contact_id"` // theirs: one of their contacts
	DueOn          Date      `json:"due_on"`
	Status         string    `json:"status"`
	DoneOn         Date      `json:"done_on"`
	InteractionID  ID        `json:"interaction_id"` // where it came from, if an interaction
	Source         string    `json:"source"`         // interaction, review, manual
	Notes          string    `json:"notes"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`

	// Joined on reads.
	OwnerName   string `json:"owner_name,omitempty"`
	PartnerName string `json:"partner_name,omitempty"`
}

// HideInternal clears what u may not read: the buying side's notes, from
// supplier users (CanReadInternalNotes).
func (c *Commitment) HideInternal(u *User) {
	if !CanReadInternalNotes(u) {
		c.Notes = ""
	}
}

// CommitmentSources are where commitments come from.
var CommitmentSources = []string{"manual", "interaction", "review"}

// Validate normalizes and checks c.
func (c *Commitment) Validate() error {
	var p Problems
	c.Title = strings.TrimSpace(c.Title)
	c.Side = strings.ToLower(strings.TrimSpace(c.Side))
	c.Status = strings.ToLower(strings.TrimSpace(c.Status))
	if c.Status == "" {
		c.Status = string(CommitmentOpen)
	}
	if c.Source == "" {
		c.Source = "manual"
	}
	if c.Title == "" {
		p.Add("title", "required", "Say what is committed.")
	} else if len([]rune(c.Title)) > 300 {
		p.Add("title", "too_long", "Title is too long (300 characters at most).")
	}
	if !oneOf(c.Side, CommitmentSides) {
		p.Add("side", "enum", "Side must be ours or theirs.")
	} else if c.Side == "ours" && c.OwnerContactID != 0 {
		p.Add("owner_contact_id", "side", "Our commitments are owned by one of our users.")
	} else if c.Side == "theirs" && c.OwnerUserID != 0 {
		p.Add("owner_user_id", "side", "Their commitments are owned by one of their contacts.")
	}
	if c.DueOn.IsZero() {
		p.Add("due_on", "required", "Due date is required.")
	} else if y := c.DueOn.Year(); y < 1990 || y > 2200 {
		p.Add("due_on", "range", "The date is out of range.")
	}
	if !oneOf(c.Status, CommitmentStatuses) {
		p.Add("status", "enum", "Status must be open, done, missed or cancelled.")
	}
	if !oneOf(c.Source, CommitmentSources) {
		p.Add("source", "enum", "Source must be manual, interaction or review.")
	}
	if len(c.Notes) > 5000 {
		p.Add("notes", "too_long", "Notes are too long (5,000 characters at most).")
	}
	checkText(&p, "title", c.Title, false)
	checkText(&p, "notes", c.Notes, true)
	return p.Err()
}

// KeptOnTime reports whether c was done by its due date.
func (c *Commitment) KeptOnTime() bool {
	return c.State() == CommitmentDone && !c.DoneOn.IsZero() && !c.DoneOn.After(c.DueOn)
}

// CommitmentFilter selects commitments, by due date.
type CommitmentFilter struct {
	PartnerID   ID
	Side        string
	Status      string
	OwnerUserID ID
	DueBefore   Date // due on or before
	Cursor      string
	Limit       int
}

// CommitmentUpdate holds the fields to change; nil fields stay as they are.
type CommitmentUpdate struct {
	Title          *string
	OwnerUserID    *ID
	OwnerContactID *ID
	DueOn          *Date
	Status         *string
	Notes          *string
	Version        int
}

// FollowThroughDays is how far back follow-through looks: twelve months.
const FollowThroughDays = 365

// FollowThrough is how well one side keeps its commitments: those kept on
// time over those that fell due, over the last twelve months.
type FollowThrough struct {
	Side string `json:"side"`
	Kept int    `json:"kept"`
	Due  int    `json:"due"`
	// Percent is Kept/Due as a whole percentage, or nil when nothing fell due.
	Percent *int `json:"percent"`
}

// NewFollowThrough computes the percentage.
func NewFollowThrough(side string, kept, due int) FollowThrough {
	f := FollowThrough{Side: side, Kept: kept, Due: due}
	if due > 0 {
		pct := (kept*100 + due/2) / due
		f.Percent = &pct
	}
	return f
}

// CommitmentService tracks commitments. Internal users read all; buyers,
// managers and admins write. A supplier user sees its own partner's
// commitments, both sides, without the notes (Commitment.HideInternal), and
// may only mark its own side done.
type CommitmentService interface {
	FindCommitmentByID(ctx context.Context, id ID) (*Commitment, error)
	// FindCommitments returns a page of commitments ordered by due date.
	FindCommitments(ctx context.Context, f CommitmentFilter) ([]*Commitment, string, error)
	// CreateCommitment stores c. EINVALID (owner not a user, or not the partner's contact), ENOTFOUND, EFORBIDDEN.
	CreateCommitment(ctx context.Context, c *Commitment) error
	// UpdateCommitment changes c. EINVALID, EPRECONDITION, ENOTFOUND, EFORBIDDEN.
	UpdateCommitment(ctx context.Context, id ID, upd CommitmentUpdate) (*Commitment, error)
	// FollowThrough returns ours and theirs for a partner over the twelve months to today.
	FollowThrough(ctx context.Context, partnerID ID) ([]FollowThrough, error)
	// MarkMissed turns open commitments whose due day has ended into missed
	// ones and returns how many; each is audited. Jobs call it.
	MarkMissed(ctx context.Context) (int, error)
}
