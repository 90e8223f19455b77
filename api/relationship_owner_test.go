package api_test

import "testing"

// TestRelationshipOwners: a viewer reads only, so it may be neither a
// partner's key account manager nor a co-owner on its relationship team,
// on every path; it may still be the executive sponsor or a team member.
func TestRelationshipOwners(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "ErrCreateWithViewerKAM", method: "POST", path: "/api/v1/partners", who: "buyer",
			body:   `{"name": "New", "country": "VN", "roles": ["supplier"], "owner_id": "{viewer}"}`,
			status: 422, want: []string{`"location":"body.owner_id"`, `"rule":"writer"`}},
		{name: "CreateWithViewerSponsor", method: "POST", path: "/api/v1/partners", who: "buyer",
			body:   `{"name": "New", "country": "VN", "roles": ["supplier"], "owner_id": "{buyer}", "sponsor_id": "{viewer}"}`,
			status: 201, want: []string{`"owner_id":"{buyer}"`, `"sponsor_id":"{viewer}"`}},
		{name: "ErrUpdateToViewerKAM", method: "PATCH", path: "/api/v1/partners/{A}", who: "manager", body: `{"owner_id": "{viewer}"}`,
			status: 422, want: []string{`"location":"body.owner_id"`, `"rule":"writer"`}},
		{name: "UpdateToBuyerKAM", method: "PATCH", path: "/api/v1/partners/{A}", who: "manager", body: `{"owner_id": "{buyer}", "sponsor_id": "{viewer}"}`,
			status: 200, want: []string{`"owner_id":"{buyer}"`}},
		{name: "ErrReassignToViewer", method: "POST", path: "/api/v1/partners/reassign", who: "manager", body: `{"to_owner_id": "{viewer}", "partner_ids": ["{A}"]}`,
			status: 422, want: []string{`"location":"body.to_owner_id"`, `"rule":"writer"`}},
		{name: "ErrViewerCoOwner", method: "PUT", path: "/api/v1/partners/{A}/team", who: "buyer", body: `{"members": [{"user_id": "{viewer}", "role": "finance", "co_owner": true}]}`,
			status: 422, want: []string{`"location":"body.members[0].co_owner"`, `"rule":"writer"`}},
		{name: "ViewerOnTeamManagerCoOwner", method: "PUT", path: "/api/v1/partners/{A}/team", who: "buyer",
			body:   `{"members": [{"user_id": "{viewer}", "role": "finance"}, {"user_id": "{manager}", "role": "backup KAM", "co_owner": true}]}`,
			status: 200, want: []string{`"user_id":"{viewer}","user_name":`, `"co_owner":true`}},
	})
}
