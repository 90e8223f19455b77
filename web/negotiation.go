package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// negotiationListPage lists negotiations, newest first.
type negotiationListPage struct {
	basePage
	Filter       mutual.NegotiationFilter
	Negotiations []*mutual.Negotiation
	Partners     []*mutual.Partner
	Statuses     []string
	Filtered     bool
	NextURL      string
	FirstURL     string
	Message      string
}

// handleNegotiationList shows a page of negotiations: two store calls.
func (h *Handler) handleNegotiationList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := &negotiationListPage{basePage: h.newBase(w, r, "negotiations.title", "negotiations"), Statuses: mutual.NegotiationStatuses}
	f := mutual.NegotiationFilter{Status: q.Get("status"), Cursor: q.Get("cursor"), Limit: sourcingPerPage}
	var ok bool
	if f.PartnerID, ok = mutual.ParseID(q.Get("partner_id")); !ok {
		p.Message, f.PartnerID = p.T("partners.bad_link"), 0
	}
	p.Filter, p.Filtered = f, f.Status != "" || f.PartnerID != 0
	list, next, err := h.svc.Negotiations.FindNegotiations(r.Context(), f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		p.Message = p.T("partners.bad_link")
	case err != nil:
		return err
	}
	p.Negotiations = list
	if p.Partners, err = h.supplierChoices(r, ""); err != nil {
		return err
	}
	base := url.Values{}
	if f.Status != "" {
		base.Set("status", f.Status)
	}
	if f.PartnerID != 0 {
		base.Set("partner_id", f.PartnerID.String())
	}
	if next != "" {
		nq := url.Values{"cursor": {next}}
		for k, v := range base {
			nq[k] = v
		}
		p.NextURL = "/negotiations?" + nq.Encode()
	}
	if f.Cursor != "" {
		p.FirstURL = "/negotiations"
		if s := base.Encode(); s != "" {
			p.FirstURL += "?" + s
		}
	}
	return h.render(w, r, http.StatusOK, "negotiation_list", p)
}

// offerCell is one line's price and lead time in a round, formatted.
type offerCell struct {
	Price string
	Lead  int
}

// roundRow is one round of the rounds table.
type roundRow struct {
	mutual.Round
	Cells []offerCell // in the order of the lines
	Total string      // the offer's value: price x quantity over the lines
}

// offerInput is one line of our counter-offer form.
type offerInput struct {
	LineID mutual.ID
	Item   string
	Unit   string
	Price  string
	Lead   string
	Err    string
}

// negotiationPage is a negotiation: its lines and rounds, the concession
// path, our counter-offer and the ways to close it.
type negotiationPage struct {
	basePage
	formState
	N          *mutual.Negotiation
	Rounds     []roundRow
	Chart      template.HTML
	LineCharts []lineChart
	Offer      []offerInput
	Terms      string
	Outcome    string
	CanWrite   bool
	CanOffer   bool     // our turn
	CanRecord  bool     // the supplier's turn, which a buyer may record
	CanAgree   bool     // there is an offer to agree on
	NoAgree    string   // why not, when the negotiation is open
	Savings    []string // per line at the agreed prices, once agreed
	CreatedBy  string
}

// lineChart is the concession path of one line.
type lineChart struct {
	Item  string
	Chart template.HTML
}

// SideChoices are who an offer may be recorded from: us, or the supplier
// by phone or mail.
func (p *negotiationPage) SideChoices() []option {
	return []option{{Value: string(mutual.SideOurs), Label: p.T("negotiation.from_us")}, {Value: string(mutual.SideTheirs), Label: p.T("negotiation.from_them")}}
}

// negotiationFields are the inputs of the forms of the negotiation page
// that are not per line.
var negotiationFields = []string{"terms", "outcome", "lines"}

// loadNegotiation loads the negotiation of the path for the buying side.
func (h *Handler) loadNegotiation(r *http.Request) (*mutual.Negotiation, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.Negotiations.FindNegotiationByID(r.Context(), id)
}

// handleNegotiationShow shows a negotiation: two store calls.
func (h *Handler) handleNegotiationShow(w http.ResponseWriter, r *http.Request) error {
	n, err := h.loadNegotiation(r)
	if err != nil {
		return err
	}
	p, err := h.newNegotiationPage(w, r, n)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "negotiation_show", p)
}

func (h *Handler) newNegotiationPage(w http.ResponseWriter, r *http.Request, n *mutual.Negotiation) (*negotiationPage, error) {
	me := mutual.UserFromContext(r.Context())
	users, err := h.svc.Users.FindAssignableUsers(r.Context())
	if err != nil {
		return nil, err
	}
	p := &negotiationPage{basePage: h.newBase(w, r, "negotiation.title", "negotiations"), N: n, CreatedBy: userNames(users)[n.CreatedBy]}
	p.Title = n.Title
	p.CanWrite = mutual.CanWriteEvents(me) && n.IsOpen()
	last := n.LastRound()
	p.CanOffer = p.CanWrite && n.CanOffer(mutual.SideOurs) == nil
	p.CanRecord = p.CanWrite && n.CanOffer(mutual.SideTheirs) == nil
	if err := n.CanAgree(mutual.SideOurs); p.CanWrite && err != nil {
		p.NoAgree = negotiationRefusal(p.Locale, "negotiation_status", n, err, stateMessage(p.Locale, err))
	} else {
		p.CanAgree = p.CanWrite
	}
	for _, rd := range n.Rounds {
		row := roundRow{Round: rd}
		prices := make(map[mutual.ID]mutual.RoundLine, len(rd.Lines))
		for _, rl := range rd.Lines {
			prices[rl.LineID] = rl
		}
		total := mutual.Money{Amount: mutual.NewDecimal(0), Currency: n.Currency}
		for _, l := range n.Lines {
			rl := prices[l.ID]
			row.Cells = append(row.Cells, offerCell{Price: p.Money(rl.UnitPrice), Lead: rl.LeadTimeDays})
			total.Amount = total.Amount.Add(rl.UnitPrice.Amount.Mul(l.Quantity))
		}
		row.Total = p.Money(total)
		p.Rounds = append(p.Rounds, row)
	}
	if len(n.Rounds) > 0 {
		p.Chart = concessionChart(p.Locale, n, 0)
		if len(n.Lines) > 1 && len(n.Lines) <= 12 {
			for _, l := range n.Lines {
				p.LineCharts = append(p.LineCharts, lineChart{Item: l.Item, Chart: concessionChart(p.Locale, n, l.ID)})
			}
		}
	}
	for _, l := range n.Lines {
		in := offerInput{LineID: l.ID, Item: l.Item, Unit: l.Unit}
		if last != nil {
			for _, rl := range last.Lines {
				if rl.LineID == l.ID {
					in.Price, in.Lead = inputAmount(p.Locale, rl.UnitPrice), strconv.Itoa(rl.LeadTimeDays)
				}
			}
		}
		p.Offer = append(p.Offer, in)
	}
	if n.State() == mutual.NegotiationAgreed && last != nil {
		prices := map[mutual.ID]mutual.Money{}
		for _, rl := range last.Lines {
			prices[rl.LineID] = rl.UnitPrice
		}
		// Opened from an event's bids, its agreements are what the award
		// made of them: narrowed to the quantity awarded, or withdrawn.
		awarded := map[mutual.ID]*mutual.Agreement{}
		if n.EventID != 0 {
			ags, _, err := h.svc.Agreements.FindAgreements(r.Context(), mutual.AgreementFilter{NegotiationID: n.ID, Limit: mutual.MaxLimit})
			if err != nil {
				return nil, err
			}
			for _, a := range ags {
				awarded[a.LineID] = a
			}
		}
		for _, l := range n.Lines {
			a := &mutual.Agreement{Quantity: l.Quantity, UnitPrice: prices[l.ID], BaselinePrice: l.BaselinePrice}
			a.ComputeSaving()
			if got := awarded[l.EventLineID]; got != nil {
				a = got
			}
			switch {
			case a.Status == "withdrawn":
				p.Savings = append(p.Savings, p.Label("agreement_status", a.Status))
			case l.BaselinePrice.IsZero():
				p.Savings = append(p.Savings, "")
			default:
				p.Savings = append(p.Savings, p.Money(a.Saving))
			}
		}
	}
	return p, nil
}

// negotiationFailed shows the negotiation again with what went wrong and
// what was typed.
func (h *Handler) negotiationFailed(w http.ResponseWriter, r *http.Request, id mutual.ID, v url.Values, err error, offer []mutual.RoundLine) error {
	n, ferr := h.svc.Negotiations.FindNegotiationByID(r.Context(), id)
	if ferr != nil {
		return ferr
	}
	p, perr := h.newNegotiationPage(w, r, n)
	if perr != nil {
		return perr
	}
	if msg, ok := tooLargeMessage(p.Locale, err); ok {
		p.Message = msg
		return h.render(w, r, http.StatusRequestEntityTooLarge, "negotiation_show", p)
	}
	status, ok := p.setScoped(p.Locale, "negotiation", err, negotiationFields)
	if !ok {
		return err
	}
	p.Terms, p.Outcome = v.Get("terms"), v.Get("outcome")
	index := map[mutual.ID]int{}
	for i := range p.Offer {
		o := &p.Offer[i]
		index[o.LineID] = i
		if v.Has("price." + o.LineID.String()) {
			o.Price, o.Lead = v.Get("price."+o.LineID.String()), v.Get("lead."+o.LineID.String())
		}
	}
	// Problems of a line of the offer show on its row.
	other := p.Other[:0]
	for _, fe := range mutual.ErrorFields(err) {
		msg := i18n.ScopedFieldMessage(p.Locale, "negotiation", fe)
		if i, ok := lineIndex(fe.Field); ok && i < len(offer) {
			if o := &p.Offer[index[offer[i].LineID]]; o.Err == "" {
				o.Err = msg
			}
			continue
		}
		if !contains(negotiationFields, fe.Field) {
			other = append(other, msg)
		}
	}
	if code := mutual.ErrorCode(err); (code == mutual.ECONFLICT || code == mutual.EFORBIDDEN) && len(mutual.ErrorFields(err)) == 0 {
		other = append(other, negotiationRefusal(p.Locale, "negotiation_status", n, err, stateMessage(p.Locale, err)))
	}
	p.Other = other
	return h.render(w, r, status, "negotiation_show", p)
}

// handleNegotiationRound records our counter-offer.
func (h *Handler) handleNegotiationRound(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	n, err := h.loadNegotiation(r)
	if err != nil {
		return err
	}
	rd := &mutual.Round{Terms: v.Get("terms")}
	if v.Get("side") == string(mutual.SideTheirs) {
		rd.Side = string(mutual.SideTheirs) // an offer the supplier made by phone or mail
	}
	for i, l := range n.Lines {
		rd.Lines = append(rd.Lines, mutual.RoundLine{LineID: l.ID,
			UnitPrice:    pf.Price(indexed("lines", i, "unit_price.amount"), v.Get("price."+l.ID.String()), n.Currency, "bid.unit_price"),
			LeadTimeDays: pf.Whole(indexed("lines", i, "lead_time_days"), v.Get("lead."+l.ID.String()), "bid.lead_time")})
	}
	if len(pf.Problems) > 0 || pf.TooLarge {
		probe := *n
		err = pf.check(probe.ValidateRound(&mutual.Round{Side: string(mutual.SideOurs), Terms: rd.Terms, Lines: append([]mutual.RoundLine{}, rd.Lines...)}))
	} else {
		_, err = h.svc.Negotiations.AddRound(r.Context(), n.ID, rd)
	}
	if err != nil {
		return h.negotiationFailed(w, r, n.ID, v, err, rd.Lines)
	}
	h.flash(w, "flash.offer_made")
	http.Redirect(w, r, "/negotiations/"+n.ID.String(), http.StatusSeeOther)
	return nil
}

// handleNegotiationClose ends a negotiation: agreed on the last round's
// prices, which writes the agreements and their savings, or failed with
// the reason.
func (h *Handler) handleNegotiationClose(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	n, err := h.loadNegotiation(r)
	if err != nil {
		return err
	}
	if pf.TooLarge {
		return h.negotiationFailed(w, r, n.ID, v, pf.tooLarge(), nil)
	}
	version := formVersion(v.Get("version"))
	agreed := v.Get("agreed") != ""
	_, err = h.svc.Negotiations.CloseNegotiation(r.Context(), n.ID, mutual.NegotiationClose{Agreed: agreed, Outcome: v.Get("outcome"), Version: version})
	if err != nil {
		return h.negotiationFailed(w, r, n.ID, v, err, nil)
	}
	if agreed {
		h.flash(w, "flash.negotiation_agreed")
	} else {
		h.flash(w, "flash.negotiation_failed")
	}
	http.Redirect(w, r, "/negotiations/"+n.ID.String(), http.StatusSeeOther)
	return nil
}

// Span is the number of columns of the rounds table.
func (p *negotiationPage) Span() int { return len(p.N.Lines) + 2 }

// negotiationRefusal says in the user's language why negotiation n refused
// a change: the message of the refusal's reason (the status shown with
// statusKind's label once it has ended), or otherwise.
func negotiationRefusal(locale, statusKind string, n *mutual.Negotiation, err error, otherwise string) string {
	reason := mutual.ErrorReason(err)
	switch {
	case reason == mutual.ReasonNegotiationClosed || !n.IsOpen():
		return i18n.T(locale, "negotiation.reason."+mutual.ReasonNegotiationClosed, i18n.Label(locale, statusKind, n.Status))
	case reason != "" && i18n.Has("negotiation.reason."+reason):
		return i18n.T(locale, "negotiation.reason."+reason)
	}
	return otherwise
}
