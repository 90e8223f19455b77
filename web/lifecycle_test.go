package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func statusForm(status, reason string, version int) url.Values {
	return url.Values{"status": {status}, "reason": {reason}, "version": {fmt.Sprint(version)}}
}

// TestPartnerLifecycle moves a partner along its life cycle from its page:
// the page offers only the moves allowed, wants a reason, refuses other
// moves in the user's language with the form shown again, and lists the
// moves made.
func TestPartnerLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		b, mgr := a.signIn(t, mutual.RoleManager, 0)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Nhựa Tiền Phong", TaxCode: taxCode(t, 7)})
		page := "/partners/" + p.ID.String()
		action := page + "/status"

		t.Run("OffersTheMovesAllowed", func(t *testing.T) {
			resp := b.get(page)
			mustContain(t, resp.body, `id="lifecycle"`, "Life cycle", `action="`+action+`"`, `name="status" value="onboarding"`, "Move to Onboarding",
				"No move yet.", "Created as Prospect on")
			mustNotContain(t, resp.body, `name="status" value="active"`, `name="status" value="offboarded"`)
		})

		t.Run("ErrReasonMissing", func(t *testing.T) {
			resp := b.post(action, statusForm("onboarding", "  ", 1))
			if resp.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.status)
			}
			mustContain(t, resp.body, "Say why the partner&#39;s status changes.", `<details class="inline-edit" open>`, `id="lifecycle"`, "Nhựa Tiền Phong")
			if got, _ := db.Services().Partners.FindPartnerByID(storetest.SystemContext(), p.ID); got.Status != "prospect" {
				t.Errorf("status moved to %q without a reason", got.Status)
			}
		})

		t.Run("ErrReasonMissingVietnamese", func(t *testing.T) {
			b.header.Set("Accept-Language", "vi")
			defer b.header.Del("Accept-Language")
			resp := b.post(action, statusForm("onboarding", "", 1))
			mustContain(t, resp.body, "Vui lòng nêu lý do đổi trạng thái của đối tác.", "Vòng đời đối tác", "Chuyển sang Đang tiếp nhận")
		})

		t.Run("OK", func(t *testing.T) {
			mustRedirect(t, b.post(action, statusForm("onboarding", "NDA signed,\nsupplier audit booked", 1)), page+"#lifecycle")
			resp := b.get(page)
			mustContain(t, resp.body, "Status changed.", `<span class="badge status-onboarding">Onboarding</span>`,
				"NDA signed,\nsupplier audit booked", "by "+mgr.Name, "Created as Prospect on", `name="status" value="active"`, `name="version" value="2"`)
			mustNotContain(t, resp.body, "No move yet.", `name="status" value="onboarding"`)
		})

		t.Run("ErrMoveNotAllowed", func(t *testing.T) {
			resp := b.post(action, statusForm("offboarded", "Never mind", 2))
			if resp.status != http.StatusConflict {
				t.Fatalf("status %d", resp.status)
			}
			mustContain(t, resp.body, "The status was not changed.", "A partner that is Onboarding cannot move to Offboarded.", ">\nNever mind</textarea>")
			b.header.Set("Accept-Language", "vi")
			defer b.header.Del("Accept-Language")
			resp = b.post(action, statusForm("onboarding", "Again", 2))
			mustContain(t, resp.body, "Trạng thái chưa được thay đổi.", "Đối tác đã ở trạng thái Đang tiếp nhận.")
		})

		t.Run("ErrStale", func(t *testing.T) {
			resp := b.post(action, statusForm("active", "Qualified", 1))
			if resp.status != http.StatusConflict { // as every form of the pages answers a stale version
				t.Fatalf("status %d", resp.status)
			}
			mustContain(t, resp.body, "Someone else changed this partner meanwhile", `name="version" value="2"`, ">\nQualified</textarea>")
		})

		t.Run("ViewerReadsOnly", func(t *testing.T) {
			vb, _ := a.signIn(t, mutual.RoleViewer, 0)
			resp := vb.get(page)
			mustContain(t, resp.body, `id="lifecycle"`, "NDA signed")
			mustNotContain(t, resp.body, `action="`+action+`"`)
			if got := vb.post(action, statusForm("active", "x", 2)).status; got != http.StatusForbidden {
				t.Errorf("viewer moves: status %d", got)
			}
		})

		t.Run("SupplierSeesNoHistory", func(t *testing.T) {
			sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
			resp := sb.get(page)
			mustNotContain(t, resp.body, `id="lifecycle"`, "NDA signed", `action="`+action+`"`)
			if got := sb.post(action, statusForm("active", "x", 2)).status; got != http.StatusForbidden {
				t.Errorf("own supplier user moves: status %d", got)
			}
		})

		t.Run("EditFormKeepsTheStatus", func(t *testing.T) {
			edit := page + "/edit"
			form := b.get(edit)
			mustContain(t, form.body, `<span class="badge status-onboarding">Onboarding</span>`, `href="`+page+`#lifecycle"`, "The status changes on the partner&#39;s page, with a reason.")
			mustNotContain(t, form.body, `<select id="status"`)
			// An old copy of the form that still sends a status.
			old := partnerForm("Nhựa Tiền Phong", p.TaxCode)
			old.Set("version", "2")
			resp := b.post(edit, old)
			if resp.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.status)
			}
			mustContain(t, resp.body, "POST /api/v1/partners/{id}/status")
			old.Set("status", "onboarding")
			mustRedirect(t, b.post(edit, old), page)
			if got, _ := db.Services().Partners.FindPartnerByID(storetest.SystemContext(), p.ID); got.Status != "onboarding" {
				t.Errorf("status = %q after an edit", got.Status)
			}
		})

		t.Run("CreateSetsTheInitialStatus", func(t *testing.T) {
			mustContain(t, b.get("/partners/new").body, `<select id="status" name="status"`)
			loc := mustRedirect(t, b.post("/partners/new", partnerForm("Imported Active Supplier", taxCode(t, 8))), "/partners/")
			mustContain(t, b.get(loc).body, `<span class="badge status-active">Active</span>`, "Created as Active on", `name="status" value="suspended"`)
		})
	})
}

// TestLifecycleCatalog checks that every lifecycle message the pages name
// is in the catalog, in both languages.
func TestLifecycleCatalog(t *testing.T) {
	found := 0
	for _, f := range []string{"lifecycle.go", "partner_form.go", "templates/lifecycle_parts.html", "templates/partner_form.html", "templates/event_award.html", "award_result.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(b), `"`)[1:] {
			if (strings.HasPrefix(part, "lifecycle.") || strings.HasPrefix(part, "award.")) && !strings.ContainsAny(part, " {}") {
				found++
				if !i18n.Has(part) {
					t.Errorf("%s: no message %q", f, part)
				}
			}
		}
	}
	if found < 20 {
		t.Errorf("found only %d keys; is the pattern broken?", found)
	}
}
