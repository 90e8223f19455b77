package api_test

import "testing"

// TestCommitmentOwner: owner, as commitments show it, may be sent as
// API.md names it; it is never dropped.
func TestCommitmentOwner(t *testing.T) {
	const base = `"title": "Visit the plant", "side": "ours", "due_on": "{d+30}"`
	runScenarios(t, []scenario{
		{name: "CreateWithOwner", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 201,
			body: `{` + base + `, "owner": {"type": "user", "id": "{manager}"}}`,
			want: []string{`"owner_user_id":"{manager}"`, `"owner":{"type":"user","id":"{manager}"`}},
		{name: "CreateWithOwnerContact", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 201,
			body: `{"title": "Send samples", "side": "theirs", "due_on": "{d+7}", "owner": {"type": "contact", "id": "{cA}", "name": "Trần Thị Mai"}}`,
			want: []string{`"owner_contact_id":"{cA}"`, `"owner":{"type":"contact","id":"{cA}","name":"Trần Thị Mai"}`}},
		{name: "CreateOwnerNull", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 201,
			body: `{` + base + `, "owner": null}`, want: []string{`"owner":null`}},
		{name: "CreateOwnerAlike", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 201,
			body: `{` + base + `, "owner_user_id": "{manager}", "owner_contact_id": null, "owner": {"type": "user", "id": "{manager}"}}`},
		{name: "ErrCreateOwnerDisagrees", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{` + base + `, "owner_user_id": "{buyer}", "owner": {"type": "user", "id": "{manager}"}}`, want: []string{`"location":"body.owner"`}},
		{name: "ErrCreateOwnerShape", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{` + base + `, "owner": {"type": "team", "id": "{manager}", "colour": "red"}}`,
			want: []string{`"location":"body.owner.type"`, `"location":"body.owner.colour"`}},
		{name: "ErrCreateOwnerNoID", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{` + base + `, "owner": {"type": "user"}}`, want: []string{`"location":"body.owner.id"`}},
		{name: "ErrCreateOwnerNotObject", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{` + base + `, "owner": "{manager}"}`, want: []string{`"location":"body.owner"`}},
		{name: "ErrCreateOwnerWrongSide", method: "POST", path: "/api/v1/partners/{A}/commitments", who: "buyer", status: 422,
			body: `{` + base + `, "owner": {"type": "contact", "id": "{cA}"}}`, want: []string{`"location":"body.owner_contact_id"`}},
		{name: "UpdateOwner", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "buyer", status: 200, setup: withTimeline,
			body: `{"owner": {"type": "user", "id": "{manager}"}}`, want: []string{`"owner_user_id":"{manager}"`, `"version":2`}},
		{name: "UpdateOwnerCleared", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "buyer", status: 200, setup: withTimeline,
			body: `{"owner": null}`, want: []string{`"owner":null`, `"owner_user_id":null`}},
		{name: "ErrUpdateOwnerStale", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"owner_user_id": "{manager}", "owner": {"type": "user", "id": "{buyer}", "name": "whoever"}}`, want: []string{`"location":"body.owner"`}},
		{name: "FollowUpOwner", method: "POST", path: "/api/v1/partners/{A}/interactions", who: "buyer", status: 201,
			body: `{"kind": "call", "occurred_at": "{t-1d}", "subject": "Call", "commitments": [{` + base + `, "owner": {"type": "user", "id": "{manager}"}}]}`,
			want: []string{`"owner_user_id":"{manager}"`}},
		{name: "ErrUpdateDoneOn", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "buyer", status: 422, setup: withTimeline,
			body: `{"done_on": "{d0}"}`, want: []string{`"location":"body.done_on"`}},
		{name: "UpdateDoneOnUnchanged", method: "PATCH", path: "/api/v1/partners/{A}/commitments/{kOurs}", who: "buyer", status: 200, setup: withTimeline,
			body: `{"done_on": null, "notes": "x"}`},
	})
}
