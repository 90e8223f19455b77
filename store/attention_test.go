package store_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestAttentionService(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(now.Add(-60 * 24 * time.Hour)) // partners were added 60 days ago
		svc := db.Services()
		kam, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		ctx := storetest.Context(kam)
		strategic := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Strategic neglected", Segment: "strategic", Status: "active", OwnerID: kam.ID})
		routine := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Routine fine", Segment: "routine", Status: "active", OwnerID: kam.ID})
		orphan := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "No KAM", Segment: "routine", Status: "active"})
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Offboarded", Segment: "strategic", Status: "offboarded"})
		touched := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Leverage touched", Segment: "leverage", Status: "active", OwnerID: kam.ID,
			Contacts: []*mutual.Contact{{Name: "Người liên hệ"}}})
		clock.Set(now)
		if err := svc.Interactions.CreateInteraction(ctx, &mutual.Interaction{PartnerID: touched.ID, Kind: "visit", OccurredAt: now.Add(-2 * 24 * time.Hour), Subject: "Visit"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*mutual.Commitment{
			{PartnerID: touched.ID, Title: "Missed", Side: "ours", OwnerUserID: kam.ID, DueOn: day("2026-11-20")},
			{PartnerID: touched.ID, Title: "Soon", Side: "theirs", OwnerContactID: touched.Contacts[0].ID, DueOn: day("2026-11-30")},
			{PartnerID: routine.ID, Title: "Later", Side: "ours", DueOn: day("2027-01-30")},
		} {
			if err := svc.Commitments.CreateCommitment(ctx, c); err != nil {
				t.Fatal(err)
			}
		}

		big, _ := mutual.ParseDecimal("3000000")
		if err := svc.Gifts.DeclareGift(ctx, &mutual.Gift{PartnerID: routine.ID, Direction: "received", Kind: "gift", Description: "Tết hamper",
			Value: mutual.Money{Amount: big, Currency: "VND"}, OccurredOn: day("2026-11-20")}); err != nil {
			t.Fatal(err)
		}
		items, err := svc.Attention.FindAttention(ctx, mutual.AttentionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[mutual.ID]*mutual.AttentionItem{}
		for _, it := range items {
			byID[it.PartnerID] = it
		}
		if len(items) != 4 || items[0].PartnerID != strategic.ID {
			t.Fatalf("got %d items, first %+v", len(items), items[0])
		}
		// Strategic: any contact every 14 days, added 60 days ago: 46 days overdue, weight 4.
		if it := items[0]; len(it.Reasons) != 1 || it.Reasons[0].Kind != "any" || it.Reasons[0].Days != 46 || it.Score != 4*46 {
			t.Errorf("strategic = %+v", it)
		}
		if it := byID[touched.ID]; it == nil || len(it.Reasons) != 2 || it.Reasons[0].Reason != mutual.ReasonCommitmentMissed || it.Reasons[1].Reason != mutual.ReasonCommitmentDue {
			t.Errorf("touched = %+v", it)
		}
		if it := byID[orphan.ID]; it == nil || it.Reasons[0].Reason != mutual.ReasonNoKAM {
			t.Errorf("orphan = %+v", it)
		}
		if it := byID[routine.ID]; it == nil || len(it.Reasons) != 1 || it.Reasons[0].Reason != mutual.ReasonGiftPending || it.Reasons[0].Count != 1 {
			t.Errorf("routine partner with a gift awaiting approval = %+v", it)
		}
		mine, _ := svc.Attention.FindAttention(ctx, mutual.AttentionFilter{OwnerID: kam.ID})
		if len(mine) != 3 {
			t.Errorf("mine = %d", len(mine))
		}
		sup, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, routine.ID)
		if _, err := svc.Attention.FindAttention(storetest.Context(sup), mutual.AttentionFilter{}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
			t.Errorf("supplier: %v", err)
		}
	})
}
