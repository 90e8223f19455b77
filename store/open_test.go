package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%20d")
	db, err := store.Open(context.Background(), storetest.AuditOptions(t, dir, store.Options{DataDir: dir, Argon2Memory: 1024}))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(filepath.Join(dir, "mutual.db")); err != nil {
		t.Fatalf("database not in the data directory: %v", err)
	}
}
