package store

import (
	"context"

	"github.com/mutualsrm/mutual"
)

func findTeam(ctx context.Context, tx *Tx, partnerID mutual.ID) ([]*mutual.TeamMember, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.user_id, u.name, t.role, t.co_owner FROM partner_team t JOIN users u ON u.id = t.user_id
		WHERE t.partner_id = ? ORDER BY u.name, t.user_id`, partnerID)
	if err != nil {
		return nil, wrap(err, "find team")
	}
	defer rows.Close()
	out := []*mutual.TeamMember{}
	for rows.Next() {
		var m mutual.TeamMember
		if err := rows.Scan(&m.UserID, &m.UserName, &m.Role, &m.CoOwner); err != nil {
			return nil, err
		}
		out = append(out, &m)
	}
	return out, rows.Err()
}

// FindTeam returns a partner's relationship team.
func (s *OwnerService) FindTeam(ctx context.Context, partnerID mutual.ID) ([]*mutual.TeamMember, error) {
	if err := readInteractions(mutual.UserFromContext(ctx), partnerID); err != nil {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.TeamMember, error) {
		if _, err := findPartnerByID(ctx, tx, partnerID); err != nil {
			return nil, err
		}
		return findTeam(ctx, tx, partnerID)
	})
}

// SetTeam replaces a partner's relationship team, auditing before and after.
// Members are active internal users; co-owners share the ownership of the
// relationship, so each must be able to own relationships
// (mutual.User.CanOwnRelationships).
func (s *OwnerService) SetTeam(ctx context.Context, partnerID mutual.ID, members []mutual.TeamMember) ([]*mutual.TeamMember, error) {
	u := mutual.UserFromContext(ctx)
	if err := readInteractions(u, partnerID); err != nil {
		return nil, notFound("Partner")
	}
	if !mutual.CanWritePartners(u) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change relationship teams.")
	}
	if err := mutual.ValidateTeam(members); err != nil {
		return nil, err
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.TeamMember, error) {
		if _, err := findPartnerByID(ctx, tx, partnerID); err != nil {
			return nil, err
		}
		before, err := findTeam(ctx, tx, partnerID)
		if err != nil {
			return nil, err
		}
		active, err := assignableUserIDs(ctx, tx)
		if err != nil {
			return nil, err
		}
		kept, keptOwner := map[mutual.ID]bool{}, map[mutual.ID]bool{}
		for _, m := range before {
			kept[m.UserID], keptOwner[m.UserID] = true, m.CoOwner
		}
		var problems mutual.Problems
		for i, m := range members {
			// Someone who has left, or can no longer write, may stay on the
			// team in the part they had.
			owns, internal := active[m.UserID]
			switch {
			case !internal && !kept[m.UserID]:
				problems.Add("members["+itoa(i)+"].user_id", "assignee", "Team members must be active internal users.")
			case m.CoOwner && !owns && !keptOwner[m.UserID]:
				problems.Add("members["+itoa(i)+"].co_owner", "writer", "A co-owner must be able to write: an admin, manager or buyer, not a viewer.")
			}
		}
		if err := problems.Err(); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM partner_team WHERE partner_id = ?`, partnerID); err != nil {
			return nil, wrap(err, "set team")
		}
		for _, m := range members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO partner_team (partner_id, user_id, role, co_owner) VALUES (?, ?, ?, ?)`, partnerID, m.UserID, m.Role, m.CoOwner); err != nil {
				return nil, wrap(err, "set team")
			}
		}
		after, err := findTeam(ctx, tx, partnerID)
		if err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, "update", "partner_team", partnerID, before, after); err != nil {
			return nil, err
		}
		return after, nil
	})
}
