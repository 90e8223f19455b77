// SQLite tuning: background WAL checkpoints. Entity files never call this
// file; Open and Close (db.go) start and stop the checkpointer.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"
)

// SQLite's WAL is copied back into the database by checkpoints. Left to
// SQLite, the commit that crosses the auto-checkpoint threshold does it and
// syncs the database before its request can answer, so one write in a few
// dozen, and every write queued behind it, waits tens of milliseconds. The
// writer therefore never checkpoints; a goroutine does, on a connection of
// its own, without blocking anyone (PASSIVE), and syncs the database file
// after it: SQLite syncs it only when a checkpoint reaches the end of the
// WAL, which under steady writes only happens when writers are held.
//
// A passive checkpoint never rewinds the WAL while writers keep appending,
// so under steady load the file would grow without end. Once the WAL holds
// more than walLimit, the checkpointer holds the writer connection, so that
// writers wait their turn in Go rather than sleep in SQLite's busy handler,
// copies the little that is left and rewinds the WAL (RESTART), waiting a
// short while for readers still on it; past four times walLimit it waits
// longer. Writers wait as long, so when readers outlast the wait the next
// tries come further and further apart: a read that lasts minutes (an audit
// verification, an export) lets the WAL grow meanwhile, by what is written
// while it lasts, rather than stall every write. The writer cuts a rewound
// WAL file back to twice walLimit.
//
// Crash safety is SQLite's: a checkpoint syncs the WAL before it copies
// frames and the database before the WAL is rewound; the extra syncs only
// move that work out of the writer's way.
//
// Tests change these before opening a database.
var (
	checkpointInterval       = 200 * time.Millisecond
	walLimit           int64 = 64 << 20
)

const (
	restartWait     = 20 * time.Millisecond
	restartHardWait = 250 * time.Millisecond
	maxBackoff      = 32 // ticks
)

// checkpointer runs background checkpoints of an SQLite database.
type checkpointer struct {
	conn     *sql.DB  // one connection, only for checkpoints
	file     *os.File // the database file, to sync
	pageSize int64
	interval time.Duration // checkpointInterval when it started
	limit    int64         // walLimit when it started
	synced   int64         // frames of the WAL copied and synced
	backoff  int           // ticks to wait after readers outlasted a rewind
	skip     int           // ticks left to wait before the next rewind
	cancel   context.CancelFunc
	done     chan struct{}
}

// startCheckpointer opens the checkpointer's connection with dsn and starts
// its goroutine; stopCheckpointer ends it.
func (db *DB) startCheckpointer(ctx context.Context, dsn string) error {
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxIdleTime(0)
	conn.SetConnMaxLifetime(0)
	c := &checkpointer{conn: conn, interval: checkpointInterval, limit: walLimit, done: make(chan struct{})}
	if err := conn.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&c.pageSize); err != nil {
		conn.Close()
		return fmt.Errorf("checkpointer: %w", err)
	}
	// Read-write: Windows syncs only files open for writing.
	if c.file, err = os.OpenFile(db.path, os.O_RDWR, 0); err != nil {
		conn.Close()
		return fmt.Errorf("checkpointer: %w", err)
	}
	var run context.Context
	run, c.cancel = context.WithCancel(context.Background())
	db.ckpt = c
	go db.runCheckpointer(run, c)
	return nil
}

// stopCheckpointer ends the checkpointer, waiting for a checkpoint under
// way, and closes its connection.
func (db *DB) stopCheckpointer() {
	c := db.ckpt
	if c == nil || c.conn == nil {
		return
	}
	c.cancel()
	<-c.done
	c.conn.Close()
	c.conn = nil
}

// closeCheckpointer closes the checkpointer's handle on the database file,
// once every connection to the database is closed: closing any descriptor
// of a file drops the process's POSIX locks on it, SQLite's included.
func (db *DB) closeCheckpointer() {
	if db.ckpt != nil {
		db.ckpt.file.Close()
		db.ckpt = nil
	}
}

func (db *DB) runCheckpointer(ctx context.Context, c *checkpointer) {
	defer close(c.done)
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := db.checkpoint(ctx, c); err != nil && ctx.Err() == nil {
			db.log.Warn("WAL checkpoint", "err", err)
		}
	}
}

// checkpoint copies what it can of the WAL into the database and rewinds
// the WAL when it has grown past walLimit.
func (db *DB) checkpoint(ctx context.Context, c *checkpointer) error {
	var busy, frames, copied int64
	if err := c.conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
		return err
	}
	// SQLite syncs the database only when the WAL did not grow meanwhile,
	// and the frames reported are those the checkpoint saw, so it cannot tell.
	if copied != c.synced {
		if err := c.file.Sync(); err != nil {
			return err
		}
	}
	c.synced = copied
	if frames*c.pageSize <= c.limit {
		c.backoff, c.skip = 0, 0
		return nil
	}
	if c.skip > 0 {
		c.skip--
		return nil
	}
	wait := restartWait
	if frames*c.pageSize > 4*c.limit {
		wait = restartHardWait
	}
	start := time.Now()
	w, err := db.writePool.Conn(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	conn, err := c.conn.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, wait.Milliseconds())); err != nil {
		return err
	}
	// Busy means readers outlasted the wait. What they allowed is copied
	// all the same, and the first write after they are gone rewinds the WAL.
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &frames, &copied); err != nil {
		return err
	}
	c.synced = copied
	if busy == 1 {
		c.backoff = min(max(1, 2*c.backoff), maxBackoff)
		c.skip = c.backoff
	}
	db.log.Debug("WAL rewound", "busy", busy == 1, "frames", frames, "took", time.Since(start))
	return nil
}
