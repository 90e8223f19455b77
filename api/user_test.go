package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestUsers(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "List", method: "GET", path: "/api/v1/users", who: "admin", status: 200,
			want: []string{`"items":[`, `"role":"supplier"`, `"role":"viewer"`, `"next_cursor":""`}, notWant: []string{`"password"`, "argon2"}},
		{name: "ListByRole", method: "GET", path: "/api/v1/users?role=supplier", who: "admin", status: 200,
			want: []string{`"role":"supplier"`}, notWant: []string{`"role":"viewer"`}},
		{name: "ListByPartner", method: "GET", path: "/api/v1/users?partner_id={A}", who: "admin", status: 200,
			want: []string{`"id":"{supplier}"`}, notWant: []string{`"role":"admin"`}},
		{name: "ErrListBadFilters", method: "GET", path: "/api/v1/users?role=boss&partner_id=x&limit=-1", who: "admin", status: 422,
			want: []string{`"query.role"`, `"query.partner_id"`, `"query.limit"`}},

		{name: "Create", method: "POST", path: "/api/v1/users", who: "admin", status: 201,
			body:        `{"email": "Linh@Supplier.vn", "name": "Vũ Thị Linh", "role": "supplier", "partner_id": "{A}", "password": "long enough secret"}`,
			want:        []string{`"email":"linh@supplier.vn"`, `"partner_id":"{A}"`, `"disabled":false`},
			notWant:     []string{`"password"`, "argon2", "long enough secret"},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "ErrCreatePasswordRequired", method: "POST", path: "/api/v1/users", who: "admin", status: 422,
			body: `{"email": "a@b.vn", "name": "A", "role": "buyer"}`, want: []string{`"location":"body.password"`}},
		{name: "ErrCreateInvalid", method: "POST", path: "/api/v1/users", who: "admin", status: 422,
			body: `{"email": "nope", "name": "", "role": "boss", "locale": "fr", "password": "short"}`,
			want: []string{`"body.email"`, `"body.name"`, `"body.role"`, `"body.locale"`, `"body.password"`}},
		{name: "ErrCreateSupplierNeedsPartner", method: "POST", path: "/api/v1/users", who: "admin", status: 422,
			body: `{"email": "s@b.vn", "name": "S", "role": "supplier", "password": "long enough secret"}`, want: []string{`"location":"body.partner_id"`}},
		{name: "ErrCreateEmailTaken", method: "POST", path: "/api/v1/users", who: "admin", status: 409,
			body: `{"email": "taken@test.example", "name": "S", "role": "buyer", "password": "long enough secret"}`, want: []string{`"location":"body.email"`},
			setup: func(f *fixture) {
				u := &mutual.User{Email: "taken@test.example", Name: "Taken", Role: mutual.RoleBuyer}
				if err := f.svc.Users.CreateUser(storetest.SystemContext(), u, storetest.Password); err != nil {
					f.tb.Fatal(err)
				}
			}},

		{name: "Get", method: "GET", path: "/api/v1/users/{buyer}", who: "admin", status: 200, want: []string{`"role":"buyer"`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "ErrGetUnknown", method: "GET", path: "/api/v1/users/999999", who: "admin", status: 404},

		{name: "Update", method: "PATCH", path: "/api/v1/users/{buyer}", who: "admin", status: 200, headers: map[string]string{"If-Match": `"1"`},
			body: `{"role": "manager", "name": "Promoted"}`, want: []string{`"role":"manager"`, `"name":"Promoted"`, `"version":2`}},
		{name: "UpdateToSupplier", method: "PATCH", path: "/api/v1/users/{viewer}", who: "admin", status: 200,
			body: `{"role": "supplier", "partner_id": "{B}"}`, want: []string{`"partner_id":"{B}"`}},
		{name: "ErrUpdateStale", method: "PATCH", path: "/api/v1/users/{buyer}", who: "admin", status: 412, headers: map[string]string{"If-Match": `"9"`},
			body: `{"name": "X"}`},
		{name: "ErrUpdateSelfDisable", method: "PATCH", path: "/api/v1/users/{admin}", who: "admin", status: 409, body: `{"disabled": true}`},
		{name: "ErrUpdateInvalid", method: "PATCH", path: "/api/v1/users/{buyer}", who: "admin", status: 422, body: `{"email": "x", "disabled": "no"}`,
			want: []string{`"location":"body.disabled"`}},
		{name: "ErrUpdateUnknown", method: "PATCH", path: "/api/v1/users/999999", who: "admin", status: 404, body: `{"name": "X"}`},
	})
}

// TestUsers_Paging walks the user list two at a time.
func TestUsers_Paging(t *testing.T) {
	f := newFixture(t)
	seen := map[mutual.ID]bool{}
	cursor := ""
	for range 10 {
		res := f.do("GET", "/api/v1/users?limit=2&cursor="+url.QueryEscape(cursor), "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		var page struct {
			Items      []mutual.User
			NextCursor string `json:"next_cursor"`
		}
		decode(t, res, &page)
		for _, u := range page.Items {
			if seen[u.ID] {
				t.Fatalf("user %s twice", u.ID)
			}
			seen[u.ID] = true
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if got, want := len(seen), len(f.users); got != want {
		t.Errorf("saw %d users, want %d", got, want)
	}
}
