package store

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mutualsrm/mutual"
)

// Checkpoints of the audit chain are lines appended to a file outside the
// database, each signed with the audit key:
//
//	2026-03-01T09:15:00.000000Z 1234 <hash of record 1234> <HMAC of the three>
//
// A checkpoint says that at that time the chain held that many records and
// the last had that hash. The hash chain alone cannot show records that
// were cut from its end, or a log emptied with its head; VerifyAudit compares
// the chain with the checkpoint that counted the most records and reports a
// chain that is shorter, or whose record differs from the one checkpointed.
//
// A process that writes to the database appends one when it opens it, at
// least every auditCheckpointInterval while the chain moves, and when it
// closes it. Each checkpoint extends what the process knows of the chain:
// the best checkpoint of the file, and the last record it committed itself.
// When the chain no longer holds that record, the process does not checkpoint
// the chain as it is now (that would seal the cut): it logs the fact and
// checkpoints what it knew, for VerifyAudit to report.

// auditCheckpointInterval is how often a process checkpoints a moving chain.
var auditCheckpointInterval = time.Minute

// auditCheckpointer appends the checkpoints of one process.
type auditCheckpointer struct {
	path string

	mu     sync.Mutex
	anchor auditPoint // the best checkpoint of the file, or the last one written
	known  auditPoint // the last record committed by this process
	loaded bool       // anchor was read from the file
	wrote  bool       // this process wrote a checkpoint
	stuck  bool       // the chain lost a record it was known to hold

	stop chan struct{} // closed to end the ticker
	done chan struct{} // closed when the ticker has ended
}

// auditPoint names one record of the chain: its seq and hash.
type auditPoint struct {
	seq  int64
	hash string
}

// noteAudit records that a transaction of this process committed the chain
// up to seq, whose hash is hash.
func (db *DB) noteAudit(seq int64, hash string) {
	c := db.auditCkpt
	if c == nil {
		return
	}
	c.mu.Lock()
	if seq > c.known.seq {
		c.known = auditPoint{seq, hash}
	}
	c.mu.Unlock()
}

// startAuditCheckpoints writes the first checkpoint and starts the ticker
// that writes the next ones.
func (db *DB) startAuditCheckpoints(ctx context.Context) {
	c := db.auditCkpt
	if err := db.CheckpointAudit(ctx); err != nil {
		db.log.Error("audit checkpoint", "err", err)
	}
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.done)
		t := time.NewTicker(auditCheckpointInterval)
		defer t.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-t.C:
				if err := db.CheckpointAudit(context.Background()); err != nil {
					db.log.Error("audit checkpoint", "err", err)
				}
			}
		}
	}()
}

// stopAuditCheckpoints ends the ticker and writes the last checkpoint.
func (db *DB) stopAuditCheckpoints() {
	c := db.auditCkpt
	if c == nil || c.stop == nil {
		return
	}
	close(c.stop)
	<-c.done
	c.stop = nil
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.CheckpointAudit(ctx); err != nil {
		db.log.Error("audit checkpoint at close", "err", err)
	}
}

// CheckpointAudit appends a checkpoint of the chain to the checkpoint file,
// unless the chain has not moved since this process wrote the last one.
// When the chain no longer holds the record of the best checkpoint, or the
// last record this process committed, as they were, the chain is never
// checkpointed again by this process: CheckpointAudit checkpoints the latest
// of those records instead, once, and returns an error saying so. The store
// calls it when it opens, every auditCheckpointInterval and when it closes.
func (db *DB) CheckpointAudit(ctx context.Context) error {
	c := db.auditCkpt
	if c == nil || db.auditVerifyOnly {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		best, _, err := readAuditCheckpoints(c.path, db.auditKey)
		if err != nil {
			return err
		}
		if best != nil {
			c.anchor = auditPoint{best.Records, best.Head}
		}
		c.loaded = true
	}
	return db.read(ctx, func(tx *Tx) error {
		if c.stuck {
			return errAuditStuck(c.anchor.seq)
		}
		for _, p := range []auditPoint{c.anchor, c.known} {
			if p.seq == 0 {
				continue
			}
			var h string
			err := tx.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, p.seq).Scan(&h)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return wrap(err, "audit checkpoint")
			}
			if h != p.hash {
				// Vouch for what was known, once, and never seal the chain as
				// it is now.
				c.stuck = true
				if p.seq > c.anchor.seq {
					if err := appendAuditCheckpoint(c.path, db.auditKey, db.now(), p); err != nil {
						return err
					}
					c.anchor, c.wrote = p, true
				}
				return errAuditStuck(c.anchor.seq)
			}
		}
		var last auditPoint
		if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&last.seq, &last.hash); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return wrap(err, "audit checkpoint")
		}
		if c.wrote && last == c.anchor {
			return nil
		}
		if err := appendAuditCheckpoint(c.path, db.auditKey, db.now(), last); err != nil {
			return err
		}
		c.anchor, c.wrote = last, true
		return nil
	})
}

func errAuditStuck(seq int64) error {
	return fmt.Errorf("the audit chain lost records or had them altered, up to record %d: run `mutual audit verify`; no checkpoint goes past record %d", seq, seq)
}

// appendAuditCheckpoint appends one signed line to the file, creating it
// with mode 0600.
func appendAuditCheckpoint(path string, k *AuditKey, at time.Time, p auditPoint) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit checkpoint file: %w", err)
	}
	_, err = io.WriteString(f, formatAuditCheckpoint(k, at, p)+"\n")
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		return fmt.Errorf("write audit checkpoint: %w", err)
	}
	return nil
}

func formatAuditCheckpoint(k *AuditKey, at time.Time, p auditPoint) string {
	body := formatTime(at) + " " + strconv.FormatInt(p.seq, 10) + " " + p.hash
	return body + " " + k.checkpointMAC(body)
}

// checkpointMAC signs a checkpoint line; the prefix keeps a checkpoint's
// signature from ever equalling a record's.
func (k *AuditKey) checkpointMAC(body string) string {
	m := hmac.New(sha256.New, k.key)
	io.WriteString(m, "mutual audit checkpoint\n"+body)
	return hex.EncodeToString(m.Sum(nil))
}

// readAuditCheckpoints reads the checkpoint file and returns its validly
// signed checkpoint with the most records (the later one of equals), and the
// number of the first line that is not a validly signed checkpoint, 0 when
// every line is. A missing file holds no checkpoints.
func readAuditCheckpoints(path string, k *AuditKey) (best *mutual.AuditCheckpoint, altered int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("audit checkpoint file: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, 0, fmt.Errorf("read audit checkpoint file: %w", err)
		}
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			cp, ok := parseAuditCheckpoint(k, line)
			switch {
			case !ok:
				if altered == 0 {
					altered = n
				}
			case best == nil || cp.Records >= best.Records:
				best = cp
			}
		}
		if err == io.EOF {
			return best, altered, nil
		}
	}
}

func parseAuditCheckpoint(k *AuditKey, line string) (*mutual.AuditCheckpoint, bool) {
	i := strings.LastIndexByte(line, ' ')
	if i < 0 || !hmac.Equal([]byte(line[i+1:]), []byte(k.checkpointMAC(line[:i]))) {
		return nil, false
	}
	f := strings.Split(line[:i], " ")
	if len(f) != 3 {
		return nil, false
	}
	at, err := time.Parse(time.RFC3339Nano, f[0])
	if err != nil {
		return nil, false
	}
	n, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil || n < 0 {
		return nil, false
	}
	return &mutual.AuditCheckpoint{At: at.UTC(), Records: n, Head: f[2]}, true
}

// openAudit takes the audit options: it keys the chain (keyAudit) and
// starts the checkpoints, unless the store only verifies.
func (db *DB) openAudit(ctx context.Context, opts Options) error {
	db.auditKey, db.auditVerifyOnly = opts.AuditKey, opts.AuditVerifyOnly
	if db.auditKey == nil {
		return nil
	}
	if opts.AuditCheckpoints != "" {
		db.auditCkpt = &auditCheckpointer{path: opts.AuditCheckpoints}
	}
	if db.auditVerifyOnly {
		return nil
	}
	if err := db.keyAudit(ctx); err != nil {
		return err
	}
	if c := db.auditCkpt; c != nil {
		if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
			return fmt.Errorf("audit checkpoint directory: %w", err)
		}
		if db.auditKey.Created {
			// Checkpoints signed with an earlier key cannot be checked any more.
			if st, err := os.Stat(c.path); err == nil && st.Size() > 0 {
				old := c.path + "." + db.now().UTC().Format("20060102T150405") + ".old"
				if err := os.Rename(c.path, old); err != nil {
					return fmt.Errorf("move aside the checkpoints of the earlier audit key: %w", err)
				}
				db.log.Warn("audit checkpoints of an earlier key moved aside", "file", old)
			}
		}
		db.startAuditCheckpoints(ctx)
	}
	return nil
}
