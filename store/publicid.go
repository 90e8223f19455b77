package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/mutualsrm/mutual"
)

// Suppliers see the IDs of sourcing: events and their lines, questions,
// criteria, documents and clarifications, bids and their attachments,
// negotiations with their lines and rounds, agreements, notifications.
// Numbered from a sequence, two IDs a supplier sees one after the other
// would count what everyone else did in between: how many bids the others
// submitted, how many events it was not invited to. These rows get a
// random ID instead, chosen here at INSERT; the integer key columns stay
// as they are, and rows written before keep their numbers. The tables
// only the buying side sees (users, partners, contacts, the audit log and
// the rest) keep their sequences.
//
// Nothing may take these IDs for a chronology: lists are in order of a
// time column, with the ID only to break ties.

// Public IDs are uniform in [minPublicID, maxPublicID): above any number a
// sequence has given, and below 2^53, so that a client reading the ID as a
// JSON number (a float64) still reads it exactly.
const (
	minPublicID = 1 << 32
	maxPublicID = 1 << 53
)

// errPublicIDTaken is a random ID that another row has already: the write
// is tried again with another.
var errPublicIDTaken = errors.New("store: random ID already taken")

// newPublicID returns the ID of a new row a supplier may see: uniform
// random in [minPublicID, maxPublicID), from crypto/rand unless
// Options.IDSource says otherwise.
func (db *DB) newPublicID() mutual.ID {
	var b [8]byte
	for {
		if db.ids != nil {
			db.ids.read(b[:])
		} else {
			rand.Read(b[:]) // crypto/rand never fails (it crashes the program instead)
		}
		n := binary.BigEndian.Uint64(b[:]) & (maxPublicID - 1)
		if n >= minPublicID {
			return mutual.ID(n)
		}
	}
}

// lockedReader is Options.IDSource, read by one writer at a time.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

// read fills b from the source. A source that fails is a broken test.
func (l *lockedReader) read(b []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := io.ReadFull(l.r, b); err != nil {
		panic("store: IDSource: " + err.Error())
	}
}

// publicIDTries is how many random IDs an insert tries: two in a row that
// are taken already (a chance of about n²/2^106 with n rows) is as good as
// never.
const publicIDTries = 4

// insertPublic runs query, an INSERT of one row into a table whose rows
// suppliers may see, with id its first column and the first ? its value,
// and returns the row's new random ID. It adds ON CONFLICT (id) DO
// NOTHING RETURNING id, so that an ID already taken aborts nothing (a
// PostgreSQL transaction would not survive the error) and another is
// tried. A query that is an INSERT ... SELECT needs a WHERE clause, for
// SQLite to parse it.
func (tx *Tx) insertPublic(ctx context.Context, query string, args ...any) (mutual.ID, error) {
	query += ` ON CONFLICT (id) DO NOTHING RETURNING id`
	all := append([]any{nil}, args...)
	for range publicIDTries {
		all[0] = tx.db.newPublicID()
		var id mutual.ID
		err := tx.QueryRowContext(ctx, query, all...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		return id, err
	}
	return 0, errPublicIDTaken
}

// retryPublicID runs fn in a write transaction (see DB.write), and again in
// a new one while it fails with errPublicIDTaken: for an upsert whose
// conflict is on another key, where a taken ID is an error that ends the
// transaction.
func (db *DB) retryPublicID(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for range publicIDTries {
		if err = db.write(ctx, fn); !errors.Is(err, errPublicIDTaken) {
			return err
		}
	}
	return err
}
