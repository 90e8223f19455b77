package store_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

var benchWords = []string{"Thép", "Nhựa", "Bao bì", "Logistics", "Điện tử", "Dược phẩm", "Thực phẩm", "Hóa chất", "Cơ khí", "Dệt may", "Gỗ", "Xây dựng", "Vận tải", "Phần mềm", "Thiết bị", "Linh kiện"}
var benchNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Minh", "Đức", "An", "Phát", "Thành", "Hưng", "Long", "Thịnh"}
var benchPlaces = []string{"Hà Nội", "Sài Gòn", "Đà Nẵng", "Hải Phòng", "Bình Dương", "Đồng Nai", "Cần Thơ", "Long An", "Bắc Ninh", "Quảng Ninh"}

// benchPartners makes n plausible partners: common words everywhere, rarer
// ones (a serial number) per partner.
func benchPartners(n int, seed uint64) []*mutual.Partner {
	r := rand.New(rand.NewPCG(seed, 1))
	ps := make([]*mutual.Partner, n)
	for i := range ps {
		name := fmt.Sprintf("Công ty TNHH %s %s %s %s %d", benchWords[r.IntN(len(benchWords))], benchNames[r.IntN(len(benchNames))], benchNames[r.IntN(len(benchNames))], benchPlaces[r.IntN(len(benchPlaces))], seed*1e7+uint64(i))
		ps[i] = &mutual.Partner{Name: name, Country: "VN", Roles: []string{mutual.PartnerRoles[r.IntN(3)]},
			Segment: mutual.Segments[r.IntN(4)], Status: mutual.Statuses[r.IntN(5)],
			Contacts: []*mutual.Contact{{Name: benchNames[r.IntN(len(benchNames))] + " " + benchNames[r.IntN(len(benchNames))], Email: fmt.Sprintf("c%d@example.vn", i)}}}
	}
	return ps
}

var (
	benchOnce sync.Once
	benchDB   *store.DB
)

// BenchmarkImportPartners imports 10,000 partners with a contact each per op.
func BenchmarkImportPartners(b *testing.B) {
	db := storetest.MustOpen(b)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		ps := benchPartners(10000, uint64(i+1))
		b.StartTimer()
		if err := db.Services().Partners.ImportPartners(storetest.SystemContext(), ps); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindPartners searches 100,000 partners; the first run builds them.
func BenchmarkFindPartners(b *testing.B) {
	benchOnce.Do(func() {
		db, err := store.Open(b.Context(), store.Options{DataDir: b.TempDir(), Argon2Memory: 1024})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10 {
			if err := db.Services().Partners.ImportPartners(storetest.SystemContext(), benchPartners(10000, uint64(i+1))); err != nil {
				b.Fatal(err)
			}
		}
		benchDB = db
	})
	ctx := storetest.SystemContext()
	for _, bb := range []struct {
		name string
		f    mutual.PartnerFilter
	}{
		{"All", mutual.PartnerFilter{}},
		{"CommonWord", mutual.PartnerFilter{Query: "nguyen"}},
		{"MediumWord", mutual.PartnerFilter{Query: "thep"}},
		{"TwoWords", mutual.PartnerFilter{Query: "thep nguyen"}},
		{"RareWords", mutual.PartnerFilter{Query: "thep duc ha noi"}},
		{"Serial", mutual.PartnerFilter{Query: "10000123"}},
		{"NoMatch", mutual.PartnerFilter{Query: "zzzz"}},
		{"Segment", mutual.PartnerFilter{Segment: "strategic"}},
		{"SegmentWord", mutual.PartnerFilter{Segment: "strategic", Query: "logistics"}},
		{"RoleDesc", mutual.PartnerFilter{Role: "distributor", Sort: mutual.SortNameDesc}},
		{"Updated", mutual.PartnerFilter{Sort: mutual.SortUpdatedDesc}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := benchDB.Services().Partners.FindPartners(ctx, bb.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
