package store_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestDueDatesProperty checks, on random data, that the due dates the
// databases compute in SQL (refreshDue, kept on the partner rows for the
// attention list's indexes) are those mutual.DueTouch computes in Go, and
// that the attention list scores and orders the relationships as the Go
// rules do (mutual.OverdueScore, mutual.AttentionWeightNoKAM): a few
// hundred partners, interactions and cadences, created at random hours
// of the company's day, from a fixed seed.
func TestDueDatesProperty(t *testing.T) {
	clock := storetest.NewClock(now)
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		rnd := rand.New(rand.NewPCG(20261126, 1))
		svc := db.Services()
		admin, _ := storetest.MustCreateUser(t, db, mutual.RoleAdmin, 0)
		kam, _ := storetest.MustCreateUser(t, db, mutual.RoleBuyer, 0)
		actx, ctx := storetest.Context(admin), storetest.Context(kam)
		gap := func() *int {
			if rnd.IntN(4) == 0 {
				return nil
			}
			d := 1 + rnd.IntN(400)
			return &d
		}
		cadence := func() mutual.Cadence { return mutual.Cadence{AnyDays: gap(), VisitDays: gap(), ExecutiveDays: gap()} }
		past := func(maxDays int) time.Time {
			return now.Add(-time.Duration(rnd.Int64N(int64(maxDays) * 24 * int64(time.Hour))))
		}
		statuses := []string{"prospect", "onboarding", "active", "active", "suspended"}

		const partners = 120
		var ids []mutual.ID
		for i := range partners {
			clock.Set(past(500)) // the day a partner was added counts for its first touches
			p := &mutual.Partner{Name: fmt.Sprintf("P%03d", i), Segment: mutual.Segments[rnd.IntN(len(mutual.Segments))],
				Status: statuses[rnd.IntN(len(statuses))]}
			if rnd.IntN(3) > 0 {
				p.OwnerID = kam.ID
			}
			ids = append(ids, storetest.MustCreatePartner(t, db, p).ID)
		}
		clock.Set(now)
		for _, id := range ids {
			if rnd.IntN(4) == 0 {
				c := cadence()
				if _, err := svc.Cadences.SetPartnerCadence(ctx, id, &c); err != nil {
					t.Fatalf("override: %v", err)
				}
			}
		}
		for range 2 * partners {
			in := &mutual.Interaction{PartnerID: ids[rnd.IntN(len(ids))], Kind: mutual.InteractionKinds[rnd.IntN(len(mutual.InteractionKinds))],
				Level: mutual.InteractionLevels[rnd.IntN(len(mutual.InteractionLevels))], OccurredAt: past(400), Subject: "Touch"}
			if err := svc.Interactions.CreateInteraction(ctx, in); err != nil {
				t.Fatalf("interaction: %v", err)
			}
		}
		// The segments' cadences change last: every partner without its
		// own is refreshed at once.
		for _, seg := range mutual.Segments {
			if _, err := svc.Cadences.UpdateCadence(actx, seg, cadence(), 0); err != nil {
				t.Fatalf("cadence %s: %v", seg, err)
			}
		}

		type want struct {
			id    mutual.ID
			name  string
			score int
		}
		var expected []want
		checked := 0
		for i, id := range ids {
			pc, err := svc.Cadences.PartnerCadence(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			goDue := map[string]mutual.TouchStatus{}
			for _, ts := range pc.Touches {
				goDue[ts.Kind] = ts
			}
			var due [3]sql.NullString
			if err := db.WriteDB().QueryRow(db.Rebind(`SELECT due_any_on, due_visit_on, due_executive_on FROM partners WHERE id = ?`), int64(id)).
				Scan(&due[0], &due[1], &due[2]); err != nil {
				t.Fatal(err)
			}
			for k, kind := range mutual.TouchKinds {
				ts, required := goDue[kind]
				switch {
				case !required && due[k].Valid:
					t.Errorf("P%03d %s: SQL due %s, Go: no requirement", i, kind, due[k].String)
				case required && !due[k].Valid:
					t.Errorf("P%03d %s: SQL no due date, Go due %s", i, kind, ts.DueOn)
				case required && due[k].String != ts.DueOn.String():
					t.Errorf("P%03d %s (gap %d, last %s): SQL due %s, Go due %s", i, kind, ts.GapDays, ts.LastOn, due[k].String, ts.DueOn)
				default:
					checked++
				}
			}
			p, err := svc.Partners.FindPartnerByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Tended() {
				continue
			}
			w := want{id: id, name: p.Name}
			for _, ts := range pc.Touches {
				if ts.Overdue {
					w.score += mutual.OverdueScore(p.Segment, ts.OverdueDays)
				}
			}
			if p.OwnerID == 0 {
				w.score += mutual.AttentionWeightNoKAM
			}
			if w.score > 0 || p.OwnerID == 0 {
				expected = append(expected, w)
			}
		}
		if checked < partners {
			t.Errorf("only %d due dates compared; is the data too sparse?", checked)
		}
		sort.Slice(expected, func(i, j int) bool {
			if expected[i].score != expected[j].score {
				return expected[i].score > expected[j].score
			}
			return expected[i].name < expected[j].name
		})
		items, err := svc.Attention.FindAttention(ctx, mutual.AttentionFilter{Limit: mutual.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != len(expected) {
			t.Fatalf("attention lists %d relationships, Go rules %d", len(items), len(expected))
		}
		for i, it := range items {
			if e := expected[i]; it.PartnerID != e.id || it.Score != e.score {
				t.Errorf("attention #%d: %s scored %d, Go rules put %s scored %d", i+1, it.PartnerName, it.Score, e.name, e.score)
			}
		}
	})
}
