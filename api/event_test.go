package api_test

import (
	stdcsv "encoding/csv"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// flow runs the requests of a scenario that builds on what came before.
type flow struct {
	t *testing.T
	f *fixture
}

// do sends a request and stops the test unless it answers status.
func (fl flow) do(method, path, who, body string, status int, headers map[string]string) *httptest.ResponseRecorder {
	fl.t.Helper()
	res := fl.f.do(method, path, who, body, headers)
	checkResponse(fl.t, res, status)
	if res.Code != status {
		fl.t.FailNow()
	}
	return res
}

// has checks that the body holds each of want and none of notWant.
func (fl flow) has(res *httptest.ResponseRecorder, want []string, notWant ...string) {
	fl.t.Helper()
	body := res.Body.String()
	for _, w := range want {
		if !strings.Contains(body, fl.f.replacer.Replace(w)) {
			fl.t.Errorf("body does not hold %q:\n%s", w, body)
		}
	}
	for _, w := range notWant {
		if strings.Contains(body, fl.f.replacer.Replace(w)) {
			fl.t.Errorf("body holds %q:\n%s", w, body)
		}
	}
}

// TestSourcing_Flow runs a sealed RFQ from draft to savings through the
// API: two suppliers bid and one revises, the bids stay sealed past the
// deadline until both members of its opening committee open them,
// evaluators score, the award is split, and a negotiation agrees a lower
// price.
func TestSourcing_Flow(t *testing.T) {
	clock := storetest.NewClock(time.Now())
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Now())
		f := newFixtureOn(t, db)
		supplierC(f)
		fl := flow{t, f}
		closes := clock.Now().Add(48 * time.Hour).Truncate(time.Second)
		f.alias("{closes}", closes.Format(time.RFC3339))

		// A draft with lines, questions and criteria: sealed unless said otherwise.
		res := fl.do("POST", "/api/v1/events", "buyer", `{"kind": "rfq", "title": "Thép cuộn 2027", "category": "Steel", "currency": "VND",
			"closes_at": "{closes}", "two_person_opening": true,
			"lines": [{"item": "HRC-2", "description": "Hot rolled coil 2 mm", "quantity": "2.5", "unit": "t", "baseline_price": {"amount": "15000000", "currency": "VND"}},
				{"item": "HRC-3", "quantity": 10, "unit": "t", "baseline_price": {"amount": 14000000, "currency": "VND"}, "target_price": {"amount": "13000000", "currency": "VND"}}],
			"questions": [{"text": "ISO 9001?", "kind": "yes_no", "required": true}, {"text": "Mill certificate", "kind": "file"}],
			"criteria": [{"name": "Price", "weight": 60}, {"name": "Quality", "weight": 40}],
			"evaluators": ["{buyer}", "{manager}"], "committee": ["{manager}", "{admin}"]}`, 201, nil)
		var e mutual.Event
		decode(t, res, &e)
		if !e.Sealed || e.Status != "draft" || len(e.Lines) != 2 || e.Lines[1].Quantity.String() != "10" || len(e.Questions) != 2 || e.Criteria[0].Name != "price" {
			t.Fatalf("created %+v", e)
		}
		if got := res.Header().Get("Location"); got != "/api/v1/events/"+e.ID.String() {
			t.Errorf("Location = %q", got)
		}
		f.alias("{ev}", e.ID.String(), "{L1}", e.Lines[0].ID.String(), "{L2}", e.Lines[1].ID.String(),
			"{Q1}", e.Questions[0].ID.String(), "{Q2}", e.Questions[1].ID.String(), "{quality}", e.Criteria[1].ID.String())
		fl.has(res, []string{`"opens_at":null`, `"published_at":null`})

		body, headers := uploadBody("file", "Đặc tả kỹ thuật.pdf", "application/pdf", "%PDF-1.7 spec")
		res = fl.do("POST", "/api/v1/events/{ev}/documents", "buyer", body, 201, headers)
		var spec mutual.Document
		decode(t, res, &spec)
		f.alias("{spec}", spec.ID.String())
		fl.do("POST", "/api/v1/events/{ev}/invitations", "buyer", `{"partner_ids": ["{A}", "{C}"]}`, 200, nil)
		fl.do("GET", "/api/v1/events/{ev}", "supplier", "", 404, nil)

		// Publishing with a stale ETag is refused.
		fl.do("POST", "/api/v1/events/{ev}/publish", "buyer", "", 412, map[string]string{"If-Match": `"7"`})
		res = fl.do("POST", "/api/v1/events/{ev}/publish", "buyer", "", 200, map[string]string{"If-Match": `"1"`})
		fl.has(res, []string{`"status":"open"`, `"invited":2`})

		// Suppliers see the event without the buying side's fields.
		res = fl.do("GET", "/api/v1/events/{ev}", "supplier", "", 200, nil)
		fl.has(res, []string{"HRC-2", `"baseline_price":null`, `"evaluators":[]`}, "15000000", "13000000", `"invited"`, `"created_by":"`)
		res = fl.do("GET", "/api/v1/events", "supplier", "", 200, nil)
		fl.has(res, []string{"Thép cuộn 2027"})
		res = fl.do("GET", "/api/v1/events/{ev}/documents/{spec}", "supplierC", "", 200, nil)
		if got := res.Header().Get("Content-Disposition"); got != `attachment; filename="__c t_ k_ thu_t.pdf"; filename*=UTF-8''%C4%90%E1%BA%B7c%20t%E1%BA%A3%20k%E1%BB%B9%20thu%E1%BA%ADt.pdf` {
			t.Errorf("Content-Disposition = %q", got)
		}

		// A bids, attaches its certificate and revises; C bids on one line.
		body, headers = uploadBody("file", "iso.pdf", "application/pdf", "%PDF-1.7 certificate of A")
		res = fl.do("POST", "/api/v1/events/{ev}/attachments", "supplier", body, 201, headers)
		var att mutual.Document
		decode(t, res, &att)
		f.alias("{att}", att.ID.String())
		res = fl.do("POST", "/api/v1/events/{ev}/bids", "supplier", `{"lines": [{"line_id": "{L1}", "unit_price": {"amount": "14000000", "currency": "VND"}, "lead_time_days": 10},
			{"line_id": "{L2}", "unit_price": {"amount": "13500000", "currency": "VND"}, "lead_time_days": 20}], "answers": [{"question_id": "{Q1}", "yes": true}], "valid_until": "{d+90}"}`, 201, nil)
		fl.has(res, []string{`"revision":1`, `"partner_id":"{A}"`})
		res = fl.do("POST", "/api/v1/events/{ev}/bids", "supplier", `{"lines": [{"line_id": "{L1}", "unit_price": {"amount": "14500000", "currency": "VND"}, "lead_time_days": 10},
			{"line_id": "{L2}", "unit_price": {"amount": "13200000"}, "lead_time_days": 20, "note": "Ex works"}],
			"answers": [{"question_id": "{Q1}", "yes": true}, {"question_id": "{Q2}", "document_id": "{att}"}], "comments": "Price firm for 90 days", "valid_until": "{d+90}"}`, 201, nil)
		var bidA mutual.Bid
		decode(t, res, &bidA)
		if bidA.Revision != 2 || bidA.Total.String() != "168250000 VND" {
			t.Errorf("revised bid: revision %d total %s", bidA.Revision, bidA.Total)
		}
		res = fl.do("POST", "/api/v1/events/{ev}/bids", "supplierC", `{"lines": [{"line_id": "{L1}", "unit_price": {"amount": "14200000", "currency": "VND"}, "lead_time_days": 7}],
			"answers": [{"question_id": "{Q1}", "yes": false}], "valid_until": "{d+30}"}`, 201, nil)
		var bidC mutual.Bid
		decode(t, res, &bidC)
		f.alias("{bidA}", bidA.ID.String(), "{bidC}", bidC.ID.String())
		res = fl.do("GET", "/api/v1/events/{ev}/bids", "supplier", "", 200, nil)
		fl.has(res, []string{`"revision":2`, "14500000"}, "14200000", `"id":"{bidC}"`)
		res = fl.do("GET", "/api/v1/events/{ev}/bids/revisions", "supplier", "", 200, nil)
		fl.has(res, []string{`"revision":2`, `"revision":1`, "13500000"})

		// While sealed the buying side sees that they bid, not what.
		res = fl.do("GET", "/api/v1/events/{ev}/invitations", "manager", "", 200, nil)
		fl.has(res, []string{`"bid_status":"submitted"`, nameA, nameC}, "14500000", "14200000")
		res = fl.do("GET", "/api/v1/events/{ev}", "viewer", "", 200, nil)
		fl.has(res, []string{`"submitted":2`})
		res = fl.do("GET", "/api/v1/events/{ev}/bids", "manager", "", 409, nil)
		fl.has(res, []string{`"reason":"bids_sealed"`})
		fl.do("GET", "/api/v1/events/{ev}/tabulation", "manager", "", 409, nil)
		fl.do("GET", "/api/v1/events/{ev}/bids/revisions?partner_id={A}", "admin", "", 409, nil)
		fl.do("GET", "/api/v1/events/{ev}/documents/{att}", "admin", "", 404, nil)
		fl.do("GET", "/api/v1/events/{ev}/documents/{att}", "supplierC", "", 404, nil)
		res = fl.do("GET", "/api/v1/events/{ev}/documents/{att}", "supplier", "", 200, nil)
		if res.Body.String() != "%PDF-1.7 certificate of A" || res.Header().Get("Content-Type") != "application/pdf" || res.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("attachment %q %v", res.Body, res.Header())
		}

		// The deadline passes: a late bid is refused, even a revision.
		clock.Set(closes)
		fl.do("POST", "/api/v1/events/{ev}/bids", "supplierC", `{"lines": [{"line_id": "{L1}", "unit_price": {"amount": "1", "currency": "VND"}}],
			"answers": [{"question_id": "{Q1}", "yes": true}], "valid_until": "{d+30}"}`, 409, nil)
		res = fl.do("GET", "/api/v1/events/{ev}", "buyer", "", 200, nil)
		fl.has(res, []string{`"status":"closed"`})
		fl.do("GET", "/api/v1/events/{ev}/bids", "buyer", "", 409, nil)

		// The two members of the opening committee open the bids, each
		// with their own password.
		open := `{"password": "` + storetest.Password + `"}`
		fl.do("POST", "/api/v1/events/{ev}/unseal", "buyer", open, 403, nil)
		res = fl.do("POST", "/api/v1/events/{ev}/unseal", "manager", open, 200, nil)
		fl.has(res, []string{`"unsealed_at":null`, `"openers":["{manager}"]`, `"committee":["{manager}","{admin}"]`})
		fl.do("POST", "/api/v1/events/{ev}/unseal", "manager", open, 409, nil)
		fl.do("GET", "/api/v1/events/{ev}/bids", "manager", "", 409, nil)
		res = fl.do("POST", "/api/v1/events/{ev}/unseal", "admin", open, 200, nil)
		fl.has(res, []string{`"unsealed_at":"`, `"{manager}"`, `"{admin}"`}, `"unsealed_at":null`)
		res = fl.do("GET", "/api/v1/events/{ev}/bids", "viewer", "", 200, nil)
		fl.has(res, []string{"14500000", "14200000", "Price firm for 90 days"})
		res = fl.do("GET", "/api/v1/events/{ev}/documents/{att}", "buyer", "", 200, nil)
		fl.has(res, []string{"certificate of A"})
		res = fl.do("GET", "/api/v1/events/{ev}/bids/revisions?partner_id={A}", "buyer", "", 200, nil)
		fl.has(res, []string{"13500000"})

		// Evaluators score; others may not.
		fl.do("PUT", "/api/v1/events/{ev}/scores", "admin", `{"scores": [{"bid_id": "{bidA}", "criterion_id": "{quality}", "score": 50}]}`, 403, nil)
		fl.do("PUT", "/api/v1/events/{ev}/scores", "buyer", `{"scores": [{"bid_id": "{bidA}", "criterion_id": "{quality}", "score": 90},
			{"bid_id": "{bidC}", "criterion_id": "{quality}", "score": 70, "comment": "Slower mill"}]}`, 200, nil)
		res = fl.do("PUT", "/api/v1/events/{ev}/scores", "manager", `{"scores": [{"bid_id": "{bidA}", "criterion_id": "{quality}", "score": 80},
			{"bid_id": "{bidC}", "criterion_id": "{quality}", "score": 90}]}`, 200, nil)
		var scores struct{ Items []mutual.Score }
		decode(t, res, &scores)
		if len(scores.Items) != 4 {
			t.Errorf("scores %+v", scores.Items)
		}

		// The tabulation: A quotes both lines (168.25M), C one line, priced
		// at the highest quote for the other: 35.5M + 132M = 167.5M, the
		// lowest. A: price 99.55, quality 85: total 93.73. C: price 100,
		// quality 80: total 92.
		res = fl.do("GET", "/api/v1/events/{ev}/tabulation", "viewer", "", 200, nil)
		var tab mutual.Tabulation
		decode(t, res, &tab)
		ev := map[mutual.ID]mutual.Evaluation{}
		for _, x := range tab.Evaluations {
			ev[x.BidID] = x
		}
		if a, c := ev[bidA.ID], ev[bidC.ID]; a.PriceScore.String() != "99.55" || a.Total.String() != "93.73" || a.Rank != 1 ||
			c.EvaluatedTotal.String() != "167500000 VND" || c.Total.String() != "92" || c.Complete || len(tab.Rows) != 2 {
			t.Errorf("tabulation A %+v C %+v", a, c)
		}
		res = fl.do("GET", "/api/v1/events/{ev}/tabulation.csv", "buyer", "", 200, nil)
		if ct := res.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.HasPrefix(res.Body.String(), csv.UTF8BOM) {
			t.Errorf("CSV %q %.20q", ct, res.Body)
		}
		recs, err := stdcsv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body.String(), csv.UTF8BOM))).ReadAll()
		if err != nil || len(recs) != 11 || len(recs[0]) != 13 {
			t.Fatalf("CSV %v %q", err, recs)
		}
		colA, colC := 5, 9 // the bids' columns, in the order of the partners' names
		if strings.HasPrefix(recs[0][9], nameA) {
			colA, colC = 9, 5
		}
		if !strings.HasPrefix(recs[0][colC], nameC) || recs[1][colA] != "14500000" || recs[1][colC+3] != "lowest" || recs[2][colC] != "" ||
			recs[8][colA] != "1" || recs[10][colA] != "document "+att.ID.String() || recs[9][colC] != "no" {
			t.Errorf("CSV %q", recs)
		}

		// A negotiation with A on its bid, before the award.
		res = fl.do("POST", "/api/v1/events/{ev}/negotiations", "buyer", `{"bid_id": "{bidA}"}`, 201, nil)
		fl.has(res, []string{`"side":"theirs"`, `"event_id":"{ev}"`, "13200000"})
		var fromBid mutual.Negotiation
		decode(t, res, &fromBid)
		f.alias("{negA}", fromBid.ID.String())
		res = fl.do("GET", "/api/v1/negotiations?event_id={ev}&status=open", "buyer", "", 200, nil)
		fl.has(res, []string{`"id":"{negA}"`})
		// No award while it is open; A holds to its bid.
		fl.do("POST", "/api/v1/events/{ev}/award", "buyer", `{"valid_from": "{d0}", "lines": [{"line_id": "{L2}", "splits": [{"bid_id": "{bidA}", "quantity": "10"}]}]}`, 409, nil)
		fl.do("POST", "/api/v1/negotiations/{negA}/close", "buyer", `{"agreed": false, "outcome": "A holds to its bid."}`, 200, nil)

		// The award: C did not quote HRC-3, so it cannot have part of it;
		// HRC-2 is split between C and A, HRC-3 goes to A.
		fl.do("POST", "/api/v1/events/{ev}/award", "buyer", `{"valid_from": "{d0}", "lines": [{"line_id": "{L2}", "splits": [{"bid_id": "{bidC}", "quantity": "6"}, {"bid_id": "{bidA}", "quantity": 4}]}]}`, 422, nil)
		fl.do("POST", "/api/v1/events/{ev}/award", "viewer", `{"valid_from": "{d0}", "lines": []}`, 403, nil)
		res = fl.do("POST", "/api/v1/events/{ev}/award", "buyer", `{"valid_from": "{d0}", "valid_to": "{d+365}", "note": "Split for supply security",
			"lines": [{"line_id": "{L1}", "splits": [{"bid_id": "{bidC}", "quantity": "1.5"}, {"bid_id": "{bidA}", "quantity": "1"}]},
				{"line_id": "{L2}", "splits": [{"bid_id": "{bidA}", "quantity": "10"}]}]}`, 201, nil)
		var awarded struct{ Items []mutual.Agreement }
		decode(t, res, &awarded)
		// Savings: C (15M - 14.2M) x 1.5 = 1.2M; A (15M - 14.5M) x 1 = 0.5M; A (14M - 13.2M) x 10 = 8M.
		if len(awarded.Items) != 3 || awarded.Items[0].Saving.String() != "1200000 VND" || awarded.Items[2].Saving.String() != "8000000 VND" {
			t.Fatalf("agreements %+v", awarded.Items)
		}
		f.alias("{agA}", awarded.Items[2].ID.String(), "{agC}", awarded.Items[0].ID.String())
		res = fl.do("GET", "/api/v1/events/{ev}/award", "supplier", "", 200, nil)
		fl.has(res, []string{`"outcome":"partial"`, `"bid_id":"{bidA}"`, `"id":"{agA}"`}, `"bid_id":"{bidC}"`, `"id":"{agC}"`, "15000000", `"saving":{`)
		res = fl.do("GET", "/api/v1/events/{ev}/award", "supplierC", "", 200, nil)
		fl.has(res, []string{`"outcome":"partial"`, `"bid_id":"{bidC}"`, `"id":"{agC}"`}, `"bid_id":"{bidA}"`, `"id":"{agA}"`)
		res = fl.do("GET", "/api/v1/events/{ev}/award", "manager", "", 200, nil)
		fl.has(res, []string{`"bid_id":"{bidA}"`, `"bid_id":"{bidC}"`, `"saving":{"amount":"9700000","currency":"VND"}`})

		// Agreed prices: each supplier its own.
		res = fl.do("GET", "/api/v1/agreements?event_id={ev}&active=true", "buyer", "", 200, nil)
		fl.has(res, []string{`"id":"{agA}"`, `"id":"{agC}"`, `"baseline_price":{"amount":"14000000"`})
		res = fl.do("GET", "/api/v1/agreements", "supplier", "", 200, nil)
		fl.has(res, []string{`"id":"{agA}"`}, `"id":"{agC}"`, "14000000", `"saving":{`)
		fl.do("GET", "/api/v1/agreements/{agC}", "supplier", "", 404, nil)
		fl.do("GET", "/api/v1/agreements?partner_id={C}", "supplier", "", 404, nil)

		// Price negotiation on A's agreement for HRC-3: offer and
		// counter-offer, then A accepts ours.
		res = fl.do("POST", "/api/v1/negotiations", "buyer", `{"partner_id": "{A}", "title": "HRC-3 yearly review", "currency": "VND", "valid_from": "{d+30}",
			"lines": [{"item": "HRC-3", "quantity": "4", "unit": "t", "agreement_id": "{agA}"}]}`, 201, nil)
		var n mutual.Negotiation
		decode(t, res, &n)
		if n.Lines[0].BaselinePrice.String() != "13200000 VND" || res.Header().Get("ETag") != `"1"` {
			t.Errorf("negotiation %+v, ETag %s", n, res.Header().Get("ETag"))
		}
		f.alias("{neg}", n.ID.String(), "{NL1}", n.Lines[0].ID.String())
		offer := func(price string) string {
			return `{"lines": [{"line_id": "{NL1}", "unit_price": {"amount": "` + price + `", "currency": "VND"}, "lead_time_days": 14}], "terms": "Delivery to Bình Dương"}`
		}
		fl.do("POST", "/api/v1/negotiations/{neg}/rounds", "buyer", offer("12500000"), 201, nil)
		fl.do("POST", "/api/v1/negotiations/{neg}/rounds", "buyer", offer("12400000"), 409, nil)
		fl.do("POST", "/api/v1/negotiations/{neg}/rounds", "viewer", offer("12400000"), 403, nil)
		fl.do("POST", "/api/v1/negotiations/{neg}/rounds", "supplierC", offer("12900000"), 404, nil)
		res = fl.do("POST", "/api/v1/negotiations/{neg}/rounds", "supplier", offer("12900000"), 201, nil)
		fl.has(res, []string{`"side":"theirs"`}, "13200000")
		fl.do("POST", "/api/v1/negotiations/{neg}/rounds", "manager", offer("12700000"), 201, nil)
		fl.do("POST", "/api/v1/negotiations/{neg}/close", "supplier", `{"agreed": false, "outcome": "No"}`, 403, nil)
		fl.do("POST", "/api/v1/negotiations/{neg}/close", "supplier", `{"agreed": true}`, 412, map[string]string{"If-Match": `"1"`})
		res = fl.do("POST", "/api/v1/negotiations/{neg}/close", "supplier", `{"agreed": true, "outcome": "Accepted"}`, 200, nil)
		fl.has(res, []string{`"status":"agreed"`, `"closed_at":"`}, `"saving":{`)
		res = fl.do("GET", "/api/v1/negotiations/{neg}", "buyer", "", 200, nil)
		// (13.2M - 12.7M) x 4 = 2M.
		fl.has(res, []string{`"saving":{"amount":"2000000","currency":"VND"}`})
		res = fl.do("GET", "/api/v1/agreements/{agA}", "buyer", "", 200, nil)
		fl.has(res, []string{`"status":"superseded"`})
		res = fl.do("GET", "/api/v1/agreements?negotiation_id={neg}", "supplier", "", 200, nil)
		fl.has(res, []string{`"unit_price":{"amount":"12700000"`, `"negotiation_id":"{neg}"`}, `"id":"{agA}"`)
		res = fl.do("GET", "/api/v1/negotiations?status=agreed", "supplier", "", 200, nil)
		fl.has(res, []string{"HRC-3 yearly review"})

		// Savings: 1.2M + 0.5M + 8M + 2M = 11.7M.
		res = fl.do("GET", "/api/v1/savings?group_by=partner", "viewer", "", 200, nil)
		var rep mutual.SavingsReport
		decode(t, res, &rep)
		if rep.Total.Saving.String() != "11700000 VND" || len(rep.Rows) != 2 || rep.Total.Agreements != 4 {
			t.Errorf("savings %+v", rep)
		}
		fl.do("GET", "/api/v1/savings", "supplier", "", 404, nil)

		// A's notifications: invited, closed, awarded, negotiation offers.
		res = fl.do("GET", "/api/v1/notifications?unread=true", "supplier", "", 200, nil)
		var notes struct{ Items []mutual.Notification }
		decode(t, res, &notes)
		if len(notes.Items) < 4 || notes.Items[len(notes.Items)-1].Kind != "invited" {
			t.Fatalf("notifications %+v", notes.Items)
		}
		// A page of two, then the next from its cursor.
		res = fl.do("GET", "/api/v1/notifications?unread=true&limit=2", "supplier", "", 200, nil)
		var page struct {
			Items      []mutual.Notification
			NextCursor string `json:"next_cursor"`
		}
		decode(t, res, &page)
		if len(page.Items) != 2 || page.Items[0].ID != notes.Items[0].ID || page.Items[1].ID != notes.Items[1].ID || page.NextCursor == "" {
			t.Fatalf("first page %+v", page)
		}
		res = fl.do("GET", "/api/v1/notifications?unread=true&limit=2&cursor="+page.NextCursor, "supplier", "", 200, nil)
		decode(t, res, &page)
		if len(page.Items) == 0 || page.Items[0].ID != notes.Items[2].ID {
			t.Fatalf("second page %+v", page)
		}
		fl.do("POST", "/api/v1/notifications/read", "supplier", `{"up_to": "`+notes.Items[0].ID.String()+`"}`, 204, nil)
		res = fl.do("GET", "/api/v1/notifications?unread=true", "supplier", "", 200, nil)
		fl.has(res, []string{`{"items":[],"next_cursor":""}`})
	})
}
