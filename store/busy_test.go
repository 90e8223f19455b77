package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestBeginWrite_WaitsOutAnotherProcess holds SQLite's write lock from
// another connection, as another process would, past several busy
// timeouts: a write must wait and then succeed, not fail with SQLITE_BUSY,
// and it must say that it waits (the wait file) so that an importer there
// lets it in.
func TestBeginWrite_WaitsOutAnotherProcess(t *testing.T) {
	defer store.SetBusyTimeout(50*time.Millisecond, time.Minute)()
	db := storetest.MustOpen(t)
	ctx := context.Background()
	other, err := sql.Open("sqlite", "file:"+strings.TrimSuffix(db.WaitPath(), "-wait")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Second) // file times may be coarse
	errc := make(chan error, 1)
	go func() {
		errc <- db.Services().Partners.CreatePartner(storetest.SystemContext(), &mutual.Partner{Name: "Patient", Country: "VN", Roles: []string{"supplier"}})
	}()
	time.Sleep(300 * time.Millisecond) // six busy timeouts
	select {
	case err := <-errc:
		t.Fatalf("the write ended while another process held the lock: %v", err)
	default:
	}
	if fi, err := os.Stat(db.WaitPath()); err != nil || fi.ModTime().Before(start) {
		t.Errorf("the waiting writer did not touch the wait file: %v", err)
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("the write failed once the lock was free: %v", err)
	}
}

// TestPartnerImport_YieldsToAnotherProcess runs an import while another
// process (a second database handle on the same file, with its own writer)
// writes: the import pauses for it between batches, so the write finishes
// while the import still has batches to write. Without the pause, SQLite's
// busy handler, which sleeps up to 100 ms between tries, would mostly find
// the lock taken again.
func TestPartnerImport_YieldsToAnotherProcess(t *testing.T) {
	defer store.SetImportBatches(100)()
	db := storetest.MustOpen(t)
	dir := filepath.Dir(db.WaitPath())
	second, err := store.Open(context.Background(), storetest.AuditOptions(t, dir, store.Options{DataDir: dir, Argon2Memory: 1024}))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	other := storetest.MustCreatePartner(t, second, &mutual.Partner{Name: "Other"})
	ps := importList(3000, "Yield") // 30 batches
	imp := startImport(t, db, ps)
	var committed, doneAt atomic.Int32
	done := make(chan error, 1)
	defer store.SetImportBatchHook(func(batch int) error {
		committed.Store(int32(batch))
		if batch == 2 {
			go func() {
				for i := range 3 {
					name := "Other " + string(rune('A'+i))
					if _, err := second.Services().Partners.UpdatePartner(storetest.SystemContext(), other.ID, mutual.PartnerUpdate{Name: &name}); err != nil {
						done <- err
						return
					}
				}
				doneAt.Store(committed.Load())
				done <- nil
			}()
		}
		return nil
	})()
	if n, err := writeAll(storetest.SystemContext(), imp, ps); err != nil || n != len(ps) {
		t.Fatalf("imported %d: %v", n, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if at := doneAt.Load(); at >= 30 {
		t.Errorf("three writes of another process finished after batch %d of 30", at)
	} else {
		t.Logf("three writes of another process started after batch 2 finished after batch %d", at)
	}
}
