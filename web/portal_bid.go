package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// bidValidDays is how long a new bid is offered as valid, by default.
const bidValidDays = 90

// bidForm is the bid form as the supplier typed it, by event line and
// question.
type bidForm struct {
	Prices, Leads, Notes map[mutual.ID]string
	Answers              map[mutual.ID]string // text, choice, number; "yes" or "no"
	Docs                 map[mutual.ID]mutual.ID
	Comments, ValidUntil string
}

func newBidForm() bidForm {
	return bidForm{Prices: map[mutual.ID]string{}, Leads: map[mutual.ID]string{}, Notes: map[mutual.ID]string{},
		Answers: map[mutual.ID]string{}, Docs: map[mutual.ID]mutual.ID{}}
}

// bidFormOf fills the form from the live bid, to revise it; a first bid
// starts empty, valid for bidValidDays.
func bidFormOf(locale string, e *mutual.Event, b *mutual.Bid, today mutual.Date) bidForm {
	f := newBidForm()
	if b == nil {
		f.ValidUntil = today.AddDays(bidValidDays).String()
		return f
	}
	for _, l := range b.Lines {
		f.Prices[l.LineID] = i18n.InputDecimal(locale, l.UnitPrice.Amount)
		f.Leads[l.LineID] = strconv.Itoa(l.LeadTimeDays)
		f.Notes[l.LineID] = l.Note
	}
	kinds := map[mutual.ID]string{}
	for _, q := range e.Questions {
		kinds[q.ID] = q.Kind
	}
	for _, a := range b.Answers {
		switch kinds[a.QuestionID] {
		case "yes_no":
			if a.Yes != nil && *a.Yes {
				f.Answers[a.QuestionID] = "yes"
			} else if a.Yes != nil {
				f.Answers[a.QuestionID] = "no"
			}
		case "number":
			if a.Number != nil {
				f.Answers[a.QuestionID] = i18n.InputDecimal(locale, *a.Number)
			}
		case "file":
			f.Docs[a.QuestionID] = a.DocumentID
		default:
			f.Answers[a.QuestionID] = a.Text
		}
	}
	f.Comments, f.ValidUntil = b.Comments, b.ValidUntil.String()
	return f
}

// readBidForm reads the posted form for event e.
func readBidForm(v url.Values, e *mutual.Event) bidForm {
	f := newBidForm()
	for _, l := range e.Lines {
		key := "line." + l.ID.String() + "."
		f.Prices[l.ID], f.Leads[l.ID], f.Notes[l.ID] = v.Get(key+"unit_price"), v.Get(key+"lead_time_days"), v.Get(key+"note")
	}
	for _, q := range e.Questions {
		name := "answer." + q.ID.String()
		if q.Kind == "file" {
			if id, ok := mutual.ParseID(v.Get(name + ".document_id")); ok && id != 0 {
				f.Docs[q.ID] = id
			}
			continue
		}
		f.Answers[q.ID] = v.Get(name)
	}
	f.Comments, f.ValidUntil = v.Get("comments"), v.Get("valid_until")
	return f
}

// fill puts the form's values into the page's inputs.
func (p *portalEventPage) fill(f bidForm) {
	for i := range p.Lines {
		id := p.Lines[i].L.ID
		p.Lines[i].Price, p.Lines[i].Lead, p.Lines[i].Note = f.Prices[id], f.Leads[id], f.Notes[id]
	}
	for i := range p.Questions {
		id := p.Questions[i].Q.ID
		p.Questions[i].Value = f.Answers[id]
		if p.Questions[i].Q.Kind == "file" {
			p.Questions[i].DocID = f.Docs[id]
		}
	}
	p.Comments, p.ValidUntil = f.Comments, f.ValidUntil
}

// bid returns the bid the form describes and the event line and question
// of each of the bid's lines and answers, by index, to name the inputs of
// the domain's problems; values that do not read are problems of pf, the
// posted form. A line left without price, lead time and note is not quoted.
func (f *bidForm) bid(pf *form, e *mutual.Event) (*mutual.Bid, []mutual.ID, []mutual.ID) {
	b := &mutual.Bid{Comments: f.Comments, Lines: []mutual.BidLine{}, Answers: []mutual.Answer{}}
	var lineIDs, questionIDs []mutual.ID
	for _, l := range e.Lines {
		price, lead, note := f.Prices[l.ID], f.Leads[l.ID], f.Notes[l.ID]
		if strings.TrimSpace(price+lead+note) == "" {
			continue
		}
		key := "line." + l.ID.String() + "."
		b.Lines = append(b.Lines, mutual.BidLine{LineID: l.ID, Note: note,
			UnitPrice:    pf.Price(key+"unit_price", price, e.Currency, "portal.unit_price"),
			LeadTimeDays: pf.Whole(key+"lead_time_days", lead, "portal.lead_time")})
		lineIDs = append(lineIDs, l.ID)
	}
	for _, q := range e.Questions {
		a := mutual.Answer{QuestionID: q.ID}
		v := strings.TrimSpace(f.Answers[q.ID])
		switch q.Kind {
		case "yes_no":
			if v == "yes" || v == "no" {
				yes := v == "yes"
				a.Yes = &yes
			}
		case "number":
			n := len(pf.Problems)
			if d := pf.number("answer."+q.ID.String(), v, q.Text); v != "" && len(pf.Problems) == n {
				a.Number = &d
			}
		case "file":
			a.DocumentID = f.Docs[q.ID]
		default:
			a.Text = f.Answers[q.ID]
		}
		b.Answers = append(b.Answers, a)
		questionIDs = append(questionIDs, q.ID)
	}
	b.ValidUntil = pf.date("valid_until", f.ValidUntil, "portal.valid_until")
	return b, lineIDs, questionIDs
}

// bidFields are the inputs of the bid form for event e that show errors.
func bidFields(e *mutual.Event) []string {
	fields := []string{"lines", "answers", "comments", "valid_until"}
	for _, l := range e.Lines {
		key := "line." + l.ID.String() + "."
		fields = append(fields, key+"unit_price", key+"lead_time_days", key+"note")
	}
	for _, q := range e.Questions {
		fields = append(fields, "answer."+q.ID.String())
	}
	return fields
}

// domainRow matches the domain's names of a list's fields: "lines[2].unit_price.amount".
var domainRow = regexp.MustCompile(`^(lines|answers)\[(\d+)\]\.([a-z_]+)`)

// formFields renames the domain's fields of a bid or an offer to the
// form's inputs: line i of the bid is the input of lineIDs[i], answer i
// that of questionIDs[i]. Fields without an input keep their names.
func formFields(probs mutual.Problems, lineIDs, questionIDs []mutual.ID) mutual.Problems {
	out := make(mutual.Problems, 0, len(probs))
	for _, fe := range probs {
		if m := domainRow.FindStringSubmatch(fe.Field); m != nil {
			i, _ := strconv.Atoi(m[2])
			switch {
			case m[1] == "lines" && i < len(lineIDs) && m[3] != "line_id":
				fe.Field = "line." + lineIDs[i].String() + "." + m[3]
			case m[1] == "answers" && i < len(questionIDs):
				fe.Field = "answer." + questionIDs[i].String()
			}
		}
		out = append(out, fe)
	}
	return out
}

// portalFieldMessage is i18n.FieldMessage with the portal's own Vietnamese
// texts first ("portal.rule.unit_price.required"): the domain's words
// for a bid or an offer differ from those of other forms.
func portalFieldMessage(locale string, fe mutual.FieldError) string {
	if locale == i18n.Vietnamese {
		name := fe.Field
		if rest, ok := strings.CutPrefix(name, "line."); ok {
			_, name, _ = strings.Cut(rest, ".")
		} else if strings.HasPrefix(name, "answer.") {
			name = "answer"
		}
		if key := "portal.rule." + name + "." + fe.Rule; i18n.Has(key) {
			return i18n.T(locale, key)
		}
	}
	return i18n.FieldMessage(locale, fe)
}

// setPortalError is formState.setError with the portal's field messages.
func (f *formState) setPortalError(locale string, err error, fields []string) (int, bool) {
	status, ok := f.setError(locale, err, fields)
	if !ok || len(mutual.ErrorFields(err)) == 0 {
		return status, ok
	}
	f.Errors, f.Other = map[string]string{}, nil
	for _, fe := range mutual.ErrorFields(err) {
		msg := portalFieldMessage(locale, fe)
		if !contains(fields, fe.Field) {
			f.Other = append(f.Other, msg)
		} else if f.Errors[fe.Field] == "" {
			f.Errors[fe.Field] = msg
		}
	}
	return status, true
}

// handlePortalBid submits a new revision of the partner's bid. Files of
// file questions are stored first, as the bid's attachments; when the bid
// is refused the form comes back with what was typed and the attachments
// kept, each problem beside its input.
func (h *Handler) handlePortalBid(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	e, err := h.svc.Events.FindEventByID(ctx, id)
	if err != nil {
		return err
	}
	files := 0
	for _, q := range e.Questions {
		if q.Kind == "file" {
			files++
		}
	}
	f, err := h.readMultipartForm(w, r, mutual.MaxDocumentSize, files)
	if err != nil {
		return err
	}
	defer f.close()
	if f.TooLarge {
		return h.portalBidFailed(w, r, e, newBidForm(), f.tooLarge())
	}
	form := readBidForm(f.Values, e)

	var probs mutual.Problems
	for _, q := range e.Questions {
		if q.Kind != "file" {
			continue
		}
		name := "answer." + q.ID.String()
		d, err := f.Document(name + ".file")
		if err != nil {
			return err
		}
		if d == nil {
			continue
		}
		d.EventID = id
		err = h.svc.Bids.AddBidAttachment(ctx, d)
		switch mutual.ErrorCode(err) {
		case "":
			form.Docs[q.ID] = d.ID
		case mutual.EINVALID:
			for _, fe := range mutual.ErrorFields(err) {
				probs.Add(name, fe.Rule, fe.Message)
			}
		case mutual.ECONFLICT:
			return h.portalRefused(w, r, id, err)
		default:
			return err
		}
	}

	b, lineIDs, questionIDs := form.bid(f, e)
	probs = append(probs, f.Problems...)
	if len(probs) > 0 {
		// Show every problem at once: the domain's on the inputs that parsed.
		probe := *b
		for _, fe := range formFields(mutual.ErrorFields(probe.Validate(e, h.today())), lineIDs, questionIDs) {
			if !probs.Has(fe.Field) {
				probs = append(probs, fe)
			}
		}
		err = probs.Err()
	} else {
		err = h.svc.Bids.SubmitBid(ctx, id, b)
	}
	switch mutual.ErrorCode(err) {
	case "":
		h.flash(w, "flash.bid_submitted")
		http.Redirect(w, r, "/portal/events/"+id.String()+"#bid", http.StatusSeeOther)
		return nil
	case mutual.ECONFLICT:
		return h.portalRefused(w, r, id, err)
	case mutual.EINVALID:
	default:
		return err
	}
	if named := formFields(mutual.ErrorFields(err), lineIDs, questionIDs); len(named) > 0 {
		err = named.Err()
	}
	return h.portalBidFailed(w, r, e, form, err)
}

// portalBidFailed shows the event again with the bid form as typed and
// err's problems beside their inputs, or the form's message when it was
// too large to read (413).
func (h *Handler) portalBidFailed(w http.ResponseWriter, r *http.Request, e *mutual.Event, form bidForm, err error) error {
	p, perr := h.loadPortalEvent(w, r, e.ID)
	if perr != nil {
		return perr
	}
	if msg, ok := tooLargeMessage(p.Locale, err); ok {
		p.fill(bidFormOf(p.Locale, p.Event, p.Bid, h.today()))
		p.Message = msg
		return h.render(w, r, http.StatusRequestEntityTooLarge, "portal_event", p)
	}
	p.fill(form)
	status, _ := p.setPortalError(p.Locale, err, bidFields(e))
	return h.render(w, r, status, "portal_event", p)
}

// handlePortalWithdraw withdraws the partner's bid while the event accepts
// bids; the page asks first.
func (h *Handler) handlePortalWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = h.svc.Bids.WithdrawBid(r.Context(), id)
	switch mutual.ErrorCode(err) {
	case "":
		h.flash(w, "flash.bid_withdrawn")
		http.Redirect(w, r, "/portal/events/"+id.String()+"#bid", http.StatusSeeOther)
		return nil
	case mutual.ECONFLICT:
		return h.portalRefused(w, r, id, err)
	}
	return err
}

// portalRefused shows the event again, as it is now, with why the bid was
// refused: most often the event closed meanwhile, by the server's clock.
func (h *Handler) portalRefused(w http.ResponseWriter, r *http.Request, id mutual.ID, refusal error) error {
	p, err := h.loadPortalEvent(w, r, id)
	if err != nil {
		return err
	}
	p.fill(bidFormOf(p.Locale, p.Event, p.Bid, h.today()))
	p.Message = p.T("portal.bid_refused")
	// Say why by the event as it is now, which the domain reads by the
	// server clock; else by the refusal's own reason.
	e := p.Event
	reason := mutual.ErrorReason(e.CheckBidsAt(h.now(), h.zone()))
	if reason == "" {
		reason = mutual.ErrorReason(refusal)
	}
	switch reason {
	case mutual.ReasonEventClosed, mutual.ReasonEventAwarded:
		p.Other = []string{p.T("portal.refused_closed", p.DateTime(e.ClosesAt))}
	case mutual.ReasonEventCancelled:
		p.Other = []string{p.T("portal.refused_cancelled")}
	case mutual.ReasonNotYetOpen:
		p.Other = []string{p.T("portal.refused_not_open", p.DateTime(e.OpensAt))}
	default:
		text, ok := refusalText(p.Locale, refusal)
		if !ok {
			text = p.T("portal.refused_other")
		}
		p.Other = []string{text}
	}
	return h.render(w, r, http.StatusConflict, "portal_event", p)
}
