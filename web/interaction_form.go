package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// followUpRows is how many follow-up commitments the interaction form offers.
const followUpRows = 3

// datetimeLocal is the format of a datetime-local input.
const datetimeLocal = "2006-01-02T15:04"

// interactionFields are the inputs of the interaction form, named like the
// API fields; a follow-up row's are "commitments[0].title" and so on, its
// owner one input for the user or contact.
var interactionFields = func() []string {
	f := []string{"kind", "level", "status", "occurred_at", "ends_at", "subject", "location", "notes", "outcome",
		"sentiment", "our_attendees", "their_attendees"}
	for i := 0; i < followUpRows; i++ {
		for _, n := range []string{"title", "side", "owner", "due_on"} {
			f = append(f, rowField(i, n))
		}
	}
	return f
}()

func rowField(i int, name string) string { return "commitments[" + strconv.Itoa(i) + "]." + name }

// followUpForm is one commitment row as typed. Owner is "u:ID" for one of
// our users or "c:ID" for one of the partner's contacts.
type followUpForm struct {
	Title, Side, Owner, DueOn, Notes string
}

func (f followUpForm) blank() bool {
	return strings.TrimSpace(f.Title) == "" && f.Owner == "" && strings.TrimSpace(f.DueOn) == ""
}

// commitment returns the commitment of the row and the problems of the
// values that do not parse, named with prefix; the due date is typed the
// way locale writes dates.
func (f followUpForm) commitment(locale, prefix string) (*mutual.Commitment, mutual.Problems) {
	var probs mutual.Problems
	c := &mutual.Commitment{Title: f.Title, Side: f.Side, Notes: f.Notes}
	kind, raw, _ := strings.Cut(f.Owner, ":")
	id, ok := mutual.ParseID(raw)
	switch {
	case f.Owner == "":
	case kind == "u" && ok && id != 0:
		c.OwnerUserID = id
	case kind == "c" && ok && id != 0:
		c.OwnerContactID = id
	default:
		probs.Add(prefix+"owner", "id", "Choose the owner from the list.")
	}
	if c.Side == "" && c.OwnerUserID != 0 {
		c.Side = "ours"
	} else if c.Side == "" && c.OwnerContactID != 0 {
		c.Side = "theirs"
	}
	if s := strings.TrimSpace(f.DueOn); s != "" {
		if c.DueOn, ok = parseDate(locale, s); !ok {
			probs.Add(prefix+"due_on", "date_format", i18n.T(locale, "form.date_format", i18n.T(locale, "commitment.due_on"), datePattern(locale)))
		}
	}
	return c, probs
}

// interactionForm is the interaction form as the user typed it. Start and
// End are datetime-local values in the company's time zone.
type interactionForm struct {
	Kind, Level, Status               string
	Start, End                        string
	Subject, Location, Notes, Outcome string
	Sentiment                         string
	Ours, Theirs                      []string
	FollowUps                         []followUpForm
	Version                           int
}

// HasOur reports whether one of our users is ticked as an attendee.
func (f *interactionForm) HasOur(id mutual.ID) bool { return contains(f.Ours, id.String()) }

// HasTheir reports whether a contact is ticked as an attendee.
func (f *interactionForm) HasTheir(id mutual.ID) bool { return contains(f.Theirs, id.String()) }

// readInteractionForm reads the posted interaction form as typed.
func readInteractionForm(v *form) interactionForm {
	f := interactionForm{
		Kind: v.Get("kind"), Level: v.Get("level"), Status: v.Get("status"), Start: v.Get("occurred_at"), End: v.Get("ends_at"),
		Subject: v.Get("subject"), Location: v.Get("location"), Notes: v.Get("notes"), Outcome: v.Get("outcome"),
		Sentiment: v.Get("sentiment"), Ours: v.List("our_attendees"), Theirs: v.List("their_attendees"), Version: v.Version(),
		FollowUps: make([]followUpForm, followUpRows),
	}
	for i := range f.FollowUps {
		f.FollowUps[i] = followUpForm{
			Title: v.Get(rowField(i, "title")), Side: v.Get(rowField(i, "side")),
			Owner: v.Get(rowField(i, "owner")), DueOn: v.Get(rowField(i, "due_on")),
		}
	}
	return f
}

// interactionFormFrom fills the form with a stored interaction.
func interactionFormFrom(in *mutual.Interaction, zone *time.Location) interactionForm {
	f := interactionForm{
		Kind: in.Kind, Level: in.Level, Status: in.Status, Start: in.OccurredAt.In(zone).Format(datetimeLocal),
		Subject: in.Subject, Location: in.Location, Notes: in.Notes, Outcome: in.Outcome, Version: in.Version,
		FollowUps: make([]followUpForm, followUpRows),
	}
	if in.EndsAt != nil {
		f.End = in.EndsAt.In(zone).Format(datetimeLocal)
	}
	if in.Sentiment != nil {
		f.Sentiment = strconv.Itoa(*in.Sentiment)
	}
	for _, id := range in.OurAttendees {
		f.Ours = append(f.Ours, id.String())
	}
	for _, id := range in.TheirAttendees {
		f.Theirs = append(f.Theirs, id.String())
	}
	for i := range f.FollowUps {
		f.FollowUps[i].Side = "ours"
	}
	return f
}

// parseLocal reads a datetime-local value in zone.
func parseLocal(s string, zone *time.Location) (time.Time, bool) {
	for _, layout := range []string{datetimeLocal, "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseIDs(values []string) ([]mutual.ID, bool) {
	ids := make([]mutual.ID, 0, len(values))
	for _, v := range values {
		id, ok := mutual.ParseID(strings.TrimSpace(v))
		if !ok {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// interaction returns the interaction the form describes with its
// follow-ups, the form row of each follow-up, and the problems of the
// values that do not parse.
func (f *interactionForm) interaction(locale string, zone *time.Location) (*mutual.Interaction, []int, mutual.Problems) {
	var probs mutual.Problems
	in := &mutual.Interaction{Kind: f.Kind, Level: f.Level, Status: f.Status, Subject: f.Subject, Location: f.Location,
		Notes: f.Notes, Outcome: f.Outcome}
	if s := strings.TrimSpace(f.Start); s != "" {
		t, ok := parseLocal(s, zone)
		if !ok {
			probs.Add("occurred_at", "datetime", "Not a date and time.")
		}
		in.OccurredAt = t
	}
	if s := strings.TrimSpace(f.End); s != "" {
		if t, ok := parseLocal(s, zone); ok {
			in.EndsAt = &t
		} else {
			probs.Add("ends_at", "datetime", "Not a date and time.")
		}
	}
	if s := strings.TrimSpace(f.Sentiment); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			probs.Add("sentiment", "range", "Sentiment goes from -2 (very negative) to 2 (very positive).")
		}
		in.Sentiment = &n
	}
	var ok bool
	if in.OurAttendees, ok = parseIDs(f.Ours); !ok {
		probs.Add("our_attendees", "id", "Choose attendees from the list.")
	}
	if in.TheirAttendees, ok = parseIDs(f.Theirs); !ok {
		probs.Add("their_attendees", "id", "Choose attendees from the list.")
	}
	var rows []int
	for i, fu := range f.FollowUps {
		if fu.blank() {
			continue
		}
		c, p := fu.commitment(locale, rowField(i, ""))
		probs = append(probs, p...)
		rows = append(rows, i)
		in.Commitments = append(in.Commitments, c)
	}
	return in, rows, probs
}

// check returns the interaction of the form, the row of each follow-up,
// and every problem at once: those of reading the posted form pf, of
// parsing and of validation.
func (f *interactionForm) check(pf *form, zone *time.Location) (*mutual.Interaction, []int, error) {
	in, rows, probs := f.interaction(pf.locale, zone)
	pf.Problems = append(pf.Problems, probs...)
	if len(pf.Problems) == 0 && !pf.TooLarge {
		return in, rows, nil
	}
	probe := *in
	probe.Commitments = make([]*mutual.Commitment, len(in.Commitments))
	for i, c := range in.Commitments {
		cc := *c
		probe.Commitments[i] = &cc
	}
	return in, rows, pf.check(rowErrors(probe.Validate(), rows))
}

// update returns the change the form makes to the stored interaction.
// Attendees are sent only when they changed, so that saving an entry does
// not trip over an attendee who has left since.
func (f *interactionForm) update(changed, stored *mutual.Interaction) mutual.InteractionUpdate {
	upd := mutual.InteractionUpdate{
		Kind: &changed.Kind, Level: &changed.Level, Status: &changed.Status, OccurredAt: &changed.OccurredAt,
		EndsAt: &changed.EndsAt, Subject: &changed.Subject, Notes: &changed.Notes, Outcome: &changed.Outcome,
		Sentiment: &changed.Sentiment, Location: &changed.Location, Version: f.Version,
	}
	if !sameIDs(changed.OurAttendees, stored.OurAttendees) {
		upd.OurAttendees = &changed.OurAttendees
	}
	if !sameIDs(changed.TheirAttendees, stored.TheirAttendees) {
		upd.TheirAttendees = &changed.TheirAttendees
	}
	return upd
}

func sameIDs(a, b []mutual.ID) bool {
	if len(a) != len(b) {
		return false
	}
	set := make(map[mutual.ID]bool, len(a))
	for _, id := range a {
		set[id] = true
	}
	for _, id := range b {
		if !set[id] {
			return false
		}
	}
	return true
}

// validateFollowUps checks the follow-ups added on an edit by the domain's
// rules, before the interaction is saved.
func validateFollowUps(in *mutual.Interaction, partnerID mutual.ID) error {
	var probs mutual.Problems
	for i, c := range in.Commitments {
		c.PartnerID = partnerID
		for _, fe := range mutual.ErrorFields(c.Validate()) {
			probs.Add("commitments["+strconv.Itoa(i)+"]."+fe.Field, fe.Rule, fe.Message)
		}
	}
	return probs.Err()
}

// prefixed names the fields of a single commitment's error as those of the
// first follow-up, for rowErrors to place.
func prefixed(err error) error {
	var e *mutual.Error
	if !errors.As(err, &e) {
		return err
	}
	out := &mutual.Error{Code: e.Code, Message: e.Message, Fields: make([]mutual.FieldError, len(e.Fields))}
	for i, fe := range e.Fields {
		fe.Field = "commitments[0]." + fe.Field
		out.Fields[i] = fe
	}
	return out
}

// rowErrors renames the follow-up fields of err from their place among the
// commitments sent to their row in the form, and both owner fields to the
// row's one owner input.
func rowErrors(err error, rows []int) error {
	var e *mutual.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &mutual.Error{Code: e.Code, Message: e.Message, Fields: make([]mutual.FieldError, len(e.Fields))}
	for i, fe := range e.Fields {
		if rest, ok := strings.CutPrefix(fe.Field, "commitments["); ok {
			n, tail, _ := strings.Cut(rest, "]")
			if k, err := strconv.Atoi(n); err == nil && k >= 0 && k < len(rows) {
				tail = strings.TrimPrefix(tail, ".")
				if tail == "owner_user_id" || tail == "owner_contact_id" {
					tail = "owner"
				}
				fe.Field = rowField(rows[k], tail)
			}
		}
		out.Fields[i] = fe
	}
	return out
}

// interactionFormPage is the form to log, plan or edit an interaction.
type interactionFormPage struct {
	basePage
	formState
	Form          interactionForm
	IsNew         bool
	Planning      bool
	MarkingDone   bool
	Action        string
	PartnerID     mutual.ID
	PartnerName   string
	Users         []*mutual.User
	Contacts      []*mutual.Contact
	UserOwners    []choice
	ContactOwners []choice
	Kinds         []string
	Levels        []string
	Statuses      []string
	Sides         []string
	Sentiments    []string
	FollowUps     []*mutual.Commitment // those already made from this interaction
}

// choice is one option of a select.
type choice struct{ Value, Label string }

// RowErr returns the message of a follow-up row's field.
func (p *interactionFormPage) RowErr(i int, name string) string { return p.Err(rowField(i, name)) }

// RowNumber returns the number of a follow-up row as people count.
func (p *interactionFormPage) RowNumber(i int) int { return i + 1 }

// RowField returns the input name of a follow-up row's field.
func (p *interactionFormPage) RowField(i int, name string) string { return rowField(i, name) }

// ownerChoices are the owners a commitment may have: our users and the
// partner's contacts.
func ownerChoices(users []*mutual.User, contacts []*mutual.Contact) (ours, theirs []choice) {
	for _, u := range users {
		ours = append(ours, choice{"u:" + u.ID.String(), u.Name})
	}
	for _, c := range contacts {
		theirs = append(theirs, choice{"c:" + c.ID.String(), c.Name})
	}
	return ours, theirs
}

// newInteractionFormPage prepares the form with its choices. An edited
// interaction's attendees stay offered even when they can no longer be
// chosen, so that the form shows them.
func (h *Handler) newInteractionFormPage(w http.ResponseWriter, r *http.Request, partner *mutual.Partner, in *mutual.Interaction, planned bool) (*interactionFormPage, error) {
	users, err := h.svc.Users.FindAssignableUsers(r.Context())
	if err != nil {
		return nil, err
	}
	titleKey := "interaction.new_title"
	if planned {
		titleKey = "interaction.plan_title"
	}
	if in != nil {
		titleKey = "interaction.edit_title"
	}
	p := &interactionFormPage{
		basePage:    h.newBase(w, r, titleKey, "partners"),
		IsNew:       in == nil,
		Planning:    planned,
		PartnerID:   partner.ID,
		PartnerName: partner.Name,
		Contacts:    partner.Contacts,
		Kinds:       mutual.InteractionKinds,
		Levels:      mutual.InteractionLevels,
		Statuses:    mutual.InteractionStatuses,
		Sides:       mutual.CommitmentSides,
		Sentiments:  []string{"-2", "-1", "0", "1", "2"},
		Action:      "/partners/" + partner.ID.String() + "/interactions/new",
	}
	if in != nil {
		p.Action = "/partners/" + partner.ID.String() + "/interactions/" + in.ID.String() + "/edit"
		p.FollowUps = in.Commitments
		for _, id := range in.OurAttendees {
			if !hasUser(users, id) {
				users = append(users, &mutual.User{ID: id, Name: p.T("interaction.former")})
			}
		}
	}
	p.Users = users
	p.UserOwners, p.ContactOwners = ownerChoices(users, partner.Contacts)
	return p, nil
}
