package store_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// auditRecords reads the whole chain, oldest first.
func auditRecords(t *testing.T, db *store.DB) []*mutual.AuditRecord {
	t.Helper()
	var all []*mutual.AuditRecord
	cursor := ""
	for {
		page, next, err := db.Services().Audit.FindAuditRecords(storetest.SystemContext(), mutual.AuditFilter{Cursor: cursor, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		all = append(page, all...)
		if next == "" {
			break
		}
		cursor = next
	}
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	return all
}

// forgeHash is what an attacker computes for a record: the chain's field
// encoding under a hash of their choosing (SHA-256 was the whole secret of
// the unkeyed chain).
func forgeHash(newHash func() hash.Hash, r *mutual.AuditRecord) string {
	h := newHash()
	for _, f := range []string{
		r.PrevHash,
		strconv.FormatInt(r.Seq, 10),
		r.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		strconv.FormatInt(int64(r.UserID), 10),
		r.UserName, r.Action, r.Entity,
		strconv.FormatInt(int64(r.EntityID), 10),
		string(r.Before), string(r.After),
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// exec runs a tampering statement written with ? placeholders.
func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.WriteDB().Exec(db.Rebind(q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// rewriteChain applies change to the records from seq on (nil changes
// nothing), recomputes their hashes and every later one with newHash, and
// moves the head along, as someone who can write to the database but has
// no key would.
func rewriteChain(t *testing.T, db *store.DB, seq int64, change func(*mutual.AuditRecord), newHash func() hash.Hash) {
	t.Helper()
	recs := auditRecords(t, db)
	prev := ""
	for _, r := range recs {
		if r.Seq >= seq {
			if change != nil {
				change(r)
			}
			r.PrevHash = prev
			r.Hash = forgeHash(newHash, r)
			exec(t, db, `UPDATE audit_log SET after = ?, prev_hash = ?, hash = ? WHERE seq = ?`, nullString(r.After), r.PrevHash, r.Hash, r.Seq)
		}
		prev = r.Hash
	}
	exec(t, db, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, recs[len(recs)-1].Seq, prev)
}

func nullString(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// forge replaces the after of record seq and rewrites the chain from there.
func forge(seq int64, after string, newHash func() hash.Hash) func(t *testing.T, db *store.DB) {
	return func(t *testing.T, db *store.DB) {
		rewriteChain(t, db, seq, func(r *mutual.AuditRecord) {
			if r.Seq == seq {
				r.After = []byte(after)
			}
		}, newHash)
	}
}

// guessedKey is an HMAC under a key that is not the server's.
func guessedKey() hash.Hash {
	return hmac.New(sha256.New, []byte("a key that is not the server's key"))
}

// editCheckpoints rewrites the lines of the checkpoint file with edit.
func editCheckpoints(t *testing.T, db *store.DB, edit func(lines []string) []string) {
	t.Helper()
	path := storetest.OptionsOf(t, db).AuditCheckpoints
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := edit(strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"))
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// cutTail deletes the last n records and moves the head back to the record
// before them, or to the empty chain.
func cutTail(t *testing.T, db *store.DB, n int) {
	t.Helper()
	recs := auditRecords(t, db)
	keep := recs[:len(recs)-n]
	exec(t, db, `DELETE FROM audit_log WHERE seq > ?`, int64(len(keep)))
	seq, head := int64(0), ""
	if len(keep) > 0 {
		seq, head = keep[len(keep)-1].Seq, keep[len(keep)-1].Hash
	}
	exec(t, db, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, seq, head)
}

// auditedChanges makes five audit records.
func auditedChanges(t *testing.T, db *store.DB) {
	t.Helper()
	admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
	ctx := storetest.Context(admin)
	p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Chained Co"})
	for _, name := range []string{"Chained Co.", "Chained Company", "Chained Company Ltd"} {
		if _, err := db.Services().Partners.UpdatePartner(ctx, p.ID, mutual.PartnerUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAuditAttacks tampers with the audit chain as someone who can write to
// the database, but cannot read the key, would; each must be found. Before
// the chain was keyed and checkpointed, the first five verified as intact.
func TestAuditAttacks(t *testing.T) {
	for _, tt := range []struct {
		name   string
		attack func(t *testing.T, db *store.DB)
		broken int64 // 0: no record is broken
		reason string
	}{
		{"RewriteRecomputed", forge(2, `{"name":"Forged Co"}`, sha256.New), 2, mutual.AuditRecordAltered},
		{"RewriteGuessedKey", forge(2, `{"name":"Forged Co"}`, guessedKey), 2, mutual.AuditRecordAltered},
		{"DeleteLastWithHead", func(t *testing.T, db *store.DB) { cutTail(t, db, 1) }, 5, mutual.AuditRecordsMissing},
		{"CutTailWithHead", func(t *testing.T, db *store.DB) { cutTail(t, db, 3) }, 3, mutual.AuditRecordsMissing},
		{"Emptied", func(t *testing.T, db *store.DB) { cutTail(t, db, 5) }, 1, mutual.AuditRecordsMissing},
		{"EmptiedAndRefilled", func(t *testing.T, db *store.DB) {
			// The server signs new records onto the emptied chain.
			cutTail(t, db, 5)
			auditedChanges(t, db)
			auditedChanges(t, db)
		}, 5, mutual.AuditDiffersFromCheckpoint},
		{"UnkeyedHead", func(t *testing.T, db *store.DB) {
			// A chain forged the keyless way, its head made to look like one
			// from before keys, for the next start to sign it.
			forge(2, `{"name":"Forged Co"}`, sha256.New)(t, db)
			exec(t, db, `UPDATE audit_head SET key_id = '' WHERE id = 1`)
		}, 1, mutual.AuditChainUnkeyed},
		{"OtherKeyID", func(t *testing.T, db *store.DB) {
			exec(t, db, `UPDATE audit_head SET key_id = 'abc' WHERE id = 1`)
		}, 1, mutual.AuditKeyMismatch},
		{"CheckpointAltered", func(t *testing.T, db *store.DB) {
			// The last checkpoint made to count fewer records.
			editCheckpoints(t, db, func(lines []string) []string {
				lines[1] = strings.Replace(lines[1], " 5 ", " 3 ", 1)
				return lines
			})
		}, 0, mutual.AuditCheckpointAltered},
		{"CheckpointAppended", func(t *testing.T, db *store.DB) {
			editCheckpoints(t, db, func(lines []string) []string {
				return append(lines, "2030-01-01T00:00:00.000000Z 0  "+strings.Repeat("0", 64))
			})
		}, 0, mutual.AuditCheckpointAltered},
	} {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				auditedChanges(t, db)
				// As the server does every minute.
				if err := db.CheckpointAudit(context.Background()); err != nil {
					t.Fatal(err)
				}
				tt.attack(t, db)
				v, err := db.Services().Audit.VerifyAudit(storetest.SystemContext())
				if err != nil {
					t.Fatal(err)
				}
				if v.Intact || v.Reason != tt.reason {
					t.Fatalf("verify = %+v, want reason %s", v, tt.reason)
				}
				if tt.broken == 0 {
					if v.FirstBroken != nil || !v.CheckpointFileAltered || v.AlteredCheckpointLine < 2 {
						t.Errorf("verify = %+v, want only the checkpoint file reported", v)
					}
				} else if v.FirstBroken == nil || *v.FirstBroken != tt.broken || v.Head != "" {
					t.Errorf("verify = %+v, want first broken %d", v, tt.broken)
				}
				if tt.reason == mutual.AuditRecordsMissing && (v.Checkpoint == nil || v.Checkpoint.Records != 5) {
					t.Errorf("checkpoint = %+v, want the one of 5 records", v.Checkpoint)
				}
			})
		})
	}
}

// TestAuditVerify_Checkpoint: an intact chain reports the checkpoint it was
// checked against, and records written after it are no finding.
func TestAuditVerify_Checkpoint(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 3, 1, 9, 15, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		auditedChanges(t, db)
		clock.Add(time.Minute)
		if err := db.CheckpointAudit(context.Background()); err != nil {
			t.Fatal(err)
		}
		auditedChanges(t, db)
		v, err := db.Services().Audit.VerifyAudit(storetest.SystemContext())
		if err != nil {
			t.Fatal(err)
		}
		recs := auditRecords(t, db)
		if !v.Intact || v.Records != 10 || v.Head != recs[9].Hash || v.FirstBroken != nil || v.Reason != "" || v.CheckpointFileAltered {
			t.Errorf("verify = %+v", v)
		}
		if c := v.Checkpoint; c == nil || c.Records != 5 || c.Head != recs[4].Hash || !c.At.Equal(clock.Now()) {
			t.Errorf("checkpoint = %+v, want 5 records at %s", c, clock.Now())
		}
	})
}
