package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestSealed_BruteForce replays the attack of the security review: with
// an admin token and nothing else, read a live bid's digest in the audit
// log and try every pair of integer unit prices on the event's two lines,
// rebuilding the revision's document from what the attacker knows (line
// IDs, lead times, validity, the usual empty note and comments). It finds
// the prices against the digest the code before keyed digests wrote (the
// plain SHA-256 of the same revision, whose document the opened seal
// shows), which proves the harness, and nothing against the digest the
// audit log holds now.
//
// By default prices run from 1 to 300, which takes milliseconds. The
// review's range, 1 to 200,000 on each line, with the first line's price
// 1,830 (found after some 366 million candidates), runs with
//
//	MUTUAL_BRUTE_FORCE=1 go test ./api -run TestSealed_BruteForce -v
func TestSealed_BruteForce(t *testing.T) {
	limit, prices := 300, [2]int{123, 287}
	if os.Getenv("MUTUAL_BRUTE_FORCE") != "" {
		limit, prices = 200000, [2]int{1830, 154200}
	}
	for name, open := range databases() {
		t.Run(name, func(t *testing.T) {
			f := newFixtureOn(t, open(t))
			se := newSourcingEvent(f, "open")
			w := &sealedWorld{t: t, f: f, ev: se, validUntil: mutual.DateOf(time.Now(), f.svc.Zone).AddDays(90).String()}
			body := w.bidBody([2]string{strconv.Itoa(prices[0]), strconv.Itoa(prices[1])})
			checkResponse(t, f.do("POST", "/api/v1/events/"+se.ID.String()+"/bids", "supplier", body, nil), 201)

			// What the admin reads while the event is open.
			res := f.do("GET", "/api/v1/audit?entity=bid&limit=1", mutual.RoleAdmin, "", nil)
			checkResponse(t, res, 200)
			var list struct{ Items []mutual.AuditRecord }
			decode(t, res, &list)
			var after map[string]any
			json.Unmarshal(list.Items[0].After, &after)
			field, audited := "sha256", ""
			if d, ok := after["sha256"].(string); ok {
				audited = d
			} else if d, ok := after["hmac_sha256"].(string); ok {
				field, audited = "hmac_sha256", d
			}
			if audited == "" {
				t.Fatalf("no digest in the audit record %s", list.Items[0].After)
			}
			attack := bruteForcer{lines: [2]string{se.Lines[0].ID.String(), se.Lines[1].ID.String()}, question: se.Questions[0].ID.String(),
				validUntil: w.validUntil, limit: limit}

			// Rows 1..prices[0]: every candidate the plain digest needed, and more.
			got, tried, took, found := attack.run(audited, prices[0])
			t.Logf("audit log's %s: %d candidates in %v (%.1f M/s), found: %v %v", field, tried, took.Round(time.Millisecond), float64(tried)/took.Seconds()/1e6, found, got)
			if field == "sha256" {
				if !found || got != prices {
					t.Errorf("the harness did not find the prices %v in the plain digest", prices)
				}
				return // the code before keyed digests: nothing opens to check the harness against
			}
			if found {
				t.Errorf("the prices %v were found in the audit log's keyed digest", got)
			}

			// The harness works: against the plain SHA-256 of the same
			// revision, what the code before wrote, it finds the prices.
			checkResponse(t, f.do("POST", "/api/v1/events/"+se.ID.String()+"/close", mutual.RoleBuyer, "", nil), 200)
			checkResponse(t, f.do("POST", "/api/v1/events/"+se.ID.String()+"/unseal", mutual.RoleManager, `{"password": "`+storetest.Password+`"}`, nil), 200)
			res = f.do("GET", "/api/v1/events/"+se.ID.String()+"/bids/revisions?partner_id="+f.A.ID.String(), mutual.RoleManager, "", nil)
			checkResponse(t, res, 200)
			var revs struct {
				Items []struct{ Seal struct{ Document string } }
			}
			decode(t, res, &revs)
			sum := sha256.Sum256([]byte(revs.Items[0].Seal.Document))
			got, tried, took, found = attack.run(hex.EncodeToString(sum[:]), limit)
			t.Logf("old scheme's sha256 of the same revision: %d candidates in %v (%.1f M/s), found: %v %v", tried, took.Round(time.Millisecond), float64(tried)/took.Seconds()/1e6, found, got)
			if !found || got != prices {
				t.Errorf("the harness did not find the prices %v in the plain digest", prices)
			}
		})
	}
}

// bruteForcer tries unit prices on a two-line bid against a SHA-256.
type bruteForcer struct {
	lines      [2]string // line IDs
	question   string    // the yes/no question, answered yes
	validUntil string
	limit      int // prices 1..limit on each line
}

// run tries the first line's prices 1..rows and the second's 1..limit,
// rows spread over the cores, until a document's SHA-256 is digest.
func (b bruteForcer) run(digest string, rows int) (prices [2]int, tried int64, took time.Duration, found bool) {
	want, err := hex.DecodeString(digest)
	if err != nil || len(want) != sha256.Size {
		return prices, 0, 0, false
	}
	// The revision's document, as the code writes it: JSON whose "lines"
	// is a tab-separated row per line, here with the escapes JSON gives.
	head := []byte(`{"status":"submitted","lines":"` + b.lines[0] + `\t`)
	mid := []byte(`\t14\t\"\"\n` + b.lines[1] + `\t`)
	tail := []byte(`\t21\t\"\"\n","answers":[{"question_id":"` + b.question + `","yes":true}],"comments":"","valid_until":"` + b.validUntil + `"}`)
	var done atomic.Bool
	var count atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			doc := make([]byte, 0, 256)
			for p1 := 1 + w; p1 <= rows && !done.Load(); p1 += workers {
				row := append(append(doc[:0], head...), strconv.Itoa(p1)...)
				row = append(row, mid...)
				n := len(row)
				for p2 := 1; p2 <= b.limit; p2++ {
					doc = strconv.AppendInt(row[:n], int64(p2), 10)
					doc = append(doc, tail...)
					if sum := sha256.Sum256(doc); bytes.Equal(sum[:], want) {
						mu.Lock()
						prices, found = [2]int{p1, p2}, true
						mu.Unlock()
						done.Store(true)
						count.Add(int64(p2))
						return
					}
				}
				count.Add(int64(b.limit))
			}
		})
	}
	wg.Wait()
	return prices, count.Load(), time.Since(start), found
}
