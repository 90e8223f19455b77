package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mutualsrm/mutual"
)

// WriteDB exposes the writer connection to tests that must tamper with rows.
func (db *DB) WriteDB() *sql.DB { return db.writePool }

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
	return db.write(ctx, func(tx *Tx) error {
		return tx.audit(ctx, action, entity, id, before, after)
	})
}

// SetImportBatches makes imports write batches of exactly rows rows (a
// multiple of 100), and returns a function that restores the sizes.
func SetImportBatches(rows int) (restore func()) {
	f, lo, hi := importFirstBatch, importMinBatch, importMaxBatch
	importFirstBatch, importMinBatch, importMaxBatch = rows, rows, rows
	return func() { importFirstBatch, importMinBatch, importMaxBatch = f, lo, hi }
}

// ErrCrashed, returned by an import batch hook, stops the import where it
// is, as if its process died.
var ErrCrashed = errCrashed

// SetImportBatchHook runs fn after each batch of every import is committed
// (batch counts from 1); an error stops the import. It returns a function
// that removes the hook.
func SetImportBatchHook(fn func(batch int) error) (restore func()) {
	importBatchHook = fn
	return func() { importBatchHook = nil }
}

// SetBusyTimeout sets SQLite's busy timeout and how long beginWrite tries
// again after it, for the databases opened next, and returns a function
// that restores them.
func SetBusyTimeout(timeout, retryFor time.Duration) (restore func()) {
	t, r := busyTimeout, busyRetryFor
	busyTimeout, busyRetryFor = timeout, retryFor
	return func() { busyTimeout, busyRetryFor = t, r }
}

// WaitPath is the file SQLite writers touch while another process holds the
// write lock.
func (db *DB) WaitPath() string { return db.waitPath }

// RefreshAllDue recomputes every partner's due touches as refreshDue does.
func (db *DB) RefreshAllDue(ctx context.Context) error {
	return db.write(ctx, func(tx *Tx) error {
		return refreshDue(ctx, tx, `id > ?`, 0)
	})
}

// SetAuditCheckpointInterval sets how often the stores opened next
// checkpoint the audit chain, and returns a function that restores it.
func SetAuditCheckpointInterval(d time.Duration) (restore func()) {
	old := auditCheckpointInterval
	auditCheckpointInterval = d
	return func() { auditCheckpointInterval = old }
}
