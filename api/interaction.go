package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

// interactionJSON is a single interaction: unlike in lists, the commitments
// that came from it are always there, as [] when there are none.
type interactionJSON struct {
	*mutual.Interaction
	Commitments []commitmentJSON `json:"commitments"`
}

func newInteractionJSON(in *mutual.Interaction) interactionJSON {
	cs := make([]commitmentJSON, len(in.Commitments))
	for i, c := range in.Commitments {
		cs[i] = newCommitmentJSON(c)
	}
	return interactionJSON{Interaction: in, Commitments: cs}
}

func interactionURL(in *mutual.Interaction) string {
	return partnerURL(in.PartnerID) + "/interactions/" + in.ID.String()
}

// handleInteractionList returns a page of a partner's timeline, newest first.
func (h *Handler) handleInteractionList(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := mutual.InteractionFilter{
		PartnerID: pid,
		Kind:      q.enum("kind", mutual.InteractionKinds),
		Level:     q.enum("level", mutual.InteractionLevels),
		Status:    q.enum("status", mutual.InteractionStatuses),
		Cursor:    q.str("cursor"),
		Limit:     q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Interactions.FindInteractions(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(items, next))
}

// findInteraction returns the interaction named by the path, which must be
// on the partner named by the path.
func (h *Handler) findInteraction(r *http.Request) (*mutual.Interaction, error) {
	return findOnPartner(r, "interaction_id", h.svc.Interactions.FindInteractionByID, func(v *mutual.Interaction) mutual.ID { return v.PartnerID }, "Interaction")
}

// handleInteractionGet returns one interaction with its commitments.
func (h *Handler) handleInteractionGet(w http.ResponseWriter, r *http.Request) error {
	in, err := h.findInteraction(r)
	if err != nil {
		return err
	}
	setETag(w, in.Version)
	return writeJSON(w, http.StatusOK, newInteractionJSON(in))
}

// handleInteractionCreate logs an interaction, done or planned, with the
// follow-up commitments in the body, all in one transaction.
func (h *Handler) handleInteractionCreate(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	in := readInteraction(o)
	samePartner(o, pid)
	var index []int // index in the body of each of in.Commitments
	for i, c := range objects(o, "commitments") {
		if c == nil {
			continue
		}
		index = append(index, i)
		in.Commitments = append(in.Commitments, readNewCommitment(c))
		c.reject("Follow-ups belong to the interaction they are sent with.", "interaction_id", "source")
		samePartner(c, pid)
		c.unknown()
	}
	in.PartnerID = pid
	if err := o.done(); err != nil {
		// Validate each part alone, so that the commitments' problems carry
		// their index in the body even when an entry was not an object.
		cs := in.Commitments
		in.Commitments = nil
		checks := []error{in.Validate()}
		for i, c := range cs {
			c.PartnerID = pid
			checks = append(checks, prefixed(fmt.Sprintf("commitments[%d].", index[i]), c.Validate()))
		}
		return withValidation(err, checks...)
	}
	if err := h.svc.Interactions.CreateInteraction(r.Context(), in); err != nil {
		return err
	}
	w.Header().Set("Location", interactionURL(in))
	setETag(w, in.Version)
	return writeJSON(w, http.StatusCreated, newInteractionJSON(in))
}

// handleInteractionUpdate changes the fields present in the body, such as
// {"status": "done", "outcome": "...", "sentiment": 1} after a planned meeting.
func (h *Handler) handleInteractionUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := h.findInteraction(r)
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.InteractionUpdate{
		Kind:           field[string](o, "kind"),
		Level:          field[string](o, "level"),
		Status:         field[string](o, "status"),
		OccurredAt:     field[time.Time](o, "occurred_at"),
		EndsAt:         field[*time.Time](o, "ends_at"),
		Subject:        field[string](o, "subject"),
		Notes:          field[string](o, "notes"),
		Outcome:        field[string](o, "outcome"),
		Sentiment:      field[*int](o, "sentiment"),
		Location:       field[string](o, "location"),
		OurAttendees:   field[[]mutual.ID](o, "our_attendees"),
		TheirAttendees: field[[]mutual.ID](o, "their_attendees"),
	}
	samePartner(o, cur.PartnerID)
	o.reject("Add follow-ups through /api/v1/partners/{id}/commitments with interaction_id.", "commitments")
	o.reject("Set by the server.", "created_by")
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	if _, err := h.svc.Interactions.UpdateInteraction(r.Context(), cur.ID, upd); err != nil {
		return err
	}
	// Read it again for the same shape as GET, with its commitments.
	in, err := h.svc.Interactions.FindInteractionByID(r.Context(), cur.ID)
	if err != nil {
		return err
	}
	setETag(w, in.Version)
	return writeJSON(w, http.StatusOK, newInteractionJSON(in))
}

// readInteraction reads the writable fields of a new interaction.
func readInteraction(o *object) *mutual.Interaction {
	o.reject("Set by the server.", "created_by")
	return &mutual.Interaction{
		Kind:           value[string](o, "kind"),
		Level:          value[string](o, "level"),
		Status:         value[string](o, "status"),
		OccurredAt:     value[time.Time](o, "occurred_at"),
		EndsAt:         value[*time.Time](o, "ends_at"),
		Subject:        value[string](o, "subject"),
		Notes:          value[string](o, "notes"),
		Outcome:        value[string](o, "outcome"),
		Sentiment:      value[*int](o, "sentiment"),
		Location:       value[string](o, "location"),
		OurAttendees:   value[[]mutual.ID](o, "our_attendees"),
		TheirAttendees: value[[]mutual.ID](o, "their_attendees"),
	}
}
