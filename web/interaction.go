package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// interactionsPerPage is the length of a page of the timeline.
const interactionsPerPage = 25

// timeline is one page of a partner's timeline with its filters. It costs
// one FindInteractions call; attendees are named from the users and contacts
// the partner page has loaded anyway.
type timeline struct {
	Entries    []timelineEntry
	KindLinks  []filterLink
	LevelLinks []filterLink
	Filtered   bool
	NextURL    string
	FirstURL   string
	Message    string
	CanWrite   bool
}

// filterLink is one choice of a filter shown as a link.
type filterLink struct {
	Label   string
	URL     string
	Current bool
}

// timelineEntry is one interaction as the timeline shows it.
type timelineEntry struct {
	In        *mutual.Interaction
	When      string
	Duration  string
	Ours      []string
	Theirs    []string
	Sentiment sentimentScale
	EditURL   string
	DoneURL   string
	CancelURL string
}

// sentimentScale is a sentiment drawn as five steps, the chosen one lit.
type sentimentScale struct {
	Known bool
	Value int
	Label string
	Steps [5]bool
}

func newSentimentScale(p *basePage, v *int) sentimentScale {
	if v == nil {
		return sentimentScale{}
	}
	s := sentimentScale{Known: true, Value: *v, Label: p.T("sentiment." + strconv.Itoa(*v))}
	if *v >= -2 && *v <= 2 {
		s.Steps[*v+2] = true
	}
	return s
}

// timelineFilter reads the timeline's filters from the partner page's
// query. Values that are not among the choices are ignored.
func timelineFilter(partnerID mutual.ID, q url.Values) mutual.InteractionFilter {
	f := mutual.InteractionFilter{PartnerID: partnerID, Limit: interactionsPerPage, Cursor: q.Get("cursor")}
	if v := q.Get("kind"); contains(mutual.InteractionKinds, v) {
		f.Kind = v
	}
	if v := q.Get("level"); contains(mutual.InteractionLevels, v) {
		f.Level = v
	}
	return f
}

// timelineURL is the partner page with the timeline's filters and cursor.
func timelineURL(partnerID mutual.ID, kind, level, cursor string) string {
	q := url.Values{}
	for k, v := range map[string]string{"kind": kind, "level": level, "cursor": cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	u := "/partners/" + partnerID.String()
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u + "#timeline"
}

// loadTimeline reads a page of the timeline and names its attendees.
func (h *Handler) loadTimeline(r *http.Request, p *basePage, partner *mutual.Partner, users []*mutual.User) (*timeline, error) {
	f := timelineFilter(partner.ID, r.URL.Query())
	tl := &timeline{CanWrite: mutual.CanWriteInteractions(p.User), Filtered: f.Kind != "" || f.Level != ""}
	list, next, err := h.svc.Interactions.FindInteractions(r.Context(), f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		tl.Message = p.T("partners.bad_link")
	case err != nil:
		return nil, err
	}
	userNames := make(map[mutual.ID]string, len(users))
	for _, u := range users {
		userNames[u.ID] = u.Name
	}
	contactNames := make(map[mutual.ID]string, len(partner.Contacts))
	for _, c := range partner.Contacts {
		contactNames[c.ID] = c.Name
	}
	name := func(names map[mutual.ID]string, id mutual.ID) string {
		if n := names[id]; n != "" {
			return n
		}
		return p.T("interaction.former")
	}
	base := "/partners/" + partner.ID.String() + "/interactions/"
	tl.Entries = make([]timelineEntry, len(list))
	for i, in := range list {
		e := timelineEntry{In: in, When: p.DateTime(in.OccurredAt), Sentiment: newSentimentScale(p, in.Sentiment)}
		if in.EndsAt != nil {
			e.Duration = formatDuration(p, in.EndsAt.Sub(in.OccurredAt))
		}
		for _, id := range in.OurAttendees {
			e.Ours = append(e.Ours, name(userNames, id))
		}
		for _, id := range in.TheirAttendees {
			e.Theirs = append(e.Theirs, name(contactNames, id))
		}
		if tl.CanWrite {
			e.EditURL = base + in.ID.String() + "/edit"
			e.DoneURL = e.EditURL + "?done=1"
			e.CancelURL = base + in.ID.String() + "/cancel"
		}
		tl.Entries[i] = e
	}
	all := p.T("timeline.all_kinds")
	tl.KindLinks = append(tl.KindLinks, filterLink{Label: all, URL: timelineURL(partner.ID, "", f.Level, ""), Current: f.Kind == ""})
	for _, k := range mutual.InteractionKinds {
		tl.KindLinks = append(tl.KindLinks, filterLink{Label: p.Label("interaction_kind", k), URL: timelineURL(partner.ID, k, f.Level, ""), Current: f.Kind == k})
	}
	tl.LevelLinks = append(tl.LevelLinks, filterLink{Label: p.T("timeline.all_levels"), URL: timelineURL(partner.ID, f.Kind, "", ""), Current: f.Level == ""})
	for _, l := range mutual.InteractionLevels {
		tl.LevelLinks = append(tl.LevelLinks, filterLink{Label: p.Label("interaction_level", l), URL: timelineURL(partner.ID, f.Kind, l, ""), Current: f.Level == l})
	}
	if next != "" {
		tl.NextURL = timelineURL(partner.ID, f.Kind, f.Level, next)
	}
	if f.Cursor != "" {
		tl.FirstURL = timelineURL(partner.ID, f.Kind, f.Level, "")
	}
	return tl, nil
}

// formatDuration writes a length of time in hours and minutes, or in days
// for what lasts longer than a day.
func formatDuration(p *basePage, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	mins := int(d.Round(time.Minute) / time.Minute)
	switch {
	case mins >= 24*60:
		days := (mins + 12*60) / (24 * 60)
		if days == 1 {
			return p.T("duration.day")
		}
		return p.T("duration.days", days)
	case mins >= 60 && mins%60 == 0:
		return p.T("duration.hours", mins/60)
	case mins >= 60:
		return p.T("duration.hours_minutes", mins/60, mins%60)
	}
	return p.T("duration.minutes", mins)
}

// interactionPartner loads the partner of the path for its timeline; the
// route table says who may see and write timelines.
func (h *Handler) interactionPartner(r *http.Request) (*mutual.Partner, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.Partners.FindPartnerByID(r.Context(), id)
}

// partnerInteraction loads the interaction of the path, which must belong to partner.
func (h *Handler) partnerInteraction(r *http.Request, partner *mutual.Partner) (*mutual.Interaction, error) {
	iid, err := pathID(r, "iid")
	if err != nil {
		return nil, err
	}
	in, err := h.svc.Interactions.FindInteractionByID(r.Context(), iid)
	if err != nil {
		return nil, err
	}
	if in.PartnerID != partner.ID {
		return nil, mutual.Errorf(mutual.ENOTFOUND, "Interaction not found.")
	}
	return in, nil
}

// handleInteractionNew shows an empty interaction form: to log what
// happened, or with ?planned=1 to plan a meeting.
func (h *Handler) handleInteractionNew(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	planned := r.URL.Query().Get("planned") == "1"
	p, err := h.newInteractionFormPage(w, r, partner, nil, planned)
	if err != nil {
		return err
	}
	now := h.now().In(h.zone())
	p.Form = interactionForm{Kind: "call", Level: "operational", Status: "done", Start: now.Format(datetimeLocal), Version: 0}
	if planned {
		next := time.Date(now.Year(), now.Month(), now.Day()+1, 9, 0, 0, 0, h.zone())
		p.Form.Kind, p.Form.Status, p.Form.Start = "meeting", "planned", next.Format(datetimeLocal)
		p.Form.End = next.Add(time.Hour).Format(datetimeLocal)
	}
	p.Form.FollowUps = make([]followUpForm, followUpRows)
	for i := range p.Form.FollowUps {
		p.Form.FollowUps[i].Side = "ours"
	}
	return h.render(w, r, http.StatusOK, "interaction_form", p)
}

// handleInteractionCreate logs an interaction with its attendees and
// follow-up commitments in one step, or shows the form again with every
// problem beside its field.
func (h *Handler) handleInteractionCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	form := readInteractionForm(f)
	in, rows, err := form.check(f, h.zone())
	if err == nil {
		in.PartnerID = partner.ID
		err = rowErrors(h.svc.Interactions.CreateInteraction(r.Context(), in), rows)
	}
	if err != nil {
		p, perr := h.newInteractionFormPage(w, r, partner, nil, form.Status == string(mutual.InteractionPlanned))
		if perr != nil {
			return perr
		}
		p.Form = form
		return h.renderForm(w, r, "interaction_form", p, err, "", interactionFields)
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String()+"#timeline", "flash.interaction_saved")
}

// handleInteractionEdit shows the form of a logged or planned interaction;
// with ?done=1 it is set to done, for the user to add the outcome.
func (h *Handler) handleInteractionEdit(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	in, err := h.partnerInteraction(r, partner)
	if err != nil {
		return err
	}
	p, err := h.newInteractionFormPage(w, r, partner, in, false)
	if err != nil {
		return err
	}
	p.Form = interactionFormFrom(in, h.zone())
	if r.URL.Query().Get("done") == "1" && in.State() == mutual.InteractionPlanned {
		p.Form.Status, p.MarkingDone = string(mutual.InteractionDone), true
		p.Title = p.T("interaction.done_title")
	}
	return h.render(w, r, http.StatusOK, "interaction_form", p)
}

// handleInteractionUpdate saves an interaction and creates the follow-ups
// added to it. Follow-ups are checked before anything is saved; should
// one still fail (its owner disabled meanwhile), the form comes back with
// the interaction saved and that row as typed.
func (h *Handler) handleInteractionUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	in, err := h.partnerInteraction(r, partner)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form := readInteractionForm(f)
	changed, rows, err := form.check(f, h.zone())
	if err == nil {
		err = rowErrors(validateFollowUps(changed, partner.ID), rows)
	}
	var saved *mutual.Interaction
	if err == nil {
		saved, err = h.svc.Interactions.UpdateInteraction(ctx, in.ID, form.update(changed, in))
	}
	if err == nil {
		var probs mutual.Problems
		kept := make([]followUpForm, followUpRows)
		for i := range kept {
			kept[i].Side = "ours"
		}
		for k, c := range changed.Commitments {
			c.PartnerID, c.InteractionID = partner.ID, in.ID
			if cerr := h.svc.Commitments.CreateCommitment(ctx, c); cerr != nil {
				if !contains([]string{mutual.EINVALID, mutual.ECONFLICT}, mutual.ErrorCode(cerr)) {
					return cerr
				}
				kept[rows[k]] = form.FollowUps[rows[k]]
				for _, fe := range mutual.ErrorFields(rowErrors(prefixed(cerr), []int{rows[k]})) {
					probs = append(probs, fe)
				}
			}
		}
		if len(probs) > 0 {
			// The interaction is saved; only the rows that failed stay.
			form.FollowUps, form.Version = kept, saved.Version
			in, err = saved, probs.Err()
		}
	}
	if err != nil {
		p, perr := h.newInteractionFormPage(w, r, partner, in, false)
		if perr != nil {
			return perr
		}
		p.Form = form
		if mutual.ErrorCode(err) == mutual.EPRECONDITION {
			p.Current = interactionDifferences(p, &form, interactionFormFrom(in, h.zone()))
			p.Form.Version = in.Version
		}
		return h.renderForm(w, r, "interaction_form", p, err, "", interactionFields)
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String()+"#timeline", "flash.interaction_saved")
}

// handleInteractionCancel cancels a planned interaction. When someone
// changed it meanwhile nothing happens and the partner page says so.
func (h *Handler) handleInteractionCancel(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	in, err := h.partnerInteraction(r, partner)
	if err != nil {
		return err
	}
	cancelled := "cancelled"
	_, err = h.svc.Interactions.UpdateInteraction(r.Context(), in.ID, mutual.InteractionUpdate{Status: &cancelled, Version: f.Version()})
	switch mutual.ErrorCode(err) {
	case "":
		h.flash(w, "flash.interaction_cancelled")
	case mutual.EPRECONDITION:
		h.flash(w, "flash.interaction_stale")
	default:
		return err
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String()+"#timeline", "")
}

// interactionDifferences describes what is saved now where it differs from
// what the user typed.
func interactionDifferences(p *interactionFormPage, typed *interactionForm, now interactionForm) map[string]string {
	out := map[string]string{}
	note := func(field string, differs bool, shown string) {
		if differs {
			if shown == "" {
				shown = "—"
			}
			out[field] = p.T("form.saved_value", shown)
		}
	}
	same := func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
	note("kind", typed.Kind != now.Kind, p.Label("interaction_kind", now.Kind))
	note("level", typed.Level != now.Level, p.Label("interaction_level", now.Level))
	note("status", typed.Status != now.Status, p.Label("interaction_status", now.Status))
	note("occurred_at", !same(typed.Start, now.Start), strings.Replace(now.Start, "T", " ", 1))
	note("ends_at", !same(typed.End, now.End), strings.Replace(now.End, "T", " ", 1))
	note("subject", !same(typed.Subject, now.Subject), now.Subject)
	note("location", !same(typed.Location, now.Location), now.Location)
	note("notes", !same(typed.Notes, now.Notes), now.Notes)
	note("outcome", !same(typed.Outcome, now.Outcome), now.Outcome)
	sentiment := ""
	if now.Sentiment != "" {
		sentiment = p.T("sentiment." + now.Sentiment)
	}
	note("sentiment", typed.Sentiment != now.Sentiment, sentiment)
	return out
}
