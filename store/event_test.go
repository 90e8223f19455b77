package store_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func qty(s string) mutual.Decimal {
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return d
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if mutual.ErrorCode(err) != code {
		t.Fatalf("got %v (%s), want %s", err, mutual.ErrorCode(err), code)
	}
}

// wantReason checks the code and the reason of a refusal.
func wantReason(t *testing.T, err error, code, reason string) {
	t.Helper()
	if mutual.ErrorCode(err) != code || mutual.ErrorReason(err) != reason {
		t.Fatalf("got %v (%s, reason %q), want %s with reason %q", err, mutual.ErrorCode(err), mutual.ErrorReason(err), code, reason)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	for _, f := range mutual.ErrorFields(err) {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("got %v (fields %+v), want an error on %s", err, mutual.ErrorFields(err), field)
}

// sourcing is a cast for sourcing tests: a buyer, two managers, three
// invited suppliers with a user each, and one supplier not invited.
type sourcing struct {
	svc              mutual.Services
	clock            *storetest.Clock
	buyer, mgr, mgr2 *mutual.User
	a, b, c, outside *mutual.Partner
	ua, ub, uc, uout *mutual.User
}

func newSourcing(t *testing.T, db *store.DB, clock *storetest.Clock) *sourcing {
	s := &sourcing{svc: db.Services(), clock: clock}
	s.buyer, _ = storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
	s.mgr, _ = storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
	s.mgr2, _ = storetest.MustCreateUser(t, db, mutual.RoleManager, 0)
	s.a = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Thép Hòa Phát", Status: "active"})
	s.b = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Nhựa Bình Minh", Status: "active"})
	s.c = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Cơ khí Đức Giang", Status: "active"})
	s.outside = storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Outsider", Status: "active"})
	s.ua, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, s.a.ID)
	s.ub, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, s.b.ID)
	s.uc, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, s.c.ID)
	s.uout, _ = storetest.MustCreateUser(t, db, mutual.RoleSupplier, s.outside.ID)
	return s
}

// draft creates a sealed RFQ with two lines, a question and two criteria,
// closing in two days, invites a, b and c.
func (s *sourcing) draft(t *testing.T, two bool) *mutual.Event {
	t.Helper()
	e := &mutual.Event{Kind: "rfq", Title: "Thép cuộn 2027", Category: "Steel", Currency: "VND", Sealed: true, TwoPersonOpening: two,
		ClosesAt: s.clock.Now().Add(48 * time.Hour),
		Lines: []mutual.EventLine{
			{Item: "HRC-2", Description: "Hot rolled coil 2 mm", Quantity: qty("2.5"), Unit: "t", BaselinePrice: money("15000000", "VND")},
			{Item: "HRC-3", Quantity: qty("10"), Unit: "t", BaselinePrice: money("14000000", "VND"), TargetPrice: money("13000000", "VND")},
		},
		Questions: []mutual.Question{{Text: "ISO 9001?", Kind: "yes_no", Required: true}},
		Criteria:  []mutual.Criterion{{Name: "Price", Weight: 60}, {Name: "Quality", Weight: 40}},
	}
	if two {
		e.Committee = []mutual.ID{s.mgr.ID, s.mgr2.ID}
	}
	if err := s.svc.Events.CreateEvent(storetest.Context(s.buyer), e); err != nil {
		t.Fatalf("create event: %v", err)
	}
	if _, err := s.svc.Invitations.Invite(storetest.Context(s.buyer), e.ID, []mutual.ID{s.a.ID, s.b.ID, s.c.ID}); err != nil {
		t.Fatalf("invite: %v", err)
	}
	return e
}

func (s *sourcing) bid(e *mutual.Event, u *mutual.User, prices ...string) (*mutual.Bid, error) {
	yes := true
	b := &mutual.Bid{ValidUntil: mutual.DateOf(s.clock.Now().AddDate(0, 3, 0), time.UTC),
		Answers: []mutual.Answer{{QuestionID: e.Questions[0].ID, Yes: &yes}}}
	for i, p := range prices {
		if p != "" {
			b.Lines = append(b.Lines, mutual.BidLine{LineID: e.Lines[i].ID, UnitPrice: money(p, "VND"), LeadTimeDays: 10 * (i + 1)})
		}
	}
	return b, s.svc.Bids.SubmitBid(storetest.Context(u), e.ID, b)
}

func TestSourcingEvent(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		s := newSourcing(t, db, clock)
		bctx := storetest.Context(s.buyer)
		e := s.draft(t, true)

		t.Run("DraftIsInvisibleToSuppliers", func(t *testing.T) {
			_, err := s.svc.Events.FindEventByID(storetest.Context(s.ua), e.ID)
			wantCode(t, err, mutual.ENOTFOUND)
			_, err = s.bid(e, s.ua, "1", "1")
			wantCode(t, err, mutual.ENOTFOUND)
		})

		t.Run("InviteRules", func(t *testing.T) {
			suspended := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Suspended", Status: "suspended"})
			customer := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Customer", Roles: []string{mutual.PartnerCustomer}})
			_, err := s.svc.Invitations.Invite(bctx, e.ID, []mutual.ID{suspended.ID, customer.ID})
			wantField(t, err, "partner_ids[0]")
			wantField(t, err, "partner_ids[1]")
		})

		t.Run("PublishNotifies", func(t *testing.T) {
			got, err := s.svc.Events.PublishEvent(bctx, e.ID, e.Version)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != "open" || got.Invited != 3 || got.OpensAt.IsZero() {
				t.Fatalf("published: %+v", got)
			}
			*e = *got
			ns, _, err := s.svc.Notifications.FindNotifications(storetest.Context(s.ua), mutual.NotificationFilter{UnreadOnly: true, Limit: 10})
			if err != nil || len(ns) != 1 || ns[0].Kind != "invited" || ns[0].EventID != e.ID {
				t.Fatalf("notifications %+v %v", ns, err)
			}
			seen, err := s.svc.Events.FindEventByID(storetest.Context(s.ua), e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !seen.Lines[0].BaselinePrice.IsZero() || !seen.Lines[1].TargetPrice.IsZero() || seen.Invited != 0 || len(seen.Evaluators) != 0 {
				t.Errorf("a supplier sees the buying side's fields: %+v", seen)
			}
			_, err = s.svc.Events.FindEventByID(storetest.Context(s.uout), e.ID)
			wantCode(t, err, mutual.ENOTFOUND)
			list, _, err := s.svc.Events.FindEvents(storetest.Context(s.uout), mutual.EventFilter{})
			if err != nil || len(list) != 0 {
				t.Errorf("outsider lists %d events, %v", len(list), err)
			}
		})

		t.Run("LinesFixedAfterPublish", func(t *testing.T) {
			lines := e.Lines[:1]
			_, err := s.svc.Events.UpdateEvent(bctx, e.ID, mutual.EventUpdate{Lines: &lines})
			wantCode(t, err, mutual.ECONFLICT)
			c := &mutual.Clarification{EventID: e.ID, Text: "Delivery to Bình Dương, not Hà Nội."}
			if err := s.svc.Clarifications.AddClarification(bctx, c); err != nil {
				t.Fatal(err)
			}
			cs, err := s.svc.Clarifications.FindClarifications(storetest.Context(s.ub), e.ID)
			if err != nil || len(cs) != 1 {
				t.Fatalf("clarifications %v %v", cs, err)
			}
		})

		t.Run("BidValidation", func(t *testing.T) {
			b := &mutual.Bid{ValidUntil: mutual.DateOf(clock.Now(), time.UTC).AddDays(-1),
				Lines: []mutual.BidLine{{LineID: e.Lines[0].ID, UnitPrice: money("10", "USD")}, {LineID: 999999, UnitPrice: money("1", "VND")}}}
			err := s.svc.Bids.SubmitBid(storetest.Context(s.ua), e.ID, b)
			for _, f := range []string{"valid_until", "lines[0].unit_price.currency", "lines[1].line_id", "answers"} {
				wantField(t, err, f)
			}
			_, err = s.bid(e, s.uout, "1", "1")
			wantCode(t, err, mutual.ENOTFOUND)
			_, err = s.bid(e, s.buyer, "1", "1")
			wantCode(t, err, mutual.EFORBIDDEN)
		})

		t.Run("BidsRevisedAndSealed", func(t *testing.T) {
			if _, err := s.bid(e, s.ua, "14000000", "13500000"); err != nil {
				t.Fatal(err)
			}
			b, err := s.bid(e, s.ua, "14500000", "13200000")
			if err != nil {
				t.Fatal(err)
			}
			if b.Revision != 2 || b.Total.String() != "168250000 VND" {
				t.Errorf("revision %d total %s", b.Revision, b.Total)
			}
			if _, err := s.bid(e, s.ub, "14200000", "13000000"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.bid(e, s.uc, "16000000", ""); err != nil {
				t.Fatal(err)
			}
			mine, err := s.svc.Bids.FindMyBid(storetest.Context(s.ua), e.ID)
			if err != nil || mine.Revision != 2 || mine.Lines[0].UnitPrice.String() != "14500000 VND" {
				t.Fatalf("my bid %+v %v", mine, err)
			}
			revs, err := s.svc.Bids.FindBidRevisions(storetest.Context(s.ua), e.ID, s.a.ID)
			if err != nil || len(revs) != 2 || revs[1].Lines[0].UnitPrice.String() != "14000000 VND" {
				t.Fatalf("revisions %+v %v", revs, err)
			}
			_, err = s.svc.Bids.FindBidRevisions(storetest.Context(s.ub), e.ID, s.a.ID)
			wantCode(t, err, mutual.ENOTFOUND)
			// The buying side sees that, not what.
			_, err = s.svc.Bids.FindBids(storetest.Context(s.mgr), e.ID)
			wantReason(t, err, mutual.ECONFLICT, "bids_sealed")
			_, err = s.svc.Bids.Tabulate(storetest.Context(s.mgr), e.ID)
			wantReason(t, err, mutual.ECONFLICT, "bids_sealed")
			_, err = s.svc.Bids.FindBidRevisions(storetest.Context(s.mgr), e.ID, s.a.ID)
			wantReason(t, err, mutual.ECONFLICT, "bids_sealed")
			inv, err := s.svc.Invitations.FindInvitations(bctx, e.ID)
			if err != nil || len(inv) != 3 {
				t.Fatalf("invitations %v %v", inv, err)
			}
			for _, in := range inv {
				if in.BidStatus != "submitted" {
					t.Errorf("%s: %s", in.PartnerName, in.BidStatus)
				}
			}
			// The audit log keeps digests, not prices.
			recs, _, err := s.svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Entity == "bid" && (strings.Contains(string(r.After), "14500000") || strings.Contains(string(r.After), "unit_price")) {
					t.Errorf("audit leaks a sealed bid: %s", r.After)
				}
			}
		})

		t.Run("AttachmentSealed", func(t *testing.T) {
			d := &mutual.Document{EventID: e.ID, Name: "bao-gia-14.5-trieu.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 price list")}
			if err := s.svc.Bids.AddBidAttachment(storetest.Context(s.ua), d); err != nil {
				t.Fatal(err)
			}
			if _, err := s.svc.Documents.FindDocument(storetest.Context(s.ua), e.ID, d.ID); err != nil {
				t.Errorf("the bidder cannot read its attachment: %v", err)
			}
			for _, u := range []*mutual.User{s.mgr, s.ub} {
				_, err := s.svc.Documents.FindDocument(storetest.Context(u), e.ID, d.ID)
				wantCode(t, err, mutual.ENOTFOUND)
			}
			docs, err := s.svc.Documents.FindDocuments(bctx, e.ID)
			if err != nil || len(docs) != 0 {
				t.Errorf("event documents list a bid attachment: %v %v", docs, err)
			}
			// The bidder lists its own attachments; another bidder does not.
			mine, err := s.svc.Documents.FindDocuments(storetest.Context(s.ua), e.ID)
			if err != nil || len(mine) != 1 || mine[0].ID != d.ID || mine[0].PartnerID != s.a.ID {
				t.Errorf("the bidder's documents %v %v", mine, err)
			}
			theirs, err := s.svc.Documents.FindDocuments(storetest.Context(s.ub), e.ID)
			if err != nil || len(theirs) != 0 {
				t.Errorf("another bidder lists %v %v", theirs, err)
			}
			recs, _, err := s.svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if strings.Contains(string(r.After), "bao-gia") {
					t.Errorf("audit names a sealed attachment: %s", r.After)
				}
			}
		})

		t.Run("ClosesAtDeadline", func(t *testing.T) {
			clock.Set(e.ClosesAt)
			_, err := s.bid(e, s.ub, "1", "1")
			wantCode(t, err, mutual.ECONFLICT)
			got, err := s.svc.Events.FindEventByID(bctx, e.ID)
			if err != nil || got.Status != "closed" {
				t.Fatalf("status %v %v", got.Status, err)
			}
			n, err := s.svc.Events.CloseDueEvents(storetest.SystemContext())
			if err != nil || n != 0 {
				// The refused bid recorded the close already.
				t.Fatalf("closed %d, %v", n, err)
			}
			recs, _, _ := s.svc.Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Limit: 500})
			closes := 0
			for _, r := range recs {
				if r.Entity == "event" && r.EntityID == e.ID && r.Action == "close" {
					closes++
				}
			}
			if closes != 1 {
				t.Errorf("%d close records", closes)
			}
			if _, err := s.svc.Bids.WithdrawBid(storetest.Context(s.ua), e.ID); mutual.ErrorCode(err) != mutual.ECONFLICT {
				t.Errorf("withdraw after close: %v", err)
			}
		})

		t.Run("TwoPersonOpening", func(t *testing.T) {
			_, err := s.svc.Events.UnsealEvent(bctx, e.ID, storetest.Password, "test")
			wantCode(t, err, mutual.EFORBIDDEN)
			got, err := s.svc.Events.UnsealEvent(storetest.Context(s.mgr), e.ID, storetest.Password, "test")
			if err != nil || !got.UnsealedAt.IsZero() || len(got.Openers) != 1 {
				t.Fatalf("first opening: %+v %v", got, err)
			}
			_, err = s.svc.Bids.FindBids(storetest.Context(s.mgr), e.ID)
			wantReason(t, err, mutual.ECONFLICT, "bids_sealed")
			_, err = s.svc.Events.UnsealEvent(storetest.Context(s.mgr), e.ID, storetest.Password, "test")
			wantCode(t, err, mutual.ECONFLICT)
			got, err = s.svc.Events.UnsealEvent(storetest.Context(s.mgr2), e.ID, storetest.Password, "test")
			if err != nil || got.UnsealedAt.IsZero() {
				t.Fatalf("second opening: %+v %v", got, err)
			}
			bids, err := s.svc.Bids.FindBids(bctx, e.ID)
			if err != nil || len(bids) != 3 {
				t.Fatalf("bids %v %v", bids, err)
			}
		})

		t.Run("ScoresAndTabulation", func(t *testing.T) {
			bids, _ := s.svc.Bids.FindBids(bctx, e.ID)
			byPartner := map[mutual.ID]*mutual.Bid{}
			for _, b := range bids {
				byPartner[b.PartnerID] = b
			}
			quality := e.Criteria[1].ID
			_, err := s.svc.Bids.SetScores(storetest.Context(s.mgr), e.ID, []mutual.Score{{BidID: bids[0].ID, CriterionID: quality, Score: 50}})
			wantCode(t, err, mutual.EFORBIDDEN)
			_, err = s.svc.Bids.SetScores(bctx, e.ID, []mutual.Score{{BidID: bids[0].ID, CriterionID: e.Criteria[0].ID, Score: 50}, {BidID: bids[0].ID, CriterionID: quality, Score: 101}})
			wantField(t, err, "scores[0].criterion_id")
			wantField(t, err, "scores[1].score")
			if _, err := s.svc.Bids.SetScores(bctx, e.ID, []mutual.Score{
				{BidID: byPartner[s.a.ID].ID, CriterionID: quality, Score: 90},
				{BidID: byPartner[s.b.ID].ID, CriterionID: quality, Score: 60},
				{BidID: byPartner[s.c.ID].ID, CriterionID: quality, Score: 100, Comment: "Best mill"},
			}); err != nil {
				t.Fatal(err)
			}
			tab, err := s.svc.Bids.Tabulate(bctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			// Line 1: a 14.5M, b 14.2M (lowest), c 16M; line 2: a 13.2M, b 13M (lowest), c none.
			if !tab.Rows[0].Cells[indexOf(tab, s.b.ID)].Lowest || tab.Rows[0].Lowest.String() != "14200000 VND" || tab.Rows[1].Cells[indexOf(tab, s.c.ID)].Quoted {
				t.Errorf("rows %+v", tab.Rows)
			}
			ev := map[mutual.ID]mutual.Evaluation{}
			for _, x := range tab.Evaluations {
				ev[x.PartnerID] = x
			}
			// b: 2.5x14.2M + 10x13M = 165.5M, the lowest: price 100, total 0.6x100 + 0.4x60 = 84.
			// a: 36.25M + 132M = 168.25M: price 98.37; total 59.02 + 36 = 95.02.
			// c: 40M + 10 x 13.2M (highest quote for the line it lacks) = 172M: price 96.22; total 57.73 + 40 = 97.73.
			for _, w := range []struct {
				p            mutual.ID
				price, total string
				rank         int
				complete     bool
			}{{s.c.ID, "96.22", "97.73", 1, false}, {s.a.ID, "98.37", "95.02", 2, true}, {s.b.ID, "100", "84", 3, true}} {
				x := ev[w.p]
				if x.PriceScore.String() != w.price || x.Total.String() != w.total || x.Rank != w.rank || x.Complete != w.complete {
					t.Errorf("%s: price %s total %s rank %d complete %v; want %s %s %d %v", x.PartnerName, x.PriceScore, x.Total, x.Rank, x.Complete, w.price, w.total, w.rank, w.complete)
				}
			}
		})

		t.Run("Award", func(t *testing.T) {
			bids, _ := s.svc.Bids.FindBids(bctx, e.ID)
			byPartner := map[mutual.ID]*mutual.Bid{}
			for _, b := range bids {
				byPartner[b.PartnerID] = b
			}
			from := mutual.NewDate(2027, 1, 1)
			bad := &mutual.Award{ValidFrom: from, Lines: []mutual.AwardLine{{LineID: e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: byPartner[s.c.ID].ID, Quantity: qty("10")}}}}}
			_, err := s.svc.Agreements.AwardEvent(bctx, e.ID, bad)
			wantField(t, err, "lines[0].splits[0].bid_id")
			short := &mutual.Award{ValidFrom: from, Lines: []mutual.AwardLine{{LineID: e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: byPartner[s.a.ID].ID, Quantity: qty("9")}}}}}
			_, err = s.svc.Agreements.AwardEvent(bctx, e.ID, short)
			wantField(t, err, "lines[0].splits")
			award := &mutual.Award{ValidFrom: from, ValidTo: mutual.NewDate(2027, 12, 31), Lines: []mutual.AwardLine{
				{LineID: e.Lines[0].ID, Splits: []mutual.AwardPart{{BidID: byPartner[s.b.ID].ID, Quantity: qty("2.5")}}},
				{LineID: e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: byPartner[s.b.ID].ID, Quantity: qty("6")}, {BidID: byPartner[s.a.ID].ID, Quantity: qty("4")}}},
			}}
			ags, err := s.svc.Agreements.AwardEvent(bctx, e.ID, award)
			if err != nil {
				t.Fatal(err)
			}
			if len(ags) != 3 {
				t.Fatalf("%d agreements", len(ags))
			}
			// b line 1: (15M - 14.2M) x 2.5 = 2M; b line 2: (14M - 13M) x 6 = 6M; a line 2: (14M - 13.2M) x 4 = 3.2M.
			for i, want := range []string{"2000000 VND", "6000000 VND", "3200000 VND"} {
				if ags[i].Saving.String() != want || ags[i].BaseSaving.String() != want {
					t.Errorf("agreement %d saving %s base %s, want %s", i, ags[i].Saving, ags[i].BaseSaving, want)
				}
			}
			got, _ := s.svc.Events.FindEventByID(bctx, e.ID)
			if got.Status != "awarded" {
				t.Errorf("status %s", got.Status)
			}
			for _, w := range []struct {
				u       *mutual.User
				outcome string
				n       int
			}{{s.ua, "partial", 1}, {s.ub, "partial", 2}, {s.uc, "lost", 0}} {
				res, err := s.svc.Agreements.FindAward(storetest.Context(w.u), e.ID)
				if err != nil {
					t.Fatal(err)
				}
				if res.Outcome != w.outcome || len(res.Agreements) != w.n || !res.Saving.IsZero() {
					t.Errorf("supplier sees outcome %s, %d agreements, saving %s; want %s, %d", res.Outcome, len(res.Agreements), res.Saving, w.outcome, w.n)
				}
				for _, a := range res.Agreements {
					if a.PartnerID != w.u.PartnerID || !a.BaselinePrice.IsZero() {
						t.Errorf("supplier sees %+v", a)
					}
				}
				for _, l := range res.Lines {
					for _, sp := range l.Splits {
						if sp.BidID != byPartner[w.u.PartnerID].ID {
							t.Errorf("supplier sees a competitor's award %+v", sp)
						}
					}
				}
			}
			mine, err := s.svc.Invitations.FindMyInvitations(storetest.Context(s.ua), []mutual.ID{e.ID, 999999})
			if err != nil || len(mine) != 1 || mine[0].Outcome != "partial" || mine[0].BidStatus != "submitted" || mine[0].PartnerID != s.a.ID {
				t.Errorf("my invitations %+v %v", mine, err)
			}
			if none, err := s.svc.Invitations.FindMyInvitations(bctx, []mutual.ID{e.ID}); err != nil || len(none) != 0 {
				t.Errorf("a buyer's own invitations %v %v", none, err)
			}
			list, _, err := s.svc.Agreements.FindAgreements(storetest.Context(s.ua), mutual.AgreementFilter{})
			if err != nil || len(list) != 1 {
				t.Fatalf("supplier agreements %v %v", list, err)
			}
			_, _, err = s.svc.Agreements.FindAgreements(storetest.Context(s.ua), mutual.AgreementFilter{PartnerID: s.b.ID})
			wantCode(t, err, mutual.ENOTFOUND)
			_, err = s.svc.Agreements.FindAgreementByID(storetest.Context(s.ua), ags[0].ID)
			wantCode(t, err, mutual.ENOTFOUND)
			_, err = s.svc.Events.CancelEvent(bctx, e.ID, "too late", 0)
			wantCode(t, err, mutual.ECONFLICT)
		})

		t.Run("Negotiation", func(t *testing.T) {
			ags, _, _ := s.svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{PartnerID: s.a.ID})
			n := &mutual.Negotiation{PartnerID: s.a.ID, Title: "Yearly review", Currency: "VND", ValidFrom: mutual.NewDate(2027, 6, 1),
				Lines: []mutual.NegotiationLine{{Item: ags[0].Item, Quantity: qty("4"), Unit: "t", AgreementID: ags[0].ID}}}
			if err := s.svc.Negotiations.CreateNegotiation(bctx, n); err != nil {
				t.Fatal(err)
			}
			if n.Lines[0].BaselinePrice.String() != "13200000 VND" {
				t.Errorf("baseline %s", n.Lines[0].BaselinePrice)
			}
			offer := func(u *mutual.User, price string) (*mutual.Negotiation, error) {
				return s.svc.Negotiations.AddRound(storetest.Context(u), n.ID, &mutual.Round{Lines: []mutual.RoundLine{{LineID: n.Lines[0].ID, UnitPrice: money(price, "VND")}}})
			}
			if _, err := offer(s.buyer, "12500000"); err != nil {
				t.Fatal(err)
			}
			_, err := offer(s.buyer, "12400000")
			wantCode(t, err, mutual.ECONFLICT)
			_, err = offer(s.ub, "12900000")
			wantCode(t, err, mutual.ENOTFOUND)
			if _, err := offer(s.ua, "12900000"); err != nil {
				t.Fatal(err)
			}
			ns, _, _ := s.svc.Notifications.FindNotifications(bctx, mutual.NotificationFilter{UnreadOnly: true, Limit: 10})
			if len(ns) == 0 || ns[0].Kind != "negotiation" || ns[0].Link != "/negotiations/"+n.ID.String() {
				t.Errorf("the buyer is not told of the counter-offer: %+v", ns)
			}
			if list, _, err := s.svc.Negotiations.FindNegotiations(storetest.Context(s.ua), mutual.NegotiationFilter{Status: "open"}); err != nil || len(list) != 1 || list[0].LastSide != "theirs" {
				t.Errorf("negotiations %+v %v", list, err)
			}
			if _, err := offer(s.buyer, "12700000"); err != nil {
				t.Fatal(err)
			}
			got, err := s.svc.Negotiations.CloseNegotiation(storetest.Context(s.ua), n.ID, mutual.NegotiationClose{Agreed: true})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != "agreed" || len(got.Rounds) != 3 || got.Rounds[1].Side != "theirs" || !got.Saving.IsZero() {
				t.Errorf("supplier sees %+v", got)
			}
			got, _ = s.svc.Negotiations.FindNegotiationByID(bctx, n.ID)
			// (13.2M - 12.7M) x 4 = 2M.
			if got.Saving.String() != "2000000 VND" {
				t.Errorf("saving %s", got.Saving)
			}
			old, _ := s.svc.Agreements.FindAgreementByID(bctx, ags[0].ID)
			if old.Status != "superseded" {
				t.Errorf("old agreement %s", old.Status)
			}
			_, err = s.svc.Negotiations.FindNegotiationByID(storetest.Context(s.ub), n.ID)
			wantCode(t, err, mutual.ENOTFOUND)
			agreed, _, err := s.svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{NegotiationID: n.ID})
			if err != nil || len(agreed) != 1 || agreed[0].UnitPrice.String() != "12700000 VND" {
				t.Errorf("the negotiation's agreements %+v %v", agreed, err)
			}

			// A buyer records an offer the supplier made by phone, later.
			clock.Add(time.Minute)
			n2 := &mutual.Negotiation{PartnerID: s.a.ID, Title: "Phone offer", Currency: "VND",
				Lines: []mutual.NegotiationLine{{Item: "HRC-3", Quantity: qty("4"), Unit: "t", BaselinePrice: money("13000000", "VND")}}}
			if err := s.svc.Negotiations.CreateNegotiation(bctx, n2); err != nil {
				t.Fatal(err)
			}
			got, err = s.svc.Negotiations.AddRound(bctx, n2.ID, &mutual.Round{Side: "theirs", Lines: []mutual.RoundLine{{LineID: n2.Lines[0].ID, UnitPrice: money("12950000", "VND")}}})
			if err != nil || got.LastRound().Side != "theirs" || got.LastRound().CreatedBy != s.buyer.ID {
				t.Fatalf("recorded offer %+v %v", got, err)
			}
			_, err = s.svc.Negotiations.AddRound(storetest.Context(s.ua), n2.ID, &mutual.Round{Lines: []mutual.RoundLine{{LineID: n2.Lines[0].ID, UnitPrice: money("12900000", "VND")}}})
			wantCode(t, err, mutual.ECONFLICT)
			ns, _, _ = s.svc.Notifications.FindNotifications(storetest.Context(s.ua), mutual.NotificationFilter{UnreadOnly: true, Limit: 1})
			if len(ns) == 0 || ns[0].Subject != "Phone offer" {
				t.Errorf("the supplier is not told of the recorded offer: %+v", ns)
			}
		})

		t.Run("Savings", func(t *testing.T) {
			rep, err := s.svc.Savings.Savings(bctx, mutual.SavingsFilter{GroupBy: "partner"})
			if err != nil {
				t.Fatal(err)
			}
			// Baselines 37.5M + 84M + 56M + 52.8M = 230.3M; agreed 35.5M + 78M + 52.8M + 50.8M = 217.1M.
			if rep.Total.Saving.String() != "13200000 VND" || rep.Total.BaselineSpend.String() != "230300000 VND" || rep.Total.SavingPercent.String() != "5.73" || len(rep.Rows) != 2 {
				t.Errorf("report %+v", rep)
			}
			_, err = s.svc.Savings.Savings(storetest.Context(s.ua), mutual.SavingsFilter{})
			wantCode(t, err, mutual.ENOTFOUND)
		})

		t.Run("CancelledBidsStaySealed", func(t *testing.T) {
			e2 := s.draft(t, false)
			if _, err := s.svc.Events.PublishEvent(bctx, e2.ID, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := s.bid(e2, s.ua, "1", "1"); err != nil {
				t.Fatal(err)
			}
			_, err := s.svc.Events.CancelEvent(bctx, e2.ID, "", 0)
			wantField(t, err, "reason")
			_, err = s.svc.Events.CancelEvent(bctx, e2.ID, "Budget withdrawn", 1)
			wantCode(t, err, mutual.EPRECONDITION)
			cur, _ := s.svc.Events.FindEventByID(bctx, e2.ID)
			if _, err := s.svc.Events.CancelEvent(bctx, e2.ID, "Budget withdrawn", cur.Version); err != nil {
				t.Fatal(err)
			}
			_, err = s.svc.Events.UnsealEvent(storetest.Context(s.mgr), e2.ID, storetest.Password, "test")
			wantCode(t, err, mutual.ECONFLICT)
			_, err = s.svc.Bids.FindBids(storetest.Context(s.mgr), e2.ID)
			wantReason(t, err, mutual.ECONFLICT, "bids_sealed")
		})

		t.Run("CopyAsTemplate", func(t *testing.T) {
			cp, err := s.svc.Events.CopyEvent(bctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if cp.Status != "draft" || cp.CopiedFrom != e.ID || len(cp.Lines) != 2 || len(cp.Criteria) != 2 || cp.Invited != 3 || !cp.ClosesAt.After(clock.Now()) {
				t.Errorf("copy %+v", cp)
			}
		})
	})
}

// TestCloseDueEvents closes events at their closing time exactly once, with
// several servers running the job at the same moment.
func TestCloseDueEvents(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		s := newSourcing(t, db, clock)
		var events []*mutual.Event
		for range 3 {
			e := s.draft(t, false)
			if _, err := s.svc.Events.PublishEvent(storetest.Context(s.buyer), e.ID, 0); err != nil {
				t.Fatal(err)
			}
			events = append(events, e)
		}
		if n, err := s.svc.Events.CloseDueEvents(storetest.SystemContext()); err != nil || n != 0 {
			t.Fatalf("closed %d before time, %v", n, err)
		}
		clock.Add(48 * time.Hour)
		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.svc.Events.CloseDueEvents(storetest.SystemContext())
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if total := counts[0] + counts[1] + counts[2] + counts[3]; total != 3 {
			t.Errorf("closed %v, want 3 in all", counts)
		}
		for _, e := range events {
			got, _ := s.svc.Events.FindEventByID(storetest.Context(s.buyer), e.ID)
			if got.Status != "closed" || !got.ClosedAt.Equal(e.ClosesAt) {
				t.Errorf("event %d: %s at %v", e.ID, got.Status, got.ClosedAt)
			}
		}
		ns, _, _ := s.svc.Notifications.FindNotifications(storetest.Context(s.ua), mutual.NotificationFilter{Limit: 100})
		closed := 0
		for _, n := range ns {
			if n.Kind == "closed" {
				closed++
			}
		}
		if closed != 3 {
			t.Errorf("%d close notifications, want 3", closed)
		}
		// A page at a time, newest first, each once.
		var paged []*mutual.Notification
		f := mutual.NotificationFilter{Limit: 2}
		for range len(ns) {
			page, next, err := s.svc.Notifications.FindNotifications(storetest.Context(s.ua), f)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, page...)
			if next == "" {
				break
			}
			f.Cursor = next
		}
		if len(paged) != len(ns) || len(ns) < 3 || paged[0].ID != ns[0].ID || paged[len(paged)-1].ID != ns[len(ns)-1].ID {
			t.Errorf("paged %d notifications, want %d", len(paged), len(ns))
		}
		_, _, err := s.svc.Notifications.FindNotifications(storetest.Context(s.ua), mutual.NotificationFilter{Cursor: "x"})
		wantField(t, err, "cursor")
	})
}

func indexOf(t *mutual.Tabulation, partner mutual.ID) int {
	for i, b := range t.Bids {
		if b.PartnerID == partner {
			return i
		}
	}
	return -1
}

// TestConcurrentBids submits from many suppliers, and many times from one,
// at once: one live bid each, every revision kept.
func TestConcurrentBids(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(time.Now())
		s := newSourcing(t, db, clock)
		e := s.draft(t, false)
		var users []*mutual.User
		for i := 0; i < 10; i++ {
			p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Bidder " + itoa(i), Status: "active"})
			u, _ := storetest.MustCreateUser(t, db, mutual.RoleSupplier, p.ID)
			users = append(users, u)
			if _, err := s.svc.Invitations.Invite(storetest.Context(s.buyer), e.ID, []mutual.ID{p.ID}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.svc.Events.PublishEvent(storetest.Context(s.buyer), e.ID, 0); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for _, u := range users {
			for j := 0; j < 5; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := s.bid(e, u, "100", "200")
					errs <- err
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, u := range users {
			revs, err := s.svc.Bids.FindBidRevisions(storetest.Context(u), e.ID, u.PartnerID)
			if err != nil || len(revs) != 5 || revs[0].Revision != 5 {
				t.Fatalf("revisions %d %v", len(revs), err)
			}
		}
		got, _ := s.svc.Events.FindEventByID(storetest.Context(s.buyer), e.ID)
		if got.Submitted != 10 {
			t.Errorf("%d live bids, want 10", got.Submitted)
		}
	})
}

func itoa(i int) string { return mutual.ID(i).String() }

// TestAwardAfterNegotiation: prices negotiated with bidders before the
// award stand for the lines awarded to them, for the quantity awarded;
// those negotiated for lines awarded to others are withdrawn and save
// nothing; no agreement is written twice.
func TestAwardAfterNegotiation(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		s := newSourcing(t, db, clock)
		bctx := storetest.Context(s.buyer)
		e := s.draft(t, false)
		if _, err := s.svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
			t.Fatal(err)
		}
		bidA, err := s.bid(e, s.ua, "14500000", "13200000")
		if err != nil {
			t.Fatal(err)
		}
		bidB, err := s.bid(e, s.ub, "14200000", "13000000")
		if err != nil {
			t.Fatal(err)
		}
		clock.Set(e.ClosesAt.Add(time.Minute))
		if _, err := s.svc.Events.CloseDueEvents(storetest.SystemContext()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.Events.UnsealEvent(storetest.Context(s.mgr), e.ID, storetest.Password, "test"); err != nil {
			t.Fatal(err)
		}

		// With a: 14M and 12.9M agreed on both lines.
		na, err := s.svc.Negotiations.StartFromEvent(bctx, e.ID, bidA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.Negotiations.AddRound(bctx, na.ID, &mutual.Round{Lines: []mutual.RoundLine{
			{LineID: na.Lines[0].ID, UnitPrice: money("14000000", "VND")}, {LineID: na.Lines[1].ID, UnitPrice: money("12900000", "VND")}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.Negotiations.CloseNegotiation(storetest.Context(s.ua), na.ID, mutual.NegotiationClose{Agreed: true}); err != nil {
			t.Fatal(err)
		}
		negotiated, _, err := s.svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{NegotiationID: na.ID})
		if err != nil || len(negotiated) != 2 {
			t.Fatalf("negotiated agreements %v %v", negotiated, err)
		}
		// With b, still open: no award until it ends.
		nb, err := s.svc.Negotiations.StartFromEvent(bctx, e.ID, bidB.ID)
		if err != nil {
			t.Fatal(err)
		}
		award := &mutual.Award{ValidFrom: mutual.NewDate(2027, 1, 1), ValidTo: mutual.NewDate(2027, 12, 31), Lines: []mutual.AwardLine{
			{LineID: e.Lines[0].ID, Splits: []mutual.AwardPart{{BidID: bidA.ID, Quantity: qty("2")}, {BidID: bidB.ID, Quantity: qty("0.5")}}},
			{LineID: e.Lines[1].ID, Splits: []mutual.AwardPart{{BidID: bidB.ID, Quantity: qty("10")}}},
		}}
		_, err = s.svc.Agreements.AwardEvent(bctx, e.ID, award)
		wantCode(t, err, mutual.ECONFLICT)
		if _, err := s.svc.Negotiations.CloseNegotiation(bctx, nb.ID, mutual.NegotiationClose{Outcome: "Their price is final."}); err != nil {
			t.Fatal(err)
		}

		ags, err := s.svc.Agreements.AwardEvent(bctx, e.ID, award)
		if err != nil {
			t.Fatal(err)
		}
		// a line 1: the negotiated agreement, for 2 t: (15M - 14M) x 2 = 2M;
		// b line 1: (15M - 14.2M) x 0.5 = 0.4M; b line 2: (14M - 13M) x 10 = 10M.
		if len(ags) != 3 || ags[0].ID != negotiated[1].ID && ags[0].ID != negotiated[0].ID || ags[0].NegotiationID != na.ID ||
			ags[0].UnitPrice.String() != "14000000 VND" || ags[0].Quantity.String() != "2" || ags[0].Saving.String() != "2000000 VND" ||
			ags[0].BaseSaving.String() != "2000000 VND" || ags[0].ValidTo != mutual.NewDate(2027, 12, 31) {
			t.Fatalf("awarded %+v", ags)
		}
		all, _, err := s.svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{EventID: e.ID})
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]int{}
		for _, a := range all {
			status[a.Status]++
			if a.PartnerID == s.a.ID && a.LineID == e.Lines[1].ID && a.Status != "withdrawn" {
				t.Errorf("a's price for a line awarded to b still %s", a.Status)
			}
		}
		if len(all) != 4 || status["active"] != 3 || status["withdrawn"] != 1 {
			t.Errorf("agreements of the event: %d, %v", len(all), status)
		}
		for st, n := range map[string]int{"active": 3, "withdrawn": 1, "superseded": 0} {
			if got, _, err := s.svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{EventID: e.ID, Status: st}); err != nil || len(got) != n {
				t.Errorf("agreements of the event %s: %d %v, want %d", st, len(got), err, n)
			}
		}
		_, _, err = s.svc.Agreements.FindAgreements(bctx, mutual.AgreementFilter{Status: "expired"})
		wantField(t, err, "status")
		rep, err := s.svc.Savings.Savings(bctx, mutual.SavingsFilter{GroupBy: "partner"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Saving.String() != "12400000 VND" {
			t.Errorf("saving %s, want 12.4M", rep.Total.Saving)
		}
		// The negotiation's saving is what its prices saved as awarded.
		if got, err := s.svc.Negotiations.FindNegotiationByID(bctx, na.ID); err != nil || got.Saving.String() != "2000000 VND" {
			t.Errorf("negotiation saving %v %v, want 2M", got.Saving, err)
		}
		res, err := s.svc.Agreements.FindAward(storetest.Context(s.ua), e.ID)
		if err != nil || res.Outcome != "partial" || len(res.Agreements) != 1 || res.Agreements[0].UnitPrice.String() != "14000000 VND" {
			t.Errorf("a sees %+v %v", res, err)
		}
	})
}
