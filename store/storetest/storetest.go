// Package storetest opens real databases for tests: SQLite in a temporary
// directory and, when MUTUAL_TEST_POSTGRES holds a DSN, PostgreSQL. Each
// test binary gets a fresh PostgreSQL database and each test its own schema.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
)

// EnvPostgres names the environment variable holding a PostgreSQL DSN for tests.
const EnvPostgres = "MUTUAL_TEST_POSTGRES"

// Password is the password of users made by MustCreateUser.
const Password = "correct-horse-battery"

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Add moves the clock.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Options tune a test database; the zero value is fine.
type Options struct {
	Now func() time.Time
	// Logger receives the store's log; slog.Default() when nil.
	Logger *slog.Logger
	// IDSource gives the random IDs suppliers see; crypto/rand when nil.
	IDSource io.Reader
}

// MustOpen opens a fresh SQLite database in a temporary directory.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	return MustOpenSQLite(tb, Options{})
}

// sqliteTemplate is a freshly migrated SQLite database, made once per test
// binary: copying it is much cheaper than migrating for every test.
var sqliteTemplate struct {
	once sync.Once
	file []byte
	err  error
}

func migratedSQLite() ([]byte, error) {
	t := &sqliteTemplate
	t.once.Do(func() {
		dir, err := os.MkdirTemp("", "mutual-template-")
		if err != nil {
			t.err = err
			return
		}
		defer os.RemoveAll(dir)
		db, err := store.Open(context.Background(), store.Options{DataDir: dir, Argon2Memory: 1024})
		if err != nil {
			t.err = err
			return
		}
		if t.err = db.Close(); t.err == nil {
			t.file, t.err = os.ReadFile(filepath.Join(dir, "mutual.db"))
		}
	})
	return t.file, t.err
}

// MustOpenSQLite opens a fresh SQLite database in a temporary directory.
func MustOpenSQLite(tb testing.TB, o Options) *store.DB {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "data")
	file, err := migratedSQLite()
	if err == nil {
		if err = os.MkdirAll(dir, 0o700); err == nil {
			err = os.WriteFile(filepath.Join(dir, "mutual.db"), file, 0o600)
		}
	}
	if err != nil {
		tb.Fatalf("sqlite template: %v", err)
	}
	opts := AuditOptions(tb, dir, store.Options{DataDir: dir, Now: o.Now, Logger: o.Logger, IDSource: o.IDSource, Argon2Memory: 1024})
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	opened.Store(db, opts)
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustOpenPostgres opens a fresh schema in this test binary's PostgreSQL
// database, migrated and empty, from the binary's pool (pgSchemas); it
// skips the test when MUTUAL_TEST_POSTGRES is not set.
func MustOpenPostgres(tb testing.TB, o Options) *store.DB {
	tb.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		tb.Skip(EnvPostgres + " not set")
	}
	base, err := packageDatabase(dsn)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	schema, err := takeSchema(base)
	if err != nil {
		tb.Fatalf("postgres schema: %v", err)
	}
	opts := AuditOptions(tb, tb.TempDir(), store.Options{DatabaseURL: schemaURL(base, schema), Now: o.Now, Logger: o.Logger, IDSource: o.IDSource, Argon2Memory: 1024})
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		dropSchema(base, schema)
		tb.Fatalf("open postgres: %v", err)
	}
	opened.Store(db, opts)
	tb.Cleanup(func() {
		db.Close()
		giveBackSchema(base, schema)
	})
	return db
}

// schemaURL is base with schema as its search path.
func schemaURL(base, schema string) string {
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	// Tests need not wait for each commit to reach the disk.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// pgSchemas is this test binary's pool of migrated, empty schemas. A test
// takes one and gives it back emptied when it ends: migrating a schema
// costs PostgreSQL about 400 ms of work, which made the API suite (some
// 700 scenarios, a schema each) wait on the server for most of its time;
// emptying one costs a few tens of milliseconds. An emptied schema is made
// like the pristine one, migrated once and never used: the rows of every
// table deleted (TRUNCATE, which makes every table and index anew, costs
// as much as migrating), its sequences restarted, and the rows the
// migrations put in copied back.
var pgSchemas struct {
	sync.Mutex
	free     []string
	pristine string   // migrated, never used
	tables   []string // every table but schema_migrations
	seeded   []string // the tables the migrations put rows in
	seqs     []string // the sequences
}

// takeSchema returns a free schema of the pool, or a new migrated one.
func takeSchema(base string) (string, error) {
	p := &pgSchemas
	p.Lock()
	defer p.Unlock()
	if p.pristine == "" {
		if err := makePristine(base); err != nil {
			return "", err
		}
	}
	if n := len(p.free); n > 0 {
		schema := p.free[n-1]
		p.free = p.free[:n-1]
		return schema, nil
	}
	return newSchema(base) // migrated by store.Open
}

// makePristine migrates the pool's pristine schema and reads its tables.
func makePristine(base string) error {
	p := &pgSchemas
	schema, err := newSchema(base)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "mutual-template-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(context.Background(), store.Options{DataDir: dir, DatabaseURL: schemaURL(base, schema), Argon2Memory: 1024})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	rows, err := admin.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`, schema)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	var seqs []string
	rows, err = admin.Query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'S'`, schema)
	if err != nil {
		return err
	}
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, q)
	}
	rows.Close()
	var seeded []string
	for _, t := range tables {
		var some bool
		if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM ` + schema + `.` + t + `)`).Scan(&some); err != nil {
			return err
		}
		if some {
			seeded = append(seeded, t)
		}
	}
	p.pristine, p.tables, p.seeded, p.seqs = schema, tables, seeded, seqs
	return nil
}

// newSchema creates an empty schema.
func newSchema(base string) (string, error) {
	schema := fmt.Sprintf("t%d_%d", os.Getpid(), schemaSeq.Add(1))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		return "", fmt.Errorf("create schema: %w", err)
	}
	return schema, nil
}

// giveBackSchema empties schema and returns it to the pool; a schema that
// cannot be emptied (a connection left holding a lock) is dropped.
func giveBackSchema(base, schema string) {
	p := &pgSchemas
	p.Lock()
	pristine, tables, seeded, seqs := p.pristine, p.tables, p.seeded, p.seqs
	p.Unlock()
	// Foreign keys are not checked (replica) while every table is emptied.
	var b strings.Builder
	b.WriteString("BEGIN; SET LOCAL lock_timeout = '5s'; SET LOCAL session_replication_role = replica;")
	for _, t := range tables {
		b.WriteString(" DELETE FROM " + schema + "." + t + ";")
	}
	for _, t := range seeded {
		b.WriteString(" INSERT INTO " + schema + "." + t + " SELECT * FROM " + pristine + "." + t + ";")
	}
	for _, q := range seqs {
		b.WriteString(" SELECT setval('" + schema + "." + q + "', 1, false);")
	}
	b.WriteString(" COMMIT;")
	admin, err := sql.Open("pgx", base)
	if err == nil {
		defer admin.Close()
		_, err = admin.Exec(b.String())
	}
	if err != nil {
		dropSchema(base, schema)
		return
	}
	p.Lock()
	p.free = append(p.free, schema)
	p.Unlock()
}

// dropSchema drops schema, as well as it can.
func dropSchema(base, schema string) {
	if admin, err := sql.Open("pgx", base); err == nil {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	}
}

// AuditOptions adds to opts the audit key dir/audit.key, generated when it is
// missing as a server's first start does, and the checkpoint file
// dir/audit.checkpoints.
func AuditOptions(tb testing.TB, dir string, opts store.Options) store.Options {
	tb.Helper()
	key, err := store.LoadAuditKey(filepath.Join(dir, "audit.key"), true)
	if err != nil {
		tb.Fatalf("audit key: %v", err)
	}
	opts.AuditKey, opts.AuditCheckpoints = key, filepath.Join(dir, "audit.checkpoints")
	return opts
}

// opened holds the options each test database was opened with.
var opened sync.Map // *store.DB -> store.Options

// OptionsOf returns the options db was opened with by this package.
func OptionsOf(tb testing.TB, db *store.DB) store.Options {
	tb.Helper()
	o, ok := opened.Load(db)
	if !ok {
		tb.Fatal("storetest: database not opened by storetest")
	}
	return o.(store.Options)
}

// Reopen closes db and opens the same database again with its options as
// change leaves them, as a restarted server would. It returns the error of
// Open, and the database, closed when the test ends.
func Reopen(tb testing.TB, db *store.DB, change func(*store.Options)) (*store.DB, error) {
	tb.Helper()
	opts := OptionsOf(tb, db)
	db.Close()
	if change != nil {
		change(&opts)
	}
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		return nil, err
	}
	opened.Store(db, opts)
	tb.Cleanup(func() { db.Close() })
	return db, nil
}

// Tamper runs statements on db's database through a connection of its own,
// as someone who can write to the database (but not read the audit key)
// would. The statements take no arguments.
func Tamper(tb testing.TB, db *store.DB, statements ...string) {
	tb.Helper()
	opts := OptionsOf(tb, db)
	driver, dsn := "pgx", opts.DatabaseURL
	if dsn == "" {
		driver, dsn = "sqlite", "file:"+filepath.Join(opts.DataDir, "mutual.db")+"?_pragma=busy_timeout(10000)"
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	for _, q := range statements {
		if _, err := conn.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

// Each runs fn as a subtest on SQLite and, when configured, on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	EachWith(t, Options{}, fn)
}

// EachWith is Each with options, such as a test clock.
func EachWith(t *testing.T, o Options, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, MustOpenSQLite(t, o)) })
	if os.Getenv(EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, MustOpenPostgres(t, o)) })
	}
}

var (
	schemaSeq  atomic.Int64
	pkgDBOnce  sync.Once
	pkgDBURL   string
	pkgDBError error
	userSeq    atomic.Int64
)

// packageDatabase creates, once per test binary, a fresh database whose name
// is the binary's, the start time and the process ID, so that two runs
// against one server never drop each other's databases, and returns its DSN.
// Databases of earlier runs older than staleTestDatabase are dropped.
func packageDatabase(dsn string) (string, error) {
	pkgDBOnce.Do(func() {
		bin := strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
		bin = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return '_'
		}, strings.ToLower(bin))
		if len(bin) > 24 {
			bin = bin[:24]
		}
		now := time.Now()
		name := fmt.Sprintf("%s%s_%d_%d", testDatabasePrefix, bin, now.Unix(), os.Getpid())
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			pkgDBError = err
			return
		}
		defer admin.Close()
		dropStaleDatabases(admin, now)
		if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
			pkgDBError = fmt.Errorf("create database %s: %w", name, err)
			return
		}
		u, err := url.Parse(dsn)
		if err != nil {
			pkgDBError = err
			return
		}
		u.Path = "/" + name
		pkgDBURL = u.String()
	})
	return pkgDBURL, pkgDBError
}

// testDatabasePrefix starts the name of every test database.
const testDatabasePrefix = "mutual_t_"

// staleTestDatabase is the age past which a test database is taken to be
// left over from a run that ended without cleaning up: no test binary runs
// that long.
const staleTestDatabase = 3 * time.Hour

// dropStaleDatabases drops the test databases of earlier runs that are
// older than staleTestDatabase, reading their age from their names.
func dropStaleDatabases(admin *sql.DB, now time.Time) {
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE datname LIKE 'mutual\_t\_%' OR datname LIKE 'mutual\_test\_%'`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		parts := strings.Split(name, "_")
		started := int64(0)
		if len(parts) >= 2 {
			started, _ = strconv.ParseInt(parts[len(parts)-2], 10, 64)
		}
		// Names without a start time come from builds before names had one.
		if started == 0 || now.Sub(time.Unix(started, 0)) > staleTestDatabase {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	}
}

// MustCreateUser creates a user with the role (and partner, for supplier
// users) and returns it with its password, Password.
func MustCreateUser(tb testing.TB, db *store.DB, role string, partnerID mutual.ID) (*mutual.User, string) {
	tb.Helper()
	n := userSeq.Add(1)
	u := &mutual.User{Email: fmt.Sprintf("%s%d@test.example", role, n), Name: fmt.Sprintf("Test %s %d", role, n), Role: role, PartnerID: partnerID}
	if err := db.Services().Users.CreateUser(SystemContext(), u, Password); err != nil {
		tb.Fatalf("create user: %v", err)
	}
	return u, Password
}

// Context returns a background context acting as u.
func Context(u *mutual.User) context.Context {
	return mutual.NewContextWithUser(context.Background(), u)
}

// SystemContext returns a background context acting as the system.
func SystemContext() context.Context { return Context(mutual.SystemUser) }

// MustCreatePartner creates a partner as the system and returns it.
func MustCreatePartner(tb testing.TB, db *store.DB, p *mutual.Partner) *mutual.Partner {
	tb.Helper()
	if p.Country == "" {
		p.Country = "VN"
	}
	if len(p.Roles) == 0 {
		p.Roles = []string{mutual.PartnerSupplier}
	}
	if err := db.Services().Partners.CreatePartner(SystemContext(), p); err != nil {
		tb.Fatalf("create partner: %v", err)
	}
	return p
}
