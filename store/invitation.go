package store

import (
	"context"
	"strconv"

	"github.com/mutualsrm/mutual"
)

// InvitationService invites suppliers to sourcing events.
type InvitationService DB

// FindInvitations lists an event's invited partners with whether (not what)
// they bid. Supplier users never see the list.
func (s *InvitationService) FindInvitations(ctx context.Context, eventID mutual.ID) ([]*mutual.Invitation, error) {
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || u.Disabled {
		return nil, notFound("Event")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Invitation, error) {
		if _, err := findEvent(ctx, tx, eventID); err != nil {
			return nil, err
		}
		return findInvitations(ctx, tx, eventID)
	})
}

// FindMyInvitations returns the caller's partner's invitations to the given
// published events with its bid status and outcome. Only supplier users
// have any.
func (s *InvitationService) FindMyInvitations(ctx context.Context, eventIDs []mutual.ID) ([]*mutual.Invitation, error) {
	pid, err := bidder(mutual.UserFromContext(ctx))
	if err != nil || len(eventIDs) == 0 {
		return []*mutual.Invitation{}, nil
	}
	if len(eventIDs) > 500 {
		return nil, invalid("event_ids", "too_many", "At most 500 events at once.")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Invitation, error) {
		args := []any{pid}
		for _, id := range eventIDs {
			args = append(args, id)
		}
		return queryInvitations(ctx, tx, `i.partner_id = ? AND i.event_id IN (`+placeholders(len(eventIDs))+`)
			AND EXISTS (SELECT 1 FROM events e WHERE e.id = i.event_id AND e.status <> ?) ORDER BY i.event_id`, append(args, mutual.EventDraft)...)
	})
}

func findInvitations(ctx context.Context, tx *Tx, eventID mutual.ID) ([]*mutual.Invitation, error) {
	return queryInvitations(ctx, tx, `i.event_id = ? ORDER BY p.sort_key, p.id`, eventID)
}

func queryInvitations(ctx context.Context, tx *Tx, where string, args ...any) ([]*mutual.Invitation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.event_id, i.partner_id, p.name, i.invited_by, i.invited_at, i.outcome, COALESCE(b.status, ?), b.submitted_at
		FROM invitations i JOIN partners p ON p.id = i.partner_id LEFT JOIN bids b ON b.event_id = i.event_id AND b.partner_id = i.partner_id
		WHERE `+where, append([]any{mutual.BidNone}, args...)...)
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
func (s *InvitationService) Invite(ctx context.Context, eventID mutual.ID, partnerIDs []mutual.ID) ([]*mutual.Invitation, error) {
	u := mutual.UserFromContext(ctx)
	return writeTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Invitation, error) {
		e, err := writableEvent(ctx, tx, u, eventID)
		if err != nil {
			return nil, err
		}
		if err := e.CanInvite(); err != nil {
			return nil, err
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
			if e.Status == mutual.EventOpen {
				if err := notifyInvitees(ctx, tx, e, mutual.NotifyInvited, added); err != nil {
					return nil, err
				}
			}
		}
		list, err := findInvitations(ctx, tx, eventID)
		if err != nil {
			return nil, err
		}
		return list, nil
	})
}

// Uninvite withdraws an invitation that has no bid yet, on a draft or open event.
func (s *InvitationService) Uninvite(ctx context.Context, eventID, partnerID mutual.ID) error {
	u := mutual.UserFromContext(ctx)
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		e, err := writableEvent(ctx, tx, u, eventID)
		if err != nil {
			return err
		}
		if err := e.CanUninvite(false); err != nil {
			return err
		}
		var bids int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM bids WHERE event_id = ? AND partner_id = ?`, eventID, partnerID).Scan(&bids); err != nil {
			return wrap(err, "uninvite")
		}
		if err := e.CanUninvite(bids > 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE event_id = ? AND partner_id = ?`, eventID, partnerID)
		if err != nil {
			return wrap(err, "uninvite")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return notFound("Invitation")
		}
		return tx.audit(ctx, "uninvite", "event", eventID, map[string]any{"partner_id": partnerID}, nil)
	})
}

// isInvited reports whether partner was invited to event.
func isInvited(ctx context.Context, tx *Tx, eventID, partnerID mutual.ID) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE event_id = ? AND partner_id = ?`, eventID, partnerID).Scan(&n)
	return n > 0, wrap(err, "invitation")
}
