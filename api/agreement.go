package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// handleAwardCreate awards a closed event whose bids are open: each line
// to one bid or split over several; it answers the agreements written.
func (h *Handler) handleAwardCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	a := &mutual.Award{
		ValidFrom: value[mutual.Date](o, "valid_from"),
		ValidTo:   value[mutual.Date](o, "valid_to"),
		Note:      value[string](o, "note"),
	}
	for _, s := range objects(o, "lines") {
		if s == nil {
			continue
		}
		l := mutual.AwardLine{LineID: value[mutual.ID](s, "line_id")}
		for _, p := range objects(s, "splits") {
			if p == nil {
				continue
			}
			l.Splits = append(l.Splits, mutual.AwardPart{BidID: value[mutual.ID](p, "bid_id"), Quantity: decimalValue(p, "quantity")})
			p.unknown()
		}
		a.Lines = append(a.Lines, l)
		s.unknown()
	}
	if err := o.done(); err != nil {
		return err
	}
	ags, err := h.svc.Agreements.AwardEvent(r.Context(), id, a)
	if err != nil {
		return err
	}
	w.Header().Set("Location", eventURL(id)+"/award")
	return writeJSON(w, http.StatusCreated, newList(ags, ""))
}

// handleAwardGet returns an awarded event's result: all of it to the
// buying side; to a supplier user its own lines, agreements and outcome.
func (h *Handler) handleAwardGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := h.svc.Agreements.FindAward(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// handleAgreementList returns a page of agreed prices, newest first.
// Supplier users get their own company's.
func (h *Handler) handleAgreementList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.AgreementFilter{
		PartnerID:     q.id("partner_id"),
		EventID:       q.id("event_id"),
		NegotiationID: q.id("negotiation_id"),
		Item:          q.str("item"),
		Status:        q.enum("status", mutual.AgreementStatuses),
		Active:        q.boolean("active"),
		Cursor:        q.str("cursor"),
		Limit:         q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Agreements.FindAgreements(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(items, next))
}

// handleAgreementGet returns one agreed price.
func (h *Handler) handleAgreementGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Agreements.FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// handleSavings reports the savings of the agreements made in a period,
// grouped by month, category, partner or buyer, in the base currency.
func (h *Handler) handleSavings(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.SavingsFilter{
		From:      q.date("from"),
		To:        q.date("to"),
		GroupBy:   q.enum("group_by", mutual.SavingsGroups),
		Category:  q.str("category"),
		PartnerID: q.id("partner_id"),
		BuyerID:   q.id("buyer_id"),
	}
	if err := q.err(); err != nil {
		return err
	}
	rep, err := h.svc.Savings.Savings(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, rep)
}
