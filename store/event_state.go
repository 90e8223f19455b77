package store

import (
	"context"
	"strings"

	"github.com/mutualsrm/mutual"
)

// changeEvent runs a buying-side change of an event in one write
// transaction: it loads the event for the caller (recording its close when
// due), lets change check, apply and audit it, commits, and returns the
// event as the caller now sees it.
func (s *EventService) changeEvent(ctx context.Context, id mutual.ID, change func(tx *Tx, u *mutual.User, e *mutual.Event) error) (*mutual.Event, error) {
	u := mutual.UserFromContext(ctx)
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		e, err := writableEvent(ctx, tx, u, id)
		if err != nil {
			return err
		}
		return change(tx, u, e)
	})
	if err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, id)
}

// setStatus records a state change the domain made to e in tx (before is
// the event as loaded), guarded by the state and version it leaves, and
// audits it.
func setStatus(ctx context.Context, tx *Tx, before, e *mutual.Event, action string, sets string, args ...any) error {
	e.Version, e.UpdatedAt = before.Version+1, tx.now
	res, err := tx.ExecContext(ctx, `UPDATE events SET `+sets+`, version = ?, updated_at = ? WHERE id = ? AND status = ? AND version = ?`,
		append(args, e.Version, e.UpdatedAt, e.ID, before.Status, before.Version)...)
	if err != nil {
		return wrap(err, action+" event")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return mutual.Errorf(mutual.ECONFLICT, "The event changed meanwhile; reload it.")
	}
	return tx.audit(ctx, action, "event", e.ID, eventState(before), eventState(e))
}

// eventState is what the audit log keeps of a state change.
func eventState(e *mutual.Event) map[string]any {
	return map[string]any{"status": e.Status, "closes_at": e.ClosesAt, "unsealed_at": e.UnsealedAt, "openers": e.Openers,
		"committee": e.Committee, "cancel_reason": e.CancelReason, "version": e.Version}
}

// PublishEvent opens a draft to its invited suppliers and notifies them.
func (s *EventService) PublishEvent(ctx context.Context, id mutual.ID, version int) (*mutual.Event, error) {
	return s.changeEvent(ctx, id, func(tx *Tx, u *mutual.User, e *mutual.Event) error {
		if err := e.CanPublish(); err != nil {
			return err
		}
		if version != 0 && version != e.Version {
			return stale("event")
		}
		if err := validateForPublish(ctx, tx, e); err != nil {
			return err
		}
		before := *e
		if err := e.Publish(tx.now); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, &before, e, "publish", `status = ?, opens_at = ?, published_at = ?`, e.Status, e.OpensAt, e.PublishedAt); err != nil {
			return err
		}
		return notifyInvitees(ctx, tx, e, mutual.NotifyInvited, nil)
	})
}

// CloseEvent closes an open event now, before its closing time.
func (s *EventService) CloseEvent(ctx context.Context, id mutual.ID, version int) (*mutual.Event, error) {
	return s.changeEvent(ctx, id, func(tx *Tx, u *mutual.User, e *mutual.Event) error {
		if err := e.CanClose(); err != nil {
			return err
		}
		if version != 0 && version != e.Version {
			return stale("event")
		}
		before := *e
		if err := e.Close(tx.now); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, &before, e, "close", `status = ?, closed_at = ?, closes_at = ?`, e.Status, e.ClosedAt, e.ClosesAt); err != nil {
			return err
		}
		return notifyInvitees(ctx, tx, e, mutual.NotifyClosed, nil)
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
	if e.StatusAt(tx.now) == e.Status {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE events SET status = ?, closed_at = closes_at, version = version + 1, updated_at = ?
		WHERE id = ? AND status = ? AND closes_at <= ?`, mutual.EventClosed, tx.now, e.ID, mutual.EventOpen, tx.now)
	if err != nil {
		return false, wrap(err, "close event")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	before := *e
	e.CloseDue(tx.now)
	e.Version, e.UpdatedAt = e.Version+1, tx.now
	if err := tx.audit(ctx, "close", "event", e.ID, eventState(&before), eventState(e)); err != nil {
		return false, err
	}
	return true, notifyInvitees(ctx, tx, e, mutual.NotifyClosed, nil)
}

// CloseDueEvents closes the open events whose closing time has passed.
func (s *EventService) CloseDueEvents(ctx context.Context) (int, error) {
	db := (*DB)(s)
	closed := 0
	for {
		var ids []mutual.ID
		n := 0
		err := db.write(ctx, func(tx *Tx) error {
			var err error
			ids, err = queryIDs(ctx, tx, `SELECT id FROM events WHERE status = ? AND closes_at <= ? ORDER BY closes_at, id LIMIT 100`, mutual.EventOpen, tx.now)
			if err != nil {
				return err
			}
			for _, id := range ids {
				e, err := findEvent(ctx, tx, id)
				var did bool
				if err == nil {
					did, err = closeDue(ctx, tx, e)
				}
				if err != nil {
					return err
				}
				if did {
					n++
				}
			}
			return nil
		})
		if err != nil {
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
		if err := e.CanCancel(); err != nil {
			return err
		}
		if version != 0 && version != e.Version {
			return stale("event")
		}
		if err := p.Err(); err != nil {
			return err
		}
		before, wasPublished := *e, e.Published()
		if err := e.Cancel(tx.now, reason); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, &before, e, "cancel", `status = ?, cancelled_at = ?, cancel_reason = ?`, e.Status, e.CancelledAt, e.CancelReason); err != nil {
			return err
		}
		if wasPublished {
			if err := notifyInvitees(ctx, tx, e, mutual.NotifyCancelled, nil); err != nil {
				return err
			}
		}
		return nil
	})
}
