package web_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
	"github.com/mutualsrm/mutual/web"
)

// newPortalApp starts the pages over db with the clock of db's store, so
// that the pages and the store agree on what time it is.
func newPortalApp(tb testing.TB, db *store.DB, now func() time.Time) *app {
	tb.Helper()
	logs := &bytes.Buffer{}
	h, err := web.NewHandler(db.Services(), web.Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), Now: now})
	if err != nil {
		tb.Fatalf("NewHandler: %v", err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return &app{db: db, srv: srv, log: logs}
}

// postMultipart posts a form with files (field -> name, content).
func (b *browser) postMultipart(path string, form url.Values, files map[string][2]string) response {
	b.tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for field, f := range files {
		fw, _ := mw.CreateFormFile(field, f[0])
		io.WriteString(fw, f[1])
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.app.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// portalCast is a sourcing event with two invited suppliers and one that
// is not invited, each with a user.
type portalCast struct {
	a                *app
	clock            *storetest.Clock
	buyer            *mutual.User
	e                *mutual.Event
	doc              *mutual.Document
	acme, beta, gone *mutual.Partner
	ab, bb, gb       *browser // signed in as each supplier's user
}

func portalNumber(tb testing.TB, s string) mutual.Decimal {
	tb.Helper()
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		tb.Fatalf("bad decimal %q", s)
	}
	return d
}

// newPortalCast publishes an RFQ for two lines with a question of each kind,
// a document and a clarification, closing in two days and a half.
func newPortalCast(t *testing.T, db *store.DB, clock *storetest.Clock) *portalCast {
	t.Helper()
	c := &portalCast{a: newPortalApp(t, db, clock.Now), clock: clock}
	svc := db.Services()
	c.buyer, _ = storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
	bctx := storetest.Context(c.buyer)
	c.acme = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Hòa Phát", Status: "active"})
	c.beta = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Nhựa Bình Minh", Status: "active"})
	c.gone = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Outsider Trading", Status: "active"})
	c.e = &mutual.Event{Kind: "rfq", Title: "Thép cuộn 2027", Description: "Hot rolled coil for the Bình Dương plant.", Category: "Steel", Currency: "VND",
		ClosesAt: clock.Now().Add(60 * time.Hour),
		Lines: []mutual.EventLine{
			{Item: "HRC-2", Description: "Hot rolled coil 2 mm", Quantity: portalNumber(t, "2.5"), Unit: "t", BaselinePrice: mutual.Money{Amount: portalNumber(t, "15999000"), Currency: "VND"}},
			{Item: "HRC-3", Quantity: portalNumber(t, "10"), Unit: "t", TargetPrice: mutual.Money{Amount: portalNumber(t, "12888000"), Currency: "VND"}},
		},
		Questions: []mutual.Question{
			{Text: "ISO 9001 certified?", Kind: "yes_no", Required: true},
			{Text: "Monthly capacity (t)", Kind: "number"},
			{Text: "Incoterm", Kind: "choice", Choices: []string{"EXW", "DAP"}},
			{Text: "Mill certificate", Kind: "file"},
		},
		Criteria: []mutual.Criterion{{Name: "Price", Weight: 60}, {Name: "Quality", Weight: 40}},
	}
	if err := svc.Events.CreateEvent(bctx, c.e); err != nil {
		t.Fatalf("create event: %v", err)
	}
	if _, err := svc.Invitations.Invite(bctx, c.e.ID, []mutual.ID{c.acme.ID, c.beta.ID}); err != nil {
		t.Fatalf("invite: %v", err)
	}
	c.ab, _ = c.a.signIn(t, mutual.RoleSupplier, c.acme.ID)
	c.bb, _ = c.a.signIn(t, mutual.RoleSupplier, c.beta.ID)
	c.gb, _ = c.a.signIn(t, mutual.RoleSupplier, c.gone.ID)
	c.doc = &mutual.Document{EventID: c.e.ID, Name: "Bản vẽ kỹ thuật \"v2\".pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 drawing")}
	if err := svc.Documents.AddDocument(bctx, c.doc); err != nil {
		t.Fatalf("document: %v", err)
	}
	e, err := svc.Events.PublishEvent(bctx, c.e.ID, c.e.Version)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	c.e = e
	if err := svc.Clarifications.AddClarification(bctx, &mutual.Clarification{EventID: e.ID, Text: "Delivery to Bình Dương, not Hà Nội."}); err != nil {
		t.Fatalf("clarification: %v", err)
	}
	return c
}

// bidForm is a complete bid on the cast's event.
func (c *portalCast) bidForm(price1, price2 string) url.Values {
	l1, l2 := c.e.Lines[0].ID.String(), c.e.Lines[1].ID.String()
	q := c.e.Questions
	return url.Values{
		"line." + l1 + ".unit_price": {price1}, "line." + l1 + ".lead_time_days": {"14"}, "line." + l1 + ".note": {"ex stock"},
		"line." + l2 + ".unit_price": {price2}, "line." + l2 + ".lead_time_days": {"30"},
		"answer." + q[0].ID.String(): {"yes"},
		"answer." + q[1].ID.String(): {"1,200"},
		"answer." + q[2].ID.String(): {"DAP"},
		"comments":                   {"Prices include delivery."},
		"valid_until":                {mutual.DateOf(c.clock.Now(), time.UTC).AddDays(60).String()},
	}
}

func (c *portalCast) eventURL() string { return "/portal/events/" + c.e.ID.String() }

func TestPortal(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		c := newPortalCast(t, db, clock)
		svc := db.Services()
		bctx := storetest.Context(c.buyer)

		t.Run("SupplierSeesPortalNotBuyerUI", func(t *testing.T) {
			resp := c.ab.get("/")
			if got, want := resp.header.Get("Location"), "/portal"; resp.status != http.StatusSeeOther || got != want {
				t.Fatalf("GET /: status %d Location %q, want a redirect to %q", resp.status, got, want)
			}
			home := c.ab.get("/portal")
			if home.status != http.StatusOK {
				t.Fatalf("GET /portal: status %d\n%s", home.status, home.body)
			}
			mustContain(t, home.body, "Supplier portal", "Thép cuộn 2027", "closes in 2 days", "You are invited to Thép cuộn 2027",
				`href="/portal/events"`, `href="/portal/negotiations"`, `href="/portal/company"`, "Mark all as read")
			mustNotContain(t, home.body, `href="/partners"`, `href="/commitments"`, `href="/calendar"`, "Attention")
			for _, path := range []string{"/partners", "/owners", "/gifts", "/gift-policy", "/cadences", "/commitments", "/calendar",
				"/events", "/events/" + c.e.ID.String(), "/agreements", "/negotiations", "/negotiations/1", "/savings"} {
				resp := c.ab.get(path)
				if got := resp.header.Get("Location"); resp.status != http.StatusSeeOther || got != "/portal" {
					t.Errorf("GET %s: status %d Location %q, want a redirect to /portal", path, resp.status, got)
				}
			}
			if got := c.ab.get("/partners/" + c.acme.ID.String()).status; got != http.StatusOK {
				t.Errorf("own partner page: status %d", got)
			}
			ib, _ := c.a.signIn(t, mutual.RoleBuyer, 0)
			for _, path := range []string{"/portal", "/portal/events", c.eventURL(), "/portal/company"} {
				if got := ib.get(path).status; got != http.StatusNotFound {
					t.Errorf("buyer GET %s: status %d, want 404", path, got)
				}
			}
		})

		t.Run("EventPage", func(t *testing.T) {
			page := c.ab.get(c.eventURL())
			if page.status != http.StatusOK {
				t.Fatalf("status %d\n%s", page.status, page.body)
			}
			mustContain(t, page.body, "Thép cuộn 2027", "Hot rolled coil for the Bình Dương plant.", "HRC-2", "Hot rolled coil 2 mm", "2.5 t", "10 t",
				"ISO 9001 certified?", "Monthly capacity (t)", `<option value="DAP"`, `type="file"`, "Price</dt><dd>60%", "Quality</dt><dd>40%",
				"Delivery to Bình Dương, not Hà Nội.", "/documents/"+c.doc.ID.String(), "You have not submitted a bid.", "closes in 2 days",
				`id="bid-form"`, `enctype="multipart/form-data"`)
			// The buying side's fields and the other invitees stay hidden.
			mustNotContain(t, page.body, "15,999,000", "15999000", "12,888,000", "12888000", "Nhựa Bình Minh")
			list := c.ab.get("/portal/events")
			mustContain(t, list.body, "Thép cuộn 2027", "Open", "closes in 2 days")
		})

		t.Run("DocumentDownload", func(t *testing.T) {
			resp := c.ab.get(c.eventURL() + "/documents/" + c.doc.ID.String())
			if resp.status != http.StatusOK || resp.body != "%PDF-1.4 drawing" {
				t.Fatalf("download: status %d body %q", resp.status, resp.body)
			}
			cd := resp.header.Get("Content-Disposition")
			if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=utf-8''B%E1%BA%A3n") || strings.Contains(cd, "\n") {
				t.Errorf("Content-Disposition = %q", cd)
			}
			if got := resp.header.Get("Content-Type"); got != "application/pdf" {
				t.Errorf("Content-Type = %q", got)
			}
		})

		t.Run("ErrOtherSupplierNotFound", func(t *testing.T) {
			for _, path := range []string{c.eventURL(), c.eventURL() + "/documents/" + c.doc.ID.String()} {
				resp := c.gb.get(path)
				if got, want := resp.status, http.StatusNotFound; got != want {
					t.Errorf("GET %s: status %d, want %d", path, got, want)
				}
				mustNotContain(t, resp.body, "Thép cuộn 2027", "HRC-2")
			}
			resp := c.gb.post(c.eventURL()+"/bid", c.bidForm("1", "1"))
			if got, want := resp.status, http.StatusNotFound; got != want {
				t.Errorf("bid on another's event: status %d, want %d", got, want)
			}
			mustNotContain(t, c.gb.get("/portal/events").body, "Thép cuộn 2027")
		})

		t.Run("ErrBadPriceKeepsForm", func(t *testing.T) {
			form := c.bidForm("abc", "1.250.000")
			resp := c.ab.post(c.eventURL()+"/bid", form)
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status %d, want %d\n%s", got, want, resp.body)
			}
			price := "line." + c.e.Lines[0].ID.String() + ".unit_price"
			mustContain(t, resp.body, "Some fields need your attention", `value="abc"`, `value="1.250.000"`, "Prices include delivery.", `value="ex stock"`)
			// The message sits with that line's price input.
			re := regexp.MustCompile(`name="` + regexp.QuoteMeta(price) + `" value="abc"[^>]*aria-invalid="true"><p class="field-error">Not a number. Unit price is written like 5,000,000 or 1,234.5.</p>`)
			if !re.MatchString(resp.body) {
				t.Errorf("no error beside %s", price)
			}
			if _, err := svc.Bids.FindMyBid(storetest.Context(portalSignedIn(t, c.ab)), c.e.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("a bid was saved: %v", err)
			}
		})

		t.Run("SubmitAndRevise", func(t *testing.T) {
			resp := c.ab.post(c.eventURL()+"/bid", c.bidForm("1,250,000", "1.180.000"))
			if got, want := resp.status, http.StatusSeeOther; got != want {
				t.Fatalf("submit: status %d, want %d\n%s", got, want, resp.body)
			}
			page := c.ab.get(c.eventURL())
			mustContain(t, page.body, "Your bid was submitted.", "Revision 1 submitted at 26 Nov 2026, 10:00", `value="1250000"`, `value="1180000"`,
				"₫14,925,000", "Submit revision", "Withdraw bid")
			resp = c.ab.post(c.eventURL()+"/bid", c.bidForm("1.240.000", "1180000"))
			if resp.status != http.StatusSeeOther {
				t.Fatalf("revise: status %d\n%s", resp.status, resp.body)
			}
			page = c.ab.get(c.eventURL())
			mustContain(t, page.body, "Revision 2 submitted at", `value="1240000"`)
			if resp := c.bb.post(c.eventURL()+"/bid", c.bidForm("1,370,000", "1,170,000")); resp.status != http.StatusSeeOther {
				t.Fatalf("competitor's bid: status %d\n%s", resp.status, resp.body)
			}
		})

		t.Run("FileAnswer", func(t *testing.T) {
			q := c.e.Questions[3]
			resp := c.ab.postMultipart(c.eventURL()+"/bid", c.bidForm("1240000", "1180000"),
				map[string][2]string{"answer." + q.ID.String() + ".file": {"chứng chỉ.pdf", "%PDF mill cert"}})
			if resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			bid, err := svc.Bids.FindMyBid(storetest.Context(portalSignedIn(t, c.ab)), c.e.ID)
			if err != nil {
				t.Fatal(err)
			}
			var doc mutual.ID
			for _, a := range bid.Answers {
				if a.QuestionID == q.ID {
					doc = a.DocumentID
				}
			}
			if doc == 0 || bid.Revision != 3 {
				t.Fatalf("revision %d, file answer %d", bid.Revision, doc)
			}
			page := c.ab.get(c.eventURL())
			mustContain(t, page.body, fmt.Sprintf(`name="answer.%d.document_id" value="%d"`, q.ID, doc), "Attached file")
			if got := c.ab.get(fmt.Sprintf("%s/documents/%d", c.eventURL(), doc)).body; got != "%PDF mill cert" {
				t.Errorf("attachment = %q", got)
			}
			// The other bidder never reads it.
			if got := c.bb.get(fmt.Sprintf("%s/documents/%d", c.eventURL(), doc)).status; got != http.StatusNotFound {
				t.Errorf("competitor reads the attachment: status %d", got)
			}
		})

		t.Run("Vietnamese", func(t *testing.T) {
			vb, _ := c.a.signIn(t, mutual.RoleSupplier, c.acme.ID)
			vb.post("/locale", url.Values{"lang": {"vi"}})
			page := vb.get(c.eventURL())
			mustContain(t, page.body, `lang="vi"`, "Hồ sơ chào giá của bạn", "Lần nộp thứ 3 lúc 26/11/2026 10:00", "14.900.000 ₫", "Sự kiện mua sắm",
				"Trang chủ cổng", "còn 2 ngày", `value="1240000"`)
			resp := vb.post(c.eventURL()+"/bid", c.bidForm("1.2x0.000", ""))
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Không phải là số.", "Vui lòng nhập đơn giá.", "Một số trường cần được sửa")
			mustContain(t, vb.get("/portal").body, "Cổng nhà cung cấp", "Sự kiện đang mở", "Thông báo")
		})

		t.Run("Withdraw", func(t *testing.T) {
			mustContain(t, c.bb.get(c.eventURL()).body, `data-confirm="Withdraw your bid?`)
			resp := c.bb.post(c.eventURL()+"/withdraw", url.Values{})
			if resp.status != http.StatusSeeOther {
				t.Fatalf("withdraw: status %d\n%s", resp.status, resp.body)
			}
			page := c.bb.get(c.eventURL())
			mustContain(t, page.body, "Your bid was withdrawn.", "Withdrawn at", "Submit bid")
			if resp := c.bb.post(c.eventURL()+"/bid", c.bidForm("1,370,000", "1,170,000")); resp.status != http.StatusSeeOther {
				t.Fatalf("bid again: status %d", resp.status)
			}
			mustContain(t, c.bb.get(c.eventURL()).body, "Revision 3 submitted at")
		})

		t.Run("ErrBidAfterClose", func(t *testing.T) {
			clock.Add(61 * time.Hour)
			resp := c.ab.post(c.eventURL()+"/bid", c.bidForm("1", "1"))
			if got, want := resp.status, http.StatusConflict; got != want {
				t.Fatalf("status %d, want %d\n%s", got, want, resp.body)
			}
			mustContain(t, resp.body, "Your bid was not saved.", "The event closed at 28 Nov 2026, 22:00; bids are no longer accepted.",
				"Revision 3 submitted at", "₫1,240,000")
			mustNotContain(t, resp.body, `id="bid-form"`, "Withdraw bid")
			page := c.ab.get(c.eventURL())
			mustContain(t, page.body, "The event closed at 28 Nov 2026, 22:00.", "Closed")
			mustNotContain(t, page.body, `id="bid-form"`)
			if got := c.ab.post(c.eventURL()+"/withdraw", url.Values{}).status; got != http.StatusConflict {
				t.Errorf("withdraw after close: status %d", got)
			}
		})

		t.Run("AwardWithoutCompetitorPrices", func(t *testing.T) {
			bids, err := svc.Bids.FindBids(bctx, c.e.ID)
			if err != nil {
				t.Fatal(err)
			}
			byPartner := map[mutual.ID]mutual.ID{}
			for _, b := range bids {
				byPartner[b.PartnerID] = b.ID
			}
			award := &mutual.Award{ValidFrom: mutual.NewDate(2027, 1, 1), ValidTo: mutual.NewDate(2027, 12, 31), Lines: []mutual.AwardLine{
				{LineID: c.e.Lines[0].ID, Splits: []mutual.AwardPart{{BidID: byPartner[c.acme.ID], Quantity: portalNumber(t, "2.5")}}},
				{LineID: c.e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: byPartner[c.acme.ID], Quantity: portalNumber(t, "10")}}},
			}}
			if _, err := svc.Agreements.AwardEvent(bctx, c.e.ID, award); err != nil {
				t.Fatalf("award: %v", err)
			}
			page := c.ab.get(c.eventURL())
			mustContain(t, page.body, `class="badge outcome-won">Won`, "HRC-2", "₫1,240,000", "₫1,180,000", "10 t", "1 Jan 2027 to 31 Dec 2027")
			mustNotContain(t, page.body, "1,370,000", "1370000", "1,170,000", "1170000", "Nhựa Bình Minh", "15,999,000")
			other := c.bb.get(c.eventURL())
			mustContain(t, other.body, "Not won", "No line of this event was awarded to you.")
			mustNotContain(t, other.body, "1,240,000", "1240000", "1,180,000", "1180000", "Thép Hòa Phát")
			home := c.ab.get("/portal")
			mustContain(t, home.body, "Recent results", `class="badge outcome-won">Won`, "Awarded: Thép cuộn 2027")
			mustContain(t, c.bb.get("/portal").body, `class="badge outcome-lost">Not won`)
			mustContain(t, c.ab.get("/portal/events?status=awarded").body, `class="badge outcome-won">Won`)
		})

		t.Run("Notifications", func(t *testing.T) {
			ns, _, err := svc.Notifications.FindNotifications(storetest.Context(portalSignedIn(t, c.ab)), mutual.NotificationFilter{Limit: 50})
			if err != nil || len(ns) == 0 {
				t.Fatalf("notifications %v %v", ns, err)
			}
			resp := c.ab.post("/notifications/read", url.Values{"up_to": {ns[0].ID.String()}})
			if resp.status != http.StatusSeeOther || resp.header.Get("Location") != "/portal" {
				t.Fatalf("mark read: status %d, Location %q", resp.status, resp.header.Get("Location"))
			}
			home := c.ab.get("/portal")
			mustContain(t, home.body, "Notifications marked as read.", "Awarded: Thép cuộn 2027")
			mustNotContain(t, home.body, "Mark all as read", `class="unread"`)
		})
	})
}

// portalSignedIn returns the user a browser is signed in as.
func portalSignedIn(tb testing.TB, b *browser) *mutual.User {
	tb.Helper()
	srvURL, err := url.Parse(b.app.srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range b.client.Jar.Cookies(srvURL) {
		if c.Name == "mutual_session" {
			u, err := b.app.db.Services().Sessions.Authenticate(storetest.SystemContext(), c.Value, mutual.SessionBrowser)
			if err != nil {
				tb.Fatal(err)
			}
			return u
		}
	}
	tb.Fatal("not signed in")
	return nil
}

// TestPortalNegotiation: the supplier answers our offers round by round,
// sees the concession path, and accepts our last offer; another supplier
// cannot open the negotiation.
func TestPortalNegotiation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		bctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Bao bì Sài Gòn", Status: "active"})
		other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other Co", Status: "active"})
		n := &mutual.Negotiation{PartnerID: p.ID, Title: "Thùng carton 2027", Currency: "VND", Lines: []mutual.NegotiationLine{
			{Item: "CTN-5", Quantity: portalNumber(t, "10000"), Unit: "pc", BaselinePrice: mutual.Money{Amount: portalNumber(t, "9999"), Currency: "VND"}},
			{Item: "CTN-7", Quantity: portalNumber(t, "5000"), Unit: "pc"},
		}}
		if err := svc.Negotiations.CreateNegotiation(bctx, n); err != nil {
			t.Fatal(err)
		}
		offer := func(p1, p2 string) {
			t.Helper()
			r := &mutual.Round{Terms: "Payment 30 days.", Lines: []mutual.RoundLine{
				{LineID: n.Lines[0].ID, UnitPrice: mutual.Money{Amount: portalNumber(t, p1), Currency: "VND"}, LeadTimeDays: 7},
				{LineID: n.Lines[1].ID, UnitPrice: mutual.Money{Amount: portalNumber(t, p2), Currency: "VND"}, LeadTimeDays: 7},
			}}
			if _, err := svc.Negotiations.AddRound(bctx, n.ID, r); err != nil {
				t.Fatalf("our offer: %v", err)
			}
		}
		sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
		ob, _ := a.signIn(t, mutual.RoleSupplier, other.ID)
		offer("8000", "12000")
		nURL := "/portal/negotiations/" + n.ID.String()

		t.Run("ErrOtherSupplierNotFound", func(t *testing.T) {
			resp := ob.get(nURL)
			if resp.status != http.StatusNotFound {
				t.Errorf("status %d, want 404", resp.status)
			}
			mustNotContain(t, resp.body, "Thùng carton 2027")
			mustNotContain(t, ob.get("/portal/negotiations").body, "Thùng carton 2027")
			if got := ob.post(nURL+"/offer", offerForm("1", "1", n)).status; got != http.StatusNotFound {
				t.Errorf("offer: status %d", got)
			}
		})

		t.Run("Show", func(t *testing.T) {
			page := sb.get(nURL)
			mustContain(t, page.body, "Thùng carton 2027", "Round 1", "Buyer&#39;s offer", "₫8,000", "7 days", "Payment 30 days.",
				`<svg class="chart concession"`, "Accept offer", "Your counter-offer", `action="`+nURL+`/accept"`)
			// The baseline is internal: no number 9999 (or 9,999) on the page,
			// though a random ID may hold those digits.
			if baseline := regexp.MustCompile(`(^|[^0-9.,])9[,.]?999([^0-9]|$)`); baseline.MatchString(page.body) {
				t.Errorf("the page shows the baseline price: %q", baseline.FindString(page.body))
			}
			mustContain(t, sb.get("/portal/negotiations").body, "Thùng carton 2027", "Open")
			mustContain(t, sb.get("/portal").body, "Thùng carton 2027", "Negotiation update: Thùng carton 2027")
		})

		t.Run("ErrBadOffer", func(t *testing.T) {
			resp := sb.post(nURL+"/offer", offerForm("9.100", "", n))
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status %d, want %d\n%s", got, want, resp.body)
			}
			mustContain(t, resp.body, `value="9.100"`, "The price is required.")
		})

		t.Run("CounterOffer", func(t *testing.T) {
			resp := sb.post(nURL+"/offer", offerForm("9,100", "13,500", n))
			if resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			page := sb.get(nURL)
			mustContain(t, page.body, "Your offer was sent to the buyer.", "Round 2", "Your offer", "₫9,100", "₫13,500", "the buyer answers next")
			mustNotContain(t, page.body, "Accept offer", `id="offer-form"`)
			resp = sb.post(nURL+"/offer", offerForm("9000", "13000", n))
			if got := resp.status; got != http.StatusConflict {
				t.Errorf("a second offer in a row: status %d, want 409", got)
			}
			mustContain(t, resp.body, "The last offer is already yours")
		})

		t.Run("ErrNotYourTurnVietnamese", func(t *testing.T) {
			vb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
			vb.post("/locale", url.Values{"lang": {"vi"}})
			resp := vb.post(nURL+"/offer", offerForm("9000", "13000", n))
			if got := resp.status; got != http.StatusConflict {
				t.Fatalf("status %d, want 409", got)
			}
			mustContain(t, resp.body, "Đề nghị gần nhất đã là của bạn; hãy chờ bên kia trả lời")
			cur, err := svc.Negotiations.FindNegotiationByID(bctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			resp = vb.post(nURL+"/accept", versionForm(fmt.Sprint(cur.Version)))
			if got := resp.status; got != http.StatusConflict {
				t.Fatalf("accepting its own offer: status %d, want 409", got)
			}
			mustContain(t, resp.body, "Đề nghị gần nhất không phải của bên mua nên không có gì để chấp nhận")
		})

		t.Run("Accept", func(t *testing.T) {
			offer("8600", "12900")
			cur, err := svc.Negotiations.FindNegotiationByID(bctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := sb.post(nURL+"/accept", versionForm(fmt.Sprint(cur.Version-1))).status; got != http.StatusSeeOther {
				t.Errorf("stale accept: status %d", got)
			}
			mustContain(t, sb.get(nURL).body, "The negotiation changed meanwhile")
			if resp := sb.post(nURL+"/accept", versionForm(fmt.Sprint(cur.Version))); resp.status != http.StatusSeeOther {
				t.Fatalf("accept: status %d\n%s", resp.status, resp.body)
			}
			page := sb.get(nURL)
			mustContain(t, page.body, "You accepted the offer", "Agreed", "₫8,600")
			mustNotContain(t, page.body, "Accept offer", `id="offer-form"`)
			ags, _, err := svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{PartnerID: p.ID})
			if err != nil || len(ags) != 2 {
				t.Fatalf("agreements %v %v", ags, err)
			}
		})
	})
}

func offerForm(p1, p2 string, n *mutual.Negotiation) url.Values {
	return url.Values{
		"line." + n.Lines[0].ID.String() + ".unit_price": {p1}, "line." + n.Lines[0].ID.String() + ".lead_time_days": {"10"},
		"line." + n.Lines[1].ID.String() + ".unit_price": {p2}, "line." + n.Lines[1].ID.String() + ".lead_time_days": {"12"},
		"terms": {"Delivery in two lots."},
	}
}

func versionForm(v string) url.Values { return url.Values{"version": {v}} }

// TestPortalCompany: the supplier's own company with its contacts and
// commitments, "mark done" on theirs coming back to the page.
func TestPortalCompany(t *testing.T) {
	a := newApp(t)
	buyer, _ := storetest.MustCreateUser(t, a.db, mutual.RoleBuyer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Cơ khí Đức Giang", TaxCode: taxCode(t, 30), Status: "active"})
	if err := a.db.Services().Contacts.CreateContact(storetest.SystemContext(), &mutual.Contact{PartnerID: p.ID, Name: "Phạm Thu Hà", Email: "ha@ducgiang.example"}); err != nil {
		t.Fatal(err)
	}
	p, _ = a.db.Services().Partners.FindPartnerByID(storetest.SystemContext(), p.ID)
	theirs := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Send the ISO certificate", Side: "theirs", OwnerContactID: p.Contacts[0].ID, DueOn: dateIn(9)})
	mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Pay the March invoice", Side: "ours", OwnerUserID: buyer.ID, DueOn: dateIn(5)})
	sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
	page := sb.get("/portal/company")
	if page.status != http.StatusOK {
		t.Fatalf("status %d\n%s", page.status, page.body)
	}
	base := "/partners/" + p.ID.String()
	mustContain(t, page.body, "Cơ khí Đức Giang", "Phạm Thu Hà", base+"/contacts/new", "Send the ISO certificate", "Pay the March invoice",
		fmt.Sprintf(`action="%s/commitments/%d/done"`, base, theirs.ID), `name="next" value="/portal/company"`, `aria-current="page">Our company`)
	mustNotContain(t, page.body, "Edit partner", "/cancel")
	resp := sb.post(fmt.Sprintf("%s/commitments/%d/done", base, theirs.ID), url.Values{"version": {"1"}, "next": {"/portal/company"}})
	if got := resp.header.Get("Location"); got != "/portal/company" {
		t.Fatalf("mark done: Location %q", got)
	}
	mustContain(t, sb.get("/portal/company").body, "Commitment marked done.")

	// The contact forms lead back to the company page, not the buying side's.
	mustContain(t, sb.get(base+"/contacts/new").body, `<a class="btn" href="/portal/company">`)
	resp = sb.post(base+"/contacts/new", url.Values{"name": {"Lê Văn Tâm"}, "email": {"tam@ducgiang.example"}})
	if got := resp.header.Get("Location"); got != "/portal/company" {
		t.Fatalf("add contact: status %d, Location %q\n%s", resp.status, got, resp.body)
	}
	mustContain(t, sb.get("/portal/company").body, "Lê Văn Tâm")
}

// TestPortalCatalog checks that every portal message the templates and
// handlers name exists in both languages, and every label the portal
// shows has one.
func TestPortalCatalog(t *testing.T) {
	kinds := map[string][]string{
		"portal.event_kind":         mutual.EventKinds,
		"portal.event_status":       mutual.EventStatuses,
		"portal.outcome":            mutual.AwardOutcomes,
		"portal.bid_status":         mutual.BidStatuses,
		"portal.negotiation_status": mutual.NegotiationStatuses,
		"portal.side":               mutual.RoundSides,
		"portal.notification":       {"invited", "clarification", "closed", "awarded", "cancelled", "negotiation"},
	}
	keyPattern := regexp.MustCompile(`"((?:portal|flash|nav)\.[a-z_.]+[a-z_])"`)
	files, _ := filepath.Glob("templates/portal_*.html")
	gofiles, _ := filepath.Glob("portal*.go")
	files = append(append(files, gofiles...), "templates/layout.html")
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyPattern.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, kind := kinds[m[1]]; !kind && !i18n.Has(m[1]) && !strings.HasSuffix(m[1], ".css") {
				t.Errorf("%s: no message %q", f, m[1])
			}
		}
	}
	if found < 100 {
		t.Errorf("found only %d keys; is the pattern broken?", found)
	}
	for kind, values := range kinds {
		for _, v := range values {
			if !i18n.Has(kind + "." + v) {
				t.Errorf("no label for %s %q", kind, v)
			}
		}
	}
}
