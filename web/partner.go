package web

import (
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
	Rows     []partnerRow
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
	p.Rows = partnerRows(&p.basePage, partners)
	p.Col = partnerColumns{
		Name: p.T("partner.name"), TaxCode: p.T("partner.tax_code"), Country: p.T("partner.country"), Roles: p.T("partner.roles"),
		Segment: p.T("partner.segment"), Status: p.T("partner.status"), Owner: p.T("partner.owner_short"), Spend: p.T("partner.annual_spend"),
	}
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

// partnerRow is one line of the list, with every value translated and
// formatted in Go: templates then only print fields, which keeps a page of
// fifty rows cheap to render.
type partnerRow struct {
	ID                       mutual.ID
	Name, LegalName, TaxCode string
	Country                  string
	Roles                    []string
	Segment, SegmentLabel    string
	Status, StatusLabel      string
	Owner, Spend             string
}

// partnerColumns are the translated column headings, also the labels of
// the cells when rows stack as cards on a phone.
type partnerColumns struct {
	Name, TaxCode, Country, Roles, Segment, Status, Owner, Spend string
}

func partnerRows(p *basePage, partners []*mutual.Partner) []partnerRow {
	rows := make([]partnerRow, len(partners))
	for i, pt := range partners {
		r := &rows[i]
		r.ID, r.Name, r.TaxCode, r.Owner = pt.ID, pt.Name, pt.TaxCode, pt.OwnerName
		if pt.LegalName != pt.Name {
			r.LegalName = pt.LegalName
		}
		r.Country = p.Country(pt.Country)
		r.Roles = make([]string, len(pt.Roles))
		for j, role := range pt.Roles {
			r.Roles[j] = p.Label("partner_role", role)
		}
		r.Segment, r.SegmentLabel = pt.Segment, p.Label("segment", pt.Segment)
		r.Status, r.StatusLabel = pt.Status, p.Label("status", pt.Status)
		r.Spend = p.Money(pt.AnnualSpend)
	}
	return rows
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

// partnerPage is one partner with its contacts.
type partnerPage struct {
	basePage
	Partner          *mutual.Partner
	CanEdit          bool
	CanWriteContacts bool
}

// handlePartnerShow shows a partner. A partner the user may not see is not found.
func (h *Handler) handlePartnerShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	partner, err := h.svc.Partners.FindPartnerByID(ctx, id)
	if err != nil {
		return err
	}
	me := mutual.UserFromContext(ctx)
	p := &partnerPage{
		basePage:         h.newBase(w, r, "partner.title", "partners"),
		Partner:          partner,
		CanEdit:          mutual.CanWritePartners(me),
		CanWriteContacts: mutual.CanWriteContacts(me, partner.ID),
	}
	p.Title = partner.Name
	return h.render(w, r, http.StatusOK, "partner_show", p)
}

// pathID reads an ID from the path; a malformed one is not found.
func pathID(r *http.Request, name string) (mutual.ID, error) {
	id, ok := mutual.ParseID(r.PathValue(name))
	if !ok || id == 0 {
		return 0, mutual.Errorf(mutual.ENOTFOUND, "Not found.")
	}
	return id, nil
}
