package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// portalNegotiationStatuses are the filters of the portal's negotiation
// list; "" is all.
var portalNegotiationStatuses = append([]string{""}, mutual.NegotiationStatuses...)

// portalNegotiationsPage lists the partner's negotiations.
type portalNegotiationsPage struct {
	basePage
	Status      string
	StatusLinks []filterLink
	List        []*mutual.Negotiation
	NextURL     string
	FirstURL    string
}

// handlePortalNegotiations lists the partner's negotiations, newest
// first: one call.
func (h *Handler) handlePortalNegotiations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := &portalNegotiationsPage{basePage: h.newBase(w, r, "portal.negotiations_title", "portal_negotiations"), Status: q.Get("status")}
	if !contains(portalNegotiationStatuses, p.Status) {
		p.Status = ""
	}
	link := func(status, cursor string) string {
		v := url.Values{}
		if status != "" {
			v.Set("status", status)
		}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		if len(v) == 0 {
			return "/portal/negotiations"
		}
		return "/portal/negotiations?" + v.Encode()
	}
	for _, s := range portalNegotiationStatuses {
		label := p.T("portal.all")
		if s != "" {
			label = p.Label("portal.negotiation_status", s)
		}
		p.StatusLinks = append(p.StatusLinks, filterLink{Label: label, URL: link(s, ""), Current: s == p.Status})
	}
	cursor := q.Get("cursor")
	list, next, err := h.svc.Negotiations.FindNegotiations(r.Context(), mutual.NegotiationFilter{Status: p.Status, Cursor: cursor, Limit: portalEventsPerPage})
	if mutual.ErrorCode(err) == mutual.EINVALID && cursor != "" {
		http.Redirect(w, r, link(p.Status, ""), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	p.List = list
	if next != "" {
		p.NextURL = link(p.Status, next)
	}
	if cursor != "" {
		p.FirstURL = link(p.Status, "")
	}
	return h.render(w, r, http.StatusOK, "portal_negotiations", p)
}

// portalOffer is one line's offer in a round, beside the line it prices.
type portalOffer struct {
	Line  mutual.NegotiationLine
	Offer mutual.RoundLine
	Has   bool
}

// portalRound is a round as the portal shows it.
type portalRound struct {
	R      mutual.Round
	Offers []portalOffer
}

// portalNegotiationLine is a line under negotiation with its concession
// chart and the counter-offer form's inputs.
type portalNegotiationLine struct {
	L                   mutual.NegotiationLine
	Chart               template.HTML
	PriceName, LeadName string
	Price, Lead         string
}

// portalNegotiationPage is one negotiation as the supplier sees it.
type portalNegotiationPage struct {
	basePage
	formState
	N         *mutual.Negotiation
	URL       string
	EventURL  string
	Lines     []portalNegotiationLine
	Rounds    []portalRound // newest first
	CanOffer  bool          // the supplier's turn: no round yet, or ours last
	CanAccept bool          // our offer is the last one
	Terms     string
}

// Quantity formats a quantity with the page's separators.
func (p *portalNegotiationPage) Quantity(d mutual.Decimal) string { return portalDecimal(p.Locale, d) }

// newPortalNegotiationPage prepares the page of n, its form filled from
// the supplier's last offer.
func (h *Handler) newPortalNegotiationPage(w http.ResponseWriter, r *http.Request, n *mutual.Negotiation) *portalNegotiationPage {
	p := &portalNegotiationPage{basePage: h.newBase(w, r, "portal.negotiation_title", "portal_negotiations"), N: n,
		URL: "/portal/negotiations/" + n.ID.String()}
	p.Title = n.Title
	if n.EventID != 0 {
		p.EventURL = "/portal/events/" + n.EventID.String()
	}
	p.CanOffer = n.CanOffer(mutual.SideTheirs) == nil
	p.CanAccept = n.CanAgree(mutual.SideTheirs) == nil
	var mine *mutual.Round
	for i := len(n.Rounds) - 1; i >= 0 && mine == nil; i-- {
		if n.Rounds[i].Side == string(mutual.SideTheirs) {
			mine = &n.Rounds[i]
		}
	}
	previous := map[mutual.ID]mutual.RoundLine{}
	if mine != nil {
		for _, l := range mine.Lines {
			previous[l.LineID] = l
		}
	}
	for _, l := range n.Lines {
		key := "line." + l.ID.String() + "."
		pl := portalNegotiationLine{L: l, Chart: sidedConcessionChart(p.Locale, n, l.ID, "portal.side"), PriceName: key + "unit_price", LeadName: key + "lead_time_days"}
		if o, ok := previous[l.ID]; ok {
			pl.Price, pl.Lead = i18n.InputDecimal(p.Locale, o.UnitPrice.Amount), strconv.Itoa(o.LeadTimeDays)
		}
		p.Lines = append(p.Lines, pl)
	}
	for i := len(n.Rounds) - 1; i >= 0; i-- {
		rd := n.Rounds[i]
		offers := map[mutual.ID]mutual.RoundLine{}
		for _, l := range rd.Lines {
			offers[l.LineID] = l
		}
		pr := portalRound{R: rd}
		for _, l := range n.Lines {
			o, ok := offers[l.ID]
			pr.Offers = append(pr.Offers, portalOffer{Line: l, Offer: o, Has: ok})
		}
		p.Rounds = append(p.Rounds, pr)
	}
	return p
}

// handlePortalNegotiation shows a negotiation of the user's partner: one call.
func (h *Handler) handlePortalNegotiation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := h.svc.Negotiations.FindNegotiationByID(r.Context(), id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "portal_negotiation", h.newPortalNegotiationPage(w, r, n))
}

// offerFields are the inputs of the counter-offer form of n.
func offerFields(n *mutual.Negotiation) []string {
	fields := []string{"lines", "terms"}
	for _, l := range n.Lines {
		key := "line." + l.ID.String() + "."
		fields = append(fields, key+"unit_price", key+"lead_time_days")
	}
	return fields
}

// handlePortalOffer records the supplier's counter-offer: a price and lead
// time for every line, and terms. A refused offer shows the form again
// with what was typed.
func (h *Handler) handlePortalOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	n, err := h.svc.Negotiations.FindNegotiationByID(ctx, id)
	if err != nil {
		return err
	}
	v := f.Values
	round := &mutual.Round{Terms: v.Get("terms")}
	lineIDs := make([]mutual.ID, 0, len(n.Lines))
	typed := map[mutual.ID][2]string{}
	for _, l := range n.Lines {
		key := "line." + l.ID.String() + "."
		typed[l.ID] = [2]string{v.Get(key + "unit_price"), v.Get(key + "lead_time_days")}
		round.Lines = append(round.Lines, mutual.RoundLine{LineID: l.ID,
			UnitPrice:    f.Price(key+"unit_price", v.Get(key+"unit_price"), n.Currency, "portal.unit_price"),
			LeadTimeDays: f.Whole(key+"lead_time_days", v.Get(key+"lead_time_days"), "portal.lead_time")})
		lineIDs = append(lineIDs, l.ID)
	}
	probs := f.Problems
	if f.TooLarge {
		err = f.tooLarge()
	} else if len(probs) > 0 {
		probe := *round
		probe.Side = string(mutual.SideTheirs)
		for _, fe := range formFields(mutual.ErrorFields(n.ValidateRound(&probe)), lineIDs, nil) {
			if !probs.Has(fe.Field) {
				probs = append(probs, fe)
			}
		}
		err = probs.Err()
	} else {
		_, err = h.svc.Negotiations.AddRound(ctx, id, round)
	}
	switch mutual.ErrorCode(err) {
	case "":
		return h.redirectFlash(w, r, "/portal/negotiations/"+id.String(), "flash.offer_sent")
	case mutual.EINVALID, mutual.ECONFLICT:
	default:
		return err
	}
	if mutual.ErrorCode(err) == mutual.ECONFLICT {
		// Another offer came meanwhile, or the negotiation closed: show it as it is now.
		now, ferr := h.svc.Negotiations.FindNegotiationByID(ctx, id)
		if ferr != nil {
			return ferr
		}
		n = now
	}
	p := h.newPortalNegotiationPage(w, r, n)
	for i := range p.Lines {
		t := typed[p.Lines[i].L.ID]
		p.Lines[i].Price, p.Lines[i].Lead = t[0], t[1]
	}
	p.Terms = v.Get("terms")
	if msg, ok := tooLargeMessage(p.Locale, err); ok {
		p.Message = msg
		return h.render(w, r, http.StatusRequestEntityTooLarge, "portal_negotiation", p)
	}
	if named := formFields(mutual.ErrorFields(err), lineIDs, nil); len(named) > 0 {
		err = named.Err()
	}
	status, _ := p.setPortalError(p.Locale, err, offerFields(n))
	if mutual.ErrorCode(err) == mutual.ECONFLICT && len(mutual.ErrorFields(err)) == 0 {
		p.Message, p.Other = p.T("portal.offer_refused"), []string{p.negotiationState(err)}
	}
	return h.render(w, r, status, "portal_negotiation", p)
}

// negotiationState says why an offer or an acceptance was refused: the
// message of the refusal's reason, else a general one.
func (p *portalNegotiationPage) negotiationState(err error) string {
	otherwise, ok := refusalText(p.Locale, err)
	if !ok {
		otherwise = p.T("portal.refused_other")
	}
	return negotiationRefusal(p.Locale, "portal.negotiation_status", p.N, err, otherwise)
}

// handlePortalAccept accepts our last offer: its prices become the agreed
// prices. A stale page is sent back to the negotiation as it is now.
func (h *Handler) handlePortalAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(f.Text("version"))
	if err != nil || version <= 0 {
		return mutual.Errorf(mutual.EMALFORMED, "The form could not be read.")
	}
	ctx := r.Context()
	_, err = h.svc.Negotiations.CloseNegotiation(ctx, id, mutual.NegotiationClose{Agreed: true, Version: version})
	switch mutual.ErrorCode(err) {
	case "":
		h.flash(w, "flash.offer_accepted")
	case mutual.EPRECONDITION:
		h.flash(w, "flash.negotiation_stale")
	case mutual.ECONFLICT:
		n, ferr := h.svc.Negotiations.FindNegotiationByID(ctx, id)
		if ferr != nil {
			return ferr
		}
		p := h.newPortalNegotiationPage(w, r, n)
		p.Message, p.Other = p.T("portal.accept_refused"), []string{p.negotiationState(err)}
		return h.render(w, r, http.StatusConflict, "portal_negotiation", p)
	default:
		return err
	}
	http.Redirect(w, r, "/portal/negotiations/"+id.String(), http.StatusSeeOther)
	return nil
}
