package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func dateIn(days int) mutual.Date { return mutual.DateOf(time.Now().AddDate(0, 0, days), hcm) }

// mustCommit creates a commitment as u.
func mustCommit(tb testing.TB, a *app, u *mutual.User, c *mutual.Commitment) *mutual.Commitment {
	tb.Helper()
	if err := a.db.Services().Commitments.CreateCommitment(storetest.Context(u), c); err != nil {
		tb.Fatalf("create commitment: %v", err)
	}
	return c
}

func TestCommitments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		b, buyer := a.signIn(t, mutual.RoleBuyer, 0)
		p := relPartner(t, a, "Vinamilk")
		base := fmt.Sprintf("/partners/%d", p.ID)

		t.Run("Add", func(t *testing.T) {
			form := url.Values{"title": {"Send the audit report"}, "side": {"ours"}, "owner": {"u:" + buyer.ID.String()},
				"due_on": {dateIn(30).String()}}
			if resp := b.post(base+"/commitments/new", form); resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			mustContain(t, b.get(base).body, "Commitment added.", "Send the audit report", buyer.Name)
		})

		t.Run("ErrOwnerSide", func(t *testing.T) {
			form := url.Values{"title": {"Deliver samples"}, "side": {"ours"}, "owner": {"c:" + p.Contacts[0].ID.String()}, "due_on": {""}}
			resp := b.post(base+"/commitments/new", form)
			if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Our commitments are owned by one of our users.", "Due date is required.", `value="Deliver samples"`,
				`<option value="c:`+p.Contacts[0].ID.String()+`" selected>`)
			if strings.Index(resp.body, "Our commitments are owned") < strings.Index(resp.body, `id="owner"`) {
				t.Errorf("the owner message is not under the owner field")
			}
		})

		t.Run("OrderAndDone", func(t *testing.T) {
			soon := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Confirm the forecast", Side: "ours", OwnerUserID: buyer.ID, DueOn: dateIn(3)})
			missed := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Return the pallets", Side: "theirs", OwnerContactID: p.Contacts[1].ID, DueOn: dateIn(-4)})
			page := b.get(base)
			mustContain(t, page.body, `commitment commitment-open due-soon`, `commitment commitment-missed`, `class="badge cstatus-missed">Missed`)
			if !(strings.Index(page.body, "Confirm the forecast") < strings.Index(page.body, "Send the audit report") &&
				strings.Index(page.body, "Send the audit report") < strings.Index(page.body, "Return the pallets")) {
				t.Errorf("open commitments do not come first, by due date")
			}
			action := fmt.Sprintf("%s/commitments/%d", base, soon.ID)
			if resp := b.post(action+"/done", url.Values{"version": {"1"}, "next": {base}}); resp.status != http.StatusSeeOther || resp.header.Get("Location") != base {
				t.Fatalf("done: status %d, Location %q", resp.status, resp.header.Get("Location"))
			}
			mustContain(t, b.get(base).body, "Commitment marked done.", `class="badge cstatus-done">Done`)
			// A version that is not one is never taken for "no check".
			if resp := b.post(fmt.Sprintf("%s/commitments/%d/cancel", base, missed.ID), url.Values{"version": {"x1"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("garbled version: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "Someone else changed this commitment meanwhile", `class="badge cstatus-missed">Missed`)
			if resp := b.post(action+"/cancel", url.Values{"version": {"1"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("stale cancel: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "Someone else changed this commitment meanwhile")
			if resp := b.post(fmt.Sprintf("%s/commitments/%d/cancel", base, missed.ID), url.Values{"version": {"1"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("cancel: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "Commitment cancelled.", `class="badge cstatus-cancelled">Cancelled`)
		})

		t.Run("Mine", func(t *testing.T) {
			other := relPartner(t, a, "Trung Nguyên Coffee")
			mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: other.ID, Title: "Taste the new blend", Side: "ours", OwnerUserID: buyer.ID, DueOn: dateIn(10)})
			mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: other.ID, Title: "Not mine", Side: "theirs", OwnerContactID: other.Contacts[0].ID, DueOn: dateIn(10)})
			resp := b.get("/commitments")
			mustContain(t, resp.body, "My commitments", "Taste the new blend", "Trung Nguyên Coffee", "Vinamilk", "Send the audit report",
				`href="/commitments" aria-current="page"`)
			mustNotContain(t, resp.body, "Not mine", "Return the pallets")
			if strings.Index(resp.body, "Taste the new blend") > strings.Index(resp.body, "Confirm the forecast") {
				t.Errorf("open commitments do not come before done ones")
			}
			resp = b.get("/commitments?status=done")
			mustContain(t, resp.body, "Confirm the forecast")
			mustNotContain(t, resp.body, "Taste the new blend")
		})
	})
}

// TestSupplierCommitments: a supplier user sees its partner's commitments,
// both sides, may mark only theirs done, and sees nothing of the timeline
// or the cadence.
func TestSupplierCommitments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		_, buyer := a.signIn(t, mutual.RoleBuyer, 0)
		p := relPartner(t, a, "Bibica")
		sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
		base := fmt.Sprintf("/partners/%d", p.ID)
		in := &mutual.Interaction{PartnerID: p.ID, Kind: "call", OccurredAt: time.Now().Add(-time.Hour), Subject: "Secret internal call"}
		if err := a.db.Services().Interactions.CreateInteraction(storetest.Context(buyer), in); err != nil {
			t.Fatal(err)
		}
		ours := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Pay the March invoice", Side: "ours", OwnerUserID: buyer.ID, DueOn: dateIn(5)})
		theirs := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Send the ISO certificate", Side: "theirs", OwnerContactID: p.Contacts[0].ID, DueOn: dateIn(9)})

		page := sb.get(base)
		mustContain(t, page.body, "Pay the March invoice", "Send the ISO certificate", fmt.Sprintf(`action="%s/commitments/%d/done"`, base, theirs.ID))
		mustNotContain(t, page.body, `id="timeline"`, `id="cadence"`, "Secret internal call", "Follow-through", "Log interaction",
			fmt.Sprintf(`action="%s/commitments/%d/done"`, base, ours.ID), "/cancel", "Add commitment", `href="/commitments"`)

		if got, want := sb.post(fmt.Sprintf("%s/commitments/%d/done", base, ours.ID), url.Values{"version": {"1"}}).status, http.StatusForbidden; got != want {
			t.Errorf("marking ours done: status = %d, want %d", got, want)
		}
		if got, want := sb.post(fmt.Sprintf("%s/commitments/%d/cancel", base, theirs.ID), url.Values{"version": {"1"}}).status, http.StatusForbidden; got != want {
			t.Errorf("cancelling: status = %d, want %d", got, want)
		}
		if resp := sb.post(fmt.Sprintf("%s/commitments/%d/done", base, theirs.ID), url.Values{"version": {"1"}}); resp.status != http.StatusSeeOther {
			t.Fatalf("marking theirs done: status %d", resp.status)
		}
		mustContain(t, sb.get(base).body, "Commitment marked done.", `class="badge cstatus-done">Done`)

		for _, tt := range []struct{ method, path string }{
			{"GET", base + "/interactions/new"},
			{"GET", base + "/interactions/new?planned=1"},
			{"POST", base + "/interactions/new"},
			{"GET", fmt.Sprintf("%s/interactions/%d/edit", base, in.ID)},
			{"POST", fmt.Sprintf("%s/interactions/%d/edit", base, in.ID)},
			{"POST", fmt.Sprintf("%s/interactions/%d/cancel", base, in.ID)},
			{"GET", base + "/cadence"},
			{"POST", base + "/cadence"},
		} {
			var resp response
			if tt.method == "GET" {
				resp = sb.get(tt.path)
			} else {
				resp = sb.post(tt.path, interactionForm(time.Now().Add(-time.Hour)))
			}
			if got, want := resp.status, http.StatusNotFound; got != want {
				t.Errorf("%s %s: status = %d, want %d", tt.method, tt.path, got, want)
			}
		}
		// The buying side's lists send supplier users to their portal.
		for _, path := range []string{"/commitments", "/cadences"} {
			if resp := sb.get(path); resp.status != http.StatusSeeOther || resp.header.Get("Location") != "/portal" {
				t.Errorf("GET %s: status %d Location %q, want the portal", path, resp.status, resp.header.Get("Location"))
			}
		}
	})
}

// TestViewerReadsOnly: a viewer sees the timeline, cadence and commitments
// without any button that writes, and is refused every write.
func TestViewerReadsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		_, buyer := a.signIn(t, mutual.RoleBuyer, 0)
		vb, _ := a.signIn(t, mutual.RoleViewer, 0)
		p := relPartner(t, a, "Sabeco")
		base := fmt.Sprintf("/partners/%d", p.ID)
		in := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", Status: "planned", OccurredAt: time.Now().Add(48 * time.Hour), Subject: "Tết volumes"}
		if err := a.db.Services().Interactions.CreateInteraction(storetest.Context(buyer), in); err != nil {
			t.Fatal(err)
		}
		c := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Share the promotion plan", Side: "ours", OwnerUserID: buyer.ID, DueOn: dateIn(5)})

		page := vb.get(base)
		mustContain(t, page.body, `id="timeline"`, "Tết volumes", `id="cadence"`, "Follow-through", "Share the promotion plan", `href="/commitments"`)
		mustNotContain(t, page.body, "Log interaction", "Plan meeting", "Mark done", "/cancel", "/done", "Change cadence", "Add commitment",
			`/edit"`, `href="/cadences"`)

		for _, path := range []string{base + "/interactions/new", fmt.Sprintf("%s/interactions/%d/edit", base, in.ID), base + "/commitments/new", base + "/cadence"} {
			if got, want := vb.get(path).status, http.StatusForbidden; got != want {
				t.Errorf("GET %s: status = %d, want %d", path, got, want)
			}
		}
		for _, tt := range []struct {
			path string
			form url.Values
		}{
			{base + "/interactions/new", interactionForm(time.Now().Add(-time.Hour))},
			{fmt.Sprintf("%s/interactions/%d/edit", base, in.ID), interactionForm(time.Now().Add(-time.Hour))},
			{fmt.Sprintf("%s/interactions/%d/cancel", base, in.ID), url.Values{"version": {"1"}}},
			{base + "/commitments/new", url.Values{"title": {"x"}, "side": {"ours"}, "due_on": {dateIn(3).String()}}},
			{fmt.Sprintf("%s/commitments/%d/done", base, c.ID), url.Values{"version": {"1"}}},
			{fmt.Sprintf("%s/commitments/%d/cancel", base, c.ID), url.Values{"version": {"1"}}},
			{base + "/cadence", url.Values{"any_days": {"7"}}},
			{"/cadences/strategic", url.Values{"any_days": {"7"}, "version": {"1"}}},
		} {
			if got, want := vb.post(tt.path, tt.form).status, http.StatusForbidden; got != want {
				t.Errorf("POST %s: status = %d, want %d", tt.path, got, want)
			}
		}
		if got, want := vb.get("/cadences").status, http.StatusOK; got != want {
			t.Errorf("GET /cadences: status = %d, want %d", got, want)
		}
	})
}
