package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// partnersPerPage is the length of a page of the partner list.
const partnersPerPage = 50

// partnerListPage is the partner list with its search and filters.
type partnerListPage struct {
	basePage
	Filter   mutual.PartnerFilter
	Rows     template.HTML // the table body, built in Go
	HasRows  bool
	Col      partnerColumns
	Owners   []*mutual.User // choices of the KAM filter; empty for supplier users
	Roles    []string
	Segments []string
	Statuses []string
	Sorts    []string
	Filtered bool // some search or filter is set
	Page     int
	NextURL  string
	FirstURL string
	Message  string
}

// handlePartnerList shows a page of partners. It costs one FindPartners and
// one FindAssignableUsers call whatever the page shows.
func (h *Handler) handlePartnerList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	f, page := partnerFilterFrom(r.URL.Query())
	p := &partnerListPage{
		basePage: h.newBase(w, r, "partners.title", "partners"),
		Filter:   f,
		Roles:    mutual.PartnerRoles,
		Segments: mutual.Segments,
		Statuses: mutual.Statuses,
		Sorts:    mutual.PartnerSorts,
		Filtered: f.Query != "" || f.Role != "" || f.Segment != "" || f.Status != "" || f.OwnerID != 0,
		Page:     page,
	}
	if p.Filter.Sort == "" {
		p.Filter.Sort = mutual.SortName
	}
	partners, next, err := h.svc.Partners.FindPartners(ctx, f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		// A cursor from an old link, or a hand-edited address.
		p.Message = p.T("partners.bad_link")
	case err != nil:
		return err
	}
	p.Col = partnerColumns{
		Name: p.T("partner.name"), TaxCode: p.T("partner.tax_code"), Country: p.T("partner.country"), Roles: p.T("partner.roles"),
		Segment: p.T("partner.segment"), Status: p.T("partner.status"), Owner: p.T("partner.owner_short"), Spend: p.T("partner.annual_spend"),
	}
	p.Rows, p.HasRows = partnerRows(&p.basePage, p.Col, partners), len(partners) > 0
	if me.IsInternal() {
		if p.Owners, err = h.svc.Users.FindAssignableUsers(ctx); err != nil {
			return err
		}
	}
	if next != "" {
		q := partnerFilterQuery(f)
		q.Set("cursor", next)
		q.Set("page", strconv.Itoa(page+1))
		p.NextURL = "/partners?" + q.Encode()
	}
	if f.Cursor != "" {
		p.FirstURL = "/partners"
		if q := partnerFilterQuery(f).Encode(); q != "" {
			p.FirstURL += "?" + q
		}
	}
	return h.render(w, r, http.StatusOK, "partner_list", p)
}

// partnerColumns are the translated column headings, also the labels of
// the cells when rows stack as cards on a phone.
type partnerColumns struct {
	Name, TaxCode, Country, Roles, Segment, Status, Owner, Spend string
}

// partnerRows writes the rows of the list as HTML, every value translated,
// formatted and escaped in Go. html/template escapes each action through a
// reflective call, which made up a quarter of the page's cost at fifty rows;
// one builder pass is several times cheaper. Every value goes through esc.
func partnerRows(p *basePage, c partnerColumns, partners []*mutual.Partner) template.HTML {
	var b strings.Builder
	b.Grow(len(partners) * 700)
	esc := html.EscapeString
	for _, pt := range partners {
		b.WriteString(`<tr><td class="name"><a href="/partners/`)
		b.WriteString(pt.ID.String())
		b.WriteString(`">`)
		b.WriteString(esc(pt.Name))
		b.WriteString(`</a>`)
		if pt.LegalName != "" && pt.LegalName != pt.Name {
			b.WriteString(`<div class="sub">` + esc(pt.LegalName) + `</div>`)
		}
		b.WriteString(`</td><td class="nowrap"><span class="mono">` + esc(pt.TaxCode) + `</span></td><td>`)
		b.WriteString(esc(p.Country(pt.Country)))
		b.WriteString(`</td><td><span class="badges">`)
		for _, role := range pt.Roles {
			b.WriteString(`<span class="badge badge-role">` + esc(p.Label("partner_role", role)) + `</span>`)
		}
		b.WriteString(`</span></td><td class="badge-cell">`)
		if pt.Segment != "" {
			b.WriteString(`<span class="badge segment-` + esc(pt.Segment) + `">` + esc(p.Label("segment", pt.Segment)) + `</span>`)
		}
		b.WriteString(`</td><td class="badge-cell"><span class="badge status-` + esc(pt.Status) + `">` + esc(p.Label("status", pt.Status)) + `</span></td>`)
		b.WriteString(`<td data-label="` + esc(c.Owner) + `">` + esc(pt.OwnerName) + `</td>`)
		b.WriteString(`<td class="num" data-label="` + esc(c.Spend) + `">` + esc(p.Money(pt.AnnualSpend)) + "</td></tr>\n")
	}
	return template.HTML(b.String())
}

// partnerFilterFrom reads the list's query string. Values that are not
// among the choices are ignored rather than refused: they come from edited
// or outdated links, and the list without them is the best answer.
func partnerFilterFrom(q url.Values) (mutual.PartnerFilter, int) {
	f := mutual.PartnerFilter{Limit: partnersPerPage, Cursor: q.Get("cursor")}
	f.Query = strings.TrimSpace(q.Get("q"))
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	if v := q.Get("role"); contains(mutual.PartnerRoles, v) {
		f.Role = v
	}
	if v := q.Get("segment"); contains(mutual.Segments, v) {
		f.Segment = v
	}
	if v := q.Get("status"); contains(mutual.Statuses, v) {
		f.Status = v
	}
	if id, ok := mutual.ParseID(q.Get("owner_id")); ok {
		f.OwnerID = id
	}
	if v := q.Get("sort"); contains(mutual.PartnerSorts, v) {
		f.Sort = v
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 || f.Cursor == "" {
		page = 1
	}
	return f, page
}

// partnerFilterQuery writes the search and filters of f (not its cursor)
// as a query string, so that paging keeps them.
func partnerFilterQuery(f mutual.PartnerFilter) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "role": f.Role, "segment": f.Segment, "status": f.Status, "owner_id": f.OwnerID.String()} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Sort != "" && f.Sort != mutual.SortName {
		q.Set("sort", f.Sort)
	}
	return q
}

// partnerPage is one partner with its contacts, commitments and, for
// internal users, its cadence and timeline.
type partnerPage struct {
	basePage
	Partner          *mutual.Partner
	CanEdit          bool
	CanWriteContacts bool
	Commitments      *commitmentList
	Cadence          *cadenceBox // nil for supplier users
	Timeline         *timeline   // nil for supplier users
	Gifts            *giftBox    // nil for supplier users
	Health           *healthView // nil for supplier users
	Team             []*mutual.TeamMember
	ShowTeam         bool          // internal users
	Lifecycle        *lifecycleBox // nil for supplier users
}

// handlePartnerShow shows a partner. A partner the user may not see is not
// found. Whatever the timeline holds, the page costs the same few calls:
// the partner with its contacts, its commitments, and for internal users
// its cadence, its health, one page of the timeline, the users who name
// attendees and its life cycle's moves.
func (h *Handler) handlePartnerShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.loadPartnerPage(w, r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "partner_show", p)
}

// loadPartnerPage reads what the partner page shows; the status form comes
// back on it too (web/lifecycle.go).
func (h *Handler) loadPartnerPage(w http.ResponseWriter, r *http.Request, id mutual.ID) (*partnerPage, error) {
	ctx := r.Context()
	partner, err := h.svc.Partners.FindPartnerByID(ctx, id)
	if err != nil {
		return nil, err
	}
	me := mutual.UserFromContext(ctx)
	p := &partnerPage{
		basePage:         h.newBase(w, r, "partner.title", "partners"),
		Partner:          partner,
		CanEdit:          mutual.CanWritePartners(me),
		CanWriteContacts: mutual.CanWriteContacts(me, partner.ID),
	}
	p.Title = partner.Name
	var users []*mutual.User
	if mutual.CanReadInteractions(me) {
		if users, err = h.svc.Users.FindAssignableUsers(ctx); err != nil {
			return nil, err
		}
		if p.Cadence, err = h.loadCadenceBox(r, partner); err != nil {
			return nil, err
		}
		health, err := h.svc.Health.PartnerHealth(ctx, partner.ID)
		if err != nil {
			return nil, err
		}
		p.Health = p.healthView(health)
		if p.Timeline, err = h.loadTimeline(r, &p.basePage, partner, users); err != nil {
			return nil, err
		}
		if p.Gifts, err = h.loadGiftBox(r, partner); err != nil {
			return nil, err
		}
		if p.Team, err = h.svc.Owners.FindTeam(ctx, partner.ID); err != nil {
			return nil, err
		}
		p.ShowTeam = true
		if p.Lifecycle, err = h.loadLifecycle(r, &p.basePage, partner); err != nil {
			return nil, err
		}
	}
	if p.Commitments, err = h.loadPartnerCommitments(r, partner, users); err != nil {
		return nil, err
	}
	return p, nil
}
