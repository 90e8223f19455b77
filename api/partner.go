package api

import (
	"fmt"
	"net/http"

	"github.com/mutualsrm/mutual"
)

// partnerJSON is a single partner: unlike in lists, its contacts are always
// there, as [] when it has none.
type partnerJSON struct {
	*mutual.Partner
	Contacts []*mutual.Contact `json:"contacts"`
}

func newPartnerJSON(p *mutual.Partner) partnerJSON {
	cs := p.Contacts
	if cs == nil {
		cs = []*mutual.Contact{}
	}
	return partnerJSON{Partner: p, Contacts: cs}
}

func partnerURL(id mutual.ID) string { return "/api/v1/partners/" + id.String() }

// handlePartnerList returns a page of partners, searched and filtered.
func (h *Handler) handlePartnerList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.PartnerFilter{
		Query:   q.str("q"),
		Role:    q.enum("role", mutual.PartnerRoles),
		Segment: q.enum("segment", mutual.Segments),
		Status:  q.enum("status", mutual.Statuses),
		OwnerID: q.id("owner_id"),
		Sort:    q.enum("sort", mutual.PartnerSorts),
		Cursor:  q.str("cursor"),
		Limit:   q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Partners.FindPartners(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(items, next))
}

// handlePartnerGet returns one partner with its contacts.
func (h *Handler) handlePartnerGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.svc.Partners.FindPartnerByID(r.Context(), id)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, newPartnerJSON(p))
}

// handlePartnerCreate creates a partner, with its contacts if the body has any.
func (h *Handler) handlePartnerCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	p := readPartner(o)
	var contactIndex []int // index in the body of each of p.Contacts
	for i, c := range objects(o, "contacts") {
		if c == nil {
			continue
		}
		contactIndex = append(contactIndex, i)
		contact := readContact(c)
		if c.has("partner_id") && !c.isNull("partner_id") {
			c.add("partner_id", "read_only", "Contacts sent with a new partner belong to it; leave partner_id out.")
		}
		c.ignore("partner_id")
		c.unknown()
		p.Contacts = append(p.Contacts, contact)
	}
	if err := o.done(); err != nil {
		checks := []error{p.Validate()}
		for i, c := range p.Contacts {
			checks = append(checks, prefixed(fmt.Sprintf("contacts[%d].", contactIndex[i]), c.Validate()))
		}
		return withValidation(err, checks...)
	}
	if err := h.svc.Partners.CreatePartner(r.Context(), p); err != nil {
		return err
	}
	w.Header().Set("Location", partnerURL(p.ID))
	setETag(w, p.Version)
	return writeJSON(w, http.StatusCreated, newPartnerJSON(p))
}

// handlePartnerUpdate changes the fields present in the body.
func (h *Handler) handlePartnerUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.PartnerUpdate{
		Name:        field[string](o, "name"),
		LegalName:   field[string](o, "legal_name"),
		TaxCode:     field[string](o, "tax_code"),
		Country:     field[string](o, "country"),
		Roles:       field[[]string](o, "roles"),
		Segment:     field[string](o, "segment"),
		Status:      field[string](o, "status"),
		OwnerID:     field[mutual.ID](o, "owner_id"),
		SponsorID:   field[mutual.ID](o, "sponsor_id"),
		Website:     field[string](o, "website"),
		Email:       field[string](o, "email"),
		Phone:       field[string](o, "phone"),
		Address:     field[string](o, "address"),
		AnnualSpend: field[mutual.Money](o, "annual_spend"),
		Notes:       field[string](o, "notes"),
	}
	o.ignore("owner_name", "sponsor_name")
	o.reject("Change contacts through /api/v1/partners/{id}/contacts.", "contacts")
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	p, err := h.svc.Partners.UpdatePartner(r.Context(), id, upd)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, newPartnerJSON(p))
}

// readPartner reads the writable fields of a new partner.
func readPartner(o *object) *mutual.Partner {
	o.ignore("owner_name", "sponsor_name")
	return &mutual.Partner{
		Name:        value[string](o, "name"),
		LegalName:   value[string](o, "legal_name"),
		TaxCode:     value[string](o, "tax_code"),
		Country:     value[string](o, "country"),
		Roles:       value[[]string](o, "roles"),
		Segment:     value[string](o, "segment"),
		Status:      value[string](o, "status"),
		OwnerID:     value[mutual.ID](o, "owner_id"),
		SponsorID:   value[mutual.ID](o, "sponsor_id"),
		Website:     value[string](o, "website"),
		Email:       value[string](o, "email"),
		Phone:       value[string](o, "phone"),
		Address:     value[string](o, "address"),
		AnnualSpend: value[mutual.Money](o, "annual_spend"),
		Notes:       value[string](o, "notes"),
	}
}
