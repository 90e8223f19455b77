package mutual

import (
	"context"
	"strings"
	"time"
)

// Interaction kinds, levels and statuses.
var (
	InteractionKinds    = []string{"call", "email", "meeting", "video", "visit"}
	InteractionLevels   = []string{"operational", "management", "executive"}
	InteractionStatuses = []string{string(InteractionPlanned), string(InteractionDone), string(InteractionCancelled)}
)

// InteractionStatus is where an interaction stands; Interaction.Status
// holds it as its JSON string.
type InteractionStatus string

// Interaction statuses: planned, then done or cancelled.
const (
	InteractionPlanned   InteractionStatus = "planned"
	InteractionDone      InteractionStatus = "done"
	InteractionCancelled InteractionStatus = "cancelled"
)

// State returns the interaction's status as an InteractionStatus.
func (in *Interaction) State() InteractionStatus { return InteractionStatus(in.Status) }

// Interaction is one entry on a partner's timeline: a call, email, meeting,
// video call or in-person visit, done or planned.
type Interaction struct {
	ID             ID         `json:"id"`
	PartnerID      ID         `json:"partner_id"`
	Kind           string     `json:"kind"`
	Level          string     `json:"level"`
	Status         string     `json:"status"` // planned, done, cancelled
	OccurredAt     time.Time  `json:"occurred_at"`
	EndsAt         *time.Time `json:"ends_at"`
	Subject        string     `json:"subject"`
	Notes          string     `json:"notes"`
	Outcome        string     `json:"outcome"`
	Sentiment      *int       `json:"sentiment"` // -2..2, when known
	Location       string     `json:"location"`
	OurAttendees   []ID       `json:"our_attendees"`   // users
	TheirAttendees []ID       `json:"their_attendees"` // contacts of the partner
	CreatedBy      ID         `json:"created_by"`
	Version        int        `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`

	// Commitments are follow-ups created in the same form; on reads, those
	// that came from this interaction.
	Commitments []*Commitment `json:"commitments,omitempty"`
}

// Validate normalizes and checks the interaction's own fields. The store
// checks attendees against the partner's contacts and the users.
func (in *Interaction) Validate() error {
	var p Problems
	in.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	in.Level = strings.ToLower(strings.TrimSpace(in.Level))
	in.Status = strings.ToLower(strings.TrimSpace(in.Status))
	in.Subject = strings.TrimSpace(in.Subject)
	in.Location = strings.TrimSpace(in.Location)
	if in.Level == "" {
		in.Level = "operational"
	}
	if in.Status == "" {
		in.Status = string(InteractionDone)
	}
	if !oneOf(in.Kind, InteractionKinds) {
		p.Add("kind", "enum", "Kind must be call, email, meeting, video or visit.")
	}
	if !oneOf(in.Level, InteractionLevels) {
		p.Add("level", "enum", "Level must be operational, management or executive.")
	}
	if !oneOf(in.Status, InteractionStatuses) {
		p.Add("status", "enum", "Status must be planned, done or cancelled.")
	}
	if in.OccurredAt.IsZero() {
		p.Add("occurred_at", "required", "When did it happen (or when is it planned)?")
	} else if in.OccurredAt.Year() < 1990 || in.OccurredAt.Year() > 2200 {
		p.Add("occurred_at", "range", "The date is out of range.")
	}
	if in.EndsAt != nil && !in.OccurredAt.IsZero() && !in.EndsAt.After(in.OccurredAt) {
		p.Add("ends_at", "before_start", "The end must be after the start.")
	} else if in.EndsAt != nil && in.EndsAt.Sub(in.OccurredAt) > 14*24*time.Hour {
		p.Add("ends_at", "range", "An interaction lasts at most 14 days.")
	}
	if in.Subject == "" {
		p.Add("subject", "required", "Subject is required.")
	} else if len([]rune(in.Subject)) > 300 {
		p.Add("subject", "too_long", "Subject is too long (300 characters at most).")
	}
	if in.Sentiment != nil && (*in.Sentiment < -2 || *in.Sentiment > 2) {
		p.Add("sentiment", "range", "Sentiment goes from -2 (very negative) to 2 (very positive).")
	}
	if len(in.Notes) > 20000 {
		p.Add("notes", "too_long", "Notes are too long (20,000 characters at most).")
	}
	if len(in.Outcome) > 5000 {
		p.Add("outcome", "too_long", "Outcome is too long (5,000 characters at most).")
	}
	checkText(&p, "subject", in.Subject, false)
	checkText(&p, "location", in.Location, false)
	checkText(&p, "notes", in.Notes, true)
	checkText(&p, "outcome", in.Outcome, true)
	in.OurAttendees = uniqueIDs(in.OurAttendees)
	in.TheirAttendees = uniqueIDs(in.TheirAttendees)
	for i, c := range in.Commitments {
		c.PartnerID = in.PartnerID
		for _, f := range ErrorFields(c.Validate()) {
			p.Add("commitments["+itoa(i)+"]."+f.Field, f.Rule, f.Message)
		}
	}
	return p.Err()
}

// InteractionFilter selects timeline entries of one partner, newest first.
type InteractionFilter struct {
	PartnerID ID
	Kind      string
	Level     string
	Status    string
	Cursor    string
	Limit     int
}

// InteractionUpdate holds the fields to change; nil fields stay as they are.
type InteractionUpdate struct {
	Kind           *string
	Level          *string
	Status         *string // planned -> done or cancelled
	OccurredAt     *time.Time
	EndsAt         **time.Time
	Subject        *string
	Notes          *string
	Outcome        *string
	Sentiment      **int
	Location       *string
	OurAttendees   *[]ID
	TheirAttendees *[]ID
	Version        int
}

// Apply copies the set fields of upd onto in.
func (upd InteractionUpdate) Apply(in *Interaction) {
	set(&in.Kind, upd.Kind)
	set(&in.Level, upd.Level)
	set(&in.Status, upd.Status)
	set(&in.OccurredAt, upd.OccurredAt)
	set(&in.EndsAt, upd.EndsAt)
	set(&in.Subject, upd.Subject)
	set(&in.Notes, upd.Notes)
	set(&in.Outcome, upd.Outcome)
	set(&in.Sentiment, upd.Sentiment)
	set(&in.Location, upd.Location)
	set(&in.OurAttendees, upd.OurAttendees)
	set(&in.TheirAttendees, upd.TheirAttendees)
}

// CanWriteInteractions reports whether u may log and change interactions:
// buyers, managers and admins. Supplier users never see interactions.
func CanWriteInteractions(u *User) bool { return Allowed(u, PermWriteInteractions, 0) }

// CanReadInteractions reports whether u may read the timeline: internal users only.
func CanReadInteractions(u *User) bool { return Allowed(u, PermReadInteractions, 0) }

// InteractionService keeps partners' timelines. Supplier users get ENOTFOUND.
type InteractionService interface {
	// FindInteractionByID returns ENOTFOUND.
	FindInteractionByID(ctx context.Context, id ID) (*Interaction, error)
	// FindInteractions returns a page of a partner's timeline, newest first.
	FindInteractions(ctx context.Context, f InteractionFilter) ([]*Interaction, string, error)
	// CreateInteraction logs in and its Commitments in one transaction.
	// EINVALID (also for attendees who are not the partner's contacts or not users), ENOTFOUND, EFORBIDDEN.
	CreateInteraction(ctx context.Context, in *Interaction) error
	// UpdateInteraction changes an entry; a planned one may become done or cancelled. EINVALID, EPRECONDITION, ENOTFOUND, EFORBIDDEN.
	UpdateInteraction(ctx context.Context, id ID, upd InteractionUpdate) (*Interaction, error)
	// ImportInteractions logs many interactions, with their commitments, in
	// one transaction, or none: fields are named "[i].field". For bulk loads
	// such as demo data; each entry is checked and audited as one logged alone.
	ImportInteractions(ctx context.Context, list []*Interaction) error
}
