package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestCalendarFeed(t *testing.T) {
	f := newFixture(t)
	tok := f.token(mutual.RoleBuyer)
	buyer := f.users[mutual.RoleBuyer]
	p := storetest.MustCreatePartner(t, f.db, &mutual.Partner{Name: "Hòa Phát", Segment: "strategic", Status: "active", OwnerID: buyer.ID})
	plan := &mutual.Interaction{PartnerID: p.ID, Kind: "visit", Status: "planned", OccurredAt: time.Now().Add(72 * time.Hour), Subject: "Plant visit, line 2",
		OurAttendees: []mutual.ID{buyer.ID}}
	if err := f.svc.Interactions.CreateInteraction(storetest.Context(buyer), plan); err != nil {
		t.Fatal(err)
	}

	res := f.doToken("POST", "/api/v1/me/calendar", tok, "", nil)
	checkResponse(t, res, http.StatusCreated)
	var cal struct {
		Active bool
		URL    string
	}
	json.Unmarshal(res.Body.Bytes(), &cal)
	if !cal.Active || !strings.Contains(cal.URL, "/api/v1/calendar/") || !strings.HasSuffix(cal.URL, ".ics") {
		t.Fatalf("calendar = %+v", cal)
	}
	path := cal.URL[strings.Index(cal.URL, "/api/v1/"):]
	feed := f.doToken("GET", path, "", "", nil)
	checkResponse(t, feed, http.StatusOK)
	body := feed.Body.String()
	if ct := feed.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("content type = %q", ct)
	}
	for _, want := range []string{"BEGIN:VCALENDAR", `SUMMARY:Plant visit\, line 2 — Hòa Phát`, "Contact due: Hòa Phát"} {
		if !strings.Contains(strings.ReplaceAll(body, "\r\n ", ""), want) {
			t.Errorf("feed lacks %q:\n%s", want, body)
		}
	}
	one := f.doToken("GET", "/api/v1/partners/"+p.ID.String()+"/interactions/"+plan.ID.String()+"/ics", tok, "", nil)
	checkResponse(t, one, http.StatusOK)
	if !strings.Contains(one.Body.String(), "UID:interaction-"+plan.ID.String()+"@mutual") {
		t.Errorf("single event:\n%s", one.Body.String())
	}
	checkResponse(t, f.doToken("DELETE", "/api/v1/me/calendar", tok, "", nil), http.StatusNoContent)
	checkResponse(t, f.doToken("GET", path, "", "", nil), http.StatusNotFound)
	if res := f.doToken("GET", "/api/v1/me/calendar", tok, "", nil); !strings.Contains(res.Body.String(), `"active":false`) {
		t.Errorf("after revoking: %s", res.Body.String())
	}
}
