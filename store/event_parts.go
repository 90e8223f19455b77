package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/mutualsrm/mutual"
)

func loadEventParts(ctx context.Context, tx *Tx, e *mutual.Event) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, item, description, quantity, unit, baseline_amount, target_amount FROM event_lines WHERE event_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return wrap(err, "event lines")
	}
	for rows.Next() {
		var l mutual.EventLine
		var qty string
		var base, target sql.NullString
		if err := rows.Scan(&l.ID, &l.Item, &l.Description, &qty, &l.Unit, &base, &target); err != nil {
			rows.Close()
			return err
		}
		var err error
		if l.Quantity, err = decimalColumn("event_lines.quantity", qty); err == nil {
			if l.BaselinePrice, err = moneyColumn("event_lines.baseline_amount", base, e.Currency); err == nil {
				l.TargetPrice, err = moneyColumn("event_lines.target_amount", target, e.Currency)
			}
		}
		if err != nil {
			rows.Close()
			return err
		}
		e.Lines = append(e.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, text, kind, choices, required FROM event_questions WHERE event_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return wrap(err, "event questions")
	}
	for rows.Next() {
		var q mutual.Question
		var choices string
		if err := rows.Scan(&q.ID, &q.Text, &q.Kind, &choices, &q.Required); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(choices), &q.Choices); err != nil || q.Choices == nil {
			q.Choices = []string{}
		}
		e.Questions = append(e.Questions, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, name, weight FROM event_criteria WHERE event_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return wrap(err, "event criteria")
	}
	for rows.Next() {
		var c mutual.Criterion
		if err := rows.Scan(&c.ID, &c.Name, &c.Weight); err != nil {
			rows.Close()
			return err
		}
		e.Criteria = append(e.Criteria, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if e.Evaluators, err = queryIDs(ctx, tx, `SELECT user_id FROM event_evaluators WHERE event_id = ? ORDER BY user_id`, e.ID); err != nil {
		return err
	}
	if e.Openers, err = queryIDs(ctx, tx, `SELECT user_id FROM event_openings WHERE event_id = ? ORDER BY opened_at, user_id`, e.ID); err != nil {
		return err
	}
	if e.Committee, err = queryIDs(ctx, tx, `SELECT user_id FROM event_committee WHERE event_id = ? ORDER BY position`, e.ID); err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM invitations WHERE event_id = ?),
		(SELECT count(*) FROM bids WHERE event_id = ? AND status = ?)`, e.ID, e.ID, mutual.BidSubmitted).Scan(&e.Invited, &e.Submitted)
}

// amountArg is the column value of an optional amount.
func amountArg(m mutual.Money) any {
	if m.IsZero() {
		return nil
	}
	return m.Amount.String()
}

// scanList reads every row of rows with scan and closes rows. The list is
// empty, never nil, when there is no row.
func scanList[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

func queryIDs(ctx context.Context, tx *Tx, q string, args ...any) ([]mutual.ID, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "ids")
	}
	defer rows.Close()
	ids := []mutual.ID{}
	for rows.Next() {
		var id mutual.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// checkEvaluators requires evaluators to be active buyers, managers or admins.
func checkEvaluators(ctx context.Context, tx *Tx, ids []mutual.ID, p *mutual.Problems) error {
	if len(ids) == 0 {
		return nil
	}
	ok, err := queryIDs(ctx, tx, `SELECT id FROM users WHERE role IN ('admin', 'manager', 'buyer') AND disabled = ?`, false)
	if err != nil {
		return err
	}
	set := make(map[mutual.ID]bool, len(ok))
	for _, id := range ok {
		set[id] = true
	}
	for _, id := range ids {
		if !set[id] {
			p.Add("evaluators", "evaluator", "Evaluators must be active buyers, managers or administrators.")
			break
		}
	}
	return nil
}

// writeEventParts replaces an event's lines, questions, criteria,
// evaluators and committee with e's, setting their new IDs.
func writeEventParts(ctx context.Context, tx *Tx, e *mutual.Event) error {
	for _, table := range []string{"event_lines", "event_questions", "event_criteria", "event_evaluators", "event_committee"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE event_id = ?`, e.ID); err != nil {
			return wrap(err, "replace event parts")
		}
	}
	var err error
	for i := range e.Lines {
		l := &e.Lines[i]
		if l.ID, err = tx.insertPublic(ctx, `INSERT INTO event_lines (id, event_id, position, item, description, quantity, unit, baseline_amount, target_amount)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, i, l.Item, l.Description, l.Quantity.String(), l.Unit,
			amountArg(l.BaselinePrice), amountArg(l.TargetPrice)); err != nil {
			return wrap(err, "event line")
		}
	}
	for i := range e.Questions {
		q := &e.Questions[i]
		choices, _ := json.Marshal(q.Choices)
		if q.ID, err = tx.insertPublic(ctx, `INSERT INTO event_questions (id, event_id, position, text, kind, choices, required) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.ID, i, q.Text, q.Kind, string(choices), q.Required); err != nil {
			return wrap(err, "event question")
		}
	}
	for i := range e.Criteria {
		c := &e.Criteria[i]
		if c.ID, err = tx.insertPublic(ctx, `INSERT INTO event_criteria (id, event_id, position, name, weight) VALUES (?, ?, ?, ?, ?)`,
			e.ID, i, c.Name, c.Weight); err != nil {
			return wrap(err, "event criterion")
		}
	}
	for _, id := range e.Evaluators {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_evaluators (event_id, user_id) VALUES (?, ?)`, e.ID, id); err != nil {
			return wrap(err, "event evaluator")
		}
	}
	for i, id := range e.Committee {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_committee (event_id, user_id, position) VALUES (?, ?, ?)`, e.ID, id, i); err != nil {
			return wrap(err, "event committee")
		}
	}
	return nil
}

func nullTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
