package web

import (
	"net/http"
	"strings"

	"github.com/mutualsrm/mutual"
)

// negLineForm is a line of the negotiation form as typed; AgreementID
// names the agreement under review, Current its price.
type negLineForm struct {
	Item, Description, Quantity, Unit, Baseline, AgreementID, Current string
}

// Blank reports whether nothing was typed in the row.
func (l negLineForm) Blank() bool {
	return strings.TrimSpace(l.Item+l.Description+l.Quantity+l.Unit+l.Baseline+l.AgreementID) == ""
}

// negotiationForm is the form of a new negotiation as typed.
type negotiationForm struct {
	PartnerID, Title, Currency, ValidFrom, ValidTo string
	Lines                                          []negLineForm
}

// negotiationFormPage is the form of a new negotiation, with the active
// agreements of the chosen partner to put under review.
type negotiationFormPage struct {
	basePage
	formState
	Form       negotiationForm
	Partners   []*mutual.Partner
	Currencies []string
	Agreements []*mutual.Agreement // the chosen partner's agreements not superseded
	Chosen     []string            // agreements ticked for review
}

// LineRows are the rows of the lines.
func (p *negotiationFormPage) LineRows() []formRow[negLineForm] {
	return rowsOf(p, "lines", p.Form.Lines, nil)
}

// LineTemplate is the blank line row the script copies.
func (p *negotiationFormPage) LineTemplate() formRow[negLineForm] {
	return rowTemplate[negLineForm](p, "lines", nil)
}

// AgreementChoices are the options of the partner's agreements to review:
// the item, its quantity and price, and when it applies.
func (p *negotiationFormPage) AgreementChoices() []option {
	out := make([]option, len(p.Agreements))
	for i, a := range p.Agreements {
		out[i] = option{Value: a.ID.String(), Label: a.Item + " · " + p.Decimal(a.Quantity) + " " + a.Unit + " · " + p.Money(a.UnitPrice),
			Sub: p.Date(a.ValidFrom) + " – " + p.Date(a.ValidTo)}
	}
	return out
}

// Picked reports whether an agreement is ticked for review.
func (p *negotiationFormPage) Picked(id mutual.ID) bool { return contains(p.Chosen, id.String()) }

// RowErr returns the message of a field of row i of list.
func (p *negotiationFormPage) RowErr(list string, i int, field string) string {
	name := indexed(list, i, field)
	for _, k := range []string{name, name + ".amount", name + ".currency"} {
		if m := p.Errors[k]; m != "" {
			return m
		}
	}
	return ""
}

func (h *Handler) newNegotiationFormPage(w http.ResponseWriter, r *http.Request, f negotiationForm) (*negotiationFormPage, error) {
	p := &negotiationFormPage{basePage: h.newBase(w, r, "negotiation.new_title", "negotiations"), Currencies: mutual.Currencies()}
	var err error
	if p.Partners, err = h.supplierChoices(r, ""); err != nil {
		return nil, err
	}
	if id, ok := mutual.ParseID(f.PartnerID); ok && id != 0 {
		// Agreements not superseded, those that start later included: a
		// yearly review is often prepared before the prices apply.
		list, _, err := h.svc.Agreements.FindAgreements(r.Context(), mutual.AgreementFilter{PartnerID: id, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			if a.Status == "active" {
				p.Agreements = append(p.Agreements, a)
			}
		}
	}
	f.Lines = append(append([]negLineForm{}, f.Lines...), make([]negLineForm, spareLines)...)
	p.Form = f
	return p, nil
}

// handleNegotiationNew shows the form of a new negotiation. With a partner
// chosen it offers the partner's active agreements; with agreements ticked
// (a yearly price review) their items become the lines.
func (h *Handler) handleNegotiationNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	policy, err := h.svc.Gifts.FindGiftPolicy(r.Context())
	if err != nil {
		return err
	}
	f := negotiationForm{PartnerID: q.Get("partner_id"), Currency: policy.BaseCurrency, ValidFrom: h.today().String()}
	p, err := h.newNegotiationFormPage(w, r, f)
	if err != nil {
		return err
	}
	p.Chosen = q["agreement_ids"]
	var lines []negLineForm
	for _, a := range p.Agreements {
		if !p.Picked(a.ID) {
			continue
		}
		lines = append(lines, negLineForm{Item: a.Item, Description: a.Description, Quantity: inputQuantity(p.Locale, a.Quantity), Unit: a.Unit,
			Baseline: inputAmount(p.Locale, a.UnitPrice), AgreementID: a.ID.String(), Current: p.Money(a.UnitPrice)})
		f.Currency = a.UnitPrice.Currency
	}
	if len(lines) > 0 {
		for _, pt := range p.Partners {
			if pt.ID.String() == f.PartnerID {
				f.Title = p.T("negotiation.review_title", pt.Name, h.today().Year())
			}
		}
		f.Lines = lines
		p.Form = f
		p.Form.Lines = append(p.Form.Lines, make([]negLineForm, spareLines)...)
	}
	return h.render(w, r, http.StatusOK, "negotiation_form", p)
}

// handleNegotiationCreate opens a negotiation, or shows the form again
// with the problems beside their fields.
func (h *Handler) handleNegotiationCreate(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	f := negotiationForm{PartnerID: v.Get("partner_id"), Title: v.Get("title"), Currency: v.Get("currency"),
		ValidFrom: v.Get("valid_from"), ValidTo: v.Get("valid_to")}
	for _, row := range formRows(v, "lines") {
		l := negLineForm{Item: row["item"], Description: row["description"], Quantity: row["quantity"], Unit: row["unit"],
			Baseline: row["baseline_price"], AgreementID: row["agreement_id"], Current: row["current"]}
		if !l.Blank() {
			f.Lines = append(f.Lines, l)
		}
	}
	currency := strings.ToUpper(strings.TrimSpace(f.Currency))
	n := &mutual.Negotiation{Title: f.Title, Currency: currency,
		ValidFrom: pf.Date("valid_from", "award.valid_from"), ValidTo: pf.Date("valid_to", "award.valid_to")}
	var ok bool
	if n.PartnerID, ok = mutual.ParseID(strings.TrimSpace(f.PartnerID)); !ok {
		pf.Problems.Add("partner_id", "id", "Choose the partner from the list.")
	}
	for i, l := range f.Lines {
		nl := mutual.NegotiationLine{Item: l.Item, Description: l.Description, Unit: l.Unit,
			Quantity:      pf.decimal(indexed("lines", i, "quantity"), l.Quantity, "event.line_quantity"),
			BaselinePrice: pf.Price(indexed("lines", i, "baseline_price.amount"), l.Baseline, currency, "event.line_baseline")}
		if nl.AgreementID, ok = mutual.ParseID(strings.TrimSpace(l.AgreementID)); !ok {
			pf.Problems.Add(indexed("lines", i, "agreement_id"), "id", "Choose the agreement from the list.")
		}
		n.Lines = append(n.Lines, nl)
	}
	if len(pf.Problems) > 0 || pf.TooLarge {
		probe := *n
		probe.Lines = append([]mutual.NegotiationLine{}, n.Lines...)
		err = pf.check(probe.Validate())
	} else {
		err = h.svc.Negotiations.CreateNegotiation(r.Context(), n)
	}
	if err != nil {
		p, perr := h.newNegotiationFormPage(w, r, f)
		if perr != nil {
			return perr
		}
		fields := []string{"partner_id", "title", "currency", "valid_from", "valid_to", "lines"}
		for i := range f.Lines {
			for _, name := range []string{"item", "description", "quantity", "unit", "baseline_price.amount", "baseline_price.currency", "agreement_id"} {
				fields = append(fields, indexed("lines", i, name))
			}
		}
		return h.renderForm(w, r, "negotiation_form", p, err, "negotiation", fields)
	}
	return h.redirectFlash(w, r, "/negotiations/"+n.ID.String(), "flash.negotiation_created")
}
