package store_test

import (
	"context"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// money is amount (a decimal string) in currency.
func money(amount, currency string) mutual.Money {
	d, ok := mutual.ParseDecimal(amount)
	if !ok {
		panic("bad amount " + amount)
	}
	return mutual.Money{Amount: d, Currency: currency}
}

func TestGiftService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		buyer, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		manager, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
		manager2, _ := storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		viewer, _ := storetest.MustCreateUser(t, db, mutual.RoleViewer, 0)
		ctx, mctx, m2ctx := storetest.Context(buyer), storetest.Context(manager), storetest.Context(manager2)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Hòa Phát", Contacts: []*mutual.Contact{{Name: "Lê Thị Hồng"}}})
		other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other", Contacts: []*mutual.Contact{{Name: "Outsider"}}})
		supplier, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)

		declare := func(t *testing.T, c context.Context, g mutual.Gift) *mutual.Gift {
			t.Helper()
			if g.PartnerID == 0 {
				g.PartnerID = p.ID
			}
			if g.Kind == "" {
				g.Kind = "meal"
			}
			if g.Description == "" {
				g.Description = "Dinner"
			}
			if g.OccurredOn.IsZero() {
				g.OccurredOn = day("2026-11-20")
			}
			if err := svc.Gifts.DeclareGift(c, &g); err != nil {
				t.Fatalf("declare %+v: %v", g, err)
			}
			return &g
		}

		t.Run("ItemWithinThreshold", func(t *testing.T) {
			g := declare(t, ctx, mutual.Gift{Direction: "given", Value: money("500000", "VND"), OurPeople: []mutual.ID{buyer.ID}, TheirPeople: []mutual.ID{p.Contacts[0].ID}})
			if g.Status != "approved" || g.BaseValue.String() != "500000 VND" || g.DeclaredBy != buyer.ID || g.DeclaredByName != buyer.Name || g.PartnerName != p.Name {
				t.Errorf("got %+v", g)
			}
			if len(g.OurPeople) != 1 || len(g.TheirPeople) != 1 || g.DecidedAt.IsZero() || g.DecidedBy != 0 {
				t.Errorf("people or decision: %+v", g)
			}
		})

		t.Run("ItemAboveThreshold", func(t *testing.T) {
			g := declare(t, ctx, mutual.Gift{Direction: "received", Kind: "gift", Value: money("500001", "VND")})
			if g.Status != "declared" || !g.DecidedAt.IsZero() {
				t.Errorf("got %s, decided at %v", g.Status, g.DecidedAt)
			}
		})

		t.Run("Converted", func(t *testing.T) {
			g := declare(t, ctx, mutual.Gift{PartnerID: other.ID, Direction: "received", Value: money("19.50", "USD")})
			if g.Status != "approved" || g.BaseValue.String() != "495300 VND" {
				t.Errorf("got %s, base %s", g.Status, g.BaseValue)
			}
		})

		t.Run("UnknownRateNeedsApproval", func(t *testing.T) {
			g := declare(t, ctx, mutual.Gift{PartnerID: other.ID, Direction: "given", Value: money("10", "THB")})
			if g.Status != "declared" || !g.BaseValue.IsZero() {
				t.Errorf("got %s, base %s", g.Status, g.BaseValue)
			}
		})

		t.Run("YearlyThreshold", func(t *testing.T) {
			yp := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Yearly"})
			for i := range 5 { // 5 × 400,000 = 2,000,000: at the threshold, not above
				if g := declare(t, ctx, mutual.Gift{PartnerID: yp.ID, Direction: "received", Value: money("400000", "VND")}); g.Status != "approved" {
					t.Fatalf("gift %d is %s", i, g.Status)
				}
			}
			if g := declare(t, ctx, mutual.Gift{PartnerID: yp.ID, Direction: "received", Value: money("1", "VND")}); g.Status != "declared" {
				t.Errorf("over the year: %s", g.Status)
			}
			if g := declare(t, ctx, mutual.Gift{PartnerID: yp.ID, Direction: "given", Value: money("400000", "VND")}); g.Status != "approved" {
				t.Errorf("other direction: %s", g.Status)
			}
			if g := declare(t, ctx, mutual.Gift{PartnerID: yp.ID, Direction: "received", Value: money("400000", "VND"), OccurredOn: day("2025-12-31")}); g.Status != "approved" {
				t.Errorf("other year: %s", g.Status)
			}
			totals, err := svc.Gifts.GiftTotals(ctx, yp.ID)
			if err != nil || len(totals) != 3 {
				t.Fatalf("totals %+v, %v", totals, err)
			}
			if got := totals[1]; got.Year != 2026 || got.Direction != "received" || got.Count != 6 || got.Total.String() != "2000001 VND" {
				t.Errorf("2026 received = %+v", got)
			}
			if got := totals[2]; got.Year != 2025 || got.Count != 1 || got.Total.String() != "400000 VND" {
				t.Errorf("2025 = %+v", got)
			}
		})

		t.Run("Decide", func(t *testing.T) {
			g := declare(t, mctx, mutual.Gift{Direction: "given", Kind: "travel", Value: money("9000000", "VND")})
			if _, err := svc.Gifts.DecideGift(mctx, g.ID, mutual.GiftDecision{Approve: true}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("own declaration: %v", err)
			}
			if _, err := svc.Gifts.DecideGift(ctx, g.ID, mutual.GiftDecision{Approve: true}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("buyer decides: %v", err)
			}
			if _, err := svc.Gifts.DecideGift(m2ctx, g.ID, mutual.GiftDecision{Approve: false}); mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("reject without a note: %v", err)
			}
			if _, err := svc.Gifts.DecideGift(m2ctx, g.ID, mutual.GiftDecision{Approve: true, Version: 7}); mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Errorf("stale: %v", err)
			}
			got, err := svc.Gifts.DecideGift(m2ctx, g.ID, mutual.GiftDecision{Approve: true, Note: "Customer visit, fine", Version: 1})
			if err != nil || got.Status != "approved" || got.DecidedBy != manager2.ID || got.DecisionNote != "Customer visit, fine" || got.Version != 2 {
				t.Fatalf("approve: %+v, %v", got, err)
			}
			if _, err := svc.Gifts.DecideGift(storetest.Context(admin), g.ID, mutual.GiftDecision{Note: "No"}); mutual.ErrorCode(err) != mutual.ECONFLICT {
				t.Errorf("second decision: %v", err)
			}
			r := declare(t, ctx, mutual.Gift{Direction: "received", Kind: "event", Value: money("3000000", "VND"), OccurredOn: day("2026-06-01")})
			got, err = svc.Gifts.DecideGift(m2ctx, r.ID, mutual.GiftDecision{Note: "Too much"})
			if err != nil || got.Status != "rejected" {
				t.Fatalf("reject: %+v, %v", got, err)
			}
			queue, _, err := svc.Gifts.FindGifts(mctx, mutual.GiftFilter{Status: "declared"})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range queue {
				if q.ID == g.ID || q.ID == r.ID || q.Status != "declared" {
					t.Errorf("queue holds %+v", q)
				}
			}
			recs, _, err := svc.Audit.FindAuditRecords(storetest.Context(admin), mutual.AuditFilter{Entity: "gift", EntityID: g.ID})
			if err != nil || len(recs) != 2 || recs[0].Action != "approve" || recs[1].Action != "create" {
				t.Errorf("audit %+v, %v", recs, err)
			}
		})

		t.Run("Errors", func(t *testing.T) {
			for _, tt := range []struct {
				name  string
				g     mutual.Gift
				field string
			}{
				{"Currency", mutual.Gift{Direction: "given", Value: money("10", "XYZ")}, "value.currency"},
				{"NoValue", mutual.Gift{Direction: "given"}, "value.currency"},
				{"Zero", mutual.Gift{Direction: "given", Value: money("0", "VND")}, "value.amount"},
				{"Negative", mutual.Gift{Direction: "given", Value: money("-5", "VND")}, "value.amount"},
				{"Decimals", mutual.Gift{Direction: "given", Value: money("1.5", "VND")}, "value.amount"},
				{"Direction", mutual.Gift{Direction: "sideways", Value: money("1", "VND")}, "direction"},
				{"Kind", mutual.Gift{Direction: "given", Kind: "bribe", Value: money("1", "VND")}, "kind"},
				{"OurPeopleSupplier", mutual.Gift{Direction: "given", Value: money("1", "VND"), OurPeople: []mutual.ID{supplier.ID}}, "our_people"},
				{"TheirPeopleOtherPartner", mutual.Gift{Direction: "given", Value: money("1", "VND"), TheirPeople: []mutual.ID{other.Contacts[0].ID}}, "their_people"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					g := tt.g
					g.PartnerID, g.Description, g.OccurredOn = p.ID, "x", day("2026-11-01")
					if g.Kind == "" {
						g.Kind = "gift"
					}
					err := svc.Gifts.DeclareGift(ctx, &g)
					found := false
					for _, f := range mutual.ErrorFields(err) {
						found = found || f.Field == tt.field
					}
					if mutual.ErrorCode(err) != mutual.EINVALID || !found {
						t.Errorf("err = %v %+v, want field %s", err, mutual.ErrorFields(err), tt.field)
					}
				})
			}
			if err := svc.Gifts.DeclareGift(storetest.Context(viewer), &mutual.Gift{PartnerID: p.ID, Direction: "given", Kind: "gift", Description: "x",
				Value: money("1", "VND"), OccurredOn: day("2026-11-01")}); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("viewer declares: %v", err)
			}
		})

		t.Run("SupplierSeesNothing", func(t *testing.T) {
			sctx := storetest.Context(supplier)
			list, _, err := svc.Gifts.FindGifts(ctx, mutual.GiftFilter{PartnerID: p.ID})
			if err != nil || len(list) == 0 {
				t.Fatalf("buyer's list: %d, %v", len(list), err)
			}
			checks := map[string]error{}
			_, checks["by id"] = svc.Gifts.FindGiftByID(sctx, list[0].ID)
			_, _, checks["list"] = svc.Gifts.FindGifts(sctx, mutual.GiftFilter{PartnerID: p.ID})
			_, _, checks["register"] = svc.Gifts.FindGifts(sctx, mutual.GiftFilter{})
			_, checks["totals"] = svc.Gifts.GiftTotals(sctx, p.ID)
			_, checks["policy"] = svc.Gifts.FindGiftPolicy(sctx)
			_, checks["decide"] = svc.Gifts.DecideGift(sctx, list[0].ID, mutual.GiftDecision{Approve: true})
			_, checks["update policy"] = svc.Gifts.UpdateGiftPolicy(sctx, &mutual.GiftPolicy{})
			checks["declare"] = svc.Gifts.DeclareGift(sctx, &mutual.Gift{PartnerID: p.ID, Direction: "given", Kind: "gift", Description: "x",
				Value: money("1", "VND"), OccurredOn: day("2026-11-01")})
			for name, err := range checks {
				if mutual.ErrorCode(err) != mutual.ENOTFOUND {
					t.Errorf("%s: %v", name, err)
				}
			}
		})

		t.Run("Register", func(t *testing.T) {
			var seen []*mutual.Gift
			cursor := ""
			for {
				page, next, err := svc.Gifts.FindGifts(ctx, mutual.GiftFilter{Limit: 2, Cursor: cursor, Year: 2026})
				if err != nil {
					t.Fatal(err)
				}
				seen = append(seen, page...)
				if cursor = next; cursor == "" {
					break
				}
			}
			for i, g := range seen {
				if g.OccurredOn.Year() != 2026 {
					t.Errorf("year filter let %s through", g.OccurredOn)
				}
				if i > 0 && (g.OccurredOn.After(seen[i-1].OccurredOn) || (g.OccurredOn == seen[i-1].OccurredOn && g.ID > seen[i-1].ID)) {
					t.Errorf("not newest first at %d", i)
				}
			}
			if len(seen) < 10 {
				t.Errorf("register has %d entries of 2026", len(seen))
			}
			if _, _, err := svc.Gifts.FindGifts(ctx, mutual.GiftFilter{Status: "pending"}); mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("bad status: %v", err)
			}
			if _, _, err := svc.Gifts.FindGifts(ctx, mutual.GiftFilter{Cursor: "x"}); mutual.ErrorCode(err) != mutual.EINVALID {
				t.Errorf("bad cursor: %v", err)
			}
		})

		t.Run("Policy", func(t *testing.T) {
			pol, err := svc.Gifts.FindGiftPolicy(ctx)
			if err != nil || pol.BaseCurrency != "VND" || pol.ItemThreshold.String() != "500000 VND" || pol.YearlyThreshold.String() != "2000000 VND" ||
				pol.Rates["USD"].String() != "25400" || pol.Version != 1 {
				t.Fatalf("default policy %+v, %v", pol, err)
			}
			upd := *pol
			upd.ItemThreshold = money("1000000", "VND")
			upd.Rates = map[string]mutual.Decimal{"USD": money("26000", "VND").Amount, "THB": money("720", "VND").Amount}
			if _, err := svc.Gifts.UpdateGiftPolicy(mctx, &upd); mutual.ErrorCode(err) != mutual.EFORBIDDEN {
				t.Errorf("manager edits: %v", err)
			}
			actx := storetest.Context(admin)
			got, err := svc.Gifts.UpdateGiftPolicy(actx, &upd)
			if err != nil || got.Version != 2 || got.ItemThreshold.String() != "1000000 VND" || got.Rates["THB"].String() != "720" || len(got.Rates) != 2 {
				t.Fatalf("update: %+v, %v", got, err)
			}
			if _, err := svc.Gifts.UpdateGiftPolicy(actx, &upd); mutual.ErrorCode(err) != mutual.EPRECONDITION {
				t.Errorf("stale: %v", err)
			}
			bad := *got
			bad.ItemThreshold = money("5", "USD")
			bad.Rates = map[string]mutual.Decimal{"XYZ": money("1", "VND").Amount}
			err = func() error { _, err := svc.Gifts.UpdateGiftPolicy(actx, &bad); return err }()
			fields := map[string]bool{}
			for _, f := range mutual.ErrorFields(err) {
				fields[f.Field] = true
			}
			if !fields["item_threshold.currency"] || !fields["rates.XYZ"] {
				t.Errorf("bad policy: %v %+v", err, mutual.ErrorFields(err))
			}
			np := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "New policy"})
			if g := declare(t, ctx, mutual.Gift{PartnerID: np.ID, Direction: "given", Value: money("900000", "VND")}); g.Status != "approved" {
				t.Errorf("under the new item threshold: %s", g.Status)
			}
			if g := declare(t, ctx, mutual.Gift{PartnerID: np.ID, Direction: "received", Value: money("1000", "THB")}); g.Status != "approved" || g.BaseValue.String() != "720000 VND" {
				t.Errorf("new rate: %s %s", g.Status, g.BaseValue)
			}
			recs, _, err := svc.Audit.FindAuditRecords(actx, mutual.AuditFilter{Entity: "gift_policy"})
			if err != nil || len(recs) != 1 {
				t.Errorf("policy audit: %d, %v", len(recs), err)
			}
		})
	})
}
