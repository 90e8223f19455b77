package mutual_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
)

func TestComputeHealth(t *testing.T) {
	today := mutual.NewDate(2026, 11, 26)
	// touch is a required touch of gap days, last done ago days before
	// today; ago < 0 means never, the partner having been added -ago days ago.
	touch := func(kind string, gap, ago int) mutual.TouchStatus {
		if ago < 0 {
			return mutual.DueTouch(kind, gap, mutual.Date{}, today.AddDays(ago), today)
		}
		return mutual.DueTouch(kind, gap, today.AddDays(-ago), today.AddDays(-400), today)
	}
	ft := func(oursKept, oursDue, theirsKept, theirsDue int) []mutual.FollowThrough {
		return []mutual.FollowThrough{mutual.NewFollowThrough("ours", oursKept, oursDue), mutual.NewFollowThrough("theirs", theirsKept, theirsDue)}
	}
	const none = -1 // no score
	for _, tt := range []struct {
		name string
		in   mutual.HealthInputs
		// want scores: index, cadence, ours, theirs, sentiment
		want [5]int
		band string
		why  map[string]mutual.HealthWhy
	}{
		{
			name: "NoData",
			in:   mutual.HealthInputs{FollowThrough: ft(0, 0, 0, 0)},
			want: [5]int{none, none, none, none, none},
			why: map[string]mutual.HealthWhy{
				mutual.HealthCadence:             {Key: mutual.HealthWhyNoCadence},
				mutual.HealthFollowThroughOurs:   {Key: mutual.HealthWhyNothingDue, Window: 365},
				mutual.HealthFollowThroughTheirs: {Key: mutual.HealthWhyNothingDue, Window: 365},
				mutual.HealthSentiment:           {Key: mutual.HealthWhyNoSentiment, Window: 180},
			},
		},
		{
			name: "AllGood",
			in: mutual.HealthInputs{Touches: []mutual.TouchStatus{touch("any", 14, 3), touch("visit", 90, 60)},
				FollowThrough: ft(4, 4, 2, 2), SentimentSum: 4, SentimentCount: 2},
			want: [5]int{100, 100, 100, 100, 100},
			band: mutual.HealthGood,
			why: map[string]mutual.HealthWhy{
				// The visit has used 60/90 of its gap, the call 3/14: the visit explains.
				mutual.HealthCadence:           {Key: mutual.HealthWhyTouch, Kind: "visit", Days: 60, GapDays: 90},
				mutual.HealthFollowThroughOurs: {Key: mutual.HealthWhyFollowThrough, Kept: 4, Due: 4, Window: 365},
				mutual.HealthSentiment:         {Key: mutual.HealthWhySentiment, Sum: 4, Count: 2, Window: 180},
			},
		},
		{
			// Last contact 41 days ago, 30 allowed: overdue by 11 of 30, 63.
			// Follow-through 7/9 = 78, theirs 1/4 = 25, sentiment +0.5 = 63.
			// (63*35 + 78*20 + 25*20 + 63*25) / 100 = 58.4.
			name: "Mixed",
			in: mutual.HealthInputs{Touches: []mutual.TouchStatus{touch("any", 30, 41)},
				FollowThrough: ft(7, 9, 1, 4), SentimentSum: 3, SentimentCount: 6},
			want: [5]int{58, 63, 78, 25, 63},
			band: mutual.HealthFair,
			why: map[string]mutual.HealthWhy{
				mutual.HealthCadence:             {Key: mutual.HealthWhyTouch, Kind: "any", Days: 41, GapDays: 30},
				mutual.HealthFollowThroughTheirs: {Key: mutual.HealthWhyFollowThrough, Kept: 1, Due: 4, Window: 365},
			},
		},
		{
			// Only cadence and sentiment have data: their weights, 35 and 25,
			// are renormalised. Never visited in 200 days, 90 allowed: 0.
			// Sentiment -2 over 1: 0. Index 0.
			name: "Renormalised",
			in: mutual.HealthInputs{Touches: []mutual.TouchStatus{touch("any", 14, 2), touch("visit", 90, -200)},
				FollowThrough: ft(0, 0, 0, 0), SentimentSum: -2, SentimentCount: 1},
			want: [5]int{0, 0, none, none, 0},
			band: mutual.HealthPoor,
			why: map[string]mutual.HealthWhy{
				mutual.HealthCadence: {Key: mutual.HealthWhyNeverTouched, Kind: "visit", Days: 200, GapDays: 90},
			},
		},
		{
			// Cadence 100 (weight 35) and their follow-through 0 (weight 20):
			// 3500 / 55 = 63.6.
			name: "OnlyTwo",
			in:   mutual.HealthInputs{Touches: []mutual.TouchStatus{touch("executive", 365, 365)}, FollowThrough: ft(0, 0, 0, 3)},
			want: [5]int{64, 100, none, 0, none},
			band: mutual.HealthFair,
		},
		{
			// Overdue by exactly one allowed gap scores 0; by one day short of it, 7.
			name: "OverdueByAGap",
			in:   mutual.HealthInputs{Touches: []mutual.TouchStatus{touch("any", 14, 28), touch("visit", 90, 60)}},
			want: [5]int{0, 0, none, none, none},
			band: mutual.HealthPoor,
		},
		{
			name: "OverdueAlmostAGap",
			in:   mutual.HealthInputs{Touches: []mutual.TouchStatus{touch("any", 14, 27)}},
			want: [5]int{7, 7, none, none, none},
			band: mutual.HealthPoor,
		},
		{
			// 39.5 rounds to 40: the fair band starts at 40.
			name: "BandEdge",
			in:   mutual.HealthInputs{FollowThrough: ft(79, 200, 0, 0)},
			want: [5]int{40, none, 40, none, none},
			band: mutual.HealthFair,
		},
		{
			// 69.5 rounds to 70: the good band starts at 70.
			name: "GoodEdge",
			in:   mutual.HealthInputs{FollowThrough: ft(139, 200, 0, 0)},
			want: [5]int{70, none, 70, none, none},
			band: mutual.HealthGood,
		},
		{
			name: "FollowThroughAndSentiment",
			in:   mutual.HealthInputs{FollowThrough: ft(7, 10, 0, 0), SentimentSum: 2, SentimentCount: 5},
			// ours 70 (20), sentiment 2.4/4 = 60 (25): (1400 + 1500) / 45 = 64.4.
			want: [5]int{64, none, 70, none, 60},
			band: mutual.HealthFair,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Today = today
			h := mutual.ComputeHealth(tt.in)
			score := func(v *int) int {
				if v == nil {
					return none
				}
				return *v
			}
			names := []string{mutual.HealthCadence, mutual.HealthFollowThroughOurs, mutual.HealthFollowThroughTheirs, mutual.HealthSentiment}
			if got, want := len(h.Components), len(names); got != want {
				t.Fatalf("%d components, want %d", got, want)
			}
			got := [5]int{score(h.Score)}
			for i, name := range names {
				c := h.Component(name)
				if c == nil {
					t.Fatalf("no component %s", name)
				}
				if c.Weight != mutual.HealthWeights[name] {
					t.Errorf("%s weight = %d", name, c.Weight)
				}
				got[i+1] = score(c.Score)
			}
			if got != tt.want {
				t.Errorf("scores (index, cadence, ours, theirs, sentiment) = %v, want %v", got, tt.want)
			}
			if h.Band != tt.band {
				t.Errorf("band = %q, want %q", h.Band, tt.band)
			}
			for name, want := range tt.why {
				if got := h.Component(name).Why; got != want {
					t.Errorf("%s why = %+v, want %+v", name, got, want)
				}
			}
		})
	}
}

func TestHealthWeightsAddUp(t *testing.T) {
	sum := 0
	for _, w := range mutual.HealthWeights {
		sum += w
	}
	if sum != 100 {
		t.Errorf("weights add up to %d, want 100", sum)
	}
}

func TestHealthWhy_SentimentTenths(t *testing.T) {
	for _, tt := range []struct{ sum, count, want int }{
		{0, 0, 0}, {2, 3, 7}, {-2, 3, -7}, {-3, 2, -15}, {1, 20, 1}, {-1, 20, -1}, {10, 5, 20}, {1, 40, 0},
	} {
		w := mutual.HealthWhy{Key: mutual.HealthWhySentiment, Sum: tt.sum, Count: tt.count}
		if got := w.SentimentTenths(); got != tt.want {
			t.Errorf("%d/%d: %d tenths, want %d", tt.sum, tt.count, got, tt.want)
		}
	}
}

func TestHealthBand(t *testing.T) {
	for _, tt := range []struct {
		score int
		want  string
	}{{100, "good"}, {70, "good"}, {69, "fair"}, {40, "fair"}, {39, "poor"}, {0, "poor"}} {
		if got := mutual.HealthBand(&tt.score); got != tt.want {
			t.Errorf("HealthBand(%d) = %q, want %q", tt.score, got, tt.want)
		}
	}
	if got := mutual.HealthBand(nil); got != "" {
		t.Errorf("HealthBand(nil) = %q", got)
	}
	if h := mutual.ComputeHealth(mutual.HealthInputs{Now: time.Now()}); h.Score != nil || h.Band != "" {
		t.Errorf("no data: %+v", h)
	}
}
