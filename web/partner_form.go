package web

import (
	"net/http"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// partnerFields are the inputs of the partner form, named like the API
// fields so that field errors land beside their input.
var partnerFields = []string{
	"name", "legal_name", "tax_code", "country", "roles", "segment", "status", "owner_id", "sponsor_id",
	"website", "email", "phone", "address", "annual_spend.amount", "annual_spend.currency", "notes",
}

// partnerForm is the partner form as the user typed it. Values stay
// strings so that a form shown again after an error shows exactly what was
// typed, even what does not parse.
type partnerForm struct {
	Name, LegalName, TaxCode, Country string
	Roles                             []string
	Segment, Status                   string
	OwnerID, SponsorID                string
	Website, Email, Phone, Address    string
	SpendAmount, SpendCurrency        string
	Notes                             string
	Version                           int
}

// HasRole reports whether role is ticked.
func (f *partnerForm) HasRole(role string) bool { return contains(f.Roles, role) }

// readPartnerForm reads the posted form as typed.
func readPartnerForm(f *form) partnerForm {
	return partnerForm{
		Name: f.Text("name"), LegalName: f.Text("legal_name"), TaxCode: f.Text("tax_code"), Country: f.Text("country"),
		Roles: f.List("roles"), Segment: f.Text("segment"), Status: f.Text("status"),
		OwnerID: f.Text("owner_id"), SponsorID: f.Text("sponsor_id"),
		Website: f.Text("website"), Email: f.Text("email"), Phone: f.Text("phone"), Address: f.Text("address"),
		SpendAmount: f.Text("annual_spend.amount"), SpendCurrency: f.Text("annual_spend.currency"),
		Notes: f.Text("notes"), Version: f.Version(),
	}
}

// partnerFormFrom fills the form with a stored partner.
func partnerFormFrom(locale string, p *mutual.Partner) partnerForm {
	f := partnerForm{
		Name: p.Name, LegalName: p.LegalName, TaxCode: p.TaxCode, Country: p.Country,
		Roles: p.Roles, Segment: p.Segment, Status: p.Status,
		OwnerID: p.OwnerID.String(), SponsorID: p.SponsorID.String(),
		Website: p.Website, Email: p.Email, Phone: p.Phone, Address: p.Address,
		Notes: p.Notes, Version: p.Version, SpendCurrency: p.AnnualSpend.Currency,
	}
	if !p.AnnualSpend.IsZero() {
		f.SpendAmount = i18n.InputDecimal(locale, p.AnnualSpend.Amount)
	}
	if f.SpendCurrency == "" {
		f.SpendCurrency = "VND"
	}
	return f
}

// check returns the partner the form describes, and every problem at
// once: the values that do not read (IDs, the amount, recorded in f) and
// those the domain refuses.
func (pf *partnerForm) check(f *form) (*mutual.Partner, error) {
	p := &mutual.Partner{
		Name: pf.Name, LegalName: pf.LegalName, TaxCode: pf.TaxCode, Country: pf.Country,
		Roles: append([]string{}, pf.Roles...), Segment: pf.Segment, Status: pf.Status,
		Website: pf.Website, Email: pf.Email, Phone: pf.Phone, Address: pf.Address, Notes: pf.Notes,
	}
	var ok bool
	if p.OwnerID, ok = mutual.ParseID(strings.TrimSpace(pf.OwnerID)); !ok {
		f.Problems.Add("owner_id", "id", "Choose a key account manager from the list.")
	}
	if p.SponsorID, ok = mutual.ParseID(strings.TrimSpace(pf.SponsorID)); !ok {
		f.Problems.Add("sponsor_id", "id", "Choose an executive sponsor from the list.")
	}
	if strings.TrimSpace(pf.SpendAmount) != "" {
		n := len(f.Problems)
		d := f.Decimal("annual_spend.amount", "partner.annual_spend")
		currency := strings.ToUpper(strings.TrimSpace(pf.SpendCurrency))
		switch {
		case len(f.Problems) > n:
		case currency == "":
			f.Problems.Add("annual_spend.currency", "required", "Choose the currency.")
		default:
			p.AnnualSpend = mutual.Money{Amount: d, Currency: currency}
		}
	}
	if len(f.Problems) == 0 && !f.TooLarge {
		return p, nil
	}
	probe := *p
	return p, f.check(probe.Validate())
}

// update returns the change the form makes to a stored partner. The edit
// form has no status: it moves on the partner's page, with a reason. A
// status sent anyway (an old copy of the form) goes to the store, which
// refuses it unless it is unchanged.
func (f *partnerForm) update(p *mutual.Partner) mutual.PartnerUpdate {
	upd := mutual.PartnerUpdate{
		Name: &p.Name, LegalName: &p.LegalName, TaxCode: &p.TaxCode, Country: &p.Country, Roles: &p.Roles,
		Segment: &p.Segment, OwnerID: &p.OwnerID, SponsorID: &p.SponsorID,
		Website: &p.Website, Email: &p.Email, Phone: &p.Phone, Address: &p.Address,
		AnnualSpend: &p.AnnualSpend, Notes: &p.Notes, Version: f.Version,
	}
	if f.Status != "" {
		upd.Status = &p.Status
	}
	return upd
}

// partnerFormPage is the form to create or edit a partner.
type partnerFormPage struct {
	basePage
	formState
	Form        partnerForm
	IsNew       bool
	Action      string
	CancelURL   string
	PartnerName string
	Owners      []*mutual.User // who may be key account manager
	Sponsors    []*mutual.User // who may be executive sponsor
	Countries   []mutual.Country
	Currencies  []string
	Roles       []string
	Segments    []string
	Statuses    []string // the initial status of a new partner
	// CurrentStatus is the edited partner's status, shown, not edited.
	CurrentStatus string
}

// newPartnerFormPage prepares the form page with its choices: key account
// managers among the users who may own relationships, sponsors among all
// internal users. The current KAM and sponsor of an edited partner (nil for
// a new one) are offered even when they can no longer be chosen for
// others, so that saving never drops them.
func (h *Handler) newPartnerFormPage(w http.ResponseWriter, r *http.Request, titleKey string, current *mutual.Partner) (*partnerFormPage, error) {
	users, err := h.svc.Users.FindAssignableUsers(r.Context())
	if err != nil {
		return nil, err
	}
	var owners []*mutual.User
	for _, u := range users {
		if u.CanOwnRelationships() {
			owners = append(owners, u)
		}
	}
	sponsors := users
	if current != nil {
		if current.OwnerID != 0 && !hasUser(owners, current.OwnerID) {
			owners = append(owners, &mutual.User{ID: current.OwnerID, Name: current.OwnerName})
		}
		if current.SponsorID != 0 && !hasUser(sponsors, current.SponsorID) {
			sponsors = append(sponsors, &mutual.User{ID: current.SponsorID, Name: current.SponsorName})
		}
	}
	p := &partnerFormPage{
		basePage:   h.newBase(w, r, titleKey, "partners"),
		Owners:     owners,
		Sponsors:   sponsors,
		Currencies: currencyChoices,
		Roles:      mutual.PartnerRoles,
		Segments:   mutual.Segments,
		Statuses:   mutual.Statuses,
	}
	p.Countries = i18n.Countries(p.Locale)
	return p, nil
}

func hasUser(us []*mutual.User, id mutual.ID) bool {
	for _, u := range us {
		if u.ID == id {
			return true
		}
	}
	return false
}

// currencyChoices lists the currencies of the money inputs, the usual ones first.
var currencyChoices = func() []string {
	common := []string{"VND", "USD", "EUR", "JPY", "CNY", "KRW", "SGD", "THB", "GBP"}
	out := append([]string{}, common...)
	for _, c := range mutual.Currencies() {
		if !contains(common, c) {
			out = append(out, c)
		}
	}
	return out
}()

// handlePartnerNew shows an empty partner form.
func (h *Handler) handlePartnerNew(w http.ResponseWriter, r *http.Request) error {
	me := mutual.UserFromContext(r.Context())
	p, err := h.newPartnerFormPage(w, r, "partner.new_title", nil)
	if err != nil {
		return err
	}
	p.IsNew, p.Action, p.CancelURL = true, "/partners/new", "/partners"
	p.Form = partnerForm{Country: "VN", Status: "prospect", Roles: []string{mutual.PartnerSupplier}, SpendCurrency: "VND"}
	if hasUser(p.Owners, me.ID) {
		p.Form.OwnerID = me.ID.String()
	}
	return h.render(w, r, http.StatusOK, "partner_form", p)
}

// handlePartnerCreate creates a partner, or shows the form again with
// every problem beside its field.
func (h *Handler) handlePartnerCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form := readPartnerForm(f)
	partner, err := form.check(f)
	if err == nil {
		err = h.svc.Partners.CreatePartner(ctx, partner)
	}
	if err != nil {
		p, perr := h.newPartnerFormPage(w, r, "partner.new_title", nil)
		if perr != nil {
			return perr
		}
		p.IsNew, p.Action, p.CancelURL, p.Form = true, "/partners/new", "/partners", form
		return h.renderForm(w, r, "partner_form", p, err, "", partnerFields)
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String(), "flash.partner_created")
}

// handlePartnerEdit shows the form of a stored partner.
func (h *Handler) handlePartnerEdit(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.editablePartner(r)
	if err != nil {
		return err
	}
	p, err := h.newPartnerFormPage(w, r, "partner.edit_title", partner)
	if err != nil {
		return err
	}
	h.fillEditPage(p, partner)
	p.Form = partnerFormFrom(p.Locale, partner)
	return h.render(w, r, http.StatusOK, "partner_form", p)
}

// handlePartnerUpdate saves the form. When someone else saved the partner
// meanwhile, the form comes back with what the user typed, what the other
// person saved beside each field that differs, and the new version, so
// that saving again is a deliberate choice.
func (h *Handler) handlePartnerUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.editablePartner(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form := readPartnerForm(f)
	changed, err := form.check(f)
	if err == nil {
		_, err = h.svc.Partners.UpdatePartner(ctx, partner.ID, form.update(changed))
	}
	if err == nil {
		return h.redirectFlash(w, r, "/partners/"+partner.ID.String(), "flash.partner_saved")
	}
	p, perr := h.newPartnerFormPage(w, r, "partner.edit_title", partner)
	if perr != nil {
		return perr
	}
	h.fillEditPage(p, partner)
	p.Form = form
	if mutual.ErrorCode(err) == mutual.EPRECONDITION {
		p.Current = partnerDifferences(p, &form, partner)
		p.Form.Version = partner.Version
	}
	return h.renderForm(w, r, "partner_form", p, err, "", partnerFields)
}

// editablePartner loads the partner of the path for editing: not found when
// the user may not see it, forbidden when they may see but not edit it.
func (h *Handler) editablePartner(r *http.Request) (*mutual.Partner, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	partner, err := h.svc.Partners.FindPartnerByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return partner, nil
}

func (h *Handler) fillEditPage(p *partnerFormPage, partner *mutual.Partner) {
	p.Action = "/partners/" + partner.ID.String() + "/edit"
	p.CancelURL = "/partners/" + partner.ID.String()
	p.PartnerName = partner.Name
	p.CurrentStatus = partner.Status
}

// partnerDifferences describes, per field, what is saved now where it
// differs from what the user typed.
func partnerDifferences(p *partnerFormPage, typed *partnerForm, saved *mutual.Partner) map[string]string {
	now := partnerFormFrom(p.Locale, saved)
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
	note("name", !same(typed.Name, now.Name), now.Name)
	note("legal_name", !same(typed.LegalName, now.LegalName), now.LegalName)
	note("tax_code", !same(typed.TaxCode, now.TaxCode), now.TaxCode)
	note("country", !same(typed.Country, now.Country), p.Country(now.Country))
	roles := make([]string, len(saved.Roles))
	for i, r := range saved.Roles {
		roles[i] = p.Label("partner_role", r)
	}
	note("roles", strings.Join(typed.Roles, ";") != strings.Join(now.Roles, ";"), strings.Join(roles, ", "))
	note("segment", typed.Segment != now.Segment, p.Label("segment", now.Segment))
	note("status", typed.Status != "" && typed.Status != now.Status, p.Label("status", now.Status))
	note("owner_id", typed.OwnerID != now.OwnerID, saved.OwnerName)
	note("sponsor_id", typed.SponsorID != now.SponsorID, saved.SponsorName)
	note("website", !same(typed.Website, now.Website), now.Website)
	note("email", !same(typed.Email, now.Email), now.Email)
	note("phone", !same(typed.Phone, now.Phone), now.Phone)
	note("address", !same(typed.Address, now.Address), now.Address)
	note("annual_spend", !same(typed.SpendAmount, now.SpendAmount) || (now.SpendAmount != "" && typed.SpendCurrency != now.SpendCurrency), p.Money(saved.AnnualSpend))
	note("notes", !same(typed.Notes, now.Notes), now.Notes)
	return out
}
