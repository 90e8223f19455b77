package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/mutualsrm/mutual"
)

// ownerPartnersShown is how many of a KAM's partners the reassign form lists.
const ownerPartnersShown = 500

// reassignFields are the inputs of the bulk reassign form.
var reassignFields = []string{"from_owner_id", "to_owner_id", "partner_ids"}

// ownersPage shows each KAM's load and the form to move partners in bulk.
type ownersPage struct {
	basePage
	formState
	Loads    []ownerLoadRow
	Segments []string
	Users    []*mutual.User // who may take partners over
	Form     reassignForm
	FromName string
	ToName   string
	Partners []*mutual.Partner // the partners of Form.From, to choose from
	More     bool              // From has more partners than listed
	Confirm  bool              // the form was sent once: ask to confirm
	Moved    string            // what the last reassignment did
}

// ownerLoadRow is one KAM's load.
type ownerLoadRow struct {
	L       *mutual.OwnerLoad
	Counts  []int // partners per segment, in the order of mutual.Segments, then none
	ListURL string
}

// reassignForm is the bulk reassign form as sent.
type reassignForm struct {
	From, To string
	All      bool // every partner of From, or the selected ones
	Selected map[string]bool
}

// Checked reports whether partner id is selected.
func (f reassignForm) Checked(id mutual.ID) bool { return f.Selected[id.String()] }

// ShowOwnersNav reports whether the header links the KAM loads: for those
// who may move partners between KAMs.
func (p *basePage) ShowOwnersNav() bool { return mutual.CanReassign(p.User) }

// newOwnersPage reads the loads, the users and, when a KAM is chosen, their
// partners: three calls.
func (h *Handler) newOwnersPage(w http.ResponseWriter, r *http.Request, form reassignForm) (*ownersPage, error) {
	ctx := r.Context()
	loads, err := h.svc.Owners.OwnerLoads(ctx)
	if err != nil {
		return nil, err
	}
	users, err := h.svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return nil, err
	}
	p := &ownersPage{basePage: h.newBase(w, r, "owners.title", "owners"), Segments: mutual.Segments, Form: form}
	names := map[string]string{}
	for _, u := range users {
		names[u.ID.String()] = u.Name
		if u.CanOwnRelationships() {
			p.Users = append(p.Users, u) // who partners may move to
		}
	}
	for _, l := range loads {
		row := ownerLoadRow{L: l}
		for _, s := range append(mutual.Segments, "") {
			row.Counts = append(row.Counts, l.BySegment[s])
		}
		if l.OwnerID != 0 {
			row.ListURL = "/owners?from=" + l.OwnerID.String()
			names[l.OwnerID.String()] = l.OwnerName
		}
		p.Loads = append(p.Loads, row)
	}
	// Those without a KAM come last, whatever their number.
	sort.SliceStable(p.Loads, func(i, j int) bool { return p.Loads[i].L.OwnerID != 0 && p.Loads[j].L.OwnerID == 0 })
	p.FromName, p.ToName = names[form.From], names[form.To]
	if id, ok := mutual.ParseID(form.From); ok && id != 0 {
		list, next, err := h.svc.Partners.FindPartners(ctx, mutual.PartnerFilter{OwnerID: id, Limit: ownerPartnersShown})
		if err != nil && mutual.ErrorCode(err) != mutual.EINVALID {
			return nil, err
		}
		p.Partners, p.More = list, next != ""
	}
	return p, nil
}

// handleOwnerList shows the KAM loads; ?from= lists a KAM's partners to
// choose from; ?moved= says what the last reassignment did.
func (h *Handler) handleOwnerList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := h.newOwnersPage(w, r, reassignForm{From: q.Get("from"), All: q.Get("from") == ""})
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(q.Get("moved")); err == nil && n >= 0 {
		to := q.Get("to")
		for _, u := range p.Users {
			if u.ID.String() == to {
				to = u.Name
			}
		}
		p.Moved = p.T("owners.moved", n, to)
	}
	return h.render(w, r, http.StatusOK, "owner_list", p)
}

// handleOwnerReassign moves partners in two steps: the first post shows
// what will move and asks to confirm; the second (confirm=1) moves them and
// goes back to the loads with the count moved.
func (h *Handler) handleOwnerReassign(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form := reassignForm{From: f.Text("from_owner_id"), To: f.Text("to_owner_id"), All: f.Text("scope") != "selected", Selected: map[string]bool{}}
	re, probs := form.reassignment(f.List("partner_ids"))
	err = probs.Err()
	if err == nil {
		err = re.Validate()
	}
	if err == nil && f.Text("confirm") == "1" {
		var n int
		if n, err = h.svc.Owners.ReassignPartners(ctx, re); err == nil {
			http.Redirect(w, r, "/owners?"+url.Values{"moved": {strconv.Itoa(n)}, "to": {re.ToOwnerID.String()}}.Encode(), http.StatusSeeOther)
			return nil
		}
	}
	p, perr := h.newOwnersPage(w, r, form)
	if perr != nil {
		return perr
	}
	if err == nil {
		p.Confirm = true
		return h.render(w, r, http.StatusOK, "owner_list", p)
	}
	status, ok := p.setError(p.Locale, err, reassignFields)
	if !ok {
		return err
	}
	return h.render(w, r, status, "owner_list", p)
}

// reassignment reads the form into a reassignment, with a problem per
// input that is not an ID.
func (f *reassignForm) reassignment(ids []string) (mutual.Reassignment, mutual.Problems) {
	var re mutual.Reassignment
	var probs mutual.Problems
	readID := func(field, s string) mutual.ID {
		id, ok := mutual.ParseID(s)
		if !ok {
			probs.Add(field, "id", "Choose from the list.")
		}
		return id
	}
	re.FromOwnerID = readID("from_owner_id", f.From)
	re.ToOwnerID = readID("to_owner_id", f.To)
	if !f.All {
		for _, s := range ids {
			if id := readID("partner_ids", s); id != 0 {
				re.PartnerIDs = append(re.PartnerIDs, id)
				f.Selected[s] = true
			}
		}
		if len(re.PartnerIDs) == 0 {
			probs.Add("partner_ids", "required", "Choose the partners to move.")
		}
	}
	return re, probs
}
