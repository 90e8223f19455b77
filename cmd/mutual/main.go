// Command mutual runs Mutual, the supplier relationship management system,
// and its operator commands. See README.md for every command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	_ "time/tzdata" // time zones load on machines without zoneinfo

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
)

const usage = `Mutual — supplier relationship management.

Usage:
  mutual [--data DIR] [--database-url URL] COMMAND [flags]

Commands:
  serve [--addr 127.0.0.1:8080] [--demo]   run the web UI and the JSON API
  migrate                                  apply database migrations
  user add --email E --name N --role R [--partner ID] [--locale en|vi]
                                           add a user; the password is read from standard input
  import partners FILE.csv                 import partners (all or nothing)
  import contacts FILE.csv                 import contacts (all or nothing)
  export partners [FILE.csv]               export partners (standard output without FILE)
  export contacts [FILE.csv]               export contacts
  demo --partners N [--seed S] [--activity]
                                           add N generated partners (and the demo users if none);
                                           --activity gives each about ten interactions and two commitments
  audit verify                             check the audit log's keyed hash chain and its checkpoints
  backup FILE                              copy the SQLite database to FILE (mode 0600) while it runs

Global flags (also from MUTUAL_DATA, MUTUAL_DATABASE_URL, MUTUAL_TIMEZONE,
MUTUAL_AUDIT_KEY_FILE and MUTUAL_AUDIT_CHECKPOINT_FILE):
  --data DIR             data directory: the SQLite database, the audit key and
                         checkpoints (default ./mutual-data)
  --database-url URL     use PostgreSQL instead: postgres://user@host:5432/db
  --timezone ZONE        the company's time zone (default Asia/Ho_Chi_Minh; MUTUAL_TIMEZONE)
  --audit-key-file FILE  the key that signs the audit log (default DIR/audit.key,
                         made on first start, mode 0600; back it up apart from the database)
  --audit-checkpoint-file FILE
                         where signed checkpoints of the audit log are appended
                         (default DIR/audit.checkpoints)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutual:", errorText(err))
		os.Exit(1)
	}
}

// errorText prints a domain error with its fields, one per line.
func errorText(err error) string {
	s := err.Error()
	var e *mutual.Error
	if errors.As(err, &e) {
		s = e.Message
		for _, f := range e.Fields {
			s += "\n  " + f.Field + ": " + f.Message
		}
	}
	return s
}

// Config holds what the flags and environment say.
type Config struct {
	DataDir     string
	DatabaseURL string
	TimeZone    string // IANA name of the company's time zone
	// AuditKeyFile holds the key that signs the audit chain; DataDir/audit.key when empty.
	AuditKeyFile string
	// AuditCheckpointFile receives signed checkpoints of the audit chain;
	// DataDir/audit.checkpoints when empty.
	AuditCheckpointFile string
}

func (c *Config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "SQLite data directory")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL URL (postgres://...)")
	fs.StringVar(&c.TimeZone, "timezone", c.TimeZone, "the company's time zone, in which deadlines end (IANA name)")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", c.AuditKeyFile, "the key that signs the audit log (default DIR/audit.key)")
	fs.StringVar(&c.AuditCheckpointFile, "audit-checkpoint-file", c.AuditCheckpointFile, "where signed checkpoints of the audit log are appended (default DIR/audit.checkpoints)")
}

// storeOptions turns the configuration into the store's options.
func (c Config) storeOptions() (store.Options, error) {
	zone, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		return store.Options{}, fmt.Errorf("--timezone %q is not a time zone (use an IANA name such as Asia/Ho_Chi_Minh)", c.TimeZone)
	}
	return store.Options{DataDir: c.DataDir, DatabaseURL: c.DatabaseURL, Zone: zone}, nil
}

// auditUse says what a command does with the audit chain.
type auditUse int

const (
	auditNone   auditUse = iota // reads only (export, backup): no key
	auditVerify                 // verifies the chain: the key must exist
	auditWrite                  // writes: the key is made on the first start
)

// withAudit adds the audit key and the checkpoint file to opts.
func (c Config) withAudit(opts store.Options, use auditUse) (store.Options, error) {
	if use == auditNone {
		return opts, nil
	}
	keyFile, ckptFile := c.AuditKeyFile, c.AuditCheckpointFile
	if keyFile == "" {
		keyFile = filepath.Join(c.DataDir, "audit.key")
	}
	if ckptFile == "" {
		ckptFile = filepath.Join(c.DataDir, "audit.checkpoints")
	}
	key, err := store.LoadAuditKey(keyFile, use == auditWrite)
	if err != nil {
		return opts, err
	}
	opts.AuditKey, opts.AuditCheckpoints, opts.AuditVerifyOnly = key, ckptFile, use == auditVerify
	return opts, nil
}

// openWith opens the store; a key generated for it and never used is
// removed again when it does not open, so that the next start is again the
// first.
func openWith(ctx context.Context, opts store.Options) (*store.DB, error) {
	db, err := store.Open(ctx, opts)
	if err != nil {
		opts.AuditKey.RemoveIfUnused()
	}
	return db, err
}

// Run parses args and runs one command.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg := Config{DataDir: envOr("MUTUAL_DATA", "mutual-data"), DatabaseURL: os.Getenv("MUTUAL_DATABASE_URL"), TimeZone: envOr("MUTUAL_TIMEZONE", store.DefaultZone),
		AuditKeyFile: os.Getenv("MUTUAL_AUDIT_KEY_FILE"), AuditCheckpointFile: os.Getenv("MUTUAL_AUDIT_CHECKPOINT_FILE")}
	fs := flag.NewFlagSet("mutual", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	cfg.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	args = fs.Args()
	if len(args) == 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, cfg, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, cfg, rest, stdout, stderr)
	case "user":
		return runUser(ctx, cfg, rest, stdin, stdout, stderr)
	case "import":
		return runImport(ctx, cfg, rest, stdout, stderr)
	case "export":
		return runExport(ctx, cfg, rest, stdout, stderr)
	case "demo":
		return runDemo(ctx, cfg, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, cfg, rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, cfg, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// subcommand parses a subcommand's flags, which may also repeat the global ones.
func subcommand(name string, cfg *Config, args []string, stderr io.Writer, define func(fs *flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet("mutual "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.register(fs)
	if define != nil {
		define(fs)
	}
	// Let flags follow positional arguments too: "import partners f.csv --data d".
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs, fs.Parse(pos)
}
