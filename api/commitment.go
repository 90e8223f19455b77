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
	// The route table refuses supplier users, who may mark commitments
	// done but not make them, and viewers.
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
		Title:  field[string](o, "title"),
		DueOn:  field[mutual.Date](o, "due_on"),
		Status: field[string](o, "status"),
		Notes:  field[string](o, "notes"),
	}
	upd.OwnerUserID, upd.OwnerContactID = readOwner(o)
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
	if d := field[mutual.Date](o, "done_on"); d != nil && *d != cur.DoneOn {
		o.add("done_on", "read_only", "Set by the server when the commitment is done; send status done.")
	}
	o.ignore("owner_name")
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
	o.ignore("owner_name")
	o.reject("Set by the server when the commitment is done.", "done_on")
	c := &mutual.Commitment{
		Title:  value[string](o, "title"),
		Side:   value[string](o, "side"),
		DueOn:  value[mutual.Date](o, "due_on"),
		Status: value[string](o, "status"),
		Notes:  value[string](o, "notes"),
	}
	if user, contact := readOwner(o); user != nil || contact != nil {
		c.OwnerUserID, c.OwnerContactID = deref(user), deref(contact)
	}
	return c
}

// readOwner reads who owns a commitment: owner_user_id and owner_contact_id,
// or owner as commitments show it, {"type": "user" or "contact", "id"} (its
// name is read-only), or null for nobody. Sent together they must say the
// same. Each result is nil when the body does not say.
func readOwner(o *object) (user, contact *mutual.ID) {
	user, contact = field[mutual.ID](o, "owner_user_id"), field[mutual.ID](o, "owner_contact_id")
	o.seen["owner"] = true
	raw, ok := o.raw["owner"]
	if !ok {
		return user, contact
	}
	var u, c mutual.ID
	if !o.isNull("owner") {
		const shape = `Must be {"type": "user" or "contact", "id": "..."}, or null for nobody.`
		sub, err := decodeObject(raw, o.prefix+"owner.", o.problems)
		if err != nil {
			o.add("owner", "type", shape)
			return nil, nil
		}
		kind, id := value[string](sub, "type"), field[mutual.ID](sub, "id")
		sub.ignore("name")
		sub.unknown()
		switch {
		case kind != "user" && kind != "contact":
			if !sub.problems.Has(sub.prefix + "type") {
				sub.add("type", "enum", "Must be user (one of our users) or contact (one of their contacts).")
			}
		case id == nil || *id == 0:
			if !sub.problems.Has(sub.prefix + "id") {
				sub.add("id", "required", "Name the user or contact.")
			}
		case kind == "user":
			u = *id
		default:
			c = *id
		}
		if sub.problems.Has(sub.prefix+"type") || sub.problems.Has(sub.prefix+"id") {
			return nil, nil
		}
	}
	if user != nil && *user != u || contact != nil && *contact != c {
		o.add("owner", "conflict", "Names another owner than owner_user_id or owner_contact_id; send either, or both alike.")
		return nil, nil
	}
	return &u, &c
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
