package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// CommitmentService tracks commitments.
type CommitmentService DB

const commitmentSelect = `SELECT c.id, c.partner_id, c.title, c.side, c.owner_user_id, c.owner_contact_id, c.due_on, c.status, c.done_on,
	c.interaction_id, c.source, c.notes, c.version, c.created_at, c.updated_at, COALESCE(ou.name, oc.name, ''), p.name
	FROM commitments c JOIN partners p ON p.id = c.partner_id
	LEFT JOIN users ou ON ou.id = c.owner_user_id LEFT JOIN contacts oc ON oc.id = c.owner_contact_id `

func scanCommitment(row interface{ Scan(...any) error }) (*mutual.Commitment, error) {
	var c mutual.Commitment
	var due string
	var done sql.NullString
	if err := row.Scan(&c.ID, &c.PartnerID, &c.Title, &c.Side, idCol{&c.OwnerUserID}, idCol{&c.OwnerContactID}, &due, &c.Status, &done,
		idCol{&c.InteractionID}, &c.Source, &c.Notes, &c.Version, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}, &c.OwnerName, &c.PartnerName); err != nil {
		return nil, err
	}
	c.DueOn, _ = mutual.ParseDate(due)
	if done.Valid {
		c.DoneOn, _ = mutual.ParseDate(done.String)
	}
	return &c, nil
}

// queryCommitments runs commitmentSelect with a WHERE ... ORDER BY tail.
// Open commitments whose due day has ended read as missed: the job that
// records it may not have run yet, and the answer does not wait for it.
func queryCommitments(ctx context.Context, tx *Tx, tail string, args ...any) ([]*mutual.Commitment, error) {
	list, err := queryCommitmentsRaw(ctx, tx, tail, args...)
	today := tx.db.today(tx)
	for _, c := range list {
		if c.Status == "open" && c.DueOn.Before(today) {
			c.Status = string(mutual.CommitmentMissed)
		}
	}
	if list == nil && err == nil {
		list = []*mutual.Commitment{}
	}
	return list, err
}

func dateArg(d mutual.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func insertCommitment(ctx context.Context, tx *Tx, c *mutual.Commitment) error {
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	err := tx.QueryRowContext(ctx, `INSERT INTO commitments (partner_id, title, side, owner_user_id, owner_contact_id, due_on, status, done_on,
		interaction_id, source, notes, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.PartnerID, c.Title, c.Side, c.OwnerUserID, c.OwnerContactID, c.DueOn.String(), c.Status, dateArg(c.DoneOn),
		c.InteractionID, c.Source, c.Notes, c.Version, c.CreatedAt, c.UpdatedAt).Scan(&c.ID)
	return wrap(err, "create commitment")
}

// checkCommitment validates c with the rules that need the database: the
// owner is an internal user (ours) or a contact of the partner (theirs). An
// owner that was valid when assigned stays valid (before is the commitment
// as stored, nil for a new one), so a commitment of someone who has since
// left can still be marked done.
func checkCommitment(ctx context.Context, tx *Tx, c, before *mutual.Commitment, prefix string, problems *mutual.Problems) error {
	for _, f := range mutual.ErrorFields(c.Validate()) {
		problems.Add(prefix+f.Field, f.Rule, f.Message)
	}
	if c.Status == "done" && c.DoneOn.IsZero() {
		c.DoneOn = tx.db.today(tx)
	}
	if c.OwnerUserID != 0 && (before == nil || before.OwnerUserID != c.OwnerUserID) {
		ok, err := internalUserIDs(ctx, tx)
		if err != nil {
			return err
		}
		if !ok[c.OwnerUserID] {
			problems.Add(prefix+"owner_user_id", "assignee", "The owner must be an active internal user.")
		}
	}
	if c.OwnerContactID != 0 && (before == nil || before.OwnerContactID != c.OwnerContactID) {
		contacts, err := partnerContactIDs(ctx, tx, c.PartnerID)
		if err != nil {
			return err
		}
		if !contacts[c.OwnerContactID] {
			problems.Add(prefix+"owner_contact_id", "attendee", "The owner must be a contact of this partner.")
		}
	}
	return nil
}

// FindCommitmentByID returns a commitment the caller may see.
func (s *CommitmentService) FindCommitmentByID(ctx context.Context, id mutual.ID) (*mutual.Commitment, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Commitment, error) {
		c, err := findCommitmentByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		u := mutual.UserFromContext(ctx)
		if !mutual.CanReadPartner(u, c.PartnerID) {
			return nil, notFound("Commitment")
		}
		c.HideInternal(u)
		return c, nil
	})
}

func findCommitmentByID(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Commitment, error) {
	list, err := queryCommitments(ctx, tx, `WHERE c.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("Commitment")
	}
	return list[0], nil
}

// FindCommitments returns a page of commitments by due date. A supplier user
// sees only its own partner's.
func (s *CommitmentService) FindCommitments(ctx context.Context, f mutual.CommitmentFilter) ([]*mutual.Commitment, string, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return nil, "", mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	var p mutual.Problems
	if f.Side != "" && !oneOf(f.Side, mutual.CommitmentSides) {
		p.Add("side", "enum", "Side must be ours or theirs.")
	}
	if f.Status != "" && !oneOf(f.Status, mutual.CommitmentStatuses) {
		p.Add("status", "enum", "Status must be open, done, missed or cancelled.")
	}
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	if f.PartnerID != 0 && !mutual.CanReadPartner(u, f.PartnerID) {
		return nil, "", notFound("Partner")
	}
	limit := mutual.ClampLimit(f.Limit)
	return readPage(ctx, db, func(tx *Tx) ([]*mutual.Commitment, string, error) {
		if f.PartnerID != 0 {
			if _, err := findPartnerByID(ctx, tx, f.PartnerID); err != nil {
				return nil, "", err
			}
		}
		today := db.today(tx).String()
		where, args := []string{"1 = 1"}, []any{}
		if u.Role == mutual.RoleSupplier {
			where, args = append(where, "c.partner_id = ?"), append(args, u.PartnerID)
		}
		if f.PartnerID != 0 {
			where, args = append(where, "c.partner_id = ?"), append(args, f.PartnerID)
		}
		if f.Side != "" {
			where, args = append(where, "c.side = ?"), append(args, f.Side)
		}
		if f.OwnerUserID != 0 {
			where, args = append(where, "c.owner_user_id = ?"), append(args, f.OwnerUserID)
		}
		switch f.Status {
		case "open":
			where, args = append(where, "c.status = 'open' AND c.due_on >= ?"), append(args, today)
		case "missed":
			where, args = append(where, "(c.status = 'missed' OR (c.status = 'open' AND c.due_on < ?))"), append(args, today)
		case "done", "cancelled":
			where, args = append(where, "c.status = ?"), append(args, f.Status)
		}
		if !f.DueBefore.IsZero() {
			where, args = append(where, "c.due_on <= ?"), append(args, f.DueBefore.String())
		}
		if f.Cursor != "" {
			due, id, ok := strings.Cut(f.Cursor, "_")
			n, err := strconv.ParseInt(id, 10, 64)
			if _, valid := mutual.ParseDate(due); !ok || err != nil || !valid {
				return nil, "", badCursor()
			}
			where, args = append(where, "(c.due_on, c.id) > (?, ?)"), append(args, due, n)
		}
		list, err := queryCommitments(ctx, tx, `WHERE `+strings.Join(where, " AND ")+` ORDER BY c.due_on, c.id LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return nil, "", err
		}
		list, next := nextPage(list, limit, func(c *mutual.Commitment) string { return c.DueOn.String() + "_" + c.ID.String() })
		for _, c := range list {
			c.HideInternal(u)
		}
		return list, next, nil
	})
}

// CreateCommitment stores a commitment on a partner.
func (s *CommitmentService) CreateCommitment(ctx context.Context, c *mutual.Commitment) error {
	u := mutual.UserFromContext(ctx)
	if !mutual.CanReadPartner(u, c.PartnerID) {
		return notFound("Partner")
	}
	if !mutual.CanWritePartners(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not add commitments.")
	}
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		if _, err := findPartnerByID(ctx, tx, c.PartnerID); err != nil {
			return err
		}
		if c.InteractionID != 0 {
			in, err := findInteractionByID(ctx, tx, c.InteractionID)
			if err != nil || in.PartnerID != c.PartnerID {
				return invalid("interaction_id", "exists", "No such interaction on this partner.")
			}
			c.Source = "interaction"
		} else if c.Source == "interaction" {
			return invalid("interaction_id", "required", "Name the interaction this commitment came from.")
		}
		var problems mutual.Problems
		if err := checkCommitment(ctx, tx, c, nil, "", &problems); err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		if err := insertCommitment(ctx, tx, c); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "commitment", c.ID, nil, c)
	})
	if err != nil {
		return err
	}
	if got, err := s.FindCommitmentByID(ctx, c.ID); err == nil {
		*c = *got
	}
	return nil
}

// UpdateCommitment changes a commitment. A supplier user may only mark its
// own side's commitments done.
func (s *CommitmentService) UpdateCommitment(ctx context.Context, id mutual.ID, upd mutual.CommitmentUpdate) (*mutual.Commitment, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	err := db.write(ctx, func(tx *Tx) error {
		c, err := findCommitmentByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mutual.CanReadPartner(u, c.PartnerID) {
			return notFound("Commitment")
		}
		if !mutual.CanWritePartners(u) {
			onlyDone := upd.Status != nil && *upd.Status == "done" && upd.Title == nil && upd.OwnerUserID == nil &&
				upd.OwnerContactID == nil && upd.DueOn == nil && upd.Notes == nil
			if u == nil || u.Role != mutual.RoleSupplier || c.Side != "theirs" || !onlyDone {
				return mutual.Errorf(mutual.EFORBIDDEN, "You may only mark your own side's commitments done.")
			}
		}
		if upd.Version != 0 && upd.Version != c.Version {
			return stale("commitment")
		}
		before := *c
		set(&c.Title, upd.Title)
		set(&c.OwnerUserID, upd.OwnerUserID)
		set(&c.OwnerContactID, upd.OwnerContactID)
		set(&c.DueOn, upd.DueOn)
		set(&c.Notes, upd.Notes)
		if upd.Status != nil && *upd.Status != before.Status {
			c.Status = *upd.Status
			c.DoneOn = mutual.Date{}
			if c.Status == "done" {
				c.DoneOn = db.today(tx)
			}
		}
		var problems mutual.Problems
		if err := checkCommitment(ctx, tx, c, &before, "", &problems); err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		c.Version, c.UpdatedAt = c.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE commitments SET title = ?, owner_user_id = ?, owner_contact_id = ?, due_on = ?, status = ?, done_on = ?,
			notes = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			c.Title, c.OwnerUserID, c.OwnerContactID, c.DueOn.String(), c.Status, dateArg(c.DoneOn), c.Notes, c.Version, c.UpdatedAt, id, before.Version)
		if err != nil {
			return wrap(err, "update commitment")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return stale("commitment")
		}
		return tx.audit(ctx, "update", "commitment", id, before, c)
	})
	if err != nil {
		return nil, err
	}
	return s.FindCommitmentByID(ctx, id)
}

// FollowThrough counts, per side, commitments kept on time over those that
// fell due in the twelve months before today, in one query.
func (s *CommitmentService) FollowThrough(ctx context.Context, partnerID mutual.ID) ([]mutual.FollowThrough, error) {
	if !mutual.CanReadPartner(mutual.UserFromContext(ctx), partnerID) {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]mutual.FollowThrough, error) {
		return followThrough(ctx, tx, partnerID)
	})
}

func followThrough(ctx context.Context, tx *Tx, partnerID mutual.ID) ([]mutual.FollowThrough, error) {
	by, err := followThroughs(ctx, tx, []mutual.ID{partnerID})
	return by[partnerID], err
}

// followThroughs counts follow-through for each of the partners in one
// query, over the same twelve months; every partner gets both sides, with
// nothing due when it has no commitments.
func followThroughs(ctx context.Context, tx *Tx, ids []mutual.ID) (map[mutual.ID][]mutual.FollowThrough, error) {
	if len(ids) == 0 {
		return map[mutual.ID][]mutual.FollowThrough{}, nil
	}
	today := tx.db.today(tx)
	args := idArgs(ids)
	args = append(args, today.AddDays(-mutual.FollowThroughDays).String(), today.String())
	rows, err := tx.QueryContext(ctx, `SELECT partner_id, side,
		sum(CASE WHEN status = 'done' AND done_on <= due_on THEN 1 ELSE 0 END), count(*)
		FROM commitments WHERE partner_id IN (`+placeholders(len(ids))+`) AND status <> 'cancelled' AND due_on >= ? AND due_on < ?
		GROUP BY partner_id, side`, args...)
	if err != nil {
		return nil, wrap(err, "follow-through")
	}
	defer rows.Close()
	counts := map[mutual.ID]map[string][2]int{}
	for rows.Next() {
		var id mutual.ID
		var side string
		var kept, due int
		if err := rows.Scan(&id, &side, &kept, &due); err != nil {
			return nil, err
		}
		if counts[id] == nil {
			counts[id] = map[string][2]int{}
		}
		counts[id][side] = [2]int{kept, due}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[mutual.ID][]mutual.FollowThrough, len(ids))
	for _, id := range ids {
		fts := make([]mutual.FollowThrough, 0, len(mutual.CommitmentSides))
		for _, side := range mutual.CommitmentSides {
			fts = append(fts, mutual.NewFollowThrough(side, counts[id][side][0], counts[id][side][1]))
		}
		out[id] = fts
	}
	return out, nil
}

// MarkMissed records as missed every open commitment whose due day has
// ended in the company's time zone, each with an audit record. It works in
// transactions of at most missedBatch commitments, so that a backlog (after
// an import, or a server that was down) neither holds the write lock long
// nor takes much memory.
func (s *CommitmentService) MarkMissed(ctx context.Context) (int, error) {
	total := 0
	for {
		n, more, err := s.markMissedBatch(ctx)
		total += n
		if err != nil || !more {
			if total > missedBatch {
				(*DB)(s).endBulk(ctx)
			}
			return total, err
		}
	}
}

const missedBatch = 1000

func (s *CommitmentService) markMissedBatch(ctx context.Context) (int, bool, error) {
	db := (*DB)(s)
	n, more := 0, false // marked, and whether more may be due
	err := db.write(ctx, func(tx *Tx) error {
		list, err := queryCommitmentsRaw(ctx, tx, `WHERE c.status = 'open' AND c.due_on < ? ORDER BY c.id LIMIT ?`, db.today(tx).String(), missedBatch)
		if err != nil || len(list) == 0 {
			return err
		}
		log, err := tx.beginAudit(mutual.NewContextWithUser(ctx, mutual.SystemUser))
		if err != nil {
			return err
		}
		defer log.close()
		for _, c := range list {
			after := *c
			after.Status, after.Version, after.UpdatedAt = string(mutual.CommitmentMissed), c.Version+1, tx.now
			// Another process may have marked it since the list was read.
			res, err := tx.ExecContext(ctx, `UPDATE commitments SET status = 'missed', version = version + 1, updated_at = ? WHERE id = ? AND status = 'open'`, tx.now, c.ID)
			if err != nil {
				return wrap(err, "mark missed")
			}
			if k, _ := res.RowsAffected(); k != 1 {
				continue
			}
			if err := log.add(ctx, "update", "commitment", c.ID, c, after); err != nil {
				return err
			}
			n++
		}
		if err := log.finish(ctx); err != nil {
			return err
		}
		more = len(list) == missedBatch
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return n, more, nil
}

// queryCommitmentsRaw is queryCommitments without the missed-on-read view.
func queryCommitmentsRaw(ctx context.Context, tx *Tx, tail string, args ...any) ([]*mutual.Commitment, error) {
	rows, err := tx.QueryContext(ctx, commitmentSelect+tail, args...)
	if err != nil {
		return nil, wrap(err, "find commitments")
	}
	defer rows.Close()
	var out []*mutual.Commitment
	for rows.Next() {
		c, err := scanCommitment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
