package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

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
