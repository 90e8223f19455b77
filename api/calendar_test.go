package api_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/api"
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

// TestCalendarFeed_PublicURL holds that feed addresses and the links in
// feeds start with the configured public URL, and that a request for
// another host (a forged Host header) gets no link at all.
func TestCalendarFeed_PublicURL(t *testing.T) {
	for name, open := range databases() {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(t))
			public, err := mutual.ParsePublicURL("https://srm.example.com/")
			if err != nil {
				t.Fatal(err)
			}
			f.handler = api.NewHandler(f.svc, api.Options{Logger: slog.New(slog.DiscardHandler), PublicURL: public})
			buyer := f.users[mutual.RoleBuyer]
			tok := f.token(mutual.RoleBuyer)
			p := storetest.MustCreatePartner(t, f.db, &mutual.Partner{Name: "Hòa Phát", Segment: "strategic", Status: "active", OwnerID: buyer.ID})
			plan := &mutual.Interaction{PartnerID: p.ID, Kind: "visit", Status: "planned", OccurredAt: time.Now().Add(72 * time.Hour), Subject: "Plant visit",
				OurAttendees: []mutual.ID{buyer.ID}}
			if err := f.svc.Interactions.CreateInteraction(storetest.Context(buyer), plan); err != nil {
				t.Fatal(err)
			}
			do := func(method, host, path, token string, headers ...string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(method, path, nil)
				req.Host = host
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				for i := 0; i+1 < len(headers); i += 2 {
					req.Header.Set(headers[i], headers[i+1])
				}
				rec := httptest.NewRecorder()
				f.handler.ServeHTTP(rec, req)
				return rec
			}

			res := do("POST", "srm.example.com", "/api/v1/me/calendar", tok)
			checkResponse(t, res, http.StatusCreated)
			var cal struct{ URL string }
			json.Unmarshal(res.Body.Bytes(), &cal)
			if !strings.HasPrefix(cal.URL, "https://srm.example.com/api/v1/calendar/") {
				t.Fatalf("feed address %q", cal.URL)
			}
			path := strings.TrimPrefix(cal.URL, "https://srm.example.com")

			for _, forged := range [][]string{{"evil.example"}, {"srm.example.com:8443"}, {"evil.example", "X-Forwarded-Host", "srm.example.com", "X-Forwarded-Proto", "https"}} {
				res := do("POST", forged[0], "/api/v1/me/calendar", tok, forged[1:]...)
				checkResponse(t, res, http.StatusConflict)
				if body := res.Body.String(); !strings.Contains(body, `"reason":"host_mismatch"`) || strings.Contains(body, "/api/v1/calendar/") {
					t.Errorf("Host %s: %s", forged[0], body)
				}
			}
			// The refused requests made no new address: the first still works,
			// and the links in it name the public host whatever the Host.
			feed := do("GET", "evil.example", path, "")
			checkResponse(t, feed, http.StatusOK)
			ics := strings.ReplaceAll(feed.Body.String(), "\r\n ", "")
			if !strings.Contains(ics, "URL:https://srm.example.com/partners/"+p.ID.String()) || strings.Contains(ics, "evil.example") {
				t.Errorf("feed:\n%s", ics)
			}
			one := do("GET", "evil.example", "/api/v1/partners/"+p.ID.String()+"/interactions/"+plan.ID.String()+"/ics", tok)
			checkResponse(t, one, http.StatusOK)
			if body := one.Body.String(); strings.Contains(body, "evil.example") || !strings.Contains(body, "https://srm.example.com/") {
				t.Errorf("single event:\n%s", body)
			}
		})
	}
}
