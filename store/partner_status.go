package store

import (
	"context"
	"strings"

	"github.com/mutualsrm/mutual"
)

// statusAudit is what the audit log keeps of a status move: the status
// before and after, the partner's version, and the reason given.
type statusAudit struct {
	Status  string `json:"status"`
	Version int    `json:"version"`
	Reason  string `json:"reason,omitempty"`
}

// ChangePartnerStatus moves a partner along its life cycle: it loads the
// partner, lets the domain decide, writes the new status with a guarded
// update, records the move in partner_status_changes and audits it, in one
// transaction. Those who may write partners move them.
func (s *PartnerService) ChangePartnerStatus(ctx context.Context, id mutual.ID, m mutual.StatusMove) (*mutual.Partner, error) {
	u := mutual.UserFromContext(ctx)
	if !mutual.CanReadPartner(u, id) {
		return nil, notFound("Partner")
	}
	if !mutual.CanWritePartners(u) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change the status of partners.")
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Partner, error) {
		p, err := findPartnerByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if m.Version != 0 && m.Version != p.Version {
			return nil, stale("partner")
		}
		from := p.Status
		if err := p.MoveTo(m.Status, m.Reason, tx.now); err != nil {
			return nil, err
		}
		reason := strings.TrimSpace(m.Reason)
		res, err := tx.ExecContext(ctx, `UPDATE partners SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND status = ?`,
			p.Status, p.UpdatedAt, id, p.Version, from)
		if err != nil {
			return nil, wrap(err, "change partner status")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("partner")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO partner_status_changes (partner_id, from_status, to_status, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, from, p.Status, reason, u.ID, tx.now); err != nil {
			return nil, wrap(err, "record status change")
		}
		if err := tx.audit(ctx, "status_change", "partner", id,
			statusAudit{Status: from, Version: p.Version}, statusAudit{Status: p.Status, Version: p.Version + 1, Reason: reason}); err != nil {
			return nil, err
		}
		return findPartnerWithContacts(ctx, tx, id)
	})
}

// FindStatusChanges returns the recorded moves of a partner, newest first.
// The buying side reads them; to supplier users they do not exist.
func (s *PartnerService) FindStatusChanges(ctx context.Context, id mutual.ID) ([]*mutual.StatusChange, error) {
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || !mutual.CanReadPartner(u, id) {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.StatusChange, error) {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM partners WHERE id = ?`, id).Scan(&exists); err != nil {
			return nil, wrap(err, "find partner")
		} else if exists == 0 {
			return nil, notFound("Partner")
		}
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.partner_id, c.from_status, c.to_status, c.reason, c.changed_by, u.name, c.changed_at
			FROM partner_status_changes c LEFT JOIN users u ON u.id = c.changed_by
			WHERE c.partner_id = ? ORDER BY c.changed_at DESC, c.id DESC`, id)
		if err != nil {
			return nil, wrap(err, "find status changes")
		}
		defer rows.Close()
		out := []*mutual.StatusChange{}
		for rows.Next() {
			var c mutual.StatusChange
			var name *string
			if err := rows.Scan(&c.ID, &c.PartnerID, &c.From, &c.To, &c.Reason, idCol{&c.ChangedBy}, &name, timeCol{&c.ChangedAt}); err != nil {
				return nil, wrap(err, "scan status change")
			}
			if name != nil {
				c.ChangedByName = *name
			}
			out = append(out, &c)
		}
		return out, rows.Err()
	})
}

// sourcingRule is the field rule of a refusal of Partner.CanSource:
// "supplier" for a partner that is not one, "status" for its life cycle.
func sourcingRule(err error) string {
	if mutual.ErrorReason(err) == mutual.ReasonPartnerNotSupplier {
		return "supplier"
	}
	return "status"
}
