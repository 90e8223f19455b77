package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// overdueB has B, a routine partner, last called two days ago and held to
// a call every day.
func overdueB(f *fixture) {
	ctx := storetest.SystemContext()
	in := &mutual.Interaction{PartnerID: f.B.ID, Kind: "call", OccurredAt: time.Now().Add(-48 * time.Hour), Subject: "Check-in"}
	if err := f.svc.Interactions.CreateInteraction(ctx, in); err != nil {
		f.tb.Fatal(err)
	}
	one := 1
	if _, err := f.svc.Cadences.SetPartnerCadence(ctx, f.B.ID, &mutual.Cadence{AnyDays: &one}); err != nil {
		f.tb.Fatal(err)
	}
}

// touchStrategic changes the strategic policy behind the client's back.
func touchStrategic(f *fixture) {
	ten := 10
	if _, err := f.svc.Cadences.UpdateCadence(storetest.SystemContext(), "strategic", mutual.Cadence{AnyDays: &ten}, 0); err != nil {
		f.tb.Fatal(err)
	}
}

func TestCadences(t *testing.T) {
	policy := `{"any_days": 7, "visit_days": 60, "executive_days": null}`
	runScenarios(t, []scenario{
		{name: "List", method: "GET", path: "/api/v1/cadences", who: "viewer", status: 200,
			want: []string{`"items":[{"segment":"strategic","any_days":14,"visit_days":90,"executive_days":365,"version":1,`,
				`{"segment":"leverage","any_days":30,"visit_days":180,"executive_days":null`, `{"segment":"routine","any_days":90,"visit_days":null,"executive_days":null`,
				`"next_cursor":""`}},
		{name: "ErrListSupplier", method: "GET", path: "/api/v1/cadences", who: "supplier", status: 404},
		{name: "Get", method: "GET", path: "/api/v1/cadences/bottleneck", who: "buyer", status: 200,
			want: []string{`"segment":"bottleneck","any_days":30,"visit_days":120,"executive_days":null,"version":1`}, wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "ErrGetUnknown", method: "GET", path: "/api/v1/cadences/vip", who: "buyer", status: 404},
		{name: "ErrGetSupplier", method: "GET", path: "/api/v1/cadences/strategic", who: "supplier", status: 404},

		{name: "Update", method: "PUT", path: "/api/v1/cadences/strategic", who: "admin", status: 200, body: policy, headers: map[string]string{"If-Match": `"1"`},
			want: []string{`"segment":"strategic","any_days":7,"visit_days":60,"executive_days":null,"version":2`}, wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "UpdateSentBack", method: "PUT", path: "/api/v1/cadences/routine", who: "admin", status: 200,
			body: `{"segment": "routine", "any_days": 60, "visit_days": null, "executive_days": null, "version": 1, "updated_at": "2026-01-01T00:00:00Z"}`,
			want: []string{`"any_days":60`, `"version":2`}},
		{name: "ErrUpdateStale", method: "PUT", path: "/api/v1/cadences/strategic", who: "admin", status: 412, setup: touchStrategic,
			body: policy, headers: map[string]string{"If-Match": `"1"`}},
		{name: "ErrUpdateManager", method: "PUT", path: "/api/v1/cadences/strategic", who: "manager", status: 403, body: policy},
		{name: "ErrUpdateSupplier", method: "PUT", path: "/api/v1/cadences/strategic", who: "supplier", status: 403, body: policy},
		{name: "ErrUpdateUnknownSegment", method: "PUT", path: "/api/v1/cadences/vip", who: "admin", status: 404, body: policy},
		{name: "ErrUpdateMissing", method: "PUT", path: "/api/v1/cadences/strategic", who: "admin", status: 422, body: `{"any_days": 7}`,
			want: []string{`"location":"body.visit_days"`, `"location":"body.executive_days"`}},
		{name: "ErrUpdateInvalid", method: "PUT", path: "/api/v1/cadences/strategic", who: "admin", status: 422,
			body: `{"any_days": 0, "visit_days": 5000, "executive_days": "yearly", "segment": "routine", "colour": "red"}`,
			want: []string{`"body.any_days"`, `"body.visit_days"`, `"body.executive_days"`, `"body.segment"`, `"body.colour"`}},

		{name: "Partner", method: "GET", path: "/api/v1/partners/{A}/cadence", who: "viewer", status: 200, setup: withTimeline,
			want: []string{`"partner_id":"{A}"`, `"segment":"strategic"`, `"override":false`, `"cadence":{"any_days":14,"visit_days":90,"executive_days":365}`,
				`{"kind":"any","gap_days":14,"last_on":"{d-1}","due_on":"{d+13}","overdue":false,"overdue_days":0}`,
				`{"kind":"visit","gap_days":90,"last_on":null,"due_on":"{d+90}","overdue":false,"overdue_days":0}`,
				`{"kind":"executive","gap_days":365,"last_on":null,"due_on":"{d+365}"`,
				`"follow_through":[{"side":"ours","kept":0,"due":0,"percent":null},{"side":"theirs","kept":0,"due":1,"percent":0}]`}},
		{name: "PartnerRoutine", method: "GET", path: "/api/v1/partners/{B}/cadence", who: "buyer", status: 200,
			want: []string{`"touches":[{"kind":"any","gap_days":90,"last_on":null,"due_on":"{d+90}","overdue":false,"overdue_days":0}]`}},
		{name: "PartnerOverdue", method: "GET", path: "/api/v1/partners/{B}/cadence", who: "buyer", status: 200, setup: overdueB,
			want: []string{`"override":true`, `{"kind":"any","gap_days":1,"last_on":"{d-2}","due_on":"{d-1}","overdue":true,"overdue_days":1}`}},
		{name: "ErrPartnerSupplierOwn", method: "GET", path: "/api/v1/partners/{A}/cadence", who: "supplier", status: 404},
		{name: "ErrPartnerUnknown", method: "GET", path: "/api/v1/partners/999999/cadence", who: "admin", status: 404},

		{name: "PartnerOverride", method: "PUT", path: "/api/v1/partners/{A}/cadence", who: "buyer", status: 200, body: policy,
			want: []string{`"override":true`, `"cadence":{"any_days":7,"visit_days":60,"executive_days":null}`, `"due_on":"{d+7}"`}, notWant: []string{`"kind":"executive"`}},
		{name: "ErrPartnerOverrideViewer", method: "PUT", path: "/api/v1/partners/{A}/cadence", who: "viewer", status: 403, body: policy},
		{name: "ErrPartnerOverrideSupplier", method: "PUT", path: "/api/v1/partners/{A}/cadence", who: "supplier", status: 404, body: policy},
		{name: "ErrPartnerOverrideInvalid", method: "PUT", path: "/api/v1/partners/{A}/cadence", who: "manager", status: 422,
			body: `{"any_days": -1, "visit_days": 1.5, "override": true}`,
			want: []string{`"body.any_days"`, `"body.visit_days"`, `"body.executive_days"`, `"body.override"`}},
		{name: "ErrPartnerOverrideUnknown", method: "PUT", path: "/api/v1/partners/999999/cadence", who: "admin", status: 404, body: policy},
		{name: "PartnerReset", method: "DELETE", path: "/api/v1/partners/{B}/cadence", who: "manager", status: 200, setup: overdueB,
			want: []string{`"override":false`, `"cadence":{"any_days":90,"visit_days":null,"executive_days":null}`, `"last_on":"{d-2}"`}},
		{name: "ErrPartnerResetViewer", method: "DELETE", path: "/api/v1/partners/{B}/cadence", who: "viewer", status: 403},
		{name: "ErrPartnerResetSupplier", method: "DELETE", path: "/api/v1/partners/{A}/cadence", who: "supplier", status: 404},
	})
}

// TestCadences_PolicyFollows checks that a partner without an override
// follows its segment's policy as an admin changes it.
func TestCadences_PolicyFollows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		checkResponse(t, f.do("PUT", "/api/v1/cadences/strategic", "admin", `{"any_days": 21, "visit_days": null, "executive_days": 180}`, nil), http.StatusOK)
		res := f.do("GET", "/api/v1/partners/{A}/cadence", "buyer", "", nil)
		checkResponse(t, res, http.StatusOK)
		var pc mutual.PartnerCadence
		decode(t, res, &pc)
		if pc.Override || pc.Cadence.AnyDays == nil || *pc.Cadence.AnyDays != 21 || pc.Cadence.VisitDays != nil || len(pc.Touches) != 2 {
			t.Errorf("partner cadence = %+v", pc)
		}
	})
}
