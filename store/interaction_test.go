package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// now is 10:00 on 26 November 2026 in Ho Chi Minh City.
var now = time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

func day(s string) mutual.Date {
	d, _ := mutual.ParseDate(s)
	return d
}

func TestInteractionService(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Hòa Phát", Segment: "strategic",
			Contacts: []*mutual.Contact{{Name: "Lê Thị Hồng"}, {Name: "Trần Văn An"}}})
		other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other", Contacts: []*mutual.Contact{{Name: "Outsider"}}})
		one := 1

		in := &mutual.Interaction{PartnerID: p.ID, Kind: "visit", Level: "executive", OccurredAt: now.Add(-48 * time.Hour),
			Subject: "Quarterly review", Sentiment: &one, OurAttendees: []mutual.ID{buyer.ID}, TheirAttendees: []mutual.ID{p.Contacts[0].ID},
			Commitments: []*mutual.Commitment{
				{Title: "Send revised price list", Side: "theirs", OwnerContactID: p.Contacts[1].ID, DueOn: day("2026-12-05")},
				{Title: "Share forecast", Side: "ours", OwnerUserID: buyer.ID, DueOn: day("2026-11-30")},
			}}
		if err := svc.Interactions.CreateInteraction(ctx, in); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Interactions.FindInteractionByID(ctx, in.ID)
		if err != nil || got.Status != "done" || len(got.OurAttendees) != 1 || len(got.TheirAttendees) != 1 || len(got.Commitments) != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
		if got.Commitments[0].Source != "interaction" || got.Commitments[0].InteractionID != in.ID || got.Commitments[0].OwnerName != buyer.Name {
			t.Errorf("commitment from interaction = %+v", got.Commitments[0])
		}

		t.Run("Errors", func(t *testing.T) {
			seven, before := 7, now.Add(-time.Hour)
			for _, tt := range []struct {
				name  string
				in    mutual.Interaction
				field string
			}{
				{"EndBeforeStart", mutual.Interaction{Kind: "call", OccurredAt: now, EndsAt: &before, Subject: "x"}, "ends_at"},
				{"Sentiment", mutual.Interaction{Kind: "call", OccurredAt: now, Subject: "x", Sentiment: &seven}, "sentiment"},
				{"Kind", mutual.Interaction{Kind: "fax", OccurredAt: now, Subject: "x"}, "kind"},
				{"OtherPartnersContact", mutual.Interaction{Kind: "call", OccurredAt: now, Subject: "x", TheirAttendees: []mutual.ID{other.Contacts[0].ID}}, "their_attendees"},
				{"DoneInFuture", mutual.Interaction{Kind: "call", OccurredAt: now.Add(72 * time.Hour), Subject: "x"}, "occurred_at"},
				{"CommitmentDue", mutual.Interaction{Kind: "call", OccurredAt: now, Subject: "x", Commitments: []*mutual.Commitment{{Title: "t", Side: "ours"}}}, "commitments[0].due_on"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					in := tt.in
					in.PartnerID = p.ID
					err := svc.Interactions.CreateInteraction(ctx, &in)
					found := false
					for _, f := range mutual.ErrorFields(err) {
						found = found || f.Field == tt.field
					}
					if mutual.ErrorCode(err) != mutual.EINVALID || !found {
						t.Errorf("err = %v, want field %s", err, tt.field)
					}
				})
			}
		})

		t.Run("PlanThenDone", func(t *testing.T) {
			plan := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", Status: "planned", OccurredAt: now.Add(7 * 24 * time.Hour), Subject: "Plant tour"}
			if err := svc.Interactions.CreateInteraction(ctx, plan); err != nil {
				t.Fatal(err)
			}
			clock.Add(8 * 24 * time.Hour)
			defer clock.Add(-8 * 24 * time.Hour)
			done, outcome := "done", "Agreed on a pilot"
			got, err := svc.Interactions.UpdateInteraction(ctx, plan.ID, mutual.InteractionUpdate{Status: &done, Outcome: &outcome, Version: 1})
			if err != nil || got.Status != "done" || got.Version != 2 {
				t.Fatalf("%+v, %v", got, err)
			}
			planned := "planned"
			if _, err := svc.Interactions.UpdateInteraction(ctx, plan.ID, mutual.InteractionUpdate{Status: &planned}); mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("done back to planned: %v", err)
			}
		})

		t.Run("Timeline", func(t *testing.T) {
			for i := range 7 {
				if err := svc.Interactions.CreateInteraction(ctx, &mutual.Interaction{PartnerID: p.ID, Kind: "call", OccurredAt: now.Add(-time.Duration(100+i) * time.Hour), Subject: "Call"}); err != nil {
					t.Fatal(err)
				}
			}
			var seen []*mutual.Interaction
			cursor := ""
			for {
				page, next, err := svc.Interactions.FindInteractions(ctx, mutual.InteractionFilter{PartnerID: p.ID, Limit: 3, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				seen = append(seen, page...)
				if cursor = next; cursor == "" {
					break
				}
			}
			if len(seen) != 9 {
				t.Fatalf("timeline has %d entries, want 9", len(seen))
			}
			for i := 1; i < len(seen); i++ {
				if seen[i].OccurredAt.After(seen[i-1].OccurredAt) {
					t.Fatalf("not newest first at %d", i)
				}
			}
			calls, _, _ := svc.Interactions.FindInteractions(ctx, mutual.InteractionFilter{PartnerID: p.ID, Kind: "call"})
			execs, _, _ := svc.Interactions.FindInteractions(ctx, mutual.InteractionFilter{PartnerID: p.ID, Level: "executive"})
			if len(calls) != 7 || len(execs) != 1 {
				t.Errorf("calls %d, executive %d", len(calls), len(execs))
			}
		})

		t.Run("SupplierSeesNothing", func(t *testing.T) {
			sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
			sctx := storetest.Context(sup)
			if _, err := svc.Interactions.FindInteractionByID(sctx, in.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("by id: %v", err)
			}
			if _, _, err := svc.Interactions.FindInteractions(sctx, mutual.InteractionFilter{PartnerID: p.ID}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("list: %v", err)
			}
			if _, err := svc.Cadences.PartnerCadence(sctx, p.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("cadence: %v", err)
			}
			list, _, err := svc.Commitments.FindCommitments(sctx, mutual.CommitmentFilter{})
			if err != nil || len(list) != 2 {
				t.Errorf("supplier commitments: %d, %v", len(list), err)
			}
			var ours, theirs *mutual.Commitment
			for _, c := range list {
				if c.Side == "ours" {
					ours = c
				} else {
					theirs = c
				}
			}
			done := "done"
			if _, err := svc.Commitments.UpdateCommitment(sctx, ours.ID, mutual.CommitmentUpdate{Status: &done}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("supplier marks ours done: %v", err)
			}
			if got, err := svc.Commitments.UpdateCommitment(sctx, theirs.ID, mutual.CommitmentUpdate{Status: &done}); err != nil || got.Status != "done" || got.DoneOn != mutual.DateOf(now, db.Zone()) {
				t.Errorf("supplier marks theirs done: %+v, %v", got, err)
			}
			osup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, other.ID)
			if _, err := svc.Commitments.FindCommitmentByID(storetest.Context(osup), theirs.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("other supplier reads: %v", err)
			}
		})
	})
}

func TestCadence(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		svc := db.Services()
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		ctx := storetest.Context(admin)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Strategic Co", Segment: "strategic"}) // added today
		clock.Add(20 * 24 * time.Hour)
		defer clock.Add(-20 * 24 * time.Hour)
		today := mutual.DateOf(clock.Now(), db.Zone())

		pc, err := svc.Cadences.PartnerCadence(ctx, p.ID)
		if err != nil || len(pc.Touches) != 3 {
			t.Fatalf("%+v, %v", pc, err)
		}
		if any := pc.Touches[0]; any.Kind != "any" || !any.Overdue || any.OverdueDays != 6 || any.DueOn != day("2026-12-10") {
			t.Errorf("any touch = %+v", any)
		}
		if visit := pc.Touches[1]; visit.Overdue {
			t.Errorf("visit overdue already: %+v", visit)
		}
		if err := svc.Interactions.CreateInteraction(ctx, &mutual.Interaction{PartnerID: p.ID, Kind: "call", OccurredAt: clock.Now().Add(-time.Hour), Subject: "Check-in"}); err != nil {
			t.Fatal(err)
		}
		pc, _ = svc.Cadences.PartnerCadence(ctx, p.ID)
		if any := pc.Touches[0]; any.Overdue || any.LastOn != today || any.DueOn != today.AddDays(14) {
			t.Errorf("after a call: %+v", any)
		}
		if got, _ := svc.Partners.FindPartnerByID(ctx, p.ID); got.LastTouchAt == nil || got.NextDueOn != today.AddDays(14) {
			t.Errorf("partner glance: last %v, next due %v", got.LastTouchAt, got.NextDueOn)
		}
		sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
		if got, _ := svc.Partners.FindPartnerByID(storetest.Context(sup), p.ID); got.LastTouchAt != nil || !got.NextDueOn.IsZero() {
			t.Errorf("supplier sees our cadence: %v %v", got.LastTouchAt, got.NextDueOn)
		}

		t.Run("Policy", func(t *testing.T) {
			seven := 7
			pol, err := svc.Cadences.UpdateCadence(ctx, "strategic", mutual.Cadence{AnyDays: &seven}, 1)
			if err != nil || pol.Version != 2 || *pol.AnyDays != 7 || pol.VisitDays != nil {
				t.Fatalf("%+v, %v", pol, err)
			}
			if _, err := svc.Cadences.UpdateCadence(ctx, "strategic", mutual.Cadence{AnyDays: &seven}, 1); mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Errorf("stale: %v", err)
			}
			zero := 0
			if _, err := svc.Cadences.UpdateCadence(ctx, "strategic", mutual.Cadence{AnyDays: &zero}, 0); mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("zero days: %v", err)
			}
			buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
			if _, err := svc.Cadences.UpdateCadence(storetest.Context(buyer), "routine", mutual.Cadence{}, 0); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("buyer edits policy: %v", err)
			}
			pc, _ := svc.Cadences.PartnerCadence(ctx, p.ID)
			if len(pc.Touches) != 1 || pc.Touches[0].GapDays != 7 {
				t.Errorf("after policy change: %+v", pc.Touches)
			}
		})
		t.Run("Override", func(t *testing.T) {
			thirty := 30
			pc, err := svc.Cadences.SetPartnerCadence(ctx, p.ID, &mutual.Cadence{AnyDays: &thirty, VisitDays: &thirty})
			if err != nil || !pc.Override || len(pc.Touches) != 2 || pc.Touches[0].GapDays != 30 {
				t.Fatalf("%+v, %v", pc, err)
			}
			if pc, err = svc.Cadences.SetPartnerCadence(ctx, p.ID, nil); err != nil || pc.Override {
				t.Fatalf("reset: %+v, %v", pc, err)
			}
		})
	})
}

// Logging an interaction moves the partner's last touches forward only when
// it is done and later than them, and leaves what recomputing them from the
// whole timeline (as an update does) would find.
func TestCreateInteraction_Touches(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now.Add(-100 * 24 * time.Hour))
		svc := db.Services()
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		ctx := storetest.Context(admin)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Strategic Co", Segment: "strategic"})
		clock.Set(now)
		state := func() string {
			t.Helper()
			pc, err := svc.Cadences.PartnerCadence(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := svc.Partners.FindPartnerByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%+v last %v next %v", pc.Touches, got.LastTouchAt, got.NextDueOn)
		}
		var last *mutual.Interaction
		for _, tt := range []struct {
			in                 mutual.Interaction
			any, visit, execOn string // the last touch days expected after it, "" for none
		}{
			{mutual.Interaction{Kind: "call", OccurredAt: now.Add(-10 * 24 * time.Hour)}, "2026-11-16", "", ""},
			{mutual.Interaction{Kind: "visit", OccurredAt: now.Add(-20 * 24 * time.Hour)}, "2026-11-16", "2026-11-06", ""},
			{mutual.Interaction{Kind: "meeting", Level: "executive", Status: "planned", OccurredAt: now.Add(5 * 24 * time.Hour)}, "2026-11-16", "2026-11-06", ""},
			{mutual.Interaction{Kind: "visit", Status: "cancelled", OccurredAt: now.Add(-time.Hour)}, "2026-11-16", "2026-11-06", ""},
			{mutual.Interaction{Kind: "meeting", Level: "executive", OccurredAt: now.Add(-2 * time.Hour)}, "2026-11-26", "2026-11-06", "2026-11-26"},
			{mutual.Interaction{Kind: "visit", OccurredAt: now.Add(-30 * 24 * time.Hour)}, "2026-11-26", "2026-11-06", "2026-11-26"},
		} {
			in := tt.in
			in.PartnerID, in.Subject = p.ID, "Touch"
			if err := svc.Interactions.CreateInteraction(ctx, &in); err != nil {
				t.Fatal(err)
			}
			last = &in
			pc, _ := svc.Cadences.PartnerCadence(ctx, p.ID)
			for i, want := range []string{tt.any, tt.visit, tt.execOn} {
				if got := pc.Touches[i].LastOn; (want == "" && !got.IsZero()) || (want != "" && got != day(want)) {
					t.Errorf("after a %s %s %s: last %s touch on %v, want %q", in.Status, in.Level, in.Kind, pc.Touches[i].Kind, got, want)
				}
			}
		}
		before := state()
		subject := "Recomputed"
		if _, err := svc.Interactions.UpdateInteraction(ctx, last.ID, mutual.InteractionUpdate{Subject: &subject}); err != nil {
			t.Fatal(err)
		}
		if after := state(); after != before {
			t.Errorf("kept as logged:\n%s\nrecomputed:\n%s", before, after)
		}
		if err := svc.Interactions.CreateInteraction(ctx, &mutual.Interaction{PartnerID: 1 << 40, Kind: "call", OccurredAt: now, Subject: "Nobody"}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
			t.Errorf("unknown partner: %v", err)
		}
	})
}

func TestCommitments(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(buyer)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Vinamilk", Contacts: []*mutual.Contact{{Name: "Phạm Thu"}}})
		mk := func(title, side, due string) *mutual.Commitment {
			c := &mutual.Commitment{PartnerID: p.ID, Title: title, Side: side, DueOn: day(due)}
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
		kept := mk("Kept", "ours", "2026-11-20")
		late := mk("Late", "ours", "2026-11-24")
		mk("Due today", "ours", "2026-11-26")
		mk("Theirs open", "theirs", "2026-11-25")
		clock.Add(-10 * 24 * time.Hour) // done on 16 Nov, before its due date
		done := "done"
		if _, err := svc.Commitments.UpdateCommitment(ctx, kept.ID, mutual.CommitmentUpdate{Status: &done}); err != nil {
			t.Fatal(err)
		}
		clock.Add(10 * 24 * time.Hour)
		if got, _ := svc.Commitments.FindCommitmentByID(ctx, late.ID); got.Status != "missed" {
			t.Errorf("late commitment reads %q, want missed", got.Status)
		}
		ft, err := svc.Commitments.FollowThrough(ctx, p.ID)
		if err != nil || ft[0].Side != "ours" || ft[0].Kept != 1 || ft[0].Due != 2 || *ft[0].Percent != 50 || ft[1].Due != 1 || *ft[1].Percent != 0 {
			t.Errorf("follow-through = %+v, %v", ft, err)
		}
		// At the end of 26 November in Ho Chi Minh City (17:00 UTC) the one due today is missed.
		clock.Add(14*time.Hour + time.Minute)
		n, err := svc.Commitments.MarkMissed(storetest.SystemContext())
		if err != nil || n != 3 {
			t.Fatalf("marked %d, %v", n, err)
		}
		if n, _ := svc.Commitments.MarkMissed(storetest.SystemContext()); n != 0 {
			t.Errorf("marked again: %d", n)
		}
		missed, _, _ := svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{Status: "missed"})
		mine, _, _ := svc.Commitments.FindCommitments(ctx, mutual.CommitmentFilter{OwnerUserID: buyer.ID})
		if len(missed) != 3 || len(mine) != 3 {
			t.Errorf("missed %d, mine %d", len(missed), len(mine))
		}
		v, _ := svc.Audit.VerifyAudit(storetest.SystemContext())
		if !v.Intact {
			t.Errorf("audit broken: %+v", v)
		}
		t.Run("Errors", func(t *testing.T) {
			for _, c := range []mutual.Commitment{
				{PartnerID: p.ID, Title: "x", Side: "ours", DueOn: day("2026-12-01"), OwnerContactID: p.Contacts[0].ID},
				{PartnerID: p.ID, Title: "x", Side: "sideways", DueOn: day("2026-12-01")},
				{PartnerID: p.ID, Title: "", Side: "ours", DueOn: day("2026-12-01")},
				{PartnerID: p.ID, Title: "x", Side: "ours"},
			} {
				if err := svc.Commitments.CreateCommitment(ctx, &c); mutual.ErrorCode(err) != mutual.EINVALID {
					t.Errorf("%+v: %v", c, err)
				}
			}
		})
	})
}

func TestInteractionService_Import(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		svc := db.Services()
		kam, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(kam)
		a := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "A", Segment: "strategic", Status: "active", Contacts: []*mutual.Contact{{Name: "Ca"}}})
		b := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "B", Segment: "routine", Status: "active", Contacts: []*mutual.Contact{{Name: "Cb"}}})
		list := []*mutual.Interaction{
			{PartnerID: a.ID, Kind: "visit", OccurredAt: now.Add(-10 * 24 * time.Hour), Subject: "Visit", OurAttendees: []mutual.ID{kam.ID}, TheirAttendees: []mutual.ID{a.Contacts[0].ID},
				Commitments: []*mutual.Commitment{{Title: "Quote", Side: "theirs", OwnerContactID: a.Contacts[0].ID, DueOn: day("2026-12-10")}}},
			{PartnerID: b.ID, Kind: "call", OccurredAt: now.Add(-24 * time.Hour), Subject: "Call"},
		}
		bad := []*mutual.Interaction{
			{PartnerID: a.ID, Kind: "call", OccurredAt: now, Subject: "x", TheirAttendees: []mutual.ID{b.Contacts[0].ID}},
			{PartnerID: 99999, Kind: "call", OccurredAt: now, Subject: "x"},
		}
		err := svc.Interactions.ImportInteractions(ctx, bad)
		fields := map[string]bool{}
		for _, f := range mutual.ErrorFields(err) {
			fields[f.Field] = true
		}
		if !fields["[0].their_attendees"] || !fields["[1].partner_id"] {
			t.Fatalf("bad import: %v", err)
		}
		if err := svc.Interactions.ImportInteractions(ctx, list); err != nil {
			t.Fatal(err)
		}
		pc, _ := svc.Cadences.PartnerCadence(ctx, a.ID)
		if pc.Touches[0].LastOn != mutual.DateOf(now.Add(-10*24*time.Hour), db.Zone()) || pc.Touches[1].Overdue {
			t.Errorf("touches after import: %+v", pc.Touches)
		}
		got, err := svc.Interactions.FindInteractionByID(ctx, list[0].ID)
		if err != nil || len(got.Commitments) != 1 || len(got.TheirAttendees) != 1 {
			t.Errorf("imported: %+v, %v", got, err)
		}
		if v, _ := svc.Audit.VerifyAudit(storetest.SystemContext()); !v.Intact {
			t.Errorf("audit: %+v", v)
		}
	})
}
