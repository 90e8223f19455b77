package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"

	"github.com/mutualsrm/mutual"
)

// Commitment pages read at most this many commitments at once.
const (
	commitmentsPerPage   = 100
	partnerCommitmentMax = 500
	pendingShown         = 50 // open and missed commitments shown on a partner page
	closedShown          = 10 // done and cancelled commitments shown on a partner page
)

// commitmentFields are the inputs of the commitment form.
var commitmentFields = []string{"title", "side", "owner", "due_on", "notes"}

// commitmentList is a list of commitments with the buttons the user may press.
type commitmentList struct {
	Rows          []commitmentRow
	Hidden        int // commitments not shown, the least urgent ones
	ShowPartner   bool
	CanAdd        bool
	AddAction     string
	Form          followUpForm
	Sides         []string
	UserOwners    []choice
	ContactOwners []choice
}

// commitmentRow is one commitment as a list shows it.
type commitmentRow struct {
	C           *mutual.Commitment
	PartnerName string
	PartnerURL  string
	DueSoon     bool
	CanDone     bool
	CanCancel   bool
	ActionURL   string // the commitment's URL; "/done" and "/cancel" follow
}

// statusRank orders commitments: open first, then missed, then the closed ones.
var statusRank = map[string]int{"open": 0, "missed": 1, "done": 2, "cancelled": 3}

// sortCommitments puts open and missed commitments first, soonest due
// first, then the closed ones, most recent first.
func sortCommitments(list []*mutual.Commitment) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if ra, rb := statusRank[a.Status], statusRank[b.Status]; ra != rb {
			return ra < rb
		}
		if statusRank[a.Status] >= 2 {
			return b.DueOn.Before(a.DueOn)
		}
		return a.DueOn.Before(b.DueOn)
	})
}

// commitmentRows prepares the rows for me: a supplier user may mark only
// its own side's commitments done; writers may mark done and cancel.
func (h *Handler) commitmentRows(me *mutual.User, list []*mutual.Commitment) []commitmentRow {
	today := h.today()
	soon := today.AddDays(7)
	write := mutual.CanWritePartners(me)
	rows := make([]commitmentRow, len(list))
	for i, c := range list {
		pending := c.State() == mutual.CommitmentOpen || c.State() == mutual.CommitmentMissed
		rows[i] = commitmentRow{
			C:          c,
			PartnerURL: "/partners/" + c.PartnerID.String(),
			DueSoon:    c.State() == mutual.CommitmentOpen && !c.DueOn.Before(today) && !c.DueOn.After(soon),
			CanDone:    pending && (write || (me.Role == mutual.RoleSupplier && c.Side == "theirs")),
			CanCancel:  pending && write,
			ActionURL:  "/partners/" + c.PartnerID.String() + "/commitments/" + c.ID.String(),
		}
	}
	return rows
}

// loadPartnerCommitments reads a partner's commitments in one call; only
// when a partner has more than a page of them does a second call make
// sure every open one is shown.
func (h *Handler) loadPartnerCommitments(r *http.Request, partner *mutual.Partner, users []*mutual.User) (*commitmentList, error) {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	list, next, err := h.svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{PartnerID: partner.ID, Limit: partnerCommitmentMax})
	if err != nil {
		return nil, err
	}
	if next != "" {
		open, _, err := h.svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{PartnerID: partner.ID, Status: string(mutual.CommitmentOpen), Limit: partnerCommitmentMax})
		if err != nil {
			return nil, err
		}
		kept := list[:0]
		for _, c := range list {
			if c.State() != mutual.CommitmentOpen {
				kept = append(kept, c)
			}
		}
		list = append(kept, open...)
	}
	sortCommitments(list)
	cl := &commitmentList{Sides: mutual.CommitmentSides, CanAdd: mutual.CanWritePartners(me)}
	pending, closed := 0, 0
	shown := list[:0:0]
	for _, c := range list {
		n, limit := &pending, pendingShown
		if statusRank[c.Status] >= 2 {
			n, limit = &closed, closedShown
		}
		if *n++; *n > limit {
			cl.Hidden++
			continue
		}
		shown = append(shown, c)
	}
	cl.Rows = h.commitmentRows(me, shown)
	if cl.CanAdd {
		cl.AddAction = "/partners/" + partner.ID.String() + "/commitments/new"
		cl.Form = followUpForm{Side: "ours"}
		cl.UserOwners, cl.ContactOwners = ownerChoices(users, partner.Contacts)
	}
	return cl, nil
}

// commitmentFormPage is the form to add a commitment to a partner. The
// partner page shows the same form inline; this page shows it again with
// the problems.
type commitmentFormPage struct {
	basePage
	formState
	Form          followUpForm
	Action        string
	PartnerID     mutual.ID
	PartnerName   string
	Sides         []string
	UserOwners    []choice
	ContactOwners []choice
}

// commitmentPartner loads the partner of the path for adding commitments.
func (h *Handler) commitmentPartner(r *http.Request) (*mutual.Partner, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	partner, err := h.svc.Partners.FindPartnerByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return partner, nil
}

func (h *Handler) newCommitmentFormPage(w http.ResponseWriter, r *http.Request, partner *mutual.Partner) (*commitmentFormPage, error) {
	users, err := h.svc.Users.FindAssignableUsers(r.Context())
	if err != nil {
		return nil, err
	}
	p := &commitmentFormPage{
		basePage:    h.newBase(w, r, "commitment.new_title", "partners"),
		Action:      "/partners/" + partner.ID.String() + "/commitments/new",
		PartnerID:   partner.ID,
		PartnerName: partner.Name,
		Sides:       mutual.CommitmentSides,
	}
	p.UserOwners, p.ContactOwners = ownerChoices(users, partner.Contacts)
	return p, nil
}

// handleCommitmentNew shows an empty commitment form.
func (h *Handler) handleCommitmentNew(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.commitmentPartner(r)
	if err != nil {
		return err
	}
	p, err := h.newCommitmentFormPage(w, r, partner)
	if err != nil {
		return err
	}
	p.Form.Side = "ours"
	return h.render(w, r, http.StatusOK, "commitment_form", p)
}

// handleCommitmentCreate adds a commitment, or shows the form with the problems.
func (h *Handler) handleCommitmentCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	form := followUpForm{Title: f.Text("title"), Side: f.Text("side"), Owner: f.Text("owner"), DueOn: f.Text("due_on"), Notes: f.Text("notes")}
	partner, err := h.commitmentPartner(r)
	if err != nil {
		return err
	}
	c, probs := form.commitment(f.locale, "")
	c.PartnerID = partner.ID
	f.Problems = append(f.Problems, probs...)
	if len(f.Problems) > 0 || f.TooLarge {
		probe := *c
		err = f.check(probe.Validate())
	} else {
		err = h.svc.Commitments.CreateCommitment(r.Context(), c)
	}
	if err != nil {
		p, perr := h.newCommitmentFormPage(w, r, partner)
		if perr != nil {
			return perr
		}
		p.Form = form
		return h.renderForm(w, r, "commitment_form", p, ownerErrors(err), "", commitmentFields)
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String()+"#commitments", "flash.commitment_saved")
}

// ownerErrors names the errors of a commitment's owner fields as its one owner input.
func ownerErrors(err error) error {
	var e *mutual.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &mutual.Error{Code: e.Code, Message: e.Message, Fields: make([]mutual.FieldError, len(e.Fields))}
	for i, fe := range e.Fields {
		if fe.Field == "owner_user_id" || fe.Field == "owner_contact_id" {
			fe.Field = "owner"
		}
		out.Fields[i] = fe
	}
	return out
}

// handleCommitmentDone marks a commitment done.
func (h *Handler) handleCommitmentDone(w http.ResponseWriter, r *http.Request) error {
	return h.setCommitmentStatus(w, r, "done")
}

// handleCommitmentCancel cancels a commitment.
func (h *Handler) handleCommitmentCancel(w http.ResponseWriter, r *http.Request) error {
	return h.setCommitmentStatus(w, r, "cancelled")
}

// setCommitmentStatus changes a commitment's status with optimistic
// concurrency and goes back where the button was.
func (h *Handler) setCommitmentStatus(w http.ResponseWriter, r *http.Request, status string) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := h.svc.Commitments.FindCommitmentByID(ctx, cid)
	if err != nil {
		return err
	}
	if c.PartnerID != id {
		return mutual.Errorf(mutual.ENOTFOUND, "Commitment not found.")
	}
	_, err = h.svc.Commitments.UpdateCommitment(ctx, c.ID, mutual.CommitmentUpdate{Status: &status, Version: f.Version()})
	switch mutual.ErrorCode(err) {
	case "":
		if status == "done" {
			h.flash(w, "flash.commitment_done")
		} else {
			h.flash(w, "flash.commitment_cancelled")
		}
	case mutual.EPRECONDITION:
		h.flash(w, "flash.commitment_stale")
	default:
		return err
	}
	return h.redirectFlash(w, r, f.Next("/partners/"+id.String()+"#commitments"), "")
}

// myCommitmentsPage lists the signed-in user's commitments across partners.
type myCommitmentsPage struct {
	basePage
	List        commitmentList
	StatusLinks []filterLink
	Status      string
	NextURL     string
	FirstURL    string
	Message     string
}

// handleMyCommitments lists the commitments the signed-in user owns, open
// first. It costs one FindCommitments call, which joins the partner names.
func (h *Handler) handleMyCommitments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	q := r.URL.Query()
	f := mutual.CommitmentFilter{OwnerUserID: me.ID, Cursor: q.Get("cursor"), Limit: commitmentsPerPage}
	if v := q.Get("status"); contains(mutual.CommitmentStatuses, v) {
		f.Status = v
	}
	p := &myCommitmentsPage{basePage: h.newBase(w, r, "commitments.title", "commitments"), Status: f.Status}
	list, next, err := h.svc.Commitments.FindCommitments(ctx, f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		p.Message = p.T("partners.bad_link")
	case err != nil:
		return err
	}
	sortCommitments(list)
	p.List = commitmentList{ShowPartner: true, Rows: h.commitmentRows(me, list)}
	for i := range p.List.Rows {
		p.List.Rows[i].PartnerName = p.List.Rows[i].C.PartnerName
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
			return "/commitments"
		}
		return "/commitments?" + v.Encode()
	}
	p.StatusLinks = append(p.StatusLinks, filterLink{Label: p.T("commitments.all"), URL: link("", ""), Current: f.Status == ""})
	for _, s := range mutual.CommitmentStatuses {
		p.StatusLinks = append(p.StatusLinks, filterLink{Label: p.Label("commitment_status", s), URL: link(s, ""), Current: f.Status == s})
	}
	if next != "" {
		p.NextURL = link(f.Status, next)
	}
	if f.Cursor != "" {
		p.FirstURL = link(f.Status, "")
	}
	return h.render(w, r, http.StatusOK, "commitment_list", p)
}

// ownerSelect is the choice of a commitment's owner: one of our users or
// one of the partner's contacts, grouped by side.
type ownerSelect struct {
	Ours, Theirs           []choice
	Selected               string
	OursLabel, TheirsLabel string
}

func newOwnerSelect(p *basePage, ours, theirs []choice, selected string) ownerSelect {
	return ownerSelect{Ours: ours, Theirs: theirs, Selected: selected,
		OursLabel: p.T("commitment.our_people"), TheirsLabel: p.T("commitment.their_people")}
}

// OwnerSelect returns the owner choices of the inline commitment form.
func (p *partnerPage) OwnerSelect(selected string) ownerSelect {
	return newOwnerSelect(&p.basePage, p.Commitments.UserOwners, p.Commitments.ContactOwners, selected)
}

// OwnerSelect returns the owner choices of the commitment form.
func (p *commitmentFormPage) OwnerSelect(selected string) ownerSelect {
	return newOwnerSelect(&p.basePage, p.UserOwners, p.ContactOwners, selected)
}

// OwnerSelect returns the owner choices of a follow-up row.
func (p *interactionFormPage) OwnerSelect(selected string) ownerSelect {
	return newOwnerSelect(&p.basePage, p.UserOwners, p.ContactOwners, selected)
}

// CommitmentList returns the partner's commitments for the shared template.
func (p *partnerPage) CommitmentList() *commitmentList { return p.Commitments }

// CommitmentList returns the user's commitments for the shared template.
func (p *myCommitmentsPage) CommitmentList() *commitmentList { return &p.List }
