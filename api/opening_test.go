package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// openPassword is the body that opens bids with the test users' password.
const openPassword = `{"password": "` + storetest.Password + `"}`

// withCommitteeEvent makes a second manager ("manager2" in f.users,
// {manager2}) and {evTwo}: a sealed two-person RFQ whose opening
// committee is the two managers, closed with A's and C's bids; and
// {evDraftTwo}, a two-person draft without a committee.
func withCommitteeEvent(f *fixture) {
	f.tb.Helper()
	m2, _ := storetest.MustCreateUser(f.tb, f.db, mutual.RoleManager, 0)
	f.users["manager2"] = m2
	se := newSourcingEvent(f, "draft")
	buyer := storetest.Context(f.users[mutual.RoleBuyer])
	yes := true
	committee := []mutual.ID{f.users[mutual.RoleManager].ID, m2.ID}
	// A draft's update writes its lines and questions anew.
	upd, err := f.svc.Events.UpdateEvent(buyer, se.ID, mutual.EventUpdate{TwoPersonOpening: &yes, Committee: &committee})
	if err != nil {
		f.tb.Fatal(err)
	}
	se.Event = upd
	if _, err := f.svc.Events.PublishEvent(buyer, se.ID, 0); err != nil {
		f.tb.Fatal(err)
	}
	se.bidA = submitBid(f, se, f.users[mutual.RoleSupplier], "14500000", "13200000")
	se.bidC = submitBid(f, se, f.users["supplierC"], "14200000", "13000000")
	if _, err := f.svc.Events.CloseEvent(buyer, se.ID, 0); err != nil {
		f.tb.Fatal(err)
	}
	draft := newSourcingEvent(f, "draft")
	if _, err := f.svc.Events.UpdateEvent(buyer, draft.ID, mutual.EventUpdate{TwoPersonOpening: &yes}); err != nil {
		f.tb.Fatal(err)
	}
	f.alias("{manager2}", m2.ID.String(), "{evTwo}", se.ID.String(), "{evDraftTwo}", draft.ID.String())
}

// TestOpening_AdministratorAlone is the attack of the issue through the
// API: an administrator sets a manager's password, or makes a manager,
// signs in as that manager and opens the sealed bids of a two-person
// event with them. Each opening is refused and the bids stay sealed.
func TestOpening_AdministratorAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		withCommitteeEvent(f)
		fl := flow{t, f}
		signIn := func(email, password string) string {
			res := fl.do("POST", "/api/v1/auth/token", "", `{"email": "`+email+`", "password": "`+password+`"}`, 201, nil)
			var tok struct{ Token string }
			decode(t, res, &tok)
			return tok.Token
		}
		unseal := func(token, password string, status int, reason string) {
			t.Helper()
			res := f.doToken("POST", "/api/v1/events/{evTwo}/unseal", token, `{"password": "`+password+`"}`, nil)
			checkResponse(t, res, status)
			if !strings.Contains(res.Body.String(), `"reason":"`+reason+`"`) {
				t.Errorf("want reason %s: %s", reason, res.Body)
			}
		}

		// The administrator sets the first member's password and opens as them.
		fl.do("PATCH", "/api/v1/users/{manager}", "admin", `{"password": "chosen-by-the-admin"}`, 200, nil)
		unseal(signIn(f.users[mutual.RoleManager].Email, "chosen-by-the-admin"), "chosen-by-the-admin", 403, mutual.ReasonPasswordRecentlyReset)
		// ...then as themselves: not on the committee.
		unseal(f.token(mutual.RoleAdmin), storetest.Password, 403, mutual.ReasonNotCommittee)
		// ...then with a manager of their own making.
		fl.do("POST", "/api/v1/users", "admin", `{"email": "puppet@test.example", "name": "Puppet", "role": "manager", "password": "chosen-by-the-admin"}`, 201, nil)
		unseal(signIn("puppet@test.example", "chosen-by-the-admin"), "chosen-by-the-admin", 403, mutual.ReasonNotCommittee)
		// ...whom they may not add to the fixed committee.
		res := fl.do("PATCH", "/api/v1/events/{evTwo}", "admin", `{"committee": ["{manager}", "{admin}"]}`, 409, nil)
		fl.has(res, []string{`"reason":"committee_fixed"`})
		// ...and the second member too.
		fl.do("PATCH", "/api/v1/users/{manager2}", "admin", `{"password": "chosen-by-the-admin"}`, 200, nil)
		unseal(signIn(f.users["manager2"].Email, "chosen-by-the-admin"), "chosen-by-the-admin", 403, mutual.ReasonPasswordRecentlyReset)

		fl.do("GET", "/api/v1/events/{evTwo}/bids", "admin", "", 409, nil)
		res = fl.do("GET", "/api/v1/events/{evTwo}", "admin", "", 200, nil)
		fl.has(res, []string{`"unsealed_at":null`, `"openers":[]`})
		res = fl.do("GET", "/api/v1/audit?entity=user&entity_id={manager}", "admin", "", 200, nil)
		fl.has(res, []string{`"action":"password_reset"`, `"user_id":"{admin}"`}, "chosen-by-the-admin", "argon2")
	})
}

// TestOpening_Scenarios covers the committee and the opening's password
// through the API.
func TestOpening_Scenarios(t *testing.T) {
	s := func(name, method, path, who, body string, status int, want ...string) scenario {
		return scenario{name: name, method: method, path: path, who: who, body: body, status: status, want: want, setup: withCommitteeEvent}
	}
	runScenarios(t, []scenario{
		s("MembersOpen", "POST", "/api/v1/events/{evTwo}/unseal", "manager", openPassword, 200, `"openers":["{manager}"]`, `"unsealed_at":null`),
		s("ErrWrongPassword", "POST", "/api/v1/events/{evTwo}/unseal", "manager", `{"password": "not-my-password"}`, 403,
			`"reason":"wrong_password"`, `"location":"body.password"`),
		s("ErrNoPassword", "POST", "/api/v1/events/{evTwo}/unseal", "manager", `{}`, 422, `"location":"body.password"`),
		s("ErrNotCommittee", "POST", "/api/v1/events/{evTwo}/unseal", "admin", openPassword, 403, `"reason":"not_committee"`),
		s("ErrBuyer", "POST", "/api/v1/events/{evTwo}/unseal", "buyer", openPassword, 403, `"reason":"not_opener"`),
		s("CommitteeShown", "GET", "/api/v1/events/{evTwo}", "viewer", "", 200, `"committee":["{manager}","{manager2}"]`),
		{name: "CommitteeHiddenFromSuppliers", method: "GET", path: "/api/v1/events/{evTwo}", who: "supplier", status: 200, setup: withCommitteeEvent,
			want: []string{`"committee":[]`}, notWant: []string{`"{manager2}"`}},
		s("ErrCommitteeFixed", "PATCH", "/api/v1/events/{evTwo}", "admin", `{"committee": ["{manager}", "{admin}"]}`, 409, `"reason":"committee_fixed"`),
		s("SameCommitteeAgain", "PATCH", "/api/v1/events/{evTwo}", "buyer", `{"committee": ["{manager2}", "{manager}"]}`, 200),
		s("ErrPublishWithoutCommittee", "POST", "/api/v1/events/{evDraftTwo}/publish", "buyer", "", 422, `"location":"body.committee"`, `"rule":"too_few"`),
		s("ErrCommitteeBuyer", "PATCH", "/api/v1/events/{evDraftTwo}", "buyer", `{"committee": ["{manager}", "{buyer}"]}`, 422, `"rule":"buyer"`),
		s("ErrCommitteeViewer", "PATCH", "/api/v1/events/{evDraftTwo}", "buyer", `{"committee": ["{manager}", "{viewer}"]}`, 422, `"rule":"member"`),
		s("ErrCommitteeNotAList", "PATCH", "/api/v1/events/{evDraftTwo}", "buyer", `{"committee": "{manager}"}`, 422, `"location":"body.committee"`),
		s("CommitteeSet", "PATCH", "/api/v1/events/{evDraftTwo}", "buyer", `{"committee": ["{manager}", "{admin}"]}`, 200, `"committee":["{manager}","{admin}"]`),
		s("CreateWithCommittee", "POST", "/api/v1/events", "buyer", `{"kind": "rfq", "title": "New", "currency": "VND", "closes_at": "{t+7d}",
			"two_person_opening": true, "committee": ["{manager}", "{manager2}"]}`, 201, `"committee":["{manager}","{manager2}"]`),
		s("ErrCreateCommitteeWithoutTwoPerson", "POST", "/api/v1/events", "buyer", `{"kind": "rfq", "title": "New", "currency": "VND", "closes_at": "{t+7d}",
			"committee": ["{manager}", "{manager2}"]}`, 422, `"rule":"two_person_only"`),
		s("ResetShownOnTheUser", "PATCH", "/api/v1/users/{manager}", "admin", `{"password": "chosen-by-the-admin"}`, 200,
			`"password_reset_at":"`, `"password_reset_by":"{admin}"`),
		s("NeverReset", "GET", "/api/v1/users/{manager}", "admin", "", 200, `"password_reset_at":null`, `"password_reset_by":null`),
		s("ErrResetFieldsAreTheServers", "PATCH", "/api/v1/users/{manager}", "admin", `{"password_reset_at": null}`, 422, `"rule":"read_only"`),
	})
}

// TestOpening_ResetEndsTokens checks that a password set by an
// administrator ends the holder's tokens, and that wrong passwords at the
// opening count as failed sign-ins.
func TestOpening_ResetEndsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		withCommitteeEvent(f)
		fl := flow{t, f}
		old := f.token(mutual.RoleManager)
		checkResponse(t, f.doToken("GET", "/api/v1/me", old, "", nil), 200)
		fl.do("PATCH", "/api/v1/users/{manager}", "admin", `{"password": "chosen-by-the-admin"}`, 200, nil)
		checkResponse(t, f.doToken("GET", "/api/v1/me", old, "", nil), 401)

		m2 := f.token("manager2")
		for i := 0; i < mutual.LoginFreeFailures; i++ {
			checkResponse(t, f.doToken("POST", "/api/v1/events/{evTwo}/unseal", m2, `{"password": "guess `+string(rune('a'+i))+`"}`, nil), 403)
		}
		res := f.doToken("POST", "/api/v1/events/{evTwo}/unseal", m2, openPassword, nil)
		checkResponse(t, res, 429)
		fl.do("POST", "/api/v1/auth/token", "", `{"email": "`+f.users["manager2"].Email+`", "password": "`+storetest.Password+`"}`, 429, nil)
		var p struct{ Code string }
		if err := json.Unmarshal(res.Body.Bytes(), &p); err != nil || p.Code != mutual.ERATELIMIT {
			t.Errorf("problem %s", res.Body)
		}
	})
}
