package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// BenchmarkConcurrentBids has 50 supplier users, each with its own token,
// POST a bid of 20 or 200 lines to one sealed event at the same moment over real HTTP
// (loopback), and reports the p50 and p95 latency of a submission. Every
// bid must be stored once: the benchmark checks the live bids and
// revisions after each round.
// Run: go test ./api -run '^$' -bench ConcurrentBids -benchtime 20x
func BenchmarkConcurrentBids(b *testing.B) {
	for _, lines := range []int{20, 200} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) { concurrentBids(b, lines) })
	}
}

func concurrentBids(b *testing.B, lines int) {
	const suppliers = 50
	db := storetest.MustOpen(b)
	f := newFixtureOn(b, db)
	srv := httptest.NewServer(f.handler)
	defer srv.Close()
	buyer := f.users[mutual.RoleManager]
	e := &mutual.Event{Kind: "rfq", Title: "Concurrent bids", Currency: "VND", Sealed: true, ClosesAt: time.Now().Add(24 * time.Hour),
		Questions: []mutual.Question{{Text: "Warranty (months)?", Kind: "number"}},
		Criteria:  []mutual.Criterion{{Name: "price", Weight: 60}, {Name: "quality", Weight: 40}}}
	for i := range lines {
		q, _ := mutual.ParseDecimal(strconv.Itoa(1+i%7) + ".5")
		e.Lines = append(e.Lines, mutual.EventLine{Item: "ITEM-" + strconv.Itoa(i), Quantity: q, Unit: "pcs"})
	}
	ctx := storetest.Context(buyer)
	if err := f.svc.Events.CreateEvent(ctx, e); err != nil {
		b.Fatal(err)
	}
	tokens := make([]string, suppliers)
	ids := make([]mutual.ID, suppliers)
	for i := range suppliers {
		p := storetest.MustCreatePartner(b, db, &mutual.Partner{Name: fmt.Sprintf("Bidder %d", i), Status: "active"})
		u, _ := storetest.MustCreateUser(b, db, mutual.RoleSupplier, p.ID)
		tok, err := f.svc.Sessions.CreateSession(context.Background(), u.ID, mutual.SessionToken)
		if err != nil {
			b.Fatal(err)
		}
		tokens[i], ids[i] = tok, p.ID
	}
	if _, err := f.svc.Invitations.Invite(ctx, e.ID, ids); err != nil {
		b.Fatal(err)
	}
	if _, err := f.svc.Events.PublishEvent(ctx, e.ID, 0); err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, suppliers)
	for i := range suppliers {
		type line struct {
			LineID string            `json:"line_id"`
			Price  map[string]string `json:"unit_price"`
			Lead   int               `json:"lead_time_days"`
		}
		body := struct {
			Lines      []line           `json:"lines"`
			Answers    []map[string]any `json:"answers"`
			ValidUntil string           `json:"valid_until"`
			Comments   string           `json:"comments"`
		}{ValidUntil: "2030-01-01", Comments: "Giá đã bao gồm vận chuyển.",
			Answers: []map[string]any{{"question_id": e.Questions[0].ID.String(), "number": strconv.Itoa(12 + i%24)}}}
		for j, l := range e.Lines {
			body.Lines = append(body.Lines, line{LineID: l.ID.String(), Lead: 5 + (i+j)%30,
				Price: map[string]string{"amount": strconv.Itoa(90000 + j*1000 + (i*7919+j*104729)%20000), "currency": "VND"}})
		}
		bodies[i], _ = json.Marshal(body)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: suppliers}}
	url := srv.URL + "/api/v1/events/" + e.ID.String() + "/bids"
	var all []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		var wg sync.WaitGroup
		lat := make([]time.Duration, suppliers)
		start := make(chan struct{})
		for i := range suppliers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", url, bytes.NewReader(bodies[i]))
				req.Header.Set("Authorization", "Bearer "+tokens[i])
				req.Header.Set("Content-Type", "application/json")
				<-start
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				lat[i] = time.Since(t0)
				if resp.StatusCode != http.StatusCreated {
					b.Errorf("status %d", resp.StatusCode)
				}
			}()
		}
		close(start)
		wg.Wait()
		all = append(all, lat...)
	}
	b.StopTimer()
	got, err := f.svc.Events.FindEventByID(ctx, e.ID)
	if err != nil || got.Submitted != suppliers {
		b.Fatalf("%d live bids, want %d (%v)", got.Submitted, suppliers, err)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*95/100].Microseconds())/1000, "p95-ms")
}
