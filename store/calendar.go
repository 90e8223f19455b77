package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mutualsrm/mutual"
)

// CalendarService serves private calendar feeds.
type CalendarService DB

// NewCalendarToken creates or replaces the caller's feed secret.
func (s *CalendarService) NewCalendarToken(ctx context.Context) (string, error) {
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || u.ID == 0 {
		return "", mutual.Errorf(mutual.EFORBIDDEN, "Calendar feeds are for internal users.")
	}
	secret, hash, err := newSecret()
	if err != nil {
		return "", err
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (string, error) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_tokens WHERE user_id = ?`, u.ID); err != nil {
			return "", wrap(err, "calendar token")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_tokens (user_id, secret_hash, created_at) VALUES (?, ?, ?)`, u.ID, hash, tx.now); err != nil {
			return "", wrap(err, "calendar token")
		}
		if err := tx.audit(ctx, "create", "calendar_token", u.ID, nil, map[string]any{"user_id": u.ID}); err != nil {
			return "", err
		}
		return secret, nil
	})
}

// RevokeCalendarToken ends the caller's feed.
func (s *CalendarService) RevokeCalendarToken(ctx context.Context) error {
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM calendar_tokens WHERE user_id = ?`, u.ID)
		if err != nil {
			return wrap(err, "calendar token")
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := tx.audit(ctx, "delete", "calendar_token", u.ID, map[string]any{"user_id": u.ID}, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// HasCalendarToken reports whether the caller has a live feed.
func (s *CalendarService) HasCalendarToken(ctx context.Context) (bool, error) {
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return false, mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM calendar_tokens WHERE user_id = ?`, u.ID).Scan(&n)
		return n > 0, wrap(err, "calendar token")
	})
}

// CalendarFeed returns the feed of the user holding secret: interactions
// they attend or logged from thirty days ago on, the open commitments they
// own, and the touches due on the partners they are KAM of.
func (s *CalendarService) CalendarFeed(ctx context.Context, secret string) (*mutual.Calendar, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Calendar, error) {
		var uid mutual.ID
		err := tx.QueryRowContext(ctx, `SELECT t.user_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.secret_hash = ? AND u.disabled = ?`, secretHash(secret), false).Scan(&uid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, mutual.Errorf(mutual.EUNAUTHORIZED, "This calendar link is not valid any more.")
		} else if err != nil {
			return nil, wrap(err, "calendar feed")
		}
		u, err := findUserByID(ctx, tx, uid)
		if err != nil {
			return nil, err
		}
		cal := &mutual.Calendar{Name: "Mutual — " + u.Name}
		since := tx.now.Add(-30 * 24 * time.Hour)
		rows, err := tx.QueryContext(ctx, `SELECT i.id, i.partner_id, p.name, i.kind, i.subject, i.location, i.notes, i.status, i.occurred_at, i.ends_at, i.updated_at
			FROM interactions i JOIN partners p ON p.id = i.partner_id
			WHERE i.occurred_at >= ? AND (i.created_by = ? OR i.id IN (SELECT interaction_id FROM interaction_users WHERE user_id = ?))
			ORDER BY i.occurred_at LIMIT 2000`, since, uid, uid)
		if err != nil {
			return nil, wrap(err, "calendar feed")
		}
		for rows.Next() {
			var in mutual.Interaction
			var pname, status string
			var end time.Time
			if err := rows.Scan(&in.ID, &in.PartnerID, &pname, &in.Kind, &in.Subject, &in.Location, &in.Notes, &status, timeCol{&in.OccurredAt}, timeCol{&end}, timeCol{&in.UpdatedAt}); err != nil {
				rows.Close()
				return nil, err
			}
			in.Status = status
			if !end.IsZero() {
				in.EndsAt = &end
			}
			cal.Events = append(cal.Events, mutual.InteractionEvent(&in, pname))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		commitments, err := queryCommitments(ctx, tx, `WHERE c.owner_user_id = ? AND c.status = 'open' ORDER BY c.due_on LIMIT 2000`, uid)
		if err != nil {
			return nil, err
		}
		for _, c := range commitments {
			cal.Events = append(cal.Events, mutual.CalendarEvent{
				UID: fmt.Sprintf("commitment-%d@mutual", c.ID), Summary: "Due: " + c.Title + " — " + c.PartnerName, Description: c.Notes,
				URL: fmt.Sprintf("/partners/%d", c.PartnerID), Day: c.DueOn, Updated: c.UpdatedAt,
			})
		}
		rows, err = tx.QueryContext(ctx, `SELECT p.id, p.name, p.due_any_on, p.due_visit_on, p.due_executive_on FROM partners p
			WHERE p.owner_id = ? AND p.status IN ('onboarding', 'active') AND `+livePartner+` ORDER BY p.id LIMIT 2000`, uid)
		if err != nil {
			return nil, wrap(err, "calendar feed")
		}
		defer rows.Close()
		labels := map[string]string{mutual.TouchAny: "Contact due", mutual.TouchVisit: "Visit due", mutual.TouchExecutive: "Executive meeting due"}
		for rows.Next() {
			var pid mutual.ID
			var name string
			var due [3]sql.NullString
			if err := rows.Scan(&pid, &name, &due[0], &due[1], &due[2]); err != nil {
				return nil, err
			}
			for i, kind := range mutual.TouchKinds {
				if d, ok := mutual.ParseDate(due[i].String); ok {
					cal.Events = append(cal.Events, mutual.CalendarEvent{
						UID: fmt.Sprintf("touch-%d-%s@mutual", pid, kind), Summary: labels[kind] + ": " + name,
						URL: fmt.Sprintf("/partners/%d", pid), Day: d,
					})
				}
			}
		}
		return cal, rows.Err()
	})
}
