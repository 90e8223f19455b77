package web

import (
	"net/http"
	"strings"

	"github.com/mutualsrm/mutual"
)

// contactFields are the inputs of the contact form, named like the API fields.
var contactFields = []string{"name", "title", "role", "email", "phone", "primary", "notes"}

// contactForm is the contact form as the user typed it.
type contactForm struct {
	Name, Title, Role, Email, Phone, Notes string
	Primary                                bool
	Version                                int
}

// readContactForm reads the posted contact form as typed.
func readContactForm(f *form) contactForm {
	return contactForm{
		Name: f.Text("name"), Title: f.Text("title"), Role: f.Text("role"), Email: f.Text("email"),
		Phone: f.Text("phone"), Notes: f.Text("notes"), Primary: f.Text("primary") == "true", Version: f.Version(),
	}
}

func contactFormFrom(c *mutual.Contact) contactForm {
	return contactForm{Name: c.Name, Title: c.Title, Role: c.Role, Email: c.Email, Phone: c.Phone, Notes: c.Notes, Primary: c.Primary, Version: c.Version}
}

// update is the change the form asks for. The notes are the buying side's:
// a supplier user's form has none, and its save leaves them as they are.
func (f *contactForm) update(u *mutual.User) mutual.ContactUpdate {
	upd := mutual.ContactUpdate{Name: &f.Name, Title: &f.Title, Role: &f.Role, Email: &f.Email, Phone: &f.Phone, Primary: &f.Primary, Notes: &f.Notes, Version: f.Version}
	if !mutual.CanReadInternalNotes(u) {
		upd.Notes = nil
	}
	return upd
}

// contactFormPage is the form to add or edit a contact of a partner.
type contactFormPage struct {
	basePage
	formState
	Form        contactForm
	IsNew       bool
	Action      string
	PartnerID   mutual.ID
	PartnerName string
	Roles       []string
}

// contactPartner loads the partner of the path for changing its contacts:
// not found when the user may not see it, forbidden when they may not
// change its contacts.
func (h *Handler) contactPartner(r *http.Request) (*mutual.Partner, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	partner, err := h.svc.Partners.FindPartnerByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !mutual.CanWriteContacts(mutual.UserFromContext(r.Context()), partner.ID) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change the contacts of this partner.")
	}
	return partner, nil
}

// partnerContact loads the contact of the path, which must belong to partner.
func (h *Handler) partnerContact(r *http.Request, partner *mutual.Partner) (*mutual.Contact, error) {
	cid, err := pathID(r, "cid")
	if err != nil {
		return nil, err
	}
	c, err := h.svc.Contacts.FindContactByID(r.Context(), cid)
	if err != nil {
		return nil, err
	}
	if c.PartnerID != partner.ID {
		return nil, mutual.Errorf(mutual.ENOTFOUND, "Contact not found.")
	}
	return c, nil
}

func (h *Handler) newContactFormPage(w http.ResponseWriter, r *http.Request, partner *mutual.Partner, c *mutual.Contact) *contactFormPage {
	p := &contactFormPage{
		basePage:    h.newBase(w, r, "contact.new_title", "partners"),
		PartnerID:   partner.ID,
		PartnerName: partner.Name,
		Roles:       mutual.ContactRoles,
		IsNew:       c == nil,
		Action:      "/partners/" + partner.ID.String() + "/contacts/new",
	}
	if c != nil {
		p.Title = p.T("contact.edit_title")
		p.Action = "/partners/" + partner.ID.String() + "/contacts/" + c.ID.String() + "/edit"
	}
	return p
}

// handleContactNew shows an empty contact form.
func (h *Handler) handleContactNew(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.contactPartner(r)
	if err != nil {
		return err
	}
	p := h.newContactFormPage(w, r, partner, nil)
	p.Form.Primary = len(partner.Contacts) == 0
	return h.render(w, r, http.StatusOK, "contact_form", p)
}

// handleContactCreate adds a contact, or shows the form again with the problems.
func (h *Handler) handleContactCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.contactPartner(r)
	if err != nil {
		return err
	}
	form := readContactForm(f)
	c := &mutual.Contact{PartnerID: partner.ID, Name: form.Name, Title: form.Title, Role: form.Role, Email: form.Email, Phone: form.Phone, Primary: form.Primary, Notes: form.Notes}
	if err = f.check(nil); err == nil {
		err = h.svc.Contacts.CreateContact(r.Context(), c)
	}
	if err != nil {
		p := h.newContactFormPage(w, r, partner, nil)
		p.Form = form
		return h.renderForm(w, r, "contact_form", p, err, "", contactFields)
	}
	return h.redirectFlash(w, r, contactsPage(r, partner.ID), "flash.contact_saved")
}

// handleContactEdit shows the form of a stored contact.
func (h *Handler) handleContactEdit(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.contactPartner(r)
	if err != nil {
		return err
	}
	c, err := h.partnerContact(r, partner)
	if err != nil {
		return err
	}
	p := h.newContactFormPage(w, r, partner, c)
	p.Form = contactFormFrom(c)
	return h.render(w, r, http.StatusOK, "contact_form", p)
}

// handleContactUpdate saves a contact; a stale version shows the form again
// with what the user typed and what is saved now.
func (h *Handler) handleContactUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.contactPartner(r)
	if err != nil {
		return err
	}
	c, err := h.partnerContact(r, partner)
	if err != nil {
		return err
	}
	form := readContactForm(f)
	if err = f.check(nil); err == nil {
		_, err = h.svc.Contacts.UpdateContact(r.Context(), c.ID, form.update(mutual.UserFromContext(r.Context())))
	}
	if err != nil {
		p := h.newContactFormPage(w, r, partner, c)
		p.Form = form
		if mutual.ErrorCode(err) == mutual.EPRECONDITION {
			p.Current = contactDifferences(p, &form, c)
			p.Form.Version = c.Version
		}
		return h.renderForm(w, r, "contact_form", p, err, "", contactFields)
	}
	return h.redirectFlash(w, r, contactsPage(r, partner.ID), "flash.contact_saved")
}

// handleContactDelete removes a contact. When someone changed it meanwhile
// nothing is removed and the partner page says so.
func (h *Handler) handleContactDelete(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.contactPartner(r)
	if err != nil {
		return err
	}
	c, err := h.partnerContact(r, partner)
	if err != nil {
		return err
	}
	err = h.svc.Contacts.DeleteContact(r.Context(), c.ID, f.Version())
	switch mutual.ErrorCode(err) {
	case "":
		h.flash(w, "flash.contact_deleted")
	case mutual.EPRECONDITION:
		h.flash(w, "flash.contact_stale")
	default:
		return err
	}
	return h.redirectFlash(w, r, contactsPage(r, partner.ID), "")
}

// contactDifferences describes what is saved now where it differs from
// what the user typed.
func contactDifferences(p *contactFormPage, typed *contactForm, saved *mutual.Contact) map[string]string {
	out := map[string]string{}
	note := func(field string, differs bool, shown string) {
		if differs {
			if shown == "" {
				shown = "—"
			}
			out[field] = p.T("form.saved_value", shown)
		}
	}
	same := func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
	note("name", !same(typed.Name, saved.Name), saved.Name)
	note("title", !same(typed.Title, saved.Title), saved.Title)
	note("role", typed.Role != saved.Role, p.Label("contact_role", saved.Role))
	note("email", !same(typed.Email, saved.Email), saved.Email)
	note("phone", !same(typed.Phone, saved.Phone), saved.Phone)
	primary := p.T("form.no")
	if saved.Primary {
		primary = p.T("form.yes")
	}
	note("primary", typed.Primary != saved.Primary, primary)
	note("notes", !same(typed.Notes, saved.Notes), saved.Notes)
	return out
}

// contactsPage is where the contacts of partner id are listed for the
// signed-in user: a supplier user's own company page in the portal, the
// partner's page for everyone else.
func contactsPage(r *http.Request, id mutual.ID) string {
	if u := mutual.UserFromContext(r.Context()); u != nil && u.Role == mutual.RoleSupplier {
		return "/portal/company"
	}
	return "/partners/" + id.String()
}
