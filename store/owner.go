package store

import (
	"context"
	"sort"

	"github.com/mutualsrm/mutual"
)

// OwnerService shows and changes who owns which partners.
type OwnerService DB

// ReassignPartners moves partners to another KAM, auditing each move.
func (s *OwnerService) ReassignPartners(ctx context.Context, r mutual.Reassignment) (int, error) {
	if !mutual.CanReassign(mutual.UserFromContext(ctx)) {
		return 0, mutual.Errorf(mutual.EFORBIDDEN, "Only managers and administrators may reassign partners.")
	}
	if err := r.Validate(); err != nil {
		return 0, err
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (int, error) {
		ok, err := assignableUserIDs(ctx, tx)
		if err != nil {
			return 0, err
		}
		if owns, internal := ok[r.ToOwnerID]; !internal {
			return 0, invalid("to_owner_id", "assignee", "The new key account manager must be an active internal user.")
		} else if !owns {
			return 0, invalid("to_owner_id", "writer", "The new key account manager must be able to write: an admin, manager or buyer, not a viewer.")
		}
		var ids []mutual.ID
		if len(r.PartnerIDs) > 0 {
			ids = r.PartnerIDs
		} else {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM partners WHERE owner_id = ? AND `+liveRow+` ORDER BY id`, r.FromOwnerID)
			if err != nil {
				return 0, wrap(err, "reassign")
			}
			for rows.Next() {
				var id mutual.ID
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return 0, err
				}
				ids = append(ids, id)
			}
			rows.Close()
		}
		log, err := tx.beginAudit(ctx)
		if err != nil {
			return 0, err
		}
		defer log.close()
		moved := 0
		for _, id := range ids {
			p, err := findPartnerByID(ctx, tx, id)
			if mutual.ErrorCode(err) == mutual.ENOTFOUND {
				return 0, invalid("partner_ids", "exists", "No partner with ID "+id.String()+".")
			} else if err != nil {
				return 0, err
			}
			if p.OwnerID == r.ToOwnerID || (r.FromOwnerID != 0 && p.OwnerID != r.FromOwnerID) {
				continue
			}
			before := auditPartner(p)
			after := *before
			after.OwnerID, after.Version, after.UpdatedAt = r.ToOwnerID, p.Version+1, tx.now
			if _, err := tx.ExecContext(ctx, `UPDATE partners SET owner_id = ?, version = version + 1, updated_at = ? WHERE id = ?`, r.ToOwnerID, tx.now, id); err != nil {
				return 0, wrap(err, "reassign")
			}
			if err := log.add(ctx, "update", "partner", id, before, &after); err != nil {
				return 0, err
			}
			moved++
		}
		if err := log.finish(ctx); err != nil {
			return 0, err
		}
		return moved, nil
	})
}

// OwnerLoads counts each KAM's partners by segment and our open commitments
// they own, in two grouped queries.
func (s *OwnerService) OwnerLoads(ctx context.Context) ([]*mutual.OwnerLoad, error) {
	if !mutual.UserFromContext(ctx).IsInternal() {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Not available to supplier users.")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.OwnerLoad, error) {
		loads := map[mutual.ID]*mutual.OwnerLoad{}
		get := func(id mutual.ID, name string) *mutual.OwnerLoad {
			l := loads[id]
			if l == nil {
				l = &mutual.OwnerLoad{OwnerID: id, OwnerName: name, BySegment: map[string]int{}}
				loads[id] = l
			}
			return l
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.owner_id, COALESCE(u.name, ''), p.segment, count(*) FROM partners p
			LEFT JOIN users u ON u.id = p.owner_id WHERE p.status <> 'offboarded' AND `+livePartner+` GROUP BY p.owner_id, u.name, p.segment`)
		if err != nil {
			return nil, wrap(err, "owner loads")
		}
		for rows.Next() {
			var id mutual.ID
			var name, segment string
			var n int
			if err := rows.Scan(idCol{&id}, &name, &segment, &n); err != nil {
				rows.Close()
				return nil, err
			}
			l := get(id, name)
			l.Partners += n
			l.BySegment[segment] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = tx.QueryContext(ctx, `SELECT c.owner_user_id, u.name, count(*) FROM commitments c JOIN users u ON u.id = c.owner_user_id
			WHERE c.status = 'open' AND c.side = 'ours' GROUP BY c.owner_user_id, u.name`)
		if err != nil {
			return nil, wrap(err, "owner loads")
		}
		defer rows.Close()
		for rows.Next() {
			var id mutual.ID
			var name string
			var n int
			if err := rows.Scan(&id, &name, &n); err != nil {
				return nil, err
			}
			get(id, name).OpenCommitments = n
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out := make([]*mutual.OwnerLoad, 0, len(loads))
		for _, l := range loads {
			out = append(out, l)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Partners != out[j].Partners {
				return out[i].Partners > out[j].Partners
			}
			return out[i].OwnerName < out[j].OwnerName
		})
		return out, nil
	})
}
