package web

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// The dashboard shows this much of each list.
const (
	attentionShown      = 20  // relationships needing attention
	myPartnersShown     = 50  // the KAM's partners, one page
	myAttentionMax      = 500 // the KAM's partners read from the attention list at once
	myCommitmentsShown  = 10  // the user's open commitments, soonest first
	attentionScopeMine  = "mine"
	attentionScopeEvery = "all"
)

// homePage is the dashboard of internal users: the relationships that need
// attention, the user's partners as their KAM, and the user's commitments.
type homePage struct {
	basePage
	notificationBox        // unread only
	Scope           string // attentionScopeMine or attentionScopeEvery
	ScopeLinks      []filterLink
	Attention       []attentionRow
	MyPartners      []myPartnerRow
	MorePartners    string // the partner list of all the user's partners, when there are more than a page
	Commitments     commitmentList
	CommitmentsURL  string
}

// attentionRow is a relationship that needs attention, its reasons in words.
type attentionRow struct {
	Item    *mutual.AttentionItem
	URL     string
	Reasons []string
	Urgent  bool // overdue or missed, not only due soon
}

// myPartnerRow is one of the KAM's partners at a glance.
type myPartnerRow struct {
	P       *mutual.Partner
	URL     string
	Health  *healthView
	Reasons []string // what needs doing; none when the partner is on track
}

// CommitmentList returns the user's open commitments for the shared template.
func (p *homePage) CommitmentList() *commitmentList { return &p.Commitments }

// reasonText says one reason in words in the page's language.
func (p *basePage) reasonText(r mutual.AttentionReason) string {
	plural := func(key string, n int) string {
		if n == 1 {
			return p.T(key + "_one")
		}
		return p.T(key, n)
	}
	switch r.Reason {
	case mutual.ReasonOverdueTouch:
		switch r.Kind {
		case mutual.TouchVisit:
			return p.T("attention.overdue_visit", r.Days)
		case mutual.TouchExecutive:
			return p.T("attention.overdue_executive", r.Days)
		}
		return p.T("attention.overdue_any", r.Days)
	case mutual.ReasonCommitmentMissed:
		return plural("attention.missed", r.Count)
	case mutual.ReasonCommitmentDue:
		return plural("attention.due", r.Count)
	case mutual.ReasonGiftPending:
		return plural("attention.gifts", r.Count)
	case mutual.ReasonNoKAM:
		return p.T("attention.no_kam")
	}
	return r.Reason
}

func (p *basePage) attentionRows(items []*mutual.AttentionItem) []attentionRow {
	rows := make([]attentionRow, len(items))
	for i, it := range items {
		row := attentionRow{Item: it, URL: "/partners/" + it.PartnerID.String()}
		for _, r := range it.Reasons {
			row.Reasons = append(row.Reasons, p.reasonText(r))
			if r.Reason != mutual.ReasonCommitmentDue {
				row.Urgent = true
			}
		}
		rows[i] = row
	}
	return rows
}

// handleHome shows internal users their dashboard and sends supplier users
// to their own partner.
//
// It costs five calls, whatever the number of partners: the user's
// partners (one page), their health (one batch), the attention list of
// those partners (one call, indexed by partner, which also serves as the
// "mine" list), the attention list of everyone when asked for, and the
// user's open commitments.
func (h *Handler) handleHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	if !me.IsInternal() { // supplier users start in the portal (portalRedirect sends them first)
		http.Redirect(w, r, "/portal", http.StatusSeeOther)
		return nil
	}
	p := &homePage{basePage: h.newBase(w, r, "home.title", "home"), CommitmentsURL: "/commitments?status=open"}
	var err error
	if p.notificationBox, err = h.loadNotifications(r, &p.basePage, mutual.NotificationFilter{UnreadOnly: true, Limit: homeNotificationsShown}); err != nil {
		return err
	}

	mine, next, err := h.svc.Partners.FindPartners(ctx, mutual.PartnerFilter{OwnerID: me.ID, Limit: myPartnersShown})
	if err != nil {
		return err
	}
	if next != "" {
		p.MorePartners = "/partners?owner_id=" + me.ID.String()
	}
	var myItems []*mutual.AttentionItem
	var health map[mutual.ID]*mutual.Health
	if len(mine) > 0 {
		if myItems, err = h.svc.Attention.FindAttention(ctx, mutual.AttentionFilter{OwnerID: me.ID, Limit: myAttentionMax}); err != nil {
			return err
		}
		ids := make([]mutual.ID, len(mine))
		for i, partner := range mine {
			ids[i] = partner.ID
		}
		if health, err = h.svc.Health.PartnersHealth(ctx, ids); err != nil {
			return err
		}
	}

	p.Scope = r.URL.Query().Get("who")
	if p.Scope != attentionScopeMine && p.Scope != attentionScopeEvery {
		p.Scope = attentionScopeEvery
		if len(mine) > 0 {
			p.Scope = attentionScopeMine
		}
	}
	p.ScopeLinks = []filterLink{
		{Label: p.T("home.scope_mine"), URL: "/?who=" + attentionScopeMine, Current: p.Scope == attentionScopeMine},
		{Label: p.T("home.scope_everyone"), URL: "/?who=" + attentionScopeEvery, Current: p.Scope == attentionScopeEvery},
	}
	items := myItems
	if p.Scope == attentionScopeEvery {
		if items, err = h.svc.Attention.FindAttention(ctx, mutual.AttentionFilter{Limit: attentionShown}); err != nil {
			return err
		}
	}
	p.Attention = p.attentionRows(items[:min(len(items), attentionShown)])

	byPartner := make(map[mutual.ID]*mutual.AttentionItem, len(myItems))
	for _, it := range myItems {
		byPartner[it.PartnerID] = it
	}
	for _, partner := range mine {
		row := myPartnerRow{P: partner, URL: "/partners/" + partner.ID.String(), Health: p.healthView(health[partner.ID])}
		if it := byPartner[partner.ID]; it != nil {
			for _, r := range it.Reasons {
				row.Reasons = append(row.Reasons, p.reasonText(r))
			}
		}
		p.MyPartners = append(p.MyPartners, row)
	}

	list, _, err := h.svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{OwnerUserID: me.ID, Status: string(mutual.CommitmentOpen), Limit: myCommitmentsShown})
	if err != nil {
		return err
	}
	p.Commitments = commitmentList{ShowPartner: true, Rows: h.commitmentRows(me, list)}
	for i := range p.Commitments.Rows {
		p.Commitments.Rows[i].PartnerName = p.Commitments.Rows[i].C.PartnerName
	}
	return h.render(w, r, http.StatusOK, "home", p)
}
