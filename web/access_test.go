package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
	"github.com/mutualsrm/mutual/web"
)

// The callers of the access matrix, in the order of its columns. The
// objects in the paths belong to partner A: "supplier" is a supplier user
// of A, "other" one of partner B.
var accessRoles = [7]string{"admin", "manager", "buyer", "viewer", "supplier", "other", "anonymous"}

// Statuses the matrix abbreviates: a redirect is to where the Location
// starts with (the sign-in page, the portal, or anywhere else).
const (
	ok      = 200
	toLogin = -1 // 303 to /login
	portal  = -2 // 303 to /portal
	moved   = -3 // 303 elsewhere: the form did its work
	forbid  = 403
	nf      = 404
)

// webMatrix holds what each caller gets from every route of the page
// table (web.Routes): each GET page and each POST form, posted empty so
// that it changes as little as it can. The path of a route is its pattern
// with the fixture's objects put in (accessPath).
var webMatrix = map[string][7]int{
	"/":                                             {nf, nf, nf, nf, nf, nf, toLogin},
	"GET /agreements":                               {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /cadences":                                 {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /calendar":                                 {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /commitments":                              {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /events":                                   {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /events/new":                               {ok, ok, ok, forbid, portal, portal, toLogin},
	"GET /events/{id}":                              {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /events/{id}/award":                        {ok, ok, ok, forbid, portal, portal, toLogin},
	"GET /events/{id}/bids":                         {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /events/{id}/bids/{pid}":                   {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /events/{id}/documents/{did}":              {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /events/{id}/edit":                         {409, 409, 409, forbid, portal, portal, toLogin},
	"GET /events/{id}/scores":                       {forbid, forbid, ok, forbid, portal, portal, toLogin},
	"GET /events/{id}/tabulation.csv":               {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /gift-policy":                              {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /gifts":                                    {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /login":                                    {moved, moved, moved, moved, moved, moved, ok},
	"GET /negotiations":                             {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /negotiations/new":                         {ok, ok, ok, forbid, portal, portal, toLogin},
	"GET /negotiations/{id}":                        {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /owners":                                   {ok, ok, forbid, forbid, portal, portal, toLogin},
	"GET /partners":                                 {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /partners/export.csv":                      {ok, ok, ok, ok, ok, ok, toLogin},
	"GET /partners/import":                          {ok, ok, ok, forbid, forbid, forbid, toLogin},
	"GET /partners/new":                             {ok, ok, ok, forbid, forbid, forbid, toLogin},
	"GET /partners/{id}":                            {ok, ok, ok, ok, ok, nf, toLogin},
	"GET /partners/{id}/cadence":                    {ok, ok, ok, forbid, nf, nf, toLogin},
	"GET /partners/{id}/commitments/new":            {ok, ok, ok, forbid, forbid, nf, toLogin},
	"GET /partners/{id}/contacts/new":               {ok, ok, ok, forbid, ok, nf, toLogin},
	"GET /partners/{id}/contacts/{cid}/edit":        {ok, ok, ok, forbid, ok, nf, toLogin},
	"GET /partners/{id}/edit":                       {ok, ok, ok, forbid, forbid, nf, toLogin},
	"GET /partners/{id}/gifts/new":                  {ok, ok, ok, forbid, nf, nf, toLogin},
	"GET /partners/{id}/interactions/new":           {ok, ok, ok, forbid, nf, nf, toLogin},
	"GET /partners/{id}/interactions/{iid}/edit":    {ok, ok, ok, forbid, nf, nf, toLogin},
	"GET /partners/{id}/interactions/{iid}/ics":     {ok, ok, ok, ok, nf, nf, toLogin},
	"GET /partners/{id}/team":                       {ok, ok, ok, forbid, nf, nf, toLogin},
	"GET /portal":                                   {nf, nf, nf, nf, ok, ok, toLogin},
	"GET /portal/company":                           {nf, nf, nf, nf, ok, ok, toLogin},
	"GET /portal/events":                            {nf, nf, nf, nf, ok, ok, toLogin},
	"GET /portal/events/{id}":                       {nf, nf, nf, nf, ok, ok, toLogin},
	"GET /portal/events/{id}/documents/{did}":       {nf, nf, nf, nf, ok, ok, toLogin},
	"GET /portal/negotiations":                      {nf, nf, nf, nf, ok, ok, toLogin},
	"GET /portal/negotiations/{id}":                 {nf, nf, nf, nf, ok, nf, toLogin},
	"GET /savings":                                  {ok, ok, ok, ok, portal, portal, toLogin},
	"GET /{$}":                                      {ok, ok, ok, ok, portal, portal, toLogin},
	"POST /cadences/{segment}":                      {moved, forbid, forbid, forbid, forbid, forbid, toLogin},
	"POST /calendar":                                {ok, ok, ok, ok, nf, nf, toLogin},
	"POST /calendar/revoke":                         {moved, moved, moved, moved, nf, nf, toLogin},
	"POST /events/new":                              {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /events/{id}/award":                       {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /events/{id}/bids/{bid}/negotiate":        {moved, moved, moved, forbid, nf, nf, toLogin},
	"POST /events/{id}/cancel":                      {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /events/{id}/clarifications":              {409, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/close":                       {moved, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/copy":                        {moved, moved, moved, forbid, nf, nf, toLogin},
	"POST /events/{id}/documents":                   {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /events/{id}/documents/{did}/delete":      {409, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/edit":                        {409, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/extend":                      {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /events/{id}/invitations":                 {409, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/invitations/{pid}/delete":    {409, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/publish":                     {409, 409, 409, forbid, nf, nf, toLogin},
	"POST /events/{id}/scores":                      {forbid, forbid, moved, forbid, nf, nf, toLogin},
	"POST /events/{id}/unseal":                      {409, 409, forbid, forbid, nf, nf, toLogin},
	"POST /gift-policy":                             {422, forbid, forbid, forbid, nf, nf, toLogin},
	"POST /locale":                                  {400, 400, 400, 400, 400, 400, 400},
	"POST /login":                                   {401, 401, 401, 429, 429, 429, 429},
	"POST /logout":                                  {toLogin, toLogin, toLogin, toLogin, toLogin, toLogin, toLogin},
	"POST /negotiations/new":                        {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /negotiations/{id}/close":                 {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /negotiations/{id}/rounds":                {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /notifications/read":                      {400, 400, 400, 400, 400, 400, toLogin},
	"POST /owners/reassign":                         {422, 422, forbid, forbid, nf, nf, toLogin},
	"POST /partners/import":                         {422, 422, 422, forbid, forbid, forbid, toLogin},
	"POST /partners/new":                            {422, 422, 422, forbid, forbid, forbid, toLogin},
	"POST /partners/{id}/cadence":                   {moved, moved, moved, forbid, nf, nf, toLogin},
	"POST /partners/{id}/commitments/new":           {422, 422, 422, forbid, forbid, nf, toLogin},
	"POST /partners/{id}/commitments/{cid}/cancel":  {moved, moved, moved, forbid, forbid, nf, toLogin},
	"POST /partners/{id}/commitments/{cid}/done":    {moved, moved, moved, forbid, moved, nf, toLogin},
	"POST /partners/{id}/contacts/new":              {422, 422, 422, forbid, 422, nf, toLogin},
	"POST /partners/{id}/contacts/{cid}/delete":     {moved, nf, nf, forbid, nf, nf, toLogin},
	"POST /partners/{id}/contacts/{cid}/edit":       {422, 422, 422, forbid, 422, nf, toLogin},
	"POST /partners/{id}/edit":                      {422, 422, 422, forbid, forbid, nf, toLogin},
	"POST /partners/{id}/gifts/new":                 {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /partners/{id}/gifts/{gid}/approve":       {moved, moved, forbid, forbid, nf, nf, toLogin},
	"POST /partners/{id}/gifts/{gid}/reject":        {moved, moved, forbid, forbid, nf, nf, toLogin},
	"POST /partners/{id}/interactions/new":          {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /partners/{id}/interactions/{iid}/cancel": {moved, moved, moved, forbid, nf, nf, toLogin},
	"POST /partners/{id}/interactions/{iid}/edit":   {422, 422, 422, forbid, nf, nf, toLogin},
	"POST /partners/{id}/status":                    {422, 422, 422, forbid, forbid, nf, toLogin},
	"POST /partners/{id}/team":                      {moved, moved, moved, forbid, nf, nf, toLogin},
	"POST /portal/events/{id}/bid":                  {nf, nf, nf, nf, 409, 409, toLogin},
	"POST /portal/events/{id}/withdraw":             {nf, nf, nf, nf, 409, 409, toLogin},
	"POST /portal/negotiations/{id}/accept":         {nf, nf, nf, nf, 400, 400, toLogin},
	"POST /portal/negotiations/{id}/offer":          {nf, nf, nf, nf, 422, nf, toLogin},
}

// accessFixture is what the paths of the matrix name.
type accessFixture struct {
	a, b                        *mutual.Partner
	contact, interaction, gift  mutual.ID
	commitment, event, doc, bid mutual.ID
	negotiation                 mutual.ID
	aMarks, bMarks              []string // what of A, B no supplier user of the other may see
}

func newAccessFixture(t *testing.T, db *store.DB) (*accessFixture, map[string]*browser, *app) {
	t.Helper()
	a := newAppOn(t, db)
	svc := db.Services()
	f := &accessFixture{}
	f.a = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Alphasteel Matrix Co", Segment: "strategic", Status: "active",
		Contacts: []*mutual.Contact{{Name: "Anh Alphacontact"}}})
	f.b = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Bravoplast Matrix Co", Segment: "strategic", Status: "active",
		Contacts: []*mutual.Contact{{Name: "Bao Bravocontact"}}})
	f.aMarks = []string{"Alphasteel", "Alphacontact", "Alphacommit", "Alphanego"}
	f.bMarks = []string{"Bravoplast", "Bravocontact", "Bravocommit", "Bravonego"}
	f.contact = f.a.Contacts[0].ID

	browsers := map[string]*browser{"anonymous": a.browser(t)}
	users := map[string]*mutual.User{}
	for _, role := range []string{"admin", "manager", "buyer", "viewer"} {
		browsers[role], users[role] = a.signIn(t, role, 0)
	}
	browsers["supplier"], users["supplier"] = a.signIn(t, mutual.RoleSupplier, f.a.ID)
	browsers["other"], users["other"] = a.signIn(t, mutual.RoleSupplier, f.b.ID)
	bctx := storetest.Context(users["buyer"])

	in := &mutual.Interaction{PartnerID: f.a.ID, Kind: "call", OccurredAt: time.Now().Add(-time.Hour), Subject: "Matrix call"}
	if err := svc.Interactions.CreateInteraction(bctx, in); err != nil {
		t.Fatal(err)
	}
	f.interaction = in.ID
	for _, p := range []*mutual.Partner{f.a, f.b} {
		title := "Alphacommit deliver"
		if p == f.b {
			title = "Bravocommit deliver"
		}
		c := mustCommit(t, a, users["buyer"], &mutual.Commitment{PartnerID: p.ID, Title: title, Side: "theirs", OwnerContactID: p.Contacts[0].ID, DueOn: dateIn(9)})
		if p == f.a {
			f.commitment = c.ID
		}
	}
	g := &mutual.Gift{PartnerID: f.a.ID, Direction: "received", Kind: "event", Description: "Matrix tickets", Value: mutual.Money{Currency: "USD"}, OccurredOn: dateIn(-3)}
	g.Value.Amount, _ = mutual.ParseDecimal("300")
	if err := svc.Gifts.DeclareGift(bctx, g); err != nil {
		t.Fatal(err)
	}
	f.gift = g.ID

	e := &mutual.Event{Kind: "rfq", Title: "Matrix coil", Currency: "VND", ClosesAt: time.Now().Add(48 * time.Hour),
		Lines:    []mutual.EventLine{{Item: "HRC-2", Quantity: mustDecimal(t, "2.5"), Unit: "t"}},
		Criteria: []mutual.Criterion{{Name: "price", Weight: 100}}}
	if err := svc.Events.CreateEvent(bctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Invitations.Invite(bctx, e.ID, []mutual.ID{f.a.ID, f.b.ID}); err != nil {
		t.Fatal(err)
	}
	doc := &mutual.Document{EventID: e.ID, Name: "drawing.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 drawing")}
	if err := svc.Documents.AddDocument(bctx, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	f.event, f.doc = e.ID, doc.ID
	for _, p := range []string{"supplier", "other"} {
		b := &mutual.Bid{ValidUntil: dateIn(90), Lines: []mutual.BidLine{{LineID: e.Lines[0].ID, UnitPrice: mutual.Money{Amount: mustDecimal(t, "1000"), Currency: "VND"}}}}
		if err := svc.Bids.SubmitBid(storetest.Context(users[p]), e.ID, b); err != nil {
			t.Fatalf("bid: %v", err)
		}
		if p == "supplier" {
			f.bid = b.ID
		}
	}
	for _, p := range []*mutual.Partner{f.a, f.b} {
		title := "Alphanego cartons"
		if p == f.b {
			title = "Bravonego cartons"
		}
		n := &mutual.Negotiation{PartnerID: p.ID, Title: title, Currency: "VND",
			Lines: []mutual.NegotiationLine{{Item: "CTN-5", Quantity: mustDecimal(t, "100"), Unit: "pc"}}}
		if err := svc.Negotiations.CreateNegotiation(bctx, n); err != nil {
			t.Fatal(err)
		}
		if p == f.a {
			f.negotiation = n.ID
		}
	}
	return f, browsers, a
}

// accessPath is the path a route's pattern names in the fixture.
func (f *accessFixture) accessPath(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok { // "/": every path no other route knows
		return http.MethodGet, "/no-such-page"
	}
	parts := strings.Split(path, "/")
	section := parts[1]
	if section == "portal" && len(parts) > 2 {
		section = parts[2]
	}
	ids := map[string]string{
		"{$}": "", "{segment}": "strategic",
		"{cid}": f.contact.String(), "{iid}": f.interaction.String(), "{gid}": f.gift.String(),
		"{did}": f.doc.String(), "{pid}": f.a.ID.String(), "{bid}": f.bid.String(),
	}
	if strings.Contains(path, "/commitments/{cid}") {
		ids["{cid}"] = f.commitment.String()
	}
	switch section {
	case "partners":
		ids["{id}"] = f.a.ID.String()
	case "events":
		ids["{id}"] = f.event.String()
	case "negotiations":
		ids["{id}"] = f.negotiation.String()
	}
	for k, v := range ids {
		path = strings.ReplaceAll(path, k, v)
	}
	return method, path
}

// code abbreviates a response as the matrix does.
func code(resp response) int {
	if resp.status != http.StatusSeeOther {
		return resp.status
	}
	switch loc := resp.header.Get("Location"); {
	case strings.HasPrefix(loc, "/login"):
		return toLogin
	case loc == "/portal":
		return portal
	default:
		return moved
	}
}

// TestWebAccess calls every page and form of the route table as each
// caller and compares what it gets with webMatrix: any unexpected success
// (or failure) fails, as does any of the other partner's names or data in
// what a supplier user is shown. MUTUAL_WEB_MATRIX=print prints the
// matrix as found instead.
func TestWebAccess(t *testing.T) {
	routes := web.Routes()
	for _, rt := range routes {
		if _, ok := webMatrix[rt.Pattern]; !ok && os.Getenv("MUTUAL_WEB_MATRIX") == "" {
			t.Errorf("route %q has no line in webMatrix", rt.Pattern)
		}
	}
	if len(routes) != len(webMatrix) && os.Getenv("MUTUAL_WEB_MATRIX") == "" {
		t.Errorf("%d routes, %d lines in webMatrix", len(routes), len(webMatrix))
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, browsers, a := newAccessFixture(t, db)
		found := map[string][7]int{}
		for _, rt := range routes {
			method, path := f.accessPath(rt.Pattern)
			var got [7]int
			for i, role := range accessRoles {
				b := browsers[role]
				if rt.Pattern == "POST /logout" && role != "anonymous" {
					// Signing out ends the session: sign in afresh.
					r, pid := role, mutual.ID(0)
					switch role {
					case "supplier":
						pid = f.a.ID
					case "other":
						r, pid = mutual.RoleSupplier, f.b.ID
					}
					b, _ = a.signIn(t, r, pid)
				}
				var resp response
				if method == http.MethodGet {
					resp = b.get(path)
				} else {
					resp = b.post(path, url.Values{})
				}
				got[i] = code(resp)
				var foreign []string
				switch role {
				case "supplier":
					foreign = f.bMarks
				case "other":
					foreign = f.aMarks
				}
				for _, m := range foreign {
					if strings.Contains(resp.body, m) {
						t.Errorf("%s %s as %s: the body holds %q, another partner's", method, path, role, m)
					}
				}
			}
			found[rt.Pattern] = got
			if want, ok := webMatrix[rt.Pattern]; ok && want != got {
				t.Errorf("%s (%s %s): got %v, want %v (%v)", rt.Pattern, method, path, got, want, accessRoles)
			}
		}
		if os.Getenv("MUTUAL_WEB_MATRIX") == "print" {
			var keys []string
			for k := range found {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Printf("\t%q: {%s},\n", k, strings.Trim(strings.Join(strings.Fields(fmt.Sprint(found[k])), ", "), "[]"))
			}
		}
	})
}
