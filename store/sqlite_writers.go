// SQLite tuning: writers of other processes. Entity files never call this
// file; beginWriteTx (db.go) and imports use it.

package store

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY).
func isBusy(err error) bool {
	code, ok := sqliteCode(err)
	return ok && code&0xff == sqlite3.SQLITE_BUSY
}

// signalWhileWaiting touches the wait file after waitSignalAfter and then
// every waitSignalEvery until the returned function is called.
func (db *DB) signalWhileWaiting() (stop func()) {
	if db.waitPath == "" {
		return func() {}
	}
	var mu sync.Mutex
	stopped := false
	var t *time.Timer
	mu.Lock()
	t = time.AfterFunc(waitSignalAfter, func() {
		now := time.Now()
		if err := os.Chtimes(db.waitPath, now, now); errors.Is(err, os.ErrNotExist) {
			if f, err := os.OpenFile(db.waitPath, os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
				f.Close()
			}
		}
		mu.Lock()
		if !stopped {
			t.Reset(waitSignalEvery)
		}
		mu.Unlock()
	})
	mu.Unlock()
	return func() {
		mu.Lock()
		stopped = true
		t.Stop()
		mu.Unlock()
	}
}

// dataVersion returns SQLite's data_version on the writer connection, which
// changes when another connection (another process: this one has one
// writer) commits. 0 on PostgreSQL.
func (db *DB) dataVersion(ctx context.Context, tx *Tx) int64 {
	if db.dialect != SQLite {
		return 0
	}
	var v int64
	_ = tx.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
	return v
}

// writeYielding is write for one of many transactions in a row (an import's
// batches, the merge steps of its search index, the removal of a failed
// one): on SQLite it then lets a writer of another process in, which
// SQLite's busy handler alone would leave waiting until the row ends.
// committed, when not nil, runs once fn's work is committed, before that.
func (db *DB) writeYielding(ctx context.Context, fn func(tx *Tx) error, committed func()) error {
	start := time.Now()
	var version int64
	err := db.write(ctx, func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		version = db.dataVersion(ctx, tx)
		return nil
	})
	if err == nil {
		if committed != nil {
			committed()
		}
		db.yieldWriters(ctx, start, version)
	}
	return err
}

// yieldWriters lets a writer of another process in after an import's batch
// that began at since: when one touched the wait file meanwhile, the import
// pauses until that process has committed (data_version moves on from
// version) or yieldMax passed. Writers of this process need no pause: the
// writer turn hands over to them in order.
func (db *DB) yieldWriters(ctx context.Context, since time.Time, version int64) {
	if db.waitPath == "" {
		return
	}
	fi, err := os.Stat(db.waitPath)
	if err != nil || fi.ModTime().Before(since) {
		return
	}
	deadline := time.Now().Add(yieldMax)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Millisecond):
		}
		var v int64
		if err := db.writePool.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil || v != version {
			return
		}
	}
}
