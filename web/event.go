package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// eventListPage is the list of sourcing events with its filters.
type eventListPage struct {
	basePage
	Filter   mutual.EventFilter
	Events   []*mutual.Event
	Kinds    []string
	Statuses []string
	Filtered bool
	NextURL  string
	FirstURL string
	Message  string
}

// handleEventList shows a page of events: one FindEvents call, which
// counts invitations and submitted bids for the whole page.
func (h *Handler) handleEventList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := mutual.EventFilter{Status: mutual.EventStatus(q.Get("status")), Kind: q.Get("kind"), Query: strings.TrimSpace(q.Get("q")), Cursor: q.Get("cursor"), Limit: sourcingPerPage}
	p := &eventListPage{basePage: h.newBase(w, r, "events.title", "events"), Filter: f,
		Kinds: mutual.EventKinds, Statuses: mutual.EventStatuses, Filtered: f.Status != "" || f.Kind != "" || f.Query != ""}
	list, next, err := h.svc.Events.FindEvents(r.Context(), f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		p.Message = p.T("partners.bad_link")
	case err != nil:
		return err
	}
	p.Events = list
	base := url.Values{}
	for k, v := range map[string]string{"status": string(f.Status), "kind": f.Kind, "q": f.Query} {
		if v != "" {
			base.Set(k, v)
		}
	}
	if next != "" {
		nq := url.Values{}
		for k, v := range base {
			nq[k] = v
		}
		nq.Set("cursor", next)
		p.NextURL = "/events?" + nq.Encode()
	}
	if f.Cursor != "" {
		p.FirstURL = "/events"
		if s := base.Encode(); s != "" {
			p.FirstURL += "?" + s
		}
	}
	return h.render(w, r, http.StatusOK, "event_list", p)
}

// eventStep is one moment of an event's life on its page.
type eventStep struct {
	At      time.Time
	Text    string
	Pending bool // a moment to come
}

// eventPage is an event's overview: its state, invitations, documents and
// clarifications, with the actions the user may take now.
type eventPage struct {
	basePage
	formState
	Event          *mutual.Event
	Invitations    []*mutual.Invitation
	Clarifications []*mutual.Clarification
	Documents      []*mutual.Document
	Timeline       []eventStep
	Evaluators     []string
	Committee      []string // names of the opening committee
	Openers        []string
	Names          map[mutual.ID]string
	Suppliers      []*mutual.Partner // may still be invited
	SupplierQuery  string

	// What the user may do now, as the domain's predicates say (the store
	// asks the same ones).
	CanWrite       bool // runs events
	CanOpen        bool // may open the sealed bids now
	Visible        bool // bid contents are visible to the buying side
	Editable       bool // its terms may change: a draft
	CanPublish     bool
	CanClose       bool
	CanAward       bool
	CanCancel      bool
	CanExtend      bool // its closing time may move (published and open)
	CanClarify     bool
	Inviting       bool // invitations may change
	CanAddDocument bool
	CanRemoveDoc   bool
	SealedNotice   string
	OpenRefusal    string // why the user may not open them, when it is about the user
	MaxUploadMB    int
	CancelReason   string
	Clarification  string
	ClosesAt       string
}

// formFields are the inputs of the forms the event page shows now: a
// problem of another field shows above the page.
func (p *eventPage) formFields() []string {
	var out []string
	if p.CanCancel {
		out = append(out, "reason")
	}
	if p.CanClarify {
		out = append(out, "text")
	}
	if p.CanExtend {
		out = append(out, "closes_at")
	}
	if p.CanAddDocument {
		out = append(out, "file", "name")
	}
	if p.Inviting {
		out = append(out, "partner_ids")
	}
	return out
}

// Name returns the name of one of our users.
func (p *eventPage) Name(id mutual.ID) string { return p.Names[id] }

// loadEvent loads the event of the path for the buying side.
func (h *Handler) loadEvent(r *http.Request) (*mutual.Event, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.Events.FindEventByID(r.Context(), id)
}

// handleEventShow shows an event.
func (h *Handler) handleEventShow(w http.ResponseWriter, r *http.Request) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	p, err := h.newEventPage(w, r, e)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "event_show", p)
}

// newEventPage reads what the event page shows: five calls whatever the
// event's size, six when suppliers may be invited.
func (h *Handler) newEventPage(w http.ResponseWriter, r *http.Request, e *mutual.Event) (*eventPage, error) {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	p := &eventPage{basePage: h.newBase(w, r, "event.title", "events"), Event: e, MaxUploadMB: mutual.MaxDocumentSize >> 20}
	p.Title = e.Title
	var err error
	if p.Invitations, err = h.svc.Invitations.FindInvitations(ctx, e.ID); err != nil {
		return nil, err
	}
	if p.Clarifications, err = h.svc.Clarifications.FindClarifications(ctx, e.ID); err != nil {
		return nil, err
	}
	if p.Documents, err = h.svc.Documents.FindDocuments(ctx, e.ID); err != nil {
		return nil, err
	}
	users, err := h.svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return nil, err
	}
	p.Names = userNames(users)
	for _, id := range e.Evaluators {
		p.Evaluators = append(p.Evaluators, p.Names[id])
	}
	for _, id := range e.Openers {
		p.Openers = append(p.Openers, p.Names[id])
	}
	p.permit(e, me)
	p.opening(e, me, h.now())
	p.SealedNotice = p.sealedNotice(e)
	p.Timeline = p.timeline(e)
	p.ClosesAt = localInput(e.ClosesAt, h.zone())
	if p.Inviting {
		p.SupplierQuery = strings.TrimSpace(r.URL.Query().Get("supplier_q"))
		all, err := h.supplierChoices(r, p.SupplierQuery)
		if err != nil {
			return nil, err
		}
		invited := map[mutual.ID]bool{}
		for _, in := range p.Invitations {
			invited[in.PartnerID] = true
		}
		for _, s := range all {
			if !invited[s.ID] {
				p.Suppliers = append(p.Suppliers, s)
			}
		}
	}
	return p, nil
}

// permit asks the domain what me may do with e now.
func (p *eventPage) permit(e *mutual.Event, me *mutual.User) {
	w := mutual.CanWriteEvents(me)
	may := func(err error) bool { return w && err == nil }
	p.CanWrite = w
	p.Visible = e.BidsVisible()
	p.Editable = may(e.CanChange(true, false))
	p.CanPublish = may(e.CanPublish())
	p.CanClose = may(e.CanClose())
	p.CanAward = may(e.CanAward())
	p.CanCancel = may(e.CanCancel())
	p.CanExtend = e.Published() && may(e.CanChange(false, true))
	p.CanClarify = may(e.CanClarify())
	p.Inviting = may(e.CanInvite())
	p.CanAddDocument = may(e.CanAddDocument())
	p.CanRemoveDoc = may(e.CanRemoveDocument())
}

// CanUninvite reports whether the user may withdraw in now.
func (p *eventPage) CanUninvite(in *mutual.Invitation) bool {
	return p.CanWrite && p.Event.CanUninvite(in.BidStatus != mutual.BidNone) == nil
}

// sealedNotice says why bid contents are hidden, or "" when they are not.
func (p *eventPage) sealedNotice(e *mutual.Event) string {
	if !e.Sealed || p.Visible {
		return ""
	}
	switch e.Status {
	case mutual.EventDraft:
		return p.T("event.sealed_draft")
	case mutual.EventOpen:
		if len(e.Committee) > 0 {
			return p.T("event.sealed_until_committee", p.DateTime(e.ClosesAt))
		} else if e.TwoPersonOpening {
			return p.T("event.sealed_until_two", p.DateTime(e.ClosesAt))
		}
		return p.T("event.sealed_until", p.DateTime(e.ClosesAt))
	case mutual.EventClosed:
		if len(e.Committee) > 0 {
			return p.T("event.sealed_closed_committee")
		} else if e.TwoPersonOpening {
			return p.T("event.sealed_closed_two")
		}
		return p.T("event.sealed_closed")
	}
	return p.T("event.sealed_cancelled")
}

// timeline lists the event's state changes, oldest first: the order of
// the life cycle is the order in time.
func (p *eventPage) timeline(e *mutual.Event) []eventStep {
	steps := []eventStep{{At: e.CreatedAt, Text: p.T("event.step_created", p.Names[e.CreatedBy])}}
	if !e.PublishedAt.IsZero() {
		steps = append(steps, eventStep{At: e.PublishedAt, Text: p.T("event.step_published", p.DateTime(e.OpensAt))})
	}
	switch {
	case !e.ClosedAt.IsZero():
		steps = append(steps, eventStep{At: e.ClosedAt, Text: p.T("event.step_closed")})
	case e.Status == mutual.EventOpen || e.Status == mutual.EventDraft:
		steps = append(steps, eventStep{At: e.ClosesAt, Text: p.T("event.step_closes"), Pending: true})
	}
	if len(p.Openers) > 0 && e.UnsealedAt.IsZero() {
		steps = append(steps, eventStep{Text: p.T("event.step_opened_by", strings.Join(p.Openers, ", ")), Pending: true})
	}
	if !e.UnsealedAt.IsZero() {
		steps = append(steps, eventStep{At: e.UnsealedAt, Text: p.T("event.step_unsealed", strings.Join(p.Openers, ", "))})
	}
	if !e.CancelledAt.IsZero() {
		steps = append(steps, eventStep{At: e.CancelledAt, Text: p.T("event.step_cancelled", e.CancelReason)})
	}
	if !e.AwardedAt.IsZero() {
		steps = append(steps, eventStep{At: e.AwardedAt, Text: p.T("event.step_awarded")})
	}
	return steps
}

// SubmittedCount returns how many invited suppliers have a live bid.
func (p *eventPage) SubmittedCount() int {
	n := 0
	for _, in := range p.Invitations {
		if in.BidStatus == mutual.BidSubmitted {
			n++
		}
	}
	return n
}

// eventAction runs a state change from a button on the event page: on
// success it goes back to the page with a message; a refusal the page can
// explain shows the page again with it.
func (h *Handler) eventAction(w http.ResponseWriter, r *http.Request, flashKey string,
	do func(ctx context.Context, e *mutual.Event, v url.Values) (string, error)) error {
	return h.eventActionFlash(w, r, func(ctx context.Context, e *mutual.Event, v url.Values) (string, string, error) {
		next, err := do(ctx, e, v)
		return next, flashKey, err
	})
}

// eventActionFlash is eventAction whose action chooses the message.
func (h *Handler) eventActionFlash(w http.ResponseWriter, r *http.Request,
	do func(ctx context.Context, e *mutual.Event, v url.Values) (string, string, error)) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	if pf.TooLarge {
		return h.eventActionFailed(w, r, e.ID, nil, pf.tooLarge())
	}
	next, flashKey, err := do(r.Context(), e, v)
	if err != nil {
		return h.eventActionFailed(w, r, e.ID, v, err)
	}
	h.flash(w, flashKey)
	if next == "" {
		next = "/events/" + e.ID.String()
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// eventActionFailed shows the event page again with what went wrong, and
// what the user typed in the form that failed.
func (h *Handler) eventActionFailed(w http.ResponseWriter, r *http.Request, id mutual.ID, v url.Values, err error) error {
	e, ferr := h.svc.Events.FindEventByID(r.Context(), id)
	if ferr != nil {
		return ferr
	}
	p, perr := h.newEventPage(w, r, e)
	if perr != nil {
		return perr
	}
	if msg, ok := tooLargeMessage(p.Locale, err); ok {
		p.Message = msg
		return h.render(w, r, http.StatusRequestEntityTooLarge, "event_show", p)
	}
	status, ok := p.setScoped(p.Locale, "event", err, p.formFields())
	if !ok {
		return err
	}
	if v != nil {
		p.CancelReason, p.Clarification = v.Get("reason"), v.Get("text")
		if s := v.Get("closes_at"); s != "" {
			p.ClosesAt = s
		}
	}
	return h.render(w, r, status, "event_show", p)
}

func (h *Handler) handleEventPublish(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_published", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		version := formVersion(v.Get("version"))
		_, err := h.svc.Events.PublishEvent(ctx, e.ID, version)
		return "", err
	})
}

func (h *Handler) handleEventClose(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_closed", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		version := formVersion(v.Get("version"))
		_, err := h.svc.Events.CloseEvent(ctx, e.ID, version)
		return "", err
	})
}

func (h *Handler) handleEventCancel(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_cancelled", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		version := formVersion(v.Get("version"))
		_, err := h.svc.Events.CancelEvent(ctx, e.ID, v.Get("reason"), version)
		return "", err
	})
}

func (h *Handler) handleEventCopy(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_copied", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		cp, err := h.svc.Events.CopyEvent(ctx, e.ID)
		if err != nil {
			return "", err
		}
		return "/events/" + cp.ID.String() + "/edit", nil
	})
}

func (h *Handler) handleEventExtend(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_saved", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		t, ok := parseLocal(strings.TrimSpace(v.Get("closes_at")), h.zone())
		if !ok {
			var p mutual.Problems
			p.Add("closes_at", "datetime", "Not a date and time.")
			return "", p.Err()
		}
		_, err := h.svc.Events.UpdateEvent(ctx, e.ID, mutual.EventUpdate{ClosesAt: &t})
		return "", err
	})
}
