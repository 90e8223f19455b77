package store

import (
	"context"

	"github.com/mutualsrm/mutual"
)

// HealthService computes the relationship health index.
type HealthService DB

// healthBatch caps the partners of one set of queries, well below the
// number of placeholders either database takes in one statement.
const healthBatch = 500

// PartnerHealth returns a partner's health index as of now. Internal users
// only: to supplier users it does not exist.
func (s *HealthService) PartnerHealth(ctx context.Context, partnerID mutual.ID) (*mutual.Health, error) {
	by, err := s.PartnersHealth(ctx, []mutual.ID{partnerID})
	if err != nil {
		return nil, err
	}
	h := by[partnerID]
	if h == nil {
		return nil, notFound("Partner")
	}
	return h, nil
}

// PartnersHealth returns the health index of each of the partners that
// exist among ids, with three queries per healthBatch partners, whatever
// their history: cadence, follow-through and sentiment.
func (s *HealthService) PartnersHealth(ctx context.Context, ids []mutual.ID) (map[mutual.ID]*mutual.Health, error) {
	if !mutual.CanReadInteractions(mutual.UserFromContext(ctx)) {
		return nil, notFound("Partner")
	}
	seen := make(map[mutual.ID]bool, len(ids))
	unique := make([]mutual.ID, 0, len(ids))
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	out := make(map[mutual.ID]*mutual.Health, len(unique))
	if len(unique) == 0 {
		return out, nil
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (map[mutual.ID]*mutual.Health, error) {
		for start := 0; start < len(unique); start += healthBatch {
			if err := partnersHealth(ctx, tx, unique[start:min(start+healthBatch, len(unique))], out); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// partnersHealth computes the index of the partners found among ids into out.
func partnersHealth(ctx context.Context, tx *Tx, ids []mutual.ID, out map[mutual.ID]*mutual.Health) error {
	cadences, err := partnerCadences(ctx, tx, ids)
	if err != nil || len(cadences) == 0 {
		return err
	}
	found := make([]mutual.ID, 0, len(cadences))
	for _, id := range ids {
		if cadences[id] != nil {
			found = append(found, id)
		}
	}
	fts, err := followThroughs(ctx, tx, found)
	if err != nil {
		return err
	}
	sentiments, err := sentimentTotals(ctx, tx, found)
	if err != nil {
		return err
	}
	today := tx.db.today(tx)
	for _, id := range found {
		out[id] = mutual.ComputeHealth(mutual.HealthInputs{
			PartnerID:      id,
			Now:            tx.now,
			Today:          today,
			Touches:        cadences[id].Touches,
			FollowThrough:  fts[id],
			SentimentSum:   sentiments[id][0],
			SentimentCount: sentiments[id][1],
		})
	}
	return nil
}

// sentimentTotals sums, per partner, the sentiment of the done interactions
// that have one, from the start of the day HealthSentimentDays before today
// to the end of today in the company's zone, and counts them.
func sentimentTotals(ctx context.Context, tx *Tx, ids []mutual.ID) (map[mutual.ID][2]int, error) {
	out := make(map[mutual.ID][2]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	today := tx.db.today(tx)
	from, to := today.AddDays(-mutual.HealthSentimentDays-1).EndIn(tx.db.zone), today.EndIn(tx.db.zone)
	args := append(idArgs(ids), from, to)
	rows, err := tx.QueryContext(ctx, `SELECT partner_id, sum(sentiment), count(*) FROM interactions
		WHERE partner_id IN (`+placeholders(len(ids))+`) AND occurred_at >= ? AND occurred_at < ? AND status = 'done' AND sentiment IS NOT NULL
		GROUP BY partner_id`, args...)
	if err != nil {
		return nil, wrap(err, "sentiment")
	}
	defer rows.Close()
	for rows.Next() {
		var id mutual.ID
		var sum, n int
		if err := rows.Scan(&id, &sum, &n); err != nil {
			return nil, err
		}
		out[id] = [2]int{sum, n}
	}
	return out, rows.Err()
}

// idArgs returns ids as query arguments, for an IN list of placeholders(len(ids)).
func idArgs(ids []mutual.ID) []any {
	args := make([]any, len(ids), len(ids)+4)
	for i, id := range ids {
		args[i] = id
	}
	return args
}
