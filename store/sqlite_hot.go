// SQLite tuning: the most frequent writes' statements, prepared once. Entity
// files never call this file; Tx's query methods (db.go) use it.

package store

import (
	"context"
	"database/sql"
	"fmt"
)

// hotQueries are the statements of the most frequent writes. On SQLite they
// are prepared once on the writer connection: for a small write, parsing
// SQL costs more than writing. PostgreSQL's driver caches statements itself.
// A write transaction's ExecContext, QueryRowContext and PrepareContext
// (db.go) take the prepared statement of such a query by themselves.
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

// hotStmt returns the statement of query prepared on the writer, bound to
// tx; nil on PostgreSQL, in a read, and for any other query.
func (tx *Tx) hotStmt(ctx context.Context, query string) *sql.Stmt {
	st := tx.hot[query]
	if st == nil {
		return nil
	}
	return tx.Tx.StmtContext(ctx, st)
}
