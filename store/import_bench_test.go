package store_test

import (
	"bytes"
	"os"
	"strconv"
	"testing"

	"github.com/mutualsrm/mutual/csv"
	"github.com/mutualsrm/mutual/demo"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// BenchmarkImportERP imports a buyer's ERP export of partners (demo's
// WriteERPCSV: Vietnamese names, valid tax codes on most rows, mixed roles,
// notes of every length) through the CSV import into a fresh database each
// time, on SQLite and, when MUTUAL_TEST_POSTGRES is set, on PostgreSQL.
// MUTUAL_BENCH_IMPORT_ROWS sets the rows (default 20,000; the issue's
// figure is for 100,000).
//
//	MUTUAL_BENCH_IMPORT_ROWS=100000 go test ./store -run '^$' -bench ImportERP -benchtime 3x
func BenchmarkImportERP(b *testing.B) {
	n := 20000
	if s := os.Getenv("MUTUAL_BENCH_IMPORT_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	var file bytes.Buffer
	if err := demo.WriteERPCSV(&file, nil, n, 1); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, open func(testing.TB) *store.DB) {
		b.SetBytes(int64(file.Len()))
		for b.Loop() {
			b.StopTimer()
			db := open(b)
			b.StartTimer()
			got, err := csv.ImportPartners(storetest.SystemContext(), db.Services().Partners, bytes.NewReader(file.Bytes()))
			if err != nil || got != n {
				b.Fatalf("imported %d of %d: %v", got, n, err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("sqlite", func(b *testing.B) {
		run(b, func(tb testing.TB) *store.DB { return storetest.MustOpenSQLite(tb, storetest.Options{}) })
	})
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres", func(b *testing.B) {
			run(b, func(tb testing.TB) *store.DB { return storetest.MustOpenPostgres(tb, storetest.Options{}) })
		})
	}
}
