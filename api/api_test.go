package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/api"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// The names of the fixture's partners; A is the supplier user's own partner.
const (
	nameA = "Công ty TNHH Thiết bị Nguyễn Đức"
	nameB = "Acme Industrial Supplies"
	taxA  = "0100233488"
)

// fixture is a real store behind the API handler, with one user per role
// (the supplier user belongs to partner A) and two partners with a contact each.
type fixture struct {
	tb       testing.TB
	db       *store.DB
	svc      mutual.Services
	handler  http.Handler
	users    map[string]*mutual.User
	A, B     *mutual.Partner
	cA, cB   *mutual.Contact
	replacer *strings.Replacer
	names    []string          // placeholder, value pairs of replacer
	tokens   map[string]string // role -> token, see cachedToken
}

// roles are the callers the tests try: every role, and "" for no token.
var roles = []string{"", mutual.RoleAdmin, mutual.RoleManager, mutual.RoleBuyer, mutual.RoleViewer, mutual.RoleSupplier}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	return newFixtureOn(tb, storetest.MustOpen(tb))
}

func newFixtureOn(tb testing.TB, db *store.DB) *fixture {
	tb.Helper()
	f := &fixture{tb: tb, db: db, svc: db.Services(), users: map[string]*mutual.User{}}
	// httptest requests come for example.com: the public address of the tests.
	public, _ := mutual.ParsePublicURL("http://example.com")
	f.handler = api.NewHandler(f.svc, api.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicURL: public})
	for _, role := range []string{mutual.RoleAdmin, mutual.RoleManager, mutual.RoleBuyer, mutual.RoleViewer} {
		f.users[role], _ = storetest.MustCreateUser(tb, db, role, 0)
	}
	f.A = storetest.MustCreatePartner(tb, db, &mutual.Partner{Name: nameA, TaxCode: taxA, Country: "VN", Roles: []string{"supplier"}, Segment: "strategic",
		Contacts: []*mutual.Contact{{Name: "Trần Thị Mai", Email: "mai@nguyenduc.vn", Primary: true}}})
	f.B = storetest.MustCreatePartner(tb, db, &mutual.Partner{Name: nameB, Country: "US", Roles: []string{"customer"}, Segment: "routine",
		Contacts: []*mutual.Contact{{Name: "John Smith", Email: "john@acme.example"}}})
	f.cA, f.cB = f.A.Contacts[0], f.B.Contacts[0]
	f.users[mutual.RoleSupplier], _ = storetest.MustCreateUser(tb, db, mutual.RoleSupplier, f.A.ID)
	f.alias(
		"{A}", f.A.ID.String(), "{B}", f.B.ID.String(),
		"{cA}", f.cA.ID.String(), "{cB}", f.cB.ID.String(),
		"{admin}", f.users[mutual.RoleAdmin].ID.String(), "{buyer}", f.users[mutual.RoleBuyer].ID.String(),
		"{manager}", f.users[mutual.RoleManager].ID.String(), "{viewer}", f.users[mutual.RoleViewer].ID.String(),
		"{supplier}", f.users[mutual.RoleSupplier].ID.String(),
	)
	f.alias(relativeDates(f.svc.Zone)...)
	return f
}

// alias adds placeholders (placeholder, value pairs) that requests and
// expected content may use.
func (f *fixture) alias(pairs ...string) {
	f.names = append(f.names, pairs...)
	f.replacer = strings.NewReplacer(f.names...)
}

// relativeDates names days and times around now in the company's zone, so
// that scenarios about deadlines hold whenever they run: {d0} is today,
// {d+7} a week from now, {t-1d} an RFC 3339 time a day ago.
func relativeDates(zone *time.Location) []string {
	now := time.Now().In(zone)
	today := mutual.DateOf(now, zone)
	out := []string{"{d0}", today.String()}
	for _, n := range []int{-400, -30, -2, -1, 1, 7, 13, 14, 30, 90, 365} {
		out = append(out, fmt.Sprintf("{d%+d}", n), today.AddDays(n).String())
	}
	for _, t := range []struct {
		name string
		d    time.Duration
	}{{"-2d", -48 * time.Hour}, {"-1d", -24 * time.Hour}, {"-1d+1h", -23 * time.Hour}, {"+7d", 7 * 24 * time.Hour}, {"+7d+1h", 7*24*time.Hour + time.Hour}} {
		out = append(out, "{t"+t.name+"}", now.Add(t.d).Truncate(time.Second).Format(time.RFC3339))
	}
	return out
}

// token returns a fresh API token of the user with role, or "" for role "".
func (f *fixture) token(role string) string {
	f.tb.Helper()
	if role == "" {
		return ""
	}
	u, ok := f.users[role]
	if !ok {
		f.tb.Fatalf("no user with role %q", role)
	}
	tok, err := f.svc.Sessions.CreateSession(context.Background(), u.ID, mutual.SessionToken)
	if err != nil {
		f.tb.Fatal(err)
	}
	return tok
}

// cachedToken returns a token of the user with role, made once and kept
// until a request may have revoked it (see do): thousands of requests need
// not make thousands of sessions.
func (f *fixture) cachedToken(role string) string {
	if role == "" {
		return ""
	}
	if tok, ok := f.tokens[role]; ok {
		return tok
	}
	if f.tokens == nil {
		f.tokens = map[string]string{}
	}
	f.tokens[role] = f.token(role)
	return f.tokens[role]
}

// do sends a request as the user with role and returns the response. The
// token is kept for the next request unless this one may revoke sessions
// (signing out, changing a password, changing a user).
func (f *fixture) do(method, path, role, body string, headers map[string]string) *httptest.ResponseRecorder {
	f.tb.Helper()
	res := f.doToken(method, path, f.cachedToken(role), body, headers)
	if method != "GET" && (strings.HasPrefix(path, "/api/v1/auth") || strings.HasPrefix(path, "/api/v1/me") || strings.HasPrefix(path, "/api/v1/users")) {
		f.tokens = nil
	}
	return res
}

func (f *fixture) doToken(method, path, token, body string, headers map[string]string) *httptest.ResponseRecorder {
	f.tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(f.replacer.Replace(body))
	}
	req := httptest.NewRequest(method, f.replacer.Replace(path), rd)
	req.RemoteAddr = "192.0.2.10:4321"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, f.replacer.Replace(v))
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

// scenario is one request and what its response must and must not hold.
type scenario struct {
	name        string
	method      string
	path        string // {A}, {B}, {cA}, {cB} and {<role>} name fixture objects
	who         string // role of the caller; "" sends no token
	body        string
	headers     map[string]string
	status      int
	want        []string          // substrings of the body
	notWant     []string          // substrings the body must not hold
	wantHeaders map[string]string // exact header values
	setup       func(f *fixture)  // runs before the request
}

// databases open a fresh database of each kind the tests run on: SQLite,
// and PostgreSQL when storetest.EnvPostgres is set.
func databases() map[string]func(testing.TB) *store.DB {
	dbs := map[string]func(testing.TB) *store.DB{"sqlite": storetest.MustOpen}
	if os.Getenv(storetest.EnvPostgres) != "" {
		dbs["postgres"] = func(tb testing.TB) *store.DB { return storetest.MustOpenPostgres(tb, storetest.Options{}) }
	}
	return dbs
}

// runScenarios runs each scenario on a fresh fixture, on each database.
func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	dbs := databases()
	if len(dbs) == 1 {
		runScenariosOn(t, dbs["sqlite"], scenarios)
		return
	}
	for name, open := range dbs {
		t.Run(name, func(t *testing.T) { runScenariosOn(t, open, scenarios) })
	}
}

func runScenariosOn(t *testing.T, open func(testing.TB) *store.DB, scenarios []scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			// Each scenario has a database of its own; on PostgreSQL making
			// it is mostly waiting, so scenarios run side by side.
			t.Parallel()
			f := newFixtureOn(t, open(t))
			if s.setup != nil {
				s.setup(f)
			}
			res := f.do(s.method, s.path, s.who, s.body, s.headers)
			checkResponse(t, res, s.status)
			body := res.Body.String()
			for _, w := range s.want {
				if !strings.Contains(body, f.replacer.Replace(w)) {
					t.Errorf("body does not hold %q:\n%s", w, body)
				}
			}
			for _, w := range s.notWant {
				if strings.Contains(body, f.replacer.Replace(w)) {
					t.Errorf("body holds %q:\n%s", w, body)
				}
			}
			for k, v := range s.wantHeaders {
				if got := res.Header().Get(k); got != f.replacer.Replace(v) {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// checkResponse checks the status and what every response must carry:
// security headers, and problem details for errors.
func checkResponse(t testing.TB, res *httptest.ResponseRecorder, status int) {
	t.Helper()
	if got := res.Code; got != status {
		t.Errorf("status = %d, want %d; body:\n%s", got, status, res.Body.String())
	}
	for k, v := range map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
	} {
		if got := res.Header().Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if res.Code >= 400 {
		if got := res.Header().Get("Content-Type"); got != api.ProblemContentType {
			t.Errorf("Content-Type = %q, want %q", got, api.ProblemContentType)
		}
		var p api.Problem
		if err := json.Unmarshal(res.Body.Bytes(), &p); err != nil || p.Status != res.Code || p.Title == "" || p.Type == "" {
			t.Errorf("not a problem document (%v): %s", err, res.Body.String())
		}
	}
}

// decode reads a JSON response into v.
func decode(t testing.TB, res *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(res.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", res.Body.String(), err)
	}
}

// taxCodes returns n distinct valid Vietnamese tax codes.
func taxCodes(n int) []string {
	out := make([]string, 0, n)
	for i := 1; len(out) < n; i++ {
		nine := fmt.Sprintf("03%07d", i)
		if d, ok := mutual.TaxCodeCheckDigit(nine); ok {
			out = append(out, nine+string(d))
		}
	}
	return out
}
