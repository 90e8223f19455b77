package store_test

import (
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// The two dialects' migrations must build the same tables, columns, types
// and indexes, but for what each database does its own way. Every such
// difference is listed here with its reason; anything else fails the test.
var (
	// sqliteOnly are tables, columns ("table.column") and indexes that
	// only SQLite has.
	sqliteOnly = map[string]string{
		"partner_fts":       "SQLite's full-text index (FTS5); PostgreSQL has partners.search_vec",
		"partners.sort_pos": "the partner's place in name order, the FTS5 rowid (store/position.go)",
		"partners_sort_pos": "the index on sort_pos",
	}
	// postgresOnly are the same for PostgreSQL.
	postgresOnly = map[string]string{
		"partners.search_vec": "PostgreSQL's tsvector; SQLite has partner_fts",
		"partners_search":     "the GIN index on search_vec",
	}
)

// column is what the test compares of a column: its kind of value and
// whether it may be null.
type column struct {
	kind    string
	notNull bool
}

type schema struct {
	columns map[string]column   // "table.column"
	indexes map[string][]string // name -> table and columns, with UNIQUE
	tables  map[string]bool
}

// sqliteKinds are the kinds of value a declared SQLite type may hold:
// SQLite keeps times, dates, decimals and JSON as text and booleans as
// integers.
var sqliteKinds = map[string][]string{
	"INTEGER": {"integer", "boolean"},
	"TEXT":    {"text", "time", "date", "decimal", "json"},
	"BLOB":    {"bytes"},
}

// postgresKind maps a PostgreSQL data type to its kind of value.
func postgresKind(t string) string {
	switch t {
	case "bigint", "integer", "smallint":
		return "integer"
	case "boolean":
		return "boolean"
	case "text", "character varying":
		return "text"
	case "timestamp with time zone":
		return "time"
	case "date":
		return "date"
	case "numeric":
		return "decimal"
	case "jsonb", "json":
		return "json"
	case "bytea":
		return "bytes"
	}
	return "unknown:" + t
}

func TestMigrationsBuildTheSameSchema(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip(storetest.EnvPostgres + " not set")
	}
	lite := sqliteSchema(t, storetest.MustOpenSQLite(t, storetest.Options{}))
	pg := postgresSchema(t, storetest.MustOpenPostgres(t, storetest.Options{}))
	if len(lite.columns) < 100 || len(pg.columns) < 100 || len(lite.indexes) < 20 || len(pg.indexes) < 20 {
		t.Fatalf("read too little of the schemas: SQLite %d columns and %d indexes, PostgreSQL %d and %d",
			len(lite.columns), len(lite.indexes), len(pg.columns), len(pg.indexes))
	}

	for name := range lite.tables {
		if !pg.tables[name] && sqliteOnly[name] == "" {
			t.Errorf("table %s is only in the SQLite migrations", name)
		}
	}
	for name := range pg.tables {
		if !lite.tables[name] && postgresOnly[name] == "" {
			t.Errorf("table %s is only in the PostgreSQL migrations", name)
		}
	}
	for name, lc := range lite.columns {
		pc, ok := pg.columns[name]
		switch {
		case !ok:
			if sqliteOnly[name] == "" && sqliteOnly[strings.SplitN(name, ".", 2)[0]] == "" {
				t.Errorf("column %s is only in the SQLite migrations", name)
			}
		case !slices.Contains(sqliteKinds[lc.kind], pc.kind):
			t.Errorf("column %s: SQLite declares %s, PostgreSQL %s", name, lc.kind, pc.kind)
		case lc.notNull != pc.notNull:
			t.Errorf("column %s: NOT NULL on SQLite %v, on PostgreSQL %v", name, lc.notNull, pc.notNull)
		}
	}
	for name := range pg.columns {
		if _, ok := lite.columns[name]; !ok && postgresOnly[name] == "" {
			t.Errorf("column %s is only in the PostgreSQL migrations", name)
		}
	}
	for name, li := range lite.indexes {
		pi, ok := pg.indexes[name]
		switch {
		case !ok:
			if sqliteOnly[name] == "" {
				t.Errorf("index %s is only in the SQLite migrations", name)
			}
		case !slices.Equal(li, pi):
			t.Errorf("index %s: SQLite %v, PostgreSQL %v", name, li, pi)
		}
	}
	for name := range pg.indexes {
		if _, ok := lite.indexes[name]; !ok && postgresOnly[name] == "" {
			t.Errorf("index %s is only in the PostgreSQL migrations", name)
		}
	}
}

func sqliteSchema(t *testing.T, db *store.DB) schema {
	t.Helper()
	s := schema{columns: map[string]column{}, indexes: map[string][]string{}, tables: map[string]bool{}}
	conn := db.WriteDB()
	tables := queryStrings(t, conn, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'partner_fts_%'`)
	for _, table := range tables {
		s.tables[table] = true
		if table == "partner_fts" {
			continue
		}
		rows, err := conn.Query(fmt.Sprintf(`SELECT name, type, "notnull", pk FROM pragma_table_info('%s')`, table))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, typ string
			var notNull, pk int
			if err := rows.Scan(&name, &typ, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			// A primary key is never null, whether or not it says so.
			s.columns[table+"."+name] = column{kind: strings.ToUpper(typ), notNull: notNull == 1 || pk > 0}
		}
		rows.Close()
		rows, err = conn.Query(fmt.Sprintf(`SELECT name, "unique", origin FROM pragma_index_list('%s')`, table))
		if err != nil {
			t.Fatal(err)
		}
		type idx struct {
			name   string
			unique bool
		}
		var list []idx
		for rows.Next() {
			var name, origin string
			var unique int
			if err := rows.Scan(&name, &unique, &origin); err != nil {
				t.Fatal(err)
			}
			if origin == "c" { // made by CREATE INDEX; the others come from constraints
				list = append(list, idx{name, unique == 1})
			}
		}
		rows.Close()
		for _, ix := range list {
			cols := queryStrings(t, conn, fmt.Sprintf(`SELECT coalesce(name, '<expr>') FROM pragma_index_info('%s') ORDER BY seqno`, ix.name))
			s.indexes[ix.name] = indexShape(table, ix.unique, cols)
		}
	}
	return s
}

func postgresSchema(t *testing.T, db *store.DB) schema {
	t.Helper()
	s := schema{columns: map[string]column{}, indexes: map[string][]string{}, tables: map[string]bool{}}
	conn := db.WriteDB()
	for _, table := range queryStrings(t, conn, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
		s.tables[table] = true
	}
	rows, err := conn.Query(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, typ, nullable string
		if err := rows.Scan(&table, &name, &typ, &nullable); err != nil {
			t.Fatal(err)
		}
		if s.tables[table] {
			s.columns[table+"."+name] = column{kind: postgresKind(typ), notNull: nullable == "NO"}
		}
	}
	rows.Close()
	rows, err = conn.Query(`SELECT i.relname, t.relname, x.indisunique,
			array_to_string(array(SELECT coalesce(a.attname, '<expr>') FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
				LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ',')
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND NOT x.indisprimary
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, table, cols string
		var unique bool
		if err := rows.Scan(&name, &table, &unique, &cols); err != nil {
			t.Fatal(err)
		}
		s.indexes[name] = indexShape(table, unique, strings.Split(cols, ","))
	}
	rows.Close()
	return s
}

func indexShape(table string, unique bool, cols []string) []string {
	out := []string{table}
	if unique {
		out = append(out, "UNIQUE")
	}
	return append(out, cols...)
}

// queryStrings returns the one column of q's rows, in the order q gives.
func queryStrings(t *testing.T, conn *sql.DB, q string) []string {
	t.Helper()
	rows, err := conn.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
