package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
	"github.com/mutualsrm/mutual/web"
)

func TestCalendarPage(t *testing.T) {
	a := newApp(t)
	b, u := a.signIn(t, mutual.RoleBuyer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Hòa Phát", Segment: "strategic", Status: "active", OwnerID: u.ID})
	plan := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", Status: "planned", OccurredAt: time.Now().Add(48 * time.Hour), Subject: "Quarterly review", OurAttendees: []mutual.ID{u.ID}}
	if err := a.db.Services().Interactions.CreateInteraction(storetest.Context(u), plan); err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.get("/calendar").body, "Create feed address")
	resp := b.post("/calendar", url.Values{})
	mustContain(t, resp.body, "/api/v1/calendar/", ".ics", "shown only once")
	mustContain(t, b.get("/calendar").body, "Revoke", "Make a new address")
	ics := b.get("/partners/" + p.ID.String() + "/interactions/" + plan.ID.String() + "/ics")
	if !strings.Contains(ics.body, "BEGIN:VEVENT") || !strings.Contains(ics.body, "Quarterly review — Hòa Phát") {
		t.Errorf("ics download:\n%s", ics.body)
	}
	mustContain(t, b.get("/partners/"+p.ID.String()).body, "/interactions/"+plan.ID.String()+"/ics")
	b.post("/calendar/revoke", url.Values{})
	mustContain(t, b.get("/calendar").body, "You have no calendar feed.")

	sup, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
	if resp := sup.get("/calendar"); resp.status != 303 || resp.header.Get("Location") != "/portal" {
		t.Errorf("supplier /calendar = %d %s, want the portal", resp.status, resp.header.Get("Location"))
	}
	if resp := sup.post("/calendar", url.Values{}); resp.status != 404 {
		t.Errorf("supplier POST /calendar = %d", resp.status)
	}
	if resp := sup.get("/partners/" + p.ID.String() + "/interactions/" + plan.ID.String() + "/ics"); resp.status != 404 {
		t.Errorf("supplier ics = %d", resp.status)
	}
}

// TestCalendarPage_PublicURL holds that the feed address starts with the
// configured public URL, and that a page opened for another host (a
// forged Host header) makes no address.
func TestCalendarPage_PublicURL(t *testing.T) {
	public, err := mutual.ParsePublicURL("https://srm.example.com")
	if err != nil {
		t.Fatal(err)
	}
	a := newAppWith(t, storetest.MustOpen(t), func(o *web.Options) { o.PublicURL = public })
	b, u := a.signIn(t, mutual.RoleBuyer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Hòa Phát", Status: "active", OwnerID: u.ID})
	plan := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", Status: "planned", OccurredAt: time.Now().Add(48 * time.Hour), Subject: "Quarterly review", OurAttendees: []mutual.ID{u.ID}}
	if err := a.db.Services().Interactions.CreateInteraction(storetest.Context(u), plan); err != nil {
		t.Fatal(err)
	}
	at := func(method, host, path string) response {
		req, _ := http.NewRequest(method, a.srv.URL+path, nil)
		req.Host = host
		// The cookie jar goes by the Host; the session is the server's.
		for _, c := range b.client.Jar.Cookies(req.URL) {
			req.AddCookie(c)
		}
		return b.do(req)
	}

	resp := at("POST", "evil.example", "/calendar")
	if resp.status != http.StatusConflict {
		t.Errorf("forged host: status %d", resp.status)
	}
	mustContain(t, resp.body, "Mutual makes links for https://srm.example.com only")
	mustNotContain(t, resp.body, "/api/v1/calendar/", "evil.example")
	if ok, _ := a.db.Services().Calendars.HasCalendarToken(storetest.Context(u)); ok {
		t.Error("a feed was made for the forged host")
	}

	resp = at("POST", "srm.example.com", "/calendar")
	mustContain(t, resp.body, `value="https://srm.example.com/api/v1/calendar/`)

	ics := at("GET", "evil.example", "/partners/"+p.ID.String()+"/interactions/"+plan.ID.String()+"/ics")
	mustContain(t, strings.ReplaceAll(ics.body, "\r\n ", ""), "URL:https://srm.example.com/partners/"+p.ID.String())
	mustNotContain(t, ics.body, "evil.example")
}
