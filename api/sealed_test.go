package api_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/api"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
	"github.com/mutualsrm/mutual/web"
)

// A sealed bid is sealed for everything derived from it. The test tells
// one story twice, in two fresh databases ("worlds") that differ only in
// what supplier A bids: its two unit prices, and the content (and so the
// size) of its attachment, which keeps its name and type. Supplier C bids
// the same in both worlds; in the first world A and C bid exactly alike.
// Before the bids are opened, everything the buying side (admin, manager,
// buyer, viewer) can read, through every GET route of the API and the
// pages, and everything the server logs, must be the same in both worlds
// once identities (user names and emails, random digests) and times are
// named alike; both draw their random IDs from one seed. Random values are
// named in order of first appearance, so two bids given one digest would
// show. SEALED_DUMP=dir writes both normalized transcripts there, to diff
// them when the test fails.

// sealedStory is what one world's suppliers send.
type sealedStory struct {
	pricesA, pricesC [2]string
	attA, attC       string // attachment contents, both named bao-gia.pdf
}

// sealedWorld is one run of the story.
type sealedWorld struct {
	t          *testing.T
	f          *fixture
	pages      *httptest.Server
	log        *lockedBuffer
	ev         *sourcingEvent
	attA, attC string // attachment IDs
	validUntil string
	story      sealedStory
}

// lockedBuffer collects the log lines of the store, the API and the pages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// sealedOpeners open a fresh database of each kind with options.
func sealedOpeners() map[string]func(testing.TB, storetest.Options) *store.DB {
	dbs := map[string]func(testing.TB, storetest.Options) *store.DB{"sqlite": storetest.MustOpenSQLite}
	if os.Getenv(storetest.EnvPostgres) != "" {
		dbs["postgres"] = storetest.MustOpenPostgres
	}
	return dbs
}

var internalRoles = []string{mutual.RoleAdmin, mutual.RoleManager, mutual.RoleBuyer, mutual.RoleViewer}

func newSealedWorld(t *testing.T, open func(testing.TB, storetest.Options) *store.DB, clock *storetest.Clock, story sealedStory) *sealedWorld {
	t.Helper()
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	// The IDs suppliers see are random: both worlds draw them from one
	// seed, so that they number alike unless a bid makes a difference.
	db := open(t, storetest.Options{Now: clock.Now, Logger: logger, IDSource: rand.NewChaCha8([32]byte{})})
	f := newFixtureOn(t, db)
	f.handler = api.NewHandler(f.svc, api.Options{Logger: logger})
	pages, err := web.NewHandler(f.svc, web.Options{Logger: logger, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	w := &sealedWorld{t: t, f: f, pages: httptest.NewServer(pages), log: logs, story: story}
	t.Cleanup(w.pages.Close)
	w.ev = newSourcingEvent(f, "open")
	w.validUntil = mutual.DateOf(clock.Now(), f.svc.Zone).AddDays(90).String()
	ev := w.ev.ID.String()

	// Each supplier attaches a file, then bids; A sends the same bid again.
	w.attA = w.attach("supplier", story.attA)
	w.attC = w.attach("supplierC", story.attC)
	for _, b := range []struct {
		who    string
		prices [2]string
	}{{"supplier", story.pricesA}, {"supplierC", story.pricesC}, {"supplier", story.pricesA}} {
		res := f.do("POST", "/api/v1/events/"+ev+"/bids", b.who, w.bidBody(b.prices), nil)
		checkResponse(t, res, 201)
	}
	return w
}

func (w *sealedWorld) attach(who, content string) string {
	w.t.Helper()
	body, headers := uploadBody("file", "bao-gia.pdf", "application/pdf", content)
	res := w.f.do("POST", "/api/v1/events/"+w.ev.ID.String()+"/attachments", who, body, headers)
	checkResponse(w.t, res, 201)
	var d mutual.Document
	decode(w.t, res, &d)
	return d.ID.String()
}

// bidBody is a bid as a supplier typically sends it: no notes, no
// comments, the same lead times and validity as everyone.
func (w *sealedWorld) bidBody(prices [2]string) string {
	return fmt.Sprintf(`{"lines": [{"line_id": "%s", "unit_price": {"amount": "%s", "currency": "VND"}, "lead_time_days": 14},
		{"line_id": "%s", "unit_price": {"amount": "%s", "currency": "VND"}, "lead_time_days": 21}],
		"answers": [{"question_id": "%s", "yes": true}], "valid_until": "%s"}`,
		w.ev.Lines[0].ID, prices[0], w.ev.Lines[1].ID, prices[1], w.ev.Questions[0].ID, w.validUntil)
}

// revisionDocument is the document a revision keeps, as the code before
// keyed digests hashed it into the audit log: what the attacker rebuilds
// from the event, a guess at the prices and the usual empty fields.
func (w *sealedWorld) revisionDocument(prices [2]string) string {
	lines := fmt.Sprintf("%s\t%s\t14\t\"\"\n%s\t%s\t21\t\"\"\n", w.ev.Lines[0].ID, prices[0], w.ev.Lines[1].ID, prices[1])
	enc, _ := json.Marshal(lines)
	return fmt.Sprintf(`{"status":"submitted","lines":%s,"answers":[{"question_id":"%s","yes":true}],"comments":"","valid_until":"%s"}`,
		enc, w.ev.Questions[0].ID, w.validUntil)
}

// apiPaths returns the concrete paths of a GET route of the API: each
// object the buying side might ask about, and the lists' filters.
func (w *sealedWorld) apiPaths(pattern string) []string {
	f := w.f
	path := strings.TrimPrefix(pattern, "GET ")
	out := []string{path}
	expand := func(name string, values ...string) {
		var next []string
		for _, p := range out {
			if !strings.Contains(p, name) {
				next = append(next, p)
				continue
			}
			for _, v := range values {
				next = append(next, strings.ReplaceAll(p, name, v))
			}
		}
		out = next
	}
	switch {
	case strings.HasPrefix(path, "/api/v1/users/"):
		expand("{id}", f.users[mutual.RoleViewer].ID.String())
	case strings.HasPrefix(path, "/api/v1/partners/"):
		expand("{id}", f.A.ID.String(), f.users["supplierC"].PartnerID.String())
	case strings.HasPrefix(path, "/api/v1/events/"):
		expand("{id}", w.ev.ID.String())
	}
	expand("{document_id}", w.ev.doc.String(), w.attA, w.attC)
	expand("{contact_id}", f.cA.ID.String())
	expand("{segment}", "strategic")
	expand("{file}", "not-a-secret.ics")
	for i, p := range out {
		out[i] = regexp.MustCompile(`\{[a-z_]+\}`).ReplaceAllString(p, "1")
	}
	queries := map[string][]string{
		"/api/v1/events/" + w.ev.ID.String() + "/bids/revisions": {"?partner_id=" + f.A.ID.String(), "?partner_id=" + f.users["supplierC"].PartnerID.String()},
		"/api/v1/audit":         {"?limit=500", "?entity=bid", "?entity=document", "?entity=event&entity_id=" + w.ev.ID.String()},
		"/api/v1/events":        {"", "?status=open", "?q=thep"},
		"/api/v1/attention":     {"", "?mine=true"},
		"/api/v1/notifications": {"", "?unread=true"},
	}
	if len(out) == 1 {
		if q, ok := queries[out[0]]; ok {
			base := out[0]
			out = nil
			for _, s := range q {
				out = append(out, base+s)
			}
		}
	}
	return out
}

// pagePaths are the pages the buying side might open about the event.
func (w *sealedWorld) pagePaths() []string {
	ev, a, c := w.ev.ID.String(), w.f.A.ID.String(), w.f.users["supplierC"].PartnerID.String()
	return []string{"/", "/events", "/events?status=open", "/events/" + ev, "/events/" + ev + "/edit",
		"/events/" + ev + "/bids", "/events/" + ev + "/bids/" + a, "/events/" + ev + "/bids/" + c,
		"/events/" + ev + "/tabulation.csv", "/events/" + ev + "/scores", "/events/" + ev + "/award",
		"/events/" + ev + "/documents/" + w.ev.doc.String(), "/events/" + ev + "/documents/" + w.attA, "/events/" + ev + "/documents/" + w.attC,
		"/partners", "/partners/" + a, "/partners/" + c, "/negotiations", "/agreements", "/savings", "/commitments", "/gifts", "/owners",
		"/calendar", "/cadences"}
}

// transcript reads everything the buying side can read now, role by
// role, and then the log, as one text.
func (w *sealedWorld) transcript() string {
	w.t.Helper()
	var b strings.Builder
	record := func(who, method, path string, status int, h http.Header, body string) {
		fmt.Fprintf(&b, "### %s %s %s\n%d", who, method, path, status)
		for _, k := range []string{"Content-Type", "Content-Disposition", "ETag", "Location"} {
			if v := h.Get(k); v != "" {
				fmt.Fprintf(&b, " %s=%s", k, v)
			}
		}
		fmt.Fprintf(&b, "\n%s\n", body)
	}
	for _, role := range internalRoles {
		for _, rt := range api.Routes() {
			if !strings.HasPrefix(rt.Pattern, "GET ") {
				continue
			}
			for _, path := range w.apiPaths(rt.Pattern) {
				res := w.f.do("GET", path, role, "", nil)
				record(role, "API", path, res.Code, res.Header(), res.Body.String())
			}
		}
		client := w.signIn(role)
		for _, path := range w.pagePaths() {
			res, err := client.Get(w.pages.URL + path)
			if err != nil {
				w.t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			record(role, "PAGE", path, res.StatusCode, res.Header, string(body))
		}
	}
	fmt.Fprintf(&b, "### log\n%s", w.log.String())
	return b.String()
}

// signIn returns a browser signed in to the pages as the user of role.
func (w *sealedWorld) signIn(role string) *http.Client {
	w.t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(w.pages.URL+"/login", url.Values{"email": {w.f.users[role].Email}, "password": {storetest.Password}})
	if err != nil {
		w.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		w.t.Fatalf("sign in as %s: %d", role, res.StatusCode)
	}
	return client
}

var (
	rfc3339Time = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})`)
	shownTime   = regexp.MustCompile(`\d{1,2}[/.]\d{1,2}[/.]\d{4},? \d{1,2}:\d{2}(?: [AP]M)?(?: [A-Z+0-9]+)?|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?: [A-Z+0-9]+)?`)
	hex64       = regexp.MustCompile(`[0-9a-f]{64}`)
)

// normalize names the world's identities and times alike: user names and
// emails by role, times as <time>, and every 64-digit hex value (digests,
// salts, the audit chain's hashes) by the order it first appears in.
func (w *sealedWorld) normalize(s string) string {
	var pairs []string
	for role, u := range w.f.users {
		pairs = append(pairs, u.Name, "<name of "+role+">", u.Email, "<email of "+role+">")
	}
	// Longer first, so that "Test admin 12" is not read as "Test admin 1".
	type pair struct{ old, new string }
	var ps []pair
	for i := 0; i < len(pairs); i += 2 {
		ps = append(ps, pair{pairs[i], pairs[i+1]})
	}
	sort.Slice(ps, func(i, j int) bool { return len(ps[i].old) > len(ps[j].old) })
	pairs = pairs[:0]
	for _, p := range ps {
		pairs = append(pairs, p.old, p.new)
	}
	s = strings.NewReplacer(pairs...).Replace(s)
	s = rfc3339Time.ReplaceAllString(s, "<time>")
	s = shownTime.ReplaceAllString(s, "<time>")
	seen := map[string]string{}
	return hex64.ReplaceAllStringFunc(s, func(h string) string {
		if n, ok := seen[h]; ok {
			return n
		}
		seen[h] = fmt.Sprintf("<random %d>", len(seen)+1)
		return seen[h]
	})
}

// bidDigests returns the digests the audit log holds of the bid
// submissions, oldest first, whatever their field's name.
func bidDigests(t *testing.T, w *sealedWorld) []string {
	t.Helper()
	res := w.f.do("GET", "/api/v1/audit?entity=bid&limit=500", mutual.RoleAdmin, "", nil)
	checkResponse(t, res, 200)
	var list struct{ Items []mutual.AuditRecord }
	decode(t, res, &list)
	var out []string
	for i := len(list.Items) - 1; i >= 0; i-- {
		r := list.Items[i]
		if r.Action != "submit" {
			continue
		}
		var after map[string]any
		json.Unmarshal(r.After, &after)
		for _, k := range []string{"hmac_sha256", "sha256"} {
			if d, ok := after[k].(string); ok {
				out = append(out, d)
			}
		}
	}
	return out
}

func TestSealed_NothingDerivedFromABidBeforeOpening(t *testing.T) {
	same := [2]string{"14500000", "13200000"}
	stories := [2]sealedStory{
		{pricesA: same, pricesC: same, attA: "%PDF-1.7 bao gia 14.5", attC: "%PDF-1.7 bao gia 14.5"},
		{pricesA: [2]string{"9990000", "13250000"}, pricesC: same, attA: "%PDF-1.7 bao gia " + strings.Repeat("9", 5000), attC: "%PDF-1.7 bao gia 14.5"},
	}
	for name, open := range sealedOpeners() {
		t.Run(name, func(t *testing.T) {
			clock := storetest.NewClock(time.Now().Truncate(time.Second))
			var worlds [2]*sealedWorld
			var seen [2]string
			for i, story := range stories {
				worlds[i] = newSealedWorld(t, open, clock, story)
				raw := worlds[i].transcript()
				if i == 0 {
					checkNoPlainDigest(t, worlds[0], raw)
				}
				seen[i] = worlds[i].normalize(raw)
				if dir := os.Getenv("SEALED_DUMP"); dir != "" {
					os.WriteFile(fmt.Sprintf("%s/%s-%d.txt", dir, name, i), []byte(seen[i]), 0o644)
				}
			}
			if seen[0] != seen[1] {
				reportDifference(t, seen[0], seen[1])
			}

			// The same bid, sent twice by A and once by C, has three digests.
			digests := bidDigests(t, worlds[0])
			if len(digests) != 3 || digests[0] == digests[1] || digests[0] == digests[2] || digests[1] == digests[2] {
				t.Errorf("identical bids share a digest: %q", digests)
			}
			checkSealsAfterOpening(t, worlds[0], digests)
		})
	}
}

// checkNoPlainDigest fails if the plain SHA-256 of a revision's document,
// or of an attachment, or an attachment's size, is anywhere in what the
// buying side read.
func checkNoPlainDigest(t *testing.T, w *sealedWorld, raw string) {
	t.Helper()
	for _, doc := range []string{w.revisionDocument(w.story.pricesA), w.revisionDocument(w.story.pricesC)} {
		sum := sha256.Sum256([]byte(doc))
		if strings.Contains(raw, hex.EncodeToString(sum[:])) {
			t.Errorf("the buying side reads the plain SHA-256 of a sealed revision: %s", doc)
		}
	}
	for _, content := range []string{w.story.attA, w.story.attC} {
		sum := sha256.Sum256([]byte(content))
		if strings.Contains(raw, hex.EncodeToString(sum[:])) {
			t.Errorf("the buying side reads the plain SHA-256 of a sealed attachment")
		}
		if strings.Contains(raw, fmt.Sprintf(`"size":%d`, len(content))) {
			t.Errorf("the buying side reads the size of a sealed attachment")
		}
	}
}

// checkSealsAfterOpening opens the bids and checks that each revision
// now shows its salt and digest, that the digest is HMAC-SHA256 of the
// revision's document keyed with the salt, and that it is the digest the
// audit log kept before opening.
func checkSealsAfterOpening(t *testing.T, w *sealedWorld, audited []string) {
	t.Helper()
	f := w.f
	checkResponse(t, f.do("POST", "/api/v1/events/"+w.ev.ID.String()+"/close", mutual.RoleBuyer, "", nil), 200)
	checkResponse(t, f.do("POST", "/api/v1/events/"+w.ev.ID.String()+"/unseal", mutual.RoleManager, `{"password": "`+storetest.Password+`"}`, nil), 200)
	var got []string
	for _, pid := range []mutual.ID{f.A.ID, f.users["supplierC"].PartnerID} {
		res := f.do("GET", "/api/v1/events/"+w.ev.ID.String()+"/bids/revisions?partner_id="+pid.String(), mutual.RoleViewer, "", nil)
		checkResponse(t, res, 200)
		var list struct {
			Items []struct {
				Revision int `json:"revision"`
				Seal     *struct {
					Algorithm, Salt, Digest, Document string
				} `json:"seal"`
			}
		}
		decode(t, res, &list)
		for i := len(list.Items) - 1; i >= 0; i-- {
			s := list.Items[i].Seal
			if s == nil {
				t.Errorf("partner %s revision %d: no seal after opening", pid, list.Items[i].Revision)
				continue
			}
			if want := w.revisionDocument(w.story.pricesA); s.Document != want {
				t.Errorf("revision document %s, the attack rebuilt %s", s.Document, want)
			}
			key, err := hex.DecodeString(s.Salt)
			if err != nil || len(key) != 32 || s.Algorithm != "hmac-sha256" {
				t.Errorf("seal %+v: want hmac-sha256 with a 32-byte salt", s)
				continue
			}
			mac := hmac.New(sha256.New, key)
			mac.Write([]byte(s.Document))
			if sum := hex.EncodeToString(mac.Sum(nil)); sum != s.Digest {
				t.Errorf("HMAC-SHA256(salt, document) = %s, the seal says %s", sum, s.Digest)
			}
			got = append(got, s.Digest)
		}
	}
	// A's two revisions, then C's; the audit log has A 1, C 1, A 2.
	if len(got) != 3 || len(audited) != 3 || got[0] != audited[0] || got[1] != audited[2] || got[2] != audited[1] {
		t.Errorf("the seals' digests %q are not those the audit log kept %q", got, audited)
	}
}

// reportDifference shows where two transcripts first part.
func reportDifference(t *testing.T, a, b string) {
	t.Helper()
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	shown := 0
	request := ""
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if strings.HasPrefix(x, "### ") {
			request = x
		}
		if x == y {
			continue
		}
		if shown < 12 {
			t.Errorf("what the buying side reads differs with A's prices (%s, line %d):\n first: %.600s\nsecond: %.600s", request, i+1, x, y)
		}
		shown++
	}
	t.Errorf("%d lines differ", shown)
}
