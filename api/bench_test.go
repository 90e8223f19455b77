package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

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
