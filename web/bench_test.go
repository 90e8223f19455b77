package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// BenchmarkPartnerList measures the partner list page, searched and
// filtered, over a few thousand partners, through the whole handler (session
// check, one FindPartners, one FindAssignableUsers, rendering).
func BenchmarkPartnerList(b *testing.B) {
	a := newApp(b)
	kam, _ := storetest.MustCreateUser(b, a.db, mutual.RoleManager, 0)
	ps := make([]*mutual.Partner, 5000)
	for i := range ps {
		ps[i] = &mutual.Partner{
			Name: fmt.Sprintf("Công ty %s số %d", []string{"Nguyễn Đức", "Hòa Phát", "Acme", "Minh Long"}[i%4], i), Country: "VN",
			Roles: []string{"supplier"}, Segment: mutual.Segments[i%4], Status: "active", OwnerID: kam.ID,
			AnnualSpend: mutual.Money{Amount: mustDecimal(b, fmt.Sprint(1000000*i)), Currency: "VND"},
		}
	}
	if err := a.db.Services().Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
		b.Fatal(err)
	}
	br, _ := a.signIn(b, mutual.RoleBuyer, 0)
	u, _ := http.NewRequest(http.MethodGet, a.srv.URL, nil)
	cookies := br.client.Jar.Cookies(u.URL)
	handler := a.srv.Config.Handler
	for _, path := range []string{"/partners", "/partners?q=nguyen+duc", "/partners?segment=leverage&sort=-name"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkTabulationPage measures the tabulation of an event of 200
// lines and 50 bids (10,000 prices) through the whole handler, as HTML and
// as CSV. The page costs a fixed number of store calls whatever the size
// (Tabulate and FindAssignableUsers); the grid is written in Go.
func BenchmarkTabulationPage(b *testing.B) {
	a := newApp(b)
	svc := a.db.Services()
	br, mgr := a.signIn(b, mutual.RoleManager, 0)
	ctx := storetest.Context(mgr)
	e := &mutual.Event{Kind: "rfq", Title: "Linh kiện 2027", Category: "Components", Currency: "VND", Sealed: true,
		ClosesAt:  time.Now().Add(24 * time.Hour),
		Questions: []mutual.Question{{Text: "Warranty (months)?", Kind: "number"}, {Text: "ISO 9001?", Kind: "yes_no"}},
		Criteria:  []mutual.Criterion{{Name: "price", Weight: 60}, {Name: "quality", Weight: 40}}}
	for i := 0; i < 200; i++ {
		e.Lines = append(e.Lines, mutual.EventLine{Item: fmt.Sprintf("PART-%03d", i), Description: "Linh kiện số " + fmt.Sprint(i),
			Quantity: mustDecimal(b, fmt.Sprintf("%d.5", 1+i%7)), Unit: "pcs",
			BaselinePrice: mutual.Money{Amount: mustDecimal(b, fmt.Sprint(100000+i*1000)), Currency: "VND"}})
	}
	if err := svc.Events.CreateEvent(ctx, e); err != nil {
		b.Fatal(err)
	}
	var users []*mutual.User
	var ids []mutual.ID
	for i := 0; i < 50; i++ {
		p := storetest.MustCreatePartner(b, a.db, &mutual.Partner{Name: fmt.Sprintf("Nhà cung cấp %02d", i), Status: "active"})
		u, _ := storetest.MustCreateUser(b, a.db, mutual.RoleSupplier, p.ID)
		users, ids = append(users, u), append(ids, p.ID)
	}
	if _, err := svc.Invitations.Invite(ctx, e.ID, ids); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.Events.PublishEvent(ctx, e.ID, 0); err != nil {
		b.Fatal(err)
	}
	for i, u := range users {
		months := mustDecimal(b, fmt.Sprint(12+i%24))
		yes := i%2 == 0
		bid := &mutual.Bid{ValidUntil: mutual.DateOf(time.Now().AddDate(0, 3, 0), time.UTC),
			Answers: []mutual.Answer{{QuestionID: e.Questions[0].ID, Number: &months}, {QuestionID: e.Questions[1].ID, Yes: &yes}}}
		for j, l := range e.Lines {
			bid.Lines = append(bid.Lines, mutual.BidLine{LineID: l.ID, LeadTimeDays: 5 + (i+j)%30,
				UnitPrice: mutual.Money{Amount: mustDecimal(b, fmt.Sprint(90000+j*1000+(i*7919+j*104729)%20000)), Currency: "VND"}})
		}
		if err := svc.Bids.SubmitBid(storetest.Context(u), e.ID, bid); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := svc.Events.CloseEvent(ctx, e.ID, 0); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.Events.UnsealEvent(ctx, e.ID, storetest.Password, "test"); err != nil {
		b.Fatal(err)
	}
	u, _ := http.NewRequest(http.MethodGet, a.srv.URL, nil)
	cookies := br.client.Jar.Cookies(u.URL)
	handler := a.srv.Config.Handler
	base := "/events/" + e.ID.String()
	for _, path := range []string{base + "/bids", base + "/tabulation.csv"} {
		b.Run(path[len(base)+1:], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d\n%s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}
