package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mutualsrm/mutual"
)

// Imports of many rows (a CSV file of 100,000 partners, see the root
// package's import.go) keep two promises at once:
//
//   - Other writers are never held for long. The rows are written in short
//     transactions (batches sized to take about importBatchTarget, 100 ms),
//     and other writers take their turn between them: in this process the
//     writer turn is handed over in order (db.go), on PostgreSQL the lock
//     queue is fair, and an SQLite writer in another process that waits
//     touches the wait file (db.go), upon which the importer pauses until
//     it has written (yieldWriters).
//   - All or nothing. Every row written carries the ID of its import (an
//     imports row: running, done, failed or removed, with a heartbeat that
//     each batch moves on). Readers see the rows of done imports only (the
//     live* conditions below, in every query that lists or finds partners
//     and contacts), so a running import is invisible and its rows appear
//     together, when one short transaction marks it done. A batch writes
//     only while its import is still running. When anything fails, the
//     importer marks its import failed and removes its rows, again in short
//     transactions; when its process died (kill -9, a crash), the heartbeat
//     stops, and the next process to open the database, or the server's
//     background job, marks the import failed after importStaleAfter and
//     removes its rows. The audit log records every row created and every
//     row removed, so its chain stays complete.
//
// What is checked before writing (tax codes taken, owners) is checked again
// in each batch: a row that became invalid meanwhile fails the import.
// Rows of a running contact import are already in the search text of their
// partners, so a search may find a partner by the name of a contact that
// is not shown yet; when the import fails the search text is recomputed.

// Import states.
const (
	importRunning = "running"
	importDone    = "done"
	importFailed  = "failed"
	importRemoved = "removed"
)

// Conditions for the rows readers may see: rows of no import, or of a done
// one. The set of imports not done is a handful at most.
const (
	livePartner = `(p.import_id IS NULL OR p.import_id NOT IN (SELECT id FROM imports WHERE state <> 'done'))`
	liveContact = `(c.import_id IS NULL OR c.import_id NOT IN (SELECT id FROM imports WHERE state <> 'done'))`
	liveRow     = `(import_id IS NULL OR import_id NOT IN (SELECT id FROM imports WHERE state <> 'done'))`
)

// hideImports returns cond, the condition that hides the rows of unfinished
// imports, or "TRUE" when none can be in what tx reads. On SQLite a read
// transaction reads one snapshot, so a look at the imports table first
// spares every later statement the condition (and its planning, some tens
// of microseconds a search). PostgreSQL's statements each read their own
// snapshot, so there the condition always stays.
func hideImports(ctx context.Context, tx *Tx, cond string) (string, error) {
	if tx.db.dialect != SQLite {
		return cond, nil
	}
	var unfinished bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM imports WHERE state <> 'done')`).Scan(&unfinished); err != nil {
		return "", wrap(err, "unfinished imports")
	}
	if unfinished {
		return cond, nil
	}
	return "TRUE", nil
}

// Tests change these.
var (
	importBatchTarget = 200 * time.Millisecond // how long each write transaction should take
	importFirstBatch  = 1000                   // rows in the first batch, before any is timed
	importMinBatch    = 1000
	importMaxBatch    = 10000
	importStaleAfter  = time.Minute // a running import whose heartbeat is older is abandoned
	removeBatch       = 500         // rows removed per transaction
	// importBatchHook, when set, runs after each batch is committed; an error
	// stops the import there without cleaning up, as if its process died.
	importBatchHook func(batch int) error
)

// errImportAbandoned stops a batch whose import is no longer running.
var errImportAbandoned = errors.New("the import was stopped: it was declared abandoned, or it failed")

// errCrashed is returned by importBatchHook to stop an import as if its
// process died.
var errCrashed = errors.New("simulated crash")

// importRun is an import being written.
type importRun struct {
	db      *DB
	id      mutual.ID
	kind    string
	written int
	size    atomic.Int64 // rows in the next batch
	batches int
}

// startImport records a running import of total rows of kind.
func (db *DB) startImport(ctx context.Context, kind string, total int) (*importRun, error) {
	run := &importRun{db: db, kind: kind}
	run.size.Store(int64(importFirstBatch))
	var uid mutual.ID
	if u := mutual.UserFromContext(ctx); u != nil {
		uid = u.ID
	}
	err := db.write(ctx, func(tx *Tx) error {
		return wrap(tx.QueryRowContext(ctx, `INSERT INTO imports (kind, state, user_id, total, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			kind, importRunning, uid, total, tx.now, tx.now).Scan(&run.id), "start import")
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// batch runs write, of rows rows of a batch made for size, in one
// transaction after checking that the import still runs, moving its
// heartbeat on, and sizes the next batch by how long this one took. On
// SQLite it then lets a writer of another process in.
func (run *importRun) batch(ctx context.Context, rows, size int, write func(tx *Tx) error) error {
	db := run.db
	var start time.Time
	err := db.writeYielding(ctx, func(tx *Tx) error {
		start = time.Now()
		res, err := tx.ExecContext(ctx, `UPDATE imports SET heartbeat_at = ?, written = written + ? WHERE id = ? AND state = ?`, tx.now, rows, run.id, importRunning)
		if err != nil {
			return wrap(err, "import heartbeat")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errImportAbandoned
		}
		if run.batches == 0 { // the writer's page cache grows for the import's batches (writeImport shrinks it)
			if err := tx.beginBulk(ctx); err != nil {
				return err
			}
		}
		return write(tx)
	}, func() { run.resize(rows, size, time.Since(start)) })
	if err != nil {
		return err
	}
	run.written += rows
	run.batches++
	if importBatchHook != nil {
		if err := importBatchHook(run.batches); err != nil {
			return err
		}
	}
	return nil
}

// resize sets the next batch's size so that it takes about
// importBatchTarget, growing at most twofold at a time, in whole hundreds.
// A batch of rows rows was made for size.
func (run *importRun) resize(rows, size int, took time.Duration) {
	if rows < size || took <= 0 {
		return // the last batch, or a clock that did not move
	}
	next := int(float64(rows) * float64(importBatchTarget) / float64(took))
	next = max(min(next, 2*rows, importMaxBatch), importMinBatch)
	run.size.Store(int64(next - next%insertRows)) // whole multi-row statements
}

// finish marks the import done, which shows its rows, and audits it.
func (run *importRun) finish(ctx context.Context) error {
	err := run.db.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE imports SET state = ?, finished_at = ?, heartbeat_at = ? WHERE id = ? AND state = ?`,
			importDone, tx.now, tx.now, run.id, importRunning)
		if err != nil {
			return wrap(err, "finish import")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errImportAbandoned
		}
		return tx.audit(ctx, "finish", "import", run.id, nil, importSummary{Kind: run.kind, Rows: run.written})
	})
	if err == nil {
		run.db.log.Debug("import done", "import", run.id, "kind", run.kind, "rows", run.written, "batches", run.batches)
	}
	return err
}

// importSummary is what the audit log keeps of a finished or failed import.
type importSummary struct {
	Kind    string `json:"kind"`
	Rows    int    `json:"rows"`
	Removed int    `json:"removed,omitempty"`
	Error   string `json:"error,omitempty"`
}

// fail marks the import failed and removes what it wrote. It runs even when
// ctx is cancelled (the client went away): the rows must go. If it cannot
// finish, ImportService does it later.
func (run *importRun) fail(ctx context.Context, cause error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Minute)
	defer cancel()
	if _, err := run.db.failImport(ctx, run.id, cause.Error()); err != nil {
		run.db.log.Error("mark import failed", "import", run.id, "err", err)
		return
	}
	if _, err := run.db.removeImport(ctx, run.id, run.kind); err != nil {
		run.db.log.Error("remove failed import", "import", run.id, "err", err)
	}
}

// failImport marks a running import failed; false when it was not running.
func (db *DB) failImport(ctx context.Context, id mutual.ID, reason string) (bool, error) {
	return writeTx(ctx, db, func(tx *Tx) (bool, error) {
		res, err := tx.ExecContext(ctx, `UPDATE imports SET state = ?, error = ?, finished_at = ? WHERE id = ? AND state = ?`,
			importFailed, truncate(reason, 1000), tx.now, id, importRunning)
		if err != nil {
			return false, wrap(err, "fail import")
		}
		n, _ := res.RowsAffected()
		return n == 1, nil
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// removeImport removes the rows of a failed import, removeBatch rows per
// transaction, each audited, then marks it removed. Several processes may
// remove the same import at once: each audits only the rows it deleted.
func (db *DB) removeImport(ctx context.Context, id mutual.ID, kind string) (int, error) {
	removed := 0
	for {
		var n int
		err := db.writeYielding(ctx, func(tx *Tx) (err error) {
			if kind == "contacts" {
				n, err = removeImportedContacts(ctx, tx, id)
			} else {
				n, err = removeImportedPartners(ctx, tx, id)
			}
			if err == nil && n == 0 {
				err = markRemoved(ctx, tx, id, kind, removed)
			}
			return err
		}, nil)
		if err != nil {
			return removed, err
		}
		if n == 0 {
			return removed, nil
		}
		removed += n
	}
}

// markRemoved records that a failed import left nothing behind.
func markRemoved(ctx context.Context, tx *Tx, id mutual.ID, kind string, removed int) error {
	var reason string
	err := tx.QueryRowContext(ctx, `UPDATE imports SET state = ? WHERE id = ? AND state = ? RETURNING error`, importRemoved, id, importFailed).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // another process got there first
	} else if err != nil {
		return wrap(err, "remove import")
	}
	return tx.audit(ctx, "fail", "import", id, nil, importSummary{Kind: kind, Removed: removed, Error: reason})
}

// ImportService looks after imports that did not finish.
type ImportService DB

// RemoveAbandonedImports marks failed the running imports whose heartbeat
// stopped importStaleAfter ago (their process died) and removes the rows of
// every failed import. Any process may run it: the server's background job
// does, and every process when it opens the database.
func (s *ImportService) RemoveAbandonedImports(ctx context.Context) (int, error) {
	db := (*DB)(s)
	stale := db.now().UTC().Add(-importStaleAfter)
	rows, err := db.readPool.QueryContext(ctx, db.rebind(`SELECT id, kind, state, heartbeat_at FROM imports WHERE state IN (?, ?) ORDER BY id`), importRunning, importFailed)
	if err != nil {
		return 0, wrap(err, "find abandoned imports")
	}
	type abandoned struct {
		id          mutual.ID
		kind, state string
		beat        time.Time
	}
	var list []abandoned
	for rows.Next() {
		var a abandoned
		if err := rows.Scan(&a.id, &a.kind, &a.state, timeCol{&a.beat}); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total := 0
	for _, a := range list {
		if a.state == importRunning {
			if !a.beat.Before(stale) {
				continue // its importer is at work
			}
			if ok, err := db.failImport(ctx, a.id, fmt.Sprintf("abandoned: no heartbeat since %s", a.beat.Format(time.RFC3339))); err != nil {
				return total, err
			} else if !ok {
				continue // it moved on meanwhile
			}
		}
		n, err := db.removeImport(ctx, a.id, a.kind)
		total += n
		if err != nil {
			return total, err
		}
		db.log.Warn("removed an import that did not finish", "import", a.id, "kind", a.kind, "rows", n)
	}
	return total, nil
}

// writeImport writes the rows next returns in batches, each in its own
// short transaction through writeBatch (given the batch and the number of
// rows written before it), then finishes run; when anything fails it marks
// run failed, which removes its rows: all or nothing. checked is how many
// rows were checked, noun what they are, for the message when the file
// changed meanwhile.
func writeImport[T any](ctx context.Context, run *importRun, checked int, noun string, next func() (*T, error), writeBatch func(tx *Tx, batch []*T, offset int) error) (int, error) {
	err := writeBatches(ctx, run, next, writeBatch)
	run.db.endBulk(ctx)
	if err == nil && run.written != checked {
		err = mutual.Errorf(mutual.ECONFLICT, "The file changed while it was imported: %d %s were checked, %d read to write. Nothing was imported.", checked, noun, run.written)
	}
	if err == nil {
		err = run.finish(ctx)
	}
	if errors.Is(err, errCrashed) {
		return 0, err
	}
	if err != nil {
		run.fail(ctx, err)
		if errors.Is(err, errImportAbandoned) {
			err = mutual.Errorf(mutual.ECONFLICT, "The import was stopped before it finished; nothing was imported. Try again.")
		}
		return 0, err
	}
	return run.written, nil
}

// writeBatches collects the rows next returns into batches of run.size and
// writes each with writeBatch (see writeImport). The next batch is read
// while one is written, on a goroutine of its own: reading and checking the
// rows of a file is a tenth of an import's work on SQLite and a third of
// the client's on PostgreSQL, and the second core (or PostgreSQL's server)
// does the rest meanwhile. next is never called after writeBatches returns.
func writeBatches[T any](ctx context.Context, run *importRun, next func() (*T, error), writeBatch func(tx *Tx, batch []*T, offset int) error) error {
	type filled struct {
		rows []*T
		size int   // the size it was made for
		err  error // io.EOF after the last
	}
	ready := make(chan filled, 1)
	stop := make(chan struct{})
	var reader sync.WaitGroup
	reader.Go(func() {
		for {
			b := filled{size: int(run.size.Load())}
			b.rows = make([]*T, 0, b.size)
			for len(b.rows) < b.size && b.err == nil {
				var row *T
				row, b.err = next()
				if row != nil {
					b.rows = append(b.rows, row)
				}
			}
			select {
			case ready <- b:
			case <-stop:
				return
			}
			if b.err != nil {
				return
			}
		}
	})
	defer func() {
		close(stop)
		reader.Wait()
	}()
	for {
		b := <-ready
		if b.err != nil && b.err != io.EOF {
			return b.err
		}
		if len(b.rows) > 0 {
			offset := run.written
			if err := run.batch(ctx, len(b.rows), b.size, func(tx *Tx) error { return writeBatch(tx, b.rows, offset) }); err != nil {
				return err
			}
		}
		if b.err == io.EOF {
			return nil
		}
	}
}

// listReader reads the rows of an import from a list: each call returns the
// next, and io.EOF after the last.
func listReader[T any](list []*T) func() (*T, error) {
	i := 0
	return func() (*T, error) {
		if i == len(list) {
			return nil, io.EOF
		}
		i++
		return list[i-1], nil
	}
}
