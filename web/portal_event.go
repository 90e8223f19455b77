package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// portalEventsPerPage is the length of a page of the portal's event list.
const portalEventsPerPage = 50

// portalEventStatuses are the filters of the portal's event list; "" is all.
var portalEventStatuses = []string{"", string(mutual.EventOpen), string(mutual.EventClosed), string(mutual.EventAwarded), string(mutual.EventCancelled)}

// portalEventsPage lists the events a supplier is invited to.
type portalEventsPage struct {
	basePage
	Status      string
	StatusLinks []filterLink
	Rows        []portalEventRow
	NextURL     string
	FirstURL    string
}

// handlePortalEvents lists the published events the user's partner is
// invited to, by status, newest first: one page of events, and for the
// awarded ones the partner's agreements (two calls).
func (h *Handler) handlePortalEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := &portalEventsPage{basePage: h.newBase(w, r, "portal.events_title", "portal_events"), Status: q.Get("status")}
	if !contains(portalEventStatuses, p.Status) {
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
			return "/portal/events"
		}
		return "/portal/events?" + v.Encode()
	}
	for _, s := range portalEventStatuses {
		label := p.T("portal.all")
		if s != "" {
			label = p.Label("portal.event_status", s)
		}
		p.StatusLinks = append(p.StatusLinks, filterLink{Label: label, URL: link(s, ""), Current: s == p.Status})
	}
	cursor := q.Get("cursor")
	list, next, err := h.svc.Events.FindEvents(r.Context(), mutual.EventFilter{Status: mutual.EventStatus(p.Status), Cursor: cursor, Limit: portalEventsPerPage})
	if mutual.ErrorCode(err) == mutual.EINVALID && cursor != "" {
		http.Redirect(w, r, link(p.Status, ""), http.StatusSeeOther) // an old or edited link
		return nil
	} else if err != nil {
		return err
	}
	if p.Rows, err = h.portalEventRows(r, p.Locale, list); err != nil {
		return err
	}
	if next != "" {
		p.NextURL = link(p.Status, next)
	}
	if cursor != "" {
		p.FirstURL = link(p.Status, "")
	}
	return h.render(w, r, http.StatusOK, "portal_events", p)
}

// portalLine is an event line on the portal: what is asked, the bid
// form's inputs for it, and the live bid's quote.
type portalLine struct {
	L                             mutual.EventLine
	PriceName, LeadName, NoteName string
	Price, Lead, Note             string
	Quoted                        bool
	Quote                         mutual.BidLine
}

// portalQuestion is a question on the portal with the form's answer and
// the live bid's.
type portalQuestion struct {
	Q      mutual.Question
	Name   string // the input; a file question's upload is Name+".file"
	Value  string
	DocID  mutual.ID // a file question's attachment
	Answer string    // the live bid's answer as text
}

// portalEventPage is one event as the invited supplier sees it, with its
// bid form while the event accepts bids.
type portalEventPage struct {
	basePage
	formState
	Event          *mutual.Event
	URL            string
	Accepting      bool
	NotYetOpen     bool
	Countdown      string
	Documents      []*mutual.Document
	Clarifications []*mutual.Clarification
	Lines          []portalLine
	Questions      []portalQuestion
	Bid            *mutual.Bid // the live bid; nil before the first submission
	Comments       string
	ValidUntil     string
	Award          *mutual.AwardResult
}

// Quantity formats a quantity with the page's separators and its own
// decimals.
func (p *portalEventPage) Quantity(d mutual.Decimal) string { return portalDecimal(p.Locale, d) }

// DocumentURL is where a document of the event downloads.
func (p *portalEventPage) DocumentURL(id mutual.ID) string {
	return p.URL + "/documents/" + id.String()
}

// ClosedAt is when the event stopped taking bids: its closing time, or
// earlier when the buyer closed it early.
func (p *portalEventPage) ClosedAt() time.Time {
	if !p.Event.ClosedAt.IsZero() {
		return p.Event.ClosedAt
	}
	return p.Event.ClosesAt
}

// Size writes a file's size in kilobytes.
func (p *portalEventPage) Size(n int64) string {
	return p.T("portal.kilobytes", i18n.FormatNumber(p.Locale, (n+1023)/1024))
}

// BidStatus says where the live bid stands: "Revision 2 submitted at …".
func (p *portalEventPage) BidStatus() string {
	switch {
	case p.Bid == nil:
		return p.T("portal.bid_none")
	case p.Bid.Status == mutual.BidWithdrawn:
		return p.T("portal.bid_withdrawn_at", p.DateTime(p.Bid.SubmittedAt))
	}
	return p.T("portal.bid_revision", p.Bid.Revision, p.DateTime(p.Bid.SubmittedAt))
}

// Outcome names the award's result for the user's partner.
func (p *portalEventPage) Outcome() string {
	if p.Award == nil {
		return ""
	}
	if p.Award.Outcome == "" {
		return p.T("portal.outcome_no_bid")
	}
	return p.Label("portal.outcome", p.Award.Outcome)
}

// portalDecimal writes d in locale with as many decimals as it has.
func portalDecimal(locale string, d mutual.Decimal) string {
	places := int32(0)
	if s := d.String(); strings.Contains(s, ".") {
		places = int32(len(s) - strings.IndexByte(s, '.') - 1)
	}
	return i18n.FormatDecimal(locale, d, places)
}

// loadPortalEvent reads an event and what its page shows: the event, its
// documents and clarifications, the partner's bid and, once awarded, the
// partner's part of the award. Five calls at most.
func (h *Handler) loadPortalEvent(w http.ResponseWriter, r *http.Request, id mutual.ID) (*portalEventPage, error) {
	ctx := r.Context()
	e, err := h.svc.Events.FindEventByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &portalEventPage{basePage: h.newBase(w, r, "portal.event_title", "portal_events"), Event: e, URL: "/portal/events/" + e.ID.String()}
	p.Title = e.Title
	now := h.now()
	refusal := e.CheckBidsAt(now, h.zone())
	p.Accepting = refusal == nil
	p.NotYetOpen = mutual.ErrorReason(refusal) == mutual.ReasonNotYetOpen
	if e.Status == mutual.EventOpen {
		p.Countdown = closesIn(p.Locale, now, e.ClosesAt)
	}
	docs, err := h.svc.Documents.FindDocuments(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.PartnerID == 0 { // the event's; the bid's attachments show with its answers
			p.Documents = append(p.Documents, d)
		}
	}
	if p.Clarifications, err = h.svc.Clarifications.FindClarifications(ctx, id); err != nil {
		return nil, err
	}
	bid, err := h.svc.Bids.FindMyBid(ctx, id)
	switch mutual.ErrorCode(err) {
	case "":
		p.Bid = bid
	case mutual.ENOTFOUND:
	default:
		return nil, err
	}
	if e.Status == mutual.EventAwarded {
		if p.Award, err = h.svc.Agreements.FindAward(ctx, id); err != nil {
			return nil, err
		}
	}
	quotes := map[mutual.ID]mutual.BidLine{}
	answers := map[mutual.ID]mutual.Answer{}
	if p.Bid != nil {
		for _, l := range p.Bid.Lines {
			quotes[l.LineID] = l
		}
		for _, a := range p.Bid.Answers {
			answers[a.QuestionID] = a
		}
	}
	for _, l := range e.Lines {
		key := "line." + l.ID.String() + "."
		q, ok := quotes[l.ID]
		p.Lines = append(p.Lines, portalLine{L: l, PriceName: key + "unit_price", LeadName: key + "lead_time_days", NoteName: key + "note", Quoted: ok, Quote: q})
	}
	for _, q := range e.Questions {
		pq := portalQuestion{Q: q, Name: "answer." + q.ID.String()}
		if a, ok := answers[q.ID]; ok {
			pq.Answer = answerText(p.Locale, q, a)
			pq.DocID = a.DocumentID
		}
		p.Questions = append(p.Questions, pq)
	}
	return p, nil
}

// answerText writes an answer for reading.
func answerText(locale string, q mutual.Question, a mutual.Answer) string {
	switch {
	case q.Kind == "yes_no" && a.Yes != nil && *a.Yes:
		return i18n.T(locale, "form.yes")
	case q.Kind == "yes_no" && a.Yes != nil:
		return i18n.T(locale, "form.no")
	case q.Kind == "number" && a.Number != nil:
		return portalDecimal(locale, *a.Number)
	case q.Kind == "file" && a.DocumentID != 0:
		return i18n.T(locale, "portal.attached_file")
	}
	return a.Text
}

// handlePortalEvent shows an event the user's partner is invited to; any
// other event is not found.
func (h *Handler) handlePortalEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.loadPortalEvent(w, r, id)
	if err != nil {
		return err
	}
	p.fill(bidFormOf(p.Locale, p.Event, p.Bid, h.today()))
	return h.render(w, r, http.StatusOK, "portal_event", p)
}

// handlePortalDocument downloads an event's document, or the partner's
// own bid attachment; the store decides what the user may read.
func (h *Handler) handlePortalDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	did, err := pathID(r, "did")
	if err != nil {
		return err
	}
	d, err := h.svc.Documents.FindDocument(r.Context(), id, did)
	if err != nil {
		return err
	}
	return writeDocument(w, d)
}
