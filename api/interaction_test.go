package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// secretB is in the subjects and titles of partner B's timeline, which a
// supplier user of A must never see.
const secretB = "Acme secret"

// withTimeline gives the fixture a timeline, as the system:
//   - {iA}: a management meeting with A a day ago, attended by {buyer} and
//     {cA}, whose follow-ups are {kA} (theirs, owned by {cA}, due {d+7})
//     and {kOurs} (ours, owned by {buyer}, due {d+14});
//   - {iDue}: a meeting with A planned two days ago and not yet completed;
//   - {iPlanned}: a visit to A planned in a week;
//   - {kMissed}: their commitment to A, due yesterday and still open;
//   - {iB} and {kB}: a call with B and its follow-up, holding secretB.
func withTimeline(f *fixture) {
	f.tb.Helper()
	ctx := storetest.SystemContext()
	now := time.Now()
	day := func(n int) mutual.Date { return mutual.DateOf(now, f.svc.Zone).AddDays(n) }
	iA := &mutual.Interaction{PartnerID: f.A.ID, Kind: "meeting", Level: "management", OccurredAt: now.Add(-24 * time.Hour),
		Subject: "Quarterly review with Nguyễn Đức", OurAttendees: []mutual.ID{f.users[mutual.RoleBuyer].ID}, TheirAttendees: []mutual.ID{f.cA.ID},
		Commitments: []*mutual.Commitment{
			{Title: "Send revised price list", Side: "theirs", OwnerContactID: f.cA.ID, DueOn: day(7)},
			{Title: "Share the 2027 forecast", Side: "ours", OwnerUserID: f.users[mutual.RoleBuyer].ID, DueOn: day(14)},
		}}
	iDue := &mutual.Interaction{PartnerID: f.A.ID, Kind: "meeting", Status: "planned", OccurredAt: now.Add(-48 * time.Hour), Subject: "Price negotiation"}
	iPlanned := &mutual.Interaction{PartnerID: f.A.ID, Kind: "visit", Level: "executive", Status: "planned", OccurredAt: now.Add(7 * 24 * time.Hour), Subject: "Plant tour in Bắc Ninh"}
	iB := &mutual.Interaction{PartnerID: f.B.ID, Kind: "call", OccurredAt: now.Add(-time.Hour), Subject: secretB + " pricing call", TheirAttendees: []mutual.ID{f.cB.ID},
		Commitments: []*mutual.Commitment{{Title: secretB + " rebate", Side: "theirs", OwnerContactID: f.cB.ID, DueOn: day(7)}}}
	for _, in := range []*mutual.Interaction{iA, iDue, iPlanned, iB} {
		if err := f.svc.Interactions.CreateInteraction(ctx, in); err != nil {
			f.tb.Fatalf("create interaction %q: %v", in.Subject, err)
		}
	}
	missed := &mutual.Commitment{PartnerID: f.A.ID, Title: "Deliver the certificate of origin", Side: "theirs", OwnerContactID: f.cA.ID, DueOn: day(-1)}
	if err := f.svc.Commitments.CreateCommitment(ctx, missed); err != nil {
		f.tb.Fatal(err)
	}
	f.alias("{iA}", iA.ID.String(), "{iDue}", iDue.ID.String(), "{iPlanned}", iPlanned.ID.String(), "{iB}", iB.ID.String(),
		"{kA}", iA.Commitments[0].ID.String(), "{kOurs}", iA.Commitments[1].ID.String(), "{kB}", iB.Commitments[0].ID.String(),
		"{kMissed}", missed.ID.String())
}

// touchInteraction changes interaction {iA} behind the client's back.
func touchInteraction(f *fixture) {
	withTimeline(f)
	notes := "Changed elsewhere"
	id, _ := mutual.ParseID(f.replacer.Replace("{iA}"))
	if _, err := f.svc.Interactions.UpdateInteraction(storetest.SystemContext(), id, mutual.InteractionUpdate{Notes: &notes}); err != nil {
		f.tb.Fatal(err)
	}
}

// newInteraction is a body logging a call with A and one follow-up each way.
const newInteraction = `{"kind": "call", "level": "operational", "occurred_at": "{t-1d}", "ends_at": "{t-1d+1h}",
	"subject": "Delivery delays on PO 4471", "notes": "Port congestion in Hải Phòng.", "outcome": "New dates agreed", "sentiment": -1,
	"our_attendees": ["{buyer}"], "their_attendees": ["{cA}"],
	"commitments": [
		{"title": "Confirm new delivery dates in writing", "side": "theirs", "owner_contact_id": "{cA}", "due_on": "{d+7}"},
		{"title": "Update the production plan", "side": "ours", "owner_user_id": "{buyer}", "due_on": "{d+14}", "notes": "With planning."}
	]}`

func TestInteractions(t *testing.T) {
	patchDone := `{"status": "done", "outcome": "Agreed 3% off from Q1", "sentiment": 1}`
	runScenarios(t, []scenario{
		{name: "List", method: "GET", path: "/api/v1/partners/{A}/interactions", who: "viewer", status: 200, setup: withTimeline,
			want:    []string{`"items":[{`, "Quarterly review with Nguyễn Đức", "Plant tour", `"our_attendees":["{buyer}"]`, `"their_attendees":["{cA}"]`, `"next_cursor":""`},
			notWant: []string{secretB}},
		{name: "ListFilterKind", method: "GET", path: "/api/v1/partners/{A}/interactions?kind=visit", who: "buyer", status: 200, setup: withTimeline,
			want: []string{"Plant tour"}, notWant: []string{"Quarterly review"}},
		{name: "ListFilterLevelAndStatus", method: "GET", path: "/api/v1/partners/{A}/interactions?level=management&status=done", who: "buyer", status: 200, setup: withTimeline,
			want: []string{"Quarterly review"}, notWant: []string{"Plant tour", "Price negotiation"}},
		{name: "ListEmpty", method: "GET", path: "/api/v1/partners/{A}/interactions", who: "viewer", status: 200, want: []string{`{"items":[],"next_cursor":""}`}},
		{name: "ErrListBadFilters", method: "GET", path: "/api/v1/partners/{A}/interactions?kind=fax&level=board&status=maybe", who: "buyer", status: 422,
			want: []string{`"query.kind"`, `"query.level"`, `"query.status"`}},
		{name: "ErrListBadCursor", method: "GET", path: "/api/v1/partners/{A}/interactions?cursor=abc", who: "buyer", status: 422, want: []string{`"location":"query.cursor"`}},
		{name: "ErrListSupplierOwn", method: "GET", path: "/api/v1/partners/{A}/interactions", who: "supplier", status: 404, setup: withTimeline, notWant: []string{"Quarterly"}},
		{name: "ErrListUnknownPartner", method: "GET", path: "/api/v1/partners/999999/interactions", who: "admin", status: 404},

		{name: "Get", method: "GET", path: "/api/v1/partners/{A}/interactions/{iA}", who: "viewer", status: 200, setup: withTimeline,
			want: []string{`"id":"{iA}"`, `"partner_id":"{A}"`, `"level":"management"`, `"status":"done"`, `"sentiment":null`,
				`"commitments":[{`, "Send revised price list", `"source":"interaction"`, `"interaction_id":"{iA}"`,
				`"owner":{"type":"contact","id":"{cA}","name":"Trần Thị Mai"}`, `"due_on":"{d+7}"`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "GetNoCommitments", method: "GET", path: "/api/v1/partners/{A}/interactions/{iPlanned}", who: "viewer", status: 200, setup: withTimeline,
			want: []string{`"status":"planned"`, `"commitments":[]`, `"ends_at":null`}},
		{name: "ErrGetThroughOtherPartner", method: "GET", path: "/api/v1/partners/{A}/interactions/{iB}", who: "admin", status: 404, setup: withTimeline, notWant: []string{secretB}},
		{name: "ErrGetSupplierOwn", method: "GET", path: "/api/v1/partners/{A}/interactions/{iA}", who: "supplier", status: 404, setup: withTimeline, notWant: []string{"Quarterly"}},
		{name: "ErrGetSupplierOther", method: "GET", path: "/api/v1/partners/{B}/interactions/{iB}", who: "supplier", status: 404, setup: withTimeline, notWant: []string{secretB}},
		{name: "ErrGetMalformedID", method: "GET", path: "/api/v1/partners/{A}/interactions/abc", who: "admin", status: 404},

		{name: "Create", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 201, body: newInteraction,
			want: []string{`"partner_id":"{A}"`, `"kind":"call"`, `"status":"done"`, `"sentiment":-1`, `"created_by":"{buyer}"`, `"version":1`,
				`"our_attendees":["{buyer}"]`, `"their_attendees":["{cA}"]`, "Confirm new delivery dates", `"owner":{"type":"user","id":"{buyer}"`,
				`"source":"interaction"`, `"status":"open"`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "CreatePlanned", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "manager", status: 201,
			body: `{"kind": "visit", "level": "executive", "status": "planned", "occurred_at": "{t+7d}", "ends_at": "{t+7d+1h}", "subject": "Executive visit", "location": "Hà Nội"}`,
			want: []string{`"status":"planned"`, `"level":"executive"`, `"location":"Hà Nội"`, `"commitments":[]`}},
		{name: "CreateDefaults", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "admin", status: 201,
			body: `{"kind": "email", "occurred_at": "{t-1d}", "subject": "Spec sheet", "partner_id": "{A}"}`,
			want: []string{`"status":"done"`, `"level":"operational"`, `"our_attendees":[]`}},
		{name: "ErrCreateEndBeforeStart", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "meeting", "occurred_at": "{t-1d}", "ends_at": "{t-2d}", "subject": "x"}`, want: []string{`"location":"body.ends_at"`}},
		{name: "ErrCreateSentiment", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "x", "sentiment": 7}`, want: []string{`"location":"body.sentiment"`}},
		{name: "ErrCreateOtherPartnersContact", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "x", "their_attendees": ["{cB}"]}`, want: []string{`"location":"body.their_attendees"`},
			notWant: []string{"John Smith"}},
		{name: "ErrCreateSupplierAsOurAttendee", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "x", "our_attendees": ["{supplier}"]}`, want: []string{`"location":"body.our_attendees"`}},
		{name: "ErrCreateDoneInFuture", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t+7d}", "subject": "x"}`, want: []string{`"location":"body.occurred_at"`}},
		{name: "ErrCreateCommitmentDueOn", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "x", "commitments": [{"title": "t", "side": "ours", "due_on": "2026-13-45"}]}`,
			want: []string{`"location":"body.commitments[0].due_on"`}},
		{name: "ErrCreateCommitmentOwner", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "x", "commitments": [{"title": "t", "side": "theirs", "owner_contact_id": "{cB}", "due_on": "{d+7}"}]}`,
			want: []string{`"location":"body.commitments[0].owner_contact_id"`}},
		{name: "ErrCreateEverythingWrong", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "fax", "occurred_at": "yesterday", "subject": "", "sentiment": 1.5, "our_attendees": "me", "colour": "red",
				"commitments": [1, {"title": "t", "side": "both", "due_on": "2026-13-45", "priority": "high", "interaction_id": "1"}]}`,
			want: []string{`"body.kind"`, `"body.occurred_at"`, `"body.subject"`, `"body.sentiment"`, `"body.our_attendees"`, `"body.colour"`,
				`"body.commitments[0]"`, `"body.commitments[1].side"`, `"body.commitments[1].due_on"`, `"body.commitments[1].priority"`, `"body.commitments[1].interaction_id"`}},
		{name: "ErrCreateOtherPartnerID", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 422,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "x", "partner_id": "{B}"}`, want: []string{`"location":"body.partner_id"`}},
		{name: "ErrCreateViewer", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "viewer", status: 403, body: newInteraction},
		{name: "ErrCreateSupplierOwn", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "supplier", status: 404, body: newInteraction},
		{name: "ErrCreateSupplierBadBody", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "supplier", status: 404, body: `{"kind": "fax"}`},
		{name: "ErrCreateUnknownPartner", method: "POST", path: "/api/v1/partners/999999/interactions", who: "buyer", status: 404, body: newInteraction},

		{name: "UpdateCompletePlanned", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iDue}", who: "buyer", status: 200, setup: withTimeline,
			body: patchDone, headers: map[string]string{"If-Match": `"1"`},
			want:        []string{`"status":"done"`, `"outcome":"Agreed 3% off from Q1"`, `"sentiment":1`, `"subject":"Price negotiation"`, `"version":2`, `"commitments":[]`},
			wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "UpdateCancelPlanned", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iPlanned}", who: "manager", status: 200, setup: withTimeline,
			body: `{"status": "cancelled"}`, want: []string{`"status":"cancelled"`}},
		{name: "UpdateClearSentimentAndEnd", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 200, setup: withTimeline,
			body: `{"sentiment": null, "ends_at": null, "their_attendees": [], "version": 1}`,
			want: []string{`"sentiment":null`, `"ends_at":null`, `"their_attendees":[]`, "Send revised price list"}},
		{name: "ErrUpdateStale", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 412, setup: touchInteraction,
			body: `{"outcome": "x"}`, headers: map[string]string{"If-Match": `"1"`}},
		{name: "ErrUpdateReplan", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"status": "planned"}`, want: []string{`"location":"body.status"`}},
		{name: "ErrUpdateInvalid", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"sentiment": 7, "ends_at": "{t-2d}"}`, want: []string{`"location":"body.sentiment"`, `"location":"body.ends_at"`}},
		{name: "ErrUpdateOccurredAtNull", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"occurred_at": null}`, want: []string{`"location":"body.occurred_at"`}},
		{name: "ErrUpdateOtherPartnersContact", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"their_attendees": ["{cB}"]}`, want: []string{`"location":"body.their_attendees"`}},
		{name: "ErrUpdateCommitments", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"commitments": []}`, want: []string{`"location":"body.commitments"`}},
		{name: "ErrUpdateMove", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iA}", who: "admin", status: 422, setup: withTimeline,
			body: `{"partner_id": "{B}"}`, want: []string{`"location":"body.partner_id"`}},
		{name: "ErrUpdateThroughOtherPartner", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iB}", who: "admin", status: 404, setup: withTimeline,
			body: patchDone, notWant: []string{secretB}},
		{name: "ErrUpdateViewer", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iDue}", who: "viewer", status: 403, setup: withTimeline, body: patchDone},
		{name: "ErrUpdateSupplier", method: "PATCH", path: "/api/v1/partners/{A}/interactions/{iDue}", who: "supplier", status: 404, setup: withTimeline, body: patchDone},
	})
}

// TestInteractions_Timeline checks the order and the pages of a timeline.
func TestInteractions_Timeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		tok := f.token(mutual.RoleBuyer)
		for i := 1; i <= 5; i++ {
			body := fmt.Sprintf(`{"kind": "call", "occurred_at": %q, "subject": "Call %d"}`, time.Now().Add(-time.Duration(i)*time.Hour).Format(time.RFC3339), i)
			checkResponse(t, f.doToken("POST", "/api/v1/partners/{A}/interactions", tok, body, nil), http.StatusCreated)
		}
		var subjects []string
		cursor := ""
		for page := 0; page < 4; page++ {
			res := f.doToken("GET", "/api/v1/partners/{A}/interactions?limit=2&cursor="+cursor, tok, "", nil)
			checkResponse(t, res, http.StatusOK)
			var got struct {
				Items      []mutual.Interaction
				NextCursor string `json:"next_cursor"`
			}
			decode(t, res, &got)
			for _, in := range got.Items {
				subjects = append(subjects, in.Subject)
			}
			if cursor = got.NextCursor; cursor == "" {
				break
			}
		}
		if got, want := strings.Join(subjects, ","), "Call 1,Call 2,Call 3,Call 4,Call 5"; got != want {
			t.Errorf("timeline = %s, want %s (newest first)", got, want)
		}
	})
}

// TestInteractions_Idempotent checks that a repeated POST logs the
// interaction and its follow-ups once.
func TestInteractions_Idempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		tok := f.token(mutual.RoleBuyer)
		key := map[string]string{"Idempotency-Key": "log-call-4471"}
		first := f.doToken("POST", "/api/v1/partners/{A}/interactions", tok, newInteraction, key)
		checkResponse(t, first, http.StatusCreated)
		again := f.doToken("POST", "/api/v1/partners/{A}/interactions", tok, newInteraction, key)
		checkResponse(t, again, http.StatusCreated)
		if again.Header().Get("Idempotent-Replayed") != "true" || again.Body.String() != first.Body.String() || again.Header().Get("Location") != first.Header().Get("Location") {
			t.Errorf("not replayed:\n%s\n%s", first.Body, again.Body)
		}
		ctx := storetest.Context(f.users[mutual.RoleBuyer])
		ins, _, err := f.svc.Interactions.FindInteractions(ctx, mutual.InteractionFilter{PartnerID: f.A.ID})
		if err != nil {
			t.Fatal(err)
		}
		cs, _, err := f.svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{PartnerID: f.A.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(ins) != 1 || len(cs) != 2 {
			t.Errorf("%d interactions and %d commitments, want 1 and 2", len(ins), len(cs))
		}

		t.Run("Commitments", func(t *testing.T) {
			k := map[string]string{"Idempotency-Key": "commitment-1"}
			body := `{"title": "Audit the plant", "side": "ours", "due_on": "{d+30}"}`
			checkResponse(t, f.doToken("POST", "/api/v1/partners/{A}/commitments", tok, body, k), http.StatusCreated)
			res := f.doToken("POST", "/api/v1/partners/{A}/commitments", tok, body, k)
			checkResponse(t, res, http.StatusCreated)
			if res.Header().Get("Idempotent-Replayed") != "true" {
				t.Error("not replayed")
			}
			cs, _, err := f.svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{PartnerID: f.A.ID})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(cs), 3; got != want {
				t.Errorf("%d commitments, want %d", got, want)
			}
		})
	})
}
