package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestCalendarService(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		svc := db.Services()
		kam, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		other, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(kam)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Hòa Phát", Segment: "strategic", Status: "active", OwnerID: kam.ID})
		plan := &mutual.Interaction{PartnerID: p.ID, Kind: "visit", Status: "planned", OccurredAt: now.Add(72 * time.Hour), Subject: "Plant visit",
			OurAttendees: []mutual.ID{kam.ID}}
		if err := svc.Interactions.CreateInteraction(storetest.Context(other), plan); err != nil {
			t.Fatal(err)
		}
		if err := svc.Commitments.CreateCommitment(ctx, &mutual.Commitment{PartnerID: p.ID, Title: "Send forecast", Side: "ours", OwnerUserID: kam.ID, DueOn: day("2026-12-02")}); err != nil {
			t.Fatal(err)
		}
		secret, err := svc.Calendars.NewCalendarToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := svc.Calendars.CalendarFeed(storetest.SystemContext(), secret)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range cal.Events {
			got = append(got, e.Summary)
		}
		joined := strings.Join(got, " | ")
		for _, want := range []string{"Plant visit — Hòa Phát", "Due: Send forecast — Hòa Phát", "Contact due: Hòa Phát", "Visit due: Hòa Phát", "Executive meeting due: Hòa Phát"} {
			if !strings.Contains(joined, want) {
				t.Errorf("feed lacks %q: %s", want, joined)
			}
		}
		if ok, _ := svc.Calendars.HasCalendarToken(ctx); !ok {
			t.Error("no token after creating one")
		}
		rotated, _ := svc.Calendars.NewCalendarToken(ctx)
		if _, err := svc.Calendars.CalendarFeed(storetest.SystemContext(), secret); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
			t.Errorf("old secret after rotation: %v", err)
		}
		if err := svc.Calendars.RevokeCalendarToken(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Calendars.CalendarFeed(storetest.SystemContext(), rotated); mutual.ErrorCode(err) != mutual.EUNAUTHORIZED {
			t.Errorf("revoked secret: %v", err)
		}
		sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
		if _, err := svc.Calendars.NewCalendarToken(storetest.Context(sup)); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
			t.Errorf("supplier token: %v", err)
		}
	})
}
