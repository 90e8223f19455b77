package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mutualsrm/mutual"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The differences between SQLite and PostgreSQL that the store's entity
// files meet sit here, one function each: placeholders and stored
// arguments, constraint violations, locks, full-text search, date
// arithmetic in the company's zone, and backups. Entity files call these
// instead of asking which dialect they speak. SQLite's tuning, which
// changes no result, sits in the sqlite_*.go files, which entity files
// never call.

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Placeholders and arguments.

// rebind rewrites ? placeholders to $1, $2... for PostgreSQL. Queries never
// hold a literal question mark.
func (db *DB) rebind(query string) string {
	if db.dialect != Postgres {
		return query
	}
	if v, ok := db.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
		} else {
			b.WriteByte(query[i])
		}
	}
	out := b.String()
	db.rebound.Store(query, out)
	return out
}

// args converts arguments to what the dialect stores: times go to SQLite as
// fixed-width UTC text so that they sort, IDs as int64, zero IDs as NULL.
func (db *DB) args(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			if db.dialect == SQLite {
				args[i] = formatTime(v)
			} else {
				args[i] = v.UTC()
			}
		case mutual.ID:
			if v == 0 {
				args[i] = nil
			} else {
				args[i] = int64(v)
			}
		}
	}
	return args
}

const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// Constraint violations, from the drivers' error codes.

// isUniqueViolation reports whether err is a unique (or primary key)
// constraint violation on either database.
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505" // unique_violation
	}
	code, ok := sqliteCode(err)
	return ok && (code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// sqliteCode returns the extended result code of an SQLite error.
func sqliteCode(err error) (int, bool) {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code(), true
	}
	return 0, false
}

// Locks. SQLite's one writer connection lets writers in one at a time, so
// SQLite needs none of them; PostgreSQL runs writers of many connections
// and processes at once.

// serialize makes tx wait for, and then hold until it ends, the lock named
// name, so that the transactions that take it run one after the other.
func (tx *Tx) serialize(ctx context.Context, name string) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(?))`, name)
	return wrap(err, "lock "+name)
}

// serializeStart makes servers that start together on one database migrate
// it and key its audit chain one after the other.
func (tx *Tx) serializeStart(ctx context.Context) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7210001)`)
	return err
}

// lockRow makes tx wait for, and then hold until it ends, the row of table
// with id, so that writers of that row take turns.
func (tx *Tx) lockRow(ctx context.Context, table string, id mutual.ID) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT id FROM `+table+` WHERE id = ? FOR UPDATE`, id)
	return wrap(err, "lock "+table)
}

// Full-text search of partners: every term (from mutual.SearchTerms, so
// letters and digits only) must start a word of the partner's search text.
// PostgreSQL matches its search_vec column; SQLite keeps an FTS5 table,
// partner_fts, in name order (position.go, sqlite_search.go).

// searchInNameOrder shapes q as a search of terms in name order from the
// row after cur on, where the dialect's full-text index reads in name order
// and so stops at the page: SQLite's. It reports whether it did.
func searchInNameOrder(ctx context.Context, tx *Tx, q *partnerQuery, terms []string, desc bool, cur *partnerCursor) (bool, error) {
	if tx.db.dialect != SQLite {
		return false, nil
	}
	return true, sqliteNameOrder(ctx, tx, q, terms, desc, cur)
}

// matchTerms narrows q to the partners that match terms, and reports
// whether any may. PostgreSQL matches within q; SQLite finds the IDs of the
// page's partners first.
func matchTerms(ctx context.Context, tx *Tx, q *partnerQuery, terms []string, limit int) (bool, error) {
	if tx.db.dialect != Postgres {
		return sqliteMatch(ctx, tx, q, terms, limit)
	}
	prefixes := make([]string, len(terms))
	for i, t := range terms {
		prefixes[i] = t + ":*"
	}
	q.where, q.args = append(q.where, "p.search_vec @@ to_tsquery('simple', ?)"), append(q.args, strings.Join(prefixes, " & "))
	return true, nil
}

// ftsMatch builds an FTS5 query in which every term must start a word.
func ftsMatch(terms []string) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"*`
	}
	return strings.Join(q, " ")
}

// indexNewPartners adds the partners inserted in tx from ID first on to
// SQLite's full-text table, placing them in name order first; PostgreSQL's
// search_vec follows search_text by itself.
func indexNewPartners(ctx context.Context, tx *Tx, first mutual.ID) error {
	if tx.db.dialect != SQLite || first == 0 {
		return nil
	}
	return sqliteIndexNew(ctx, tx, first)
}

// placeRenamed moves a partner whose sort key changed to its new place in
// SQLite's name order; reindexPartner then writes its full-text row again.
func placeRenamed(ctx context.Context, tx *Tx, id mutual.ID) error {
	if tx.db.dialect != SQLite {
		return nil
	}
	return movePartner(ctx, tx, id)
}

// Dates in the company's zone.

// dateAfterSQL is the SQL expression of the day in the company's zone (text
// YYYY-MM-DD) gap days after the time from, both SQL expressions. Its one ?
// takes tx.zoneArg().
func dateAfterSQL(dialect, from, gap string) string {
	if dialect == Postgres {
		return `to_char(CAST(` + from + ` AT TIME ZONE ? AS DATE) + ` + gap + `, 'YYYY-MM-DD')`
	}
	return `date(` + from + `, ?, '+' || ` + gap + ` || ' days')`
}

// zoneArg is the argument of dateAfterSQL's ?: the company's zone on
// PostgreSQL; on SQLite, which knows no zones, its offset at tx.now.
func (tx *Tx) zoneArg() any {
	if tx.db.dialect == Postgres {
		return tx.db.zone.String()
	}
	_, offset := tx.now.In(tx.db.zone).Zone()
	return fmt.Sprintf("%+d seconds", offset)
}

// Backups.

// Backup writes a consistent copy of the SQLite database to path while it is
// in use. The copy holds password hashes and sealed bids: it is readable by
// its owner only (mode 0600), from its first byte. PostgreSQL deployments
// back up with pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return mutual.Errorf(mutual.EINVALID, "Back up PostgreSQL with pg_dump.")
	}
	// VACUUM INTO fills an empty file that exists: create it first, 0600.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return mutual.Errorf(mutual.ECONFLICT, "%s exists already.", path)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := db.writePool.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return wrap(err, "backup")
	}
	return nil
}
