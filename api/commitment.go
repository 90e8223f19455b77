package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// commitmentJSON is a commitment with its owner spelled out: one of our
// users for our side, one of their contacts for theirs.
type commitmentJSON struct {
	*mutual.Commitment
	Owner *ownerJSON `json:"owner"`
}

// ownerJSON names who owns a commitment.
type ownerJSON struct {
	Type string    `json:"type"` // user or contact
	ID   mutual.ID `json:"id"`
	Name string    `json:"name"`
}

func newCommitmentJSON(c *mutual.Commitment) commitmentJSON {
	out := commitmentJSON{Commitment: c}
	switch {
	case c.OwnerUserID != 0:
		out.Owner = &ownerJSON{Type: "user", ID: c.OwnerUserID, Name: c.OwnerName}
	case c.OwnerContactID != 0:
		out.Owner = &ownerJSON{Type: "contact", ID: c.OwnerContactID, Name: c.OwnerName}
	}
	return out
}

func newCommitmentList(items []*mutual.Commitment, next string) list[commitmentJSON] {
	out := make([]commitmentJSON, len(items))
	for i, c := range items {
		out[i] = newCommitmentJSON(c)
	}
	return newList(out, next)
}

func commitmentURL(c *mutual.Commitment) string {
	return partnerURL(c.PartnerID) + "/commitments/" + c.ID.String()
}

// readCommitmentFilter reads the filters both commitment lists take.
// owner_user_id=me names the caller.
func readCommitmentFilter(r *http.Request, q *query) mutual.CommitmentFilter {
	f := mutual.CommitmentFilter{
		Side:      q.enum("side", mutual.CommitmentSides),
		Status:    q.enum("status", mutual.CommitmentStatuses),
		DueBefore: q.date("due_before"),
		Cursor:    q.str("cursor"),
		Limit:     q.limit(),
	}
	if q.str("owner_user_id") == "me" {
		f.OwnerUserID = mutual.UserFromContext(r.Context()).ID
	} else {
		f.OwnerUserID = q.id("owner_user_id")
	}
	return f
}

// handleCommitmentList returns a page of a partner's commitments by due date.
func (h *Handler) handleCommitmentList(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := readCommitmentFilter(r, q)
	f.PartnerID = pid
	if err := q.err(); err != nil {
		return err
	}
	// An unknown partner is a 404, as for its contacts, not an empty list.
	if _, err := h.svc.Partners.FindPartnerByID(r.Context(), pid); err != nil {
		return err
	}
	items, next, err := h.svc.Commitments.FindCommitments(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newCommitmentList(items, next))
}

// handleCommitmentSearch returns a page of commitments across partners by
// due date, such as "mine, open, due this week". Supplier users get their
// own partner's.
func (h *Handler) handleCommitmentSearch(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := readCommitmentFilter(r, q)
	f.PartnerID = q.id("partner_id")
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Commitments.FindCommitments(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newCommitmentList(items, next))
}

// findCommitment returns the commitment named by the path, which must be
// on the partner named by the path.
func (h *Handler) findCommitment(r *http.Request) (*mutual.Commitment, error) {
	return findOnPartner(r, "commitment_id", h.svc.Commitments.FindCommitmentByID, func(v *mutual.Commitment) mutual.ID { return v.PartnerID }, "Commitment")
}

// handleCommitmentGet returns one commitment.
func (h *Handler) handleCommitmentGet(w http.ResponseWriter, r *http.Request) error {
	c, err := h.findCommitment(r)
	if err != nil {
		return err
	}
	setETag(w, c.Version)
	return writeJSON(w, http.StatusOK, newCommitmentJSON(c))
}

// handleCommitmentCreate adds a commitment to the partner in the path.
func (h *Handler) handleCommitmentCreate(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Supplier users may mark commitments done but not make them; another
	// partner's are not there for them at all.
	u := mutual.UserFromContext(r.Context())
	if !mutual.CanReadPartner(u, pid) {
		return mutual.Errorf(mutual.ENOTFOUND, "Partner not found.")
	}
	if !mutual.CanWritePartners(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not add commitments.")
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	c := readNewCommitment(o)
	c.InteractionID = value[mutual.ID](o, "interaction_id")
	c.Source = value[string](o, "source")
	samePartner(o, pid)
	c.PartnerID = pid
	if err := o.done(); err != nil {
		return withValidation(err, c.Validate())
	}
	if err := h.svc.Commitments.CreateCommitment(r.Context(), c); err != nil {
		return err
	}
	w.Header().Set("Location", commitmentURL(c))
	setETag(w, c.Version)
	return writeJSON(w, http.StatusCreated, newCommitmentJSON(c))
}

// handleCommitmentUpdate changes the fields present in the body. A
// supplier user may only send {"status": "done"} on its own side's.
func (h *Handler) handleCommitmentUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := h.findCommitment(r)
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.CommitmentUpdate{
		Title:          field[string](o, "title"),
		OwnerUserID:    field[mutual.ID](o, "owner_user_id"),
		OwnerContactID: field[mutual.ID](o, "owner_contact_id"),
		DueOn:          field[mutual.Date](o, "due_on"),
		Status:         field[string](o, "status"),
		Notes:          field[string](o, "notes"),
	}
	// What cannot change is accepted when sent back unchanged.
	if side := field[string](o, "side"); side != nil && *side != cur.Side {
		o.add("side", "read_only", "The side of a commitment does not change; cancel it and add another.")
	}
	if id := field[mutual.ID](o, "interaction_id"); id != nil && *id != cur.InteractionID {
		o.add("interaction_id", "read_only", "Where a commitment came from does not change.")
	}
	if s := field[string](o, "source"); s != nil && *s != cur.Source {
		o.add("source", "read_only", "Where a commitment came from does not change.")
	}
	o.ignore("owner", "owner_name", "done_on")
	samePartner(o, cur.PartnerID)
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	c, err := h.svc.Commitments.UpdateCommitment(r.Context(), cur.ID, upd)
	if err != nil {
		return err
	}
	setETag(w, c.Version)
	return writeJSON(w, http.StatusOK, newCommitmentJSON(c))
}

// readNewCommitment reads the fields of a new commitment, alone or sent
// with an interaction.
func readNewCommitment(o *object) *mutual.Commitment {
	o.ignore("owner", "owner_name")
	o.reject("Set by the server when the commitment is done.", "done_on")
	return &mutual.Commitment{
		Title:          value[string](o, "title"),
		Side:           value[string](o, "side"),
		OwnerUserID:    value[mutual.ID](o, "owner_user_id"),
		OwnerContactID: value[mutual.ID](o, "owner_contact_id"),
		DueOn:          value[mutual.Date](o, "due_on"),
		Status:         value[string](o, "status"),
		Notes:          value[string](o, "notes"),
	}
}
