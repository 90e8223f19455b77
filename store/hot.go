package store

import (
	"context"
	"database/sql"
	"fmt"
)

// hotQueries are the statements of the most frequent writes. On SQLite they
// are prepared once on the writer connection: for a small write, parsing
// SQL costs more than writing. PostgreSQL's driver caches statements itself.
var hotQueries = []string{qAuditHead, qAuditInsert, qAuditFinish, qBidState, qBidUpsert, qBidRevision,
	qPartnerTouches, qInteractionInsert, qPartnerTouched, qRefreshDueOne[0], qRefreshDueOne[1], qRefreshDueOne[2],
	qNeighbourBefore, qNeighbourAfter}

// prepareHot prepares the hot statements on SQLite's writer.
func (db *DB) prepareHot(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	db.hot = make(map[string]*sql.Stmt, len(hotQueries))
	for _, q := range hotQueries {
		st, err := db.writePool.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %.40q: %w", q, err)
		}
		db.hot[q] = st
	}
	return nil
}

// closeHot closes the hot statements.
func (db *DB) closeHot() {
	for _, st := range db.hot {
		st.Close()
	}
	db.hot = nil
}

// execHot runs a hot statement in tx, prepared when it can be.
func (tx *Tx) execHot(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.db.hot[query]; st != nil {
		return tx.Tx.StmtContext(ctx, st).ExecContext(ctx, tx.db.args(args)...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// queryRowHot runs a hot query in tx, prepared when it can be.
func (tx *Tx) queryRowHot(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.db.hot[query]; st != nil {
		return tx.Tx.StmtContext(ctx, st).QueryRowContext(ctx, tx.db.args(args)...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}
