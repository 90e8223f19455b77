package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// eventForm is a valid draft form: a sealed RFQ for two lines of steel,
// closing in two days, scored 60 on price and 40 on quality.
func eventForm(title string) url.Values {
	return url.Values{
		"kind": {"rfq"}, "title": {title}, "category": {"Steel"}, "currency": {"VND"}, "sealed": {"1"},
		"closes_at":     {time.Now().Add(48 * time.Hour).In(hcm).Format("2006-01-02T15:04")},
		"lines[0].item": {"HRC-2"}, "lines[0].description": {"Hot rolled coil 2 mm"}, "lines[0].quantity": {"2.5"},
		"lines[0].unit": {"t"}, "lines[0].baseline_price": {"15,000,000"},
		"lines[1].item": {"HRC-3"}, "lines[1].quantity": {"10"}, "lines[1].unit": {"t"}, "lines[1].baseline_price": {"14000000"},
		"lines[2].item":     {""}, // a spare row left blank
		"questions[0].text": {"ISO 9001 certified?"}, "questions[0].kind": {"yes_no"}, "questions[0].required": {"1"},
		"questions[1].kind": {"text"}, // blank
		"criteria[0].name":  {"price"}, "criteria[0].weight": {"60"},
		"criteria[1].name": {"Quality"}, "criteria[1].weight": {"40"},
	}
}

var eventLink = regexp.MustCompile(`^/events/(\d+)$`)

// openForm is the open form filled with the test users' password.
var openForm = url.Values{"password": {storetest.Password}}

// sourcingCast is the people of the sourcing page tests.
type sourcingCast struct {
	a                  *app
	svc                mutual.Services
	buyer, mgr, viewer *browser
	buyerU, mgrU       *mutual.User
	pa, pb, pc         *mutual.Partner
	ua, ub, uc         *mutual.User
	suspended          *mutual.Partner
}

func newSourcingCast(t *testing.T, db *store.DB) *sourcingCast {
	a := newAppOn(t, db)
	c := &sourcingCast{a: a, svc: db.Services()}
	c.buyer, c.buyerU = a.signIn(t, mutual.RoleBuyer, 0)
	c.mgr, c.mgrU = a.signIn(t, mutual.RoleManager, 0)
	c.viewer, _ = a.signIn(t, mutual.RoleViewer, 0)
	c.pa = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Hòa Phát", Status: "active"})
	c.pb = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Nhựa Bình Minh", Status: "active"})
	c.pc = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Cơ khí Đức Giang", Status: "active"})
	c.suspended = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Suspended Steel", Status: "suspended"})
	c.ua, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, c.pa.ID)
	c.ub, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, c.pb.ID)
	c.uc, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, c.pc.ID)
	return c
}

// bid submits u's bid on e with a price per line ("" for none).
func (c *sourcingCast) bid(t *testing.T, e *mutual.Event, u *mutual.User, prices ...string) *mutual.Bid {
	t.Helper()
	yes := true
	b := &mutual.Bid{ValidUntil: dateIn(90), Answers: []mutual.Answer{{QuestionID: e.Questions[0].ID, Yes: &yes}}}
	for i, p := range prices {
		if p != "" {
			b.Lines = append(b.Lines, mutual.BidLine{LineID: e.Lines[i].ID, UnitPrice: mutual.Money{Amount: mustDecimal(t, p), Currency: "VND"}, LeadTimeDays: 10 * (i + 1)})
		}
	}
	if err := c.svc.Bids.SubmitBid(storetest.Context(u), e.ID, b); err != nil {
		t.Fatalf("bid: %v", err)
	}
	return b
}

func mustRedirect(t *testing.T, resp response, prefix string) string {
	t.Helper()
	if resp.status != http.StatusSeeOther || !strings.HasPrefix(resp.header.Get("Location"), prefix) {
		t.Fatalf("status %d, Location %q; want a redirect to %s\n%s", resp.status, resp.header.Get("Location"), prefix, resp.body)
	}
	return resp.header.Get("Location")
}

func TestSourcingPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newSourcingCast(t, db)
		var e *mutual.Event
		var base string

		t.Run("DraftFormErrWeightSum", func(t *testing.T) {
			form := c.buyer.get("/events/new")
			mustContain(t, form.body, `name="lines[0].item"`, `data-add-row`, `<template data-row-template>`, `name="lines[__i__].item"`, `value="price"`)
			f := eventForm("Thép cuộn 2027")
			f.Set("criteria[1].weight", "30")
			resp := c.buyer.post("/events/new", f)
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
			}
			mustContain(t, resp.body, "Weights must sum to 100 (they sum to 90).", `id="criteria-error"`,
				`value="Thép cuộn 2027"`, `value="HRC-2"`, `value="2.5"`, `value="15,000,000"`, `value="ISO 9001 certified?"`, `value="30"`)
			if strings.Index(resp.body, "they sum to 90") < strings.Index(resp.body, `name="criteria[1].weight"`) {
				t.Errorf("the weight error is not under the criteria")
			}
			// The blank spare rows were dropped, not kept as problems.
			mustNotContain(t, resp.body, "Name the item", `name="lines[2].item" value="" aria-label="Item" aria-invalid`)
		})

		t.Run("DraftFormErrFields", func(t *testing.T) {
			f := eventForm("")
			f.Set("lines[1].quantity", "abc")
			f.Set("closes_at", "tomorrow")
			resp := c.buyer.post("/events/new", f)
			mustContain(t, resp.body, "This field is required.", "Not a number.", "Not a date and time.", `value="abc"`)
		})

		t.Run("Create", func(t *testing.T) {
			f := eventForm("Thép cuộn 2027")
			f.Set("lines_paste", "HRC-4\tHot rolled coil 4 mm\t1,5\tt\t13000000")
			loc := mustRedirect(t, c.buyer.post("/events/new", f), "/events/")
			m := eventLink.FindStringSubmatch(loc)
			if m == nil {
				t.Fatalf("Location %q", loc)
			}
			id, _ := mutual.ParseID(m[1])
			var err error
			if e, err = c.svc.Events.FindEventByID(storetest.Context(c.buyerU), id); err != nil {
				t.Fatal(err)
			}
			base = "/events/" + id.String()
			if len(e.Lines) != 3 || e.Lines[0].Quantity.String() != "2.5" || e.Lines[0].BaselinePrice.String() != "15000000 VND" ||
				e.Lines[2].Item != "HRC-4" || e.Lines[2].Quantity.String() != "1.5" || len(e.Questions) != 1 || len(e.Criteria) != 2 {
				t.Fatalf("stored %+v", e)
			}
			// Drop the pasted line again through the edit form.
			edit := c.buyer.get(base + "/edit")
			mustContain(t, edit.body, `value="HRC-4"`, `name="version" value="1"`)
			f = eventForm("Thép cuộn 2027")
			f.Set("version", "1")
			mustRedirect(t, c.buyer.post(base+"/edit", f), base)
			stale := c.buyer.post(base+"/edit", f)
			mustContain(t, stale.body, "Someone else changed this draft")
			e, _ = c.svc.Events.FindEventByID(storetest.Context(c.buyerU), id)
			if len(e.Lines) != 2 {
				t.Fatalf("%d lines after edit", len(e.Lines))
			}
		})

		t.Run("InviteAndPublish", func(t *testing.T) {
			page := c.buyer.get(base)
			mustContain(t, page.body, "Draft", `action="`+base+`/publish"`, `name="partner_ids" value="`+c.pa.ID.String()+`"`, "Once published, bids stay hidden")
			mustNotContain(t, page.body, `value="`+c.suspended.ID.String()+`"`)
			resp := c.buyer.post(base+"/invitations", url.Values{"partner_ids": {c.pa.ID.String(), c.pb.ID.String(), c.pc.ID.String()}})
			mustRedirect(t, resp, base)
			bad := c.buyer.post(base+"/invitations", url.Values{"partner_ids": {c.suspended.ID.String()}})
			mustContain(t, bad.body, "Suspended Steel is suspended and cannot be invited.")
			up := c.buyer.upload(base+"/documents", "file", "spec.txt", "Coil specification")
			mustRedirect(t, up, base)
			e, _ = c.svc.Events.FindEventByID(storetest.Context(c.buyerU), e.ID)
			mustRedirect(t, c.buyer.post(base+"/publish", url.Values{"version": {fmt.Sprint(e.Version)}}), base)
			e, _ = c.svc.Events.FindEventByID(storetest.Context(c.buyerU), e.ID)
			page = c.buyer.get(base)
			mustContain(t, page.body, `estatus-open">Open`, "Thép Hòa Phát", "spec.txt", "0 of 3 submitted")
			// Lines are fixed once published: no edit, a clarification instead.
			mustNotContain(t, page.body, base+"/edit", base+"/publish")
			mustRedirect(t, c.buyer.post(base+"/clarifications", url.Values{"text": {"Delivery to Bình Dương."}}), base)
			mustContain(t, c.buyer.get(base).body, "Delivery to Bình Dương.")
			if edit := c.buyer.get(base + "/edit"); edit.status != http.StatusConflict {
				t.Errorf("edit a published event: status %d", edit.status)
			}
		})

		t.Run("SealedNotice", func(t *testing.T) {
			c.bid(t, e, c.ua, "14500000", "13200000")
			c.bid(t, e, c.ub, "14200000", "13000000")
			c.bid(t, e, c.uc, "16000000", "")
			page := c.buyer.get(base)
			mustContain(t, page.body, `id="sealed-notice"`, "Bid contents are sealed until", "3 of 3 submitted", "Submitted")
			mustNotContain(t, page.body, "14,500,000", "14,200,000", `/bids/`+c.pa.ID.String())
			bids := c.buyer.get(base + "/bids")
			mustContain(t, bids.body, `id="sealed-notice"`, "Bid contents are sealed until")
			mustNotContain(t, bids.body, "14,500,000", "tab-grid")
			if csv := c.buyer.get(base + "/tabulation.csv"); csv.status != http.StatusConflict || strings.Contains(csv.body, "14500000") {
				t.Errorf("sealed CSV: status %d", csv.status)
			}
		})

		t.Run("ViewersSeeButCannotAct", func(t *testing.T) {
			page := c.viewer.get(base)
			mustContain(t, page.body, "Thép cuộn 2027", "3 of 3 submitted")
			mustNotContain(t, page.body, base+"/close", base+"/copy", base+"/cancel", base+"/invitations", base+"/documents\"")
			if resp := c.viewer.post(base+"/close", nil); resp.status != http.StatusForbidden {
				t.Errorf("viewer closes: status %d", resp.status)
			}
			if resp := c.viewer.get("/events/new"); resp.status != http.StatusForbidden {
				t.Errorf("viewer's new event form: status %d", resp.status)
			}
			mustContain(t, c.viewer.get("/events").body, "Thép cuộn 2027")
			mustNotContain(t, c.viewer.get("/events").body, `href="/events/new"`)
		})

		t.Run("UnsealByManager", func(t *testing.T) {
			mustRedirect(t, c.buyer.post(base+"/close", nil), base)
			page := c.buyer.get(base)
			mustContain(t, page.body, "the bids stay sealed until a manager opens them")
			mustNotContain(t, page.body, base+"/unseal")
			if resp := c.buyer.post(base+"/unseal", openForm); resp.status != http.StatusForbidden {
				t.Errorf("buyer unseals: status %d", resp.status)
			}
			mustContain(t, c.mgr.get(base).body, `action="`+base+`/unseal"`, `type="password"`)
			mustRedirect(t, c.mgr.post(base+"/unseal", openForm), base+"/bids")
			page = c.buyer.get(base)
			mustNotContain(t, page.body, `id="sealed-notice"`)
			mustContain(t, page.body, "Bids opened by "+c.mgrU.Name)
		})

		t.Run("TabulationMarksLowest", func(t *testing.T) {
			page := c.buyer.get(base + "/bids")
			mustContain(t, page.body, "Prices side by side", "Thép Hòa Phát", "Nhựa Bình Minh", "Cơ khí Đức Giang", "₫14,500,000")
			// Line 1: Bình Minh's 14.2M is lowest; line 2: Bình Minh's 13M.
			mustContain(t, page.body, `<td class="num tab-low"><span class="tab-mark" title="Lowest price">▼<span class="visually-hidden"> Lowest price</span></span> ₫14,200,000`,
				`tab-low"><span class="tab-mark" title="Lowest price">▼<span class="visually-hidden"> Lowest price</span></span> ₫13,000,000`,
				`<td class="num tab-none">—</td>`, "not every line", "ISO 9001 certified?", "Yes")
			if n := strings.Count(page.body, `class="num tab-low"`); n != 2 {
				t.Errorf("%d lowest marks, want 2", n)
			}
			csv := c.buyer.get(base + "/tabulation.csv")
			if csv.status != http.StatusOK || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.body, "lowest") || !strings.Contains(csv.body, "14200000") {
				t.Errorf("CSV: status %d %s\n%s", csv.status, csv.header.Get("Content-Type"), csv.body)
			}
			rev := c.buyer.get(base + "/bids/" + c.pa.ID.String())
			mustContain(t, rev.body, "Bid of Thép Hòa Phát", "₫14,500,000", "rev. 1")
			// Opened, each revision shows the digest the audit log kept and its salt.
			mustContain(t, rev.body, "Digest in the audit log (HMAC-SHA256 of the revision, keyed with its salt): <code>", "Salt: <code>")
		})

		t.Run("Scores", func(t *testing.T) {
			tab, err := c.svc.Bids.Tabulate(storetest.Context(c.buyerU), e.ID)
			if err != nil {
				t.Fatal(err)
			}
			quality := e.Criteria[1].ID.String()
			form := c.buyer.get(base + "/scores")
			mustContain(t, form.body, "Quality", "Thép Hòa Phát")
			f := url.Values{}
			for i, b := range tab.Bids {
				f.Set("score."+b.ID.String()+"."+quality, fmt.Sprint(60+10*i))
			}
			f.Set("comment."+tab.Bids[0].ID.String()+"."+quality, "Good mill")
			bad := url.Values{"score." + tab.Bids[0].ID.String() + "." + quality: {"140"}}
			resp := c.buyer.post(base+"/scores", bad)
			mustContain(t, resp.body, "A score is a whole number from 0 to 100.", `value="140"`)
			mustRedirect(t, c.buyer.post(base+"/scores", f), base+"/bids")
			if resp := c.mgr.get(base + "/scores"); resp.status != http.StatusForbidden {
				t.Errorf("not an evaluator: status %d", resp.status)
			}
			page := c.buyer.get(base + "/bids")
			mustContain(t, page.body, "By "+c.buyerU.Name, "Ranking", "rank-1")
		})

		var neg mutual.ID
		t.Run("NegotiateFromBid", func(t *testing.T) {
			tab, _ := c.svc.Bids.Tabulate(storetest.Context(c.buyerU), e.ID)
			var bidA *mutual.Bid
			for _, b := range tab.Bids {
				if b.PartnerID == c.pa.ID {
					bidA = b
				}
			}
			mustContain(t, c.buyer.get(base+"/bids").body, base+"/bids/"+bidA.ID.String()+"/negotiate")
			mustNotContain(t, c.viewer.get(base+"/bids").body, "/negotiate")
			loc := mustRedirect(t, c.buyer.post(base+"/bids/"+bidA.ID.String()+"/negotiate", nil), "/negotiations/")
			neg, _ = mutual.ParseID(strings.TrimPrefix(loc, "/negotiations/"))
			page := c.buyer.get(loc)
			mustContain(t, page.body, "Thép Hòa Phát", "Their offer", "₫14,500,000", "<svg class=\"chart concession\"", "Our counter-offer")
			// No award while it is open: the award form says so and links it.
			mustContain(t, c.buyer.get(base+"/award").body, `id="open-negotiations"`, `href="`+loc+`"`)
			refused := c.buyer.post(base+"/award", url.Values{"valid_from": {"2027-01-01"}, "line." + e.Lines[0].ID.String(): {bidA.ID.String()}})
			if refused.status != http.StatusConflict || !strings.Contains(refused.body, "still open") {
				t.Errorf("award with a negotiation open: status %d", refused.status)
			}
		})

		t.Run("NegotiationRoundsAndClose", func(t *testing.T) {
			nbase := "/negotiations/" + neg.String()
			n, _ := c.svc.Negotiations.FindNegotiationByID(storetest.Context(c.buyerU), neg)
			l0 := n.Lines[0].ID.String()
			bad := c.buyer.post(nbase+"/rounds", url.Values{"price." + l0: {"abc"}, "lead." + l0: {"10"}})
			mustContain(t, bad.body, "Not a number.", `value="abc"`)
			f := url.Values{"terms": {"Delivery included"}}
			for _, l := range n.Lines {
				f.Set("price."+l.ID.String(), "12,000,000")
				f.Set("lead."+l.ID.String(), "14")
			}
			mustRedirect(t, c.buyer.post(nbase+"/rounds", f), nbase)
			page := c.buyer.get(nbase)
			mustContain(t, page.body, "Our offer", "₫12,000,000", "Delivery included", "waiting for the supplier",
				"Record the supplier&#39;s offer", `name="side" value="theirs"`)
			// The supplier answers by phone, and the buyer records it.
			rec := url.Values{"side": {"theirs"}, "terms": {"By phone"}}
			for _, l := range n.Lines {
				rec.Set("price."+l.ID.String(), "12,500,000")
				rec.Set("lead."+l.ID.String(), "14")
			}
			mustRedirect(t, c.buyer.post(nbase+"/rounds", rec), nbase)
			if got, _ := c.svc.Negotiations.FindNegotiationByID(storetest.Context(c.buyerU), neg); got.LastRound().Side != "theirs" || got.LastRound().CreatedBy != c.buyerU.ID {
				t.Errorf("recorded round %+v", got.LastRound())
			}
			page = c.buyer.get(nbase)
			mustNotContain(t, page.body, `name="side"`)
			fail := c.buyer.post(nbase+"/close", url.Values{"outcome": {""}})
			mustContain(t, fail.body, "Say why the negotiation ends without agreement.")
			stale := c.buyer.post(nbase+"/close", url.Values{"agreed": {"1"}, "version": {"1"}})
			mustContain(t, stale.body, "Someone else changed this meanwhile, so nothing was saved.")
			n, _ = c.svc.Negotiations.FindNegotiationByID(storetest.Context(c.buyerU), neg)
			mustRedirect(t, c.buyer.post(nbase+"/close", url.Values{"agreed": {"1"}, "version": {fmt.Sprint(n.Version)}}), nbase)
			page = c.buyer.get(nbase)
			// Line 1: (15M - 12.5M) x 2.5 = 6.25M; line 2: (14M - 12.5M) x 10 = 15M.
			mustContain(t, page.body, `nstatus-agreed">Agreed`, "₫6,250,000", "₫15,000,000", "Saving: ₫21,250,000")
			mustNotContain(t, page.body, `action="`+nbase+`/close"`)
			mustContain(t, c.buyer.get("/negotiations").body, "Thép cuộn 2027", "Agreed")
		})

		t.Run("Award", func(t *testing.T) {
			tab, _ := c.svc.Bids.Tabulate(storetest.Context(c.buyerU), e.ID)
			by := map[mutual.ID]*mutual.Bid{}
			for _, b := range tab.Bids {
				by[b.PartnerID] = b
			}
			l1, l2 := e.Lines[0].ID.String(), e.Lines[1].ID.String()
			form := c.buyer.get(base + "/award")
			mustContain(t, form.body, `name="line.`+l1+`" value="`+by[c.pb.ID].ID.String()+`" checked`, "Preview savings")
			f := url.Values{"valid_from": {"2027-01-01"}, "valid_to": {"2027-12-31"},
				"line." + l1: {by[c.pb.ID].ID.String()}, "line." + l2: {"split"},
				"qty." + l2 + "." + by[c.pb.ID].ID.String(): {"6"}, "qty." + l2 + "." + by[c.pa.ID].ID.String(): {"3"}}
			f.Set("preview", "1")
			// Thép Hòa Phát's prices were negotiated down to 12.5M:
			// (15M - 14.2M) x 2.5 = 2M; (14M - 13M) x 6 = 6M; (14M - 12.5M) x 3 = 4.5M.
			mustContain(t, form.body, "₫12,500,000 <span class=\"badge badge-ok\">negotiated</span>")
			mustNotContain(t, form.body, `id="open-negotiations"`)
			mustContain(t, c.buyer.post(base+"/award", f).body, "₫12,500,000")
			f.Del("preview")
			short := c.buyer.post(base+"/award", f)
			mustContain(t, short.body, "The parts must add up to the line&#39;s quantity (10 t).", `value="3"`)
			f.Set("qty."+l2+"."+by[c.pa.ID].ID.String(), "4")
			mustRedirect(t, c.buyer.post(base+"/award", f), "/agreements?event_id="+e.ID.String())
			list := c.buyer.get("/agreements?event_id=" + e.ID.String())
			// 2M + 6M + 6M; Thép Hòa Phát's negotiated price for line 1, awarded to
			// Nhựa Bình Minh, is withdrawn.
			mustContain(t, list.body, "HRC-2", "HRC-3", "Nhựa Bình Minh", "Thép Hòa Phát", "₫2,000,000", "₫6,000,000", "₫14,000,000", "Withdrawn")
			page := c.buyer.get(base)
			mustContain(t, page.body, `estatus-awarded">Awarded`, "Partly won")
			// The negotiation now shows what the award made of its prices.
			npage := c.buyer.get("/negotiations/" + neg.String())
			mustContain(t, npage.body, "Withdrawn", "Saving: ₫6,000,000", `href="/agreements?event_id=`+e.ID.String()+`"`)
		})

		t.Run("NegotiationOnAgreements", func(t *testing.T) {
			ags, _, _ := c.svc.Agreements.FindAgreements(storetest.Context(c.buyerU), mutual.AgreementFilter{PartnerID: c.pb.ID})
			if len(ags) == 0 {
				t.Fatal("no agreements")
			}
			q := "/negotiations/new?partner_id=" + c.pb.ID.String() + "&agreement_ids=" + ags[0].ID.String()
			form := c.buyer.get(q)
			mustContain(t, form.body, `value="`+ags[0].Item+`"`, `name="lines[0].agreement_id" value="`+ags[0].ID.String()+`"`, "Price review Nhựa Bình Minh")
			f := url.Values{"partner_id": {c.pb.ID.String()}, "title": {"Yearly review"}, "currency": {"VND"}, "valid_from": {"2027-06-01"},
				"lines[0].item": {ags[0].Item}, "lines[0].quantity": {"4"}, "lines[0].unit": {"t"}, "lines[0].agreement_id": {ags[0].ID.String()}}
			loc := mustRedirect(t, c.buyer.post("/negotiations/new", f), "/negotiations/")
			page := c.buyer.get(loc)
			mustContain(t, page.body, "Yearly review", "Our offer", "Reviews an agreement")
			bad := c.buyer.post("/negotiations/new", url.Values{"partner_id": {c.pb.ID.String()}, "currency": {"VND"}})
			mustContain(t, bad.body, "Negotiate at least one line.")
		})

		t.Run("NegotiationVietnameseDates", func(t *testing.T) {
			f := url.Values{"partner_id": {c.pb.ID.String()}, "title": {"Đàm phán giá"}, "currency": {"VND"}, "valid_from": {"01/06/2027"},
				"lines[0].item": {"HRC-9"}, "lines[0].quantity": {"4"}, "lines[0].unit": {"t"}, "lines[0].baseline_price": {"13.000.000"}}
			loc := mustRedirect(t, c.buyer.post("/negotiations/new?lang=vi", f), "/negotiations/")
			id, ok := mutual.ParseID(strings.TrimPrefix(loc, "/negotiations/"))
			if !ok {
				t.Fatalf("redirect %q", loc)
			}
			n, err := c.svc.Negotiations.FindNegotiationByID(storetest.Context(c.buyerU), id)
			if err != nil || n.ValidFrom.String() != "2027-06-01" {
				t.Fatalf("saved valid from %v (%v), want 2027-06-01", n, err)
			}
			f.Set("valid_from", "31/02/2027")
			bad := c.buyer.post("/negotiations/new?lang=vi", f)
			mustContain(t, bad.body, "Không phải ngày hợp lệ.", "dd/mm/yyyy", `value="31/02/2027"`)
		})

		t.Run("SavingsTotals", func(t *testing.T) {
			page := c.buyer.get("/savings?group_by=partner")
			// Baselines 37.5M + 84M + 56M = 177.5M, agreed 35.5M + 78M + 50M
			// (the negotiated price) = 163.5M; the withdrawn price saves nothing.
			mustContain(t, page.body, "Nhựa Bình Minh", "Thép Hòa Phát", "₫177,500,000", "₫163,500,000", `id="savings-total"><strong>₫14,000,000`, "7.89%")
			mustContain(t, c.buyer.get("/savings?from=2026-13-01").body, "Not a date. From is written as yyyy-mm-dd.")
		})

		t.Run("SavingsVietnameseDates", func(t *testing.T) {
			page := c.buyer.get("/savings?lang=vi&group_by=partner&from=01/01/2000&to=31/12/2099")
			if page.status != http.StatusOK {
				t.Fatalf("status %d", page.status)
			}
			mustContain(t, page.body, `name="from" value="01/01/2000"`, `name="to" value="31/12/2099"`, `placeholder="dd/mm/yyyy"`, "177.500.000 ₫")
			// ISO dates (a link, a bookmark) read too, and are shown the Vietnamese way.
			mustContain(t, c.buyer.get("/savings?lang=vi&group_by=partner&from=2000-01-01").body, `value="01/01/2000"`, "177.500.000 ₫")
			mustContain(t, c.buyer.get("/savings?lang=vi&from=01/01/2099").body, "Không có thỏa thuận nào trong kỳ này.")
			bad := c.buyer.get("/savings?lang=vi&from=31/02/2026&to=" + url.QueryEscape("hôm qua"))
			if bad.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad dates: status %d, want 422", bad.status)
			}
			mustContain(t, bad.body, "Không phải ngày hợp lệ. Từ ngày được viết theo dạng dd/mm/yyyy.",
				"Không phải ngày hợp lệ. Đến ngày được viết theo dạng dd/mm/yyyy.", `value="31/02/2026"`, `value="hôm qua"`)
			// English keeps the browser's date input, and reads a Vietnamese link's ISO dates.
			en := c.buyer.get("/savings?lang=en&group_by=partner&from=2000-01-01")
			mustContain(t, en.body, `type="date" class="filter-date" id="f-from" name="from" value="2000-01-01"`, "₫177,500,000")
		})

		t.Run("Vietnamese", func(t *testing.T) {
			page := c.buyer.get(base + "?lang=vi")
			mustContain(t, page.body, "Sự kiện mua sắm", "Đã trao thầu", "Nhà cung cấp được mời", "Trúng một phần")
			f := eventForm("Bản nháp")
			f.Set("criteria[1].weight", "30")
			resp := c.buyer.post("/events/new?lang=vi", f)
			mustContain(t, resp.body, "Tổng trọng số phải bằng 100.", "Một số trường cần được sửa")
			tab := c.buyer.get(base + "/bids?lang=vi")
			mustContain(t, tab.body, "14.200.000 ₫", "So sánh giá")
			mustContain(t, c.buyer.get("/savings?lang=vi&group_by=partner").body, "Chi tiêu theo giá cơ sở", "177.500.000 ₫")
		})

		t.Run("SuppliersSeeNothingHere", func(t *testing.T) {
			sa, _ := c.a.signIn(t, mutual.RoleSupplier, c.pa.ID)
			// Not found, or sent to the supplier portal: never the buying side's pages.
			for _, path := range []string{"/events", base, base + "/bids", base + "/tabulation.csv", "/negotiations", "/agreements", "/savings"} {
				if resp := sa.get(path); resp.status == http.StatusOK || strings.Contains(resp.body, "14,200,000") {
					t.Errorf("%s: status %d", path, resp.status)
				}
			}
		})
	})
}

// TestSourcingEventActions covers the buttons of the event page that the
// main flow does not press.
func TestSourcingEventActions(t *testing.T) {
	c := newSourcingCast(t, storetest.MustOpen(t))
	mgr2, mgr2U := c.a.signIn(t, mutual.RoleManager, 0)
	create := func(f url.Values) (*mutual.Event, string) {
		t.Helper()
		loc := mustRedirect(t, c.buyer.post("/events/new", f), "/events/")
		id, _ := mutual.ParseID(strings.TrimPrefix(loc, "/events/"))
		e, err := c.svc.Events.FindEventByID(storetest.Context(c.buyerU), id)
		if err != nil {
			t.Fatal(err)
		}
		return e, loc
	}

	t.Run("EmptyPages", func(t *testing.T) {
		for path, want := range map[string]string{"/events": "No events.", "/negotiations": "No negotiations.", "/agreements": "No agreements.",
			"/savings": "No agreements in this period."} {
			if resp := c.viewer.get(path); resp.status != http.StatusOK || !strings.Contains(resp.body, want) {
				t.Errorf("%s: status %d, want %q", path, resp.status, want)
			}
		}
		mustContain(t, c.buyer.get("/negotiations/new").body, "New negotiation", `name="lines[0].item"`)
		if resp := c.viewer.get("/negotiations/new"); resp.status != http.StatusForbidden {
			t.Errorf("viewer's negotiation form: status %d", resp.status)
		}
	})

	t.Run("OpenRFI", func(t *testing.T) {
		f := url.Values{"kind": {"rfi"}, "title": {"Năng lực sản xuất"}, "currency": {"VND"},
			"closes_at":         {time.Now().Add(48 * time.Hour).In(hcm).Format("2006-01-02T15:04")},
			"questions[0].text": {"Capacity per month?"}, "questions[0].kind": {"number"},
			"questions[1].text": {"Which plant?"}, "questions[1].kind": {"choice"}, "questions[1].choices": {"Bắc Ninh; Bình Dương"}}
		e, base := create(f)
		if len(e.Questions) != 2 || len(e.Questions[1].Choices) != 2 {
			t.Fatalf("questions %+v", e.Questions)
		}
		c.svc.Invitations.Invite(storetest.Context(c.buyerU), e.ID, []mutual.ID{c.pa.ID})
		mustRedirect(t, c.buyer.post(base+"/publish", nil), base)
		// Not sealed: what comes in is visible at once.
		page := c.buyer.get(base + "/bids")
		mustContain(t, page.body, "No bids were submitted.")
		mustNotContain(t, page.body, "sealed-notice")
	})

	t.Run("PublishNeedsCriteria", func(t *testing.T) {
		f := eventForm("Không có tiêu chí")
		f.Del("criteria[0].name")
		f.Del("criteria[0].weight")
		f.Del("criteria[1].name")
		f.Del("criteria[1].weight")
		_, base := create(f)
		resp := c.buyer.post(base+"/publish", nil)
		if resp.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.status)
		}
		mustContain(t, resp.body, "Set the evaluation criteria (weights summing to 100) before publishing.", `estatus-draft">Draft`)
		vi := c.buyer.post(base+"/publish?lang=vi", nil)
		mustContain(t, vi.body, "Vui lòng đặt tiêu chí đánh giá")
		mustContain(t, c.buyer.get(base+"/bids").body, "Bids come in once the event is published.")
	})

	t.Run("DocumentsAndCopy", func(t *testing.T) {
		e, base := create(eventForm("Tài liệu"))
		big := c.buyer.upload(base+"/documents", "file", "huge.pdf", strings.Repeat("x", mutual.MaxDocumentSize+1))
		if big.status != http.StatusUnprocessableEntity {
			t.Fatalf("too large: status %d", big.status)
		}
		mustContain(t, big.body, "Files are at most 10 MB.")
		mustRedirect(t, c.buyer.upload(base+"/documents", "file", "Bản vẽ.txt", "drawing"), base)
		docs, _ := c.svc.Documents.FindDocuments(storetest.Context(c.buyerU), e.ID)
		if len(docs) != 1 {
			t.Fatalf("%d documents", len(docs))
		}
		dl := c.buyer.get(base + "/documents/" + docs[0].ID.String())
		if dl.body != "drawing" || !strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download: %q %q", dl.body, dl.header.Get("Content-Disposition"))
		}
		loc := mustRedirect(t, c.buyer.post(base+"/copy", nil), "/events/")
		if !strings.HasSuffix(loc, "/edit") || loc == base+"/edit" {
			t.Errorf("copy goes to %s", loc)
		}
		mustContain(t, c.buyer.get(loc).body, `value="Tài liệu"`, `value="HRC-2"`)
		mustRedirect(t, c.buyer.post(base+"/documents/"+docs[0].ID.String()+"/delete", nil), base)
		mustContain(t, c.buyer.get(base).body, "No documents.")
	})

	t.Run("CancelNeedsReason", func(t *testing.T) {
		_, base := create(eventForm("Hủy"))
		resp := c.buyer.post(base+"/cancel", url.Values{"reason": {""}})
		mustContain(t, resp.body, "Say why the event is cancelled.", `<details class="card-body inline-edit" open>`)
		stale := c.buyer.post(base+"/cancel", url.Values{"reason": {"Budget withdrawn"}, "version": {"99"}})
		mustContain(t, stale.body, "Someone else changed this meanwhile, so nothing was saved.", "Budget withdrawn")
		mustContain(t, c.buyer.get(base).body, `action="`+base+`/cancel"`)
		mustRedirect(t, c.buyer.post(base+"/cancel", url.Values{"reason": {"Budget withdrawn"}}), base)
		page := c.buyer.get(base)
		mustContain(t, page.body, `estatus-cancelled">Cancelled`, "Cancelled: Budget withdrawn")
		mustNotContain(t, page.body, base+"/cancel")
		again := c.buyer.post(base+"/cancel", url.Values{"reason": {"Twice"}})
		mustContain(t, again.body, "This cannot be done now.", "This event is cancelled: it is final and can no longer change.")
		// In Vietnamese the refusal says why by its reason, not "not now".
		vi := c.buyer.post(base+"/cancel?lang=vi", url.Values{"reason": {"Twice"}})
		mustContain(t, vi.body, "Sự kiện mua sắm này đã bị hủy: không thể thay đổi nữa.")
		mustNotContain(t, vi.body, "Trạng thái hiện tại không cho phép")
	})

	t.Run("TwoPersonOpening", func(t *testing.T) {
		f := eventForm("Hai người mở thầu")
		f.Set("two_person_opening", "1")
		f["committee"] = []string{c.mgrU.ID.String(), mgr2U.ID.String()}
		e, base := create(f)
		if _, err := c.svc.Invitations.Invite(storetest.Context(c.buyerU), e.ID, []mutual.ID{c.pa.ID, c.pb.ID}); err != nil {
			t.Fatal(err)
		}
		mustRedirect(t, c.buyer.post(base+"/publish", nil), base)
		e, _ = c.svc.Events.FindEventByID(storetest.Context(c.buyerU), e.ID)
		c.bid(t, e, c.ua, "14500000", "13200000")
		mustContain(t, c.buyer.get(base).body, "and two members of the opening committee open them", "1 of 2 submitted",
			"Opening committee: "+c.mgrU.Name+", "+mgr2U.Name)
		mustRedirect(t, c.buyer.post(base+"/close", nil), base)
		mustRedirect(t, c.mgr.post(base+"/unseal", openForm), base)
		page := c.mgr.get(base)
		mustContain(t, page.body, "a second person must open the bids too", "Opened so far by: "+c.mgrU.Name, "waiting for a second manager")
		mustNotContain(t, page.body, `action="`+base+`/unseal"`)
		again := c.mgr.post(base+"/unseal", openForm)
		mustContain(t, again.body, "a second, different person must open them too")
		mustContain(t, mgr2.get(base).body, `action="`+base+`/unseal"`)
		mustRedirect(t, mgr2.post(base+"/unseal", openForm), base+"/bids")
		mustContain(t, c.buyer.get(base+"/bids").body, "₫14,500,000")
		mustContain(t, c.buyer.get(base).body, "Bids opened by "+c.mgrU.Name+", "+mgr2U.Name)
	})

	t.Run("Uninvite", func(t *testing.T) {
		e, base := create(eventForm("Bỏ mời"))
		if _, err := c.svc.Invitations.Invite(storetest.Context(c.buyerU), e.ID, []mutual.ID{c.pa.ID}); err != nil {
			t.Fatal(err)
		}
		mustContain(t, c.buyer.get(base+"?supplier_q=binh+minh").body, "Nhựa Bình Minh", base+"/invitations/"+c.pa.ID.String()+"/delete")
		mustRedirect(t, c.buyer.post(base+"/invitations/"+c.pa.ID.String()+"/delete", nil), base)
		mustContain(t, c.buyer.get(base).body, "No supplier invited yet.")
	})
}
