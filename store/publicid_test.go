package store_test

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// scriptedIDs is an IDSource that gives the IDs it is told to, then
// random ones.
type scriptedIDs struct {
	mu   sync.Mutex
	next []mutual.ID
}

func (s *scriptedIDs) Read(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.next) == 0 || len(b) != 8 {
		return rand.Read(b)
	}
	binary.BigEndian.PutUint64(b, uint64(s.next[0]))
	s.next = s.next[1:]
	return 8, nil
}

func (s *scriptedIDs) script(ids ...mutual.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = ids
}

// An ID drawn twice is tried again: for a document, within the
// transaction; for a bid, whose upsert ends a PostgreSQL transaction on
// the taken ID, with the whole submission.
func TestPublicIDs_TakenIsDrawnAgain(t *testing.T) {
	const x, y = mutual.ID(1<<40 + 7), mutual.ID(1<<41 + 9)
	ids := &scriptedIDs{}
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now, IDSource: ids}, func(t *testing.T, db *store.DB) {
		s := newSourcing(t, db, clock)
		bctx := storetest.Context(s.buyer)
		e1, e2 := s.draft(t, false), s.draft(t, false)

		ids.script(x, x, y)
		d1 := &mutual.Document{EventID: e1.ID, Name: "spec.pdf", ContentType: "application/pdf", Content: []byte("spec 1")}
		d2 := &mutual.Document{EventID: e1.ID, Name: "drawing.pdf", ContentType: "application/pdf", Content: []byte("drawing")}
		if err := s.svc.Documents.AddDocument(bctx, d1); err != nil {
			t.Fatal(err)
		}
		if err := s.svc.Documents.AddDocument(bctx, d2); err != nil {
			t.Fatal(err)
		}
		if d1.ID != x || d2.ID != y {
			t.Fatalf("documents %s and %s, want %s and %s", d1.ID, d2.ID, x, y)
		}

		for _, e := range []*mutual.Event{e1, e2} {
			if _, err := s.svc.Events.PublishEvent(bctx, e.ID, 0); err != nil {
				t.Fatal(err)
			}
		}
		ids.script(x, x)
		b1, err := s.bid(e1, s.ua, "14500000", "13200000")
		if err != nil {
			t.Fatal(err)
		}
		b2, err := s.bid(e2, s.ua, "14400000", "13100000")
		if err != nil {
			t.Fatal(err)
		}
		if b1.ID != x || b2.ID == x || b2.ID < 1<<32 || b2.Revision != 1 {
			t.Fatalf("bids %s and %s (revision %d), want %s and another", b1.ID, b2.ID, b2.Revision, x)
		}
		mine, err := s.svc.Bids.FindMyBid(storetest.Context(s.ua), e2.ID)
		if err != nil || mine.ID != b2.ID {
			t.Fatalf("bid on e2 %+v %v", mine, err)
		}
		revs, err := s.svc.Bids.FindBidRevisions(storetest.Context(s.ua), e2.ID, s.a.ID)
		if err != nil || len(revs) != 1 {
			t.Fatalf("revisions on e2 %d %v: the failed try must leave nothing", len(revs), err)
		}
	})
}
