package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// AuditKey is the secret that keys the audit chain: 32 random bytes, kept
// in a file outside the database (hex, one line) that only the server's
// user may read. Whoever can write to the database but cannot read this
// file cannot rewrite the chain so that it verifies.
type AuditKey struct {
	// Path is the file the key was read from.
	Path string
	// Created says LoadAuditKey generated the key: the file did not exist.
	// Only then may Open key a database whose chain is not keyed yet.
	Created bool

	key []byte
	// used says the key signed something, or was recorded in a database.
	used bool
	// id names the key in audit_head without revealing it: an HMAC of a
	// fixed text under the key.
	id string
}

// auditKeySize is the key's length in bytes.
const auditKeySize = 32

// LoadAuditKey reads the audit key from path. When the file does not exist
// and create is true, it generates a key and writes it there with mode 0600
// (creating the directory, 0700, if need be); otherwise a missing file is an
// error. A file that its group or others may read is refused.
func LoadAuditKey(path string, create bool) (*AuditKey, error) {
	if path == "" {
		return nil, errors.New("no audit key file given")
	}
	k, err := readAuditKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if !create {
		return nil, fmt.Errorf("audit key %s does not exist: it is made by the first `mutual serve` or `mutual migrate`, or copy it from the server that made it", path)
	}
	key := make([]byte, auditKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit key directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process made it a moment ago: use theirs.
		return readAuditKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("create audit key: %w", err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("write audit key %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return newAuditKey(path, key, true), nil
}

func readAuditKey(path string) (*AuditKey, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("audit key %s may be read by others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != auditKeySize {
		return nil, fmt.Errorf("audit key %s must hold %d bytes in hex (%d hex digits on one line)", path, auditKeySize, 2*auditKeySize)
	}
	return newAuditKey(path, key, false), nil
}

func newAuditKey(path string, key []byte, created bool) *AuditKey {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("mutual audit key id"))
	return &AuditKey{Path: path, Created: created, key: key, id: hex.EncodeToString(m.Sum(nil))}
}

// ID names the key without revealing it; audit_head holds the ID of the
// key that signs the chain.
func (k *AuditKey) ID() string { return k.id }

// syncDir makes a new file's directory entry durable, where the system
// allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// keyAudit makes sure that the chain is keyed with db's key before anything
// is written to it, and refuses to open otherwise:
//
//   - keyed with this key: nothing to do;
//   - keyed with another key: refused (each server of one database must use
//     the same key file);
//   - not keyed and empty (a new database): the head takes the key's ID;
//   - not keyed and not empty (a database from before keyed chains): only
//     when the key was generated at this start does keyAudit check the old
//     SHA-256 chain, sign every record again with the key in one
//     transaction, record the key's ID in the head and append a record
//     saying so and whether the old chain was intact. When the key existed
//     already, an unkeyed head means that someone wrote the head (perhaps
//     with a chain forged in the old, keyless way, to have it signed): it
//     is refused, never signed.
func (db *DB) keyAudit(ctx context.Context) error {
	k := db.auditKey
	keyed := false       // the chain took the key in this transaction
	var old *legacyChain // and had records, now signed again
	var start time.Time
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.serializeStart(ctx); err != nil {
			return err
		}
		var seq, n int64
		var head, keyID string
		if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash, key_id`).Scan(&seq, &head, &keyID); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		switch {
		case keyID == k.id:
			return nil
		case keyID != "":
			return fmt.Errorf("the audit chain of this database is signed with another key (ID %.12s) than %s (ID %.12s): every server of one database needs the same key; copy the key file from the server that made it (mode 0600)", keyID, k.Path, k.id)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		keyed = true
		if n == 0 && seq == 0 && head == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET key_id = ? WHERE id = 1`, k.id); err != nil {
				return fmt.Errorf("audit head: %w", err)
			}
			return nil
		}
		if !k.Created {
			return fmt.Errorf("the audit chain of this database is not signed with a key, but the audit key %s existed before this start. "+
				"If you copied it there before this database was ever started with a key, move it away and start again: Mutual then makes a key and signs the chain. "+
				"Otherwise the audit head was tampered with: run `mutual audit verify`, and restore the database from a backup", k.Path)
		}
		start = time.Now()
		var err error
		if old, err = tx.resignAudit(ctx, k, seq, head); err != nil {
			return err
		}
		return tx.audit(mutual.NewContextWithUser(ctx, mutual.SystemUser), "key", "audit", 0, nil, old)
	})
	if err != nil || !keyed {
		return err
	}
	k.used = true
	switch {
	case old == nil: // a new database
	case old.Intact:
		db.log.Info("audit chain signed with the new key", "records", old.Records, "key", k.Path, "took", time.Since(start).Round(time.Millisecond))
	default:
		db.log.Warn("audit chain signed with the new key; the chain before it was already broken", "records", old.Records, "first_broken", *old.FirstBroken, "key", k.Path)
	}
	return nil
}

// legacyChain is what keyAudit found of the chain before it was keyed; the
// record that says the chain was keyed holds it.
type legacyChain struct {
	Records     int64  `json:"records"`
	Intact      bool   `json:"legacy_intact"`
	FirstBroken *int64 `json:"legacy_first_broken"`
	KeyID       string `json:"key_id"`
}

// resignAudit checks the unkeyed chain record by record, as VerifyAudit did
// before keys, and signs each record again with k, keeping seq and content;
// a missing record stays missing. The head then names the re-signed last
// record and the key.
func (tx *Tx) resignAudit(ctx context.Context, k *AuditKey, headSeq int64, headHash string) (*legacyChain, error) {
	const batch = 1000
	upd, err := tx.PrepareContext(ctx, `UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?`)
	if err != nil {
		return nil, err
	}
	defer upd.Close()
	old := &legacyChain{KeyID: k.id[:12]}
	var firstBroken int64
	oldPrev, newPrev, want, last := "", "", int64(1), int64(0)
	for {
		rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, last, batch)
		if err != nil {
			return nil, wrap(err, "audit log")
		}
		recs, err := scanList(rows, scanAudit)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if firstBroken == 0 && (r.Seq != want || r.PrevHash != oldPrev || legacyAuditHash(r) != r.Hash) {
				firstBroken = want
			}
			oldPrev, want, last = r.Hash, want+1, r.Seq
			r.PrevHash = newPrev
			r.Hash = k.sign(r)
			if _, err := upd.ExecContext(ctx, r.PrevHash, r.Hash, r.Seq); err != nil {
				return nil, fmt.Errorf("sign audit record %d: %w", r.Seq, err)
			}
			newPrev = r.Hash
			old.Records++
		}
		if len(recs) < batch {
			break
		}
	}
	if firstBroken == 0 && (last != headSeq || oldPrev != headHash) {
		firstBroken = want
	}
	old.Intact = firstBroken == 0
	if !old.Intact {
		old.FirstBroken = &firstBroken
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ?, key_id = ? WHERE id = 1`, last, newPrev, k.id); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	return old, nil
}

// RemoveIfUnused removes the key file when this process generated it and
// nothing was signed with it: Open failed before keying the database, and
// the next start must again count as the first.
func (k *AuditKey) RemoveIfUnused() {
	if k != nil && k.Created && !k.used {
		os.Remove(k.Path)
	}
}
