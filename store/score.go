package store

import (
	"context"

	"github.com/mutualsrm/mutual"
)

// FindScores returns every evaluator's scores on an event's bids.
func (s *BidService) FindScores(ctx context.Context, eventID mutual.ID) ([]mutual.Score, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]mutual.Score, error) {
		if _, err := visibleEvent(ctx, tx, mutual.UserFromContext(ctx), eventID); err != nil {
			return nil, err
		}
		return findScores(ctx, tx, eventID)
	})
}

func findScores(ctx context.Context, tx *Tx, eventID mutual.ID) ([]mutual.Score, error) {
	rows, err := tx.QueryContext(ctx, `SELECT bid_id, criterion_id, evaluator_id, score, comment, updated_at FROM scores WHERE event_id = ?
		ORDER BY bid_id, criterion_id, evaluator_id`, eventID)
	if err != nil {
		return nil, wrap(err, "scores")
	}
	defer rows.Close()
	list := []mutual.Score{}
	for rows.Next() {
		var sc mutual.Score
		if err := rows.Scan(&sc.BidID, &sc.CriterionID, &sc.EvaluatorID, &sc.Score, &sc.Comment, timeCol{&sc.UpdatedAt}); err != nil {
			return nil, err
		}
		list = append(list, sc)
	}
	return list, rows.Err()
}

// SetScores stores the caller's scores: evaluators of the event score live
// bids on non-price criteria once the bids are visible and before award.
func (s *BidService) SetScores(ctx context.Context, eventID mutual.ID, scores []mutual.Score) ([]mutual.Score, error) {
	u := mutual.UserFromContext(ctx)
	return writeTx(ctx, (*DB)(s), func(tx *Tx) ([]mutual.Score, error) {
		e, err := visibleEvent(ctx, tx, u, eventID)
		if err != nil {
			return nil, err
		}
		evaluator := false
		for _, id := range e.Evaluators {
			evaluator = evaluator || id == u.ID
		}
		if !evaluator {
			return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only the event's evaluators score its bids.")
		}
		if err := e.CanScore(); err != nil {
			return nil, err
		}
		criteria := map[mutual.ID]mutual.Criterion{}
		for _, c := range e.Criteria {
			criteria[c.ID] = c
		}
		live, err := queryIDs(ctx, tx, `SELECT id FROM bids WHERE event_id = ? AND status = ?`, eventID, mutual.BidSubmitted)
		if err != nil {
			return nil, err
		}
		liveSet := map[mutual.ID]bool{}
		for _, id := range live {
			liveSet[id] = true
		}
		var p mutual.Problems
		if len(scores) == 0 {
			p.Add("scores", "required", "Send at least one score.")
		}
		type key struct{ bid, crit mutual.ID }
		seen := map[key]bool{}
		for i := range scores {
			sc := &scores[i]
			at := "scores[" + itoa(i) + "]"
			c, ok := criteria[sc.CriterionID]
			switch {
			case !liveSet[sc.BidID]:
				p.Add(at+".bid_id", "unknown", "No such live bid on this event.")
			case !ok:
				p.Add(at+".criterion_id", "unknown", "No such criterion on this event.")
			case c.IsPrice():
				p.Add(at+".criterion_id", "computed", "The price score is computed from the bids' totals.")
			case seen[key{sc.BidID, sc.CriterionID}]:
				p.Add(at+".criterion_id", "duplicate", "Each bid and criterion is scored once.")
			}
			seen[key{sc.BidID, sc.CriterionID}] = true
			sc.Validate(at, &p)
			sc.EvaluatorID, sc.UpdatedAt = u.ID, tx.now
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		for _, sc := range scores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO scores (bid_id, criterion_id, evaluator_id, event_id, score, comment, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (bid_id, criterion_id, evaluator_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, updated_at = excluded.updated_at`,
				sc.BidID, sc.CriterionID, sc.EvaluatorID, eventID, sc.Score, sc.Comment, sc.UpdatedAt); err != nil {
				return nil, wrap(err, "score")
			}
		}
		if err := tx.audit(ctx, "score", "event", eventID, nil, scores); err != nil {
			return nil, err
		}
		all, err := findScores(ctx, tx, eventID)
		if err != nil {
			return nil, err
		}
		return all, nil
	})
}

// Tabulate returns the event's bids side by side with their evaluation:
// four queries whatever the number of lines and bids.
func (s *BidService) Tabulate(ctx context.Context, eventID mutual.ID) (*mutual.Tabulation, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Tabulation, error) {
		e, err := visibleEvent(ctx, tx, mutual.UserFromContext(ctx), eventID)
		if err != nil {
			return nil, err
		}
		bids, err := queryBids(ctx, tx, `WHERE b.event_id = ?`, eventID)
		if err != nil {
			return nil, err
		}
		scores, err := findScores(ctx, tx, eventID)
		if err != nil {
			return nil, err
		}
		return mutual.Tabulate(e, bids, scores), nil
	})
}
