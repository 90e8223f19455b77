package api_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestContacts(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "List", method: "GET", path: "/api/v1/partners/{A}/contacts", who: "viewer", status: 200,
			want: []string{`"items":[{`, "Trần Thị Mai", `"next_cursor":""`}, notWant: []string{"John Smith"}},
		{name: "ListSupplierOwn", method: "GET", path: "/api/v1/partners/{A}/contacts", who: "supplier", status: 200, want: []string{"Trần Thị Mai"}},
		{name: "ErrListSupplierOther", method: "GET", path: "/api/v1/partners/{B}/contacts", who: "supplier", status: 404, notWant: []string{"John Smith"}},
		{name: "ErrListUnknownPartner", method: "GET", path: "/api/v1/partners/999999/contacts", who: "admin", status: 404},

		{name: "Get", method: "GET", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer", status: 200,
			want: []string{`"id":"{cA}"`, `"partner_id":"{A}"`, "Trần Thị Mai"}, wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "ErrGetThroughOtherPartner", method: "GET", path: "/api/v1/partners/{A}/contacts/{cB}", who: "admin", status: 404, notWant: []string{"John Smith"}},
		{name: "ErrGetSupplierOther", method: "GET", path: "/api/v1/partners/{B}/contacts/{cB}", who: "supplier", status: 404, notWant: []string{"John Smith"}},
		{name: "ErrGetSupplierOtherThroughOwn", method: "GET", path: "/api/v1/partners/{A}/contacts/{cB}", who: "supplier", status: 404, notWant: []string{"John Smith"}},

		{name: "Create", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "buyer", status: 201,
			body:        `{"name": "Lê Văn Tâm", "email": "Tam@NguyenDuc.vn", "role": "finance", "title": "Kế toán trưởng"}`,
			want:        []string{`"partner_id":"{A}"`, `"email":"tam@nguyenduc.vn"`, `"version":1`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "CreateSupplierOwn", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "supplier", status: 201,
			body: `{"name": "Lê Văn Tâm", "partner_id": "{A}"}`, want: []string{`"partner_id":"{A}"`}},
		{name: "ErrCreateSupplierPartnerIDEscape", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "supplier", status: 422,
			body: `{"name": "Intruder", "partner_id": "{B}"}`, want: []string{`"location":"body.partner_id"`}},
		{name: "ErrCreateSupplierOther", method: "POST", path: "/api/v1/partners/{B}/contacts", who: "supplier", status: 404,
			body: `{"name": "Intruder"}`},
		{name: "ErrCreateSupplierOtherWithOwnID", method: "POST", path: "/api/v1/partners/{B}/contacts", who: "supplier", status: 422,
			body: `{"name": "Intruder", "partner_id": "{A}"}`, want: []string{`"location":"body.partner_id"`}},
		{name: "ErrCreateViewer", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "viewer", status: 403, body: `{"name": "X"}`},
		{name: "ErrCreateInvalid", method: "POST", path: "/api/v1/partners/{A}/contacts", who: "buyer", status: 422,
			body: `{"name": "", "email": "x@", "role": "boss", "primary": "yes"}`,
			want: []string{`"body.name"`, `"body.email"`, `"body.role"`, `"body.primary"`}},

		{name: "Update", method: "PATCH", path: "/api/v1/partners/{A}/contacts/{cA}", who: "supplier", status: 200,
			body: `{"phone": "+84 24 3825 1234"}`, headers: map[string]string{"If-Match": `"1"`},
			want: []string{`"phone":"+84 24 3825 1234"`, `"name":"Trần Thị Mai"`, `"version":2`}, wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "ErrUpdateStale", method: "PATCH", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer", status: 412,
			body: `{"phone": "1"}`, headers: map[string]string{"If-Match": `"1"`}, setup: touchContactA},
		{name: "ErrUpdateMove", method: "PATCH", path: "/api/v1/partners/{A}/contacts/{cA}", who: "admin", status: 422,
			body: `{"partner_id": "{B}"}`, want: []string{`"location":"body.partner_id"`}},
		{name: "ErrUpdateThroughOtherPartner", method: "PATCH", path: "/api/v1/partners/{A}/contacts/{cB}", who: "admin", status: 404, body: `{"name": "X"}`},
		{name: "ErrUpdateSupplierOther", method: "PATCH", path: "/api/v1/partners/{B}/contacts/{cB}", who: "supplier", status: 404, body: `{"name": "X"}`},
		{name: "ErrUpdateViewer", method: "PATCH", path: "/api/v1/partners/{A}/contacts/{cA}", who: "viewer", status: 403, body: `{"name": "X"}`},

		{name: "Delete", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "supplier", status: 204},
		{name: "DeleteIfMatch", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer", status: 204,
			headers: map[string]string{"If-Match": `"1"`}},
		{name: "ErrDeleteStale", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer", status: 412,
			headers: map[string]string{"If-Match": `"1"`}, setup: touchContactA},
		{name: "ErrDeleteIfMatchUnknownTag", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "buyer", status: 412,
			headers: map[string]string{"If-Match": `"one"`}, want: []string{`"location":"header.If-Match"`}},
		{name: "ErrDeleteSupplierOther", method: "DELETE", path: "/api/v1/partners/{B}/contacts/{cB}", who: "supplier", status: 404},
		{name: "ErrDeleteViewer", method: "DELETE", path: "/api/v1/partners/{A}/contacts/{cA}", who: "viewer", status: 403},
	})
}

// touchContactA changes contact cA behind the client's back.
func touchContactA(f *fixture) {
	title := "Giám đốc"
	if _, err := f.svc.Contacts.UpdateContact(storetest.SystemContext(), f.cA.ID, mutual.ContactUpdate{Title: &title}); err != nil {
		f.tb.Fatal(err)
	}
}

// TestContacts_SearchFollows checks that a contact created through the API
// is found by the partner search, without accents.
func TestContacts_SearchFollows(t *testing.T) {
	f := newFixture(t)
	checkResponse(t, f.do("POST", "/api/v1/partners/{B}/contacts", "buyer", `{"name": "Đặng Thùy Dương"}`, nil), 201)
	res := f.do("GET", "/api/v1/partners?q=dang+thuy", "buyer", "", nil)
	checkResponse(t, res, 200)
	var got struct{ Items []mutual.Partner }
	decode(t, res, &got)
	if len(got.Items) != 1 || got.Items[0].ID != f.B.ID {
		t.Errorf("found %+v, want partner B", got.Items)
	}
}
