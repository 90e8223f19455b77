package store

import (
	"context"
	"database/sql"
	"time"
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

// SetAuditCheckpointInterval sets how often the stores opened next
// checkpoint the audit chain, and returns a function that restores it.
func SetAuditCheckpointInterval(d time.Duration) (restore func()) {
	old := auditCheckpointInterval
	auditCheckpointInterval = d
	return func() { auditCheckpointInterval = old }
}
