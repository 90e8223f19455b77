package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestPartnerList(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "OK", method: "GET", path: "/api/v1/partners", who: "manager", status: 200,
			want: []string{`"items":[`, nameA, nameB, `"next_cursor":""`, `"id":"{A}"`}},
		{name: "SupplierSeesOnlyOwnPartner", method: "GET", path: "/api/v1/partners", who: "supplier", status: 200,
			want: []string{nameA}, notWant: []string{nameB}},
		{name: "SupplierCannotFilterItsWayOut", method: "GET", path: "/api/v1/partners?role=customer", who: "supplier", status: 200,
			want: []string{`"items":[]`}, notWant: []string{nameB}},
		{name: "FilterSegment", method: "GET", path: "/api/v1/partners?segment=routine", who: "viewer", status: 200,
			want: []string{nameB}, notWant: []string{nameA}},
		{name: "FilterRoleAndStatus", method: "GET", path: "/api/v1/partners?role=supplier&status=prospect", who: "buyer", status: 200,
			want: []string{nameA}, notWant: []string{nameB}},
		{name: "SortNameDesc", method: "GET", path: "/api/v1/partners?sort=-name", who: "buyer", status: 200, want: []string{nameA}},
		{name: "SearchByContactName", method: "GET", path: "/api/v1/partners?q=mai", who: "buyer", status: 200,
			want: []string{nameA}, notWant: []string{nameB}},
		{name: "SearchByTaxCode", method: "GET", path: "/api/v1/partners?q=" + taxA, who: "buyer", status: 200,
			want: []string{nameA}, notWant: []string{nameB}},
		{name: "LimitAboveMaxIsLowered", method: "GET", path: "/api/v1/partners?limit=100000", who: "buyer", status: 200, want: []string{nameA}},
		{name: "ErrLimitNotNumber", method: "GET", path: "/api/v1/partners?limit=abc", who: "buyer", status: 422,
			want: []string{`"location":"query.limit"`}},
		{name: "ErrLimitZero", method: "GET", path: "/api/v1/partners?limit=0", who: "buyer", status: 422,
			want: []string{`"location":"query.limit"`}},
		{name: "ErrSegment", method: "GET", path: "/api/v1/partners?segment=foo", who: "buyer", status: 422,
			want: []string{`"location":"query.segment"`}},
		{name: "ErrEveryBadParameterNamed", method: "GET", path: "/api/v1/partners?role=x&status=y&sort=z&owner_id=abc", who: "buyer", status: 422,
			want: []string{`"query.role"`, `"query.status"`, `"query.sort"`, `"query.owner_id"`}},
		{name: "ErrCursor", method: "GET", path: "/api/v1/partners?cursor=garbage", who: "buyer", status: 422,
			want: []string{`"location":"query.cursor"`}},
		{name: "ErrNoToken", method: "GET", path: "/api/v1/partners", status: 401, notWant: []string{nameA},
			wantHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="mutual"`}},
	})
}

func TestPartnerSearch_AccentInsensitive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		for _, q := range []string{"nguyen duc", "NGUYEN", "đức", "Nguyễn Đức", "duc", "thiet bi"} {
			t.Run(q, func(t *testing.T) {
				res := f.do("GET", "/api/v1/partners?q="+url.QueryEscape(q), "viewer", "", nil)
				checkResponse(t, res, 200)
				var got struct{ Items []mutual.Partner }
				decode(t, res, &got)
				if len(got.Items) != 1 || got.Items[0].Name != nameA {
					t.Errorf("q=%q found %d partners: %+v", q, len(got.Items), got.Items)
				}
			})
		}
	})
}

func TestPartnerGet(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "OK", method: "GET", path: "/api/v1/partners/{A}", who: "viewer", status: 200,
			want:        []string{nameA, `"version":1`, `"contacts":[{`, "Trần Thị Mai", `"tax_code":"0100233488"`},
			wantHeaders: map[string]string{"ETag": `"1"`, "Content-Type": "application/json"}},
		{name: "NoContactsIsEmptyList", method: "GET", path: "/api/v1/partners/{B}", who: "admin", status: 200, want: []string{`"contacts":[]`},
			setup: func(f *fixture) {
				if err := f.svc.Contacts.DeleteContact(storetest.SystemContext(), f.cB.ID, 0); err != nil {
					f.tb.Fatal(err)
				}
			}},
		{name: "SupplierOwnPartner", method: "GET", path: "/api/v1/partners/{A}", who: "supplier", status: 200, want: []string{nameA}},
		{name: "ErrSupplierOtherPartner", method: "GET", path: "/api/v1/partners/{B}", who: "supplier", status: 404, notWant: []string{nameB}},
		{name: "ErrUnknown", method: "GET", path: "/api/v1/partners/999999", who: "admin", status: 404},
		{name: "ErrMalformedID", method: "GET", path: "/api/v1/partners/abc", who: "admin", status: 404},
	})
}

const newPartner = `{"name": "Công ty Cổ phần Hải Phòng Logistics", "country": "VN", "tax_code": "0100.233.488-001", "roles": ["supplier", "distributor"],
	"segment": "leverage", "owner_id": "{buyer}", "annual_spend": {"amount": "1250000000", "currency": "VND"},
	"contacts": [{"name": "Phạm Văn Hùng", "email": "Hung@HPLogistics.vn", "role": "account_executive"}]}`

func TestPartnerCreate(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "OK", method: "POST", path: "/api/v1/partners", who: "buyer", body: newPartner, status: 201,
			want: []string{`"tax_code":"0100233488-001"`, `"owner_id":"{buyer}"`, `"owner_name":"Test buyer`, `"annual_spend":{"amount":"1250000000","currency":"VND"}`,
				`"email":"hung@hplogistics.vn"`, `"version":1`, `"roles":["supplier","distributor"]`},
			wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "AmountAsNumber", method: "POST", path: "/api/v1/partners", who: "manager", status: 201,
			body: `{"name": "Numbers Inc", "country": "US", "roles": ["customer"], "annual_spend": {"amount": 99.5, "currency": "USD"}}`,
			want: []string{`"amount":"99.5"`}},
		{name: "ReadOnlyFieldsIgnored", method: "POST", path: "/api/v1/partners", who: "admin", status: 201,
			body: `{"id": "77", "version": 9, "owner_name": "x", "name": "Echo", "country": "US", "roles": ["customer"]}`,
			want: []string{`"version":1`}, notWant: []string{`"id":"77"`}},
		{name: "ErrTaxCodeCheckDigit", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "Typo", "country": "VN", "tax_code": "0100233480", "roles": ["supplier"]}`,
			want: []string{`"location":"body.tax_code"`, `"rule":"tax_code"`}},
		{name: "ErrTaxCodeDuplicate", method: "POST", path: "/api/v1/partners", who: "buyer", status: 409,
			body: `{"name": "Twin", "country": "VN", "tax_code": "0100 233 488", "roles": ["supplier"]}`,
			want: []string{`"location":"body.tax_code"`, `"code":"conflict"`}},
		{name: "ErrEveryFieldNamed", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "", "country": "XX", "roles": ["vendor"], "segment": "gold", "email": "nope", "annual_spend": {"amount": "1.5", "currency": "VND"},
				"contacts": [{"name": "", "email": "bad"}]}`,
			want: []string{`"body.name"`, `"body.country"`, `"body.roles"`, `"body.segment"`, `"body.email"`, `"body.annual_spend.amount"`,
				`"body.contacts[0].name"`, `"body.contacts[0].email"`}},
		{name: "ErrTypeAndValueProblemsTogether", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "", "country": "VN", "roles": ["supplier"], "phone": 5, "tax_code": "0100233480", "contacts": ["x", {"name": ""}]}`,
			want: []string{`"body.name"`, `"body.phone"`, `"body.tax_code"`, `"body.contacts[0]"`, `"body.contacts[1].name"`}},
		{name: "ErrRolesWrongType", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": "x"}`, want: []string{`"location":"body.roles"`, "list of strings"}},
		{name: "ErrNameWrongType", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": 5, "country": "VN", "roles": ["supplier"]}`, want: []string{`"location":"body.name"`}},
		{name: "ErrOwnerIDNotAnID", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "owner_id": "abc"}`, want: []string{`"location":"body.owner_id"`}},
		{name: "ErrOwnerIsSupplierUser", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "owner_id": "{supplier}"}`, want: []string{`"location":"body.owner_id"`}},
		{name: "ErrMoneyAmount", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "annual_spend": {"amount": "lots", "currency": "VND"}}`,
			want: []string{`"location":"body.annual_spend.amount"`}},
		{name: "ErrMoneyUnknownField", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "annual_spend": {"amount": "1", "currency": "VND", "rate": 2}}`,
			want: []string{`"location":"body.annual_spend.rate"`, `"rule":"unknown"`}},
		{name: "ErrMoneyCurrency", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "annual_spend": {"amount": "1", "currency": "XYZ"}}`,
			want: []string{`"location":"body.annual_spend.currency"`}},
		{name: "ErrUnknownField", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "colour": "red"}`, want: []string{`"location":"body.colour"`, `"rule":"unknown"`}},
		{name: "ErrContactPartnerID", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "contacts": [{"name": "X", "partner_id": "{B}"}]}`,
			want: []string{`"location":"body.contacts[0].partner_id"`}},
		{name: "ErrContactsNotObjects", method: "POST", path: "/api/v1/partners", who: "buyer", status: 422,
			body: `{"name": "T", "country": "VN", "roles": ["supplier"], "contacts": ["x"]}`, want: []string{`"location":"body.contacts[0]"`}},
		{name: "ErrMalformedJSON", method: "POST", path: "/api/v1/partners", who: "buyer", status: 400, body: `{"name": "T",`, want: []string{`"code":"malformed"`}},
		{name: "ErrNotAnObject", method: "POST", path: "/api/v1/partners", who: "buyer", status: 400, body: `["x"]`},
		{name: "ErrTwoObjects", method: "POST", path: "/api/v1/partners", who: "buyer", status: 400, body: `{} {}`},
		{name: "ErrEmptyBody", method: "POST", path: "/api/v1/partners", who: "buyer", status: 400},
		{name: "ErrNullBody", method: "POST", path: "/api/v1/partners", who: "buyer", status: 400, body: `null`},
		{name: "ErrBodyTooLarge", method: "POST", path: "/api/v1/partners", who: "buyer", status: 413,
			body: `{"name": "T", "notes": "` + strings.Repeat("x", 1<<20) + `"}`},
		{name: "ErrViewer", method: "POST", path: "/api/v1/partners", who: "viewer", body: newPartner, status: 403},
		{name: "ErrSupplier", method: "POST", path: "/api/v1/partners", who: "supplier", body: newPartner, status: 403},
	})
}

func TestPartnerUpdate(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "OK", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"segment": "bottleneck", "status": "prospect"}`,
			headers: map[string]string{"If-Match": `"1"`}, status: 200,
			want:        []string{`"segment":"bottleneck"`, `"status":"prospect"`, `"version":2`, `"tax_code":"0100233488"`, nameA, "Trần Thị Mai"},
			wantHeaders: map[string]string{"ETag": `"2"`}},
		{name: "WithoutIfMatch", method: "PATCH", path: "/api/v1/partners/{A}", who: "manager", body: `{"name": "Nguyễn Đức Equipment"}`, status: 200,
			want: []string{`"name":"Nguyễn Đức Equipment"`, `"version":2`}},
		{name: "ErrWeakETag", method: "PATCH", path: "/api/v1/partners/{A}", who: "manager", body: `{"notes": "x"}`,
			headers: map[string]string{"If-Match": `W/"1"`}, status: 412, want: []string{`"location":"header.If-Match"`, "weak"}},
		{name: "NullClearsOwner", method: "PATCH", path: "/api/v1/partners/{A}", who: "admin", body: `{"owner_id": null, "annual_spend": null}`, status: 200,
			want: []string{`"owner_id":null`, `"annual_spend":null`},
			setup: func(f *fixture) {
				owner := f.users[mutual.RoleManager].ID
				if _, err := f.svc.Partners.UpdatePartner(storetest.SystemContext(), f.A.ID, mutual.PartnerUpdate{OwnerID: &owner}); err != nil {
					f.tb.Fatal(err)
				}
			}},
		{name: "ErrStale", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"segment": "leverage"}`,
			headers: map[string]string{"If-Match": `"1"`}, status: 412, want: []string{`"code":"precondition"`},
			setup: func(f *fixture) {
				seg := "routine"
				if _, err := f.svc.Partners.UpdatePartner(storetest.SystemContext(), f.A.ID, mutual.PartnerUpdate{Segment: &seg}); err != nil {
					f.tb.Fatal(err)
				}
			}},
		{name: "ErrStaleBodyVersion", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"segment": "leverage", "version": 7}`, status: 412},
		{name: "ErrIfMatchMalformed", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"segment": "leverage"}`,
			headers: map[string]string{"If-Match": `abc`}, status: 412, want: []string{`"location":"header.If-Match"`}},
		{name: "ErrTaxCodeTaken", method: "PATCH", path: "/api/v1/partners/{B}", who: "buyer", body: `{"country": "VN", "tax_code": "` + taxA + `"}`, status: 409,
			want: []string{`"location":"body.tax_code"`}},
		{name: "ErrInvalid", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"tax_code": "0100233480", "roles": []}`, status: 422,
			want: []string{`"body.tax_code"`, `"body.roles"`}},
		{name: "ErrContacts", method: "PATCH", path: "/api/v1/partners/{A}", who: "buyer", body: `{"contacts": []}`, status: 422,
			want: []string{`"body.contacts"`}},
		{name: "ErrViewer", method: "PATCH", path: "/api/v1/partners/{A}", who: "viewer", body: `{"name": "X"}`, status: 403},
		{name: "ErrSupplierOwnPartner", method: "PATCH", path: "/api/v1/partners/{A}", who: "supplier", body: `{"name": "X"}`, status: 403},
		{name: "ErrSupplierOtherPartner", method: "PATCH", path: "/api/v1/partners/{B}", who: "supplier", body: `{"name": "X"}`, status: 404},
		{name: "ErrUnknown", method: "PATCH", path: "/api/v1/partners/999999", who: "admin", body: `{"name": "X"}`, status: 404},
	})
}

// TestPartnerList_Paging walks every page and expects every partner exactly once, in order.
func TestPartnerList_Paging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		var ps []*mutual.Partner
		for i := range 23 {
			ps = append(ps, &mutual.Partner{Name: fmt.Sprintf("Paged Partner %d", 100+i), Country: "VN", Roles: []string{"supplier"}})
		}
		if err := f.svc.Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
			t.Fatal(err)
		}
		for _, sort := range mutual.PartnerSorts {
			t.Run(sort, func(t *testing.T) {
				seen := map[mutual.ID]bool{}
				cursor, pages := "", 0
				for {
					res := f.do("GET", "/api/v1/partners?limit=4&sort="+url.QueryEscape(sort)+"&cursor="+url.QueryEscape(cursor), "viewer", "", nil)
					checkResponse(t, res, http.StatusOK)
					var page struct {
						Items      []mutual.Partner
						NextCursor string `json:"next_cursor"`
					}
					decode(t, res, &page)
					for _, p := range page.Items {
						if seen[p.ID] {
							t.Fatalf("partner %s on two pages", p.ID)
						}
						seen[p.ID] = true
					}
					pages++
					if page.NextCursor == "" {
						break
					}
					if len(page.Items) != 4 || pages > 10 {
						t.Fatalf("page %d has %d items and cursor %q", pages, len(page.Items), page.NextCursor)
					}
					cursor = page.NextCursor
				}
				if got, want := len(seen), 25; got != want {
					t.Errorf("saw %d partners, want %d", got, want)
				}
			})
		}
	})
}
