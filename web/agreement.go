package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/mutualsrm/mutual"
)

// agreementListPage lists agreed prices with their savings.
type agreementListPage struct {
	basePage
	Filter     mutual.AgreementFilter
	Agreements []*mutual.Agreement
	Partners   []*mutual.Partner
	Event      *mutual.Event // when filtered by event
	Filtered   bool
	NextURL    string
	FirstURL   string
	Message    string
	Saving     mutual.Money // of the page's agreements in the event's currency, for one event
}

// handleAgreementList shows a page of agreements, filtered by partner,
// event, item or validity: two or three store calls.
func (h *Handler) handleAgreementList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := &agreementListPage{basePage: h.newBase(w, r, "agreements.title", "agreements")}
	f := mutual.AgreementFilter{Item: strings.TrimSpace(q.Get("item")), Active: q.Get("active") != "", Cursor: q.Get("cursor"), Limit: sourcingPerPage}
	var ok1, ok2 bool
	f.PartnerID, ok1 = mutual.ParseID(q.Get("partner_id"))
	f.EventID, ok2 = mutual.ParseID(q.Get("event_id"))
	if !ok1 || !ok2 {
		p.Message = p.T("partners.bad_link")
		f.PartnerID, f.EventID = 0, 0
	}
	p.Filter = f
	p.Filtered = f.PartnerID != 0 || f.EventID != 0 || f.Item != "" || f.Active
	list, next, err := h.svc.Agreements.FindAgreements(ctx, f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		p.Message = p.T("partners.bad_link")
	case err != nil:
		return err
	}
	p.Agreements = list
	if p.Partners, err = h.supplierChoices(r, ""); err != nil {
		return err
	}
	if f.EventID != 0 {
		if p.Event, err = h.svc.Events.FindEventByID(ctx, f.EventID); err != nil {
			return err
		}
		p.Saving = mutual.Money{Amount: mutual.NewDecimal(0), Currency: p.Event.Currency}
		for _, a := range list {
			if a.Saving.Currency == p.Saving.Currency && a.Status != "withdrawn" { // withdrawn: negotiated, then not awarded
				p.Saving.Amount = p.Saving.Amount.Add(a.Saving.Amount)
			}
		}
	}
	base := url.Values{}
	for k, v := range map[string]string{"partner_id": f.PartnerID.String(), "event_id": f.EventID.String(), "item": f.Item} {
		if v != "" {
			base.Set(k, v)
		}
	}
	if f.Active {
		base.Set("active", "1")
	}
	if next != "" {
		nq := url.Values{}
		for k, v := range base {
			nq[k] = v
		}
		nq.Set("cursor", next)
		p.NextURL = "/agreements?" + nq.Encode()
	}
	if f.Cursor != "" {
		p.FirstURL = "/agreements"
		if s := base.Encode(); s != "" {
			p.FirstURL += "?" + s
		}
	}
	return h.render(w, r, http.StatusOK, "agreement_list", p)
}
