package store_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// hmacHex is HMAC-SHA256 of data keyed with the hex salt, in hex.
func hmacHex(t *testing.T, salt, data string) string {
	t.Helper()
	key, err := hex.DecodeString(salt)
	if err != nil || len(key) != 32 {
		t.Fatalf("salt %q: want 32 bytes in hex", salt)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(data))
	return hex.EncodeToString(mac.Sum(nil))
}

func sha256Hex(data string) string {
	sum := sha256.Sum256([]byte(data))
	return hex.EncodeToString(sum[:])
}

// TestSealedDigests: the audit log keeps of each bid revision and each bid
// attachment a digest keyed with the row's own random salt, never a plain
// SHA-256, a size or the salt; identical bids get different digests; once
// the bids are opened each revision's seal shows its salt, and the digest
// recomputed from it is the audited one, so a changed revision shows.
func TestSealedDigests(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		s := newSourcing(t, db, clock)
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		actx, bctx, mctx := storetest.Context(admin), storetest.Context(s.buyer), storetest.Context(s.mgr)
		e := s.draft(t, false)
		if _, err := s.svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
			t.Fatal(err)
		}
		// a and b bid alike, and a sends the same bid again; both attach
		// the same file.
		for _, u := range []*mutual.User{s.ua, s.ub, s.ua} {
			if _, err := s.bid(e, u, "14500000", "13200000"); err != nil {
				t.Fatal(err)
			}
		}
		file := "%PDF-1.4 bao gia 14500000"
		for _, u := range []*mutual.User{s.ua, s.ub} {
			d := &mutual.Document{EventID: e.ID, Name: "bao-gia.pdf", ContentType: "application/pdf", Content: []byte(file)}
			if err := s.svc.Bids.AddBidAttachment(storetest.Context(u), d); err != nil {
				t.Fatal(err)
			}
		}

		recs, _, err := s.svc.Audit.FindAuditRecords(actx, mutual.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var audit strings.Builder
		audited := map[string]string{} // "bid ID/revision" -> digest
		var attachmentDigests []string
		for _, r := range recs {
			audit.Write(r.Before)
			audit.Write(r.After)
			var after map[string]any
			json.Unmarshal(r.After, &after)
			switch {
			case r.Entity == "bid":
				if _, plain := after["sha256"]; plain {
					t.Errorf("a bid's audit record holds a plain digest: %s", r.After)
				}
				audited[r.EntityID.String()+"/"+strconv.Itoa(int(after["revision"].(float64)))] = after["hmac_sha256"].(string)
			case r.Entity == "document" && after["partner_id"] != nil:
				if got := strings.Join(slices.Sorted(maps.Keys(after)), ","); got != "event_id,hmac_sha256,partner_id" {
					t.Errorf("a bid attachment's audit record holds %s", got)
				}
				attachmentDigests = append(attachmentDigests, after["hmac_sha256"].(string))
			}
		}
		if len(attachmentDigests) != 2 || attachmentDigests[0] == attachmentDigests[1] {
			t.Errorf("the same file attached twice: digests %q", attachmentDigests)
		}
		if strings.Contains(audit.String(), sha256Hex(file)) || strings.Contains(audit.String(), `"size":`+strconv.Itoa(len(file))) {
			t.Errorf("the audit log holds a sealed attachment's SHA-256 or size")
		}

		// The stored revisions: each digest is keyed with its own salt,
		// and the audit log holds the digest, not the plain SHA-256 nor
		// the salt.
		rows, err := db.WriteDB().Query(db.Rebind(`SELECT r.bid_id, r.revision, r.document, r.digest, r.salt FROM bid_revisions r ORDER BY r.bid_id, r.revision`))
		if err != nil {
			t.Fatal(err)
		}
		digests := map[string]bool{}
		for rows.Next() {
			var bid mutual.ID
			var rev int
			var doc, digest, salt string
			if err := rows.Scan(&bid, &rev, &doc, &digest, &salt); err != nil {
				t.Fatal(err)
			}
			if got := hmacHex(t, salt, doc); got != digest || audited[bid.String()+"/"+strconv.Itoa(rev)] != digest {
				t.Errorf("bid %s revision %d: HMAC %s, stored %s, audited %s", bid, rev, got, digest, audited[bid.String()+"/"+strconv.Itoa(rev)])
			}
			if strings.Contains(audit.String(), sha256Hex(doc)) || strings.Contains(audit.String(), salt) {
				t.Errorf("the audit log holds the plain SHA-256 or the salt of bid %s revision %d", bid, rev)
			}
			digests[digest] = true
		}
		rows.Close()
		if len(digests) != 3 {
			t.Errorf("three identical revisions have %d distinct digests", len(digests))
		}

		// Before opening the buying side reads no seal; the supplier reads
		// its own.
		_, err = s.svc.Bids.FindBidRevisions(mctx, e.ID, s.a.ID)
		wantReason(t, err, mutual.ECONFLICT, "bids_sealed")
		mine, err := s.svc.Bids.FindBidRevisions(storetest.Context(s.ua), e.ID, s.a.ID)
		if err != nil || len(mine) != 2 || mine[0].Seal == nil || mine[0].Seal.Salt == "" {
			t.Fatalf("the supplier's revisions %+v %v", mine, err)
		}

		clock.Add(49 * time.Hour)
		if _, err := s.svc.Events.UnsealEvent(mctx, e.ID, storetest.Password, "test"); err != nil {
			t.Fatal(err)
		}
		check := func(partner mutual.ID) []*mutual.Bid {
			t.Helper()
			revs, err := s.svc.Bids.FindBidRevisions(mctx, e.ID, partner)
			if err != nil {
				t.Fatal(err)
			}
			return revs
		}
		for _, p := range []mutual.ID{s.a.ID, s.b.ID} {
			for _, r := range check(p) {
				seal := r.Seal
				if seal == nil || seal.Algorithm != mutual.SealHMACSHA256 || hmacHex(t, seal.Salt, seal.Document) != seal.Digest ||
					audited[r.ID.String()+"/"+strconv.Itoa(r.Revision)] != seal.Digest {
					t.Errorf("partner %s revision %d: seal %+v does not match the audit log", p, r.Revision, seal)
				}
			}
		}

		// A revision changed behind Mutual's back no longer matches its
		// audit record, even with its stored digest recomputed by whoever
		// changed it: the audited digest is chained.
		bid := check(s.a.ID)[1]
		forged := strings.Replace(bid.Seal.Document, "14500000", "12500000", 1)
		if _, err := db.WriteDB().Exec(db.Rebind(`UPDATE bid_revisions SET document = ?, digest = ? WHERE bid_id = ? AND revision = 1`),
			forged, hmacHex(t, bid.Seal.Salt, forged), bid.ID); err != nil {
			t.Fatal(err)
		}
		if r := check(s.a.ID)[1]; hmacHex(t, r.Seal.Salt, r.Seal.Document) == audited[r.ID.String()+"/1"] {
			t.Errorf("a changed revision still matches its audit record")
		}

		// Revisions kept before salts show their plain SHA-256.
		old := check(s.b.ID)[0]
		if _, err := db.WriteDB().Exec(db.Rebind(`UPDATE bid_revisions SET salt = NULL, digest = ? WHERE bid_id = ?`), sha256Hex(old.Seal.Document), old.ID); err != nil {
			t.Fatal(err)
		}
		if r := check(s.b.ID)[0]; r.Seal.Algorithm != mutual.SealSHA256 || r.Seal.Salt != "" || r.Seal.Digest != sha256Hex(r.Seal.Document) {
			t.Errorf("an old revision's seal: %+v", r.Seal)
		}
	})
}

// TestSealedLegacyDigestsWithheld: audit records written before bids were
// salted hold a revision's plain SHA-256 and an attachment's SHA-256 and
// size; until the event's bids are opened they are read without them,
// saying so, while the chain still verifies as stored.
func TestSealedLegacyDigestsWithheld(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		s := newSourcing(t, db, clock)
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		actx, bctx := storetest.Context(admin), storetest.Context(s.buyer)
		e := s.draft(t, false)
		spec := &mutual.Document{EventID: e.ID, Name: "spec.pdf", ContentType: "application/pdf", Content: []byte("%PDF specification")}
		if err := s.svc.Documents.AddDocument(bctx, spec); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
			t.Fatal(err)
		}
		b, err := s.bid(e, s.ua, "14500000", "13200000")
		if err != nil {
			t.Fatal(err)
		}
		uctx := storetest.Context(s.ua)
		plain := sha256Hex("what an older version digested")
		if err := db.Audit(uctx, "submit", "bid", b.ID, nil, map[string]any{"event_id": e.ID, "partner_id": s.a.ID, "revision": 9, "sha256": plain}); err != nil {
			t.Fatal(err)
		}
		if err := db.Audit(uctx, "create", "document", 999, nil, map[string]any{"event_id": e.ID, "partner_id": s.a.ID, "size": 4321, "sha256": plain}); err != nil {
			t.Fatal(err)
		}
		read := func() (bidRec, attRec, specRec *mutual.AuditRecord) {
			t.Helper()
			recs, _, err := s.svc.Audit.FindAuditRecords(actx, mutual.AuditFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				switch {
				case r.Entity == "bid" && strings.Contains(string(r.After), `"revision":9`):
					bidRec = r
				case r.Entity == "document" && r.EntityID == 999:
					attRec = r
				case r.Entity == "document" && r.EntityID == spec.ID:
					specRec = r
				}
			}
			if bidRec == nil || attRec == nil || specRec == nil {
				t.Fatalf("records missing: %v %v %v", bidRec, attRec, specRec)
			}
			return
		}
		bidRec, attRec, specRec := read()
		if strings.Contains(string(bidRec.After), plain) || strings.Join(bidRec.Withheld, ",") != "sha256" {
			t.Errorf("a sealed bid's old record reads %s, withheld %v", bidRec.After, bidRec.Withheld)
		}
		if strings.Contains(string(attRec.After), plain) || strings.Contains(string(attRec.After), "4321") || strings.Join(attRec.Withheld, ",") != "sha256,size" {
			t.Errorf("a sealed attachment's old record reads %s, withheld %v", attRec.After, attRec.Withheld)
		}
		if !strings.Contains(string(specRec.After), `"sha256"`) || specRec.Withheld != nil {
			t.Errorf("the event's own document: %s, withheld %v", specRec.After, specRec.Withheld)
		}
		if v, err := s.svc.Audit.VerifyAudit(actx); err != nil || !v.Intact {
			t.Errorf("verify: %+v %v", v, err)
		}

		clock.Add(49 * time.Hour)
		if _, err := s.svc.Events.UnsealEvent(storetest.Context(s.mgr), e.ID, storetest.Password, "test"); err != nil {
			t.Fatal(err)
		}
		bidRec, attRec, _ = read()
		if !strings.Contains(string(bidRec.After), plain) || !strings.Contains(string(attRec.After), `"size":4321`) || bidRec.Withheld != nil || attRec.Withheld != nil {
			t.Errorf("opened, the old records read %s and %s", bidRec.After, attRec.After)
		}
	})
}
