package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/api"
	"github.com/mutualsrm/mutual/demo"
	"github.com/mutualsrm/mutual/jobs"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/web"
)

// Main is the running server: the store, the HTTP server and its listener.
type Main struct {
	Config Config
	Addr   string // listen address; ":0" picks a free port
	Demo   bool   // add the demo data set when the database is empty
	TLS    bool   // served behind TLS (sets Secure cookies)
	// PublicURL is the address people reach Mutual at, for the links it
	// hands out; zero: http:// and the address it listens on.
	PublicURL mutual.PublicURL
	Logger    *slog.Logger
	Stdout    io.Writer

	DB     *store.DB
	server *http.Server
	ln     net.Listener
}

// URL returns the address the server listens on.
func (m *Main) URL() string { return "http://" + m.ln.Addr().String() }

// Open opens the database, adds demo data if asked, and starts listening.
func (m *Main) Open(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	// A soft limit keeps the collector ahead of bursts (a big CSV import,
	// a backlog of jobs) so the server stays small; GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
	if m.Stdout == nil {
		m.Stdout = io.Discard
	}
	if m.Config.TimeZone == "" {
		m.Config.TimeZone = store.DefaultZone
	}
	opts, err := m.Config.storeOptions()
	if err != nil {
		return err
	}
	opts.Logger = m.Logger
	if opts, err = m.Config.withAudit(opts, auditWrite); err != nil {
		return err
	}
	db, err := openWith(ctx, opts)
	if err != nil {
		return err
	}
	m.DB = db
	var login string
	if m.Demo {
		l, err := seedIfEmpty(ctx, db)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if l != nil {
			login = fmt.Sprintf("Sign in as %s with password %s", l.Email, l.Password)
		} else {
			login = fmt.Sprintf("Demo data is already there; sign in as admin@mutual.example with password %s unless it was changed.", demo.Password)
		}
	}
	if m.ln, err = net.Listen("tcp", m.Addr); err != nil {
		return err
	}
	linkNote := "Links (calendar feeds) start with %s.\n"
	if m.PublicURL.IsZero() {
		m.PublicURL = listenURL(m.ln.Addr())
		linkNote = "Links (calendar feeds) start with %s; set --public-url to the address people reach Mutual at.\n"
	}
	h, err := m.handler()
	if err != nil {
		m.ln.Close()
		return err
	}
	m.server = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // CSV uploads
		WriteTimeout:      5 * time.Minute, // CSV exports
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(m.Stdout, "Mutual is running at %s (database: %s)\n", m.URL(), db.Dialect())
	fmt.Fprintf(m.Stdout, linkNote, m.PublicURL)
	if login != "" {
		fmt.Fprintln(m.Stdout, login)
	}
	return nil
}

func (m *Main) handler() (http.Handler, error) {
	svc := m.DB.Services()
	apiHandler := api.NewHandler(svc, api.Options{Logger: m.Logger, ClientAddr: clientAddr(m.TLS), PublicURL: m.PublicURL})
	webHandler, err := web.NewHandler(svc, web.Options{Logger: m.Logger, Secure: m.TLS, ClientAddr: clientAddr(m.TLS), PublicURL: m.PublicURL})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/", webHandler)
	return mux, nil
}

// listenURL is the public URL when none is given: http:// and the address
// listened on, with localhost for an address that means every interface.
func listenURL(addr net.Addr) mutual.PublicURL {
	host, port, err := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); err == nil && (host == "" || ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	u, err := mutual.ParsePublicURL("http://" + net.JoinHostPort(host, port))
	if err != nil {
		u, _ = mutual.ParsePublicURL(mutual.DefaultPublicURL)
	}
	return u
}

// clientAddr returns how to find a request's client address for sign-in
// rate limits. Behind a reverse proxy every connection comes from the proxy,
// so the address is the last one in X-Forwarded-For: the one the proxy saw.
// Earlier entries are whatever the client claimed and are not trusted.
func clientAddr(behindProxy bool) func(*http.Request) string {
	return func(r *http.Request) string {
		if behindProxy {
			if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
				parts := strings.Split(xff[len(xff)-1], ",")
				if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
					return ip
				}
			}
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
}

// Run serves until ctx is cancelled, then shuts down gracefully.
func (m *Main) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(m.ln) }()
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		(&jobs.Runner{Services: m.DB.Services(), Logger: m.Logger}).Run(jobsCtx)
	}()
	defer func() { stopJobs(); <-jobsDone }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.server.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close closes the database.
func (m *Main) Close() error {
	if m.DB != nil {
		return m.DB.Close()
	}
	return nil
}

func runServe(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	m := &Main{Stdout: stdout}
	publicURL := os.Getenv("MUTUAL_PUBLIC_URL")
	if _, err := subcommand("serve", &cfg, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&m.Addr, "addr", "127.0.0.1:8080", "listen address")
		fs.BoolVar(&m.Demo, "demo", false, "fill an empty database with demo data")
		fs.BoolVar(&m.TLS, "tls-proxy", false, "served behind a TLS-terminating reverse proxy: mark cookies Secure and take the client's address from X-Forwarded-For")
		fs.StringVar(&publicURL, "public-url", publicURL, "the address people reach Mutual at (https://srm.example.com), for the links it hands out; default http:// and --addr (MUTUAL_PUBLIC_URL)")
	}); err != nil {
		return err
	}
	if publicURL != "" {
		u, err := mutual.ParsePublicURL(publicURL)
		if err != nil {
			return fmt.Errorf("--public-url %q: %s", publicURL, mutual.ErrorFields(err)[0].Message)
		}
		m.PublicURL = u
	}
	m.Config = cfg
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	return m.Run(ctx)
}
