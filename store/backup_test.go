package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestBackup: the copy holds password hashes and sealed bids, so only its
// owner may read it, whatever the umask, from its first byte.
func TestBackup(t *testing.T) {
	db := storetest.MustOpen(t)
	storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "backup.db")
	if err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
		t.Fatalf("backup file: %v, %v", st, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("backup left %d files", len(entries))
	}
	copied, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	var users int
	if err := copied.QueryRow(`SELECT count(*) FROM users`).Scan(&users); err != nil || users != 1 {
		t.Errorf("users in the copy = %d, %v", users, err)
	}
	if err := db.Backup(context.Background(), path); mutual.ErrorCode(err) != mutual.ECONFLICT {
		t.Errorf("backup over an existing file: %v", err)
	}
	if st2, _ := os.Stat(path); st2.Size() != st.Size() {
		t.Error("the existing file was changed")
	}
	if err := db.Backup(context.Background(), filepath.Join(dir, "no", "such", "dir.db")); err == nil {
		t.Error("backup into a missing directory succeeded")
	}
}
