package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// supplierSeen is what the supplier user of A reads through the API of one
// round of sourcing: for each kind of object, the IDs the API shows it.
type supplierSeen map[string][]int64

var idField = regexp.MustCompile(`"id":"(\d+)"`)

// seeIDs reads the "id" fields of what the supplier user of A gets at path
// under kind.
func (s supplierSeen) seeIDs(f *fixture, kind, path string) {
	f.tb.Helper()
	w := f.do("GET", path, mutual.RoleSupplier, "", nil)
	if w.Code != http.StatusOK {
		f.tb.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	for _, m := range idField.FindAllStringSubmatch(w.Body.String(), -1) {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		s[kind] = append(s[kind], n)
	}
}

// supplierRound has A bid on a new event, attach a file, get a
// clarification, a negotiation with our offer and an agreement, and
// returns the IDs the supplier user of A then sees of each.
func supplierRound(f *fixture) supplierSeen {
	f.tb.Helper()
	buyer := storetest.Context(f.users[mutual.RoleBuyer])
	se := newSourcingEvent(f, "bid")
	att := &mutual.Document{EventID: se.ID, Name: "a.pdf", ContentType: "application/pdf", Content: []byte("A certificate")}
	if err := f.svc.Bids.AddBidAttachment(storetest.Context(f.users[mutual.RoleSupplier]), att); err != nil {
		f.tb.Fatal(err)
	}
	if err := f.svc.Clarifications.AddClarification(buyer, &mutual.Clarification{EventID: se.ID, Text: "Delivery to Hải Phòng."}); err != nil {
		f.tb.Fatal(err)
	}
	n := newNegotiation(f, f.A.ID, true)
	ag := newAgreement(f, f.A.ID, f.users[mutual.RoleSupplier])
	ev := "/api/v1/events/" + se.ID.String()
	s := supplierSeen{}
	s.seeIDs(f, "event, lines, questions, criteria", ev)
	s.seeIDs(f, "bid", ev+"/bids")
	s.seeIDs(f, "documents", ev+"/documents")
	s.seeIDs(f, "clarifications", ev+"/clarifications")
	s.seeIDs(f, "negotiation, lines, rounds", "/api/v1/negotiations/"+n.ID.String())
	s.seeIDs(f, "agreement", "/api/v1/agreements/"+ag.ID.String())
	s.seeIDs(f, "newest notification", "/api/v1/notifications?limit=1")
	s["attachment"] = []int64{int64(att.ID)}
	return s
}

// othersActivity is what the buying side and A's rival C do meanwhile,
// none of which A may learn of: events A is not invited to, with their
// documents and C's bids, negotiations and agreements with C.
func othersActivity(f *fixture, times int) {
	f.tb.Helper()
	buyer := storetest.Context(f.users[mutual.RoleBuyer])
	cUser := supplierC(f)
	for range times {
		se := newSourcingEvent(f, "open")
		if err := f.svc.Invitations.Uninvite(buyer, se.ID, f.A.ID); err != nil {
			f.tb.Fatal(err)
		}
		submitBid(f, se, cUser, "14200000", "13000000")
		if err := f.svc.Clarifications.AddClarification(buyer, &mutual.Clarification{EventID: se.ID, Text: "For C only."}); err != nil {
			f.tb.Fatal(err)
		}
		newAgreement(f, cUser.PartnerID, cUser)
	}
}

// TestSourcing_IDsCountNothing is the attack of a supplier that counts its
// rivals' activity from the IDs it sees: A's user notes the IDs of its bid,
// the event, its documents and the rest; others bid, upload and negotiate
// meanwhile; the IDs A sees next, less the first ones, would count them,
// were they numbered from sequences. They are random, far apart, and
// within what a JSON number holds exactly.
func TestSourcing_IDsCountNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		first := supplierRound(f)
		othersActivity(f, 3)
		next := supplierRound(f)
		for kind, ids := range first {
			if len(ids) == 0 || len(next[kind]) != len(ids) {
				t.Fatalf("%s: the supplier saw %v, then %v", kind, ids, next[kind])
			}
			for i, id := range ids {
				if id < 1<<32 || id >= 1<<53 || next[kind][i] < 1<<32 || next[kind][i] >= 1<<53 {
					t.Errorf("%s: IDs %d then %d: not random in [2^32, 2^53)", kind, id, next[kind][i])
				}
				if gap := next[kind][i] - id; gap > -1_000_000 && gap < 1_000_000 {
					t.Errorf("%s: IDs %d then %d: the gap, %d, counts what others did meanwhile", kind, id, next[kind][i], gap)
				}
			}
		}
		// The notifications a supplier reads come newest first, and marking
		// them read up to the newest shown leaves none unread.
		var notes struct {
			Items []struct {
				ID     mutual.ID `json:"id"`
				ReadAt *string   `json:"read_at"`
			} `json:"items"`
		}
		w := f.do("GET", "/api/v1/notifications", mutual.RoleSupplier, "", nil)
		if err := json.Unmarshal(w.Body.Bytes(), &notes); err != nil || len(notes.Items) < 2 {
			t.Fatalf("notifications: %v %s", err, w.Body)
		}
		if w := f.do("POST", "/api/v1/notifications/read", mutual.RoleSupplier, `{"up_to": "`+notes.Items[0].ID.String()+`"}`, nil); w.Code != http.StatusNoContent {
			t.Fatalf("read: %d %s", w.Code, w.Body)
		}
		w = f.do("GET", "/api/v1/notifications?unread=true", mutual.RoleSupplier, "", nil)
		if err := json.Unmarshal(w.Body.Bytes(), &notes); err != nil || len(notes.Items) != 0 {
			t.Errorf("unread after reading up to the newest: %v %s", err, w.Body)
		}
	})
}
