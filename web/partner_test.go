package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// taxCode returns a valid tax code made from n.
func taxCode(tb testing.TB, n int) string {
	tb.Helper()
	for i := n; ; i++ {
		nine := fmt.Sprintf("03%07d", i)
		if d, ok := mutual.TaxCodeCheckDigit(nine); ok {
			return nine + string(d)
		}
	}
}

var partnerLink = regexp.MustCompile(`^/partners/(\d+)$`)

// createdID returns the ID of the partner a create redirected to.
func createdID(tb testing.TB, resp response) mutual.ID {
	tb.Helper()
	if resp.status != http.StatusSeeOther {
		tb.Fatalf("create: status %d, want %d\n%s", resp.status, http.StatusSeeOther, resp.body)
	}
	m := partnerLink.FindStringSubmatch(resp.header.Get("Location"))
	if m == nil {
		tb.Fatalf("create: Location = %q", resp.header.Get("Location"))
	}
	id, _ := mutual.ParseID(m[1])
	return id
}

// TestPartnerList runs on SQLite and, when MUTUAL_TEST_POSTGRES is set, on PostgreSQL:
// search and conflicts come from the database.
func TestPartnerList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { testPartnerList(t, newAppOn(t, db)) })
}

func testPartnerList(t *testing.T, a *app) {
	b, u := a.signIn(t, mutual.RoleBuyer, 0)
	kam, _ := storetest.MustCreateUser(t, a.db, mutual.RoleManager, 0)
	storetest.MustCreatePartner(t, a.db, &mutual.Partner{
		Name: "Công ty TNHH Thiết bị Nguyễn Đức", TaxCode: "0100233488", Segment: "strategic", Status: "active",
		OwnerID: kam.ID, AnnualSpend: mutual.Money{Amount: mustDecimal(t, "1250000"), Currency: "VND"},
	})
	storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Acme Components", Country: "US", Segment: "routine", Roles: []string{"customer", "supplier"}})

	t.Run("OK", func(t *testing.T) {
		resp := b.get("/partners")
		mustContain(t, resp.body,
			"Công ty TNHH Thiết bị Nguyễn Đức", "0100233488", "Viet Nam", "Acme Components", "United States",
			`class="badge status-active"`, `class="badge segment-strategic"`, kam.Name, "₫1,250,000",
			u.Name, `href="/partners/new"`, `href="/partners/import"`, `href="/partners/export.csv"`)
	})

	t.Run("Escaped", func(t *testing.T) {
		storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: `<script>alert("x")</script> & Co`, LegalName: `"><img src=x>`, Country: "US"})
		resp := b.get("/partners?q=script")
		mustContain(t, resp.body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co`, `&#34;&gt;&lt;img src=x&gt;`)
		mustNotContain(t, resp.body, `<script>alert`, `<img src=x>`)
	})

	t.Run("SearchWithoutAccents", func(t *testing.T) {
		for _, q := range []string{"nguyen duc", "NGUYEN", "đức", "0100233488"} {
			resp := b.get("/partners?q=" + url.QueryEscape(q))
			mustContain(t, resp.body, "Công ty TNHH Thiết bị Nguyễn Đức")
			mustNotContain(t, resp.body, "Acme Components")
		}
	})

	t.Run("Filters", func(t *testing.T) {
		resp := b.get("/partners?segment=routine&role=customer")
		mustContain(t, resp.body, "Acme Components", `<option value="routine" selected>`)
		mustNotContain(t, resp.body, "Nguyễn Đức")
		resp = b.get("/partners?owner_id=" + kam.ID.String())
		mustContain(t, resp.body, "Nguyễn Đức")
		mustNotContain(t, resp.body, "Acme Components")
		resp = b.get("/partners?status=suspended")
		mustContain(t, resp.body, "No partners match")
	})

	t.Run("Vietnamese", func(t *testing.T) {
		v, _ := storetest.MustCreateUser(t, a.db, mutual.RoleViewer, 0)
		locale := "vi"
		if _, err := a.db.Services().Users.UpdateUser(storetest.SystemContext(), v.ID, mutual.UserUpdate{Locale: &locale}); err != nil {
			t.Fatal(err)
		}
		vb := a.browser(t)
		if resp := vb.post("/login", url.Values{"email": {v.Email}, "password": {storetest.Password}}); resp.status != http.StatusSeeOther {
			t.Fatalf("sign in: %d", resp.status)
		}
		resp := vb.get("/partners")
		mustContain(t, resp.body, "1.250.000 ₫", "Việt Nam", "Hoa Kỳ", "Chiến lược", "Đang hợp tác", "Nhà cung cấp")
		mustNotContain(t, resp.body, `href="/partners/new"`) // a viewer cannot create
	})

	t.Run("Paging", func(t *testing.T) {
		ps := make([]*mutual.Partner, 120)
		for i := range ps {
			ps[i] = &mutual.Partner{Name: fmt.Sprintf("Paging Partner %03d", i), Country: "VN", Roles: []string{"supplier"}, Segment: "leverage"}
		}
		if err := a.db.Services().Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		next := "/partners?q=paging&segment=leverage"
		pages := 0
		for next != "" {
			pages++
			resp := b.get(next)
			for _, m := range regexp.MustCompile(`Paging Partner \d{3}`).FindAllString(resp.body, -1) {
				if seen[m] {
					t.Fatalf("page %d repeats %s", pages, m)
				}
				seen[m] = true
			}
			if pages > 1 {
				mustContain(t, resp.body, `href="/partners?q=paging&amp;segment=leverage">First page</a>`)
			}
			next = ""
			if m := regexp.MustCompile(`href="(/partners\?[^"]*cursor=[^"]*)" rel="next"`).FindStringSubmatch(resp.body); m != nil {
				next = strings.ReplaceAll(m[1], "&amp;", "&")
				if !strings.Contains(next, "q=paging") || !strings.Contains(next, "segment=leverage") {
					t.Errorf("next link %q drops the filters", next)
				}
			}
		}
		if got, want := len(seen), len(ps); got != want {
			t.Errorf("saw %d partners over %d pages, want %d", got, pages, want)
		}
		if got, want := pages, 3; got != want {
			t.Errorf("pages = %d, want %d", got, want)
		}
	})

	t.Run("BadCursor", func(t *testing.T) {
		resp := b.get("/partners?cursor=not-a-cursor")
		if got, want := resp.status, http.StatusOK; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "This link is out of date.")
	})
}

func mustDecimal(tb testing.TB, s string) mutual.Decimal {
	tb.Helper()
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		tb.Fatalf("bad decimal %q", s)
	}
	return d
}

// TestPartnerCreate runs on SQLite and, when MUTUAL_TEST_POSTGRES is set, on PostgreSQL:
// search and conflicts come from the database.
func TestPartnerCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { testPartnerCreate(t, newAppOn(t, db)) })
}

func testPartnerCreate(t *testing.T, a *app) {
	b, _ := a.signIn(t, mutual.RoleBuyer, 0)

	t.Run("ErrTaxCodeInvalid", func(t *testing.T) {
		form := partnerForm("Công ty Cổ phần Thép Hòa Bình", "0100233480")
		form.Set("notes", "Met at the Hanoi fair")
		resp := b.post("/partners/new", form)
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		// The message sits right under the tax code input, and nothing typed is lost.
		mustContain(t, resp.body,
			`value="0100233480" inputmode="numeric" autocomplete="off" aria-invalid="true">`,
			"Not a valid Vietnamese tax code",
			`value="Công ty Cổ phần Thép Hòa Bình"`, "Met at the Hanoi fair", `value="1250000"`,
			`<option value="strategic" selected>`, `<option value="active" selected>`)
		errAt := strings.Index(resp.body, "Not a valid Vietnamese tax code")
		inputAt := strings.Index(resp.body, `id="tax_code"`)
		countryAt := strings.Index(resp.body, `id="country"`)
		if !(inputAt < errAt && errAt < countryAt) {
			t.Errorf("the tax code message is not beside its field")
		}
	})

	t.Run("ErrTaxCodeInvalidVietnamese", func(t *testing.T) {
		b.header.Set("Accept-Language", "vi")
		defer b.header.Del("Accept-Language")
		resp := b.post("/partners/new", partnerForm("Thép Hòa Bình", "0100233480"))
		mustContain(t, resp.body, "Mã số thuế không hợp lệ", "Một số trường cần được sửa.")
	})

	t.Run("ErrSeveralFields", func(t *testing.T) {
		form := url.Values{"name": {""}, "country": {"VN"}, "annual_spend.amount": {"12abc"}, "annual_spend.currency": {"VND"}, "website": {"not a site"}}
		resp := b.post("/partners/new", form)
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Name is required.", "Choose at least one role.", "Not a number.", "Not a valid web address.", `value="12abc"`)
	})

	t.Run("OK", func(t *testing.T) {
		form := partnerForm("Công ty TNHH Thiết bị Nguyễn Đức", "0100.233.488")
		form.Set("annual_spend.amount", "1,250,000")
		id := createdID(t, b.post("/partners/new", form))
		resp := b.get(fmt.Sprintf("/partners/%d", id))
		mustContain(t, resp.body, "Công ty TNHH Thiết bị Nguyễn Đức", "0100233488", "₫1,250,000", "Partner created.", "Strategic", "Active")
		again := b.get(fmt.Sprintf("/partners/%d", id))
		mustNotContain(t, again.body, "Partner created.") // the message shows once
	})

	t.Run("ErrTaxCodeTaken", func(t *testing.T) {
		resp := b.post("/partners/new", partnerForm("Another Nguyễn Đức", "0100233488"))
		if got, want := resp.status, http.StatusConflict; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "A partner with this tax code already exists.", `value="Another Nguyễn Đức"`)
	})

	t.Run("ErrViewerForbidden", func(t *testing.T) {
		vb, _ := a.signIn(t, mutual.RoleViewer, 0)
		if got, want := vb.get("/partners/new").status, http.StatusForbidden; got != want {
			t.Errorf("GET status = %d, want %d", got, want)
		}
		if got, want := vb.post("/partners/new", partnerForm("Viewer Co", "")).status, http.StatusForbidden; got != want {
			t.Errorf("POST status = %d, want %d", got, want)
		}
	})
}

func TestPartnerEdit(t *testing.T) {
	a := newApp(t)
	b, _ := a.signIn(t, mutual.RoleManager, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Hòa Phát Steel", TaxCode: taxCode(t, 1), Segment: "leverage"})
	path := fmt.Sprintf("/partners/%d/edit", p.ID)

	t.Run("Form", func(t *testing.T) {
		resp := b.get(path)
		mustContain(t, resp.body, `value="Hòa Phát Steel"`, fmt.Sprintf(`name="version" value="%d"`, p.Version), `<option value="leverage" selected>`, `<option value="VN" selected>`)
	})

	t.Run("OK", func(t *testing.T) {
		form := partnerForm("Hòa Phát Steel JSC", p.TaxCode)
		form.Del("status") // the edit form has none: the status moves with a reason
		form.Set("version", fmt.Sprint(p.Version))
		resp := b.post(path, form)
		if got, want := resp.status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
		}
		mustContain(t, b.get(fmt.Sprintf("/partners/%d", p.ID)).body, "Hòa Phát Steel JSC", "Partner saved.")
	})

	t.Run("ErrStaleVersion", func(t *testing.T) {
		cur, err := a.db.Services().Partners.FindPartnerByID(storetest.SystemContext(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Someone else saves while our user edits.
		other := "Hòa Phát Group"
		if _, err := a.db.Services().Partners.UpdatePartner(storetest.SystemContext(), p.ID, mutual.PartnerUpdate{Name: &other, Version: cur.Version}); err != nil {
			t.Fatal(err)
		}
		form := partnerForm("Hòa Phát Steel (typed)", p.TaxCode)
		form.Del("status")
		form.Set("notes", "my careful notes")
		form.Set("version", fmt.Sprint(cur.Version))
		resp := b.post(path, form)
		if got, want := resp.status, http.StatusConflict; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Someone else changed this while you were editing.",
			`value="Hòa Phát Steel (typed)"`, "my careful notes", "Saved meanwhile: Hòa Phát Group",
			fmt.Sprintf(`name="version" value="%d"`, cur.Version+1))
		saved, _ := a.db.Services().Partners.FindPartnerByID(storetest.SystemContext(), p.ID)
		if got, want := saved.Name, other; got != want {
			t.Errorf("saved name = %q, want %q: a stale form overwrote it", got, want)
		}

		// Saving again, knowing, wins.
		form.Set("version", fmt.Sprint(cur.Version+1))
		if got, want := b.post(path, form).status, http.StatusSeeOther; got != want {
			t.Fatalf("second save: status = %d, want %d", got, want)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		for _, path := range []string{"/partners/999999", "/partners/999999/edit", "/partners/abc", "/partners/0"} {
			if got, want := b.get(path).status, http.StatusNotFound; got != want {
				t.Errorf("GET %s: status = %d, want %d", path, got, want)
			}
		}
	})
}

func TestSupplierAccess(t *testing.T) {
	a := newApp(t)
	own := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Our Supplier Co", TaxCode: taxCode(t, 10)})
	other := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Their Competitor Co", TaxCode: taxCode(t, 20)})
	c := &mutual.Contact{PartnerID: other.ID, Name: "Secret Person"}
	if err := a.db.Services().Contacts.CreateContact(storetest.SystemContext(), c); err != nil {
		t.Fatal(err)
	}
	b, _ := a.signIn(t, mutual.RoleSupplier, own.ID)

	t.Run("HomeIsPortal", func(t *testing.T) {
		resp := b.get("/")
		if got, want := resp.header.Get("Location"), "/portal"; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
		page := b.get(fmt.Sprintf("/partners/%d", own.ID))
		mustContain(t, page.body, "Our Supplier Co", "Our company", "Add contact")
		mustNotContain(t, page.body, "Edit partner", `href="/partners/new"`, `href="/partners"`)
	})

	t.Run("ErrOtherPartnerNotFound", func(t *testing.T) {
		for _, path := range []string{
			fmt.Sprintf("/partners/%d", other.ID),
			fmt.Sprintf("/partners/%d/contacts/new", other.ID),
			fmt.Sprintf("/partners/%d/contacts/%d/edit", other.ID, c.ID),
			fmt.Sprintf("/partners/%d/contacts/%d/edit", own.ID, c.ID),
		} {
			resp := b.get(path)
			if got, want := resp.status, http.StatusNotFound; got != want {
				t.Errorf("GET %s: status = %d, want %d", path, got, want)
			}
			mustNotContain(t, resp.body, "Their Competitor Co", "Secret Person")
		}
		resp := b.post(fmt.Sprintf("/partners/%d/contacts/%d/delete", other.ID, c.ID), url.Values{})
		if got, want := resp.status, http.StatusNotFound; got != want {
			t.Errorf("delete: status = %d, want %d", got, want)
		}
		list := b.get("/partners?q=competitor")
		mustNotContain(t, list.body, "Their Competitor Co")
	})

	t.Run("ErrCannotEditPartner", func(t *testing.T) {
		for _, path := range []string{fmt.Sprintf("/partners/%d/edit", own.ID), "/partners/new", "/partners/import"} {
			if got, want := b.get(path).status, http.StatusForbidden; got != want {
				t.Errorf("GET %s: status = %d, want %d", path, got, want)
			}
		}
	})

	t.Run("EditsOwnContacts", func(t *testing.T) {
		resp := b.post(fmt.Sprintf("/partners/%d/contacts/new", own.ID), url.Values{"name": {"Trần Thị Mai"}, "role": {"account_executive"}, "email": {"mai@supplier.example"}})
		if got, want := resp.status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
		}
		mustContain(t, b.get(fmt.Sprintf("/partners/%d", own.ID)).body, "Trần Thị Mai", "Account executive", "mai@supplier.example")
	})
}

func TestContacts(t *testing.T) {
	a := newApp(t)
	b, _ := a.signIn(t, mutual.RoleBuyer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Vinamilk Packaging"})
	base := fmt.Sprintf("/partners/%d/contacts", p.ID)

	t.Run("ErrInvalid", func(t *testing.T) {
		resp := b.post(base+"/new", url.Values{"name": {"Lê Văn Hùng"}, "email": {"not-an-email"}, "notes": {"call after 3pm"}})
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Not a valid email address.", `value="Lê Văn Hùng"`, `value="not-an-email"`, "call after 3pm")
	})

	var c *mutual.Contact
	t.Run("Create", func(t *testing.T) {
		resp := b.post(base+"/new", url.Values{"name": {"Lê Văn Hùng"}, "title": {"Giám đốc kinh doanh"}, "email": {"hung@vinamilk.example"}, "primary": {"true"}})
		if got, want := resp.status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
		}
		got, err := a.db.Services().Contacts.FindContacts(storetest.SystemContext(), p.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("contacts = %v, %v", got, err)
		}
		c = got[0]
		mustContain(t, b.get(fmt.Sprintf("/partners/%d", p.ID)).body, "Lê Văn Hùng", "Giám đốc kinh doanh", "Primary", "Contact saved.")
	})

	t.Run("EditStale", func(t *testing.T) {
		edit := fmt.Sprintf("%s/%d/edit", base, c.ID)
		mustContain(t, b.get(edit).body, `value="Lê Văn Hùng"`)
		phone := "028 1234 5678"
		if _, err := a.db.Services().Contacts.UpdateContact(storetest.SystemContext(), c.ID, mutual.ContactUpdate{Phone: &phone, Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		resp := b.post(edit, url.Values{"name": {"Lê Văn Hùng (typed)"}, "version": {fmt.Sprint(c.Version)}})
		if got, want := resp.status, http.StatusConflict; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Someone else changed this", `value="Lê Văn Hùng (typed)"`, "Saved meanwhile: 028 1234 5678")
	})

	t.Run("Delete", func(t *testing.T) {
		cur, _ := a.db.Services().Contacts.FindContactByID(storetest.SystemContext(), c.ID)
		stale := b.post(fmt.Sprintf("%s/%d/delete", base, c.ID), url.Values{"version": {fmt.Sprint(cur.Version - 1)}})
		if got, want := stale.status, http.StatusSeeOther; got != want {
			t.Fatalf("stale delete: status = %d, want %d", got, want)
		}
		mustContain(t, b.get(fmt.Sprintf("/partners/%d", p.ID)).body, "Lê Văn Hùng", "so it was not deleted")
		resp := b.post(fmt.Sprintf("%s/%d/delete", base, c.ID), url.Values{"version": {fmt.Sprint(cur.Version)}})
		if got, want := resp.status, http.StatusSeeOther; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		page := b.get(fmt.Sprintf("/partners/%d", p.ID))
		mustContain(t, page.body, "Contact deleted.")
		mustNotContain(t, page.body, "Lê Văn Hùng")
	})
}
