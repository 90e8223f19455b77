package store_test

import (
	"context"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func BenchmarkTmpPerf(b *testing.B) {
	db, err := store.Open(context.Background(), store.Options{DataDir: "/tmp/perf"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := storetest.SystemContext()
	for _, q := range []string{"cong", "nguyen", "thep"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := db.Services().Partners.FindPartners(ctx, mutual.PartnerFilter{Query: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
