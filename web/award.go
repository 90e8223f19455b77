package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// splitChoice is the award form's choice of splitting a line's quantity.
const splitChoice = "split"

// awardOption is a bid that quotes a line, as the award form offers it.
type awardOption struct {
	BidID       mutual.ID
	PartnerName string
	Price       string
	Lowest      bool
	Negotiated  bool   // Price was negotiated with the bidder after its bid
	Qty         string // the quantity typed for a split
	price       mutual.Money
}

// awardLine is one line of the award form.
type awardLine struct {
	LineID      mutual.ID
	Item        string
	Description string
	Quantity    string
	Baseline    string
	Choice      string // "", a bid's ID, or "split"
	Options     []awardOption
	Err         string
	Saving      string // the preview's saving on the line
	line        mutual.EventLine
}

// awardPage is the award of an event: per line one bid, a split over
// several, or nothing, with the saving each choice brings.
type awardPage struct {
	basePage
	formState
	Event         *mutual.Event
	Lines         []awardLine
	ValidFrom     string
	ValidTo       string
	Note          string
	BaselineSpend string
	AwardedSpend  string
	Saving        string
	Awarded       int // lines awarded in the preview
	// OpenNegotiations are those opened from the bids and not yet closed:
	// the award waits for them.
	OpenNegotiations []*mutual.Negotiation
	// Result is the award once made; the page then shows it instead of
	// the form.
	Result *awardResult
}

// loadAward reads the tabulation of the event of the path for its award.
// Once the event is awarded, the page holds the award made (Result), which
// every internal user may read; the form is only for those who award, and
// only while the event is closed.
func (h *Handler) loadAward(w http.ResponseWriter, r *http.Request) (*awardPage, *mutual.Tabulation, error) {
	me := mutual.UserFromContext(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	t, err := h.svc.Bids.Tabulate(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	p := &awardPage{basePage: h.newBase(w, r, "award.title", "events"), Event: t.Event}
	if t.Event.Status == mutual.EventAwarded {
		if err := h.loadAwardResult(r, p, t); err != nil {
			return nil, nil, err
		}
		return p, t, nil
	}
	if !mutual.CanWriteEvents(me) {
		return nil, nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not award events.")
	}
	// The tabulation explains sealed bids; the state is the domain's to refuse.
	if err := t.Event.CanAward(); err != nil && mutual.ErrorReason(err) != mutual.ReasonBidsSealed {
		return nil, nil, err
	}
	if p.OpenNegotiations, _, err = h.svc.Negotiations.FindNegotiations(r.Context(), mutual.NegotiationFilter{EventID: id, Status: string(mutual.NegotiationOpen), Limit: mutual.MaxLimit}); err != nil {
		return nil, nil, err
	}
	negotiated, err := h.negotiatedPrices(r, id)
	if err != nil {
		return nil, nil, err
	}
	for _, row := range t.Rows {
		l := awardLine{LineID: row.Line.ID, Item: row.Line.Item, Description: row.Line.Description, line: row.Line,
			Quantity: p.Decimal(row.Line.Quantity) + " " + row.Line.Unit, Baseline: p.Money(row.Line.BaselinePrice)}
		for j, c := range row.Cells {
			if !c.Quoted {
				continue
			}
			b := t.Bids[j]
			o := awardOption{BidID: b.ID, PartnerName: b.PartnerName, Lowest: c.Lowest, price: c.UnitPrice}
			if price, ok := negotiated[[2]mutual.ID{b.PartnerID, row.Line.ID}]; ok {
				o.price, o.Negotiated = price, true
			}
			o.Price = p.Money(o.price)
			l.Options = append(l.Options, o)
		}
		p.Lines = append(p.Lines, l)
	}
	return p, t, nil
}

// negotiatedPrices returns the prices agreed in negotiations opened from
// the event's bids, by bidder and line: the award keeps them for the lines
// it gives those bidders.
func (h *Handler) negotiatedPrices(r *http.Request, eventID mutual.ID) (map[[2]mutual.ID]mutual.Money, error) {
	m := map[[2]mutual.ID]mutual.Money{}
	f := mutual.AgreementFilter{EventID: eventID, Limit: mutual.MaxLimit}
	for {
		list, next, err := h.svc.Agreements.FindAgreements(r.Context(), f)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			if a.NegotiationID != 0 && a.Status == "active" {
				m[[2]mutual.ID{a.PartnerID, a.LineID}] = a.UnitPrice
			}
		}
		if next == "" {
			return m, nil
		}
		f.Cursor = next
	}
}

// handleAwardForm shows the award form, each line given to its lowest bid,
// with the saving that brings.
func (h *Handler) handleAwardForm(w http.ResponseWriter, r *http.Request) error {
	p, _, err := h.loadAward(w, r)
	if err != nil {
		return err
	}
	if p.Result != nil {
		return h.render(w, r, http.StatusOK, "event_award", p)
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		for _, o := range l.Options {
			if o.Lowest {
				l.Choice = o.BidID.String()
				break
			}
		}
	}
	p.ValidFrom = h.today().String()
	p.preview()
	return h.render(w, r, http.StatusOK, "event_award", p)
}

// read fills the form from what was posted.
func (p *awardPage) read(v url.Values) {
	p.ValidFrom, p.ValidTo, p.Note = v.Get("valid_from"), v.Get("valid_to"), v.Get("note")
	for i := range p.Lines {
		l := &p.Lines[i]
		l.Choice = v.Get("line." + l.LineID.String())
		for j := range l.Options {
			o := &l.Options[j]
			o.Qty = v.Get("qty." + l.LineID.String() + "." + o.BidID.String())
		}
	}
}

// award returns the award the form describes and the form line of each
// award line; values that do not read are problems of pf, the posted form.
func (p *awardPage) award(pf *form) (*mutual.Award, []int) {
	probs := &pf.Problems
	a := &mutual.Award{Note: p.Note,
		ValidFrom: pf.date("valid_from", p.ValidFrom, "award.valid_from"), ValidTo: pf.date("valid_to", p.ValidTo, "award.valid_to")}
	var rows []int
	for i := range p.Lines {
		l := &p.Lines[i]
		at := "lines[" + strconv.Itoa(len(a.Lines)) + "]"
		al := mutual.AwardLine{LineID: l.LineID}
		switch l.Choice {
		case "":
			continue
		case splitChoice:
			for _, o := range l.Options {
				if strings.TrimSpace(o.Qty) == "" {
					continue
				}
				q := pf.decimal(at+".splits["+strconv.Itoa(len(al.Splits))+"].quantity", o.Qty, "event.line_quantity")
				al.Splits = append(al.Splits, mutual.AwardPart{BidID: o.BidID, Quantity: q})
			}
		default:
			bid, ok := mutual.ParseID(l.Choice)
			if !ok {
				probs.Add(at+".splits", "id", "Choose a bid from the list.")
			}
			al.Splits = []mutual.AwardPart{{BidID: bid, Quantity: l.line.Quantity}}
		}
		a.Lines = append(a.Lines, al)
		rows = append(rows, i)
	}
	return a, rows
}

// preview computes the saving of the form's choices: per line (baseline -
// price) x quantity, and the spends. Lines without a baseline count their
// spend as baseline, as the savings report does.
func (p *awardPage) preview() {
	currency := p.Event.Currency
	zero := mutual.Money{Amount: mutual.NewDecimal(0), Currency: currency}
	base, spend, saving := zero, zero, zero
	p.Awarded = 0
	for i := range p.Lines {
		l := &p.Lines[i]
		l.Saving = ""
		parts := map[mutual.ID]mutual.Decimal{}
		switch l.Choice {
		case "":
			continue
		case splitChoice:
			for _, o := range l.Options {
				if q, ok := i18n.ParseDecimal(p.Locale, o.Qty); ok && q.IsPositive() {
					parts[o.BidID] = q
				}
			}
		default:
			if id, ok := mutual.ParseID(l.Choice); ok {
				parts[id] = l.line.Quantity
			}
		}
		if len(parts) == 0 {
			continue
		}
		p.Awarded++
		lineSaving := zero
		for _, o := range l.Options {
			q, ok := parts[o.BidID]
			if !ok {
				continue
			}
			agreed := o.price.Amount.Mul(q)
			baseline := agreed
			if !l.line.BaselinePrice.IsZero() {
				baseline = l.line.BaselinePrice.Amount.Mul(q)
				lineSaving.Amount = lineSaving.Amount.Add(mutual.Saving(l.line.BaselinePrice, o.price, q).Amount)
			}
			spend.Amount = spend.Amount.Add(agreed)
			base.Amount = base.Amount.Add(baseline)
		}
		saving.Amount = saving.Amount.Add(lineSaving.Amount)
		if !l.line.BaselinePrice.IsZero() {
			l.Saving = p.Money(lineSaving)
		}
	}
	p.BaselineSpend, p.AwardedSpend, p.Saving = p.Money(base), p.Money(spend), p.Money(saving)
}

// handleAward awards the event and goes to its agreements; with "preview"
// it only shows the savings of the choices.
func (h *Handler) handleAward(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	p, _, err := h.loadAward(w, r)
	if err != nil {
		return err
	}
	if !mutual.CanWriteEvents(p.User) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not award events.")
	}
	if pf.TooLarge {
		p.Message, _ = tooLargeMessage(p.Locale, pf.tooLarge())
		return h.render(w, r, http.StatusRequestEntityTooLarge, "event_award", p)
	}
	if p.Result != nil {
		// Awarded meanwhile, by someone else or by this form sent twice:
		// show what was awarded.
		p.Message = p.T("form.conflict")
		p.Other = []string{p.T("award.already")}
		return h.render(w, r, http.StatusConflict, "event_award", p)
	}
	p.read(v)
	p.preview()
	if v.Get("preview") != "" {
		return h.render(w, r, http.StatusOK, "event_award", p)
	}
	a, rows := p.award(pf)
	if len(pf.Problems) > 0 {
		err = pf.Problems.Err()
	} else {
		_, err = h.svc.Agreements.AwardEvent(r.Context(), p.Event.ID, a)
	}
	if err != nil {
		fields := []string{"valid_from", "valid_to", "note"}
		status, ok := p.setScoped(p.Locale, "award", err, fields)
		if !ok {
			return err
		}
		// Problems of a line show on its row, not above the form.
		p.Other = nil
		for _, fe := range mutual.ErrorFields(err) {
			msg := i18n.ScopedFieldMessage(p.Locale, "award", fe)
			i, ok := lineIndex(fe.Field)
			switch {
			case contains(fields, fe.Field):
			case ok && i < len(rows):
				if l := &p.Lines[rows[i]]; l.Err == "" {
					l.Err = msg
				}
			default:
				p.Other = append(p.Other, msg)
			}
		}
		if mutual.ErrorCode(err) == mutual.ECONFLICT && len(mutual.ErrorFields(err)) == 0 {
			p.Other = append(p.Other, stateMessage(p.Locale, err))
		}
		return h.render(w, r, status, "event_award", p)
	}
	h.flash(w, "flash.event_awarded")
	http.Redirect(w, r, "/agreements?event_id="+p.Event.ID.String(), http.StatusSeeOther)
	return nil
}

// lineIndex reads the index of a field of the award's lines, "lines[3]...".
func lineIndex(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "lines[")
	if !ok {
		return 0, false
	}
	n, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(n)
	return i, err == nil
}
