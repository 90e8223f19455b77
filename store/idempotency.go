package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/mutualsrm/mutual"
)

// IdempotencyService remembers first responses to POSTs with an Idempotency-Key.
type IdempotencyService DB

// BeginIdempotent reserves a key, or returns the response stored under it.
func (s *IdempotencyService) BeginIdempotent(ctx context.Context, userID mutual.ID, key, fingerprint string) (*mutual.IdempotentResponse, error) {
	if key == "" || len(key) > 255 {
		return nil, &mutual.Error{Code: mutual.EINVALID, Message: "Idempotency-Key must be 1 to 255 characters.", Fields: []mutual.FieldError{{Field: "Idempotency-Key", Rule: "idempotency_key", Message: "Must be 1 to 255 characters."}}}
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.IdempotentResponse, error) {
		var fp, ctype, loc string
		var status int
		var body []byte
		var created time.Time
		err := tx.QueryRowContext(ctx, `SELECT fingerprint, status, content_type, location, body, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?`,
			userID, key).Scan(&fp, &status, &ctype, &loc, &body, timeCol{&created})
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, wrap(err, "idempotency")
		case created.Before(tx.now.Add(-mutual.IdempotencyTTL)):
			if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?`, userID, key); err != nil {
				return nil, wrap(err, "idempotency")
			}
		case fp != fingerprint:
			return nil, mutual.Errorf(mutual.ECONFLICT, "This Idempotency-Key was used for a different request.")
		case status == 0:
			return nil, mutual.Errorf(mutual.ECONFLICT, "A request with this Idempotency-Key is still being processed.")
		default:
			return &mutual.IdempotentResponse{Status: status, ContentType: ctype, Location: loc, Body: body}, nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at) VALUES (?, ?, ?, ?)`, userID, key, fingerprint, tx.now); err != nil {
			if isUniqueViolation(err) {
				return nil, mutual.Errorf(mutual.ECONFLICT, "A request with this Idempotency-Key is still being processed.")
			}
			return nil, wrap(err, "idempotency")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = ? AND created_at < ?`, userID, tx.now.Add(-mutual.IdempotencyTTL)); err != nil {
			return nil, wrap(err, "idempotency")
		}
		return nil, nil
	})
}

// FinishIdempotent stores the response under a reserved key, or releases the key.
func (s *IdempotencyService) FinishIdempotent(ctx context.Context, userID mutual.ID, key string, resp *mutual.IdempotentResponse) error {
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		var err error
		if resp == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND status = 0`, userID, key)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ? WHERE user_id = ? AND key = ?`,
				resp.Status, resp.ContentType, resp.Location, resp.Body, userID, key)
		}
		if err != nil {
			return wrap(err, "idempotency")
		}
		return nil
	})
}
