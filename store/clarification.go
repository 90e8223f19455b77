package store

import (
	"context"
	"strings"

	"github.com/mutualsrm/mutual"
)

// ClarificationService publishes clarifications of open events.
type ClarificationService DB

// FindClarifications lists an event's clarifications, oldest first.
func (s *ClarificationService) FindClarifications(ctx context.Context, eventID mutual.ID) ([]*mutual.Clarification, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Clarification, error) {
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
	})
}

// AddClarification publishes a notice to every invitee of an open event.
func (s *ClarificationService) AddClarification(ctx context.Context, c *mutual.Clarification) error {
	u := mutual.UserFromContext(ctx)
	c.Text = strings.TrimSpace(c.Text)
	var p mutual.Problems
	if c.Text == "" {
		p.Add("text", "required", "Write the clarification.")
	} else {
		mutual.CheckText(&p, "text", c.Text, 10000, true)
	}
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		e, err := writableEvent(ctx, tx, u, c.EventID)
		if err != nil {
			return err
		}
		if err := e.CanClarify(); err != nil {
			return err
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
		return notifyInvitees(ctx, tx, e, mutual.NotifyClarification, nil)
	})
}
