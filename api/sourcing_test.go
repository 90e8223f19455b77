package api_test

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"regexp"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// Sourcing fixtures: events, bids, awards and negotiations made through
// the store, for the access matrix, the bad input test and the security
// tests. Partner A (the supplier user's) and C bid; B is a customer.

const nameC = "Cơ khí Đức Giang"

// supplierC makes, once per fixture, a second supplier partner, C, with
// its own supplier user: "supplierC" in f.users; {C} names the partner.
func supplierC(f *fixture) *mutual.User {
	f.tb.Helper()
	if u := f.users["supplierC"]; u != nil {
		return u
	}
	p := storetest.MustCreatePartner(f.tb, f.db, &mutual.Partner{Name: nameC, Status: "active"})
	u, _ := storetest.MustCreateUser(f.tb, f.db, mutual.RoleSupplier, p.ID)
	f.users["supplierC"] = u
	f.alias("{C}", p.ID.String())
	return u
}

func decimal(s string) mutual.Decimal {
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return d
}

// sourcingEvent is an event made for a test, with what was made on it.
type sourcingEvent struct {
	*mutual.Event
	doc        mutual.ID // a specification document
	bidA, bidC *mutual.Bid
}

// newSourcingEvent makes a sealed RFQ titled "Thép cuộn 2027" with two
// lines (HRC-2, 2.5 t, baseline 15,000,000 VND; HRC-3, 10 t, baseline
// 14,000,000), a required yes/no question and the criteria price 60 and
// quality 40, evaluated by the admin, the manager and the buyer; it
// invites A and C and brings the event to state: draft, open, bid (open,
// with A's bid), closed (sealed, with the bids of A and C), opened (closed
// and unsealed) or awarded (HRC-2 to C; HRC-3 split, 6 t to C, 4 t to A).
// A bids 14,500,000 and 13,200,000; C 14,200,000 and 13,000,000.
func newSourcingEvent(f *fixture, state string) *sourcingEvent {
	f.tb.Helper()
	supplierC(f)
	buyer := storetest.Context(f.users[mutual.RoleBuyer])
	must := func(err error) {
		f.tb.Helper()
		if err != nil {
			f.tb.Fatalf("sourcing fixture (%s): %v", state, err)
		}
	}
	// The deadline counts from the store's clock, so that two databases on
	// one fixed clock get the same event.
	now := time.Now
	if o := storetest.OptionsOf(f.tb, f.db); o.Now != nil {
		now = o.Now
	}
	e := &mutual.Event{Kind: "rfq", Title: "Thép cuộn 2027", Category: "Steel", Currency: "VND", Sealed: true,
		ClosesAt: now().Add(7 * 24 * time.Hour).Truncate(time.Second),
		Lines: []mutual.EventLine{
			{Item: "HRC-2", Description: "Hot rolled coil 2 mm", Quantity: decimal("2.5"), Unit: "t", BaselinePrice: vnd("15000000")},
			{Item: "HRC-3", Quantity: decimal("10"), Unit: "t", BaselinePrice: vnd("14000000"), TargetPrice: vnd("13000000")},
		},
		Questions:  []mutual.Question{{Text: "ISO 9001?", Kind: "yes_no", Required: true}},
		Criteria:   []mutual.Criterion{{Name: "price", Weight: 60}, {Name: "Quality", Weight: 40}},
		Evaluators: []mutual.ID{f.users[mutual.RoleAdmin].ID, f.users[mutual.RoleManager].ID, f.users[mutual.RoleBuyer].ID},
	}
	must(f.svc.Events.CreateEvent(buyer, e))
	se := &sourcingEvent{Event: e}
	_, err := f.svc.Invitations.Invite(buyer, e.ID, []mutual.ID{f.A.ID, f.users["supplierC"].PartnerID})
	must(err)
	doc := &mutual.Document{EventID: e.ID, Name: "spec.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.7 specification")}
	must(f.svc.Documents.AddDocument(buyer, doc))
	se.doc = doc.ID
	if state == "draft" {
		return se
	}
	got, err := f.svc.Events.PublishEvent(buyer, e.ID, 0)
	must(err)
	se.Event = got
	if state == "open" {
		return se
	}
	se.bidA = submitBid(f, se, f.users[mutual.RoleSupplier], "14500000", "13200000")
	if state == "bid" {
		return se
	}
	se.bidC = submitBid(f, se, f.users["supplierC"], "14200000", "13000000")
	got, err = f.svc.Events.CloseEvent(buyer, e.ID, 0)
	must(err)
	se.Event = got
	if state == "closed" {
		return se
	}
	got, err = f.svc.Events.UnsealEvent(storetest.Context(f.users[mutual.RoleManager]), e.ID, storetest.Password, "test")
	must(err)
	se.Event = got
	if state == "opened" {
		return se
	}
	_, err = f.svc.Agreements.AwardEvent(buyer, e.ID, &mutual.Award{ValidFrom: mutual.DateOf(time.Now(), f.svc.Zone), Lines: []mutual.AwardLine{
		{LineID: e.Lines[0].ID, Splits: []mutual.AwardPart{{BidID: se.bidC.ID, Quantity: decimal("2.5")}}},
		{LineID: e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: se.bidC.ID, Quantity: decimal("6")}, {BidID: se.bidA.ID, Quantity: decimal("4")}}},
	}})
	must(err)
	if state != "awarded" {
		f.tb.Fatalf("no sourcing event state %q", state)
	}
	return se
}

// submitBid submits u's company's bid on se at the prices of its lines.
func submitBid(f *fixture, se *sourcingEvent, u *mutual.User, prices ...string) *mutual.Bid {
	f.tb.Helper()
	yes := true
	b := &mutual.Bid{ValidUntil: mutual.DateOf(time.Now(), f.svc.Zone).AddDays(90), Comments: "Delivery ex works",
		Answers: []mutual.Answer{{QuestionID: se.Questions[0].ID, Yes: &yes}}}
	for i, p := range prices {
		b.Lines = append(b.Lines, mutual.BidLine{LineID: se.Lines[i].ID, UnitPrice: vnd(p), LeadTimeDays: 14})
	}
	if err := f.svc.Bids.SubmitBid(storetest.Context(u), se.ID, b); err != nil {
		f.tb.Fatalf("bid: %v", err)
	}
	return b
}

// newNegotiation opens a negotiation titled "Yearly review" with partner
// on 4 t of HRC-3 at a baseline of 13,200,000 VND; offered: with our first
// offer of 12,500,000.
func newNegotiation(f *fixture, partner mutual.ID, offered bool) *mutual.Negotiation {
	f.tb.Helper()
	buyer := storetest.Context(f.users[mutual.RoleBuyer])
	n := &mutual.Negotiation{PartnerID: partner, Title: "Yearly review", Currency: "VND",
		Lines: []mutual.NegotiationLine{{Item: "HRC-3", Quantity: decimal("4"), Unit: "t", BaselinePrice: vnd("13200000")}}}
	if err := f.svc.Negotiations.CreateNegotiation(buyer, n); err != nil {
		f.tb.Fatalf("negotiation: %v", err)
	}
	if offered {
		got, err := f.svc.Negotiations.AddRound(buyer, n.ID, &mutual.Round{Lines: []mutual.RoundLine{{LineID: n.Lines[0].ID, UnitPrice: vnd("12500000")}}})
		if err != nil {
			f.tb.Fatalf("offer: %v", err)
		}
		n = got
	}
	return n
}

// newAgreement returns an agreement with partner: a negotiation whose
// offer of 12,500,000 the partner's supplier user accepted.
func newAgreement(f *fixture, partner mutual.ID, u *mutual.User) *mutual.Agreement {
	f.tb.Helper()
	n := newNegotiation(f, partner, true)
	if _, err := f.svc.Negotiations.CloseNegotiation(storetest.Context(u), n.ID, mutual.NegotiationClose{Agreed: true}); err != nil {
		f.tb.Fatalf("accept: %v", err)
	}
	list, _, err := f.svc.Agreements.FindAgreements(storetest.Context(f.users[mutual.RoleBuyer]), mutual.AgreementFilter{PartnerID: partner})
	if err != nil || len(list) == 0 {
		f.tb.Fatalf("agreements: %v %v", list, err)
	}
	return list[0]
}

var (
	eventPlaceholder       = regexp.MustCompile(`\{ev:(\w+)\}`)
	negotiationPlaceholder = regexp.MustCompile(`\{neg:(\w+)\}`)
)

// sourcingRequest makes the objects a request of the access matrix names,
// afresh for each call: {ev:<state>} an event (see newSourcingEvent) whose
// {L1}, {L2}, {Q1}, {crit} (quality), {doc}, {bidA} may be named too;
// {neg:new} or {neg:offered} a negotiation with A whose line is {NL1}; {ag}
// an agreement with A. The body "{upload}" is a file in a multipart body.
func sourcingRequest(f *fixture, path, body string) (string, string, map[string]string) {
	f.tb.Helper()
	var pairs []string
	if m := eventPlaceholder.FindStringSubmatch(path); m != nil {
		se := newSourcingEvent(f, m[1])
		pairs = append(pairs, m[0], se.ID.String(), "{L1}", se.Lines[0].ID.String(), "{L2}", se.Lines[1].ID.String(),
			"{Q1}", se.Questions[0].ID.String(), "{crit}", se.Criteria[1].ID.String(), "{doc}", se.doc.String())
		if se.bidA != nil {
			pairs = append(pairs, "{bidA}", se.bidA.ID.String())
		}
	}
	if m := negotiationPlaceholder.FindStringSubmatch(path); m != nil {
		n := newNegotiation(f, f.A.ID, m[1] == "offered")
		pairs = append(pairs, m[0], n.ID.String(), "{NL1}", n.Lines[0].ID.String())
	}
	if strings.Contains(path, "{ag}") {
		pairs = append(pairs, "{ag}", newAgreement(f, f.A.ID, f.users[mutual.RoleSupplier]).ID.String())
	}
	if len(pairs) > 0 {
		r := strings.NewReplacer(pairs...)
		path, body = r.Replace(path), r.Replace(body)
	}
	if body == "{upload}" {
		body, headers := uploadBody("file", "Báo giá \"cuối\".pdf", "application/pdf", "%PDF-1.7 quotation")
		return path, body, headers
	}
	return path, body, nil
}

// uploadBody returns a multipart/form-data body with one file part and
// the Content-Type header that goes with it.
func uploadBody(part, filename, contentType, content string) (string, map[string]string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+part+`"; filename="`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(filename)+`"`)
	h.Set("Content-Type", contentType)
	w, _ := mw.CreatePart(h)
	w.Write([]byte(content))
	mw.Close()
	return b.String(), map[string]string{"Content-Type": mw.FormDataContentType()}
}

// withSourcing makes for the bad input test an open event {evOpen} with
// A's bid, an opened event {evOpened} with bids of A and C and its
// specification {docOpened}, an open negotiation with A {neg} that has our
// offer, and an agreement with A {ag}.
func withSourcing(f *fixture) {
	f.tb.Helper()
	open := newSourcingEvent(f, "bid")
	opened := newSourcingEvent(f, "opened")
	n := newNegotiation(f, f.A.ID, true)
	ag := newAgreement(f, f.A.ID, f.users[mutual.RoleSupplier])
	f.alias("{evOpen}", open.ID.String(), "{evOpened}", opened.ID.String(), "{docOpened}", opened.doc.String(),
		"{neg}", n.ID.String(), "{ag}", ag.ID.String())
}

// sourcingPath names the objects of withSourcing in a sourcing route's
// path, for the bad input test: the open event for the routes that change
// an event still open, the opened one for the others.
func sourcingPath(method, path string) string {
	switch {
	case strings.HasPrefix(path, "/api/v1/events/{id}"):
		ev := "{evOpened}"
		if method != "GET" && !strings.HasSuffix(path, "/close") && !strings.HasSuffix(path, "/cancel") && !strings.HasSuffix(path, "/unseal") &&
			!strings.HasSuffix(path, "/award") && !strings.HasSuffix(path, "/negotiations") && !strings.HasSuffix(path, "/scores") {
			ev = "{evOpen}"
		}
		return strings.NewReplacer("{id}", ev, "{document_id}", "{docOpened}", "{partner_id}", "{A}").Replace(path)
	case strings.HasPrefix(path, "/api/v1/negotiations/{id}"):
		return strings.Replace(path, "{id}", "{neg}", 1)
	case strings.HasPrefix(path, "/api/v1/agreements/{id}"):
		return strings.Replace(path, "{id}", "{ag}", 1)
	}
	return path
}
