package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestTeam(t *testing.T) {
	f := newFixture(t)
	tok := f.token(mutual.RoleBuyer)
	viewer := f.users[mutual.RoleViewer]
	if viewer == nil {
		f.token(mutual.RoleViewer)
		viewer = f.users[mutual.RoleViewer]
	}
	p := storetest.MustCreatePartner(t, f.db, &mutual.Partner{Name: "Vinamilk"})
	path := "/api/v1/partners/" + p.ID.String() + "/team"

	res := f.doToken("PUT", path, tok, `{"members": [{"user_id": "`+viewer.ID.String()+`", "role": "quality"}]}`, nil)
	checkResponse(t, res, http.StatusOK)
	if !strings.Contains(res.Body.String(), `"role":"quality"`) || !strings.Contains(res.Body.String(), viewer.Name) {
		t.Errorf("put: %s", res.Body.String())
	}
	if res := f.doToken("GET", path, tok, "", nil); !strings.Contains(res.Body.String(), `"user_id":"`+viewer.ID.String()+`"`) {
		t.Errorf("get: %s", res.Body.String())
	}
	for _, tt := range []struct{ name, body, location string }{
		{"ErrNoMembers", `{}`, "body.members"},
		{"ErrUnknownUser", `{"members": [{"user_id": "987654"}]}`, "body.members[0].user_id"},
		{"ErrUnknownField", `{"members": [{"user_id": "` + viewer.ID.String() + `", "boss": true}]}`, "body.members[0].boss"},
		{"ErrDuplicate", `{"members": [{"user_id": "` + viewer.ID.String() + `"}, {"user_id": "` + viewer.ID.String() + `"}]}`, "body.members[1].user_id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := f.doToken("PUT", path, tok, tt.body, nil)
			checkResponse(t, res, http.StatusUnprocessableEntity)
			if !strings.Contains(res.Body.String(), `"location":"`+tt.location+`"`) {
				t.Errorf("want %s in %s", tt.location, res.Body.String())
			}
		})
	}
}
