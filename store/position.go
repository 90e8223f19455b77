package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mutualsrm/mutual"
)

// On SQLite every partner has a sort_pos: an integer that orders partners as
// (sort_key, id) does, with gaps between neighbours. The full-text index uses
// it as its rowid, so FTS5 returns matches already in name order and a search
// reads only as many matches as its page needs, whether a word matches ten
// partners or ninety thousand. New and renamed partners take a place in the
// gap between their neighbours; when a gap is used up, every partner is
// placed anew and the index rebuilt, which the spacing makes rare.
// PostgreSQL has its own full-text ranking path and leaves sort_pos NULL.

// posSpacing is the distance between neighbours placed at the ends or anew.
const posSpacing = 1 << 32

type unplaced struct {
	id  mutual.ID
	key string
}

// placePartners gives every partner without a sort_pos a place, and reports
// whether it had to renumber everyone (the caller then rebuilds the index).
func placePartners(ctx context.Context, tx *Tx) (renumbered bool, err error) {
	list, err := unplacedPartners(ctx, tx)
	if err != nil || len(list) == 0 {
		return false, err
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE partners SET sort_pos = ? WHERE id = ?`)
	if err != nil {
		return false, wrap(err, "place partners")
	}
	defer upd.Close()
	for i := 0; i < len(list); {
		lo, hasPrev, err := neighbourPos(ctx, tx, list[i], false)
		if err != nil {
			return false, err
		}
		hi, hasNext, err := neighbourPos(ctx, tx, list[i], true)
		if err != nil {
			return false, err
		}
		// The run of unplaced partners that falls into this one gap.
		j := i + 1
		if hasNext {
			for j < len(list) && less(list[j], hi.key, hi.id) {
				j++
			}
		} else {
			j = len(list)
		}
		n := int64(j - i)
		start := int64(0)
		if hasPrev {
			start = lo.pos
		}
		end := start + (n+1)*posSpacing
		if hasNext {
			end = hi.pos
		}
		step := (end - start) / (n + 1)
		if step < 1 {
			return true, renumberPartners(ctx, tx)
		}
		for k, u := range list[i:j] {
			if _, err := upd.ExecContext(ctx, start+step*int64(k+1), int64(u.id)); err != nil {
				return false, wrap(err, "place partners")
			}
		}
		i = j
	}
	return false, nil
}

func less(u unplaced, key string, id mutual.ID) bool {
	return u.key < key || (u.key == key && u.id < id)
}

func unplacedPartners(ctx context.Context, tx *Tx) ([]unplaced, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, sort_key FROM partners WHERE sort_pos IS NULL ORDER BY sort_key, id`)
	if err != nil {
		return nil, wrap(err, "place partners")
	}
	defer rows.Close()
	var list []unplaced
	for rows.Next() {
		var u unplaced
		if err := rows.Scan(&u.id, &u.key); err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

type placed struct {
	pos int64
	key string
	id  mutual.ID
}

// neighbourPos returns the nearest placed partner before (or after) u in name order.
func neighbourPos(ctx context.Context, tx *Tx, u unplaced, after bool) (placed, bool, error) {
	q := `SELECT sort_pos, sort_key, id FROM partners WHERE sort_pos IS NOT NULL AND (sort_key, id) < (?, ?) ORDER BY sort_key DESC, id DESC LIMIT 1`
	if after {
		q = `SELECT sort_pos, sort_key, id FROM partners WHERE sort_pos IS NOT NULL AND (sort_key, id) > (?, ?) ORDER BY sort_key, id LIMIT 1`
	}
	var p placed
	err := tx.QueryRowContext(ctx, q, u.key, u.id).Scan(&p.pos, &p.key, &p.id)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, wrap(err, "place partners")
}

// renumberPartners places every partner anew, evenly spaced.
func renumberPartners(ctx context.Context, tx *Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE partners SET sort_pos = NULL`); err != nil {
		return wrap(err, "renumber partners")
	}
	again, err := placePartners(ctx, tx)
	if err == nil && again {
		err = mutual.Errorf(mutual.EINTERNAL, "partners cannot be placed in name order")
	}
	return err
}

// rebuildSearchIndex refills the full-text index from the partners table.
// Rows go in in rowid order: FTS5 flushes its pending terms whenever a rowid
// is not above the last one written, so out-of-order rows make one tiny
// segment each and then spend the time merging them.
func rebuildSearchIndex(ctx context.Context, tx *Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM partner_fts`); err != nil {
		return wrap(err, "rebuild search index")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO partner_fts (rowid, search_text) SELECT sort_pos, search_text FROM partners ORDER BY sort_pos`)
	return wrap(err, "rebuild search index")
}

// movePartner gives a renamed partner its new place in name order. Its
// full-text row is removed here and written again by reindexPartner.
func movePartner(ctx context.Context, tx *Tx, id mutual.ID) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM partner_fts WHERE rowid = (SELECT sort_pos FROM partners WHERE id = ?)`, id); err != nil {
		return wrap(err, "move partner")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE partners SET sort_pos = NULL WHERE id = ?`, id); err != nil {
		return wrap(err, "move partner")
	}
	renumbered, err := placePartners(ctx, tx)
	if err == nil && renumbered {
		err = rebuildSearchIndex(ctx, tx)
	}
	return err
}

// optimizeSearchIndex merges the full-text index into one segment. Each
// transaction that writes to FTS5 leaves a segment, and a search walks all of
// them side by side: after a bulk import, a search for a common word ran
// eight times slower with the segments left as they were. A merge of 100,000
// partners takes about 1.5 s, so it follows bulk imports only.
func optimizeSearchIndex(ctx context.Context, tx *Tx) error {
	if tx.db.dialect != SQLite {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO partner_fts (partner_fts) VALUES ('optimize')`)
	return wrap(err, "optimize search index")
}
