package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a running server may write while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// checkpoints returns the record counts of the checkpoint file's lines.
func checkpoints(t *testing.T, path string) []int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var counts []int64
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			t.Fatalf("checkpoint line %q", line)
		}
		counts = append(counts, n)
	}
	return counts
}

// sqliteExec runs statements on the SQLite file of dir, as anyone who can
// write the file could.
func sqliteExec(t *testing.T, dir string, queries ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "mutual.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range queries {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestServeAuditCheckpoints runs `mutual serve --demo` through Run, as an
// operator does, stops it as a signal would, and checks that the key was
// made and that checkpoints were written at start and at shutdown; then
// cuts the last record with the head, and `mutual audit verify` finds it.
func TestServeAuditCheckpoints(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	data := "--data=" + dir
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{data, "serve", "--addr", "127.0.0.1:0", "--demo"}, strings.NewReader(""), &out, &out)
	}()
	for start := time.Now(); !strings.Contains(out.String(), "Sign in as"); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > time.Minute {
			cancel()
			t.Fatalf("serve did not start: %s", out.String())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, out.String())
	}

	st, err := os.Stat(filepath.Join(dir, "audit.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("audit key: %v %v", st, err)
	}
	counts := checkpoints(t, filepath.Join(dir, "audit.checkpoints"))
	// One when the empty database opened, one at shutdown after the demo data.
	if len(counts) != 2 || counts[0] != 0 || counts[1] == 0 {
		t.Fatalf("checkpoints = %v, want one at start and one at shutdown", counts)
	}
	res, err := run(t, "", data, "audit", "verify")
	if err != nil || !strings.Contains(res, "Audit log intact: "+strconv.FormatInt(counts[1], 10)+" records") || !strings.Contains(res, strconv.FormatInt(counts[1], 10)+" records.") {
		t.Fatalf("audit verify: %s %v", res, err)
	}

	// A command that writes checkpoints when it finishes.
	if res, err := run(t, "a-long-password\n", data, "user", "add", "--email", "an@example.com", "--name", "An", "--role", "viewer"); err != nil {
		t.Fatalf("user add: %s %v", res, err)
	}
	counts = checkpoints(t, filepath.Join(dir, "audit.checkpoints"))
	last := counts[len(counts)-1]
	if last != counts[1]+1 {
		t.Fatalf("checkpoints after user add = %v", counts)
	}

	// Whoever can write the database deletes the last record and moves the
	// head back to the one before it.
	n := strconv.FormatInt(last, 10)
	sqliteExec(t, dir,
		`DELETE FROM audit_log WHERE seq = `+n,
		`UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_log WHERE seq = `+n+` - 1)`)
	_, err = run(t, "", data, "audit", "verify")
	if err == nil || !strings.Contains(err.Error(), "audit log broken at record "+n) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("audit verify after the cut: %v", err)
	}
}

func TestAuditKeyCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	data := "--data=" + dir
	key := filepath.Join(dir, "audit.key")
	t.Run("ErrVerifyWithoutKey", func(t *testing.T) {
		if _, err := run(t, "", data, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("verify without a key: %v", err)
		}
		if _, err := os.Stat(key); err == nil {
			t.Error("audit verify made a key")
		}
	})
	t.Run("MigrateMakesKey", func(t *testing.T) {
		if out, err := run(t, "", data, "migrate"); err != nil {
			t.Fatalf("migrate: %s %v", out, err)
		}
		if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key: %v %v", st, err)
		}
	})
	t.Run("ErrWorldReadableKey", func(t *testing.T) {
		os.Chmod(key, 0o644)
		defer os.Chmod(key, 0o600)
		if _, err := run(t, "", data, "migrate"); err == nil || !strings.Contains(err.Error(), "chmod 600 "+key) {
			t.Errorf("world-readable key accepted: %v", err)
		}
	})
	t.Run("KeyFileFlagAndEnv", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "keys", "mutual.key")
		ckpt := filepath.Join(t.TempDir(), "mutual.checkpoints")
		// The database is keyed with the key in the data directory: another is refused, and not kept.
		if _, err := run(t, "", data, "--audit-key-file", other, "migrate"); err == nil || !strings.Contains(err.Error(), "another key") {
			t.Fatalf("other key accepted: %v", err)
		}
		if _, err := os.Stat(other); err == nil {
			t.Error("the refused key was kept")
		}
		b, _ := os.ReadFile(key)
		os.MkdirAll(filepath.Dir(other), 0o700)
		os.WriteFile(other, b, 0o600)
		t.Setenv("MUTUAL_AUDIT_KEY_FILE", other)
		t.Setenv("MUTUAL_AUDIT_CHECKPOINT_FILE", ckpt)
		if out, err := run(t, "", data, "migrate"); err != nil {
			t.Fatalf("migrate with the copied key: %s %v", out, err)
		}
		if out, err := run(t, "", data, "audit", "verify"); err != nil || !strings.Contains(out, "Last checkpoint") {
			t.Fatalf("verify: %s %v", out, err)
		}
	})
	t.Run("BackupIsPrivate", func(t *testing.T) {
		to := filepath.Join(t.TempDir(), "backup.db")
		if out, err := run(t, "", data, "backup", to); err != nil {
			t.Fatalf("backup: %s %v", out, err)
		}
		if st, err := os.Stat(to); err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
			t.Errorf("backup file: %v %v", st, err)
		}
	})
}
