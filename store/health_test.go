package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestHealthService builds a history over a hundred days and reads the
// index it gives, component by component, on both databases.
func TestHealthService(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		const dayLen = 24 * time.Hour
		clock.Set(now.Add(-100 * dayLen)) // the partners are added 100 days ago
		svc := db.Services()
		health := (*store.HealthService)(db)
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Hòa Phát", Segment: "strategic", Contacts: []*mutual.Contact{{Name: "Lê Văn Tâm"}}})
		q := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Routine Quiet", Segment: "routine"})
		r := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "No Segment"})

		// Commitments: ours kept on time twice and missed once; theirs done
		// late once. Those cancelled, due long ago or not yet due do not count.
		clock.Set(now.Add(-30 * dayLen))
		commit := func(title, side string, dueIn int) *mutual.Commitment {
			c := &mutual.Commitment{PartnerID: p.ID, Title: title, Side: side, DueOn: mutual.DateOf(now, db.Zone()).AddDays(dueIn)}
			if side == "ours" {
				c.OwnerUserID = buyer.ID
			} else {
				c.OwnerContactID = p.Contacts[0].ID
			}
			if err := svc.Commitments.CreateCommitment(ctx, c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		setStatus := func(c *mutual.Commitment, status string, daysAgo int) {
			clock.Set(now.Add(-time.Duration(daysAgo) * dayLen))
			if _, err := svc.Commitments.UpdateCommitment(ctx, c.ID, mutual.CommitmentUpdate{Status: &status}); err != nil {
				t.Fatal(err)
			}
		}
		a, b := commit("Send forecast", "ours", -20), commit("Visit plant", "ours", -10)
		commit("Share drawings", "ours", -5)
		d := commit("Revise prices", "theirs", -25)
		cancelled := commit("Cancelled", "ours", -8)
		commit("Long ago", "ours", -400)
		commit("Not yet due", "ours", 5)
		setStatus(a, "done", 25)
		setStatus(b, "done", 12)
		setStatus(d, "done", 20)
		setStatus(cancelled, "cancelled", 9)

		// Interactions: four rated in the last 180 days (the first at the
		// very start of the window in Ho Chi Minh City), one unrated, one
		// rated a minute too early, one cancelled.
		clock.Set(now)
		sentiment := func(v int) *int { return &v }
		windowStart := time.Date(2026, 5, 29, 17, 0, 0, 0, time.UTC) // 30 May 00:00 +07:00, 180 days before 26 November
		for _, in := range []*mutual.Interaction{
			{Kind: "call", OccurredAt: windowStart, Subject: "Edge", Sentiment: sentiment(2)},
			{Kind: "call", OccurredAt: windowStart.Add(-time.Minute), Subject: "Too early", Sentiment: sentiment(-2)},
			{Kind: "call", OccurredAt: now.Add(-20 * dayLen), Subject: "Call", Sentiment: sentiment(1)},
			{Kind: "meeting", Level: "executive", OccurredAt: now.Add(-5 * dayLen), Subject: "Review", Sentiment: sentiment(2)},
			{Kind: "email", OccurredAt: now.Add(-3 * dayLen), Subject: "Complaint", Sentiment: sentiment(-1)},
			{Kind: "call", OccurredAt: now.Add(-2 * dayLen), Subject: "Unrated"},
			{Kind: "call", Status: "cancelled", OccurredAt: now.Add(-1 * dayLen), Subject: "Cancelled", Sentiment: sentiment(-2)},
		} {
			in.PartnerID = p.ID
			if err := svc.Interactions.CreateInteraction(ctx, in); err != nil {
				t.Fatalf("%s: %v", in.Subject, err)
			}
		}

		h, err := health.PartnerHealth(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Never visited in the 100 days since it was added, 90 allowed:
		// overdue 10 of 90, 89. Ours 2 of 3, 67; theirs 0 of 1, 0.
		// Sentiment (2+1+2-1)/4 = 1, 75. (89*35 + 67*20 + 0*20 + 75*25) / 100 = 63.3.
		want := map[string]struct {
			score int
			why   mutual.HealthWhy
		}{
			mutual.HealthCadence:             {89, mutual.HealthWhy{Key: mutual.HealthWhyNeverTouched, Kind: "visit", Days: 100, GapDays: 90}},
			mutual.HealthFollowThroughOurs:   {67, mutual.HealthWhy{Key: mutual.HealthWhyFollowThrough, Kept: 2, Due: 3, Window: 365}},
			mutual.HealthFollowThroughTheirs: {0, mutual.HealthWhy{Key: mutual.HealthWhyFollowThrough, Kept: 0, Due: 1, Window: 365}},
			mutual.HealthSentiment:           {75, mutual.HealthWhy{Key: mutual.HealthWhySentiment, Sum: 4, Count: 4, Window: 180}},
		}
		if h.Score == nil || *h.Score != 63 || h.Band != mutual.HealthFair || h.PartnerID != p.ID || !h.ComputedAt.Equal(now) {
			t.Errorf("index = %v %q for %d at %v, want 63 fair", ptrVal(h.Score), h.Band, h.PartnerID, h.ComputedAt)
		}
		for name, w := range want {
			c := h.Component(name)
			if c == nil || c.Score == nil || *c.Score != w.score || c.Why != w.why {
				t.Errorf("%s = %+v (score %v), want %d %+v", name, c, ptrVal(c.Score), w.score, w.why)
			}
		}
		// The follow-through on the partner page is the same.
		if pc, err := svc.Cadences.PartnerCadence(ctx, p.ID); err != nil || pc.FollowThrough[0].Kept != 2 || pc.FollowThrough[0].Due != 3 || pc.FollowThrough[1].Due != 1 {
			t.Errorf("partner cadence follow-through = %+v, %v", pc, err)
		}

		t.Run("Batch", func(t *testing.T) {
			by, err := health.PartnersHealth(ctx, []mutual.ID{q.ID, p.ID, r.ID, 99999999, p.ID, 0})
			if err != nil || len(by) != 3 {
				t.Fatalf("%d results, %v", len(by), err)
			}
			if got := by[p.ID]; got.Score == nil || *got.Score != 63 || !reflect.DeepEqual(got.Components, h.Components) {
				t.Errorf("batch differs from single: %+v", got)
			}
			// Routine, never contacted in 100 days, 90 allowed: only cadence has data.
			if got := by[q.ID]; got.Score == nil || *got.Score != 89 || got.Band != mutual.HealthGood ||
				got.Component(mutual.HealthSentiment).Score != nil || got.Component(mutual.HealthFollowThroughOurs).Score != nil {
				t.Errorf("routine partner: %+v", got)
			}
			// No segment, no history: no index at all, not a made-up middle.
			if got := by[r.ID]; got.Score != nil || got.Band != "" || got.Component(mutual.HealthCadence).Why.Key != mutual.HealthWhyNoCadence {
				t.Errorf("partner without data: %+v", got)
			}
			if by, err := health.PartnersHealth(ctx, nil); err != nil || len(by) != 0 {
				t.Errorf("no partners: %v, %v", by, err)
			}
		})

		t.Run("ManyPartners", func(t *testing.T) {
			ps := make([]*mutual.Partner, 520)
			for i := range ps {
				ps[i] = &mutual.Partner{Name: fmt.Sprintf("Bulk %d", i), Country: "VN", Roles: []string{"supplier"}, Segment: "leverage"}
			}
			if err := svc.Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
				t.Fatal(err)
			}
			ids := []mutual.ID{p.ID}
			for _, x := range ps {
				ids = append(ids, x.ID)
			}
			by, err := health.PartnersHealth(ctx, ids)
			if err != nil || len(by) != len(ids) {
				t.Fatalf("%d results for %d partners, %v", len(by), len(ids), err)
			}
			if got := by[ps[519].ID]; got.Score == nil || *got.Score != 100 {
				t.Errorf("partner just added: %+v", got)
			}
		})

		t.Run("Access", func(t *testing.T) {
			sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
			if _, err := health.PartnerHealth(storetest.Context(sup), p.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("supplier user reads its own partner's health: %v", err)
			}
			if _, err := health.PartnersHealth(storetest.Context(sup), []mutual.ID{p.ID}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("supplier user reads health in a batch: %v", err)
			}
			viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
			if _, err := health.PartnerHealth(storetest.Context(viewer), p.ID); err != nil {
				t.Errorf("viewer: %v", err)
			}
			if _, err := health.PartnerHealth(ctx, 99999999); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("unknown partner: %v", err)
			}
		})

		t.Run("TimePasses", func(t *testing.T) {
			// A visit today puts cadence back to 100; 100 more days without
			// any contact (14 allowed) bring it to 0.
			if err := svc.Interactions.CreateInteraction(ctx, &mutual.Interaction{PartnerID: p.ID, Kind: "visit", OccurredAt: now.Add(-time.Hour), Subject: "Plant tour"}); err != nil {
				t.Fatal(err)
			}
			h, _ := health.PartnerHealth(ctx, p.ID)
			if c := h.Component(mutual.HealthCadence); *c.Score != 100 || c.Why.Key != mutual.HealthWhyTouch {
				t.Errorf("after a visit: %+v", c)
			}
			clock.Set(now.Add(100 * dayLen))
			defer clock.Set(now)
			h, _ = health.PartnerHealth(ctx, p.ID)
			if c := h.Component(mutual.HealthCadence); *c.Score != 0 || c.Why != (mutual.HealthWhy{Key: mutual.HealthWhyTouch, Kind: "any", Days: 100, GapDays: 14}) {
				t.Errorf("100 days later: %+v", c)
			}
		})
	})
}

func ptrVal(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
