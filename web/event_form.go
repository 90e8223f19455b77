package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// Spare rows the event form offers beyond those filled, so that it works
// without JavaScript; with it, rows are added and removed in the page.
const (
	spareLines     = 3
	spareQuestions = 2
	spareCriteria  = 2
)

// lineForm is a line of the event form as typed.
type lineForm struct{ Item, Description, Quantity, Unit, Baseline, Target string }

// Blank reports whether nothing was typed in the row.
func (l lineForm) Blank() bool {
	return strings.TrimSpace(l.Item+l.Description+l.Quantity+l.Unit+l.Baseline+l.Target) == ""
}

// questionForm is a question of the event form as typed; Choices are
// separated by semicolons.
type questionForm struct {
	Text, Kind, Choices string
	Required            bool
}

// Blank reports whether no question was typed in the row.
func (q questionForm) Blank() bool { return strings.TrimSpace(q.Text+q.Choices) == "" }

// criterionForm is a criterion of the event form as typed.
type criterionForm struct{ Name, Weight string }

// Blank reports whether nothing was typed in the row.
func (c criterionForm) Blank() bool { return strings.TrimSpace(c.Name+c.Weight) == "" }

// eventForm is the draft event form as typed. OpensAt and ClosesAt are
// datetime-local values in the company's time zone.
type eventForm struct {
	Kind, Title, Description, Category, Currency string
	OpensAt, ClosesAt                            string
	Sealed, TwoPerson                            bool
	Evaluators                                   []string
	Committee                                    []string
	Lines                                        []lineForm
	Questions                                    []questionForm
	Criteria                                     []criterionForm
	Paste                                        string
	Version                                      int
}

// WeightSum adds up the weights typed, for the hint under the criteria.
func (f *eventForm) WeightSum() int {
	sum := 0
	for _, c := range f.Criteria {
		n, _ := strconv.Atoi(strings.TrimSpace(c.Weight))
		sum += n
	}
	return sum
}

// readEventForm reads the event form. Rows left blank are dropped, so that
// the rows shown again line up with the domain's field names.
func readEventForm(v url.Values) eventForm {
	version := formVersion(v.Get("version"))
	f := eventForm{Kind: v.Get("kind"), Title: v.Get("title"), Description: v.Get("description"), Category: v.Get("category"),
		Currency: v.Get("currency"), OpensAt: v.Get("opens_at"), ClosesAt: v.Get("closes_at"), Sealed: v.Get("sealed") != "",
		TwoPerson: v.Get("two_person_opening") != "", Evaluators: v["evaluators"], Committee: v["committee"], Version: version}
	for _, row := range formRows(v, "lines") {
		l := lineForm{Item: row["item"], Description: row["description"], Quantity: row["quantity"], Unit: row["unit"],
			Baseline: row["baseline_price"], Target: row["target_price"]}
		if !l.Blank() {
			f.Lines = append(f.Lines, l)
		}
	}
	f.Lines = append(f.Lines, pastedLines(v.Get("lines_paste"))...)
	for _, row := range formRows(v, "questions") {
		q := questionForm{Text: row["text"], Kind: row["kind"], Choices: row["choices"], Required: row["required"] != ""}
		if !q.Blank() {
			f.Questions = append(f.Questions, q)
		}
	}
	for _, row := range formRows(v, "criteria") {
		c := criterionForm{Name: row["name"], Weight: row["weight"]}
		if !c.Blank() {
			f.Criteria = append(f.Criteria, c)
		}
	}
	return f
}

// pastedLines reads lines pasted from a spreadsheet: one a line, cells
// separated by tabs (or semicolons) in the order item, description,
// quantity, unit, baseline price, target price.
func pastedLines(s string) []lineForm {
	var out []lineForm
	for _, text := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(text) == "" {
			continue
		}
		sep := "\t"
		if !strings.Contains(text, "\t") {
			sep = ";"
		}
		cells := strings.Split(text, sep)
		for len(cells) < 6 {
			cells = append(cells, "")
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		out = append(out, lineForm{Item: cells[0], Description: cells[1], Quantity: cells[2], Unit: cells[3], Baseline: cells[4], Target: cells[5]})
	}
	return out
}

// eventFormFrom fills the form with a stored event.
func eventFormFrom(locale string, e *mutual.Event, zone *time.Location) eventForm {
	f := eventForm{Kind: e.Kind, Title: e.Title, Description: e.Description, Category: e.Category, Currency: e.Currency,
		OpensAt: localInput(e.OpensAt, zone), ClosesAt: localInput(e.ClosesAt, zone), Sealed: e.Sealed, TwoPerson: e.TwoPersonOpening,
		Version: e.Version}
	for _, id := range e.Evaluators {
		f.Evaluators = append(f.Evaluators, id.String())
	}
	for _, id := range e.Committee {
		f.Committee = append(f.Committee, id.String())
	}
	for _, l := range e.Lines {
		f.Lines = append(f.Lines, lineForm{Item: l.Item, Description: l.Description, Quantity: inputQuantity(locale, l.Quantity), Unit: l.Unit,
			Baseline: inputAmount(locale, l.BaselinePrice), Target: inputAmount(locale, l.TargetPrice)})
	}
	for _, q := range e.Questions {
		f.Questions = append(f.Questions, questionForm{Text: q.Text, Kind: q.Kind, Choices: strings.Join(q.Choices, "; "), Required: q.Required})
	}
	for _, c := range e.Criteria {
		f.Criteria = append(f.Criteria, criterionForm{Name: c.Name, Weight: strconv.Itoa(c.Weight)})
	}
	return f
}

// event returns the event the form describes; the values that do not
// read are problems of pf, the posted form.
func (f *eventForm) event(pf *form, zone *time.Location) *mutual.Event {
	p := &pf.Problems
	currency := strings.ToUpper(strings.TrimSpace(f.Currency))
	e := &mutual.Event{Kind: f.Kind, Title: f.Title, Description: f.Description, Category: f.Category, Currency: currency,
		Sealed: f.Sealed, TwoPersonOpening: f.Sealed && f.TwoPerson,
		Lines: []mutual.EventLine{}, Questions: []mutual.Question{}, Criteria: []mutual.Criterion{}}
	for _, at := range []struct {
		field, value string
		dst          *time.Time
	}{{"opens_at", f.OpensAt, &e.OpensAt}, {"closes_at", f.ClosesAt, &e.ClosesAt}} {
		if s := strings.TrimSpace(at.value); s != "" {
			t, ok := parseLocal(s, zone)
			if !ok {
				p.Add(at.field, "datetime", "Not a date and time.")
			}
			*at.dst = t
		}
	}
	for i, l := range f.Lines {
		e.Lines = append(e.Lines, mutual.EventLine{Item: l.Item, Description: l.Description, Unit: l.Unit,
			Quantity:      pf.decimal(indexed("lines", i, "quantity"), l.Quantity, "event.line_quantity"),
			BaselinePrice: pf.Price(indexed("lines", i, "baseline_price.amount"), l.Baseline, currency, "event.line_baseline"),
			TargetPrice:   pf.Price(indexed("lines", i, "target_price.amount"), l.Target, currency, "event.line_target")})
	}
	for _, q := range f.Questions {
		var choices []string
		for _, c := range strings.Split(q.Choices, ";") {
			if c = strings.TrimSpace(c); c != "" {
				choices = append(choices, c)
			}
		}
		e.Questions = append(e.Questions, mutual.Question{Text: q.Text, Kind: q.Kind, Choices: choices, Required: q.Required})
	}
	for _, c := range f.Criteria {
		// A weight that is not a whole number reads as 0, which the domain
		// refuses with its own message.
		w, _ := strconv.Atoi(strings.TrimSpace(c.Weight))
		e.Criteria = append(e.Criteria, mutual.Criterion{Name: c.Name, Weight: w})
	}
	var ok bool
	if e.Evaluators, ok = parseIDs(f.Evaluators); !ok {
		p.Add("evaluators", "id", "Choose evaluators from the list.")
	}
	// The committee counts only for two-person opening, which the form
	// shows it under.
	e.Committee = []mutual.ID{}
	if e.TwoPersonOpening {
		if e.Committee, ok = parseIDs(f.Committee); !ok {
			p.Add("committee", "id", "Choose the committee from the list.")
		}
	}
	return e
}

// check returns the event and, when some values did not read (or the
// form was too large), every problem of the form at once: those of
// reading and those of validation. Otherwise the store validates.
func (f *eventForm) check(pf *form, zone *time.Location) (*mutual.Event, error) {
	e := f.event(pf, zone)
	if len(pf.Problems) == 0 && !pf.TooLarge {
		return e, nil
	}
	probe := *e
	probe.Lines = append([]mutual.EventLine{}, e.Lines...)
	return e, pf.check(probe.Validate())
}

// fields returns the names of the inputs of the form as it is shown.
func (f *eventForm) fields() []string {
	out := []string{"kind", "title", "description", "category", "currency", "opens_at", "closes_at", "evaluators", "committee", "lines", "questions", "criteria"}
	for i := range f.Lines {
		for _, n := range []string{"item", "description", "quantity", "unit", "baseline_price.amount", "baseline_price.currency", "target_price.amount", "target_price.currency"} {
			out = append(out, indexed("lines", i, n))
		}
	}
	for i := range f.Questions {
		for _, n := range []string{"text", "kind", "choices"} {
			out = append(out, indexed("questions", i, n))
		}
	}
	for i := range f.Criteria {
		out = append(out, indexed("criteria", i, "name"), indexed("criteria", i, "weight"))
	}
	return out
}

// eventFormPage is the form of a draft event, new or edited.
type eventFormPage struct {
	basePage
	formState
	Form          eventForm
	Action        string
	EventID       mutual.ID
	Kinds         []string
	QuestionKinds []string
	Currencies    []string
	Evaluators    []*mutual.User
	Openers       []*mutual.User // who may sit on the opening committee
}

// RowErr returns the message of a field of row i of list, the amount or
// currency of a price included.
func (p *eventFormPage) RowErr(list string, i int, field string) string {
	name := indexed(list, i, field)
	for _, k := range []string{name, name + ".amount", name + ".currency"} {
		if m := p.Errors[k]; m != "" {
			return m
		}
	}
	return ""
}

// withSpares returns the form with blank rows added for typing more.
func (f eventForm) withSpares() eventForm {
	f.Lines = append(append([]lineForm{}, f.Lines...), make([]lineForm, spareLines)...)
	f.Questions = append(append([]questionForm{}, f.Questions...), make([]questionForm, spareQuestions)...)
	f.Criteria = append(append([]criterionForm{}, f.Criteria...), make([]criterionForm, spareCriteria)...)
	f.Paste = ""
	return f
}

// newEventFormPage makes the form's page; buyer is the event's buyer (its
// creator), whom the committee leaves out.
func (h *Handler) newEventFormPage(w http.ResponseWriter, r *http.Request, titleKey string, f eventForm, buyer mutual.ID) (*eventFormPage, error) {
	users, err := h.svc.Users.FindAssignableUsers(r.Context())
	if err != nil {
		return nil, err
	}
	p := &eventFormPage{basePage: h.newBase(w, r, titleKey, "events"), Form: f.withSpares(), Action: "/events/new",
		Kinds: mutual.EventKinds, QuestionKinds: mutual.QuestionKinds, Currencies: mutual.Currencies()}
	for _, u := range users {
		if u.Role == mutual.RoleAdmin || u.Role == mutual.RoleManager || u.Role == mutual.RoleBuyer {
			p.Evaluators = append(p.Evaluators, u)
		}
		if mutual.CanSitOnCommittee(u) && u.ID != buyer {
			p.Openers = append(p.Openers, u)
		}
	}
	return p, nil
}

// handleEventNew shows an empty draft form: a request for quotation in the
// base currency, closing in two weeks, scored on price alone until the
// buyer adds criteria.
func (h *Handler) handleEventNew(w http.ResponseWriter, r *http.Request) error {
	me := mutual.UserFromContext(r.Context())
	policy, err := h.svc.Gifts.FindGiftPolicy(r.Context())
	if err != nil {
		return err
	}
	y, m, d := h.now().In(h.zone()).AddDate(0, 0, 14).Date()
	f := eventForm{Kind: "rfq", Currency: policy.BaseCurrency, Sealed: true, Evaluators: []string{me.ID.String()},
		ClosesAt: time.Date(y, m, d, 17, 0, 0, 0, h.zone()).Format(datetimeLocal),
		Criteria: []criterionForm{{Name: mutual.PriceCriterion, Weight: "100"}}}
	p, err := h.newEventFormPage(w, r, "event.new_title", f, me.ID)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "event_form", p)
}

// handleEventCreate stores a draft, or shows the form again with the
// problems beside their fields and every value kept.
func (h *Handler) handleEventCreate(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	me := mutual.UserFromContext(r.Context())
	f := readEventForm(v)
	e, err := f.check(pf, h.zone())
	if err == nil {
		err = h.svc.Events.CreateEvent(r.Context(), e)
	}
	if err != nil {
		p, perr := h.newEventFormPage(w, r, "event.new_title", f, me.ID)
		if perr != nil {
			return perr
		}
		return h.renderForm(w, r, "event_form", p, err, "event", f.fields())
	}
	return h.redirectFlash(w, r, "/events/"+e.ID.String(), "flash.event_created")
}

// draftEvent loads the event of the path for its draft form.
func (h *Handler) draftEvent(r *http.Request) (*mutual.Event, error) {
	e, err := h.loadEvent(r)
	if err != nil {
		return nil, err
	}
	if err := e.CanChange(true, false); err != nil {
		return nil, err
	}
	return e, nil
}

// handleEventEdit shows the form of a draft.
func (h *Handler) handleEventEdit(w http.ResponseWriter, r *http.Request) error {
	e, err := h.draftEvent(r)
	if err != nil {
		return err
	}
	p, err := h.newEventFormPage(w, r, "event.edit_title", eventFormFrom(localeFrom(r.Context()), e, h.zone()), e.CreatedBy)
	if err != nil {
		return err
	}
	p.Action, p.EventID = "/events/"+e.ID.String()+"/edit", e.ID
	return h.render(w, r, http.StatusOK, "event_form", p)
}

// handleEventUpdate saves a draft. A draft changed by someone else
// meanwhile is not overwritten: the form comes back with the user's values
// and saving again keeps them.
func (h *Handler) handleEventUpdate(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	cur, err := h.draftEvent(r)
	if err != nil {
		return err
	}
	f := readEventForm(v)
	f.Kind = cur.Kind // fixed once created
	if pf.TooLarge {
		f = eventFormFrom(pf.locale, cur, h.zone())
	}
	e, err := f.check(pf, h.zone())
	if err == nil {
		if len(e.Evaluators) == 0 {
			e.Evaluators = []mutual.ID{mutual.UserFromContext(r.Context()).ID}
		}
		_, err = h.svc.Events.UpdateEvent(r.Context(), cur.ID, mutual.EventUpdate{Title: &e.Title, Description: &e.Description,
			Category: &e.Category, Currency: &e.Currency, OpensAt: &e.OpensAt, ClosesAt: &e.ClosesAt, Sealed: &e.Sealed,
			TwoPersonOpening: &e.TwoPersonOpening, Lines: &e.Lines, Questions: &e.Questions, Criteria: &e.Criteria,
			Evaluators: &e.Evaluators, Committee: &e.Committee, Version: f.Version})
	}
	if err != nil {
		p, perr := h.newEventFormPage(w, r, "event.edit_title", f, cur.CreatedBy)
		if perr != nil {
			return perr
		}
		p.Action, p.EventID = "/events/"+cur.ID.String()+"/edit", cur.ID
		if mutual.ErrorCode(err) == mutual.EPRECONDITION {
			// Saving again keeps the user's values over what was saved meanwhile.
			status, _ := p.setScoped(p.Locale, "event", err, f.fields())
			p.Message, p.Form.Version = p.T("event.stale"), cur.Version
			return h.render(w, r, status, "event_form", p)
		}
		return h.renderForm(w, r, "event_form", p, err, "event", f.fields())
	}
	return h.redirectFlash(w, r, "/events/"+cur.ID.String(), "flash.event_saved")
}

// LineRows are the rows of the lines; LineTemplate is the row the script adds.
func (p *eventFormPage) LineRows() []formRow[lineForm] { return rowsOf(p, "lines", p.Form.Lines, nil) }

// LineTemplate is the blank line row the script copies.
func (p *eventFormPage) LineTemplate() formRow[lineForm] {
	return rowTemplate[lineForm](p, "lines", nil)
}

// QuestionRows are the rows of the questions.
func (p *eventFormPage) QuestionRows() []formRow[questionForm] {
	return rowsOf(p, "questions", p.Form.Questions, p.QuestionKinds)
}

// QuestionTemplate is the blank question row the script copies.
func (p *eventFormPage) QuestionTemplate() formRow[questionForm] {
	return rowTemplate[questionForm](p, "questions", p.QuestionKinds)
}

// CriterionRows are the rows of the criteria.
func (p *eventFormPage) CriterionRows() []formRow[criterionForm] {
	return rowsOf(p, "criteria", p.Form.Criteria, nil)
}

// CriterionTemplate is the blank criterion row the script copies.
func (p *eventFormPage) CriterionTemplate() formRow[criterionForm] {
	return rowTemplate[criterionForm](p, "criteria", nil)
}
