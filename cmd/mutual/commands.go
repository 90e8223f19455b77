package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
	"github.com/mutualsrm/mutual/demo"
	"github.com/mutualsrm/mutual/store"
)

// openStore opens the store for a command that uses the audit chain as use
// says.
func openStore(ctx context.Context, cfg Config, use auditUse) (*store.DB, error) {
	opts, err := cfg.storeOptions()
	if err != nil {
		return nil, err
	}
	if opts, err = cfg.withAudit(opts, use); err != nil {
		return nil, err
	}
	return openWith(ctx, opts)
}

func systemContext(ctx context.Context) context.Context {
	return mutual.NewContextWithUser(ctx, mutual.SystemUser)
}

func runMigrate(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if _, err := subcommand("migrate", &cfg, args, stderr, nil); err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, auditWrite)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stdout, "Database (%s) is up to date.\n", db.Dialect())
	return nil
}

func runUser(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: mutual user add --email E --name N --role R [--partner ID] [--locale en|vi] < password")
	}
	var email, name, role, partner, locale string
	fs, err := subcommand("user add", &cfg, args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "email address (the login)")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&role, "role", "", "admin, manager, buyer, viewer or supplier")
		fs.StringVar(&partner, "partner", "", "partner ID, for supplier users")
		fs.StringVar(&locale, "locale", "", "en or vi (default: from the browser)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	pid, ok := mutual.ParseID(partner)
	if !ok {
		return fmt.Errorf("--partner must be a partner ID")
	}
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(stderr, "Password (at least 10 characters): ")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	db, err := openStore(ctx, cfg, auditWrite)
	if err != nil {
		return err
	}
	defer db.Close()
	u := &mutual.User{Email: email, Name: name, Role: role, PartnerID: pid, Locale: locale}
	if err := db.Services().Users.CreateUser(systemContext(ctx), u, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %s %s (%s), ID %s.\n", u.Role, u.Email, u.Name, u.ID)
	return nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func runImport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs, err := subcommand("import", &cfg, args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 2 || (fs.Arg(0) != "partners" && fs.Arg(0) != "contacts") {
		return errors.New("usage: mutual import partners|contacts FILE.csv")
	}
	f, err := os.Open(fs.Arg(1))
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openStore(ctx, cfg, auditWrite)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := db.Services()
	start := time.Now()
	var n int
	if fs.Arg(0) == "partners" {
		n, err = csv.ImportPartners(systemContext(ctx), svc.Partners, f)
	} else {
		n, err = csv.ImportContacts(systemContext(ctx), svc.Partners, svc.Contacts, f)
	}
	if err != nil {
		return fmt.Errorf("nothing imported: %s", errorText(err))
	}
	fmt.Fprintf(stdout, "Imported %d %s in %s.\n", n, fs.Arg(0), time.Since(start).Round(time.Millisecond))
	return nil
}

func runExport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs, err := subcommand("export", &cfg, args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() < 1 || fs.NArg() > 2 || (fs.Arg(0) != "partners" && fs.Arg(0) != "contacts") {
		return errors.New("usage: mutual export partners|contacts [FILE.csv]")
	}
	db, err := openStore(ctx, cfg, auditNone)
	if err != nil {
		return err
	}
	defer db.Close()
	w, closeOut := stdout, func() error { return nil }
	if fs.NArg() == 2 {
		f, err := os.Create(fs.Arg(1))
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<16)
		w, closeOut = bw, func() error { return errors.Join(bw.Flush(), f.Close()) }
	}
	svc := db.Services()
	if fs.Arg(0) == "partners" {
		err = csv.WritePartners(systemContext(ctx), svc.Partners, w)
	} else {
		err = csv.WriteContacts(systemContext(ctx), svc.Partners, w)
	}
	return errors.Join(err, closeOut())
}

func runDemo(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	var n int
	var seed int64
	var activity bool
	var csvFile, contactsFile string
	if _, err := subcommand("demo", &cfg, args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&n, "partners", 0, "how many partners to generate")
		fs.BoolVar(&activity, "activity", false, "give each generated partner a history: about ten interactions and two commitments")
		fs.Int64Var(&seed, "seed", time.Now().UnixNano(), "random seed (the same seed gives the same data)")
		fs.StringVar(&csvFile, "csv", "", "write the partners to this CSV file as a buyer's ERP exports them, instead of adding them to the database")
		fs.StringVar(&contactsFile, "contacts-csv", "", "with --csv: also write their contacts to this CSV file, named by partner_tax_code")
	}); err != nil {
		return err
	}
	if n < 0 {
		return errors.New("--partners must not be negative")
	}
	if csvFile != "" {
		return writeERPFiles(csvFile, contactsFile, n, seed, stdout)
	} else if contactsFile != "" {
		return errors.New("--contacts-csv needs --csv")
	}
	db, err := openStore(ctx, cfg, auditWrite)
	if err != nil {
		return err
	}
	defer db.Close()
	login, err := seedIfEmpty(ctx, db)
	if err != nil {
		return err
	}
	if login != nil {
		fmt.Fprintf(stdout, "Added the demo data set. Sign in as %s with password %s\n", login.Email, login.Password)
	}
	if n > 0 {
		start := time.Now()
		generate := demo.Generate
		if activity {
			generate = demo.GenerateWithActivity
		}
		if err := generate(systemContext(ctx), db.Services(), n, seed); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Generated %d partners in %s.\n", n, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// writeERPFiles writes the generated ERP export of n partners (and their
// contacts when contactsFile is set) without touching the database.
func writeERPFiles(csvFile, contactsFile string, n int, seed int64, stdout io.Writer) error {
	start := time.Now()
	pf, err := os.Create(csvFile)
	if err != nil {
		return err
	}
	defer pf.Close()
	var contacts io.Writer
	if contactsFile != "" {
		cf, err := os.Create(contactsFile)
		if err != nil {
			return err
		}
		defer cf.Close()
		contacts = cf
	}
	if err := demo.WriteERPCSV(pf, contacts, n, seed); err != nil {
		return err
	}
	if err := pf.Close(); err != nil {
		return err
	}
	if c, ok := contacts.(*os.File); ok {
		if err := c.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Wrote %d partners to %s in %s.\n", n, csvFile, time.Since(start).Round(time.Millisecond))
	return nil
}

// seedIfEmpty adds the demo data set when the database has no users yet and
// returns the login to print, or nil when there were users already.
func seedIfEmpty(ctx context.Context, db *store.DB) (*demo.Login, error) {
	users, _, err := db.Services().Users.FindUsers(systemContext(ctx), mutual.UserFilter{Limit: 1})
	if err != nil || len(users) > 0 {
		return nil, err
	}
	return demo.Seed(systemContext(ctx), db.Services())
}

func runAudit(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs, err := subcommand("audit", &cfg, args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "verify" {
		return errors.New("usage: mutual audit verify")
	}
	db, err := openStore(ctx, cfg, auditVerify)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Services().Audit.VerifyAudit(systemContext(ctx))
	if err != nil {
		return err
	}
	if !v.Intact {
		return errors.New(auditFindings(v))
	}
	fmt.Fprintf(stdout, "Audit log intact: %d records, head %s\n", v.Records, v.Head)
	if c := v.Checkpoint; c != nil {
		fmt.Fprintf(stdout, "Last checkpoint: %s, %d records.\n", c.At.Format(time.RFC3339), c.Records)
	} else {
		fmt.Fprintln(stdout, "No checkpoint yet: the chain was checked alone.")
	}
	return nil
}

// auditFindings says what VerifyAudit found wrong, one finding a line.
func auditFindings(v *mutual.AuditVerification) string {
	var lines []string
	if v.FirstBroken != nil {
		n := *v.FirstBroken
		var s string
		switch v.Reason {
		case mutual.AuditRecordAltered:
			s = fmt.Sprintf("record %d was altered, inserted out of chain, or a record before it removed", n)
		case mutual.AuditHeadAltered:
			s = fmt.Sprintf("the head of the chain does not name its last record: record %d is missing, or the head was written", n)
		case mutual.AuditRecordsMissing:
			s = fmt.Sprintf("records from %d on are missing: the checkpoint of %s counted %d records", n, v.Checkpoint.At.Format(time.RFC3339), v.Checkpoint.Records)
		case mutual.AuditDiffersFromCheckpoint:
			s = fmt.Sprintf("record %d differs from the checkpoint of %s: the chain was rewritten up to it", n, v.Checkpoint.At.Format(time.RFC3339))
		case mutual.AuditChainUnkeyed:
			s = "the head says the chain is not signed with a key, though the key exists: the head was written"
		case mutual.AuditKeyMismatch:
			s = "the chain is signed with another key than this one: use the key file of the server that signed it"
		default:
			s = fmt.Sprintf("record %d is broken (%s)", n, v.Reason)
		}
		lines = append(lines, fmt.Sprintf("audit log broken at record %d (%d records intact before it): %s", n, v.Records, s))
	}
	if v.CheckpointFileAltered {
		lines = append(lines, fmt.Sprintf("audit checkpoint file altered: line %d is not a validly signed checkpoint", v.AlteredCheckpointLine))
	}
	return strings.Join(lines, "\n")
}

func runBackup(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs, err := subcommand("backup", &cfg, args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: mutual backup FILE")
	}
	db, err := openStore(ctx, cfg, auditNone)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up to %s.\n", fs.Arg(0))
	return nil
}
