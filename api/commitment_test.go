package api_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// touchCommitment changes commitment {kA} behind the client's back.
func touchCommitment(f *fixture) {
	withTimeline(f)
	notes := "Changed elsewhere"
	id, _ := mutual.ParseID(f.replacer.Replace("{kA}"))
	if _, err := f.svc.Commitments.UpdateCommitment(storetest.SystemContext(), id, mutual.CommitmentUpdate{Notes: &notes}); err != nil {
		f.tb.Fatal(err)
	}
}

func TestCommitments(t *testing.T) {
	done := `{"status": "done"}`
	runScenarios(t, []scenario{
		{name: "List", method: "GET", path: "/api/v1/partners/{A}/commitments", who: "viewer", status: 200, setup: withTimeline,
			// By due date: the missed one (yesterday) first.
			want:    []string{`"items":[{"id":"{kMissed}"`, `"status":"missed"`, "Send revised price list", "Share the 2027 forecast", `"next_cursor":""`},
			notWant: []string{secretB}},
		{name: "ListSide", method: "GET", path: "/api/v1/partners/{A}/commitments?side=ours", who: "buyer", status: 200, setup: withTimeline,
			want: []string{"Share the 2027 forecast"}, notWant: []string{"Send revised price list"}},
		{name: "ListStatusOpen", method: "GET", path: "/api/v1/partners/{A}/commitments?status=open", who: "buyer", status: 200, setup: withTimeline,
			want: []string{"Send revised price list"}, notWant: []string{"certificate of origin"}},
		{name: "ListPage", method: "GET", path: "/api/v1/partners/{A}/commitments?limit=1", who: "buyer", status: 200, setup: withTimeline,
			want: []string{"certificate of origin", `"next_cursor":"{d-1}_{kMissed}"`}, notWant: []string{"Send revised price list"}},
		{name: "ListSupplierOwn", method: "GET", path: "/api/v1/partners/{A}/commitments", who: "supplier", status: 200, setup: withTimeline,
			want: []string{"Send revised price list", "Share the 2027 forecast"}, notWant: []string{secretB}},
		{name: "ErrListSupplierOther", method: "GET", path: "/api/v1/partners/{B}/commitments", who: "supplier", status: 404, setup: withTimeline, notWant: []string{secretB}},
		{name: "ErrListUnknownPartner", method: "GET", path: "/api/v1/partners/999999/commitments", who: "admin", status: 404},
		{name: "ErrListBadFilters", method: "GET", path: "/api/v1/partners/{A}/commitments?side=both&status=late&due_before=2026-13-45", who: "buyer", status: 422,
			want: []string{`"query.side"`, `"query.status"`, `"query.due_before"`}},
		{name: "ErrListBadCursor", method: "GET", path: "/api/v1/partners/{A}/commitments?cursor=abc", who: "buyer", status: 422, want: []string{`"location":"query.cursor"`}},

		{name: "SearchMine", method: "GET", path: "/api/v1/commitments?owner_user_id=me&status=open", who: "buyer", status: 200, setup: withTimeline,
			want: []string{"Share the 2027 forecast", `"owner":{"type":"user","id":"{buyer}"`}, notWant: []string{"Send revised price list"}},
		{name: "SearchMineNone", method: "GET", path: "/api/v1/commitments?owner_user_id=me", who: "manager", status: 200, setup: withTimeline,
			want: []string{`{"items":[],"next_cursor":""}`}},
		{name: "SearchOwner", method: "GET", path: "/api/v1/commitments?owner_user_id={buyer}", who: "viewer", status: 200, setup: withTimeline,
			want: []string{"Share the 2027 forecast"}},
		{name: "SearchDueBefore", method: "GET", path: "/api/v1/commitments?due_before={d+7}&side=theirs", who: "manager", status: 200, setup: withTimeline,
			want: []string{"Send revised price list", secretB, "certificate of origin"}, notWant: []string{"Share the 2027 forecast"}},
		{name: "SearchMissed", method: "GET", path: "/api/v1/commitments?status=missed", who: "manager", status: 200, setup: withTimeline,
			want: []string{"certificate of origin", `"status":"missed"`}, notWant: []string{"Send revised price list", secretB}},
		{name: "SearchPartner", method: "GET", path: "/api/v1/commitments?partner_id={B}", who: "viewer", status: 200, setup: withTimeline,
			want: []string{secretB}, notWant: []string{"Send revised price list"}},
		{name: "SearchSupplier", method: "GET", path: "/api/v1/commitments", who: "supplier", status: 200, setup: withTimeline,
			want: []string{"Send revised price list", "Share the 2027 forecast"}, notWant: []string{secretB}},
		{name: "ErrSearchSupplierOther", method: "GET", path: "/api/v1/commitments?partner_id={B}", who: "supplier", status: 404, setup: withTimeline, notWant: []string{secretB}},
		{name: "ErrSearchBadFilters", method: "GET", path: "/api/v1/commitments?owner_user_id=you&partner_id=x&due_before=soon", who: "buyer", status: 422,
			want: []string{`"query.owner_user_id"`, `"query.partner_id"`, `"query.due_before"`}},

		{name: "Get", method: "GET", path: "/api/v1/partners/{A}/commitments/{kA}", who: "viewer", status: 200, setup: withTimeline,
			want: []string{`"id":"{kA}"`, `"side":"theirs"`, `"owner_contact_id":"{cA}"`, `"owner_user_id":null`, `"owner_name":"Trần Thị Mai"`,
				`"owner":{"type":"contact","id":"{cA}","name":"Trần Thị Mai"}`, `"due_on":"{d+7}"`, `"done_on":null`, `"status":"open"`, `"interaction_id":"{iA}"`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "GetSupplierOwn", method: "GET", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "supplier", status: 200, setup: withTimeline,
			want: []string{"Share the 2027 forecast"}},
		{name: "ErrGetThroughOtherPartner", method: "GET", path: "/api/v1/partners/{A}/commitments/{kB}", who: "admin", status: 404, setup: withTimeline, notWant: []string{secretB}},
		{name: "ErrGetSupplierOther", method: "GET", path: "/api/v1/partners/{B}/commitments/{kB}", who: "supplier", status: 404, setup: withTimeline, notWant: []string{secretB}},
		{name: "ErrGetSupplierOtherThroughOwn", method: "GET", path: "/api/v1/partners/{A}/commitments/{kB}", who: "supplier", status: 404, setup: withTimeline, notWant: []string{secretB}},

		{name: "Create", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 201,
			body:        `{"title": "Visit the new plant", "side": "ours", "owner_user_id": "{manager}", "due_on": "{d+30}", "notes": "With QA."}`,
			want:        []string{`"partner_id":"{A}"`, `"status":"open"`, `"source":"manual"`, `"owner_user_id":"{manager}"`, `"owner":{"type":"user","id":"{manager}"`, `"version":1`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "CreateFromInteraction", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "manager", status: 201, setup: withTimeline,
			body: `{"title": "Send samples", "side": "theirs", "owner_contact_id": "{cA}", "due_on": "{d+7}", "interaction_id": "{iA}", "partner_id": "{A}"}`,
			want: []string{`"source":"interaction"`, `"interaction_id":"{iA}"`}},
		{name: "CreateNoOwner", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "admin", status: 201,
			body: `{"title": "Agree on a forecast format", "side": "theirs", "due_on": "{d+30}"}`, want: []string{`"owner":null`}},
		{name: "ErrCreateDueOn", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{"title": "x", "side": "ours", "due_on": "2026-13-45"}`, want: []string{`"location":"body.due_on"`}},
		{name: "ErrCreateOwnerOtherPartner", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{"title": "x", "side": "theirs", "owner_contact_id": "{cB}", "due_on": "{d+7}"}`, want: []string{`"location":"body.owner_contact_id"`}, notWant: []string{"John Smith"}},
		{name: "ErrCreateOwnerSupplierUser", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{"title": "x", "side": "ours", "owner_user_id": "{supplier}", "due_on": "{d+7}"}`, want: []string{`"location":"body.owner_user_id"`}},
		{name: "ErrCreateOwnerWrongSide", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{"title": "x", "side": "theirs", "owner_user_id": "{buyer}", "due_on": "{d+7}"}`, want: []string{`"location":"body.owner_user_id"`}},
		{name: "ErrCreateInteractionOfOtherPartner", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422, setup: withTimeline,
			body: `{"title": "x", "side": "ours", "due_on": "{d+7}", "interaction_id": "{iB}"}`, want: []string{`"location":"body.interaction_id"`}, notWant: []string{secretB}},
		{name: "ErrCreateInvalid", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{"title": "", "side": "both", "due_on": 20261201, "status": "late", "done_on": "{d0}", "colour": "red"}`,
			want: []string{`"body.title"`, `"body.side"`, `"body.due_on"`, `"body.status"`, `"body.done_on"`, `"body.colour"`}},
		{name: "ErrCreateViewer", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "viewer", status: 403, body: `{"title": "x", "side": "ours", "due_on": "{d+7}"}`},
		{name: "ErrCreateSupplierOwn", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "supplier", status: 403, body: `{"title": "x", "side": "theirs", "due_on": "{d+7}"}`},
		{name: "ErrCreateSupplierOther", method: "POST", path: "/api/v1/partners/{B}/commitments", who: "supplier", status: 404, body: `{"title": "x", "side": "theirs", "due_on": "{d+7}"}`},
		{name: "ErrCreateUnknownPartner", method: "POST", path: "/api/v1/partners/999999/commitments", who: "buyer", status: 404, body: `{"title": "x", "side": "ours", "due_on": "{d+7}"}`},

		{name: "Update", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "buyer", status: 200, setup: withTimeline,
			body: `{"due_on": "{d+30}", "owner_user_id": "{manager}", "side": "ours", "owner_name": "whoever"}`, headers: map[string]string{"If-Match": `"1"`},
			want: []string{`"due_on":"{d+30}"`, `"owner_user_id":"{manager}"`, `"version":2`}, wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "UpdateDone", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "manager", status: 200, setup: withTimeline,
			body: done, want: []string{`"status":"done"`, `"done_on":"{d0}"`}},
		{name: "SupplierMarksTheirsDone", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "supplier", status: 200, setup: withTimeline,
			body: done, headers: map[string]string{"If-Match": `"1"`}, want: []string{`"status":"done"`, `"done_on":"{d0}"`, `"version":2`}},
		{name: "ErrSupplierMarksOursDone", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "supplier", status: 403, setup: withTimeline, body: done},
		{name: "ErrSupplierChangesTitle", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "supplier", status: 403, setup: withTimeline,
			body: `{"status": "done", "title": "Nothing to send"}`},
		{name: "ErrSupplierCancels", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "supplier", status: 403, setup: withTimeline,
			body: `{"status": "cancelled"}`},
		{name: "ErrSupplierOther", method: "PATCH", path: "/api/v1/partners/{B}/commitments/{kB}", who: "supplier", status: 404, setup: withTimeline, body: done, notWant: []string{secretB}},
		{name: "ErrSupplierOtherThroughOwn", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kB}", who: "supplier", status: 404, setup: withTimeline, body: done, notWant: []string{secretB}},
		{name: "ErrUpdateViewer", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "viewer", status: 403, setup: withTimeline, body: done},
		{name: "ErrUpdateStale", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "buyer", status: 412, setup: touchCommitment,
			body: done, headers: map[string]string{"If-Match": `"1"`}},
		{name: "ErrUpdateReadOnly", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"side": "ours", "source": "review", "interaction_id": "{iB}", "partner_id": "{B}"}`,
			want: []string{`"body.side"`, `"body.source"`, `"body.interaction_id"`, `"body.partner_id"`}},
		{name: "ErrUpdateInvalid", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"due_on": "2026-13-45", "status": "late"}`, want: []string{`"location":"body.due_on"`}},
		{name: "ErrUpdateStatus", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"status": "late", "owner_contact_id": "{cB}"}`, want: []string{`"location":"body.status"`, `"location":"body.owner_contact_id"`}},
		{name: "ErrUpdateThroughOtherPartner", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kB}", who: "admin", status: 404, setup: withTimeline, body: done},
	})
}
