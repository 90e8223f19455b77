package api

import (
	"context"
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

// eventJSON is an event with the moments of its life cycle that have not
// happened yet as null.
type eventJSON struct {
	*mutual.Event
	OpensAt     *time.Time `json:"opens_at"`
	PublishedAt *time.Time `json:"published_at"`
	ClosedAt    *time.Time `json:"closed_at"`
	UnsealedAt  *time.Time `json:"unsealed_at"`
	CancelledAt *time.Time `json:"cancelled_at"`
	AwardedAt   *time.Time `json:"awarded_at"`
}

func newEventJSON(e *mutual.Event) eventJSON {
	return eventJSON{Event: e, OpensAt: nullTime(e.OpensAt), PublishedAt: nullTime(e.PublishedAt), ClosedAt: nullTime(e.ClosedAt),
		UnsealedAt: nullTime(e.UnsealedAt), CancelledAt: nullTime(e.CancelledAt), AwardedAt: nullTime(e.AwardedAt)}
}

func eventURL(id mutual.ID) string { return "/api/v1/events/" + id.String() }

// eventServerFields are the fields of an event the server sets.
var eventServerFields = []string{"status", "created_by", "copied_from", "published_at", "closed_at", "unsealed_at", "openers",
	"cancelled_at", "cancel_reason", "awarded_at", "invited", "submitted"}

// handleEventList returns a page of events, newest first. Supplier users
// get the published events their company is invited to.
func (h *Handler) handleEventList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.EventFilter{
		Status: mutual.EventStatus(q.enum("status", mutual.EventStatuses)),
		Kind:   q.enum("kind", mutual.EventKinds),
		Query:  q.str("q"),
		Cursor: q.str("cursor"),
		Limit:  q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Events.FindEvents(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	out := make([]eventJSON, len(items))
	for i, e := range items {
		out[i] = newEventJSON(e)
	}
	return writeJSON(w, http.StatusOK, newList(out, next))
}

// handleEventGet returns one event.
func (h *Handler) handleEventGet(w http.ResponseWriter, r *http.Request) error {
	e, err := h.findEvent(r)
	if err != nil {
		return err
	}
	return writeEvent(w, http.StatusOK, e)
}

func (h *Handler) findEvent(r *http.Request) (*mutual.Event, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.Events.FindEventByID(r.Context(), id)
}

func writeEvent(w http.ResponseWriter, status int, e *mutual.Event) error {
	setETag(w, e.Version)
	return writeJSON(w, status, newEventJSON(e))
}

// handleEventCreate creates a draft event with its lines, questions,
// criteria and evaluators. Events are sealed unless the body says
// "sealed": false.
func (h *Handler) handleEventCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	e := &mutual.Event{
		Kind:             value[string](o, "kind"),
		Title:            value[string](o, "title"),
		Description:      value[string](o, "description"),
		Category:         value[string](o, "category"),
		Currency:         value[string](o, "currency"),
		OpensAt:          timeValue(o, "opens_at"),
		ClosesAt:         timeValue(o, "closes_at"),
		Sealed:           true,
		TwoPersonOpening: value[bool](o, "two_person_opening"),
		Lines:            readEventLines(o),
		Questions:        readQuestions(o),
		Criteria:         readCriteria(o),
		Evaluators:       value[[]mutual.ID](o, "evaluators"),
		Committee:        value[[]mutual.ID](o, "committee"),
	}
	if s := field[bool](o, "sealed"); s != nil && !o.isNull("sealed") {
		e.Sealed = *s
	}
	o.reject("Set by the server.", eventServerFields...)
	if err := o.done(); err != nil {
		return withValidation(err, e.Validate())
	}
	if err := h.svc.Events.CreateEvent(r.Context(), e); err != nil {
		return err
	}
	w.Header().Set("Location", eventURL(e.ID))
	return writeEvent(w, http.StatusCreated, e)
}

// readEventLines reads the lines of an event. An entry that is not an
// object keeps its place as an empty line, so that the indexes of the
// problems are those of the body.
func readEventLines(o *object) []mutual.EventLine {
	subs := objects(o, "lines")
	if subs == nil {
		return nil
	}
	lines := make([]mutual.EventLine, len(subs))
	for i, s := range subs {
		if s == nil {
			continue
		}
		lines[i] = mutual.EventLine{
			Item:          value[string](s, "item"),
			Description:   value[string](s, "description"),
			Quantity:      decimalValue(s, "quantity"),
			Unit:          value[string](s, "unit"),
			BaselinePrice: value[mutual.Money](s, "baseline_price"),
			TargetPrice:   value[mutual.Money](s, "target_price"),
		}
		s.unknown()
	}
	return lines
}

func readQuestions(o *object) []mutual.Question {
	subs := objects(o, "questions")
	if subs == nil {
		return nil
	}
	qs := make([]mutual.Question, len(subs))
	for i, s := range subs {
		if s == nil {
			continue
		}
		qs[i] = mutual.Question{
			Text:     value[string](s, "text"),
			Kind:     value[string](s, "kind"),
			Choices:  value[[]string](s, "choices"),
			Required: value[bool](s, "required"),
		}
		s.unknown()
	}
	return qs
}

func readCriteria(o *object) []mutual.Criterion {
	subs := objects(o, "criteria")
	if subs == nil {
		return nil
	}
	cs := make([]mutual.Criterion, len(subs))
	for i, s := range subs {
		if s == nil {
			continue
		}
		cs[i] = mutual.Criterion{Name: value[string](s, "name"), Weight: value[int](s, "weight")}
		s.unknown()
	}
	return cs
}

// handleEventUpdate changes the fields present in the body. A draft
// changes freely, its kind too; once published, only closes_at (later)
// and evaluators: the committee is fixed (409, reason committee_fixed).
func (h *Handler) handleEventUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upd := mutual.EventUpdate{
		Kind:             field[string](o, "kind"),
		Title:            field[string](o, "title"),
		Description:      field[string](o, "description"),
		Category:         field[string](o, "category"),
		Currency:         field[string](o, "currency"),
		OpensAt:          timeField(o, "opens_at"),
		ClosesAt:         timeField(o, "closes_at"),
		Sealed:           field[bool](o, "sealed"),
		TwoPersonOpening: field[bool](o, "two_person_opening"),
		Evaluators:       field[[]mutual.ID](o, "evaluators"),
		Committee:        field[[]mutual.ID](o, "committee"),
	}
	for _, name := range []string{"sealed", "two_person_opening", "closes_at"} {
		if o.isNull(name) {
			o.add(name, "required", "Must not be null.")
		}
	}
	if o.has("lines") {
		lines := readEventLines(o)
		upd.Lines = &lines
	}
	if o.has("questions") {
		qs := readQuestions(o)
		upd.Questions = &qs
	}
	if o.has("criteria") {
		cs := readCriteria(o)
		upd.Criteria = &cs
	}
	o.reject("Set by the server.", eventServerFields...)
	if upd.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	e, err := h.svc.Events.UpdateEvent(r.Context(), id, upd)
	if err != nil {
		return err
	}
	return writeEvent(w, http.StatusOK, e)
}

// handleEventCopy starts a new draft from an event, as a template.
func (h *Handler) handleEventCopy(w http.ResponseWriter, r *http.Request) error {
	return h.eventChange(w, r, http.StatusCreated, nil, func(ctx context.Context, cur *mutual.Event, version int) (*mutual.Event, error) {
		if err := checkVersion(version, cur.Version); err != nil {
			return nil, err
		}
		return h.svc.Events.CopyEvent(ctx, cur.ID)
	})
}

// handleEventPublish opens a draft to its invited suppliers.
func (h *Handler) handleEventPublish(w http.ResponseWriter, r *http.Request) error {
	return h.eventChange(w, r, http.StatusOK, nil, func(ctx context.Context, cur *mutual.Event, version int) (*mutual.Event, error) {
		return h.svc.Events.PublishEvent(ctx, cur.ID, version)
	})
}

// handleEventClose closes an open event before its closing time.
func (h *Handler) handleEventClose(w http.ResponseWriter, r *http.Request) error {
	return h.eventChange(w, r, http.StatusOK, nil, func(ctx context.Context, cur *mutual.Event, version int) (*mutual.Event, error) {
		return h.svc.Events.CloseEvent(ctx, cur.ID, version)
	})
}

// handleEventUnseal records the caller's opening of a closed sealed
// event's bids (managers and admins; two members of the opening committee
// for two-person opening), confirmed with {"password"}: the caller's own.
func (h *Handler) handleEventUnseal(w http.ResponseWriter, r *http.Request) error {
	var password *string
	read := func(o *object) {
		if password = field[string](o, "password"); password == nil && !o.problems.Has("password") {
			o.add("password", "required", "Confirm the opening with your password.")
		}
	}
	return h.eventChange(w, r, http.StatusOK, read, func(ctx context.Context, cur *mutual.Event, version int) (*mutual.Event, error) {
		if err := checkVersion(version, cur.Version); err != nil {
			return nil, err
		}
		return h.svc.Events.UnsealEvent(ctx, cur.ID, *password, h.clientAddr(r))
	})
}

// handleEventCancel cancels an event; {"reason"} says why.
func (h *Handler) handleEventCancel(w http.ResponseWriter, r *http.Request) error {
	var reason string
	read := func(o *object) { reason = value[string](o, "reason") }
	return h.eventChange(w, r, http.StatusOK, read, func(ctx context.Context, cur *mutual.Event, version int) (*mutual.Event, error) {
		return h.svc.Events.CancelEvent(ctx, cur.ID, reason, version)
	})
}

// eventChange runs a state change of the event in the path: it reads the
// optional body (fields by read, version, nothing else), the expected
// version from If-Match or the body, and answers the changed event.
func (h *Handler) eventChange(w http.ResponseWriter, r *http.Request, status int, read func(*object),
	change func(ctx context.Context, cur *mutual.Event, version int) (*mutual.Event, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readOptionalObject(r)
	if err != nil {
		return err
	}
	if read != nil {
		read(o)
	}
	version, err := expectedVersion(r, o.version())
	if err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	cur, err := h.svc.Events.FindEventByID(r.Context(), id)
	if err != nil {
		return err
	}
	e, err := change(r.Context(), cur, version)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", eventURL(e.ID))
	}
	return writeEvent(w, status, e)
}
