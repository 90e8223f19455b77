package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

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
	return placePartnersWith(ctx, tx, nil)
}

// placePartnersWith is placePartners for a batch of an import whose
// partners, all of them, have the sorted sort keys keys. A gap then gets
// room for every partner of the import still to come that falls into it,
// not only for this batch's: a file in name order would otherwise put each
// batch into what the last one left of the same gap, which shrinks a
// thousandfold per batch and soon has every partner renumbered.
func placePartnersWith(ctx context.Context, tx *Tx, keys []string) (renumbered bool, err error) {
	list, err := unplacedPartners(ctx, tx)
	if err != nil || len(list) == 0 {
		return false, err
	}
	pos, ok, err := positionsFor(ctx, tx, list, keys)
	if err != nil {
		return false, err
	}
	if !ok {
		return true, renumberPartners(ctx, tx)
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE partners SET sort_pos = ? WHERE id = ?`)
	if err != nil {
		return false, wrap(err, "place partners")
	}
	defer upd.Close()
	for k, u := range list {
		if _, err := upd.ExecContext(ctx, pos[k], int64(u.id)); err != nil {
			return false, wrap(err, "place partners")
		}
	}
	return false, nil
}

// positionsFor returns the places of list, partners without one sorted by
// (key, id), among the partners placed: each run of them that falls into
// one gap shares it (see reserveSlots for keys). It returns false when a gap
// is used up and every partner must be placed anew.
func positionsFor(ctx context.Context, tx *Tx, list []unplaced, keys []string) ([]int64, bool, error) {
	pos := make([]int64, len(list))
	for i := 0; i < len(list); {
		lo, hasPrev, err := neighbourPos(ctx, tx, list[i], false)
		if err != nil {
			return nil, false, err
		}
		hi, hasNext, err := neighbourPos(ctx, tx, list[i], true)
		if err != nil {
			return nil, false, err
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
		slots, ranks := reserveSlots(keys, lo, hasPrev, hi, hasNext, list[i:j])
		start := int64(0)
		if hasPrev {
			start = lo.pos
		}
		end := start + (slots+1)*posSpacing
		if hasNext {
			end = hi.pos
		}
		step := (end - start) / (slots + 1)
		if step < 1 {
			return nil, false, nil
		}
		for k := range list[i:j] {
			pos[i+k] = start + step*ranks[k]
		}
		i = j
	}
	return pos, true, nil
}

// reserveSlots returns into how many slots to divide the gap between lo and
// hi, and the slot (1-based) of each partner of run, the partners that fall
// into it. Without keys every partner of run takes the next slot. With the
// sorted keys of a whole import, the gap has a slot for every key of the
// import in [lo's key, hi's key): the partners still to come sort after
// every partner placed already (their IDs are higher), so those are the
// ones that will fall into this gap. Each partner of run takes the slot of
// its key's rank among them. When the keys do not account for run (they
// always should), the partners are spread evenly.
func reserveSlots(keys []string, lo placed, hasPrev bool, hi placed, hasNext bool, run []unplaced) (int64, []int64) {
	ranks := make([]int64, len(run))
	for k := range ranks {
		ranks[k] = int64(k + 1)
	}
	n := int64(len(run))
	if len(keys) == 0 {
		return n, ranks
	}
	a, b := 0, len(keys)
	if hasPrev {
		a, _ = slices.BinarySearch(keys, lo.key)
	}
	if hasNext {
		b, _ = slices.BinarySearch(keys, hi.key)
	}
	slots := int64(b - a)
	if slots < n {
		return n, ranks
	}
	hinted := make([]int64, len(run))
	var prev int64
	for k, u := range run {
		r, _ := slices.BinarySearch(keys, u.key)
		rank := int64(r-a) + 1
		for d := k - 1; d >= 0 && run[d].key == u.key; d-- {
			rank++ // partners of the same name take the next slots
		}
		if rank <= prev || rank > slots {
			return n, ranks
		}
		hinted[k], prev = rank, rank
	}
	return slots, hinted
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

// The queries of neighbourPos, prepared once (sqlite_hot.go): an import runs them
// thousands of times.
const (
	qNeighbourBefore = `SELECT sort_pos, sort_key, id FROM partners WHERE sort_pos IS NOT NULL AND (sort_key, id) < (?, ?) ORDER BY sort_key DESC, id DESC LIMIT 1`
	qNeighbourAfter  = `SELECT sort_pos, sort_key, id FROM partners WHERE sort_pos IS NOT NULL AND (sort_key, id) > (?, ?) ORDER BY sort_key, id LIMIT 1`
)

// neighbourPos returns the nearest placed partner before (or after) u in name order.
func neighbourPos(ctx context.Context, tx *Tx, u unplaced, after bool) (placed, bool, error) {
	q := qNeighbourBefore
	if after {
		q = qNeighbourAfter
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
