package store

import (
	"context"

	"github.com/mutualsrm/mutual"
)

// NotificationService reads and marks the caller's notifications.
type NotificationService DB

// FindNotifications returns the caller's newest notifications.
func (s *NotificationService) FindNotifications(ctx context.Context, f mutual.NotificationFilter) ([]*mutual.Notification, string, error) {
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
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Notification, string, error) {
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
	})
}

// MarkNotificationsRead marks read the caller's notification upTo and
// those before it, in the order FindNotifications lists them; an upTo
// that is not one of the caller's marks nothing.
func (s *NotificationService) MarkNotificationsRead(ctx context.Context, upTo mutual.ID) error {
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled || u.ID == 0 {
		return mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		// IDs are random (publicid.go): "before" is by time, then ID.
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND EXISTS (
			SELECT 1 FROM notifications upto WHERE upto.id = ? AND upto.user_id = notifications.user_id
			AND (notifications.created_at < upto.created_at OR (notifications.created_at = upto.created_at AND notifications.id <= upto.id)))`,
			tx.now, u.ID, upTo); err != nil {
			return wrap(err, "mark read")
		}
		return nil
	})
}

// notifyInvitees notifies the active supplier users of the invited
// partners (or of partners, when given) about the event.
func notifyInvitees(ctx context.Context, tx *Tx, e *mutual.Event, kind mutual.NotificationKind, partners []mutual.ID) error {
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
func notify(ctx context.Context, tx *Tx, users []mutual.ID, kind mutual.NotificationKind, eventID mutual.ID, subject, link string) error {
	for _, id := range users {
		if _, err := tx.insertPublic(ctx, `INSERT INTO notifications (id, user_id, kind, event_id, subject, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, kind, eventID, subject, link, tx.now); err != nil {
			return wrap(err, "notify")
		}
	}
	return nil
}
