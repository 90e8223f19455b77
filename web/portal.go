package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// The supplier portal: what a supplier user sees instead of the buying
// side's pages. Its pages live under /portal; the store limits every read
// to the user's own partner, so the pages only choose what to show.
//
// This file holds the portal's start page, its access rules and the
// company page; portal_event.go the events and bids, portal_negotiation.go
// the negotiations.

// Portal pages show at most this many items of each kind.
const (
	portalNotificationsShown = 20
	portalOpenShown          = 10
	portalOutcomesShown      = 5
	portalNegotiationsShown  = 10
)

// buyerPages are the buying side's pages a supplier user is sent away
// from, to the portal; buyerSections are whole sections of them.
var (
	buyerPages    = []string{"/", "/partners", "/owners", "/gifts", "/gift-policy", "/cadences", "/commitments", "/calendar"}
	buyerSections = []string{"/events", "/agreements", "/negotiations", "/savings"}
)

// portalRedirect returns where a supplier user asking for a buying-side
// page goes instead: the portal. It returns "" for everyone else and for
// every other page, such as the partner's own page and its contact forms.
// Only page views move; forms posted elsewhere get their handler's answer.
func portalRedirect(u *mutual.User, r *http.Request) string {
	if u == nil || u.Role != mutual.RoleSupplier || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return ""
	}
	path := r.URL.Path
	if contains(buyerPages, path) {
		return "/portal"
	}
	for _, s := range buyerSections {
		if path == s || strings.HasPrefix(path, s+"/") {
			return "/portal"
		}
	}
	return ""
}

// InPortal reports whether the page is shown to a supplier user, who gets
// the portal's navigation and style.
func (p *basePage) InPortal() bool { return p.User != nil && p.User.Role == mutual.RoleSupplier }

// closesIn says how long until t, from now: "closes in 2 days", in
// minutes under an hour. It is "" once t has passed.
func closesIn(locale string, now, t time.Time) string {
	d := t.Sub(now)
	switch {
	case d <= 0:
		return ""
	case d >= 48*time.Hour:
		return i18n.T(locale, "portal.closes_in_days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return i18n.T(locale, "portal.closes_in_hours", int(d/time.Hour))
	case d >= time.Hour:
		return i18n.T(locale, "portal.closes_in_hour")
	case d >= 2*time.Minute:
		return i18n.T(locale, "portal.closes_in_minutes", int(d/time.Minute))
	}
	return i18n.T(locale, "portal.closes_in_minute")
}

// portalEventRow is an event as the portal's lists show it.
type portalEventRow struct {
	E         *mutual.Event
	URL       string
	Countdown string // for open events
	// Bid is the partner's own bid status: none, submitted or withdrawn.
	Bid mutual.BidStatus
	// Outcome of an awarded event: won, partial or lost; "no_bid" when the
	// partner did not bid.
	Outcome string
}

// portalEventRows prepares the rows with the partner's own bid status and
// outcome per event, read in one call.
func (h *Handler) portalEventRows(r *http.Request, locale string, list []*mutual.Event) ([]portalEventRow, error) {
	ids := make([]mutual.ID, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	mine, err := h.svc.Invitations.FindMyInvitations(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	byEvent := make(map[mutual.ID]*mutual.Invitation, len(mine))
	for _, in := range mine {
		byEvent[in.EventID] = in
	}
	now := h.now()
	rows := make([]portalEventRow, len(list))
	for i, e := range list {
		row := portalEventRow{E: e, URL: "/portal/events/" + e.ID.String(), Bid: mutual.BidNone}
		if e.Status == mutual.EventOpen {
			row.Countdown = closesIn(locale, now, e.ClosesAt)
		}
		if in := byEvent[e.ID]; in != nil {
			row.Bid = in.BidStatus
			if e.Status == mutual.EventAwarded {
				row.Outcome = in.Outcome
			}
		}
		if e.Status == mutual.EventAwarded && row.Outcome == "" {
			row.Outcome = "no_bid"
		}
		rows[i] = row
	}
	return rows, nil
}

// notificationRow is one notification of the portal's start page.
// portalHomePage is the portal's start page.
type portalHomePage struct {
	basePage
	notificationBox
	Open         []portalEventRow
	MoreOpen     bool
	Outcomes     []portalEventRow
	Negotiations []*mutual.Negotiation
}

// handlePortalHome shows a supplier user its notifications, the open
// events it is invited to, recent results and open negotiations. It costs
// five calls at most, whatever the numbers.
func (h *Handler) handlePortalHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &portalHomePage{basePage: h.newBase(w, r, "portal.home_title", "portal")}

	var err error
	if p.notificationBox, err = h.loadNotifications(r, &p.basePage, mutual.NotificationFilter{Limit: portalNotificationsShown}); err != nil {
		return err
	}

	open, next, err := h.svc.Events.FindEvents(ctx, mutual.EventFilter{Status: mutual.EventOpen, Limit: portalOpenShown})
	if err != nil {
		return err
	}
	if p.Open, err = h.portalEventRows(r, p.Locale, open); err != nil {
		return err
	}
	p.MoreOpen = next != ""

	awarded, _, err := h.svc.Events.FindEvents(ctx, mutual.EventFilter{Status: mutual.EventAwarded, Limit: portalOutcomesShown})
	if err != nil {
		return err
	}
	if p.Outcomes, err = h.portalEventRows(r, p.Locale, awarded); err != nil {
		return err
	}

	if p.Negotiations, _, err = h.svc.Negotiations.FindNegotiations(ctx, mutual.NegotiationFilter{Status: string(mutual.NegotiationOpen), Limit: portalNegotiationsShown}); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "portal_home", p)
}

// portalCompanyPage is the supplier's own company: its profile, contacts
// and commitments.
type portalCompanyPage struct {
	basePage
	Partner          *mutual.Partner
	CanWriteContacts bool
	Commitments      *commitmentList
}

// CommitmentList returns the commitments for the shared template.
func (p *portalCompanyPage) CommitmentList() *commitmentList { return p.Commitments }

// handlePortalCompany shows the supplier's own partner: the profile read
// only, the contacts with links to their forms, and the commitments of
// both sides with "mark done" on theirs. Two or three calls.
func (h *Handler) handlePortalCompany(w http.ResponseWriter, r *http.Request) error {
	me := mutual.UserFromContext(r.Context())
	partner, err := h.svc.Partners.FindPartnerByID(r.Context(), me.PartnerID)
	if err != nil {
		return err
	}
	p := &portalCompanyPage{
		basePage:         h.newBase(w, r, "portal.company_title", "portal_company"),
		Partner:          partner,
		CanWriteContacts: mutual.CanWriteContacts(me, partner.ID),
	}
	if p.Commitments, err = h.loadPartnerCommitments(r, partner, nil); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "portal_company", p)
}
