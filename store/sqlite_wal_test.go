package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// openWAL opens an SQLite database whose checkpointer runs every interval
// and rewinds the WAL past limit, and returns it with the WAL's size.
func openWAL(t *testing.T, interval time.Duration, limit int64) (*store.DB, string, func() int64) {
	t.Helper()
	defer store.SetCheckpoints(interval, limit)()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), storetest.AuditOptions(t, dir, store.Options{DataDir: dir, Argon2Memory: 1024}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	wal := filepath.Join(dir, "mutual.db-wal")
	return db, filepath.Join(dir, "mutual.db"), func() int64 {
		fi, err := os.Stat(wal)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
}

func logCalls(t *testing.T, db *store.DB, partnerID mutual.ID, n int) {
	t.Helper()
	for range n {
		if err := db.Services().Interactions.CreateInteraction(storetest.SystemContext(), &mutual.Interaction{
			PartnerID: partnerID, Kind: "call", OccurredAt: time.Now(), Subject: "Call"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckpointer(t *testing.T) {
	const limit = 256 << 10
	t.Run("RewindsPastLimit", func(t *testing.T) {
		db, path, walSize := openWAL(t, time.Hour, limit) // rounds run when the test says
		ctx := context.Background()
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Often called"})
		logCalls(t, db, p.ID, 50)
		if walSize() <= limit {
			t.Fatalf("WAL of %d bytes after 50 calls; the test needs more", walSize())
		}

		// A reader on the WAL keeps it from being rewound; the round waits
		// for it a little, then gives up, and the WAL grows.
		other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		reader, err := other.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := reader.QueryRow(`SELECT count(*) FROM interactions`).Scan(&n); err != nil || n != 50 {
			t.Fatalf("reader sees %d interactions, %v", n, err)
		}
		if err := db.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		held := walSize()
		logCalls(t, db, p.ID, 20)
		if walSize() <= held {
			t.Errorf("WAL rewound under a reader: %d then %d bytes", held, walSize())
		}
		reader.Rollback()

		// Once the reader is done, the WAL is rewound, by a round or by the
		// first write after one copied it all, and that write cuts the file.
		for range 2 { // the first round after readers won waits its turn
			if err := db.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
		}
		logCalls(t, db, p.ID, 1)
		if got := walSize(); got > 2*limit {
			t.Errorf("WAL of %d bytes after a rewind, want at most %d", got, 2*limit)
		}
		if err := other.QueryRow(`SELECT count(*) FROM interactions`).Scan(&n); err != nil || n != 71 {
			t.Errorf("%d interactions, want 71, %v", n, err)
		}
	})
	t.Run("Background", func(t *testing.T) {
		db, _, walSize := openWAL(t, 5*time.Millisecond, limit)
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Often called"})
		for deadline := time.Now().Add(10 * time.Second); ; {
			logCalls(t, db, p.ID, 20)
			if walSize() <= 2*limit {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("WAL still %d bytes", walSize())
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	t.Run("StopsOnClose", func(t *testing.T) {
		db, _, walSize := openWAL(t, 5*time.Millisecond, limit)
		logCalls(t, db, storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Called once"}).ID, 1)
		done := db.CheckpointerDone()
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-done:
		default:
			t.Error("checkpointer still running after Close")
		}
		if got := walSize(); got != 0 {
			t.Errorf("WAL of %d bytes after Close", got)
		}
	})
}
