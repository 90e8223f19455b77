package store

import (
	"context"
	"sort"
	"strings"

	"github.com/mutualsrm/mutual"
)

// AttentionService lists the relationships that need attention.
type AttentionService DB

// attentionCandidates is how many partners each index list contributes
// beyond the page's length.
const attentionCandidates = 20

// FindAttention returns the most urgent relationships first. Scoring every
// partner would read them all, so it gathers candidates from indexes: for
// each segment and touch kind the partners whose touch is longest overdue
// (partners keep their due dates, see refreshDue), the partners with the
// most missed or imminent commitments, and those without a KAM. It then
// scores the candidates exactly. A partner outside every list is less
// overdue than a page and more of its segment on every touch kind, so it
// can only reach the first page by being overdue on several kinds at once
// while leading on none: a near tie, which the lists' depth makes rare.
func (s *AttentionService) FindAttention(ctx context.Context, f mutual.AttentionFilter) ([]*mutual.AttentionItem, error) {
	db := (*DB)(s)
	if !mutual.UserFromContext(ctx).IsInternal() {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Not available to supplier users.")
	}
	limit := mutual.ClampLimit(f.Limit)
	return readTx(ctx, db, func(tx *Tx) ([]*mutual.AttentionItem, error) {
		today := db.today(tx)
		soon, since := today.AddDays(7).String(), today.AddDays(-30).String()
		k := limit + attentionCandidates

		hide, err := hideImports(ctx, tx, livePartner)
		if err != nil {
			return nil, err
		}
		live, largs := "p.status IN ("+tendedStatusList()+") AND "+hide, []any{}
		if f.OwnerID != 0 {
			live, largs = live+" AND p.owner_id = ?", []any{f.OwnerID}
		}
		ids := map[mutual.ID]bool{}
		collect := func(q string, args ...any) error {
			rows, err := tx.QueryContext(ctx, q, args...)
			if err != nil {
				return wrap(err, "find attention")
			}
			defer rows.Close()
			for rows.Next() {
				var id mutual.ID
				if err := rows.Scan(&id); err != nil {
					return err
				}
				ids[id] = true
			}
			return rows.Err()
		}
		for _, seg := range mutual.Segments {
			for _, kind := range mutual.TouchKinds {
				col := "p.due_" + kind + "_on"
				if err := collect(`SELECT p.id FROM partners p WHERE p.segment = ? AND `+col+` < ? AND `+live+` ORDER BY `+col+` LIMIT ?`,
					append(append([]any{seg, today.String()}, largs...), k)...); err != nil {
					return nil, err
				}
			}
		}
		// Commitments missed in the last thirty days or due within a week, and
		// gifts awaiting a manager's decision, counted per partner from the
		// covering status indexes: the partners with the most are candidates, and
		// every candidate's counts come from here. With "mine", only the owner's
		// partners are counted, each row's owner read from the narrow
		// partners_id_owner index rather than from the partner's row.
		from, scope, sargs := "", "", []any{}
		if f.OwnerID != 0 {
			from, scope, sargs = " JOIN partners p ON p.id = x.partner_id", " AND p.owner_id = ?", []any{f.OwnerID}
		}
		counts := map[mutual.ID][2]int{}
		if err := countPerPartner(ctx, tx, `SELECT x.partner_id, sum(CASE WHEN x.status = 'missed' OR x.due_on < ? THEN 1 ELSE 0 END), count(*)
			FROM commitments x`+from+` WHERE ((x.status = 'open' AND x.due_on <= ?) OR (x.status = 'missed' AND x.due_on >= ?))`+scope+` GROUP BY x.partner_id`,
			append([]any{today.String(), soon, since}, sargs...), 4*k, ids, func(id mutual.ID, missed, all int) int {
				counts[id] = [2]int{missed, all - missed}
				return mutual.AttentionWeightMissed*missed + mutual.AttentionWeightDueSoon*(all-missed)
			}); err != nil {
			return nil, err
		}
		gifts := map[mutual.ID]int{}
		if err := countPerPartner(ctx, tx, `SELECT x.partner_id, count(*), count(*) FROM gifts x`+from+` WHERE x.status = 'declared'`+scope+` GROUP BY x.partner_id`,
			sargs, k, ids, func(id mutual.ID, n, _ int) int {
				gifts[id] = n
				return n
			}); err != nil {
			return nil, err
		}
		if f.OwnerID == 0 {
			// Every partner without a KAM has that reason alike; take some of
			// each segment, as the index yields them, and let the score decide.
			for _, seg := range append(mutual.Segments, "") {
				if err := collect(`SELECT p.id FROM partners p WHERE p.owner_id IS NULL AND p.segment = ? AND `+live+` LIMIT ?`, seg, limit/4+5); err != nil {
					return nil, err
				}
			}
		}
		items, err := scoreAttention(ctx, tx, ids, counts, gifts, f.OwnerID, today)
		if err != nil {
			return nil, err
		}
		sort.Slice(items, func(i, j int) bool {
			if items[i].Score != items[j].Score {
				return items[i].Score > items[j].Score
			}
			if items[i].PartnerName != items[j].PartnerName {
				return items[i].PartnerName < items[j].PartnerName
			}
			return items[i].PartnerID < items[j].PartnerID
		})
		if len(items) > limit {
			items = items[:limit]
		}
		return items, nil
	})
}

// countPerPartner runs q, which yields a partner and two counts per row,
// hands each row to keep, which returns the partner's weight, and adds to
// ids the n partners of most weight (the lowest IDs among equals).
func countPerPartner(ctx context.Context, tx *Tx, q string, args []any, n int, ids map[mutual.ID]bool, keep func(id mutual.ID, a, b int) int) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return wrap(err, "find attention")
	}
	defer rows.Close()
	type weighed struct {
		id    mutual.ID
		score int
	}
	var list []weighed
	for rows.Next() {
		var id mutual.ID
		var a, b int
		if err := rows.Scan(&id, &a, &b); err != nil {
			return err
		}
		list = append(list, weighed{id, keep(id, a, b)})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].id < list[j].id
	})
	for _, w := range list[:min(len(list), n)] {
		ids[w.id] = true
	}
	return nil
}

// scoreAttention reads the candidates and their commitments, a chunk at a
// time, and keeps those with a reason.
func scoreAttention(ctx context.Context, tx *Tx, ids map[mutual.ID]bool, counts map[mutual.ID][2]int, gifts map[mutual.ID]int, owner mutual.ID, today mutual.Date) ([]*mutual.AttentionItem, error) {
	list := make([]any, 0, len(ids))
	for id := range ids {
		list = append(list, int64(id))
	}
	out := []*mutual.AttentionItem{}
	for len(list) > 0 {
		chunk := list[:min(len(list), 500)]
		list = list[len(chunk):]
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.name, p.segment, p.owner_id, COALESCE(u.name, ''), p.due_any_on, p.due_visit_on, p.due_executive_on, p.status
			FROM partners p LEFT JOIN users u ON u.id = p.owner_id WHERE p.id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, wrap(err, "find attention")
		}
		for rows.Next() {
			var it mutual.AttentionItem
			var due [3]*string
			var status string
			if err := rows.Scan(&it.PartnerID, &it.PartnerName, &it.Segment, idCol{&it.OwnerID}, &it.OwnerName, &due[0], &due[1], &due[2], &status); err != nil {
				rows.Close()
				return nil, err
			}
			if !mutual.PartnerStatus(status).Tended() || (owner != 0 && it.OwnerID != owner) {
				continue
			}
			for i, kind := range mutual.TouchKinds {
				if due[i] == nil {
					continue
				}
				if d, ok := mutual.ParseDate(*due[i]); ok && d.Before(today) {
					days := d.DaysUntil(today)
					it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonOverdueTouch, Kind: kind, Days: days})
					it.Score += mutual.OverdueScore(it.Segment, days)
				}
			}
			c := counts[it.PartnerID]
			if c[0] > 0 {
				it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonCommitmentMissed, Count: c[0]})
				it.Score += mutual.AttentionWeightMissed * c[0]
			}
			if c[1] > 0 {
				it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonCommitmentDue, Count: c[1]})
				it.Score += mutual.AttentionWeightDueSoon * c[1]
			}
			if n := gifts[it.PartnerID]; n > 0 {
				it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonGiftPending, Count: n})
				it.Score += mutual.AttentionWeightGift * n
			}
			if it.OwnerID == 0 {
				it.Reasons = append(it.Reasons, mutual.AttentionReason{Reason: mutual.ReasonNoKAM})
				it.Score += mutual.AttentionWeightNoKAM
			}
			if len(it.Reasons) > 0 {
				out = append(out, &it)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tendedStatusList is mutual.TendedStatuses as an SQL list of literals.
func tendedStatusList() string {
	quoted := make([]string, len(mutual.TendedStatuses))
	for i, s := range mutual.TendedStatuses {
		quoted[i] = "'" + string(s) + "'"
	}
	return strings.Join(quoted, ", ")
}
