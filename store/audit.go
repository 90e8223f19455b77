package store

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// AuditService reads and verifies the audit log.
type AuditService DB

// audit appends one record to the chain inside tx; see auditLog.
func (tx *Tx) audit(ctx context.Context, action, entity string, id mutual.ID, before, after any) error {
	l, err := tx.beginAudit(ctx)
	if err != nil {
		return err
	}
	defer l.close()
	if err := l.add(ctx, action, entity, id, before, after); err != nil {
		return err
	}
	return l.finish(ctx)
}

// auditLog appends records to the chain. Taking the head row locks it on
// PostgreSQL, which serializes writers of the chain as the write lock does on
// SQLite; bulk imports append many records with one prepared statement.
type auditLog struct {
	tx      *Tx
	user    *mutual.User
	seq     int64
	hash    string
	ins     *sql.Stmt
	pending []any // PostgreSQL: the arguments of records not inserted yet
}

// auditInsertRows is how many records one INSERT writes on PostgreSQL: a
// change of many rows (an import's batch) then waits for one round trip a
// hundred records instead of one a record, which took most of a 100,000-row
// import's time. SQLite inserts one row a statement, in the process.
const (
	auditInsertRows = 100
	auditFields     = 11
)

// The audit chain's statements, run by every change.
const (
	auditInsertColumns = `seq, at, user_id, user_name, action, entity, entity_id, before, after, prev_hash, hash`
	qAuditHead         = `UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash`
	qAuditInsert       = `INSERT INTO audit_log (` + auditInsertColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qAuditFinish       = `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`
)

func (tx *Tx) beginAudit(ctx context.Context) (*auditLog, error) {
	if tx.db.auditKey == nil || tx.db.auditVerifyOnly {
		return nil, errNoAuditKey
	}
	l := &auditLog{tx: tx, user: mutual.UserFromContext(ctx)}
	if l.user == nil {
		l.user = mutual.SystemUser
	}
	if err := tx.QueryRowContext(ctx, qAuditHead).Scan(&l.seq, &l.hash); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	var err error
	if l.ins, err = tx.PrepareContext(ctx, qAuditInsert); err != nil {
		return nil, fmt.Errorf("audit prepare: %w", err)
	}
	return l, nil
}

func (l *auditLog) add(ctx context.Context, action, entity string, id mutual.ID, before, after any) error {
	rec := mutual.AuditRecord{Seq: l.seq + 1, At: l.tx.now, UserID: l.user.ID, UserName: l.user.Name, Action: action, Entity: entity, EntityID: id, PrevHash: l.hash}
	var err error
	if rec.Before, err = marshalAudit(before); err != nil {
		return err
	}
	if rec.After, err = marshalAudit(after); err != nil {
		return err
	}
	rec.Hash = l.tx.db.auditKey.sign(&rec)
	args := []any{rec.Seq, rec.At, rec.UserID, rec.UserName, rec.Action, rec.Entity, rec.EntityID, nullJSON(rec.Before), nullJSON(rec.After), rec.PrevHash, rec.Hash}
	l.seq, l.hash = rec.Seq, rec.Hash
	if l.tx.db.dialect == SQLite {
		if _, err := l.ins.ExecContext(ctx, l.tx.db.args(args)...); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
		return nil
	}
	l.pending = append(l.pending, args...)
	if len(l.pending) == auditInsertRows*auditFields {
		return l.flush(ctx)
	}
	return nil
}

// flush inserts the records held back (PostgreSQL).
func (l *auditLog) flush(ctx context.Context) error {
	if len(l.pending) == 0 {
		return nil
	}
	// pgx prepares and keeps each statement text, the full one among them.
	q := multiInsert("audit_log", auditInsertColumns, auditFields, len(l.pending)/auditFields)
	if _, err := l.tx.ExecContext(ctx, q, l.pending...); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	clear(l.pending)
	l.pending = l.pending[:0]
	return nil
}

func (l *auditLog) finish(ctx context.Context) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	if _, err := l.tx.ExecContext(ctx, qAuditFinish, l.seq, l.hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	l.tx.auditSeq, l.tx.auditHash = l.seq, l.hash
	return nil
}

func (l *auditLog) close() { l.ins.Close() }

func marshalAudit(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit marshal: %w", err)
	}
	return b, nil
}

func nullJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// errNoAuditKey refuses audited changes of a store opened without the key
// (to read, export or back up) or only to verify the chain.
var errNoAuditKey = errors.New("the database was opened without the audit key: it cannot record changes")

// sign returns the hash of r in the keyed chain: HMAC-SHA256 under the key.
func (k *AuditKey) sign(r *mutual.AuditRecord) string {
	return auditDigest(hmac.New(sha256.New, k.key), r)
}

// legacyAuditHash is the hash of r in the chain before it was keyed: plain
// SHA-256, which anyone can recompute. Only keyAudit uses it, to check the
// old chain before it signs it again.
func legacyAuditHash(r *mutual.AuditRecord) string { return auditDigest(sha256.New(), r) }

// auditDigest runs h over the previous hash and every field of the record,
// each length-prefixed so that no two records can encode alike.
func auditDigest(h hash.Hash, r *mutual.AuditRecord) string {
	buf := make([]byte, 0, 256+len(r.Before)+len(r.After))
	field := func(f []byte) {
		buf = strconv.AppendInt(buf, int64(len(f)), 10)
		buf = append(buf, ':')
		buf = append(buf, f...)
		buf = append(buf, ';')
	}
	var num [32]byte // fits the longest number and the time
	field([]byte(r.PrevHash))
	field(strconv.AppendInt(num[:0], r.Seq, 10))
	field(r.At.UTC().AppendFormat(num[:0], timeLayout))
	field(strconv.AppendInt(num[:0], int64(r.UserID), 10))
	field([]byte(r.UserName))
	field([]byte(r.Action))
	field([]byte(r.Entity))
	field(strconv.AppendInt(num[:0], int64(r.EntityID), 10))
	field(r.Before)
	field(r.After)
	h.Write(buf)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

const auditColumns = `seq, at, user_id, user_name, action, entity, entity_id, before, after, prev_hash, hash`

func scanAudit(row interface{ Scan(...any) error }) (*mutual.AuditRecord, error) {
	var r mutual.AuditRecord
	var before, after sql.NullString
	if err := row.Scan(&r.Seq, timeCol{&r.At}, idCol{&r.UserID}, &r.UserName, &r.Action, &r.Entity, idCol{&r.EntityID}, &before, &after, &r.PrevHash, &r.Hash); err != nil {
		return nil, err
	}
	if before.Valid {
		r.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		r.After = json.RawMessage(after.String)
	}
	// Timestamps are hashed at microsecond precision, as stored.
	r.At = r.At.Truncate(time.Microsecond)
	return &r, nil
}

// FindAuditRecords returns a page of audit records, newest first.
func (s *AuditService) FindAuditRecords(ctx context.Context, f mutual.AuditFilter) ([]*mutual.AuditRecord, string, error) {
	if !mutual.CanReadAudit(mutual.UserFromContext(ctx)) {
		return nil, "", mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may read the audit log.")
	}
	limit := mutual.ClampLimit(f.Limit)
	var where []string
	var args []any
	if f.Entity != "" {
		where, args = append(where, "entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where, args = append(where, "entity_id = ?"), append(args, f.EntityID)
	}
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Cursor != "" {
		seq, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || seq <= 0 {
			return nil, "", badCursor()
		}
		where, args = append(where, "seq < ?"), append(args, seq)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, limit+1)
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.AuditRecord, string, error) {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, "", wrap(err, "find audit records")
		}
		out, err := scanList(rows, scanAudit)
		if err != nil {
			return nil, "", err
		}
		out, next := nextPage(out, limit, func(e *mutual.AuditRecord) string { return strconv.FormatInt(e.Seq, 10) })
		if err := withholdSealedDigests(ctx, tx, out); err != nil {
			return nil, "", err
		}
		return out, next, nil
	})
}

// withholdSealedDigests hides what records written before bids were salted
// hold of a sealed bid: a revision's plain SHA-256, an attachment's
// SHA-256 and size. Each could be tried against guesses of the bid, so
// they are shown only once the event's bids are open. The stored records
// stay as they were written (VerifyAudit checks them); those shown name
// the fields withheld.
func withholdSealedDigests(ctx context.Context, tx *Tx, recs []*mutual.AuditRecord) error {
	type legacy struct {
		rec   *mutual.AuditRecord
		after map[string]json.RawMessage
	}
	var found []legacy
	events := map[mutual.ID]bool{} // event ID -> bids visible
	for _, r := range recs {
		if (r.Entity != "bid" && r.Entity != "document") || !bytes.Contains(r.After, []byte(`"sha256"`)) {
			continue
		}
		var after map[string]json.RawMessage
		if json.Unmarshal(r.After, &after) != nil {
			continue
		}
		var eventID, partnerID mutual.ID
		json.Unmarshal(after["event_id"], &eventID)
		json.Unmarshal(after["partner_id"], &partnerID)
		if eventID == 0 || partnerID == 0 { // an event's own document: no secret
			continue
		}
		found = append(found, legacy{r, after})
		events[eventID] = false
	}
	if len(found) == 0 {
		return nil
	}
	args := make([]any, 0, len(events))
	for id := range events {
		args = append(args, id)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, status, sealed, unsealed_at FROM events WHERE id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return wrap(err, "sealed events")
	}
	defer rows.Close()
	for rows.Next() {
		var e mutual.Event
		if err := rows.Scan(&e.ID, &e.Status, &e.Sealed, timeCol{&e.UnsealedAt}); err != nil {
			return err
		}
		events[e.ID] = e.BidsVisible()
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range found {
		var eventID mutual.ID
		json.Unmarshal(l.after["event_id"], &eventID)
		if events[eventID] {
			continue
		}
		for _, k := range []string{"sha256", "size"} {
			if _, ok := l.after[k]; ok {
				delete(l.after, k)
				l.rec.Withheld = append(l.rec.Withheld, k)
			}
		}
		l.rec.After, _ = json.Marshal(l.after)
	}
	return nil
}

// VerifyAudit recomputes every hash of the chain with the key, in order,
// and checks the chain against the latest signed checkpoint: it reports the
// first record that was altered, removed or inserted out of chain, a chain
// shorter than the checkpoint counted, and checkpoint lines that are not
// validly signed.
func (s *AuditService) VerifyAudit(ctx context.Context) (*mutual.AuditVerification, error) {
	db := (*DB)(s)
	if !mutual.CanReadAudit(mutual.UserFromContext(ctx)) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may verify the audit log.")
	}
	k := db.auditKey
	if k == nil {
		return nil, errNoAuditKey
	}
	v := &mutual.AuditVerification{Intact: true}
	var err error
	if db.auditCkpt != nil {
		var altered int
		if v.Checkpoint, altered, err = readAuditCheckpoints(db.auditCkpt.path, k); err != nil {
			return nil, err
		}
		v.CheckpointFileAltered, v.AlteredCheckpointLine = altered > 0, altered
	}
	return readTx(ctx, db, func(tx *Tx) (*mutual.AuditVerification, error) {
		var headSeq int64
		var headHash, keyID string
		if err := tx.QueryRowContext(ctx, `SELECT seq, hash, key_id FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash, &keyID); err != nil {
			return nil, wrap(err, "audit head")
		}
		var found *int64
		broken := func(seq int64, reason string) {
			if found == nil || seq < *found {
				found, v.Reason = &seq, reason
			}
		}
		defer func() {
			if found != nil {
				v.Intact, v.FirstBroken, v.Head = false, found, ""
			} else if v.CheckpointFileAltered {
				v.Intact, v.Reason = false, mutual.AuditCheckpointAltered
			}
		}()
		switch {
		case keyID == "" && headSeq == 0 && headHash == "":
			// Nothing was ever written with a key: the chain must be empty.
		case keyID == "":
			broken(1, mutual.AuditChainUnkeyed)
			return v, nil
		case keyID != k.id:
			broken(1, mutual.AuditKeyMismatch)
			return v, nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
		if err != nil {
			return nil, wrap(err, "verify audit")
		}
		defer rows.Close()
		var ckptSeq int64 // the record the checkpoint vouches for
		if v.Checkpoint != nil {
			ckptSeq = v.Checkpoint.Records
		}
		prev, want, atCkpt := "", int64(1), ""
		for rows.Next() {
			r, err := scanAudit(rows)
			if err != nil {
				return nil, err
			}
			if r.Seq != want || r.PrevHash != prev || k.sign(r) != r.Hash {
				broken(want, mutual.AuditRecordAltered)
				break
			}
			if r.Seq == ckptSeq {
				atCkpt = r.Hash
			}
			prev, want = r.Hash, want+1
			v.Records++
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		complete := found == nil
		if complete && (v.Records != headSeq || prev != headHash) {
			broken(want, mutual.AuditHeadAltered)
		}
		switch {
		case ckptSeq == 0:
		case ckptSeq < want && atCkpt != v.Checkpoint.Head:
			broken(ckptSeq, mutual.AuditDiffersFromCheckpoint)
		case ckptSeq >= want && complete:
			broken(want, mutual.AuditRecordsMissing)
		}
		v.Head = prev
		return v, nil
	})
}

func badCursor() error {
	return &mutual.Error{Code: mutual.EINVALID, Message: "The cursor is not valid.", Fields: []mutual.FieldError{{Field: "cursor", Rule: "cursor", Message: "Not a cursor this list returned."}}}
}
