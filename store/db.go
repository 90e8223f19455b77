// Package store implements Mutual's services on database/sql, with one code
// path for SQLite (embedded, the default) and PostgreSQL (scale-out).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "time/tzdata" // the company zone must load on machines without zoneinfo

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"github.com/mutualsrm/mutual"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// Options configure Open.
type Options struct {
	// DataDir holds the SQLite database (mutual.db) when DatabaseURL is empty.
	DataDir string
	// DatabaseURL selects PostgreSQL: postgres://user@host:port/db.
	DatabaseURL string
	// Now is the clock; time.Now when nil. Tests move it.
	Now func() time.Time
	// Logger receives store warnings; slog.Default() when nil.
	Logger *slog.Logger
	// Argon2Memory is the password hashing memory in KiB (default 19456, the
	// OWASP minimum for argon2id). Tests lower it to run fast.
	Argon2Memory uint32
	// ReadConns caps the SQLite reader pool (default 4).
	ReadConns int
	// Zone is the company's time zone, in which days end (default Asia/Ho_Chi_Minh).
	Zone *time.Location
	// AuditKey signs the audit chain (see LoadAuditKey and keyAudit). A
	// store opened without it reads, exports and backs up, but refuses
	// every change, since each change is audited.
	AuditKey *AuditKey
	// AuditCheckpoints is the file signed checkpoints of the audit chain are
	// appended to and checked against (see audit_checkpoint.go); none when empty.
	AuditCheckpoints string
	// AuditVerifyOnly opens with AuditKey only to verify the chain: the store
	// neither keys the chain nor writes checkpoints nor changes anything.
	AuditVerifyOnly bool
	// IDSource gives the random bytes of the IDs suppliers see (see
	// publicid.go); crypto/rand when nil. Tests give two databases one
	// seeded source, for them to number alike.
	IDSource io.Reader
}

// DB is an open Mutual database. Its methods implement the services.
type DB struct {
	dialect   string
	writePool *sql.DB // SQLite: the one writer connection; PostgreSQL: the pool
	readPool  *sql.DB // SQLite: the reader pool; PostgreSQL: the same pool
	now       func() time.Time
	log       *slog.Logger
	argon     argonParams
	path      string // SQLite file
	zone      *time.Location

	// dummyHash is checked when no account has the email, so that a
	// login for an unknown email takes as long as one for a real account.
	dummyHash string

	rebound sync.Map      // query with ? -> query with $n (PostgreSQL)
	ckpt    *checkpointer // SQLite: background WAL checkpoints, see sqlite_wal.go
	// writeTurn is the SQLite writer, taken in the order writers ask for it:
	// database/sql hands a freed connection to a waiter at random, and a
	// writer that keeps losing that draw waits many transactions long.
	writeTurn chan struct{}

	events eventCache // published events' fixed parts, to check bids against
	hot    map[string]*sql.Stmt
	ids    *lockedReader // Options.IDSource, nil for crypto/rand; see publicid.go

	// waitPath is a file whose time an SQLite writer moves on while it
	// waits for another process's write lock; see beginWriteTx.
	waitPath        string
	auditKey        *AuditKey          // signs the audit chain; nil: no changes
	auditVerifyOnly bool               // opened to verify the chain only
	auditCkpt       *auditCheckpointer // nil: no checkpoint file
}

// Open connects to the database chosen by opts and applies pending migrations.
func Open(ctx context.Context, opts Options) (*DB, error) {
	db := &DB{now: opts.Now, log: opts.Logger, argon: defaultArgon, zone: opts.Zone}
	if opts.IDSource != nil {
		db.ids = &lockedReader{r: opts.IDSource}
	}
	if db.zone == nil {
		var err error
		if db.zone, err = time.LoadLocation(DefaultZone); err != nil {
			return nil, err
		}
	}
	if db.now == nil {
		db.now = time.Now
	}
	if db.log == nil {
		db.log = slog.Default()
	}
	if opts.Argon2Memory > 0 {
		db.argon.memory = opts.Argon2Memory
	}
	var err error
	var common string // SQLite: the options of every connection
	if db.dummyHash, err = db.argon.hashPassword("not a password anyone has"); err != nil {
		return nil, err
	}
	if opts.DatabaseURL != "" {
		if !strings.HasPrefix(opts.DatabaseURL, "postgres://") && !strings.HasPrefix(opts.DatabaseURL, "postgresql://") {
			return nil, fmt.Errorf("database URL must start with postgres://")
		}
		db.dialect = Postgres
		if db.writePool, err = sql.Open("pgx", opts.DatabaseURL); err != nil {
			return nil, err
		}
		db.writePool.SetMaxOpenConns(16)
		db.writePool.SetMaxIdleConns(16)
		db.writePool.SetConnMaxIdleTime(5 * time.Minute)
		db.readPool = db.writePool
	} else {
		db.dialect = SQLite
		dir := opts.DataDir
		if dir == "" {
			dir = "mutual-data"
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		db.path = filepath.Join(dir, "mutual.db")
		db.waitPath = db.path + "-wait"
		common = "file:" + escapePath(db.path) + fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) + "&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=journal_mode(WAL)&_pragma=cache_size(-12000)&_pragma=temp_store(2)"
		// The writer leaves checkpoints to the checkpointer (sqlite_wal.go) and cuts
		// the WAL file back to twice walLimit whenever it rewinds it.
		writer := common + fmt.Sprintf("&_txlock=immediate&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(%d)", 2*walLimit)
		if db.writePool, err = sql.Open("sqlite", writer); err != nil {
			return nil, err
		}
		db.writePool.SetMaxOpenConns(1)
		db.writePool.SetConnMaxIdleTime(0)
		db.writePool.SetConnMaxLifetime(0)
		db.writeTurn = make(chan struct{}, 1)
		if db.readPool, err = sql.Open("sqlite", common+"&_pragma=query_only(1)"); err != nil {
			db.writePool.Close()
			return nil, err
		}
		n := opts.ReadConns
		if n <= 0 {
			n = 4
		}
		db.readPool.SetMaxOpenConns(n)
		db.readPool.SetMaxIdleConns(n)
		db.readPool.SetConnMaxIdleTime(0)
		db.readPool.SetConnMaxLifetime(0)
	}
	if err := db.writePool.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.prepareHot(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.dialect == SQLite {
		if err := db.startCheckpointer(ctx, common); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.openAudit(ctx, opts); err != nil {
		db.Close()
		return nil, err
	}
	// An import whose process died is removed by the next process to start
	// that may write (and so audit the removal).
	if db.auditKey != nil && !db.auditVerifyOnly {
		if _, err := (*ImportService)(db).RemoveAbandonedImports(ctx); err != nil {
			db.log.Warn("remove abandoned imports", "err", err)
		}
	}
	return db, nil
}

// escapePath makes a file path safe inside a file: URI, where ? starts the
// options, # a fragment and % an escape.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Close closes the database.
func (db *DB) Close() error {
	var errs []error
	db.stopAuditCheckpoints()
	db.stopCheckpointer()
	db.closeHot()
	if db.readPool != nil && db.readPool != db.writePool {
		errs = append(errs, db.readPool.Close())
	}
	if db.writePool != nil {
		if db.dialect == SQLite {
			// Fold the WAL back so the data directory is one file at rest.
			_, _ = db.writePool.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		}
		errs = append(errs, db.writePool.Close())
	}
	db.closeCheckpointer()
	return errors.Join(errs...)
}

// DefaultZone is the company time zone unless configured otherwise.
const DefaultZone = "Asia/Ho_Chi_Minh"

// Zone returns the company's time zone.
func (db *DB) Zone() *time.Location { return db.zone }

// today is the transaction's date in the company's time zone.
func (db *DB) today(tx *Tx) mutual.Date { return mutual.DateOf(tx.now, db.zone) }

// Dialect returns SQLite or Postgres.
func (db *DB) Dialect() string { return db.dialect }

// Ready returns an error when the database does not answer.
func (db *DB) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var one int
	return db.readPool.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Tx is a transaction that speaks both dialects: queries are written with ?
// placeholders and rewritten for PostgreSQL.
type Tx struct {
	*sql.Tx
	db   *DB
	now  time.Time
	turn bool                 // holds db.writeTurn
	hot  map[string]*sql.Stmt // SQLite, writes: db.hot, see sqlite_hot.go

	auditSeq  int64 // the chain's head after this transaction's records, if any
	auditHash string
}

// beginWrite starts a read-write transaction. On SQLite it takes the write
// lock at once (BEGIN IMMEDIATE) so that two writers never deadlock on upgrade.
func (db *DB) beginWrite(ctx context.Context) (*Tx, error) {
	if db.writeTurn != nil {
		select {
		case db.writeTurn <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	tx, err := db.beginWriteTx(ctx)
	if err != nil {
		if db.writeTurn != nil {
			<-db.writeTurn
		}
		return nil, err
	}
	return &Tx{Tx: tx, db: db, now: db.now().UTC(), turn: db.writeTurn != nil, hot: db.hot}, nil
}

// Tests change these before opening a database.
var (
	busyTimeout     = 10 * time.Second       // SQLite waits this long for another process's write lock
	busyRetryFor    = 2 * time.Minute        // then beginWrite tries again with backoff for this long
	waitSignalAfter = 20 * time.Millisecond  // after waiting this long, a writer touches the wait file
	waitSignalEvery = 50 * time.Millisecond  // and again this often while it waits
	yieldMax        = 150 * time.Millisecond // an importer pauses at most this long for such a writer
)

// beginWriteTx begins the write transaction. On SQLite, BEGIN IMMEDIATE
// waits in SQLite's busy handler while another process holds the write
// lock. Meanwhile it touches the wait file, so that an import in that
// process pauses to let it in (yieldWriters). When the busy timeout runs
// out, which no import makes happen but a long transaction of another
// process can, it tries again with backoff instead of failing, until
// busyRetryFor or ctx ends.
func (db *DB) beginWriteTx(ctx context.Context) (*sql.Tx, error) {
	if db.dialect != SQLite {
		return db.writePool.BeginTx(ctx, nil)
	}
	stop := db.signalWhileWaiting()
	defer stop()
	start, backoff := time.Now(), 20*time.Millisecond
	for {
		tx, err := db.writePool.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || time.Since(start) > busyRetryFor {
			return tx, err
		}
		db.log.Warn("database is busy: another process holds the write lock; trying again", "waited", time.Since(start).Round(time.Millisecond))
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// Commit commits the transaction and lets the next writer in.
func (tx *Tx) Commit() error {
	err := tx.Tx.Commit()
	tx.endTurn()
	if err == nil && tx.auditSeq > 0 {
		tx.db.noteAudit(tx.auditSeq, tx.auditHash)
	}
	return err
}

// Rollback aborts the transaction, unless it has ended, and lets the next
// writer in.
func (tx *Tx) Rollback() error {
	err := tx.Tx.Rollback()
	tx.endTurn()
	return err
}

func (tx *Tx) endTurn() {
	if tx.turn {
		tx.turn = false
		<-tx.db.writeTurn
	}
}

// beginRead starts a read-only transaction on the reader pool.
func (db *DB) beginRead(ctx context.Context) (*Tx, error) {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	tx, err := db.readPool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, db: db, now: db.now().UTC()}, nil
}

// read runs fn in a read-only transaction on the reader pool: a store
// method that only reads is one call of read. The transaction ends when fn
// returns; fn must not keep tx.
func (db *DB) read(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// write runs fn in a read-write transaction (see beginWrite) and commits it
// when fn returns nil; when fn returns an error, or panics, nothing it did
// is kept, unless the error is one of commitAnyway. A store method that
// changes anything is one call of write.
func (db *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		var keep committedError
		if !errors.As(err, &keep) {
			return err
		}
		if err := tx.Commit(); err != nil {
			return wrap(err, "commit")
		}
		return keep.err
	}
	return wrap(tx.Commit(), "commit")
}

// commitAnyway returns err such that write, its transaction ended by it,
// still commits and then returns err: a refusal that keeps what it found
// on the way, such as a close that fell due.
func commitAnyway(err error) error { return committedError{err} }

type committedError struct{ err error }

func (e committedError) Error() string { return e.err.Error() }
func (e committedError) Unwrap() error { return e.err }

// readTx is read for a function that returns a value: fn's value, or the
// zero value and an error.
func readTx[T any](ctx context.Context, db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var v T
	err := db.read(ctx, func(tx *Tx) (err error) {
		v, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// readPage is read for a function that returns a page of a list and the
// cursor of the next page.
func readPage[T any](ctx context.Context, db *DB, fn func(tx *Tx) ([]T, string, error)) ([]T, string, error) {
	var page []T
	var next string
	err := db.read(ctx, func(tx *Tx) (err error) {
		page, next, err = fn(tx)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return page, next, nil
}

// writeTx is write for a function that returns a value: fn's value once
// committed, or the zero value and an error.
func writeTx[T any](ctx context.Context, db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var v T
	err := db.write(ctx, func(tx *Tx) (err error) {
		v, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

func (tx *Tx) q(query string) string { return tx.db.rebind(query) }

// ExecContext runs a statement written with ? placeholders. It runs one of
// the most frequent writes' statements prepared (sqlite_hot.go).
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.hotStmt(ctx, query); st != nil {
		return st.ExecContext(ctx, tx.db.args(args)...)
	}
	return tx.Tx.ExecContext(ctx, tx.q(query), tx.db.args(args)...)
}

// QueryContext runs a query written with ? placeholders.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(ctx, tx.q(query), tx.db.args(args)...)
}

// QueryRowContext runs a query written with ? placeholders, prepared as
// ExecContext does.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.hotStmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, tx.db.args(args)...)
	}
	return tx.Tx.QueryRowContext(ctx, tx.q(query), tx.db.args(args)...)
}

// PrepareContext prepares a statement written with ? placeholders; use
// db.args on its arguments. A hot statement (sqlite_hot.go) is prepared
// already.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := tx.hotStmt(ctx, query); st != nil {
		return st, nil
	}
	return tx.Tx.PrepareContext(ctx, tx.q(query))
}

// wrap turns driver errors into domain errors where it can and adds context
// to the rest.
func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var e *mutual.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// bulkCache is the SQLite writer's page cache, in KiB, during bulk imports,
// which touch every index of every table; it goes back to the reader's size
// and its memory back to the system when the import is done.
const bulkCache = 65536

// beginBulk widens the writer's page cache for a bulk import on SQLite.
func (tx *Tx) beginBulk(ctx context.Context) error {
	if tx.db.dialect != SQLite {
		return nil
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCache))
	return wrap(err, "bulk cache")
}

// endBulk narrows the writer's page cache again and frees what it held.
func (db *DB) endBulk(ctx context.Context) {
	if db.dialect == SQLite {
		_, _ = db.writePool.ExecContext(ctx, `PRAGMA cache_size = -12000`)
		_, _ = db.writePool.ExecContext(ctx, `PRAGMA shrink_memory`)
	}
}

// placeholders returns n comma-separated placeholders.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}
