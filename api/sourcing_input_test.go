package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/api"
	"github.com/mutualsrm/mutual/store/storetest"
)

// withEvents makes a draft {evDraft}, an open event {evOpen} with A's bid
// (lines {L1}, {L2}, question {Q1}), an opened event {evOpened} with bids
// {bidA} and {bidC} and its quality criterion {crit}, and an open
// negotiation {neg} with A, without offers, on one line {NL1}.
func withEvents(f *fixture) {
	f.tb.Helper()
	draft := newSourcingEvent(f, "draft")
	open := newSourcingEvent(f, "bid")
	opened := newSourcingEvent(f, "opened")
	n := newNegotiation(f, f.A.ID, false)
	f.alias("{evDraft}", draft.ID.String(), "{evOpen}", open.ID.String(), "{L1}", open.Lines[0].ID.String(), "{L2}", open.Lines[1].ID.String(),
		"{Q1}", open.Questions[0].ID.String(), "{evOpened}", opened.ID.String(), "{bidA}", opened.bidA.ID.String(), "{bidC}", opened.bidC.ID.String(),
		"{crit}", opened.Criteria[1].ID.String(), "{oL1}", opened.Lines[0].ID.String(), "{neg}", n.ID.String(), "{NL1}", n.Lines[0].ID.String())
}

// withDraftWithoutCriteria makes an RFQ draft {evBare} with a line and no criteria.
func withDraftWithoutCriteria(f *fixture) {
	f.tb.Helper()
	e := &mutual.Event{Kind: "rfq", Title: "Bare", Currency: "VND", ClosesAt: newSourcingEvent(f, "draft").ClosesAt,
		Lines: []mutual.EventLine{{Item: "X", Quantity: decimal("1"), Unit: "pc"}}}
	if err := f.svc.Events.CreateEvent(storetest.Context(f.users[mutual.RoleBuyer]), e); err != nil {
		f.tb.Fatal(err)
	}
	f.alias("{evBare}", e.ID.String())
}

func TestSourcing_Input(t *testing.T) {
	const event = `"kind": "rfq", "title": "Ống thép", "currency": "VND", "closes_at": "{t+7d}"`
	runScenarios(t, []scenario{
		{name: "CreateSealedByDefault", method: "POST", path: "/api/v1/events", who: "buyer", body: `{` + event + `}`, status: 201,
			want: []string{`"sealed":true`, `"status":"draft"`, `"evaluators":["{buyer}"]`, `"opens_at":null`}, wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "CreateUnsealed", method: "POST", path: "/api/v1/events", who: "manager", body: `{"kind": "rfq", "title": "Ống thép", "currency": "VND", "sealed": false, "opens_at": "{t+7d}", "closes_at": "{t+7d+1h}"}`, status: 201,
			want: []string{`"sealed":false`, `"opens_at":"`}},
		{name: "ErrCreateFields", method: "POST", path: "/api/v1/events", who: "buyer", status: 422,
			body: `{"kind": "rfx", "title": "", "currency": "VND", "closes_at": "yesterday",
				"lines": [{"item": "A", "quantity": "abc"}, {"item": "B", "quantity": 2, "unit": "t", "baseline_price": {"amount": "1.5", "currency": "VND"}}, 7],
				"questions": [{"text": "Which?", "kind": "choice", "choices": ["one"]}], "criteria": [{"name": "Price", "weight": 50}]}`,
			want: []string{`"location":"body.kind"`, `"location":"body.title"`, `"location":"body.closes_at"`, `"location":"body.lines[0].quantity"`,
				`"location":"body.lines[0].unit"`, `"location":"body.lines[1].baseline_price.amount"`, `"location":"body.lines[2]"`,
				`"location":"body.questions[0].choices"`, `"location":"body.criteria"`}},
		{name: "ErrCreateServerFields", method: "POST", path: "/api/v1/events", who: "buyer", body: `{` + event + `, "status": "open", "invited": 3, "colour": "red"}`, status: 422,
			want: []string{`"location":"body.status","rule":"read_only"`, `"location":"body.invited"`, `"location":"body.colour","rule":"unknown"`}},
		{name: "ErrCreateTimeRange", method: "POST", path: "/api/v1/events", who: "buyer", body: `{"kind": "rfq", "title": "x", "currency": "VND", "closes_at": "9999-12-31T00:00:00Z"}`, status: 422,
			want: []string{`"location":"body.closes_at","rule":"range"`}},
		{name: "ErrCreateEvaluator", method: "POST", path: "/api/v1/events", who: "buyer", body: `{` + event + `, "evaluators": ["{viewer}"]}`, status: 422,
			want: []string{`"location":"body.evaluators"`}},
		{name: "ErrCreateSupplier", method: "POST", path: "/api/v1/events", who: "supplier", body: `{` + event + `}`, status: 404},

		{name: "ListSearch", method: "GET", path: "/api/v1/events?q=thep&status=draft&kind=rfq", who: "viewer", setup: withEvents, status: 200,
			want: []string{`"id":"{evDraft}"`}, notWant: []string{`"id":"{evOpen}"`}},
		{name: "ListSupplierInvited", method: "GET", path: "/api/v1/events", who: "supplier", setup: withEvents, status: 200,
			want: []string{`"id":"{evOpen}"`, `"id":"{evOpened}"`}, notWant: []string{`"id":"{evDraft}"`, `"invited"`}},
		{name: "ListPage", method: "GET", path: "/api/v1/events?limit=1", who: "buyer", setup: withEvents, status: 200, want: []string{`"next_cursor":"2`}},
		{name: "ErrListFilters", method: "GET", path: "/api/v1/events?status=done&kind=rfx", who: "buyer", status: 422, want: []string{`"query.status"`, `"query.kind"`}},
		{name: "ErrListCursor", method: "GET", path: "/api/v1/events?cursor=abc", who: "buyer", status: 422, want: []string{`"location":"query.cursor"`}},

		{name: "Patch", method: "PATCH", path: "/api/v1/events/{evDraft}", who: "buyer", setup: withEvents, headers: map[string]string{"If-Match": `"1"`},
			body: `{"title": "Thép cuộn 2028", "lines": [{"id": "1", "item": "HRC-4", "quantity": 1.25, "unit": "t"}], "criteria": null}`, status: 200,
			want: []string{`"title":"Thép cuộn 2028"`, `"quantity":"1.25"`, `"criteria":[]`}, wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "ErrPatchStale", method: "PATCH", path: "/api/v1/events/{evDraft}", who: "buyer", setup: withEvents, headers: map[string]string{"If-Match": `"9"`},
			body: `{"title": "x"}`, status: 412},
		{name: "PatchKind", method: "PATCH", path: "/api/v1/events/{evDraft}", who: "buyer", setup: withEvents, body: `{"kind": "rfp"}`, status: 200,
			want: []string{`"kind":"rfp"`}},
		{name: "ErrPatchKindNull", method: "PATCH", path: "/api/v1/events/{evDraft}", who: "buyer", setup: withEvents, body: `{"kind": "rfx", "sealed": null, "closes_at": null}`, status: 422,
			want: []string{`"location":"body.sealed"`, `"location":"body.closes_at"`}},
		{name: "ErrPatchKindUnknown", method: "PATCH", path: "/api/v1/events/{evDraft}", who: "buyer", setup: withEvents, body: `{"kind": "rfx"}`, status: 422,
			want: []string{`"location":"body.kind"`}},
		{name: "ErrPatchPublishedKind", method: "PATCH", path: "/api/v1/events/{evOpen}", who: "buyer", setup: withEvents, body: `{"kind": "rfp"}`, status: 409},
		{name: "ErrPatchPublishedLines", method: "PATCH", path: "/api/v1/events/{evOpen}", who: "buyer", setup: withEvents, body: `{"lines": []}`, status: 409},
		{name: "PatchPublishedCloseLater", method: "PATCH", path: "/api/v1/events/{evOpen}", who: "buyer", setup: withEvents, body: `{"closes_at": "{t+7d+1h}"}`, status: 200},
		{name: "ErrPublishWithoutCriteria", method: "POST", path: "/api/v1/events/{evBare}/publish", who: "buyer", setup: withDraftWithoutCriteria, status: 422,
			want: []string{`"location":"body.criteria"`}},
		{name: "ErrPublishBody", method: "POST", path: "/api/v1/events/{evDraft}/publish", who: "buyer", setup: withEvents, body: `{"now": true}`, status: 422,
			want: []string{`"location":"body.now"`}},
		{name: "ErrCloseDraft", method: "POST", path: "/api/v1/events/{evDraft}/close", who: "buyer", setup: withEvents, status: 409},
		{name: "ErrCloseStale", method: "POST", path: "/api/v1/events/{evOpen}/close", who: "buyer", setup: withEvents, headers: map[string]string{"If-Match": `"1"`}, status: 412},
		{name: "ErrCancelWithoutReason", method: "POST", path: "/api/v1/events/{evOpen}/cancel", who: "buyer", setup: withEvents, body: `{}`, status: 422,
			want: []string{`"location":"body.reason"`}},
		{name: "ErrUnsealUnsealed", method: "POST", path: "/api/v1/events/{evOpened}/unseal", who: "manager", body: `{"password": "` + storetest.Password + `"}`,
			setup: withEvents, status: 409, want: []string{`"reason":"bids_open"`}},
		{name: "ErrUnsealNoPassword", method: "POST", path: "/api/v1/events/{evOpened}/unseal", who: "manager", setup: withEvents, status: 422,
			want: []string{`"location":"body.password"`}},
		{name: "ErrInviteCustomer", method: "POST", path: "/api/v1/events/{evDraft}/invitations", who: "buyer", setup: withEvents, body: `{"partner_ids": ["{B}"]}`, status: 422,
			want: []string{`"location":"body.partner_ids[0]"`}},
		{name: "ErrUninviteBidder", method: "DELETE", path: "/api/v1/events/{evOpen}/invitations/{A}", who: "buyer", setup: withEvents, status: 409},
		{name: "ErrClarifyDraft", method: "POST", path: "/api/v1/events/{evDraft}/clarifications", who: "buyer", setup: withEvents, body: `{"text": "x"}`, status: 409},
		{name: "ErrClarifyEmpty", method: "POST", path: "/api/v1/events/{evOpen}/clarifications", who: "buyer", setup: withEvents, body: `{"text": " "}`, status: 422,
			want: []string{`"location":"body.text"`}},

		{name: "ErrBidFields", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withEvents, status: 422,
			body: `{"lines": [{"line_id": "99999999", "unit_price": {"amount": "1", "currency": "USD"}}, {"line_id": "{L2}", "unit_price": {"amount": "x", "currency": "VND"}, "price": 1}],
				"answers": [{"question_id": "{Q1}", "yes": "no"}], "valid_until": "2026-02-30"}`,
			want: []string{`"location":"body.lines[1].unit_price.amount"`, `"location":"body.lines[1].price"`, `"location":"body.answers[0].yes"`, `"location":"body.valid_until"`}},
		{name: "ErrBidDomain", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withEvents, status: 422,
			body: `{"lines": [{"line_id": "99999999", "unit_price": {"amount": "1", "currency": "USD"}, "lead_time_days": -1}], "valid_until": "{d-1}"}`,
			want: []string{`"location":"body.lines[0].line_id"`, `"location":"body.lines[0].unit_price.currency"`, `"location":"body.lines[0].lead_time_days"`,
				`"location":"body.answers"`, `"location":"body.valid_until"`}},
		{name: "ErrBidSeal", method: "POST", path: "/api/v1/events/{evOpen}/bids", who: "supplier", setup: withEvents, status: 422,
			body: `{"lines": [{"line_id": "{L1}", "unit_price": {"amount": "1", "currency": "VND"}}], "answers": [{"question_id": "{Q1}", "yes": true}], "valid_until": "{d+30}",
				"seal": {"algorithm": "sha256", "digest": "00", "document": "{}"}}`,
			want: []string{`"location":"body.seal"`, "Set by the server."}},
		{name: "ErrRevisionsWithoutPartner", method: "GET", path: "/api/v1/events/{evOpened}/bids/revisions", who: "buyer", setup: withEvents, status: 422,
			want: []string{`"location":"query.partner_id"`}},
		{name: "ErrWithdrawNoBid", method: "POST", path: "/api/v1/events/{evOpen}/bids/withdraw", who: "supplierC", setup: withEvents, status: 409},
		{name: "ErrScoreFields", method: "PUT", path: "/api/v1/events/{evOpened}/scores", who: "buyer", setup: withEvents, status: 422,
			body: `{"scores": [{"bid_id": "{bidA}", "criterion_id": "{crit}", "score": 101, "evaluator_id": "{admin}"}]}`,
			want: []string{`"location":"body.scores[0].evaluator_id"`}},
		{name: "ErrScoreRange", method: "PUT", path: "/api/v1/events/{evOpened}/scores", who: "buyer", setup: withEvents, status: 422,
			body: `{"scores": [{"bid_id": "{bidA}", "criterion_id": "{crit}", "score": 101}, {"bid_id": "99999999", "criterion_id": "{crit}", "score": 1}]}`,
			want: []string{`"location":"body.scores[0].score"`, `"location":"body.scores[1].bid_id"`}},
		{name: "ErrScoresMissing", method: "PUT", path: "/api/v1/events/{evOpened}/scores", who: "buyer", setup: withEvents, body: `{}`, status: 422,
			want: []string{`"location":"body.scores"`}},
		{name: "ErrAwardFields", method: "POST", path: "/api/v1/events/{evOpened}/award", who: "buyer", setup: withEvents, status: 422,
			body: `{"valid_from": "{d0}", "lines": [{"line_id": "{oL1}", "splits": [{"bid_id": "{bidA}", "quantity": "two"}]}]}`,
			want: []string{`"location":"body.lines[0].splits[0].quantity"`}},
		{name: "ErrAwardSum", method: "POST", path: "/api/v1/events/{evOpened}/award", who: "buyer", setup: withEvents, status: 422,
			body: `{"lines": [{"line_id": "{oL1}", "splits": [{"bid_id": "{bidA}", "quantity": "1"}, {"bid_id": "{bidC}", "quantity": 1}]}]}`,
			want: []string{`"location":"body.lines[0].splits"`, `"location":"body.valid_from"`}},
		{name: "ErrNegotiateWithoutBid", method: "POST", path: "/api/v1/events/{evOpened}/negotiations", who: "buyer", setup: withEvents, body: `{}`, status: 422,
			want: []string{`"location":"body.bid_id"`}},

		{name: "ErrNegotiationFields", method: "POST", path: "/api/v1/negotiations", who: "buyer", status: 422,
			body: `{"partner_id": "{B}", "title": "", "currency": "VND", "valid_from": "2026-02-01", "valid_to": "2026-01-01", "lines": [{"item": "x", "quantity": 0, "unit": "t", "event_line_id": "1"}]}`,
			want: []string{`"location":"body.title"`, `"location":"body.valid_to"`, `"location":"body.lines[0].quantity"`, `"location":"body.lines[0].event_line_id"`}},
		{name: "ErrNegotiationCustomer", method: "POST", path: "/api/v1/negotiations", who: "buyer", status: 422,
			body: `{"partner_id": "{B}", "title": "t", "currency": "VND", "lines": [{"item": "x", "quantity": 1, "unit": "t"}]}`,
			want: []string{`"location":"body.partner_id"`}},
		{name: "ErrRoundSide", method: "POST", path: "/api/v1/negotiations/{neg}/rounds", who: "supplier", setup: withEvents, body: `{"side": "ours", "lines": []}`, status: 422,
			want: []string{`"location":"body.side"`}},
		{name: "ErrRoundSideUnknown", method: "POST", path: "/api/v1/negotiations/{neg}/rounds", who: "buyer", setup: withEvents, body: `{"side": "both", "lines": []}`, status: 422,
			want: []string{`"location":"body.side"`}},
		{name: "RoundRecordedForSupplier", method: "POST", path: "/api/v1/negotiations/{neg}/rounds", who: "buyer", setup: withEvents,
			body: `{"side": "theirs", "lines": [{"line_id": "{NL1}", "unit_price": {"amount": "12900000", "currency": "VND"}}], "terms": "By phone"}`, status: 201,
			want: []string{`"side":"theirs"`, `"last_side":"theirs"`, `"last_offer_at":"`}},
		{name: "ErrRoundEveryLine", method: "POST", path: "/api/v1/negotiations/{neg}/rounds", who: "buyer", setup: withEvents, body: `{"lines": []}`, status: 422,
			want: []string{`"location":"body.lines"`}},
		{name: "ErrCloseWithoutAgreed", method: "POST", path: "/api/v1/negotiations/{neg}/close", who: "buyer", setup: withEvents, body: `{}`, status: 422,
			want: []string{`"location":"body.agreed"`}},
		{name: "ErrCloseFailedWithoutOutcome", method: "POST", path: "/api/v1/negotiations/{neg}/close", who: "buyer", setup: withEvents, body: `{"agreed": false}`, status: 422,
			want: []string{`"location":"body.outcome"`}},
		{name: "CloseFailed", method: "POST", path: "/api/v1/negotiations/{neg}/close", who: "buyer", setup: withEvents, body: `{"agreed": false, "outcome": "Too dear"}`, status: 200,
			want: []string{`"status":"failed"`, `"outcome":"Too dear"`}},
		{name: "ErrNegotiationListStatus", method: "GET", path: "/api/v1/negotiations?status=won", who: "buyer", status: 422, want: []string{`"location":"query.status"`}},

		{name: "ErrAgreementsActive", method: "GET", path: "/api/v1/agreements?active=maybe&partner_id=x", who: "buyer", status: 422,
			want: []string{`"location":"query.active"`, `"location":"query.partner_id"`}},
		{name: "ErrSavingsFilters", method: "GET", path: "/api/v1/savings?group_by=year&from=2026-13-01", who: "buyer", status: 422,
			want: []string{`"location":"query.group_by"`, `"location":"query.from"`}},
		{name: "ErrSavingsPeriod", method: "GET", path: "/api/v1/savings?from=2026-02-01&to=2026-01-01", who: "buyer", status: 422,
			want: []string{`"location":"query.to"`}},
		{name: "SavingsEmpty", method: "GET", path: "/api/v1/savings", who: "viewer", status: 200,
			want: []string{`"group_by":"month"`, `"rows":[]`}},
		{name: "ErrNotificationsReadWithoutID", method: "POST", path: "/api/v1/notifications/read", who: "viewer", body: `{}`, status: 422,
			want: []string{`"location":"body.up_to"`}},
		{name: "ErrNotificationsUnread", method: "GET", path: "/api/v1/notifications?unread=maybe", who: "viewer", status: 422,
			want: []string{`"location":"query.unread"`}},
		{name: "ErrNotificationsCursor", method: "GET", path: "/api/v1/notifications?cursor=abc", who: "viewer", status: 422,
			want: []string{`"location":"query.cursor"`}},
	})
}

// TestSourcing_Idempotent: the same Idempotency-Key creates one event.
func TestSourcing_Idempotent(t *testing.T) {
	f := newFixture(t)
	key := map[string]string{"Idempotency-Key": "event-1"}
	body := `{"kind": "rfi", "title": "Market scan", "currency": "USD", "closes_at": "{t+7d}"}`
	first := f.do("POST", "/api/v1/events", "buyer", body, key)
	checkResponse(t, first, http.StatusCreated)
	again := f.do("POST", "/api/v1/events", "buyer", body, key)
	checkResponse(t, again, http.StatusCreated)
	if again.Header().Get("Idempotent-Replayed") != "true" || again.Body.String() != first.Body.String() {
		t.Errorf("not replayed: %v %s", again.Header(), again.Body)
	}
	res := f.do("GET", "/api/v1/events?q=scan", "buyer", "", nil)
	var page struct{ Items []mutual.Event }
	decode(t, res, &page)
	if len(page.Items) != 1 {
		t.Errorf("%d events, want 1", len(page.Items))
	}
}

// TestSourcing_BadIDs reads every sourcing resource under IDs that name
// nothing: a 404, or a 422 for a bad query; never a 2xx or a 5xx.
func TestSourcing_BadIDs(t *testing.T) {
	f := newFixture(t)
	withEvents(f)
	for _, rt := range api.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method != "GET" || !strings.Contains(path, "{") || !(strings.HasPrefix(path, "/api/v1/events/") ||
			strings.HasPrefix(path, "/api/v1/negotiations/") || strings.HasPrefix(path, "/api/v1/agreements/")) {
			continue
		}
		for _, id := range badIDs {
			p := strings.Replace(path, "{id}", id, 1)
			if strings.Contains(p, "{document_id}") {
				p = strings.NewReplacer("/"+id+"/", "/{evOpen}/", "{document_id}", id).Replace(p)
			}
			for _, who := range []string{"admin", "supplier"} {
				if res := f.do(method, p, who, "", nil); res.Code != 404 && res.Code != 422 {
					t.Errorf("%s %s as %s: %d %s", method, p, who, res.Code, res.Body)
				}
			}
		}
	}
}
