package store_test

import (
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// bigEvent publishes an event with lines lines and suppliers invited
// suppliers, each with a user, and returns it with the users.
func bigEvent(tb testing.TB, db *store.DB, lines, suppliers int) (*mutual.Event, *mutual.User, []*mutual.User) {
	tb.Helper()
	svc := db.Services()
	buyer, _ := storetest.MustCreateUser(tb, db, mutual.RoleManager, 0)
	e := &mutual.Event{Kind: "rfq", Title: "Big event", Currency: "VND", Sealed: true, ClosesAt: time.Now().Add(24 * time.Hour),
		Questions: []mutual.Question{{Text: "Warranty (months)?", Kind: "number"}, {Text: "Certified?", Kind: "yes_no"}},
		Criteria:  []mutual.Criterion{{Name: "price", Weight: 50}, {Name: "quality", Weight: 30}, {Name: "service", Weight: 20}}}
	for i := 0; i < lines; i++ {
		e.Lines = append(e.Lines, mutual.EventLine{Item: "ITEM-" + strconv.Itoa(i), Quantity: qty(strconv.Itoa(1+i%7) + ".5"), Unit: "pcs",
			BaselinePrice: money(strconv.Itoa(100000+i*1000), "VND")})
	}
	ctx := storetest.Context(buyer)
	if err := svc.Events.CreateEvent(ctx, e); err != nil {
		tb.Fatal(err)
	}
	var users []*mutual.User
	var ids []mutual.ID
	for i := 0; i < suppliers; i++ {
		p := storetest.MustCreatePartner(tb, db, &mutual.Partner{Name: "Supplier " + strconv.Itoa(i), Status: "active"})
		u, _ := storetest.MustCreateUser(tb, db, mutual.RoleSupplier, p.ID)
		users, ids = append(users, u), append(ids, p.ID)
	}
	if _, err := svc.Invitations.Invite(ctx, e.ID, ids); err != nil {
		tb.Fatal(err)
	}
	got, err := svc.Events.PublishEvent(ctx, e.ID, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return got, buyer, users
}

// bigBid is supplier i's bid on every line of e.
func bigBid(e *mutual.Event, i int) *mutual.Bid {
	yes := i%2 == 0
	months := qty(strconv.Itoa(12 + i%24))
	b := &mutual.Bid{ValidUntil: mutual.NewDate(2030, 1, 1), Comments: "Prices include delivery.",
		Answers: []mutual.Answer{{QuestionID: e.Questions[0].ID, Number: &months}, {QuestionID: e.Questions[1].ID, Yes: &yes}}}
	for j, l := range e.Lines {
		b.Lines = append(b.Lines, mutual.BidLine{LineID: l.ID, UnitPrice: money(strconv.Itoa(90000+j*1000+(i*7919+j*104729)%20000), "VND"), LeadTimeDays: 5 + (i+j)%30})
	}
	return b
}

// BenchmarkConcurrentBids has 50 suppliers submit a 200-line bid to one
// event at the same moment, and reports the p95 latency of a submission.
func BenchmarkConcurrentBids(b *testing.B) {
	db := storetest.MustOpen(b)
	e, _, users := bigEvent(b, db, 200, 50)
	svc := db.Services()
	var all []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		var wg sync.WaitGroup
		lat := make([]time.Duration, len(users))
		start := make(chan struct{})
		for i, u := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				bid := bigBid(e, i)
				<-start
				t0 := time.Now()
				if err := svc.Bids.SubmitBid(storetest.Context(u), e.ID, bid); err != nil {
					b.Error(err)
				}
				lat[i] = time.Since(t0)
			}()
		}
		close(start)
		wg.Wait()
		all = append(all, lat...)
	}
	b.StopTimer()
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(all[len(all)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
}

// openedEvent is bigEvent with every supplier's bid, closed and opened,
// with three evaluators' scores.
func openedEvent(b *testing.B, lines, suppliers int) (mutual.Services, *mutual.Event, *mutual.User) {
	clock := storetest.NewClock(time.Now())
	db := storetest.MustOpenSQLite(b, storetest.Options{Now: clock.Now})
	e, buyer, users := bigEvent(b, db, lines, suppliers)
	svc := db.Services()
	for i, u := range users {
		if err := svc.Bids.SubmitBid(storetest.Context(u), e.ID, bigBid(e, i)); err != nil {
			b.Fatal(err)
		}
	}
	clock.Add(25 * time.Hour)
	if _, err := svc.Events.UnsealEvent(storetest.Context(buyer), e.ID, storetest.Password, "test"); err != nil {
		b.Fatal(err)
	}
	bids, err := svc.Bids.FindBids(storetest.Context(buyer), e.ID)
	if err != nil {
		b.Fatal(err)
	}
	var scores []mutual.Score
	for i, bid := range bids {
		for _, c := range e.Criteria[1:] {
			scores = append(scores, mutual.Score{BidID: bid.ID, CriterionID: c.ID, Score: 40 + (i*13)%60})
		}
	}
	if _, err := svc.Bids.SetScores(storetest.Context(buyer), e.ID, scores); err != nil {
		b.Fatal(err)
	}
	got, _ := svc.Events.FindEventByID(storetest.Context(buyer), e.ID)
	return svc, got, buyer
}

// BenchmarkTabulate reads and evaluates an event of 200 lines and 50 bids.
func BenchmarkTabulate(b *testing.B) {
	svc, e, buyer := openedEvent(b, 200, 50)
	ctx := storetest.Context(buyer)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if _, err := svc.Bids.Tabulate(ctx, e.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRescore is an evaluator changing one score and the ranking
// being computed again: the scoring recomputation of the issue.
func BenchmarkRescore(b *testing.B) {
	svc, e, buyer := openedEvent(b, 200, 50)
	ctx := storetest.Context(buyer)
	tab, err := svc.Bids.Tabulate(ctx, e.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		score := []mutual.Score{{BidID: tab.Bids[n%len(tab.Bids)].ID, CriterionID: e.Criteria[1].ID, Score: n % 101}}
		if _, err := svc.Bids.SetScores(ctx, e.ID, score); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Bids.Tabulate(ctx, e.ID); err != nil {
			b.Fatal(err)
		}
	}
}
