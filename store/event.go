package store

import (
	"context"
	"database/sql"
	"errors"
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
	e.CloseDue(now)
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
		if !ok || u.PartnerID == 0 || !e.Published() {
			return nil, notFound("Event")
		}
	}
	return e, nil
}

// FindEventByID returns an event as the caller may see it.
func (s *EventService) FindEventByID(ctx context.Context, id mutual.ID) (*mutual.Event, error) {
	u := mutual.UserFromContext(ctx)
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Event, error) {
		e, err := readEvent(ctx, tx, u, id)
		if err != nil {
			return nil, err
		}
		present(e, u, tx.now)
		return e, nil
	})
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
	if f.Status != "" && !oneOf(string(f.Status), mutual.EventStatuses) {
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
		where = append(where, "e.status <> ?", "EXISTS (SELECT 1 FROM invitations i WHERE i.event_id = e.id AND i.partner_id = ?)")
		args = append(args, mutual.EventDraft, u.PartnerID)
	}
	// An open event past its closing time lists as closed (StatusAt).
	switch f.Status {
	case "":
	case mutual.EventOpen:
		where, args = append(where, "e.status = ? AND e.closes_at > ?"), append(args, mutual.EventOpen, now)
	case mutual.EventClosed:
		where, args = append(where, "(e.status = ? OR (e.status = ? AND e.closes_at <= ?))"), append(args, mutual.EventClosed, mutual.EventOpen, now)
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
	return readPage(ctx, db, func(tx *Tx) ([]*mutual.Event, string, error) {
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
	})
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
		LEFT JOIN bids b ON b.event_id = i.event_id AND b.partner_id = i.partner_id AND b.status = ?
		WHERE i.event_id IN (`+in+`) GROUP BY i.event_id`, append([]any{mutual.BidSubmitted}, args...)...)
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

// CreateEvent stores a draft event. Its creator evaluates it unless
// evaluators are named.
func (s *EventService) CreateEvent(ctx context.Context, e *mutual.Event) error {
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
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
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
		return tx.audit(ctx, "create", "event", e.ID, nil, e)
	})
	if err != nil {
		return err
	}
	return s.reload(ctx, e)
}

func insertEvent(ctx context.Context, tx *Tx, e *mutual.Event, by mutual.ID) error {
	e.Status, e.CreatedBy, e.Version, e.CreatedAt, e.UpdatedAt = mutual.EventDraft, by, 1, tx.now, tx.now
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
	u := mutual.UserFromContext(ctx)
	copied, err := writeTx(ctx, (*DB)(s), func(tx *Tx) (mutual.ID, error) {
		src, err := writableEvent(ctx, tx, u, id)
		if err != nil {
			return 0, err
		}
		e := *src
		e.CopiedFrom, e.OpensAt = src.ID, time.Time{}
		e.ClosesAt = tx.now.Add(14 * 24 * time.Hour).Truncate(time.Hour)
		e.Openers = []mutual.ID{}
		var problems mutual.Problems
		if err := checkEvaluators(ctx, tx, e.Evaluators, &problems); err != nil {
			return 0, err
		}
		if problems.Err() != nil {
			e.Evaluators = []mutual.ID{u.ID}
		}
		if e.Committee, err = copyCommittee(ctx, tx, &e, u.ID); err != nil {
			return 0, err
		}
		if err := insertEvent(ctx, tx, &e, u.ID); err != nil {
			return 0, err
		}
		docs, err := queryIDs(ctx, tx, `SELECT id FROM documents WHERE event_id = ? AND partner_id IS NULL ORDER BY `+documentOrder, src.ID)
		if err != nil {
			return 0, wrap(err, "copy documents")
		}
		for _, doc := range docs {
			if _, err := tx.insertPublic(ctx, `INSERT INTO documents (id, event_id, partner_id, name, content_type, size, sha256, content, uploaded_by, created_at)
				SELECT ?, ?, NULL, name, content_type, size, sha256, content, ?, ? FROM documents WHERE id = ?`, e.ID, u.ID, tx.now, doc); err != nil {
				return 0, wrap(err, "copy documents")
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (event_id, partner_id, invited_by, invited_at)
			SELECT ?, i.partner_id, ?, ? FROM invitations i JOIN partners p ON p.id = i.partner_id
			WHERE i.event_id = ? AND p.status NOT IN ('suspended', 'offboarded') AND (p.roles & ?) <> 0`, e.ID, u.ID, tx.now, src.ID, roleBit(mutual.PartnerSupplier)); err != nil {
			return 0, wrap(err, "copy invitations")
		}
		if err := tx.audit(ctx, "copy", "event", e.ID, map[string]any{"copied_from": src.ID}, &e); err != nil {
			return 0, err
		}
		return e.ID, nil
	})
	if err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, copied)
}

// UpdateEvent changes an event. A draft changes freely; once published only
// the closing time may move later (while open) and the evaluators change.
func (s *EventService) UpdateEvent(ctx context.Context, id mutual.ID, upd mutual.EventUpdate) (*mutual.Event, error) {
	u := mutual.UserFromContext(ctx)
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		e, err := writableEvent(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if upd.Version != 0 && upd.Version != e.Version {
			return stale("event")
		}
		before := *e
		if upd.Committee != nil {
			if err := e.SetCommittee(*upd.Committee); err != nil {
				return err
			}
		}
		terms := upd.Kind != nil || upd.Title != nil || upd.Description != nil || upd.Category != nil || upd.Currency != nil || upd.OpensAt != nil ||
			upd.Sealed != nil || upd.TwoPersonOpening != nil || upd.Lines != nil || upd.Questions != nil || upd.Criteria != nil
		if err := e.CanChange(terms, upd.ClosesAt != nil); err != nil {
			return err
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
		if e.Status == mutual.EventOpen && upd.ClosesAt != nil && e.ClosesAt.Before(before.ClosesAt) {
			problems.Add("closes_at", "extend_only", "Once published, the closing time may only move later.")
		}
		if err := checkEvaluators(ctx, tx, e.Evaluators, &problems); err != nil {
			return err
		}
		if !e.Published() {
			if err := checkCommittee(ctx, tx, e, &problems); err != nil {
				return err
			}
		}
		if err := problems.Err(); err != nil {
			return err
		}
		e.Version, e.UpdatedAt = e.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE events SET kind = ?, title = ?, description = ?, category = ?, currency = ?, opens_at = ?, closes_at = ?, sealed = ?,
			two_person = ?, search = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			e.Kind, e.Title, e.Description, e.Category, e.Currency, nullTimeArg(e.OpensAt), e.ClosesAt, e.Sealed, e.TwoPersonOpening, eventSearch(e),
			e.Version, e.UpdatedAt, id, before.Version)
		if err != nil {
			return wrap(err, "update event")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return stale("event")
		}
		if !e.Published() {
			if err := writeEventParts(ctx, tx, e); err != nil {
				return err
			}
		} else if upd.Evaluators != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_evaluators WHERE event_id = ?`, id); err != nil {
				return wrap(err, "evaluators")
			}
			for _, uid := range e.Evaluators {
				if _, err := tx.ExecContext(ctx, `INSERT INTO event_evaluators (event_id, user_id) VALUES (?, ?)`, id, uid); err != nil {
					return wrap(err, "evaluators")
				}
			}
		}
		return tx.audit(ctx, "update", "event", id, &before, e)
	})
	if err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, id)
}
