package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// EventService runs sourcing events.
type EventService DB

const eventSelect = `SELECT e.id, e.kind, e.title, e.description, e.category, e.currency, e.opens_at, e.closes_at, e.sealed, e.two_person,
	e.status, e.created_by, e.copied_from, e.published_at, e.closed_at, e.unsealed_at, e.cancelled_at, e.cancel_reason, e.awarded_at,
	e.version, e.created_at, e.updated_at FROM events e `

func scanEvent(row interface{ Scan(...any) error }) (*mutual.Event, error) {
	var e mutual.Event
	if err := row.Scan(&e.ID, &e.Kind, &e.Title, &e.Description, &e.Category, &e.Currency, timeCol{&e.OpensAt}, timeCol{&e.ClosesAt},
		&e.Sealed, &e.TwoPersonOpening, &e.Status, idCol{&e.CreatedBy}, idCol{&e.CopiedFrom}, timeCol{&e.PublishedAt}, timeCol{&e.ClosedAt},
		timeCol{&e.UnsealedAt}, timeCol{&e.CancelledAt}, &e.CancelReason, timeCol{&e.AwardedAt}, &e.Version,
		timeCol{&e.CreatedAt}, timeCol{&e.UpdatedAt}); err != nil {
		return nil, err
	}
	e.Lines, e.Questions, e.Criteria, e.Evaluators, e.Openers = []mutual.EventLine{}, []mutual.Question{}, []mutual.Criterion{}, []mutual.ID{}, []mutual.ID{}
	e.Committee = []mutual.ID{}
	return &e, nil
}

// present turns the stored event into what the caller may see at now: an
// open event past its closing time reads as closed (the job or the next
// write records it), and supplier users do not see the buying side's fields.
func present(e *mutual.Event, u *mutual.User, now time.Time) {
	if e.Status == "open" && !now.Before(e.ClosesAt) {
		e.Status, e.ClosedAt = "closed", e.ClosesAt
	}
	if u.IsInternal() {
		return
	}
	for i := range e.Lines {
		e.Lines[i].BaselinePrice, e.Lines[i].TargetPrice = mutual.Money{}, mutual.Money{}
	}
	e.Evaluators, e.Openers, e.Committee, e.Invited, e.Submitted = []mutual.ID{}, []mutual.ID{}, []mutual.ID{}, 0, 0
	e.CreatedBy, e.CopiedFrom, e.TwoPersonOpening, e.UnsealedAt = 0, 0, false, time.Time{}
}

// findEvent loads an event with its lines, questions, criteria, evaluators,
// committee and openers, and for the buying side its counts. It does not
// check access.
func findEvent(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Event, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, eventSelect+`WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Event")
	} else if err != nil {
		return nil, wrap(err, "find event")
	}
	return e, loadEventParts(ctx, tx, e)
}

func loadEventParts(ctx context.Context, tx *Tx, e *mutual.Event) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, item, description, quantity, unit, baseline_amount, target_amount FROM event_lines WHERE event_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return wrap(err, "event lines")
	}
	for rows.Next() {
		var l mutual.EventLine
		var qty string
		var base, target sql.NullString
		if err := rows.Scan(&l.ID, &l.Item, &l.Description, &qty, &l.Unit, &base, &target); err != nil {
			rows.Close()
			return err
		}
		l.Quantity, _ = mutual.ParseDecimal(qty)
		l.BaselinePrice, l.TargetPrice = money(base, e.Currency), money(target, e.Currency)
		e.Lines = append(e.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, text, kind, choices, required FROM event_questions WHERE event_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return wrap(err, "event questions")
	}
	for rows.Next() {
		var q mutual.Question
		var choices string
		if err := rows.Scan(&q.ID, &q.Text, &q.Kind, &choices, &q.Required); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(choices), &q.Choices); err != nil || q.Choices == nil {
			q.Choices = []string{}
		}
		e.Questions = append(e.Questions, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, name, weight FROM event_criteria WHERE event_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return wrap(err, "event criteria")
	}
	for rows.Next() {
		var c mutual.Criterion
		if err := rows.Scan(&c.ID, &c.Name, &c.Weight); err != nil {
			rows.Close()
			return err
		}
		e.Criteria = append(e.Criteria, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if e.Evaluators, err = queryIDs(ctx, tx, `SELECT user_id FROM event_evaluators WHERE event_id = ? ORDER BY user_id`, e.ID); err != nil {
		return err
	}
	if e.Openers, err = queryIDs(ctx, tx, `SELECT user_id FROM event_openings WHERE event_id = ? ORDER BY opened_at, user_id`, e.ID); err != nil {
		return err
	}
	if e.Committee, err = queryIDs(ctx, tx, `SELECT user_id FROM event_committee WHERE event_id = ? ORDER BY position`, e.ID); err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM invitations WHERE event_id = ?),
		(SELECT count(*) FROM bids WHERE event_id = ? AND status = 'submitted')`, e.ID, e.ID).Scan(&e.Invited, &e.Submitted)
}

// money reads a nullable amount column in a known currency.
func money(s sql.NullString, currency string) mutual.Money {
	if !s.Valid {
		return mutual.Money{}
	}
	d, _ := mutual.ParseDecimal(s.String)
	return mutual.Money{Amount: d, Currency: currency}
}

// amountArg is the column value of an optional amount.
func amountArg(m mutual.Money) any {
	if m.IsZero() {
		return nil
	}
	return m.Amount.String()
}

func queryIDs(ctx context.Context, tx *Tx, q string, args ...any) ([]mutual.ID, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "ids")
	}
	defer rows.Close()
	ids := []mutual.ID{}
	for rows.Next() {
		var id mutual.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// isInvited reports whether partner was invited to event.
func isInvited(ctx context.Context, tx *Tx, eventID, partnerID mutual.ID) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE event_id = ? AND partner_id = ?`, eventID, partnerID).Scan(&n)
	return n > 0, wrap(err, "invitation")
}

// readEvent loads an event the caller may see. Supplier users see only
// published events their partner is invited to; to them others do not exist.
func readEvent(ctx context.Context, tx *Tx, u *mutual.User, id mutual.ID) (*mutual.Event, error) {
	if u == nil || u.Disabled {
		return nil, notFound("Event")
	}
	e, err := findEvent(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !u.IsInternal() {
		ok, err := isInvited(ctx, tx, id, u.PartnerID)
		if err != nil {
			return nil, err
		}
		if !ok || u.PartnerID == 0 || e.Status == "draft" {
			return nil, notFound("Event")
		}
	}
	return e, nil
}

// FindEventByID returns an event as the caller may see it.
func (s *EventService) FindEventByID(ctx context.Context, id mutual.ID) (*mutual.Event, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := readEvent(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	present(e, u, tx.now)
	return e, nil
}

// FindEvents returns a page of events, newest first. Supplier users get the
// published events their partner is invited to.
func (s *EventService) FindEvents(ctx context.Context, f mutual.EventFilter) ([]*mutual.Event, string, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled {
		return nil, "", notFound("Event")
	}
	var p mutual.Problems
	if f.Status != "" && !oneOf(f.Status, mutual.EventStatuses) {
		p.Add("status", "enum", "Status must be draft, open, closed, awarded or cancelled.")
	}
	if f.Kind != "" && !oneOf(f.Kind, mutual.EventKinds) {
		p.Add("kind", "enum", "Kind must be rfi, rfq or rfp.")
	}
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	limit := mutual.ClampLimit(f.Limit)
	now := db.now().UTC()
	where, args := []string{"1 = 1"}, []any{}
	if !u.IsInternal() {
		where = append(where, "e.status <> 'draft'", "EXISTS (SELECT 1 FROM invitations i WHERE i.event_id = e.id AND i.partner_id = ?)")
		args = append(args, u.PartnerID)
	}
	switch f.Status {
	case "":
	case "open":
		where, args = append(where, "e.status = 'open' AND e.closes_at > ?"), append(args, now)
	case "closed":
		where, args = append(where, "(e.status = 'closed' OR (e.status = 'open' AND e.closes_at <= ?))"), append(args, now)
	default:
		where, args = append(where, "e.status = ?"), append(args, f.Status)
	}
	if f.Kind != "" {
		where, args = append(where, "e.kind = ?"), append(args, f.Kind)
	}
	for _, term := range mutual.SearchTerms(f.Query) {
		where, args = append(where, "e.search LIKE ?"), append(args, "%"+term+"%")
	}
	if f.Cursor != "" {
		t, n, err := timeIDCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where, args = append(where, "(e.created_at < ? OR (e.created_at = ? AND e.id < ?))"), append(args, t, t, n)
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, eventSelect+`WHERE `+strings.Join(where, " AND ")+` ORDER BY e.created_at DESC, e.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", wrap(err, "find events")
	}
	list := []*mutual.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, "", err
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	list, next := nextPage(list, limit, func(e *mutual.Event) string { return timeCursor(e.CreatedAt, e.ID) })
	if err := countEvents(ctx, tx, list); err != nil {
		return nil, "", err
	}
	for _, e := range list {
		present(e, u, tx.now)
	}
	return list, next, nil
}

// countEvents fills the invited and submitted counts of a page of events
// with one query.
func countEvents(ctx context.Context, tx *Tx, list []*mutual.Event) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[mutual.ID]*mutual.Event, len(list))
	args := make([]any, len(list))
	for i, e := range list {
		byID[e.ID], args[i] = e, int64(e.ID)
	}
	in := placeholders(len(list))
	rows, err := tx.QueryContext(ctx, `SELECT i.event_id, count(*), count(b.id) FROM invitations i
		LEFT JOIN bids b ON b.event_id = i.event_id AND b.partner_id = i.partner_id AND b.status = 'submitted'
		WHERE i.event_id IN (`+in+`) GROUP BY i.event_id`, args...)
	if err != nil {
		return wrap(err, "count events")
	}
	defer rows.Close()
	for rows.Next() {
		var id mutual.ID
		var invited, submitted int
		if err := rows.Scan(&id, &invited, &submitted); err != nil {
			return err
		}
		byID[id].Invited, byID[id].Submitted = invited, submitted
	}
	return rows.Err()
}

// eventSearch is what the event list's words match: title and category, folded.
func eventSearch(e *mutual.Event) string {
	return mutual.Fold(e.Title + " " + e.Category)
}

// checkEvaluators requires evaluators to be active buyers, managers or admins.
func checkEvaluators(ctx context.Context, tx *Tx, ids []mutual.ID, p *mutual.Problems) error {
	if len(ids) == 0 {
		return nil
	}
	ok, err := queryIDs(ctx, tx, `SELECT id FROM users WHERE role IN ('admin', 'manager', 'buyer') AND disabled = ?`, false)
	if err != nil {
		return err
	}
	set := make(map[mutual.ID]bool, len(ok))
	for _, id := range ok {
		set[id] = true
	}
	for _, id := range ids {
		if !set[id] {
			p.Add("evaluators", "evaluator", "Evaluators must be active buyers, managers or administrators.")
			break
		}
	}
	return nil
}

// writeEventParts replaces an event's lines, questions, criteria,
// evaluators and committee with e's, setting their new IDs.
func writeEventParts(ctx context.Context, tx *Tx, e *mutual.Event) error {
	for _, table := range []string{"event_lines", "event_questions", "event_criteria", "event_evaluators", "event_committee"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE event_id = ?`, e.ID); err != nil {
			return wrap(err, "replace event parts")
		}
	}
	var err error
	for i := range e.Lines {
		l := &e.Lines[i]
		if l.ID, err = tx.insertPublic(ctx, `INSERT INTO event_lines (id, event_id, position, item, description, quantity, unit, baseline_amount, target_amount)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, i, l.Item, l.Description, l.Quantity.String(), l.Unit,
			amountArg(l.BaselinePrice), amountArg(l.TargetPrice)); err != nil {
			return wrap(err, "event line")
		}
	}
	for i := range e.Questions {
		q := &e.Questions[i]
		choices, _ := json.Marshal(q.Choices)
		if q.ID, err = tx.insertPublic(ctx, `INSERT INTO event_questions (id, event_id, position, text, kind, choices, required) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.ID, i, q.Text, q.Kind, string(choices), q.Required); err != nil {
			return wrap(err, "event question")
		}
	}
	for i := range e.Criteria {
		c := &e.Criteria[i]
		if c.ID, err = tx.insertPublic(ctx, `INSERT INTO event_criteria (id, event_id, position, name, weight) VALUES (?, ?, ?, ?, ?)`,
			e.ID, i, c.Name, c.Weight); err != nil {
			return wrap(err, "event criterion")
		}
	}
	for _, id := range e.Evaluators {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_evaluators (event_id, user_id) VALUES (?, ?)`, e.ID, id); err != nil {
			return wrap(err, "event evaluator")
		}
	}
	for i, id := range e.Committee {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_committee (event_id, user_id, position) VALUES (?, ?, ?)`, e.ID, id, i); err != nil {
			return wrap(err, "event committee")
		}
	}
	return nil
}

func nullTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// CreateEvent stores a draft event. Its creator evaluates it unless
// evaluators are named.
func (s *EventService) CreateEvent(ctx context.Context, e *mutual.Event) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || u.Disabled {
		return notFound("Event")
	}
	if !mutual.CanWriteEvents(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not create sourcing events.")
	}
	var problems mutual.Problems
	for _, f := range mutual.ErrorFields(e.Validate()) {
		problems.Add(f.Field, f.Rule, f.Message)
	}
	if len(e.Evaluators) == 0 {
		e.Evaluators = []mutual.ID{u.ID}
	}
	e.CreatedBy = u.ID // the event's buyer, whom its committee leaves out
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := checkEvaluators(ctx, tx, e.Evaluators, &problems); err != nil {
		return err
	}
	if err := checkCommittee(ctx, tx, e, &problems); err != nil {
		return err
	}
	if err := problems.Err(); err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, e, u.ID); err != nil {
		return err
	}
	if err := tx.audit(ctx, "create", "event", e.ID, nil, e); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return s.reload(ctx, e)
}

func insertEvent(ctx context.Context, tx *Tx, e *mutual.Event, by mutual.ID) error {
	e.Status, e.CreatedBy, e.Version, e.CreatedAt, e.UpdatedAt = "draft", by, 1, tx.now, tx.now
	e.PublishedAt, e.ClosedAt, e.UnsealedAt, e.CancelledAt, e.AwardedAt, e.CancelReason = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, ""
	var err error
	if e.ID, err = tx.insertPublic(ctx, `INSERT INTO events (id, kind, title, description, category, currency, opens_at, closes_at, sealed, two_person, status,
		created_by, copied_from, search, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Kind, e.Title, e.Description, e.Category, e.Currency, nullTimeArg(e.OpensAt), e.ClosesAt, e.Sealed, e.TwoPersonOpening, e.Status,
		e.CreatedBy, e.CopiedFrom, eventSearch(e), e.Version, e.CreatedAt, e.UpdatedAt); err != nil {
		return wrap(err, "create event")
	}
	return writeEventParts(ctx, tx, e)
}

// reload replaces e with the stored event as the caller sees it.
func (s *EventService) reload(ctx context.Context, e *mutual.Event) error {
	got, err := s.FindEventByID(ctx, e.ID)
	if err != nil {
		return err
	}
	*e = *got
	return nil
}

// writableEvent loads an event for a change by the buying side, closing it
// first when its time has passed.
func writableEvent(ctx context.Context, tx *Tx, u *mutual.User, id mutual.ID) (*mutual.Event, error) {
	if !u.IsInternal() || u.Disabled {
		return nil, notFound("Event")
	}
	e, err := findEvent(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !mutual.CanWriteEvents(u) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change sourcing events.")
	}
	if err := closeIfDue(ctx, tx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// CopyEvent starts a draft from an earlier event, as a template: its lines,
// questions, criteria, evaluators, documents and invited suppliers (those
// that may still be invited), closing two weeks from now.
func (s *EventService) CopyEvent(ctx context.Context, id mutual.ID) (*mutual.Event, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	src, err := writableEvent(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	e := *src
	e.CopiedFrom, e.OpensAt = src.ID, time.Time{}
	e.ClosesAt = tx.now.Add(14 * 24 * time.Hour).Truncate(time.Hour)
	e.Openers = []mutual.ID{}
	var problems mutual.Problems
	if err := checkEvaluators(ctx, tx, e.Evaluators, &problems); err != nil {
		return nil, err
	}
	if problems.Err() != nil {
		e.Evaluators = []mutual.ID{u.ID}
	}
	if e.Committee, err = copyCommittee(ctx, tx, &e, u.ID); err != nil {
		return nil, err
	}
	if err := insertEvent(ctx, tx, &e, u.ID); err != nil {
		return nil, err
	}
	docs, err := queryIDs(ctx, tx, `SELECT id FROM documents WHERE event_id = ? AND partner_id IS NULL ORDER BY `+documentOrder, src.ID)
	if err != nil {
		return nil, wrap(err, "copy documents")
	}
	for _, doc := range docs {
		if _, err := tx.insertPublic(ctx, `INSERT INTO documents (id, event_id, partner_id, name, content_type, size, sha256, content, uploaded_by, created_at)
			SELECT ?, ?, NULL, name, content_type, size, sha256, content, ?, ? FROM documents WHERE id = ?`, e.ID, u.ID, tx.now, doc); err != nil {
			return nil, wrap(err, "copy documents")
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (event_id, partner_id, invited_by, invited_at)
		SELECT ?, i.partner_id, ?, ? FROM invitations i JOIN partners p ON p.id = i.partner_id
		WHERE i.event_id = ? AND p.status NOT IN ('suspended', 'offboarded') AND (p.roles & ?) <> 0`, e.ID, u.ID, tx.now, src.ID, roleBit(mutual.PartnerSupplier)); err != nil {
		return nil, wrap(err, "copy invitations")
	}
	if err := tx.audit(ctx, "copy", "event", e.ID, map[string]any{"copied_from": src.ID}, &e); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, e.ID)
}

// UpdateEvent changes an event. A draft changes freely; once published only
// the closing time may move later (while open) and the evaluators change.
func (s *EventService) UpdateEvent(ctx context.Context, id mutual.ID, upd mutual.EventUpdate) (*mutual.Event, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	if upd.Version != 0 && upd.Version != e.Version {
		return nil, stale("event")
	}
	before := *e
	if upd.Committee != nil {
		if err := e.SetCommittee(*upd.Committee); err != nil {
			return nil, err
		}
	}
	draftOnly := upd.Kind != nil || upd.Title != nil || upd.Description != nil || upd.Category != nil || upd.Currency != nil || upd.OpensAt != nil ||
		upd.Sealed != nil || upd.TwoPersonOpening != nil || upd.Lines != nil || upd.Questions != nil || upd.Criteria != nil
	switch {
	case e.Status == "awarded" || e.Status == "cancelled":
		return nil, mutual.Errorf(mutual.ECONFLICT, "This event is %s; it can no longer change.", e.Status)
	case e.Status != "draft" && draftOnly:
		return nil, mutual.Errorf(mutual.ECONFLICT, "This event is published: its lines, questions and terms are fixed. Publish a clarification instead.")
	case e.Status == "closed" && upd.ClosesAt != nil:
		return nil, mutual.Errorf(mutual.ECONFLICT, "This event is closed; its closing time can no longer move.")
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&e.Kind, upd.Kind)
	set(&e.Title, upd.Title)
	set(&e.Description, upd.Description)
	set(&e.Category, upd.Category)
	set(&e.Currency, upd.Currency)
	if upd.OpensAt != nil {
		e.OpensAt = *upd.OpensAt
	}
	if upd.ClosesAt != nil {
		e.ClosesAt = *upd.ClosesAt
	}
	if upd.Sealed != nil {
		e.Sealed = *upd.Sealed
	}
	if upd.TwoPersonOpening != nil {
		e.TwoPersonOpening = *upd.TwoPersonOpening
	}
	if upd.Lines != nil {
		e.Lines = *upd.Lines
	}
	if upd.Questions != nil {
		e.Questions = *upd.Questions
	}
	if upd.Criteria != nil {
		e.Criteria = *upd.Criteria
	}
	if upd.Evaluators != nil {
		e.Evaluators = *upd.Evaluators
	}
	var problems mutual.Problems
	for _, f := range mutual.ErrorFields(e.Validate()) {
		problems.Add(f.Field, f.Rule, f.Message)
	}
	if e.Status == "open" && upd.ClosesAt != nil && e.ClosesAt.Before(before.ClosesAt) {
		problems.Add("closes_at", "extend_only", "Once published, the closing time may only move later.")
	}
	if err := checkEvaluators(ctx, tx, e.Evaluators, &problems); err != nil {
		return nil, err
	}
	if e.Status == "draft" {
		if err := checkCommittee(ctx, tx, e, &problems); err != nil {
			return nil, err
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	e.Version, e.UpdatedAt = e.Version+1, tx.now
	res, err := tx.ExecContext(ctx, `UPDATE events SET kind = ?, title = ?, description = ?, category = ?, currency = ?, opens_at = ?, closes_at = ?, sealed = ?,
		two_person = ?, search = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
		e.Kind, e.Title, e.Description, e.Category, e.Currency, nullTimeArg(e.OpensAt), e.ClosesAt, e.Sealed, e.TwoPersonOpening, eventSearch(e),
		e.Version, e.UpdatedAt, id, before.Version)
	if err != nil {
		return nil, wrap(err, "update event")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, stale("event")
	}
	if e.Status == "draft" {
		if err := writeEventParts(ctx, tx, e); err != nil {
			return nil, err
		}
	} else if upd.Evaluators != nil {
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_evaluators WHERE event_id = ?`, id); err != nil {
			return nil, wrap(err, "evaluators")
		}
		for _, uid := range e.Evaluators {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_evaluators (event_id, user_id) VALUES (?, ?)`, id, uid); err != nil {
				return nil, wrap(err, "evaluators")
			}
		}
	}
	if err := tx.audit(ctx, "update", "event", id, &before, e); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, id)
}

// changeEvent runs a buying-side change of an event in one write
// transaction: it loads the event for the caller (recording its close when
// due), lets change check, apply and audit it, commits, and returns the
// event as the caller now sees it.
func (s *EventService) changeEvent(ctx context.Context, id mutual.ID, change func(tx *Tx, u *mutual.User, e *mutual.Event) error) (*mutual.Event, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	if err := change(tx, u, e); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, id)
}

// setStatus records a state change made in tx, guarded by the state it
// leaves, and audits it.
func setStatus(ctx context.Context, tx *Tx, e *mutual.Event, from, action string, sets string, args ...any) error {
	before := *e
	e.Version, e.UpdatedAt = e.Version+1, tx.now
	res, err := tx.ExecContext(ctx, `UPDATE events SET `+sets+`, version = ?, updated_at = ? WHERE id = ? AND status = ?`,
		append(args, e.Version, e.UpdatedAt, e.ID, from)...)
	if err != nil {
		return wrap(err, action+" event")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return mutual.Errorf(mutual.ECONFLICT, "The event changed meanwhile; reload it.")
	}
	return tx.audit(ctx, action, "event", e.ID, eventState(&before), eventState(e))
}

// eventState is what the audit log keeps of a state change.
func eventState(e *mutual.Event) map[string]any {
	return map[string]any{"status": e.Status, "closes_at": e.ClosesAt, "unsealed_at": e.UnsealedAt, "openers": e.Openers,
		"committee": e.Committee, "cancel_reason": e.CancelReason, "version": e.Version}
}

// PublishEvent opens a draft to its invited suppliers and notifies them.
func (s *EventService) PublishEvent(ctx context.Context, id mutual.ID, version int) (*mutual.Event, error) {
	return s.changeEvent(ctx, id, func(tx *Tx, u *mutual.User, e *mutual.Event) error {
		if e.Status != "draft" {
			return mutual.Errorf(mutual.ECONFLICT, "This event is %s already; only drafts are published.", e.Status)
		}
		if version != 0 && version != e.Version {
			return stale("event")
		}
		if err := validateForPublish(ctx, tx, e); err != nil {
			return err
		}
		if e.OpensAt.IsZero() || e.OpensAt.Before(tx.now) {
			e.OpensAt = tx.now
		}
		e.Status, e.PublishedAt = "open", tx.now
		if err := setStatus(ctx, tx, e, "draft", "publish", `status = ?, opens_at = ?, published_at = ?`, e.Status, e.OpensAt, e.PublishedAt); err != nil {
			return err
		}
		return notifyInvitees(ctx, tx, e, "invited", nil)
	})
}

// CloseEvent closes an open event now, before its closing time.
func (s *EventService) CloseEvent(ctx context.Context, id mutual.ID, version int) (*mutual.Event, error) {
	return s.changeEvent(ctx, id, func(tx *Tx, u *mutual.User, e *mutual.Event) error {
		if e.Status != "open" {
			return mutual.Errorf(mutual.ECONFLICT, "This event is %s; only open events close.", e.Status)
		}
		if version != 0 && version != e.Version {
			return stale("event")
		}
		e.Status, e.ClosedAt, e.ClosesAt = "closed", tx.now, tx.now
		if err := setStatus(ctx, tx, e, "open", "close", `status = ?, closed_at = ?, closes_at = ?`, e.Status, e.ClosedAt, e.ClosesAt); err != nil {
			return err
		}
		return notifyInvitees(ctx, tx, e, "closed", nil)
	})
}

// closeIfDue records the close of an open event whose closing time has
// passed, once: the guarded update lets only one transaction do it.
func closeIfDue(ctx context.Context, tx *Tx, e *mutual.Event) error {
	_, err := closeDue(ctx, tx, e)
	return err
}

// closeDue is closeIfDue that also says whether this transaction closed it.
func closeDue(ctx context.Context, tx *Tx, e *mutual.Event) (bool, error) {
	if e.Status != "open" || tx.now.Before(e.ClosesAt) {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE events SET status = 'closed', closed_at = closes_at, version = version + 1, updated_at = ?
		WHERE id = ? AND status = 'open' AND closes_at <= ?`, tx.now, e.ID, tx.now)
	if err != nil {
		return false, wrap(err, "close event")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	before := *e
	e.Status, e.ClosedAt, e.Version, e.UpdatedAt = "closed", e.ClosesAt, e.Version+1, tx.now
	if err := tx.audit(ctx, "close", "event", e.ID, eventState(&before), eventState(e)); err != nil {
		return false, err
	}
	return true, notifyInvitees(ctx, tx, e, "closed", nil)
}

// CloseDueEvents closes the open events whose closing time has passed.
func (s *EventService) CloseDueEvents(ctx context.Context) (int, error) {
	db := (*DB)(s)
	closed := 0
	for {
		tx, err := db.beginWrite(ctx)
		if err != nil {
			return closed, err
		}
		ids, err := queryIDs(ctx, tx, `SELECT id FROM events WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at, id LIMIT 100`, tx.now)
		if err != nil {
			tx.Rollback()
			return closed, err
		}
		n := 0
		for _, id := range ids {
			e, err := findEvent(ctx, tx, id)
			var did bool
			if err == nil {
				did, err = closeDue(ctx, tx, e)
			}
			if err != nil {
				tx.Rollback()
				return closed, err
			}
			if did {
				n++
			}
		}
		if err := tx.Commit(); err != nil {
			return closed, err
		}
		closed += n
		if len(ids) < 100 {
			return closed, nil
		}
	}
}

// CancelEvent cancels an event before it is awarded. Sealed bids not yet
// opened stay sealed forever.
func (s *EventService) CancelEvent(ctx context.Context, id mutual.ID, reason string, version int) (*mutual.Event, error) {
	reason = strings.TrimSpace(reason)
	var p mutual.Problems
	if reason == "" {
		p.Add("reason", "required", "Say why the event is cancelled.")
	} else {
		mutual.CheckText(&p, "reason", reason, 2000, true)
	}
	return s.changeEvent(ctx, id, func(tx *Tx, u *mutual.User, e *mutual.Event) error {
		if e.Status == "awarded" || e.Status == "cancelled" {
			return mutual.Errorf(mutual.ECONFLICT, "This event is %s; it can no longer be cancelled.", e.Status)
		}
		if version != 0 && version != e.Version {
			return stale("event")
		}
		if err := p.Err(); err != nil {
			return err
		}
		from, wasPublished := e.Status, e.Status != "draft"
		e.Status, e.CancelledAt, e.CancelReason = "cancelled", tx.now, reason
		if err := setStatus(ctx, tx, e, from, "cancel", `status = ?, cancelled_at = ?, cancel_reason = ?`, e.Status, e.CancelledAt, e.CancelReason); err != nil {
			return err
		}
		if wasPublished {
			if err := notifyInvitees(ctx, tx, e, "cancelled", nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// notifyInvitees notifies the active supplier users of the invited
// partners (or of partners, when given) about the event.
func notifyInvitees(ctx context.Context, tx *Tx, e *mutual.Event, kind string, partners []mutual.ID) error {
	where, args := `u.partner_id IN (SELECT partner_id FROM invitations WHERE event_id = ?)`, []any{e.ID}
	if partners != nil {
		if len(partners) == 0 {
			return nil
		}
		where = `u.partner_id IN (` + placeholders(len(partners)) + `)`
		args = args[:0]
		for _, id := range partners {
			args = append(args, id)
		}
	}
	users, err := queryIDs(ctx, tx, `SELECT u.id FROM users u WHERE u.role = 'supplier' AND u.disabled = ? AND `+where+` ORDER BY u.id`,
		append([]any{false}, args...)...)
	if err != nil {
		return wrap(err, "notify")
	}
	if err := notify(ctx, tx, users, kind, e.ID, e.Title, "/portal/events/"+e.ID.String()); err != nil {
		return err
	}
	// The outbox: until mail is configured, what would be mailed is logged.
	tx.db.log.Info("notification", "kind", kind, "event", e.ID)
	return nil
}

// notify gives each of users a notification of kind, about the event
// eventID (0: none), with subject and link.
func notify(ctx context.Context, tx *Tx, users []mutual.ID, kind string, eventID mutual.ID, subject, link string) error {
	for _, id := range users {
		if _, err := tx.insertPublic(ctx, `INSERT INTO notifications (id, user_id, kind, event_id, subject, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, kind, eventID, subject, link, tx.now); err != nil {
			return wrap(err, "notify")
		}
	}
	return nil
}

// FindInvitations lists an event's invited partners with whether (not what)
// they bid. Supplier users never see the list.
func (s *EventService) FindInvitations(ctx context.Context, eventID mutual.ID) ([]*mutual.Invitation, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || u.Disabled {
		return nil, notFound("Event")
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := findEvent(ctx, tx, eventID); err != nil {
		return nil, err
	}
	return findInvitations(ctx, tx, eventID)
}

// FindMyInvitations returns the caller's partner's invitations to the given
// published events with its bid status and outcome. Only supplier users
// have any.
func (s *EventService) FindMyInvitations(ctx context.Context, eventIDs []mutual.ID) ([]*mutual.Invitation, error) {
	db := (*DB)(s)
	pid, err := bidder(mutual.UserFromContext(ctx))
	if err != nil || len(eventIDs) == 0 {
		return []*mutual.Invitation{}, nil
	}
	if len(eventIDs) > 500 {
		return nil, invalid("event_ids", "too_many", "At most 500 events at once.")
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	args := []any{pid}
	for _, id := range eventIDs {
		args = append(args, id)
	}
	return queryInvitations(ctx, tx, `i.partner_id = ? AND i.event_id IN (`+placeholders(len(eventIDs))+`)
		AND EXISTS (SELECT 1 FROM events e WHERE e.id = i.event_id AND e.status <> 'draft') ORDER BY i.event_id`, args...)
}

func findInvitations(ctx context.Context, tx *Tx, eventID mutual.ID) ([]*mutual.Invitation, error) {
	return queryInvitations(ctx, tx, `i.event_id = ? ORDER BY p.sort_key, p.id`, eventID)
}

func queryInvitations(ctx context.Context, tx *Tx, where string, args ...any) ([]*mutual.Invitation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.event_id, i.partner_id, p.name, i.invited_by, i.invited_at, i.outcome, COALESCE(b.status, 'none'), b.submitted_at
		FROM invitations i JOIN partners p ON p.id = i.partner_id LEFT JOIN bids b ON b.event_id = i.event_id AND b.partner_id = i.partner_id
		WHERE `+where, args...)
	if err != nil {
		return nil, wrap(err, "find invitations")
	}
	defer rows.Close()
	list := []*mutual.Invitation{}
	for rows.Next() {
		var in mutual.Invitation
		if err := rows.Scan(&in.EventID, &in.PartnerID, &in.PartnerName, idCol{&in.InvitedBy}, timeCol{&in.InvitedAt}, &in.Outcome,
			&in.BidStatus, timeCol{&in.SubmittedAt}); err != nil {
			return nil, err
		}
		list = append(list, &in)
	}
	return list, rows.Err()
}

// Invite invites supplier partners to a draft or open event. Partners
// invited to an open event are notified at once; those of a draft when it
// is published.
func (s *EventService) Invite(ctx context.Context, eventID mutual.ID, partnerIDs []mutual.ID) ([]*mutual.Invitation, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, eventID)
	if err != nil {
		return nil, err
	}
	if e.Status != "draft" && e.Status != "open" {
		return nil, mutual.Errorf(mutual.ECONFLICT, "This event is %s; suppliers are invited to drafts and open events only.", e.Status)
	}
	var p mutual.Problems
	if len(partnerIDs) == 0 {
		p.Add("partner_ids", "required", "Choose at least one supplier.")
	} else if len(partnerIDs) > 500 {
		p.Add("partner_ids", "too_many", "At most 500 suppliers at once.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	added := []mutual.ID{}
	for i, pid := range partnerIDs {
		at := "partner_ids[" + strconv.Itoa(i) + "]"
		partner, err := findPartnerByID(ctx, tx, pid)
		if mutual.ErrorCode(err) == mutual.ENOTFOUND {
			p.Add(at, "unknown", "No such partner.")
			continue
		} else if err != nil {
			return nil, err
		}
		if err := partner.CanSource(); err != nil {
			rule, msg := sourcingRule(err), mutual.ErrorMessage(err)
			if rule == "status" {
				msg = partner.Name + " is " + partner.Status + " and cannot be invited."
			}
			p.Add(at, rule, msg)
			continue
		}
		ok, err := isInvited(ctx, tx, eventID, pid)
		if err != nil {
			return nil, err
		}
		if ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (event_id, partner_id, invited_by, invited_at) VALUES (?, ?, ?, ?)`,
			eventID, pid, u.ID, tx.now); err != nil {
			return nil, wrap(err, "invite")
		}
		added = append(added, pid)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(added) > 0 {
		if err := tx.audit(ctx, "invite", "event", eventID, nil, map[string]any{"partner_ids": added}); err != nil {
			return nil, err
		}
		if e.Status == "open" {
			if err := notifyInvitees(ctx, tx, e, "invited", added); err != nil {
				return nil, err
			}
		}
	}
	list, err := findInvitations(ctx, tx, eventID)
	if err != nil {
		return nil, err
	}
	return list, tx.Commit()
}

// Uninvite withdraws an invitation that has no bid yet, on a draft or open event.
func (s *EventService) Uninvite(ctx context.Context, eventID, partnerID mutual.ID) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, eventID)
	if err != nil {
		return err
	}
	if e.Status != "draft" && e.Status != "open" {
		return mutual.Errorf(mutual.ECONFLICT, "This event is %s; its invitations are fixed.", e.Status)
	}
	var bids int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM bids WHERE event_id = ? AND partner_id = ?`, eventID, partnerID).Scan(&bids); err != nil {
		return wrap(err, "uninvite")
	}
	if bids > 0 {
		return mutual.Errorf(mutual.ECONFLICT, "This supplier has bid; its invitation stays.")
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE event_id = ? AND partner_id = ?`, eventID, partnerID)
	if err != nil {
		return wrap(err, "uninvite")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return notFound("Invitation")
	}
	if err := tx.audit(ctx, "uninvite", "event", eventID, map[string]any{"partner_id": partnerID}, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// FindClarifications lists an event's clarifications, oldest first.
func (s *EventService) FindClarifications(ctx context.Context, eventID mutual.ID) ([]*mutual.Clarification, error) {
	db := (*DB)(s)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := readEvent(ctx, tx, mutual.UserFromContext(ctx), eventID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, event_id, text, created_by, created_at FROM event_clarifications WHERE event_id = ? ORDER BY created_at, id`, eventID)
	if err != nil {
		return nil, wrap(err, "clarifications")
	}
	defer rows.Close()
	list := []*mutual.Clarification{}
	for rows.Next() {
		var c mutual.Clarification
		if err := rows.Scan(&c.ID, &c.EventID, &c.Text, idCol{&c.CreatedBy}, timeCol{&c.CreatedAt}); err != nil {
			return nil, err
		}
		list = append(list, &c)
	}
	return list, rows.Err()
}

// AddClarification publishes a notice to every invitee of an open event.
func (s *EventService) AddClarification(ctx context.Context, c *mutual.Clarification) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	c.Text = strings.TrimSpace(c.Text)
	var p mutual.Problems
	if c.Text == "" {
		p.Add("text", "required", "Write the clarification.")
	} else {
		mutual.CheckText(&p, "text", c.Text, 10000, true)
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, c.EventID)
	if err != nil {
		return err
	}
	if e.Status != "open" {
		return mutual.Errorf(mutual.ECONFLICT, "Clarifications go to open events only (this one is %s).", e.Status)
	}
	if err := p.Err(); err != nil {
		return err
	}
	c.CreatedBy, c.CreatedAt = u.ID, tx.now
	if c.ID, err = tx.insertPublic(ctx, `INSERT INTO event_clarifications (id, event_id, text, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		c.EventID, c.Text, c.CreatedBy, c.CreatedAt); err != nil {
		return wrap(err, "clarification")
	}
	if err := tx.audit(ctx, "clarify", "event", c.EventID, nil, c); err != nil {
		return err
	}
	if err := notifyInvitees(ctx, tx, e, "clarification", nil); err != nil {
		return err
	}
	return tx.Commit()
}

const documentColumns = `id, event_id, partner_id, name, content_type, size, sha256, uploaded_by, created_at`

// documentOrder lists documents in the order they were added; those added
// at once (copied with their event) by name.
const documentOrder = `created_at, name, id`

func scanDocument(row interface{ Scan(...any) error }, content bool) (*mutual.Document, error) {
	var d mutual.Document
	dest := []any{&d.ID, &d.EventID, idCol{&d.PartnerID}, &d.Name, &d.ContentType, &d.Size, &d.SHA256, idCol{&d.UploadedBy}, timeCol{&d.CreatedAt}}
	if content {
		dest = append(dest, &d.Content)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return &d, nil
}

// FindDocuments lists an event's documents (not bids' attachments).
func (s *EventService) FindDocuments(ctx context.Context, eventID mutual.ID) ([]*mutual.Document, error) {
	db := (*DB)(s)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u := mutual.UserFromContext(ctx)
	if _, err := readEvent(ctx, tx, u, eventID); err != nil {
		return nil, err
	}
	var own mutual.ID // a supplier user's company: its bid attachments too
	if !u.IsInternal() {
		own = u.PartnerID
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE event_id = ? AND (partner_id IS NULL OR partner_id = ?) ORDER BY `+documentOrder, eventID, own)
	if err != nil {
		return nil, wrap(err, "documents")
	}
	defer rows.Close()
	list := []*mutual.Document{}
	for rows.Next() {
		d, err := scanDocument(rows, false)
		if err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// FindDocument returns a document with its content: an event document to
// whoever may read the event; a bid attachment to its bidder, and to the
// buying side once the bids are visible.
func (s *EventService) FindDocument(ctx context.Context, eventID, id mutual.ID) (*mutual.Document, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := readEvent(ctx, tx, u, eventID)
	if err != nil {
		return nil, err
	}
	present(e, u, tx.now)
	d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+`, content FROM documents WHERE id = ? AND event_id = ?`, id, eventID), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Document")
	} else if err != nil {
		return nil, wrap(err, "document")
	}
	if d.PartnerID != 0 {
		mine := !u.IsInternal() && u.PartnerID == d.PartnerID
		if !mine && (!u.IsInternal() || !e.BidsVisible()) {
			return nil, notFound("Document")
		}
	}
	return d, nil
}

// AddDocument attaches a specification to a draft or open event.
func (s *EventService) AddDocument(ctx context.Context, d *mutual.Document) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	verr := d.Validate()
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, d.EventID)
	if err != nil {
		return err
	}
	if e.Status != "draft" && e.Status != "open" {
		return mutual.Errorf(mutual.ECONFLICT, "Documents are added to drafts and open events only (this one is %s).", e.Status)
	}
	if verr != nil {
		return verr
	}
	d.PartnerID = 0
	if err := insertDocument(ctx, tx, d, u.ID); err != nil {
		return err
	}
	if e.Status == "open" {
		if err := notifyInvitees(ctx, tx, e, "clarification", nil); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func insertDocument(ctx context.Context, tx *Tx, d *mutual.Document, by mutual.ID) error {
	sum := sha256.Sum256(d.Content)
	d.SHA256, d.UploadedBy, d.CreatedAt = hex.EncodeToString(sum[:]), by, tx.now
	// A bid's attachment is sealed with the bid: the audit keeps only a
	// digest keyed with the file's own random salt, which nobody can try
	// a guessed file against, and neither its name nor its size.
	var salt any
	var keyed string
	if d.PartnerID != 0 {
		key := newSalt()
		salt, keyed = hex.EncodeToString(key), keyedDigest(key, d.Content)
	}
	var err error
	if d.ID, err = tx.insertPublic(ctx, `INSERT INTO documents (id, event_id, partner_id, name, content_type, size, sha256, salt, content, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.EventID, d.PartnerID, d.Name, d.ContentType, d.Size, d.SHA256, salt, d.Content,
		d.UploadedBy, d.CreatedAt); err != nil {
		return wrap(err, "store document")
	}
	if d.PartnerID != 0 {
		return tx.audit(ctx, "create", "document", d.ID, nil, map[string]any{"event_id": d.EventID, "partner_id": d.PartnerID,
			"hmac_sha256": keyed})
	}
	// An event's own document is no secret: the audit keeps its name, size
	// and digest, not its content.
	return tx.audit(ctx, "create", "document", d.ID, nil, d)
}

// DeleteDocument removes a document from a draft event.
func (s *EventService) DeleteDocument(ctx context.Context, eventID, id mutual.ID) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, err := writableEvent(ctx, tx, u, eventID)
	if err != nil {
		return err
	}
	d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ? AND event_id = ? AND partner_id IS NULL`, id, eventID), false)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Document")
	} else if err != nil {
		return wrap(err, "document")
	}
	if e.Status != "draft" {
		return mutual.Errorf(mutual.ECONFLICT, "Suppliers have seen this document; it stays. Publish a clarification instead.")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
		return wrap(err, "delete document")
	}
	if err := tx.audit(ctx, "delete", "document", id, d, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// FindNotifications returns the caller's newest notifications.
func (s *EventService) FindNotifications(ctx context.Context, f mutual.NotificationFilter) ([]*mutual.Notification, string, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled || u.ID == 0 {
		return nil, "", mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	q, args := `SELECT id, user_id, kind, event_id, subject, link, created_at, read_at FROM notifications WHERE user_id = ?`, []any{u.ID}
	if f.UnreadOnly {
		q += ` AND read_at IS NULL`
	}
	if f.Cursor != "" {
		t, n, err := timeIDCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		q, args = q+` AND (created_at < ? OR (created_at = ? AND id < ?))`, append(args, t, t, n)
	}
	limit := mutual.ClampLimit(f.Limit)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q+` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", wrap(err, "notifications")
	}
	defer rows.Close()
	list := []*mutual.Notification{}
	for rows.Next() {
		var n mutual.Notification
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, idCol{&n.EventID}, &n.Subject, &n.Link, timeCol{&n.CreatedAt}, timeCol{&n.ReadAt}); err != nil {
			return nil, "", err
		}
		list = append(list, &n)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	list, next := nextPage(list, limit, func(n *mutual.Notification) string { return timeCursor(n.CreatedAt, n.ID) })
	return list, next, nil
}

// MarkNotificationsRead marks read the caller's notification upTo and
// those before it, in the order FindNotifications lists them; an upTo
// that is not one of the caller's marks nothing.
func (s *EventService) MarkNotificationsRead(ctx context.Context, upTo mutual.ID) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled || u.ID == 0 {
		return mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// IDs are random (publicid.go): "before" is by time, then ID.
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND EXISTS (
		SELECT 1 FROM notifications upto WHERE upto.id = ? AND upto.user_id = notifications.user_id
		AND (notifications.created_at < upto.created_at OR (notifications.created_at = upto.created_at AND notifications.id <= upto.id)))`,
		tx.now, u.ID, upTo); err != nil {
		return wrap(err, "mark read")
	}
	return tx.Commit()
}
