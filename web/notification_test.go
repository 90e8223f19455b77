package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestHomeNotifications: the buying side sees its unread notifications on
// the home page, such as a supplier's counter-offer, and marks them read.
func TestHomeNotifications(t *testing.T) {
	a := newApp(t)
	br, buyer := a.signIn(t, mutual.RoleBuyer, 0)
	mustNotContain(t, br.get("/").body, `id="notifications"`)

	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Nhựa Bình Minh", TaxCode: taxCode(t, 41), Status: "active"})
	supplier, _ := storetest.MustCreateUser(t, a.db, mutual.RoleSupplier, p.ID)
	svc := a.db.Services()
	n := &mutual.Negotiation{PartnerID: p.ID, Title: "PVC pipes 2027", Currency: "VND",
		Lines: []mutual.NegotiationLine{{Item: "PVC-90", Quantity: mustDecimal(t, "1000"), Unit: "m"}}}
	if err := svc.Negotiations.CreateNegotiation(storetest.Context(buyer), n); err != nil {
		t.Fatal(err)
	}
	offer := func(u *mutual.User, price string) {
		t.Helper()
		if _, err := svc.Negotiations.AddRound(storetest.Context(u), n.ID, &mutual.Round{Lines: []mutual.RoundLine{
			{LineID: n.Lines[0].ID, UnitPrice: mutual.Money{Amount: mustDecimal(t, price), Currency: "VND"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	offer(buyer, "45000")
	offer(supplier, "48000")

	home := br.get("/")
	mustContain(t, home.body, `id="notifications"`, "Negotiation update: PVC pipes 2027", `href="/negotiations/`+n.ID.String()+`"`, "Mark all as read")
	mustContain(t, br.get("/?lang=vi").body, "Cập nhật đàm phán: PVC pipes 2027")

	ns, _, err := svc.Notifications.FindNotifications(storetest.Context(buyer), mutual.NotificationFilter{UnreadOnly: true})
	if err != nil || len(ns) != 1 {
		t.Fatalf("unread %v %v", ns, err)
	}
	resp := br.post("/notifications/read", url.Values{"up_to": {ns[0].ID.String()}})
	if resp.status != http.StatusSeeOther || resp.header.Get("Location") != "/" {
		t.Fatalf("mark read: status %d, Location %q", resp.status, resp.header.Get("Location"))
	}
	home = br.get("/")
	mustContain(t, home.body, "Notifications marked as read.")
	mustNotContain(t, home.body, `id="notifications"`)
	if resp := br.post("/notifications/read", url.Values{"up_to": {"abc"}}); resp.status != http.StatusBadRequest {
		t.Errorf("bad up_to: status %d", resp.status)
	}
}
