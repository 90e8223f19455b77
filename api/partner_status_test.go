package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// moveA moves partner A (a prospect in the fixture) along its life cycle
// through the given statuses, as the system.
func moveA(f *fixture, to ...string) {
	f.tb.Helper()
	for _, s := range to {
		if _, err := f.svc.Partners.ChangePartnerStatus(storetest.SystemContext(), f.A.ID, mutual.StatusMove{Status: s, Reason: "Set up as " + s}); err != nil {
			f.tb.Fatalf("move A to %s: %v", s, err)
		}
	}
}

func TestPartnerStatusChange(t *testing.T) {
	offboarded := func(f *fixture) { moveA(f, "onboarding", "active", "suspended", "offboarded") }
	suspended := func(f *fixture) { moveA(f, "onboarding", "active", "suspended") }
	const path = "/api/v1/partners/{A}/status"
	runScenarios(t, []scenario{
		{name: "OK", method: "POST", path: path, who: "buyer", body: `{"status": "onboarding", "reason": "NDA signed"}`,
			headers: map[string]string{"If-Match": `"1"`}, status: 200,
			want:        []string{`"status":"onboarding"`, `"version":2`, nameA, "Trần Thị Mai"},
			wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "OKBodyVersion", method: "POST", path: path, who: "manager", body: `{"status": " Onboarding ", "reason": "NDA signed", "version": 1}`, status: 200,
			want: []string{`"status":"onboarding"`}},
		{name: "OKReturn", method: "POST", path: path, who: "admin", body: `{"status": "onboarding", "reason": "New management, new audit"}`, status: 200,
			want: []string{`"status":"onboarding"`}, setup: offboarded},
		{name: "OKSuspendedToOffboarded", method: "POST", path: path, who: "buyer", body: `{"status": "offboarded", "reason": "Contract ended"}`, status: 200,
			want: []string{`"status":"offboarded"`}, setup: suspended},
		// The moves the security issue found accepted.
		{name: "ErrOffboardedToActive", method: "POST", path: path, who: "buyer", body: `{"status": "active", "reason": "Back"}`, status: 409,
			want: []string{`"code":"conflict"`, `"reason":"status_move_not_allowed"`, "from offboarded it may move to onboarding"}, setup: offboarded},
		{name: "ErrSuspendedToProspect", method: "POST", path: path, who: "buyer", body: `{"status": "prospect", "reason": "Start over"}`, status: 409,
			want: []string{`"reason":"status_move_not_allowed"`}, setup: suspended},
		{name: "ErrProspectToActive", method: "POST", path: path, who: "buyer", body: `{"status": "active", "reason": "Skip onboarding"}`, status: 409,
			want: []string{`"reason":"status_move_not_allowed"`}},
		{name: "ErrSameStatus", method: "POST", path: path, who: "buyer", body: `{"status": "prospect", "reason": "Again"}`, status: 409,
			want: []string{`"reason":"status_unchanged"`}},
		{name: "ErrReasonMissing", method: "POST", path: path, who: "buyer", body: `{"status": "onboarding"}`, status: 422,
			want: []string{`"location":"body.reason"`, `"rule":"required"`}},
		{name: "ErrReasonBlank", method: "POST", path: path, who: "buyer", body: `{"status": "onboarding", "reason": "   "}`, status: 422,
			want: []string{`"location":"body.reason"`}},
		{name: "ErrStatusUnknown", method: "POST", path: path, who: "buyer", body: `{"status": "dormant", "reason": "x"}`, status: 422,
			want: []string{`"location":"body.status"`, `"rule":"enum"`}},
		{name: "ErrStatusWrongType", method: "POST", path: path, who: "buyer", body: `{"status": 3, "reason": "x"}`, status: 422,
			want: []string{`"location":"body.status"`}},
		{name: "ErrUnknownField", method: "POST", path: path, who: "buyer", body: `{"status": "onboarding", "reason": "x", "note": "y"}`, status: 422,
			want: []string{`"location":"body.note"`}},
		{name: "ErrStale", method: "POST", path: path, who: "buyer", body: `{"status": "onboarding", "reason": "x"}`,
			headers: map[string]string{"If-Match": `"7"`}, status: 412, want: []string{`"code":"precondition"`}},
		{name: "ErrViewer", method: "POST", path: path, who: "viewer", body: `{"status": "onboarding", "reason": "x"}`, status: 403},
		{name: "ErrSupplierOwnPartner", method: "POST", path: path, who: "supplier", body: `{"status": "onboarding", "reason": "x"}`, status: 403},
		{name: "ErrSupplierOtherPartner", method: "POST", path: "/api/v1/partners/{B}/status", who: "supplier", body: `{"status": "onboarding", "reason": "x"}`, status: 404},
		{name: "ErrUnknownPartner", method: "POST", path: "/api/v1/partners/999999/status", who: "admin", body: `{"status": "onboarding", "reason": "x"}`, status: 404},

		// PATCH no longer moves the status; it points to the endpoint that does.
		{name: "ErrPatchStatus", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"status": "active"}`, status: 422,
			want: []string{`"location":"body.status"`, `"rule":"use_status_endpoint"`, "POST /api/v1/partners/{id}/status"}, setup: offboarded},
		{name: "PatchSameStatus", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"status": "offboarded", "notes": "Kept"}`, status: 200,
			want: []string{`"status":"offboarded"`, `"notes":"Kept"`}, setup: offboarded},

		{name: "GetHistory", method: "GET", path: path, who: "viewer", status: 200, setup: suspended,
			want: []string{`"status":"suspended"`, `"allowed":["active","offboarded"]`, `"version":4`,
				`"from":"active","to":"suspended","reason":"Set up as suspended","changed_by":null,"changed_by_name":""`},
			wantHeaders: map[string]string{"ETag": `"4"`}},
		{name: "GetHistoryEmpty", method: "GET", path: path, who: "buyer", status: 200,
			want: []string{`"status":"prospect"`, `"allowed":["onboarding"]`, `"history":[]`}},
		{name: "ErrGetHistorySupplier", method: "GET", path: path, who: "supplier", status: 404, setup: suspended,
			notWant: []string{"Set up as"}},
	})
}

// TestPartnerStatusChange_Recorded moves a partner through the API and
// finds the move in its history, with who made it, and in the audit log
// with the status before and after and the reason.
func TestPartnerStatusChange_Recorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		buyer := f.users[mutual.RoleBuyer]
		checkResponse(t, f.do("POST", "/api/v1/partners/{A}/status", "buyer", `{"status": "onboarding", "reason": "Passed the supplier audit"}`, nil), http.StatusOK)
		checkResponse(t, f.do("POST", "/api/v1/partners/{A}/status", "manager", `{"status": "active", "reason": "First order placed"}`, nil), http.StatusOK)

		res := f.do("GET", "/api/v1/partners/{A}/status", "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		var lc struct {
			Status  string
			Allowed []string
			History []mutual.StatusChange
		}
		decode(t, res, &lc)
		if lc.Status != "active" || len(lc.Allowed) != 1 || lc.Allowed[0] != "suspended" || len(lc.History) != 2 {
			t.Fatalf("life cycle = %+v", lc)
		}
		if h := lc.History[1]; h.From != "prospect" || h.To != "onboarding" || h.Reason != "Passed the supplier audit" || h.ChangedBy != buyer.ID || h.ChangedByName != buyer.Name {
			t.Errorf("oldest move = %+v", h)
		}
		if h := lc.History[0]; h.From != "onboarding" || h.To != "active" || h.ChangedBy != f.users[mutual.RoleManager].ID {
			t.Errorf("newest move = %+v", h)
		}

		res = f.do("GET", "/api/v1/audit?entity=partner&entity_id={A}", "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		var page struct{ Items []mutual.AuditRecord }
		decode(t, res, &page)
		if len(page.Items) < 2 || page.Items[1].Action != "status_change" || page.Items[1].UserID != buyer.ID {
			t.Fatalf("audit records: %+v", page.Items)
		}
		var before, after map[string]any
		if err := json.Unmarshal(page.Items[1].Before, &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(page.Items[1].After, &after); err != nil {
			t.Fatal(err)
		}
		if before["status"] != "prospect" || after["status"] != "onboarding" || after["reason"] != "Passed the supplier audit" {
			t.Errorf("audit before %v, after %v", before, after)
		}
	})
}
