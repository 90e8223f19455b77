package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/api"
	"github.com/mutualsrm/mutual/store/storetest"
)

// access is what each caller gets from a route: statuses in the order of
// roles ("", admin, manager, buyer, viewer, supplier).
type access struct {
	path, body string // {cNew}, {iNew} and {kNew} are a contact, an interaction and their commitment of A made afresh for each call
	status     [6]int
}

// matrix holds every route of the table. The supplier user's partner is A,
// so these are the supplier's own objects; TestAccess_SupplierProbing tries
// the other partner's.
var matrix = map[string]access{
	"GET /healthz":                {"/healthz", "", [6]int{200, 200, 200, 200, 200, 200}},
	"GET /readyz":                 {"/readyz", "", [6]int{200, 200, 200, 200, 200, 200}},
	"GET /api/v1/openapi.json":    {"/api/v1/openapi.json", "", [6]int{200, 200, 200, 200, 200, 200}},
	"POST /api/v1/auth/token":     {"/api/v1/auth/token", "{login}", [6]int{401, 201, 201, 201, 201, 201}},
	"DELETE /api/v1/auth/token":   {"/api/v1/auth/token", "", [6]int{401, 204, 204, 204, 204, 204}},
	"GET /api/v1/me":              {"/api/v1/me", "", [6]int{401, 200, 200, 200, 200, 200}},
	"PATCH /api/v1/me":            {"/api/v1/me", `{"name": "Renamed"}`, [6]int{401, 200, 200, 200, 200, 200}},
	"GET /api/v1/users":           {"/api/v1/users", "", [6]int{401, 200, 403, 403, 403, 403}},
	"POST /api/v1/users":          {"/api/v1/users", `{"email": "new-{role}@test.example", "name": "New", "role": "viewer", "password": "long enough secret"}`, [6]int{401, 201, 403, 403, 403, 403}},
	"GET /api/v1/users/{id}":      {"/api/v1/users/{viewer}", "", [6]int{401, 200, 403, 403, 403, 403}},
	"PATCH /api/v1/users/{id}":    {"/api/v1/users/{viewer}", `{"name": "Renamed"}`, [6]int{401, 200, 403, 403, 403, 403}},
	"GET /api/v1/partners":        {"/api/v1/partners", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/partners":       {"/api/v1/partners", `{"name": "New", "country": "VN", "roles": ["supplier"]}`, [6]int{401, 201, 201, 201, 403, 403}},
	"GET /api/v1/partners/{id}":   {"/api/v1/partners/{A}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"PATCH /api/v1/partners/{id}": {"/api/v1/partners/{A}", `{"notes": "x"}`, [6]int{401, 200, 200, 200, 403, 403}},
	// {move} is a move the life cycle allows from A's status at the time of the call.
	"GET /api/v1/partners/{id}/status":  {"/api/v1/partners/{A}/status", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/partners/{id}/status": {"/api/v1/partners/{A}/status", `{"status": "{move}", "reason": "Access matrix"}`, [6]int{401, 200, 200, 200, 403, 403}},

	"GET /api/v1/partners/{id}/contacts":                 {"/api/v1/partners/{A}/contacts", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/partners/{id}/contacts":                {"/api/v1/partners/{A}/contacts", `{"name": "New"}`, [6]int{401, 201, 201, 201, 403, 201}},
	"GET /api/v1/partners/{id}/contacts/{contact_id}":    {"/api/v1/partners/{A}/contacts/{cNew}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"PATCH /api/v1/partners/{id}/contacts/{contact_id}":  {"/api/v1/partners/{A}/contacts/{cNew}", `{"title": "x"}`, [6]int{401, 200, 200, 200, 403, 200}},
	"DELETE /api/v1/partners/{id}/contacts/{contact_id}": {"/api/v1/partners/{A}/contacts/{cNew}", "", [6]int{401, 204, 204, 204, 403, 204}},

	"GET /api/v1/partners/{id}/interactions":                    {"/api/v1/partners/{A}/interactions", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/partners/{id}/interactions":                   {"/api/v1/partners/{A}/interactions", newInteraction, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/partners/{id}/interactions/{interaction_id}":   {"/api/v1/partners/{A}/interactions/{iNew}", "", [6]int{401, 200, 200, 200, 200, 404}},
	"PATCH /api/v1/partners/{id}/interactions/{interaction_id}": {"/api/v1/partners/{A}/interactions/{iNew}", `{"outcome": "x"}`, [6]int{401, 200, 200, 200, 403, 404}},
	"GET /api/v1/partners/{id}/commitments":                     {"/api/v1/partners/{A}/commitments", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/partners/{id}/commitments":                    {"/api/v1/partners/{A}/commitments", `{"title": "x", "side": "ours", "due_on": "{d+7}"}`, [6]int{401, 201, 201, 201, 403, 403}},
	"GET /api/v1/partners/{id}/commitments/{commitment_id}":     {"/api/v1/partners/{A}/commitments/{kNew}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"PATCH /api/v1/partners/{id}/commitments/{commitment_id}":   {"/api/v1/partners/{A}/commitments/{kNew}", `{"status": "done"}`, [6]int{401, 200, 200, 200, 403, 200}},
	"GET /api/v1/commitments":                                   {"/api/v1/commitments?owner_user_id=me", "", [6]int{401, 200, 200, 200, 200, 200}},
	"GET /api/v1/partners/{id}/cadence":                         {"/api/v1/partners/{A}/cadence", "", [6]int{401, 200, 200, 200, 200, 404}},
	"PUT /api/v1/partners/{id}/cadence":                         {"/api/v1/partners/{A}/cadence", `{"any_days": 7, "visit_days": null, "executive_days": null}`, [6]int{401, 200, 200, 200, 403, 404}},
	"DELETE /api/v1/partners/{id}/cadence":                      {"/api/v1/partners/{A}/cadence", "", [6]int{401, 200, 200, 200, 403, 404}},
	"GET /api/v1/cadences":                                      {"/api/v1/cadences", "", [6]int{401, 200, 200, 200, 200, 404}},
	"GET /api/v1/cadences/{segment}":                            {"/api/v1/cadences/strategic", "", [6]int{401, 200, 200, 200, 200, 404}},
	"PUT /api/v1/cadences/{segment}":                            {"/api/v1/cadences/strategic", `{"any_days": 14, "visit_days": 60, "executive_days": null}`, [6]int{401, 200, 403, 403, 403, 403}},
	"GET /api/v1/partners/{id}/health":                          {"/api/v1/partners/{A}/health", "", [6]int{401, 200, 200, 200, 200, 404}},

	"POST /api/v1/partners/reassign": {"/api/v1/partners/reassign", `{"to_owner_id": "{manager}", "partner_ids": ["{A}"]}`, [6]int{401, 200, 200, 403, 403, 404}},
	"GET /api/v1/attention":          {"/api/v1/attention?mine=true", "", [6]int{401, 200, 200, 200, 200, 404}},
	"GET /api/v1/owners":             {"/api/v1/owners", "", [6]int{401, 200, 200, 200, 200, 404}},

	"GET /api/v1/partners/{id}/team":                              {"/api/v1/partners/{A}/team", "", [6]int{401, 200, 200, 200, 200, 404}},
	"PUT /api/v1/partners/{id}/team":                              {"/api/v1/partners/{A}/team", `{"members": []}`, [6]int{401, 200, 200, 200, 403, 404}},
	"GET /api/v1/me/calendar":                                     {"/api/v1/me/calendar", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/me/calendar":                                    {"/api/v1/me/calendar", "", [6]int{401, 201, 201, 201, 201, 404}},
	"DELETE /api/v1/me/calendar":                                  {"/api/v1/me/calendar", "", [6]int{401, 204, 204, 204, 204, 404}},
	"GET /api/v1/calendar/{file}":                                 {"/api/v1/calendar/not-a-secret.ics", "", [6]int{404, 404, 404, 404, 404, 404}},
	"GET /api/v1/partners/{id}/interactions/{interaction_id}/ics": {"/api/v1/partners/{A}/interactions/{iNew}/ics", "", [6]int{401, 200, 200, 200, 200, 404}},

	"GET /api/v1/partners/{id}/gifts":                    {"/api/v1/partners/{A}/gifts?status=declared&year=2026", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/partners/{id}/gifts":                   {"/api/v1/partners/{A}/gifts", newGift, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/partners/{id}/gifts/totals":             {"/api/v1/partners/{A}/gifts/totals", "", [6]int{401, 200, 200, 200, 200, 404}},
	"GET /api/v1/partners/{id}/gifts/{gift_id}":          {"/api/v1/partners/{A}/gifts/{gNew}", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/partners/{id}/gifts/{gift_id}/approve": {"/api/v1/partners/{A}/gifts/{gNew}/approve", `{"note": "Fine"}`, [6]int{401, 200, 200, 403, 403, 404}},
	"POST /api/v1/partners/{id}/gifts/{gift_id}/reject":  {"/api/v1/partners/{A}/gifts/{gNew}/reject", `{"note": "Too much"}`, [6]int{401, 200, 200, 403, 403, 404}},
	"GET /api/v1/gifts":                                  {"/api/v1/gifts?status=declared", "", [6]int{401, 200, 200, 200, 200, 404}},
	"GET /api/v1/gift-policy":                            {"/api/v1/gift-policy", "", [6]int{401, 200, 200, 200, 200, 404}},
	"PUT /api/v1/gift-policy":                            {"/api/v1/gift-policy", giftPolicyBody, [6]int{401, 200, 403, 403, 403, 404}},

	"GET /api/v1/audit":        {"/api/v1/audit", "", [6]int{401, 200, 403, 403, 403, 403}},
	"GET /api/v1/audit/verify": {"/api/v1/audit/verify", "", [6]int{401, 200, 403, 403, 403, 403}},

	// Sourcing: {ev:<state>}, {neg:...} and {ag} are made afresh for each call; see sourcingRequest.
	"GET /api/v1/events":                                  {"/api/v1/events?status=open", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/events":                                 {"/api/v1/events", `{"kind": "rfq", "title": "New", "currency": "VND", "closes_at": "{t+7d}"}`, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/events/{id}":                             {"/api/v1/events/{ev:open}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"PATCH /api/v1/events/{id}":                           {"/api/v1/events/{ev:draft}", `{"title": "Renamed"}`, [6]int{401, 200, 200, 200, 403, 404}},
	"POST /api/v1/events/{id}/copy":                       {"/api/v1/events/{ev:open}/copy", "", [6]int{401, 201, 201, 201, 403, 404}},
	"POST /api/v1/events/{id}/publish":                    {"/api/v1/events/{ev:draft}/publish", "", [6]int{401, 200, 200, 200, 403, 404}},
	"POST /api/v1/events/{id}/close":                      {"/api/v1/events/{ev:open}/close", "", [6]int{401, 200, 200, 200, 403, 404}},
	"POST /api/v1/events/{id}/unseal":                     {"/api/v1/events/{ev:closed}/unseal", `{"password": "` + storetest.Password + `"}`, [6]int{401, 200, 200, 403, 403, 404}},
	"POST /api/v1/events/{id}/cancel":                     {"/api/v1/events/{ev:open}/cancel", `{"reason": "Budget cut"}`, [6]int{401, 200, 200, 200, 403, 404}},
	"GET /api/v1/events/{id}/invitations":                 {"/api/v1/events/{ev:open}/invitations", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/events/{id}/invitations":                {"/api/v1/events/{ev:draft}/invitations", `{"partner_ids": ["{A}"]}`, [6]int{401, 200, 200, 200, 403, 404}},
	"DELETE /api/v1/events/{id}/invitations/{partner_id}": {"/api/v1/events/{ev:draft}/invitations/{A}", "", [6]int{401, 204, 204, 204, 403, 404}},
	"GET /api/v1/events/{id}/clarifications":              {"/api/v1/events/{ev:open}/clarifications", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/events/{id}/clarifications":             {"/api/v1/events/{ev:open}/clarifications", `{"text": "Delivery to Bình Dương."}`, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/events/{id}/documents":                   {"/api/v1/events/{ev:open}/documents", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/events/{id}/documents":                  {"/api/v1/events/{ev:draft}/documents", "{upload}", [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/events/{id}/documents/{document_id}":     {"/api/v1/events/{ev:open}/documents/{doc}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"DELETE /api/v1/events/{id}/documents/{document_id}":  {"/api/v1/events/{ev:draft}/documents/{doc}", "", [6]int{401, 204, 204, 204, 403, 404}},
	"POST /api/v1/events/{id}/attachments":                {"/api/v1/events/{ev:open}/attachments", "{upload}", [6]int{401, 403, 403, 403, 403, 201}},
	"GET /api/v1/events/{id}/bids":                        {"/api/v1/events/{ev:opened}/bids", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/events/{id}/bids":                       {"/api/v1/events/{ev:open}/bids", bidBody, [6]int{401, 403, 403, 403, 403, 201}},
	"POST /api/v1/events/{id}/bids/withdraw":              {"/api/v1/events/{ev:bid}/bids/withdraw", "", [6]int{401, 403, 403, 403, 403, 200}},
	"GET /api/v1/events/{id}/bids/revisions":              {"/api/v1/events/{ev:opened}/bids/revisions?partner_id={A}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"GET /api/v1/events/{id}/scores":                      {"/api/v1/events/{ev:opened}/scores", "", [6]int{401, 200, 200, 200, 200, 404}},
	"PUT /api/v1/events/{id}/scores":                      {"/api/v1/events/{ev:opened}/scores", `{"scores": [{"bid_id": "{bidA}", "criterion_id": "{crit}", "score": 80}]}`, [6]int{401, 200, 200, 200, 403, 404}},
	"GET /api/v1/events/{id}/tabulation":                  {"/api/v1/events/{ev:opened}/tabulation", "", [6]int{401, 200, 200, 200, 200, 404}},
	"GET /api/v1/events/{id}/tabulation.csv":              {"/api/v1/events/{ev:opened}/tabulation.csv", "", [6]int{401, 200, 200, 200, 200, 404}},
	"POST /api/v1/events/{id}/award":                      {"/api/v1/events/{ev:opened}/award", awardBody, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/events/{id}/award":                       {"/api/v1/events/{ev:awarded}/award", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/events/{id}/negotiations":               {"/api/v1/events/{ev:opened}/negotiations", `{"bid_id": "{bidA}"}`, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/agreements":                              {"/api/v1/agreements?active=true", "", [6]int{401, 200, 200, 200, 200, 200}},
	"GET /api/v1/agreements/{id}":                         {"/api/v1/agreements/{ag}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"GET /api/v1/negotiations":                            {"/api/v1/negotiations?status=open", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/negotiations":                           {"/api/v1/negotiations", `{"partner_id": "{A}", "title": "Review", "currency": "VND", "lines": [{"item": "HRC-3", "quantity": "4", "unit": "t"}]}`, [6]int{401, 201, 201, 201, 403, 404}},
	"GET /api/v1/negotiations/{id}":                       {"/api/v1/negotiations/{neg:new}", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/negotiations/{id}/rounds":               {"/api/v1/negotiations/{neg:new}/rounds", `{"lines": [{"line_id": "{NL1}", "unit_price": {"amount": "12000000", "currency": "VND"}}]}`, [6]int{401, 201, 201, 201, 403, 201}},
	"POST /api/v1/negotiations/{id}/close":                {"/api/v1/negotiations/{neg:offered}/close", `{"agreed": true}`, [6]int{401, 200, 200, 200, 403, 200}},
	"GET /api/v1/savings":                                 {"/api/v1/savings?group_by=partner", "", [6]int{401, 200, 200, 200, 200, 404}},
	"GET /api/v1/notifications":                           {"/api/v1/notifications?unread=true", "", [6]int{401, 200, 200, 200, 200, 200}},
	"POST /api/v1/notifications/read":                     {"/api/v1/notifications/read", `{"up_to": "999999"}`, [6]int{401, 204, 204, 204, 204, 204}},
}

// Bodies of the sourcing routes in the matrix.
const (
	bidBody = `{"lines": [{"line_id": "{L1}", "unit_price": {"amount": "14000000", "currency": "VND"}, "lead_time_days": 10}, {"line_id": "{L2}", "unit_price": {"amount": 13000000, "currency": "VND"}}],
		"answers": [{"question_id": "{Q1}", "yes": true}], "valid_until": "{d+30}"}`
	awardBody = `{"valid_from": "{d0}", "lines": [{"line_id": "{L1}", "splits": [{"bid_id": "{bidA}", "quantity": "2.5"}]}]}`
)

// TestAccess tries every role against every route.
func TestAccess(t *testing.T) {
	for _, rt := range api.Routes() {
		if _, ok := matrix[rt.Pattern]; !ok {
			t.Errorf("route %q is missing from the access matrix", rt.Pattern)
		}
	}
	if n := len(api.Routes()); n != len(matrix) {
		t.Errorf("matrix has %d routes, the table %d", len(matrix), n)
	}
	for _, rt := range api.Routes() {
		a := matrix[rt.Pattern]
		t.Run(rt.Pattern, func(t *testing.T) {
			f := newFixture(t)
			withInternalNotes(f)
			for i, role := range roles {
				method, _, _ := strings.Cut(rt.Pattern, " ")
				c, in := freshObjects(t, f)
				path := strings.NewReplacer("{cNew}", c.ID.String(), "{iNew}", in.ID.String(), "{kNew}", in.Commitments[0].ID.String()).Replace(a.path)
				if strings.Contains(path, "{gNew}") {
					path = strings.ReplaceAll(path, "{gNew}", freshGift(t, f).ID.String())
				}
				body := strings.ReplaceAll(a.body, "{role}", role)
				if strings.Contains(body, "{move}") {
					body = strings.ReplaceAll(body, "{move}", allowedMove(t, f))
				}
				if body == "{login}" {
					body = loginBody(f, role)
				}
				path, body, headers := sourcingRequest(f, path, body)
				res := f.do(method, path, role, body, headers)
				who := role
				if who == "" {
					who = "anonymous"
				}
				if res.Code != a.status[i] {
					t.Errorf("%s: status = %d, want %d; body: %s", who, res.Code, a.status[i], res.Body)
				}
				checkResponse(t, res, a.status[i])
				if role == mutual.RoleSupplier && strings.Contains(res.Body.String(), internalNote) {
					t.Errorf("supplier reads the buying side's notes: %s", res.Body)
				}
			}
		})
	}
}

// freshObjects makes a contact of A and an interaction with A, attended by
// the contact, with their commitment to follow up.
func freshObjects(t *testing.T, f *fixture) (*mutual.Contact, *mutual.Interaction) {
	t.Helper()
	ctx := storetest.SystemContext()
	c := &mutual.Contact{PartnerID: f.A.ID, Name: "Fresh", Notes: internalNote}
	if err := f.svc.Contacts.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	in := &mutual.Interaction{PartnerID: f.A.ID, Kind: "call", OccurredAt: time.Now().Add(-time.Hour), Subject: "Fresh call", TheirAttendees: []mutual.ID{c.ID},
		Commitments: []*mutual.Commitment{{Title: "Fresh follow-up", Side: "theirs", OwnerContactID: c.ID, DueOn: mutual.DateOf(time.Now(), f.svc.Zone).AddDays(7), Notes: internalNote}}}
	if err := f.svc.Interactions.CreateInteraction(ctx, in); err != nil {
		t.Fatal(err)
	}
	return c, in
}

// allowedMove returns a status partner A may move to now.
func allowedMove(t *testing.T, f *fixture) string {
	t.Helper()
	p, err := f.svc.Partners.FindPartnerByID(storetest.SystemContext(), f.A.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p.StatusMoves()[0]
}

func loginBody(f *fixture, role string) string {
	email, password := "nobody@test.example", "wrong password"
	if u := f.users[role]; u != nil {
		email, password = u.Email, storetest.Password
	}
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return string(b)
}

// TestAccess_SupplierProbing has a supplier user try every partner route
// on the other partner, and its objects through the user's own partner:
// each answers 404, as for an ID that does not exist, and shows nothing of
// them.
func TestAccess_SupplierProbing(t *testing.T) {
	for _, rt := range api.Routes() {
		if !strings.Contains(rt.Pattern, "/partners/{id}") {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		body := matrix[rt.Pattern].body
		for _, probe := range []struct{ name, partner string }{
			{"OtherPartner", "{B}"},
			{"OtherObjectThroughOwnPartner", "{A}"},
		} {
			if probe.partner == "{A}" && !strings.Contains(path, "_id}") {
				continue
			}
			t.Run(rt.Pattern+"/"+probe.name, func(t *testing.T) {
				f := newFixture(t)
				withTimeline(f)
				p := strings.NewReplacer("{id}", probe.partner, "{contact_id}", "{cB}", "{interaction_id}", "{iB}", "{commitment_id}", "{kB}").Replace(path)
				res := f.do(method, p, mutual.RoleSupplier, body, nil)
				checkResponse(t, res, 404)
				for _, leak := range []string{nameB, "John Smith", "john@acme", secretB} {
					if strings.Contains(res.Body.String(), leak) {
						t.Errorf("response shows %q: %s", leak, res.Body)
					}
				}
			})
		}
	}
	t.Run("Commitments", func(t *testing.T) {
		f := newFixture(t)
		withTimeline(f)
		res := f.do("GET", "/api/v1/commitments?due_before={d+90}", mutual.RoleSupplier, "", nil)
		checkResponse(t, res, 200)
		if strings.Contains(res.Body.String(), secretB) || !strings.Contains(res.Body.String(), "Send revised price list") {
			t.Errorf("supplier's commitments: %s", res.Body)
		}
	})
	t.Run("Search", func(t *testing.T) {
		f := newFixture(t)
		res := f.do("GET", "/api/v1/partners?q=acme", mutual.RoleSupplier, "", nil)
		checkResponse(t, res, 200)
		if strings.Contains(res.Body.String(), nameB) {
			t.Errorf("search shows partner B: %s", res.Body)
		}
	})
}

// internalNote is what the buying side writes for itself in every note of
// withInternalNotes and freshObjects: no response to a supplier user may
// hold it.
const internalNote = "INTERNAL-NOTE: keep the pressure on their price"

// withInternalNotes puts internalNote in every note the buying side keeps
// on A: the partner's, its contact's, a commitment's, and why a
// negotiation with A failed.
func withInternalNotes(f *fixture) {
	f.tb.Helper()
	ctx := storetest.SystemContext()
	note := internalNote
	if _, err := f.svc.Partners.UpdatePartner(ctx, f.A.ID, mutual.PartnerUpdate{Notes: &note}); err != nil {
		f.tb.Fatal(err)
	}
	if _, err := f.svc.Contacts.UpdateContact(ctx, f.cA.ID, mutual.ContactUpdate{Notes: &note}); err != nil {
		f.tb.Fatal(err)
	}
	k := &mutual.Commitment{PartnerID: f.A.ID, Title: "Send the audit report", Side: "theirs", OwnerContactID: f.cA.ID,
		DueOn: mutual.DateOf(time.Now(), f.svc.Zone).AddDays(3), Notes: internalNote}
	if err := f.svc.Commitments.CreateCommitment(ctx, k); err != nil {
		f.tb.Fatal(err)
	}
	n := newNegotiation(f, f.A.ID, true)
	if _, err := f.svc.Negotiations.CloseNegotiation(ctx, n.ID, mutual.NegotiationClose{Outcome: internalNote}); err != nil {
		f.tb.Fatal(err)
	}
	f.alias("{kNote}", k.ID.String(), "{negFailed}", n.ID.String())
}

// TestAccess_InternalNotes reads, as A's supplier user, everything the
// matrix lets it read and more (lists without filters, the failed
// negotiation, the export), on each database: no response holds the buying
// side's notes or A's segment. A supplier's save keeps the notes it cannot
// see, and it may neither write them nor filter on the segment.
func TestAccess_InternalNotes(t *testing.T) {
	for name, open := range databases() {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(t))
			withInternalNotes(f)
			paths := []string{
				"/api/v1/partners", "/api/v1/partners?q=mai", "/api/v1/partners/{A}", "/api/v1/partners/{A}/contacts",
				"/api/v1/partners/{A}/contacts/{cA}", "/api/v1/partners/{A}/commitments", "/api/v1/partners/{A}/commitments/{kNote}",
				"/api/v1/commitments", "/api/v1/negotiations", "/api/v1/negotiations?status=failed", "/api/v1/negotiations/{negFailed}",
			}
			for _, rt := range api.Routes() {
				if method, _, _ := strings.Cut(rt.Pattern, " "); method == "GET" && matrix[rt.Pattern].status[5] == 200 {
					c, in := freshObjects(t, f)
					path := strings.NewReplacer("{cNew}", c.ID.String(), "{iNew}", in.ID.String(), "{kNew}", in.Commitments[0].ID.String()).Replace(matrix[rt.Pattern].path)
					path, _, _ = sourcingRequest(f, path, "")
					paths = append(paths, path)
				}
			}
			for _, path := range paths {
				res := f.do("GET", path, mutual.RoleSupplier, "", nil)
				checkResponse(t, res, 200)
				for _, leak := range []string{internalNote, `"segment":"strategic"`} {
					if strings.Contains(res.Body.String(), leak) {
						t.Errorf("GET %s shows %q: %s", path, leak, res.Body)
					}
				}
			}
			// The buying side reads what the supplier does not.
			res := f.do("GET", "/api/v1/partners/{A}", mutual.RoleViewer, "", nil)
			if body := res.Body.String(); !strings.Contains(body, internalNote) || !strings.Contains(body, `"segment":"strategic"`) {
				t.Errorf("viewer reads %s", body)
			}

			// The supplier's edit, with the empty notes it was shown, keeps them.
			res = f.do("PATCH", "/api/v1/partners/{A}/contacts/{cA}", mutual.RoleSupplier, `{"title": "Giám đốc kinh doanh", "notes": ""}`, nil)
			checkResponse(t, res, 200)
			if strings.Contains(res.Body.String(), internalNote) {
				t.Errorf("the supplier's save answers with the notes: %s", res.Body)
			}
			res = f.do("GET", "/api/v1/partners/{A}/contacts/{cA}", mutual.RoleBuyer, "", nil)
			if body := res.Body.String(); !strings.Contains(body, internalNote) || !strings.Contains(body, "Giám đốc kinh doanh") {
				t.Errorf("after the supplier's save the buyer reads %s", body)
			}
			for _, tc := range []struct{ method, path, body, location string }{
				{"PATCH", "/api/v1/partners/{A}/contacts/{cA}", `{"notes": "we are friends"}`, "body.notes"},
				{"POST", "/api/v1/partners/{A}/contacts", `{"name": "Ngô Thị Lan", "notes": "we are friends"}`, "body.notes"},
				{"GET", "/api/v1/partners?segment=routine", "", "query.segment"},
			} {
				res := f.do(tc.method, tc.path, mutual.RoleSupplier, tc.body, nil)
				checkResponse(t, res, 422)
				if !strings.Contains(res.Body.String(), `"location":"`+tc.location+`"`) {
					t.Errorf("%s %s: %s", tc.method, tc.path, res.Body)
				}
			}
		})
	}
}
