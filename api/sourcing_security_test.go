package api_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// withRivals makes what a supplier user must never reach of its rival C:
// {evAw} an awarded event both bid on (C's bid {bidAwC}); {evOpen} an open
// event both are invited to, with C's bid and C's attachment {attC};
// {evC} an open event only C is invited to, with C's bid; a negotiation
// {negC} and an agreement {agC} with C; and a negotiation {negA} with A.
// C's prices are 14200000 and 13000000.
func withRivals(f *fixture) {
	f.tb.Helper()
	cUser := supplierC(f)
	ctxC := storetest.Context(cUser)
	aw := newSourcingEvent(f, "awarded")
	open := newSourcingEvent(f, "open")
	submitBid(f, open, cUser, "14200000", "13000000")
	att := &mutual.Document{EventID: open.ID, Name: "c.pdf", ContentType: "application/pdf", Content: []byte("C secret certificate")}
	if err := f.svc.Bids.AddBidAttachment(ctxC, att); err != nil {
		f.tb.Fatal(err)
	}
	onlyC := newSourcingEvent(f, "draft")
	buyer := storetest.Context(f.users[mutual.RoleBuyer])
	if err := f.svc.Invitations.Uninvite(buyer, onlyC.ID, f.A.ID); err != nil {
		f.tb.Fatal(err)
	}
	if _, err := f.svc.Events.PublishEvent(buyer, onlyC.ID, 0); err != nil {
		f.tb.Fatal(err)
	}
	submitBid(f, onlyC, cUser, "14200000", "13000000")
	negC := newNegotiation(f, cUser.PartnerID, true)
	agC := newAgreement(f, cUser.PartnerID, cUser)
	negA := newNegotiation(f, f.A.ID, false)
	f.alias("{evAw}", aw.ID.String(), "{bidAwC}", aw.bidC.ID.String(), "{evOpen}", open.ID.String(), "{attC}", att.ID.String(),
		"{evC}", onlyC.ID.String(), "{negC}", negC.ID.String(), "{agC}", agC.ID.String(), "{negA}", negA.ID.String(),
		"{L1open}", open.Lines[0].ID.String(), "{Q1open}", open.Questions[0].ID.String())
}

// TestSourcing_SupplierProbing has the supplier user of A guess the IDs of
// its rival's events, bids, attachments, awards, negotiations and
// agreements: each is a 404, as for an ID that does not exist, or leaves
// them out; nothing of C shows.
func TestSourcing_SupplierProbing(t *testing.T) {
	secrets := []string{nameC, "14200000", "C secret"}
	s := func(name, method, path string, status int, notWant ...string) scenario {
		return scenario{name: name, method: method, path: path, who: "supplier", status: status, setup: withRivals, notWant: append(notWant, secrets...)}
	}
	scenarios := []scenario{
		s("ErrEventNotInvited", "GET", "/api/v1/events/{evC}", 404),
		s("EventListNotInvited", "GET", "/api/v1/events", 200, `"id":"{evC}"`),
		s("ErrBidsNotInvited", "GET", "/api/v1/events/{evC}/bids", 404),
		s("ErrRevisionsNotInvited", "GET", "/api/v1/events/{evC}/bids/revisions", 404),
		s("ErrDocumentsNotInvited", "GET", "/api/v1/events/{evC}/documents", 404),
		s("ErrClarificationsNotInvited", "GET", "/api/v1/events/{evC}/clarifications", 404),
		s("ErrAwardNotInvited", "GET", "/api/v1/events/{evC}/award", 404),
		s("ErrRivalRevisions", "GET", "/api/v1/events/{evOpen}/bids/revisions?partner_id={C}", 404),
		s("OwnBidOnly", "GET", "/api/v1/events/{evOpen}/bids", 200),
		s("ErrRivalAttachment", "GET", "/api/v1/events/{evOpen}/documents/{attC}", 404),
		s("ErrRivalAttachmentThroughOtherEvent", "GET", "/api/v1/events/{evAw}/documents/{attC}", 404),
		s("DocumentsLeaveOutAttachments", "GET", "/api/v1/events/{evOpen}/documents", 200, `"id":"{attC}"`),
		s("ErrInvitations", "GET", "/api/v1/events/{evOpen}/invitations", 404),
		s("NoCounts", "GET", "/api/v1/events/{evOpen}", 200, `"invited"`, `"submitted"`, `"evaluators":["`, `"openers":["`),
		s("AwardOwnOnly", "GET", "/api/v1/events/{evAw}/award", 200, `"bid_id":"{bidAwC}"`, `"saving":{`, "15000000"),
		s("ErrTabulation", "GET", "/api/v1/events/{evAw}/tabulation", 404),
		s("ErrTabulationCSV", "GET", "/api/v1/events/{evAw}/tabulation.csv", 404),
		s("ErrScores", "GET", "/api/v1/events/{evAw}/scores", 404),
		s("ErrRivalNegotiation", "GET", "/api/v1/negotiations/{negC}", 404),
		s("ErrRivalNegotiationRound", "POST", "/api/v1/negotiations/{negC}/rounds", 404),
		s("ErrRivalNegotiationClose", "POST", "/api/v1/negotiations/{negC}/close", 404),
		s("ErrRivalNegotiationList", "GET", "/api/v1/negotiations?partner_id={C}", 404),
		s("NegotiationListOwn", "GET", "/api/v1/negotiations", 200, `"id":"{negC}"`),
		s("ErrRivalAgreement", "GET", "/api/v1/agreements/{agC}", 404),
		s("ErrRivalAgreementList", "GET", "/api/v1/agreements?partner_id={C}", 404),
		s("AgreementListOwn", "GET", "/api/v1/agreements", 200, `"id":"{agC}"`),
		s("ErrSavings", "GET", "/api/v1/savings?partner_id={C}", 404),
		s("ErrCopy", "POST", "/api/v1/events/{evOpen}/copy", 404),
		s("ErrStartNegotiation", "POST", "/api/v1/events/{evAw}/negotiations", 404),
	}
	// Bodies for the POSTs above.
	for i := range scenarios {
		switch {
		case strings.HasSuffix(scenarios[i].path, "/rounds"):
			scenarios[i].body = `{"lines": [], "terms": "x"}`
		case strings.HasSuffix(scenarios[i].path, "/close"):
			scenarios[i].body = `{"agreed": true}`
		case strings.HasSuffix(scenarios[i].path, "/negotiations") && scenarios[i].method == "POST":
			scenarios[i].body = `{"bid_id": "{bidAwC}"}`
		}
	}
	scenarios = append(scenarios,
		// The bidder is always the signed-in user's company.
		scenario{name: "ErrBidForRival", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withRivals, status: 422,
			body:    `{"partner_id": "{C}", "lines": [{"line_id": "{L1open}", "unit_price": {"amount": "1", "currency": "VND"}}], "answers": [{"question_id": "{Q1open}", "yes": true}], "valid_until": "{d+30}"}`,
			want:    []string{`"location":"body.partner_id"`},
			notWant: secrets},
		// Viewers read but do not write.
		scenario{name: "ErrViewerCreatesEvent", method: "POST", path: "/api/v1/events", who: "viewer", status: 403,
			body: `{"kind": "rfq", "title": "New", "currency": "VND", "closes_at": "{t+7d}"}`},
		scenario{name: "ErrViewerOffers", method: "POST", path: "/api/v1/negotiations/{negA}/rounds", who: "viewer", status: 403, setup: withRivals,
			body: `{"lines": []}`},
		scenario{name: "ErrViewerBids", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "viewer", status: 403, setup: withRivals, body: `{}`},
		scenario{name: "ErrViewerInvites", method: "POST", path: "/api/v1/events/{evOpen}/invitations", who: "viewer", status: 403, setup: withRivals,
			body: `{"partner_ids": ["{A}"]}`},
		scenario{name: "ErrViewerCloses", method: "POST", path: "/api/v1/events/{evOpen}/close", who: "viewer", status: 403, setup: withRivals},
		// Buyers do not bid for a supplier.
		scenario{name: "ErrBuyerBids", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "buyer", status: 403, setup: withRivals,
			body: `{"lines": [{"line_id": "{L1open}", "unit_price": {"amount": "1", "currency": "VND"}}], "answers": [{"question_id": "{Q1open}", "yes": true}], "valid_until": "{d+30}"}`},
	)
	runScenarios(t, scenarios)
}

// TestSourcing_BidForRivalChangesNothing: a refused bid naming another
// partner stores nothing, for that partner or the sender's.
func TestSourcing_BidForRivalChangesNothing(t *testing.T) {
	f := newFixture(t)
	withRivals(f)
	body := `{"partner_id": "{C}", "lines": [{"line_id": "{L1open}", "unit_price": {"amount": "1", "currency": "VND"}}], "answers": [{"question_id": "{Q1open}", "yes": true}], "valid_until": "{d+30}"}`
	checkResponse(t, f.do("POST", "/api/v1/events/{evOpen}/bids", "supplier", body, nil), 422)
	res := f.do("GET", "/api/v1/events/{evOpen}/bids", "supplierC", "", nil)
	checkResponse(t, res, 200)
	if !strings.Contains(res.Body.String(), `"revision":1`) || !strings.Contains(res.Body.String(), "14200000") {
		t.Errorf("C's bid changed: %s", res.Body)
	}
	res = f.do("GET", "/api/v1/events/{evOpen}/bids", "supplier", "", nil)
	checkResponse(t, res, 200)
	if got := res.Body.String(); got != `{"items":[],"next_cursor":""}`+"\n" {
		t.Errorf("A's bids: %s", got)
	}
}

// TestSourcing_Upload sends files of every wrong shape.
func TestSourcing_Upload(t *testing.T) {
	f := newFixture(t)
	withRivals(f)
	big := strings.Repeat("x", mutual.MaxDocumentSize+1)
	huge := strings.Repeat("x", mutual.MaxDocumentSize+1<<20)
	part := func(name, filename, content string) (string, map[string]string) {
		return uploadBody(name, filename, "application/pdf", content)
	}
	for _, tt := range []struct {
		name, path, who string
		body            func() (string, map[string]string)
		status          int
		want            string
	}{
		{"OK", "/api/v1/events/{evOpen}/attachments", "supplier", func() (string, map[string]string) { return part("file", `a "b".pdf`, "%PDF") }, 201, `"name":"a \"b\".pdf"`},
		{"OKPathStripped", "/api/v1/events/{evOpen}/attachments", "supplier", func() (string, map[string]string) { return part("file", `..\..\etc\passwd`, "x") }, 201, `"name":"passwd"`},
		{"ErrTooLarge", "/api/v1/events/{evOpen}/attachments", "supplier", func() (string, map[string]string) { return part("file", "big.pdf", big) }, 413, "at most 10 MB"},
		{"ErrBodyTooLarge", "/api/v1/events/{evOpen}/documents", "buyer", func() (string, map[string]string) {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			w, _ := mw.CreateFormFile("file", "small.pdf")
			w.Write([]byte("x"))
			w, _ = mw.CreateFormField("padding") // past the body limit
			w.Write([]byte(huge))
			mw.Close()
			return b.String(), map[string]string{"Content-Type": mw.FormDataContentType()}
		}, 413, "larger than"},
		{"ErrEmpty", "/api/v1/events/{evOpen}/documents", "buyer", func() (string, map[string]string) { return part("file", "empty.pdf", "") }, 422, `"location":"body.file"`},
		{"ErrNoName", "/api/v1/events/{evOpen}/documents", "buyer", func() (string, map[string]string) { return part("file", "", "x") }, 422, `"location":"body.file.name"`},
		{"ErrNoFile", "/api/v1/events/{evOpen}/documents", "buyer", func() (string, map[string]string) { return part("document", "x.pdf", "x") }, 422, `"location":"body.document"`},
		{"ErrPartnerPart", "/api/v1/events/{evOpen}/attachments", "supplier", func() (string, map[string]string) { return part("partner_id", "", "{C}") }, 422, `"location":"body.partner_id"`},
		{"ErrJSON", "/api/v1/events/{evOpen}/documents", "buyer", func() (string, map[string]string) { return `{"file": "x"}`, nil }, 400, "multipart/form-data"},
		{"ErrNotInvited", "/api/v1/events/{evC}/attachments", "supplier", func() (string, map[string]string) { return part("file", "x.pdf", "x") }, 404, ""},
		{"ErrBuyerAttaches", "/api/v1/events/{evOpen}/attachments", "buyer", func() (string, map[string]string) { return part("file", "x.pdf", "x") }, 403, ""},
		{"ErrClosedEvent", "/api/v1/events/{evAw}/documents", "buyer", func() (string, map[string]string) { return part("file", "x.pdf", "x") }, 409, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body, headers := tt.body()
			res := f.do("POST", tt.path, tt.who, body, headers)
			checkResponse(t, res, tt.status)
			if !strings.Contains(res.Body.String(), tt.want) {
				t.Errorf("body does not hold %q: %.300s", tt.want, res.Body)
			}
		})
	}
	t.Run("DownloadName", func(t *testing.T) {
		body, headers := part("file", "Báo giá \"Q4\".pdf", "%PDF")
		res := f.do("POST", "/api/v1/events/{evOpen}/attachments", "supplier", body, headers)
		checkResponse(t, res, 201)
		var d mutual.Document
		decode(t, res, &d)
		res = f.do("GET", "/api/v1/events/{evOpen}/documents/"+d.ID.String(), "supplier", "", nil)
		checkResponse(t, res, 200)
		want := `attachment; filename="B_o gi_ _Q4_.pdf"; filename*=UTF-8''B%C3%A1o%20gi%C3%A1%20%22Q4%22.pdf`
		if got := res.Header().Get("Content-Disposition"); got != want {
			t.Errorf("Content-Disposition = %q, want %q", got, want)
		}
	})
}
