package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// giftForm is a valid declaration of a meal given yesterday.
func giftForm(amount, currency string) url.Values {
	return url.Values{"direction": {"given"}, "kind": {"meal"}, "description": {"Dinner after the plant audit"},
		"value.amount": {amount}, "value.currency": {currency}, "occurred_on": {dateIn(-1).String()}}
}

func TestGifts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		b, buyer := a.signIn(t, mutual.RoleBuyer, 0)
		mb, manager := a.signIn(t, mutual.RoleManager, 0)
		p := relPartner(t, a, "Vinamilk")
		other := relPartner(t, a, "Masan")
		base := fmt.Sprintf("/partners/%d", p.ID)

		t.Run("Declare", func(t *testing.T) {
			page := b.get(base)
			mustContain(t, page.body, "Gifts and hospitality", `href="`+base+`/gifts/new"`, `href="/gifts"`, "Nothing declared.")
			form := b.get(base + "/gifts/new")
			mustContain(t, form.body, "Declare a gift or hospitality", `name="our_people" value="`+buyer.ID.String()+`" checked`,
				`name="their_people" value="`+p.Contacts[0].ID.String()+`"`, "500,000")
			f := giftForm("450,000", "VND")
			f["their_people"] = []string{p.Contacts[0].ID.String()}
			if resp := b.post(base+"/gifts/new", f); resp.status != http.StatusSeeOther || resp.header.Get("Location") != base+"#gifts" {
				t.Fatalf("status %d, Location %q\n%s", resp.status, resp.header.Get("Location"), resp.body)
			}
			page = b.get(base)
			mustContain(t, page.body, "Declared and approved", "Dinner after the plant audit", `gstatus-approved">Approved`, "450,000")
			if resp := b.post(base+"/gifts/new", giftForm("2000000", "VND")); resp.status != http.StatusSeeOther {
				t.Fatalf("above: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "waits for a manager", `gstatus-declared">Awaiting approval`, "2,450,000")
		})

		t.Run("ErrFields", func(t *testing.T) {
			resp := b.post(base+"/gifts/new", giftForm("abc", "VND"))
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Not a number.", `value="abc"`, "Dinner after the plant audit</textarea>")
			if strings.Index(resp.body, "Not a number.") < strings.Index(resp.body, `id="value_amount"`) {
				t.Errorf("the message is not under the value field")
			}
			f := giftForm("100", "XYZ")
			f["their_people"] = []string{other.Contacts[0].ID.String()}
			f.Set("description", "")
			resp = b.post(base+"/gifts/new", f)
			mustContain(t, resp.body, "Unknown currency code", "Their people must be contacts of this partner.", "Describe what was given or received.")
		})

		t.Run("Decide", func(t *testing.T) {
			mine := &mutual.Gift{PartnerID: p.ID, Direction: "received", Kind: "event", Description: "Concert tickets", Value: mutual.Money{Currency: "USD"}, OccurredOn: dateIn(-3)}
			mine.Value.Amount, _ = mutual.ParseDecimal("300")
			if err := db.Services().Gifts.DeclareGift(storetest.Context(manager), mine); err != nil || mine.Status != "declared" {
				t.Fatalf("declare: %s %v", mine.Status, err)
			}
			queue := mb.get("/gifts?status=declared")
			mustContain(t, queue.body, "Gifts and hospitality register", "Dinner after the plant audit", "Concert tickets", "Vinamilk", "declared by "+buyer.Name)
			if n := strings.Count(queue.body, `/approve"`); n != 1 {
				t.Errorf("%d approve forms, want 1 (not on one's own declaration)", n)
			}
			mustNotContain(t, b.get("/gifts?status=declared").body, `/approve"`)
			list, _, _ := db.Services().Gifts.FindGifts(storetest.Context(manager), mutual.GiftFilter{Status: "declared", PartnerID: p.ID})
			var theirs *mutual.Gift
			for _, g := range list {
				if g.DeclaredBy == buyer.ID {
					theirs = g
				}
			}
			action := fmt.Sprintf("%s/gifts/%d", base, theirs.ID)
			if resp := mb.post(action+"/reject", url.Values{"version": {"1"}, "next": {"/gifts?status=declared"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("reject without note: %d", resp.status)
			}
			mustContain(t, mb.get("/gifts?status=declared").body, "Write a note to say why")
			if resp := mb.post(action+"/approve", url.Values{"version": {"1"}, "note": {"Annual audit, fine"}, "next": {"/gifts"}}); resp.status != http.StatusSeeOther || resp.header.Get("Location") != "/gifts" {
				t.Fatalf("approve: %d %q", resp.status, resp.header.Get("Location"))
			}
			all := mb.get("/gifts")
			mustContain(t, all.body, "Gift approved.", "Annual audit, fine")
			if resp := mb.post(action+"/reject", url.Values{"version": {"1"}, "note": {"No"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("second decision: %d", resp.status)
			}
			mustContain(t, mb.get("/gifts").body, "Someone else decided on this gift meanwhile")
			if resp := b.post(fmt.Sprintf("%s/gifts/%d/approve", base, mine.ID), url.Values{"version": {"1"}}); resp.status != http.StatusForbidden {
				t.Errorf("buyer approves: %d", resp.status)
			}
		})

		t.Run("Policy", func(t *testing.T) {
			mustNotContain(t, b.get("/gift-policy").body, `<form class="form" method="post" action="/gift-policy"`)
			if resp := b.post("/gift-policy", url.Values{"base_currency": {"VND"}}); resp.status != http.StatusForbidden {
				t.Errorf("buyer saves: %d", resp.status)
			}
			ab, _ := a.signIn(t, mutual.RoleAdmin, 0)
			page := ab.get("/gift-policy")
			mustContain(t, page.body, `action="/gift-policy"`, `value="500000"`, "USD = 25400")
			resp := ab.post("/gift-policy", url.Values{"version": {"1"}, "base_currency": {"VND"}, "item_threshold.amount": {"x"},
				"yearly_threshold.amount": {"3000000"}, "rates": {"USD = 26000\nXYZ = 5"}})
			if resp.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad policy: %d", resp.status)
			}
			mustContain(t, resp.body, "Not a number.", "XYZ: Unknown currency code")
			resp = ab.post("/gift-policy", url.Values{"version": {"1"}, "base_currency": {"VND"}, "item_threshold.amount": {"1000000"},
				"yearly_threshold.amount": {"3000000"}, "rates": {"USD = 26000\nTHB=720"}})
			if resp.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", resp.status, resp.body)
			}
			mustContain(t, ab.get("/gift-policy").body, "Gift policy saved.", "THB = 720", `value="1000000"`)
			resp = ab.post("/gift-policy", url.Values{"version": {"1"}, "base_currency": {"VND"}, "item_threshold.amount": {"1"},
				"yearly_threshold.amount": {"1"}, "rates": {""}})
			if resp.status != http.StatusConflict {
				t.Errorf("stale save: %d", resp.status)
			}
		})

		t.Run("Vietnamese", func(t *testing.T) {
			vb, _ := a.signIn(t, mutual.RoleBuyer, 0)
			vb.post("/locale", url.Values{"lang": {"vi"}, "next": {"/"}})
			mustContain(t, vb.get(base).body, "Quà tặng và tiếp khách", "Khai báo")
			mustContain(t, vb.get("/gifts").body, "Sổ đăng ký quà tặng và tiếp khách", "Chờ phê duyệt")
			resp := vb.post(base+"/gifts/new", giftForm("abc", "VND"))
			mustContain(t, resp.body, "Không phải là số.")
		})

		t.Run("SupplierSeesNothing", func(t *testing.T) {
			sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
			page := sb.get(base)
			if page.status != http.StatusOK {
				t.Fatalf("own partner page: %d", page.status)
			}
			mustNotContain(t, page.body, "Gifts and hospitality", "Dinner after the plant audit", `href="/gifts"`)
			for _, path := range []string{base + "/gifts/new"} {
				if resp := sb.get(path); resp.status != http.StatusNotFound {
					t.Errorf("GET %s: %d", path, resp.status)
				}
			}
			for _, path := range []string{"/gifts", "/gifts?status=declared", "/gift-policy"} {
				if resp := sb.get(path); resp.status != http.StatusSeeOther || resp.header.Get("Location") != "/portal" {
					t.Errorf("GET %s: %d %s, want the portal", path, resp.status, resp.header.Get("Location"))
				}
			}
			if resp := sb.post(base+"/gifts/new", giftForm("1", "VND")); resp.status != http.StatusNotFound {
				t.Errorf("declare: %d", resp.status)
			}
		})
	})
}

// TestGiftCatalog checks that every gift message the pages name exists,
// and every direction, kind and status has a label.
func TestGiftCatalog(t *testing.T) {
	for kind, values := range map[string][]string{
		"gift_direction": mutual.GiftDirections,
		"gift_kind":      mutual.GiftKinds,
		"gift_status":    mutual.GiftStatuses,
	} {
		for _, v := range values {
			if !i18n.Has(kind + "." + v) {
				t.Errorf("no label for %s %q", kind, v)
			}
		}
	}
	for _, key := range []string{"nav.gifts", "gift.title", "gift.declare", "gift.new_title", "gift.policy_hint", "gift.direction", "gift.kind",
		"gift.description", "gift.value", "gift.currency", "gift.occurred_on", "gift.people", "gift.our_people", "gift.their_people", "gift.status",
		"gift.year", "gift.none", "gift.all_entries", "gift.declared_by", "gift.note", "gift.approve", "gift.reject", "gifts.title", "gifts.subtitle",
		"gifts.all", "gifts.queue", "gift_policy.title", "gift_policy.subtitle", "gift_policy.base_currency", "gift_policy.item_threshold",
		"gift_policy.yearly_threshold", "gift_policy.rates", "gift_policy.rates_hint", "flash.gift_approved", "flash.gift_declared",
		"flash.gift_decided_approved", "flash.gift_decided_rejected", "flash.gift_note_required", "flash.gift_stale", "flash.gift_policy_saved"} {
		if !i18n.Has(key) {
			t.Errorf("no message %q", key)
		}
	}
	if got, want := i18n.T("vi", "gifts.title"), "Sổ đăng ký quà tặng và tiếp khách"; got != want {
		t.Errorf("vi register = %q, want the glossary's %q", got, want)
	}
}
