package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"

	"github.com/mutualsrm/mutual"
)

// DocumentService keeps the files of sourcing events.
type DocumentService DB

const documentColumns = `id, event_id, partner_id, name, content_type, size, sha256, uploaded_by, created_at`

// documentOrder lists documents in the order they were added; those added
// at once (copied with their event) by name.
const documentOrder = `created_at, name, id`

func scanDocument(row interface{ Scan(...any) error }, content bool) (*mutual.Document, error) {
	var d mutual.Document
	dest := []any{&d.ID, &d.EventID, idCol{&d.PartnerID}, &d.Name, &d.ContentType, &d.Size, &d.SHA256, idCol{&d.UploadedBy}, timeCol{&d.CreatedAt}}
	if content {
		dest = append(dest, &d.Content)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return &d, nil
}

// FindDocuments lists an event's documents (not bids' attachments).
func (s *DocumentService) FindDocuments(ctx context.Context, eventID mutual.ID) ([]*mutual.Document, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Document, error) {
		u := mutual.UserFromContext(ctx)
		if _, err := readEvent(ctx, tx, u, eventID); err != nil {
			return nil, err
		}
		var own mutual.ID // a supplier user's company: its bid attachments too
		if !u.IsInternal() {
			own = u.PartnerID
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE event_id = ? AND (partner_id IS NULL OR partner_id = ?) ORDER BY `+documentOrder, eventID, own)
		if err != nil {
			return nil, wrap(err, "documents")
		}
		defer rows.Close()
		list := []*mutual.Document{}
		for rows.Next() {
			d, err := scanDocument(rows, false)
			if err != nil {
				return nil, err
			}
			list = append(list, d)
		}
		return list, rows.Err()
	})
}

// FindDocument returns a document with its content: an event document to
// whoever may read the event; a bid attachment to its bidder, and to the
// buying side once the bids are visible.
func (s *DocumentService) FindDocument(ctx context.Context, eventID, id mutual.ID) (*mutual.Document, error) {
	u := mutual.UserFromContext(ctx)
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Document, error) {
		e, err := readEvent(ctx, tx, u, eventID)
		if err != nil {
			return nil, err
		}
		present(e, u, tx.now)
		d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+`, content FROM documents WHERE id = ? AND event_id = ?`, id, eventID), true)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("Document")
		} else if err != nil {
			return nil, wrap(err, "document")
		}
		if d.PartnerID != 0 {
			mine := !u.IsInternal() && u.PartnerID == d.PartnerID
			if !mine && (!u.IsInternal() || !e.BidsVisible()) {
				return nil, notFound("Document")
			}
		}
		return d, nil
	})
}

// AddDocument attaches a specification to a draft or open event.
func (s *DocumentService) AddDocument(ctx context.Context, d *mutual.Document) error {
	u := mutual.UserFromContext(ctx)
	verr := d.Validate()
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		e, err := writableEvent(ctx, tx, u, d.EventID)
		if err != nil {
			return err
		}
		if err := e.CanAddDocument(); err != nil {
			return err
		}
		if verr != nil {
			return verr
		}
		d.PartnerID = 0
		if err := insertDocument(ctx, tx, d, u.ID); err != nil {
			return err
		}
		if e.Status == mutual.EventOpen {
			if err := notifyInvitees(ctx, tx, e, mutual.NotifyClarification, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertDocument(ctx context.Context, tx *Tx, d *mutual.Document, by mutual.ID) error {
	sum := sha256.Sum256(d.Content)
	d.SHA256, d.UploadedBy, d.CreatedAt = hex.EncodeToString(sum[:]), by, tx.now
	// A bid's attachment is sealed with the bid: the audit keeps only a
	// digest keyed with the file's own random salt, which nobody can try
	// a guessed file against, and neither its name nor its size.
	var salt any
	var keyed string
	if d.PartnerID != 0 {
		key := newSalt()
		salt, keyed = hex.EncodeToString(key), keyedDigest(key, d.Content)
	}
	var err error
	if d.ID, err = tx.insertPublic(ctx, `INSERT INTO documents (id, event_id, partner_id, name, content_type, size, sha256, salt, content, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.EventID, d.PartnerID, d.Name, d.ContentType, d.Size, d.SHA256, salt, d.Content,
		d.UploadedBy, d.CreatedAt); err != nil {
		return wrap(err, "store document")
	}
	if d.PartnerID != 0 {
		return tx.audit(ctx, "create", "document", d.ID, nil, map[string]any{"event_id": d.EventID, "partner_id": d.PartnerID,
			"hmac_sha256": keyed})
	}
	// An event's own document is no secret: the audit keeps its name, size
	// and digest, not its content.
	return tx.audit(ctx, "create", "document", d.ID, nil, d)
}

// DeleteDocument removes a document from a draft event.
func (s *DocumentService) DeleteDocument(ctx context.Context, eventID, id mutual.ID) error {
	u := mutual.UserFromContext(ctx)
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		e, err := writableEvent(ctx, tx, u, eventID)
		if err != nil {
			return err
		}
		d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ? AND event_id = ? AND partner_id IS NULL`, id, eventID), false)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Document")
		} else if err != nil {
			return wrap(err, "document")
		}
		if err := e.CanRemoveDocument(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
			return wrap(err, "delete document")
		}
		return tx.audit(ctx, "delete", "document", id, d, nil)
	})
}
