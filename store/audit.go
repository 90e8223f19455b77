package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
	tx   *Tx
	user *mutual.User
	seq  int64
	hash string
	ins  *sql.Stmt
}

// The audit chain's statements, run by every change.
const (
	qAuditHead   = `UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash`
	qAuditInsert = `INSERT INTO audit_log (seq, at, user_id, user_name, action, entity, entity_id, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qAuditFinish = `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`
)

func (tx *Tx) beginAudit(ctx context.Context) (*auditLog, error) {
	l := &auditLog{tx: tx, user: mutual.UserFromContext(ctx)}
	if l.user == nil {
		l.user = mutual.SystemUser
	}
	if err := tx.queryRowHot(ctx, qAuditHead).Scan(&l.seq, &l.hash); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	var err error
	if st := tx.db.hot[qAuditInsert]; st != nil {
		l.ins = tx.Tx.StmtContext(ctx, st)
	} else {
		l.ins, err = tx.PrepareContext(ctx, qAuditInsert)
	}
	if err != nil {
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
	rec.Hash = auditHash(&rec)
	if _, err := l.ins.ExecContext(ctx, l.tx.db.args([]any{rec.Seq, rec.At, rec.UserID, rec.UserName, rec.Action, rec.Entity, rec.EntityID, nullJSON(rec.Before), nullJSON(rec.After), rec.PrevHash, rec.Hash})...); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	l.seq, l.hash = rec.Seq, rec.Hash
	return nil
}

func (l *auditLog) finish(ctx context.Context) error {
	if _, err := l.tx.execHot(ctx, qAuditFinish, l.seq, l.hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
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

// auditHash is SHA-256 over the previous hash and every field of the record,
// each length-prefixed so that no two records can encode alike.
func auditHash(r *mutual.AuditRecord) string {
	h := sha256.New()
	for _, f := range []string{
		r.PrevHash,
		strconv.FormatInt(r.Seq, 10),
		r.At.UTC().Format(timeLayout),
		strconv.FormatInt(int64(r.UserID), 10),
		r.UserName, r.Action, r.Entity,
		strconv.FormatInt(int64(r.EntityID), 10),
		string(r.Before), string(r.After),
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
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
	db := (*DB)(s)
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
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", wrap(err, "find audit records")
	}
	defer rows.Close()
	var out []*mutual.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := nextPage(out, limit, func(e *mutual.AuditRecord) string { return strconv.FormatInt(e.Seq, 10) })
	if err := withholdSealedDigests(ctx, tx, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
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

// VerifyAudit recomputes every hash in order and reports the first record
// that was altered, removed or inserted out of chain.
func (s *AuditService) VerifyAudit(ctx context.Context) (*mutual.AuditVerification, error) {
	db := (*DB)(s)
	if !mutual.CanReadAudit(mutual.UserFromContext(ctx)) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may verify the audit log.")
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var headSeq int64
	var headHash string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return nil, wrap(err, "audit head")
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return nil, wrap(err, "verify audit")
	}
	defer rows.Close()
	v := &mutual.AuditVerification{Intact: true}
	broken := func(seq int64) (*mutual.AuditVerification, error) {
		v.Intact, v.FirstBroken = false, &seq
		return v, nil
	}
	prev, want := "", int64(1)
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		if r.Seq != want || r.PrevHash != prev || auditHash(r) != r.Hash {
			return broken(want)
		}
		prev, want = r.Hash, want+1
		v.Records++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if v.Records != headSeq || prev != headHash {
		return broken(want)
	}
	v.Head = prev
	return v, nil
}

func badCursor() error {
	return &mutual.Error{Code: mutual.EINVALID, Message: "The cursor is not valid.", Fields: []mutual.FieldError{{Field: "cursor", Rule: "cursor", Message: "Not a cursor this list returned."}}}
}
