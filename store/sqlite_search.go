// SQLite tuning: partner search by words. Entity files never call this
// file; findPartners reaches it through searchInNameOrder and matchTerms
// (dialect.go).

package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/mutualsrm/mutual"
)

// sqliteNameOrder shapes q as a search of terms in name order on SQLite: it
// reads the full-text index in its rowid order, which is name order
// (position.go), from the row after the cursor's on, and stops at the page.
func sqliteNameOrder(ctx context.Context, tx *Tx, q *partnerQuery, terms []string, desc bool, cur *partnerCursor) error {
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	q.from, q.order = "partner_fts f JOIN partners p ON p.sort_pos = f.rowid", "f.rowid"+dir
	q.where, q.args = append([]string{"partner_fts MATCH ?"}, q.where...), append([]any{ftsMatch(terms)}, q.args...)
	if cur == nil {
		return nil
	}
	pos, ok, err := cursorPos(ctx, tx, cur)
	if err != nil {
		return err
	}
	if ok {
		q.where, q.args = append(q.where, "f.rowid "+cmp+" ?"), append(q.args, pos)
	} else {
		q.after("p.sort_key", desc, cur.Key, cur.ID)
	}
	return nil
}

// sqliteMatch narrows q to the IDs of its first limit partners whose search
// text holds every term, and reports whether there are any.
func sqliteMatch(ctx context.Context, tx *Tx, q *partnerQuery, terms []string, limit int) (bool, error) {
	ids, err := walkPartners(ctx, tx, terms, q.where, q.args, q.order, limit)
	if err != nil {
		return false, err
	}
	if ids == nil {
		if ids, err = matchPartners(ctx, tx, ftsMatch(terms), q.where, q.args, q.order, limit); err != nil {
			return false, err
		}
	}
	if len(ids) == 0 {
		return false, nil
	}
	q.where, q.args = []string{"p.id IN (" + placeholders(len(ids)) + ")"}, ids
	return true, nil
}

// walkBudget is how many rows of the sort order a search reads, matching in
// Go, before it turns to the full-text index.
const walkBudget = 600

// A search on SQLite in another order than by name (sqliteMatch) takes one
// of two paths. A word that matches thousands of partners is usually spread
// through the sort order, so walking the order and matching each row fills
// the page after a few hundred rows, with no sort. Rarer words, and common
// ones whose matches cluster (every "Thép ..." sorts together), fail the
// walk within walkBudget rows; then the full-text index finds every match
// and only those are sorted. Both paths apply the same rule.

// walkPartners reads the list in sort order, matching each row's search text
// in Go, and returns the IDs of the first limit matches; nil when the budget
// ran out first. An empty, non-nil slice means the list ended with no match.
func walkPartners(ctx context.Context, tx *Tx, terms []string, where []string, args []any, order string, limit int) ([]any, error) {
	q := `SELECT p.id, p.search_text FROM partners p`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := tx.QueryContext(ctx, q, append(append([]any{}, args...), walkBudget)...)
	if err != nil {
		return nil, wrap(err, "search partners")
	}
	defer rows.Close()
	ids := make([]any, 0, limit)
	read := 0
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		read++
		if matchesAll(text, terms) {
			if ids = append(ids, id); len(ids) == limit {
				return ids, nil
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if read < walkBudget {
		return ids, nil // the whole list was read
	}
	return nil, nil
}

// cursorPos returns the sort_pos of the row a name-ordered page ended on, if
// that row still sorts where it did.
func cursorPos(ctx context.Context, tx *Tx, cur *partnerCursor) (int64, bool, error) {
	var pos sql.NullInt64
	var key string
	err := tx.QueryRowContext(ctx, `SELECT sort_pos, sort_key FROM partners WHERE id = ?`, cur.ID).Scan(&pos, &key)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, wrap(err, "find partners")
	}
	return pos.Int64, pos.Valid && key == cur.Key, nil
}

// matchPartners returns the IDs of the first limit full-text matches in sort
// order. It sorts IDs and keys only; the caller reads the page's rows.
func matchPartners(ctx context.Context, tx *Tx, match string, where []string, args []any, order string, limit int) ([]any, error) {
	q := `WITH m(pos) AS MATERIALIZED (SELECT rowid FROM partner_fts WHERE partner_fts MATCH ?) SELECT p.id FROM m JOIN partners p ON p.sort_pos = m.pos`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := tx.QueryContext(ctx, q, append(append([]any{match}, args...), limit)...)
	if err != nil {
		return nil, wrap(err, "search partners")
	}
	defer rows.Close()
	ids := make([]any, 0, limit)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// matchesAll reports whether every term starts a word of the folded text,
// the same rule as the full-text query.
func matchesAll(text string, terms []string) bool {
	for _, t := range terms {
		i := 0
		for {
			j := strings.Index(text[i:], t)
			if j < 0 {
				return false
			}
			if k := i + j; k == 0 || text[k-1] == ' ' {
				break
			}
			i += j + 1
		}
	}
	return true
}

// sqliteIndexNew places the partners inserted in tx from ID first on in name
// order and adds them to the full-text table, in one statement: FTS5
// flushes its pending terms at every statement of the transaction, so
// indexing row by row between other inserts is many times slower. The
// write lock is held, so every ID from the first is ours.
func sqliteIndexNew(ctx context.Context, tx *Tx, first mutual.ID) error {
	renumbered, err := placePartners(ctx, tx)
	if err != nil {
		return err
	}
	if renumbered {
		return rebuildSearchIndex(ctx, tx)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO partner_fts (rowid, search_text) SELECT sort_pos, search_text FROM partners WHERE id >= ? ORDER BY sort_pos`, first)
	return wrap(err, "index partners")
}
