package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mutualsrm/mutual"
)

// WriteDB exposes the writer connection to tests that must tamper with rows.
func (db *DB) WriteDB() *sql.DB { return db.write }

// Rebind exposes placeholder rewriting to tests.
func (db *DB) Rebind(q string) string { return db.rebind(q) }

// SetCheckpoints sets the checkpointer's interval and WAL limit for the
// databases opened next, and returns a function that restores them.
func SetCheckpoints(interval time.Duration, limit int64) (restore func()) {
	i, l := checkpointInterval, walLimit
	checkpointInterval, walLimit = interval, limit
	return func() { checkpointInterval, walLimit = i, l }
}

// Checkpoint runs one round of the checkpointer now.
func (db *DB) Checkpoint(ctx context.Context) error { return db.checkpoint(ctx, db.ckpt) }

// CheckpointerDone is closed when the checkpointer has stopped.
func (db *DB) CheckpointerDone() <-chan struct{} { return db.ckpt.done }

// Audit writes one audit record as the user of ctx, as the store's own
// changes do: tests write records of the shapes older versions wrote.
func (db *DB) Audit(ctx context.Context, action, entity string, id mutual.ID, before, after any) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.audit(ctx, action, entity, id, before, after); err != nil {
		return err
	}
	return tx.Commit()
}
