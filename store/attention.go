package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// AttentionService lists the relationships that need attention.
type AttentionService DB

// Attention weights: an overdue day counts its segment's weight; these are
// added per missed commitment, per commitment due within a week, and for a
// relationship without a key account manager.
const (
	weightMissed  = 10
	weightDueSoon = 3
	weightNoKAM   = 30
)

// daysSince is, in SQL, the number of whole days from the day col falls on
// in the company's zone to today. SQLite reads the zone's offset as of now;
// PostgreSQL converts with the zone itself.
func (db *DB) daysSince(col string, now time.Time) (string, []any) {
	today := mutual.DateOf(now, db.zone).String()
	if db.dialect == Postgres {
		return `(CAST(? AS DATE) - CAST((` + col + `) AT TIME ZONE ? AS DATE))`, []any{today, db.zone.String()}
	}
	_, offset := now.In(db.zone).Zone()
	return `CAST(julianday(?) - julianday(date(` + col + `, ?)) AS INTEGER)`, []any{today, fmt.Sprintf("%+d seconds", offset)}
}

// FindAttention scores every onboarding or active relationship in one query
// over the partners, with the last touches kept on each partner and the
// commitments due or missed grouped once, and returns the most urgent.
func (s *AttentionService) FindAttention(ctx context.Context, f mutual.AttentionFilter) ([]*mutual.AttentionItem, error) {
	db := (*DB)(s)
	if !mutual.UserFromContext(ctx).IsInternal() {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Not available to supplier users.")
	}
	limit := mutual.ClampLimit(f.Limit)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	today := db.today(tx)

	var cols []string
	var args []any
	gap := func(kind string) string {
		return `CASE WHEN p.cadence_override = ? THEN p.` + kind + `_days ELSE c.` + kind + `_days END`
	}
	for _, t := range []struct{ kind, col string }{{"any", "p.last_touch_at"}, {"visit", "p.last_visit_at"}, {"executive", "p.last_executive_at"}} {
		days, dargs := db.daysSince("COALESCE("+t.col+", p.created_at)", tx.now)
		cols = append(cols, gap(t.kind)+` AS gap_`+t.kind, days+` AS days_`+t.kind)
		args = append(args, true)
		args = append(args, dargs...)
	}
	weight := `CASE p.segment`
	for seg, w := range mutual.SegmentWeights {
		if seg != "" {
			weight += fmt.Sprintf(` WHEN '%s' THEN %d`, seg, w)
		}
	}
	weight += ` ELSE 1 END`

	where, wargs := []string{"p.status IN ('onboarding', 'active')"}, []any{}
	if f.OwnerID != 0 {
		where, wargs = append(where, "p.owner_id = ?"), append(wargs, f.OwnerID)
	}
	overdue := func(kind string) string {
		return `CASE WHEN gap_` + kind + ` IS NOT NULL AND days_` + kind + ` > gap_` + kind + ` THEN days_` + kind + ` - gap_` + kind + ` ELSE 0 END`
	}
	q := `WITH cm AS (
			SELECT partner_id,
				sum(CASE WHEN status = 'open' AND due_on >= ? THEN 1 ELSE 0 END) AS due_soon,
				sum(CASE WHEN status = 'missed' OR due_on < ? THEN 1 ELSE 0 END) AS missed
			FROM commitments
			WHERE (status = 'open' AND due_on <= ?) OR (status = 'missed' AND due_on >= ?)
			GROUP BY partner_id),
		t AS (
			SELECT p.id, p.name, p.segment, p.owner_id, COALESCE(u.name, '') AS owner_name, ` + weight + ` AS weight,
				` + strings.Join(cols, ", ") + `,
				COALESCE(cm.due_soon, 0) AS due_soon, COALESCE(cm.missed, 0) AS missed
			FROM partners p
			LEFT JOIN cadence_policies c ON c.segment = p.segment
			LEFT JOIN users u ON u.id = p.owner_id
			LEFT JOIN cm ON cm.partner_id = p.id
			WHERE ` + strings.Join(where, " AND ") + `),
		s AS (
			SELECT t.*, ` + overdue("any") + ` AS od_any, ` + overdue("visit") + ` AS od_visit, ` + overdue("executive") + ` AS od_executive
			FROM t)
		SELECT id, name, segment, owner_id, owner_name, od_any, od_visit, od_executive, due_soon, missed,
			weight * (od_any + od_visit + od_executive) + ` + fmt.Sprint(weightMissed) + ` * missed + ` + fmt.Sprint(weightDueSoon) + ` * due_soon
				+ CASE WHEN owner_id IS NULL THEN ` + fmt.Sprint(weightNoKAM) + ` ELSE 0 END AS score
		FROM s
		WHERE od_any + od_visit + od_executive + due_soon + missed > 0 OR owner_id IS NULL
		ORDER BY score DESC, name, id
		LIMIT ?`
	all := append([]any{today.String(), today.String(), today.AddDays(7).String(), today.AddDays(-30).String()}, args...)
	all = append(append(all, wargs...), limit)
	rows, err := tx.QueryContext(ctx, q, all...)
	if err != nil {
		return nil, wrap(err, "find attention")
	}
	defer rows.Close()
	out := []*mutual.AttentionItem{}
	for rows.Next() {
		var it mutual.AttentionItem
		var odAny, odVisit, odExec, dueSoon, missed int
		if err := rows.Scan(&it.PartnerID, &it.PartnerName, &it.Segment, idCol{&it.OwnerID}, &it.OwnerName,
			&odAny, &odVisit, &odExec, &dueSoon, &missed, &it.Score); err != nil {
			return nil, err
		}
		for _, t := range []struct {
			kind string
			days int
		}{{mutual.TouchAny, odAny}, {mutual.TouchVisit, odVisit}, {mutual.TouchExecutive, odExec}} {
			if t.days > 0 {
				it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonOverdueTouch, Kind: t.kind, Days: t.days})
			}
		}
		if missed > 0 {
			it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonCommitmentMissed, Count: missed})
		}
		if dueSoon > 0 {
			it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonCommitmentDue, Count: dueSoon})
		}
		if it.OwnerID == 0 {
			it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonNoKAM})
		}
		out = append(out, &it)
	}
	return out, rows.Err()
}
