package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
	"github.com/mutualsrm/mutual/web"
)

// app is the web handler over a real test database, served on httptest.
type app struct {
	db  *store.DB
	srv *httptest.Server
	log *bytes.Buffer
}

// newApp starts the pages over a fresh SQLite database.
func newApp(tb testing.TB) *app {
	tb.Helper()
	return newAppOn(tb, storetest.MustOpen(tb))
}

// newAppOn starts the pages over db.
func newAppOn(tb testing.TB, db *store.DB) *app {
	tb.Helper()
	return newAppWith(tb, db, func(*web.Options) {})
}

// newAppWith starts the pages over db with the options that set changes;
// the public URL is the test server's unless set says otherwise.
func newAppWith(tb testing.TB, db *store.DB, set func(*web.Options)) *app {
	tb.Helper()
	logs := &bytes.Buffer{}
	srv := httptest.NewUnstartedServer(nil)
	public, err := mutual.ParsePublicURL("http://" + srv.Listener.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	opts := web.Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), PublicURL: public}
	set(&opts)
	h, err := web.NewHandler(db.Services(), opts)
	if err != nil {
		tb.Fatalf("NewHandler: %v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	tb.Cleanup(srv.Close)
	return &app{db: db, srv: srv, log: logs}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see them.
type browser struct {
	tb     testing.TB
	app    *app
	client *http.Client
	header http.Header // sent with every request
}

func (a *app) browser(tb testing.TB) *browser {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	return &browser{tb: tb, app: a, header: http.Header{}, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// signIn returns a browser signed in as a new user of role.
func (a *app) signIn(tb testing.TB, role string, partnerID mutual.ID) (*browser, *mutual.User) {
	tb.Helper()
	u, pw := storetest.MustCreateUser(tb, a.db, role, partnerID)
	b := a.browser(tb)
	resp := b.post("/login", url.Values{"email": {u.Email}, "password": {pw}})
	if resp.status != http.StatusSeeOther {
		tb.Fatalf("sign in as %s: status %d\n%s", role, resp.status, resp.body)
	}
	return b, u
}

type response struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) response {
	b.tb.Helper()
	for k, v := range b.header {
		req.Header[k] = v
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (b *browser) get(path string) response {
	b.tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.app.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	b.tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) upload(path, field, filename, content string) response {
	b.tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile(field, filename)
	io.WriteString(fw, content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.app.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// mustContain fails unless body holds every want.
func mustContain(tb testing.TB, body string, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			tb.Errorf("page lacks %q", w)
		}
	}
	if tb.Failed() {
		tb.Logf("page:\n%s", body)
	}
}

// mustNotContain fails if body holds any of bad.
func mustNotContain(tb testing.TB, body string, bad ...string) {
	tb.Helper()
	for _, w := range bad {
		if strings.Contains(body, w) {
			tb.Errorf("page holds %q", w)
		}
	}
}

// partnerForm is a valid partner form.
func partnerForm(name, taxCode string) url.Values {
	return url.Values{
		"name": {name}, "tax_code": {taxCode}, "country": {"VN"}, "roles": {"supplier"},
		"segment": {"strategic"}, "status": {"active"},
		"annual_spend.amount": {"1250000"}, "annual_spend.currency": {"VND"},
	}
}
