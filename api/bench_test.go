package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// benchPartners is how many partners BenchmarkPartnerSearch searches.
const benchPartners = 3000

var (
	benchFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"}
	benchTrade  = []string{"Thiết bị", "Vật tư", "Điện tử", "Bao bì", "Hóa chất", "Cơ khí", "Logistics", "Nhựa", "Thép", "Dệt may"}
	benchPlace  = []string{"Hà Nội", "Sài Gòn", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Bình Dương", "Đồng Nai", "Huế"}
)

// BenchmarkPartnerSearch measures the partner list through the whole API
// (token check, query parsing, store, JSON) on SQLite with a few thousand
// partners. Run: go test ./api -run '^$' -bench PartnerSearch
func BenchmarkPartnerSearch(b *testing.B) {
	db := storetest.MustOpen(b)
	f := newFixtureOn(b, db)
	codes := taxCodes(benchPartners)
	ps := make([]*mutual.Partner, benchPartners)
	for i := range ps {
		ps[i] = &mutual.Partner{
			Name:    fmt.Sprintf("Công ty TNHH %s %s %s %d", benchTrade[i%len(benchTrade)], benchFamily[i%len(benchFamily)], benchPlace[i%len(benchPlace)], i),
			TaxCode: codes[i], Country: "VN", Roles: []string{mutual.PartnerRoles[i%3]},
			Segment: mutual.Segments[i%4], Status: mutual.Statuses[i%5],
			Contacts: []*mutual.Contact{{Name: benchFamily[(i+3)%len(benchFamily)] + " Văn An", Email: fmt.Sprintf("an%d@example.vn", i)}},
		}
	}
	if err := f.svc.Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
		b.Fatal(err)
	}
	tok := f.token(mutual.RoleBuyer)
	for _, bc := range []struct{ name, query string }{
		{"Word", "q=nguyen&limit=50"},
		{"TwoWords", "q=thiet+bi+ha+noi&limit=50"},
		{"Rare", "q=" + codes[benchPartners/2]},
		{"SegmentByName", "segment=strategic&sort=name&limit=50"},
		{"List", "limit=50"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/api/v1/partners?"+bc.query, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			for b.Loop() {
				rec := httptest.NewRecorder()
				f.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkTimeline measures a partner's timeline page and logging an
// interaction with a follow-up through the whole API on SQLite, with a few
// thousand entries on the partner.
// Run: go test ./api -run '^$' -bench Timeline
func BenchmarkTimeline(b *testing.B) {
	db := storetest.MustOpen(b)
	f := newFixtureOn(b, db)
	ctx := storetest.SystemContext()
	start := time.Now().Add(-3 * 365 * 24 * time.Hour)
	for i := range 2000 {
		in := &mutual.Interaction{PartnerID: f.A.ID, Kind: mutual.InteractionKinds[i%5], Level: mutual.InteractionLevels[i%3],
			OccurredAt: start.Add(time.Duration(i) * 12 * time.Hour), Subject: fmt.Sprintf("Touch %d", i), TheirAttendees: []mutual.ID{f.cA.ID}}
		if err := f.svc.Interactions.CreateInteraction(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	tok := f.token(mutual.RoleBuyer)
	b.Run("Page", func(b *testing.B) {
		req := httptest.NewRequest("GET", f.replacer.Replace("/api/v1/partners/{A}/interactions?limit=50"), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		for b.Loop() {
			rec := httptest.NewRecorder()
			f.handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.Run("Log", func(b *testing.B) {
		body := f.replacer.Replace(newInteraction)
		for b.Loop() {
			req := httptest.NewRequest("POST", f.replacer.Replace("/api/v1/partners/{A}/interactions"), strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			rec := httptest.NewRecorder()
			f.handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}
