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
// database; it skips the test when MUTUAL_TEST_POSTGRES is not set.
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
	schema := fmt.Sprintf("t%d_%d", os.Getpid(), schemaSeq.Add(1))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	// Tests need not wait for each commit to reach the disk.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	opts := AuditOptions(tb, tb.TempDir(), store.Options{DatabaseURL: u.String(), Now: o.Now, Logger: o.Logger, IDSource: o.IDSource, Argon2Memory: 1024})
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	opened.Store(db, opts)
	tb.Cleanup(func() {
		db.Close()
		if admin, err := sql.Open("pgx", base); err == nil {
			admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			admin.Close()
		}
	})
	return db
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
