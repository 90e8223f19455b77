package store

import "database/sql"

// WriteDB exposes the writer connection to tests that must tamper with rows.
func (db *DB) WriteDB() *sql.DB { return db.write }

// Rebind exposes placeholder rewriting to tests.
func (db *DB) Rebind(q string) string { return db.rebind(q) }
