package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

func contactURL(c *mutual.Contact) string {
	return partnerURL(c.PartnerID) + "/contacts/" + c.ID.String()
}

// handleContactList returns the contacts of a partner, primary first. The
// list is short, so it comes in one page; the envelope is the same as for
// every list.
func (h *Handler) handleContactList(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cs, err := h.svc.Contacts.FindContacts(r.Context(), pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(cs, ""))
}

// findContact returns the contact named by the path, which must belong to
// the partner named by the path.
func (h *Handler) findContact(r *http.Request) (*mutual.Contact, error) {
	return findOnPartner(r, "contact_id", h.svc.Contacts.FindContactByID, func(v *mutual.Contact) mutual.ID { return v.PartnerID }, "Contact")
}

// handleContactGet returns one contact.
func (h *Handler) handleContactGet(w http.ResponseWriter, r *http.Request) error {
	c, err := h.findContact(r)
	if err != nil {
		return err
	}
	setETag(w, c.Version)
	return writeJSON(w, http.StatusOK, c)
}

// handleContactCreate adds a contact to the partner in the path; a
// partner_id in the body must name the same partner.
func (h *Handler) handleContactCreate(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	c := readContact(o)
	samePartner(o, pid)
	if err := o.done(); err != nil {
		return withValidation(err, c.Validate())
	}
	c.PartnerID = pid
	if err := h.svc.Contacts.CreateContact(r.Context(), c); err != nil {
		return err
	}
	w.Header().Set("Location", contactURL(c))
	setETag(w, c.Version)
	return writeJSON(w, http.StatusCreated, c)
}

// handleContactUpdate changes the fields present in the body.
func (h *Handler) handleContactUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := h.findContact(r)
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.ContactUpdate{
		Name:    field[string](o, "name"),
		Title:   field[string](o, "title"),
		Role:    field[string](o, "role"),
		Email:   field[string](o, "email"),
		Phone:   field[string](o, "phone"),
		Primary: field[bool](o, "primary"),
		Notes:   field[string](o, "notes"),
	}
	samePartner(o, cur.PartnerID)
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	c, err := h.svc.Contacts.UpdateContact(r.Context(), cur.ID, upd)
	if err != nil {
		return err
	}
	setETag(w, c.Version)
	return writeJSON(w, http.StatusOK, c)
}

// handleContactDelete removes a contact; If-Match is checked when sent.
func (h *Handler) handleContactDelete(w http.ResponseWriter, r *http.Request) error {
	c, err := h.findContact(r)
	if err != nil {
		return err
	}
	version, err := expectedVersion(r, 0)
	if err != nil {
		return err
	}
	if err := h.svc.Contacts.DeleteContact(r.Context(), c.ID, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readContact reads the writable fields of a contact.
func readContact(o *object) *mutual.Contact {
	return &mutual.Contact{
		Name:    value[string](o, "name"),
		Title:   value[string](o, "title"),
		Role:    value[string](o, "role"),
		Email:   value[string](o, "email"),
		Phone:   value[string](o, "phone"),
		Primary: value[bool](o, "primary"),
		Notes:   value[string](o, "notes"),
	}
}

// samePartner accepts a partner_id in a contact's body only when it names
// the partner of the path: a contact never moves, and a body cannot send it
// to another partner than the one whose access was checked.
func samePartner(o *object, pid mutual.ID) {
	id := field[mutual.ID](o, "partner_id")
	if id != nil && *id != 0 && *id != pid {
		o.add("partner_id", "partner", "Must be the partner in the path ("+pid.String()+"), or left out.")
	}
}
