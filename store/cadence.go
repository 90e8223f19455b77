package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// CadenceService reads and edits contact cadences.
type CadenceService DB

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func scanCadence(row interface{ Scan(...any) error }) (*mutual.CadencePolicy, error) {
	var p mutual.CadencePolicy
	var anyD, visit, exec sql.NullInt64
	if err := row.Scan(&p.Segment, &anyD, &visit, &exec, &p.Version, timeCol{&p.UpdatedAt}); err != nil {
		return nil, err
	}
	p.AnyDays, p.VisitDays, p.ExecutiveDays = intPtr(anyD), intPtr(visit), intPtr(exec)
	return &p, nil
}

const cadenceColumns = `segment, any_days, visit_days, executive_days, version, updated_at`

// FindCadences returns the policy of every segment, in segment order.
func (s *CadenceService) FindCadences(ctx context.Context) ([]*mutual.CadencePolicy, error) {
	if !mutual.UserFromContext(ctx).IsInternal() {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Not available to supplier users.")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.CadencePolicy, error) {
		return findCadences(ctx, tx)
	})
}

func findCadences(ctx context.Context, tx *Tx) ([]*mutual.CadencePolicy, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+cadenceColumns+` FROM cadence_policies`)
	if err != nil {
		return nil, wrap(err, "find cadences")
	}
	defer rows.Close()
	by := map[string]*mutual.CadencePolicy{}
	for rows.Next() {
		p, err := scanCadence(rows)
		if err != nil {
			return nil, err
		}
		by[p.Segment] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*mutual.CadencePolicy, 0, len(mutual.Segments))
	for _, seg := range mutual.Segments {
		if p := by[seg]; p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// UpdateCadence replaces a segment's cadence. Admins only.
func (s *CadenceService) UpdateCadence(ctx context.Context, segment string, c mutual.Cadence, version int) (*mutual.CadencePolicy, error) {
	if !mutual.CanManageUsers(mutual.UserFromContext(ctx)) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may change cadence policies.")
	}
	if !oneOf(segment, mutual.Segments) {
		return nil, notFound("Segment")
	}
	var p mutual.Problems
	c.Validate("", &p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.CadencePolicy, error) {
		before, err := scanCadence(tx.QueryRowContext(ctx, `SELECT `+cadenceColumns+` FROM cadence_policies WHERE segment = ?`, segment))
		if err != nil {
			return nil, wrap(err, "find cadence")
		}
		if version != 0 && version != before.Version {
			return nil, stale("cadence")
		}
		after := &mutual.CadencePolicy{Segment: segment, Cadence: c, Version: before.Version + 1, UpdatedAt: tx.now}
		res, err := tx.ExecContext(ctx, `UPDATE cadence_policies SET any_days = ?, visit_days = ?, executive_days = ?, version = ?, updated_at = ? WHERE segment = ? AND version = ?`,
			nullInt(c.AnyDays), nullInt(c.VisitDays), nullInt(c.ExecutiveDays), after.Version, after.UpdatedAt, segment, before.Version)
		if err != nil {
			return nil, wrap(err, "update cadence")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("cadence")
		}
		if err := refreshDue(ctx, tx, `segment = ? AND cadence_override = ?`, segment, false); err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, "update", "cadence", 0, before, after); err != nil {
			return nil, err
		}
		return after, nil
	})
}

// PartnerCadence returns a partner's cadence, touches and follow-through.
func (s *CadenceService) PartnerCadence(ctx context.Context, partnerID mutual.ID) (*mutual.PartnerCadence, error) {
	if err := readInteractions(mutual.UserFromContext(ctx), partnerID); err != nil {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.PartnerCadence, error) {
		return partnerCadence(ctx, tx, partnerID)
	})
}

func partnerCadence(ctx context.Context, tx *Tx, partnerID mutual.ID) (*mutual.PartnerCadence, error) {
	by, err := partnerCadences(ctx, tx, []mutual.ID{partnerID})
	if err != nil {
		return nil, err
	}
	pc := by[partnerID]
	if pc == nil {
		return nil, notFound("Partner")
	}
	if pc.FollowThrough, err = followThrough(ctx, tx, partnerID); err != nil {
		return nil, err
	}
	return pc, nil
}

// partnerCadences reads the cadence in force and the status of each
// required touch, as of today in the company's zone, for each of the
// partners found among ids, in one query. Follow-through is left out.
func partnerCadences(ctx context.Context, tx *Tx, ids []mutual.ID) (map[mutual.ID]*mutual.PartnerCadence, error) {
	out := make(map[mutual.ID]*mutual.PartnerCadence, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.segment, p.cadence_override, p.any_days, p.visit_days, p.executive_days,
		p.last_touch_at, p.last_visit_at, p.last_executive_at, p.created_at, c.any_days, c.visit_days, c.executive_days
		FROM partners p LEFT JOIN cadence_policies c ON c.segment = p.segment WHERE p.id IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
	if err != nil {
		return nil, wrap(err, "partner cadence")
	}
	defer rows.Close()
	zone, today := tx.db.zone, tx.db.today(tx)
	day := func(t time.Time) mutual.Date {
		if t.IsZero() {
			return mutual.Date{}
		}
		return mutual.DateOf(t, zone)
	}
	for rows.Next() {
		var pc mutual.PartnerCadence
		var anyD, visit, exec, segAny, segVisit, segExec sql.NullInt64
		var lastAny, lastVisit, lastExec, created time.Time
		if err := rows.Scan(&pc.PartnerID, &pc.Segment, &pc.Override, &anyD, &visit, &exec,
			timeCol{&lastAny}, timeCol{&lastVisit}, timeCol{&lastExec}, timeCol{&created}, &segAny, &segVisit, &segExec); err != nil {
			return nil, wrap(err, "partner cadence")
		}
		if pc.Override {
			pc.Cadence = mutual.Cadence{AnyDays: intPtr(anyD), VisitDays: intPtr(visit), ExecutiveDays: intPtr(exec)}
		} else {
			pc.Cadence = mutual.Cadence{AnyDays: intPtr(segAny), VisitDays: intPtr(segVisit), ExecutiveDays: intPtr(segExec)}
		}
		last := map[string]mutual.Date{mutual.TouchAny: day(lastAny), mutual.TouchVisit: day(lastVisit), mutual.TouchExecutive: day(lastExec)}
		pc.Touches = []mutual.TouchStatus{}
		for _, kind := range mutual.TouchKinds {
			if gap := pc.Cadence.Days(kind); gap != nil {
				pc.Touches = append(pc.Touches, mutual.DueTouch(kind, *gap, last[kind], day(created), today))
			}
		}
		out[pc.PartnerID] = &pc
	}
	return out, rows.Err()
}

// SetPartnerCadence overrides a partner's cadence, or resets it with nil.
func (s *CadenceService) SetPartnerCadence(ctx context.Context, partnerID mutual.ID, c *mutual.Cadence) (*mutual.PartnerCadence, error) {
	u := mutual.UserFromContext(ctx)
	if err := readInteractions(u, partnerID); err != nil {
		return nil, notFound("Partner")
	}
	if !mutual.CanWritePartners(u) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change cadences.")
	}
	if c != nil {
		var p mutual.Problems
		c.Validate("", &p)
		if err := p.Err(); err != nil {
			return nil, err
		}
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.PartnerCadence, error) {
		before, err := partnerCadence(ctx, tx, partnerID)
		if err != nil {
			return nil, err
		}
		override, set := c != nil, mutual.Cadence{}
		if c != nil {
			set = *c
		}
		if _, err := tx.ExecContext(ctx, `UPDATE partners SET cadence_override = ?, any_days = ?, visit_days = ?, executive_days = ? WHERE id = ?`,
			override, nullInt(set.AnyDays), nullInt(set.VisitDays), nullInt(set.ExecutiveDays), partnerID); err != nil {
			return nil, wrap(err, "set cadence")
		}
		if err := refreshDue(ctx, tx, `id = ?`, partnerID); err != nil {
			return nil, err
		}
		after, err := partnerCadence(ctx, tx, partnerID)
		if err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, "update", "partner_cadence", partnerID,
			map[string]any{"override": before.Override, "cadence": before.Cadence}, map[string]any{"override": after.Override, "cadence": after.Cadence}); err != nil {
			return nil, err
		}
		return after, nil
	})
}

// refreshDue recomputes when each required touch falls due for the partners
// that match where: the gap of the partner's own cadence or its segment's,
// counted from the day of the last touch of that kind in the company's zone,
// or from the day the partner was added. Callers run it whenever a last
// touch, a cadence or a segment changes.
func refreshDue(ctx context.Context, tx *Tx, where string, args ...any) error {
	return refreshDueOf(ctx, tx, dueColumns, where, args...)
}

// refreshDueOf is refreshDue for some kinds only: each due touch set is
// two index entries rewritten.
func refreshDueOf(ctx context.Context, tx *Tx, cols []dueColumn, where string, args ...any) error {
	var qargs []any
	for range cols {
		qargs = append(qargs, true, tx.zoneArg(), true)
	}
	_, err := tx.ExecContext(ctx, refreshDueQuery(tx.db.dialect, cols, where), append(qargs, args...)...)
	return wrap(err, "refresh due touches")
}

// newPartnerDues returns, for a segment, the due touches of a partner
// created now that has no touch yet and no cadence of its own: its
// segment's cadence counted from today, as refreshDue computes them.
func newPartnerDues(ctx context.Context, tx *Tx) (func(segment string) [3]any, error) {
	policies, err := findCadences(ctx, tx)
	if err != nil {
		return nil, err
	}
	today := mutual.DateOf(tx.now, tx.db.zone)
	dues := map[string][3]any{}
	for _, p := range policies {
		var d [3]any
		for i, days := range []*int{p.AnyDays, p.VisitDays, p.ExecutiveDays} {
			if days != nil {
				d[i] = today.AddDays(*days).String()
			}
		}
		dues[p.Segment] = d
	}
	return func(segment string) [3]any { return dues[segment] }, nil
}

// dueColumn is a touch kind and the partner's column of the last one.
type dueColumn struct{ kind, col string }

// dueColumns are the touch kinds, in the order of mutual.TouchKinds.
var dueColumns = []dueColumn{{"any", "last_touch_at"}, {"visit", "last_visit_at"}, {"executive", "last_executive_at"}}

// qRefreshDueOne refreshes one partner's due touch of each kind on SQLite,
// after an interaction is logged.
var qRefreshDueOne = [3]string{
	refreshDueQuery(SQLite, dueColumns[0:1], `id = ?`),
	refreshDueQuery(SQLite, dueColumns[1:2], `id = ?`),
	refreshDueQuery(SQLite, dueColumns[2:3], `id = ?`),
}

// refreshDueQuery is refreshDueOf's statement in the dialect.
func refreshDueQuery(dialect string, cols []dueColumn, where string) string {
	var sets []string
	for _, t := range cols {
		gap := `(CASE WHEN cadence_override = ? THEN ` + t.kind + `_days ELSE (SELECT c.` + t.kind + `_days FROM cadence_policies c WHERE c.segment = partners.segment) END)`
		from := `COALESCE(` + t.col + `, created_at)`
		sets = append(sets, `due_`+t.kind+`_on = CASE WHEN `+gap+` IS NULL THEN NULL ELSE `+dateAfterSQL(dialect, from, gap)+` END`)
	}
	return `UPDATE partners SET ` + strings.Join(sets, ", ") + ` WHERE ` + where
}
