package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/demo"
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
		dir := b.TempDir()
		db, err := store.Open(b.Context(), storetest.AuditOptions(b, dir, store.Options{DataDir: dir, Argon2Memory: 1024}))
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

// EnvBenchData names a data directory made by `mutual demo --partners 100000
// --activity`, on which the relationship benchmarks run as the figures are
// measured. Without it they generate a smaller demo data set once. The write
// benchmarks add interactions to it: run them on a copy.
const EnvBenchData = "MUTUAL_BENCH_DATA"

var (
	demoOnce sync.Once
	demoDB   *store.DB
	demoErr  error
)

// benchDemo opens the demo data set with activity: the directory in
// MUTUAL_BENCH_DATA, or 10,000 generated partners with their history.
func benchDemo(b *testing.B) *store.DB {
	b.Helper()
	demoOnce.Do(func() { demoDB, demoErr = openBenchDemo() })
	if demoErr != nil {
		b.Fatal(demoErr)
	}
	return demoDB
}

func openBenchDemo() (*store.DB, error) {
	ctx := storetest.SystemContext()
	dir := os.Getenv(EnvBenchData)
	generate := dir == ""
	if generate {
		var err error
		if dir, err = os.MkdirTemp("", "mutual-bench-"); err != nil {
			return nil, err
		}
	}
	// The key of the data set, which `mutual demo` made; generated when missing.
	key, err := store.LoadAuditKey(filepath.Join(dir, "audit.key"), true)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, store.Options{DataDir: dir, Argon2Memory: 1024, AuditKey: key, AuditCheckpoints: filepath.Join(dir, "audit.checkpoints")})
	if err != nil {
		return nil, err
	}
	if generate {
		if _, err := demo.Seed(ctx, db.Services()); err != nil {
			return nil, err
		}
		if err := demo.GenerateWithActivity(ctx, db.Services(), 10000, 1); err != nil {
			return nil, err
		}
	}
	// As the server's jobs do when it starts.
	if _, err := db.Services().Commitments.MarkMissed(ctx); err != nil {
		return nil, err
	}
	return db, nil
}

// reportLatencies adds the percentiles of lat to the benchmark's figures.
func reportLatencies(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	for _, p := range []struct {
		q    float64
		unit string
	}{{.50, "p50-ms"}, {.95, "p95-ms"}, {.99, "p99-ms"}} {
		b.ReportMetric(float64(lat[int(p.q*float64(len(lat)-1))].Microseconds())/1000, p.unit)
	}
}

// benchConcurrent runs op b.N times over the given number of goroutines and
// reports the latency percentiles of one op.
func benchConcurrent(b *testing.B, clients int, op func(i int) error) {
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	b.ResetTimer()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				if err := op(i); err != nil {
					errs <- err
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	reportLatencies(b, lat)
}

// BenchmarkFindAttention reads the first page of the attention list for
// everyone and for the key account manager with the most partners ("mine"),
// as GET /api/v1/attention?limit=50 does.
func BenchmarkFindAttention(b *testing.B) {
	db := benchDemo(b)
	svc := db.Services()
	loads, err := svc.Owners.OwnerLoads(storetest.SystemContext())
	if err != nil {
		b.Fatal(err)
	}
	var kam *mutual.User
	for _, l := range loads {
		if l.OwnerID != 0 {
			if kam, err = svc.Users.FindUserByID(storetest.SystemContext(), l.OwnerID); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	if kam == nil {
		b.Fatal("no key account manager")
	}
	ctx := storetest.Context(kam)
	for _, bb := range []struct {
		name string
		f    mutual.AttentionFilter
	}{
		{"All", mutual.AttentionFilter{Limit: 50}},
		{"Mine", mutual.AttentionFilter{Limit: 50, OwnerID: kam.ID}},
	} {
		for _, clients := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/Clients%d", bb.name, clients), func(b *testing.B) {
				benchConcurrent(b, clients, func(int) error {
					_, err := svc.Attention.FindAttention(ctx, bb.f)
					return err
				})
			})
		}
	}
}

// BenchmarkCreateInteraction logs a call on a random partner from 1, 2 and 4
// clients at once, as POST /api/v1/partners/{id}/interactions does. Run it
// long enough for the WAL to be checkpointed several times (-benchtime 10s).
func BenchmarkCreateInteraction(b *testing.B) {
	db := benchDemo(b)
	svc := db.Services()
	ctx := storetest.SystemContext()
	partners, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Sort: mutual.SortUpdatedDesc, Limit: 1})
	if err != nil || len(partners) == 0 {
		b.Fatal("no partners", err)
	}
	maxID := int(partners[0].ID)
	for _, clients := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("Clients%d", clients), func(b *testing.B) {
			benchConcurrent(b, clients, func(i int) error {
				in := &mutual.Interaction{PartnerID: mutual.ID(1 + rand.IntN(maxID)), Kind: "call", Level: "operational",
					OccurredAt: time.Now().UTC().Truncate(time.Second), Subject: "load"}
				err := svc.Interactions.CreateInteraction(ctx, in)
				if mutual.ErrorCode(err) == mutual.ENOTFOUND {
					return nil // a gap in the IDs
				}
				return err
			})
		})
	}
}
