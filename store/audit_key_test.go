package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

func TestLoadAuditKey(t *testing.T) {
	dir := t.TempDir()
	t.Run("GeneratedWhenMissing", func(t *testing.T) {
		old := syscall.Umask(0) // even so, the key is the owner's alone
		defer syscall.Umask(old)
		path := filepath.Join(dir, "new", "audit.key")
		k, err := store.LoadAuditKey(path, true)
		if err != nil || !k.Created || k.Path != path {
			t.Fatalf("load = %+v, %v", k, err)
		}
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v, %v", st.Mode(), err)
		}
		if b, _ := os.ReadFile(path); len(strings.TrimSpace(string(b))) != 64 {
			t.Errorf("key file holds %q, want 64 hex digits", b)
		}
		again, err := store.LoadAuditKey(path, true)
		if err != nil || again.Created || again.ID() != k.ID() {
			t.Errorf("load again = %+v, %v; want the same key, not created", again, err)
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		path := filepath.Join(dir, "missing.key")
		if _, err := store.LoadAuditKey(path, false); err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("err = %v", err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("a command that only reads made a key")
		}
	})
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		t.Run("ErrReadableBy"+mode.String(), func(t *testing.T) {
			path := filepath.Join(dir, "open.key")
			os.WriteFile(path, []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
			os.Chmod(path, mode)
			_, err := store.LoadAuditKey(path, true)
			if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
				t.Errorf("err = %v, want it refused with how to fix it", err)
			}
		})
	}
	t.Run("ErrNotAKey", func(t *testing.T) {
		path := filepath.Join(dir, "bad.key")
		os.WriteFile(path, []byte("secret\n"), 0o600)
		if _, err := store.LoadAuditKey(path, true); err == nil || !strings.Contains(err.Error(), "64 hex digits") {
			t.Errorf("err = %v", err)
		}
	})
}

// makeLegacy turns db's chain into one written before keys: plain SHA-256
// and a head without a key ID.
func makeLegacy(t *testing.T, db *store.DB) {
	t.Helper()
	rewriteChain(t, db, 1, nil, sha256.New)
	exec(t, db, `UPDATE audit_head SET key_id = '' WHERE id = 1`)
}

// newKey removes db's key file, so that the next open generates a key, as
// the first start after the upgrade does.
func newKey(t *testing.T) func(*store.Options) {
	return func(o *store.Options) {
		os.Remove(o.AuditKey.Path)
		var err error
		if o.AuditKey, err = store.LoadAuditKey(o.AuditKey.Path, true); err != nil {
			t.Fatal(err)
		}
	}
}

// sameKey reads db's key file again, as any start after the first does.
func sameKey(t *testing.T) func(*store.Options) {
	return func(o *store.Options) {
		var err error
		if o.AuditKey, err = store.LoadAuditKey(o.AuditKey.Path, false); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *store.DB) *mutual.AuditVerification {
	t.Helper()
	v, err := db.Services().Audit.VerifyAudit(storetest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestKeyAudit(t *testing.T) {
	t.Run("LegacySignedOnce", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			auditedChanges(t, db)
			makeLegacy(t, db)
			db, err := storetest.Reopen(t, db, newKey(t))
			if err != nil {
				t.Fatal(err)
			}
			recs := auditRecords(t, db)
			last := recs[len(recs)-1]
			var old map[string]any
			json.Unmarshal(last.After, &old)
			if len(recs) != 6 || last.Action != "key" || last.Entity != "audit" || old["legacy_intact"] != true || old["records"] != 5.0 {
				t.Fatalf("%d records, last %s %s %s", len(recs), last.Action, last.Entity, last.After)
			}
			if v := verify(t, db); !v.Intact || v.Records != 6 {
				t.Fatalf("verify after keying = %+v", v)
			}
			// The next start keeps the key and signs nothing again.
			db, err = storetest.Reopen(t, db, sameKey(t))
			if err != nil {
				t.Fatal(err)
			}
			if again := auditRecords(t, db); len(again) != 6 || again[5].Hash != last.Hash {
				t.Errorf("reopened: %d records, head %s; want the chain as it was", len(again), again[len(again)-1].Hash)
			}
			if v := verify(t, db); !v.Intact || v.Records != 6 {
				t.Errorf("verify = %+v", v)
			}
		})
	})
	t.Run("LegacyBrokenSaysWhere", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			auditedChanges(t, db)
			makeLegacy(t, db)
			exec(t, db, `UPDATE audit_log SET after = '{"name":"changed"}' WHERE seq = 3`)
			db, err := storetest.Reopen(t, db, newKey(t))
			if err != nil {
				t.Fatal(err)
			}
			recs := auditRecords(t, db)
			var old map[string]any
			json.Unmarshal(recs[len(recs)-1].After, &old)
			if old["legacy_intact"] != false || old["legacy_first_broken"] != 3.0 {
				t.Errorf("keying record = %s", recs[len(recs)-1].After)
			}
			if v := verify(t, db); !v.Intact {
				t.Errorf("verify = %+v", v)
			}
		})
	})
	t.Run("ErrLegacyWithExistingKey", func(t *testing.T) {
		// A key that existed before must not sign a chain that says it is
		// unkeyed: anyone who writes to the database can make one.
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			auditedChanges(t, db)
			forge(2, `{"name":"Forged Co"}`, sha256.New)(t, db)
			makeLegacy(t, db)
			before := auditRecords(t, db)
			_, err := storetest.Reopen(t, db, sameKey(t))
			if err == nil || !strings.Contains(err.Error(), "not signed with a key") {
				t.Fatalf("open = %v, want it refused", err)
			}
			db, err = storetest.Reopen(t, db, func(o *store.Options) { sameKey(t)(o); o.AuditVerifyOnly = true })
			if err != nil {
				t.Fatal(err)
			}
			if after := auditRecords(t, db); len(after) != len(before) || after[4].Hash != before[4].Hash {
				t.Error("the forged chain was signed")
			}
			if v := verify(t, db); v.Intact || v.Reason != mutual.AuditChainUnkeyed || *v.FirstBroken != 1 {
				t.Errorf("verify = %+v", v)
			}
			if err := db.Services().Partners.CreatePartner(storetest.SystemContext(), &mutual.Partner{Name: "X", Country: "VN", Roles: []string{"supplier"}}); err == nil {
				t.Error("a store opened to verify wrote a change")
			}
		})
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			auditedChanges(t, db)
			opts := storetest.OptionsOf(t, db)
			keyA, _ := os.ReadFile(opts.AuditKey.Path)
			// A second server started with a key of its own.
			var generated *store.AuditKey
			_, err := storetest.Reopen(t, db, func(o *store.Options) { newKey(t)(o); generated = o.AuditKey })
			if err == nil || !strings.Contains(err.Error(), "another key") {
				t.Fatalf("open = %v, want it refused", err)
			}
			generated.RemoveIfUnused()
			if _, err := os.Stat(generated.Path); err == nil {
				t.Error("the unused key is still there: the next start would take it for the real one")
			}
			os.WriteFile(opts.AuditKey.Path, keyA, 0o600)
			db, err = storetest.Reopen(t, db, sameKey(t))
			if err != nil {
				t.Fatalf("open with the key copied over: %v", err)
			}
			if v := verify(t, db); !v.Intact || v.Records != 5 {
				t.Errorf("verify = %+v", v)
			}
		})
	})
	t.Run("NewDatabaseWithCopiedKey", func(t *testing.T) {
		// The key is copied to the servers before the database's first start.
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			exec(t, db, `UPDATE audit_head SET key_id = '' WHERE id = 1`)
			db, err := storetest.Reopen(t, db, sameKey(t))
			if err != nil {
				t.Fatal(err)
			}
			auditedChanges(t, db)
			if v := verify(t, db); !v.Intact || v.Records != 5 {
				t.Errorf("verify = %+v", v)
			}
		})
	})
}

// TestAuditCheckpoints_Close: closing the store checkpoints the chain, and a
// checkpoint never seals a chain cut since.
func TestAuditCheckpoints_Close(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := storetest.OptionsOf(t, db).AuditCheckpoints
		auditedChanges(t, db)
		db, err := storetest.Reopen(t, db, sameKey(t))
		if err != nil {
			t.Fatal(err)
		}
		if v := verify(t, db); !v.Intact || v.Checkpoint == nil || v.Checkpoint.Records != 5 {
			t.Fatalf("verify after close = %+v", v)
		}
		// Records committed since the last checkpoint, then cut before the
		// next: the checkpoint at close vouches for them, not for the cut chain.
		auditedChanges(t, db)
		cutTail(t, db, 2)
		if err := db.CheckpointAudit(context.Background()); err == nil || !strings.Contains(err.Error(), "up to record 10") {
			t.Errorf("checkpoint of a cut chain: %v", err)
		}
		if v := verify(t, db); v.Intact || v.Reason != mutual.AuditRecordsMissing || *v.FirstBroken != 9 {
			t.Errorf("verify = %+v", v)
		}
		// Not even after a restart.
		db, err = storetest.Reopen(t, db, sameKey(t))
		if err != nil {
			t.Fatal(err)
		}
		auditedChanges(t, db)
		if err := db.CheckpointAudit(context.Background()); err == nil {
			t.Error("checkpointed the chain past the cut")
		}
		if v := verify(t, db); v.Intact || v.Reason != mutual.AuditDiffersFromCheckpoint || *v.FirstBroken != 10 {
			t.Errorf("verify after restart = %+v", v)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("checkpoint file: %v %v", st, err)
		}
	})
}

// TestAuditCheckpoints_Ticker: a running store checkpoints a moving chain by
// itself, so that a tail cut afterwards is found without any call.
func TestAuditCheckpoints_Ticker(t *testing.T) {
	defer store.SetAuditCheckpointInterval(20 * time.Millisecond)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		auditedChanges(t, db)
		for start := time.Now(); ; time.Sleep(10 * time.Millisecond) {
			if v := verify(t, db); v.Checkpoint != nil && v.Checkpoint.Records == 5 {
				break
			}
			if time.Since(start) > 10*time.Second {
				t.Fatal("no checkpoint of the 5 records was written")
			}
		}
		cutTail(t, db, 2)
		if v := verify(t, db); v.Intact || v.Reason != mutual.AuditRecordsMissing || *v.FirstBroken != 4 {
			t.Errorf("verify = %+v", v)
		}
	})
}
