package mutual_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
)

// TestPartner_MoveTo tries every pair of statuses: the life cycle's moves
// pass, every other move (staying put included) is refused with its reason.
func TestPartner_MoveTo(t *testing.T) {
	allowed := map[[2]string]bool{
		{"prospect", "onboarding"}:   true,
		{"onboarding", "active"}:     true,
		{"active", "suspended"}:      true,
		{"suspended", "active"}:      true,
		{"suspended", "offboarded"}:  true,
		{"offboarded", "onboarding"}: true,
	}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, from := range mutual.Statuses {
		for _, to := range mutual.Statuses {
			t.Run(from+"_to_"+to, func(t *testing.T) {
				p := &mutual.Partner{Status: from}
				err := p.MoveTo(to, "Quarterly review", now)
				switch {
				case allowed[[2]string{from, to}]:
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					if p.Status != to || !p.UpdatedAt.Equal(now) {
						t.Errorf("status = %q, updated %v", p.Status, p.UpdatedAt)
					}
					if !mutual.PartnerStatus(from).CanMoveTo(mutual.PartnerStatus(to)) {
						t.Errorf("CanMoveTo disagrees with MoveTo")
					}
				default:
					want := mutual.ReasonStatusMoveNotAllowed
					if from == to {
						want = mutual.ReasonStatusUnchanged
					}
					if mutual.ErrorCode(err) != mutual.ECONFLICT || mutual.ErrorReason(err) != want {
						t.Fatalf("err = %v (reason %q), want a conflict with reason %s", err, mutual.ErrorReason(err), want)
					}
					if p.Status != from {
						t.Errorf("status changed to %q by a refused move", p.Status)
					}
					if mutual.PartnerStatus(from).CanMoveTo(mutual.PartnerStatus(to)) {
						t.Errorf("CanMoveTo allows what MoveTo refuses")
					}
				}
			})
		}
	}
}

func TestPartner_MoveTo_Input(t *testing.T) {
	now := time.Now()
	t.Run("Normalized", func(t *testing.T) {
		p := &mutual.Partner{Status: "prospect"}
		if err := p.MoveTo("  Onboarding ", " Signed NDA ", now); err != nil || p.Status != "onboarding" {
			t.Fatalf("err = %v, status %q", err, p.Status)
		}
	})
	for _, tc := range []struct {
		name, to, reason string
		fields           []string
		rules            []string
	}{
		{"ErrReasonMissing", "onboarding", "  ", []string{"reason"}, []string{"required"}},
		{"ErrStatusUnknown", "dormant", "Why not", []string{"status"}, []string{"enum"}},
		{"ErrStatusMissing", "", "Why not", []string{"status"}, []string{"required"}},
		{"ErrBoth", "dormant", "", []string{"status", "reason"}, []string{"enum", "required"}},
		{"ErrReasonTooLong", "onboarding", strings.Repeat("x", mutual.MaxStatusReason+1), []string{"reason"}, []string{"too_long"}},
		{"ErrReasonControl", "onboarding", "bad\x00reason", []string{"reason"}, []string{"text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &mutual.Partner{Status: "prospect"}
			err := p.MoveTo(tc.to, tc.reason, now)
			if mutual.ErrorCode(err) != mutual.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
			fs := mutual.ErrorFields(err)
			if len(fs) != len(tc.fields) {
				t.Fatalf("fields = %+v", fs)
			}
			for i, f := range fs {
				if f.Field != tc.fields[i] || f.Rule != tc.rules[i] {
					t.Errorf("field %d = %s/%s, want %s/%s", i, f.Field, f.Rule, tc.fields[i], tc.rules[i])
				}
			}
			if p.Status != "prospect" {
				t.Errorf("status changed to %q", p.Status)
			}
		})
	}
	t.Run("ErrMessageNamesTheWayOn", func(t *testing.T) {
		p := &mutual.Partner{Status: "offboarded"}
		err := p.MoveTo("active", "Back in business", now)
		if got := mutual.ErrorMessage(err); !strings.Contains(got, "from offboarded it may move to onboarding") {
			t.Errorf("message = %q", got)
		}
	})
}

func TestCheckStatusKept(t *testing.T) {
	var pr mutual.Problems
	mutual.CheckStatusKept(&pr, "active", "active")
	if len(pr) != 0 {
		t.Fatalf("unchanged status refused: %+v", pr)
	}
	mutual.CheckStatusKept(&pr, "active", "suspended")
	if len(pr) != 1 || pr[0].Field != "status" || pr[0].Rule != "use_status_endpoint" || !strings.Contains(pr[0].Message, "POST /api/v1/partners/{id}/status") {
		t.Fatalf("problems = %+v", pr)
	}
}

func TestPartnerStatus_Moves(t *testing.T) {
	if got := (&mutual.Partner{Status: "suspended"}).StatusMoves(); strings.Join(got, ",") != "active,offboarded" {
		t.Errorf("moves from suspended = %v", got)
	}
	if got := mutual.PartnerStatus("dormant").Moves(); len(got) != 0 {
		t.Errorf("moves from an unknown status = %v", got)
	}
	for _, s := range mutual.Statuses {
		if !mutual.PartnerStatus(s).Valid() {
			t.Errorf("%s is not valid", s)
		}
	}
}

// TestPartner_CanSource: suppliers in every status but suspended and
// offboarded may be sourced from; other partners never.
func TestPartner_CanSource(t *testing.T) {
	want := map[string]string{
		"prospect":   "",
		"onboarding": "",
		"active":     "",
		"suspended":  mutual.ReasonPartnerSuspended,
		"offboarded": mutual.ReasonPartnerOffboarded,
	}
	for _, status := range mutual.Statuses {
		t.Run(status, func(t *testing.T) {
			p := &mutual.Partner{Name: "Thép Hòa Phát", Status: status, Roles: []string{mutual.PartnerSupplier}}
			err := p.CanSource()
			if got := mutual.ErrorReason(err); got != want[status] {
				t.Errorf("supplier: reason %q, want %q (%v)", got, want[status], err)
			}
			if err != nil && mutual.ErrorCode(err) != mutual.ECONFLICT {
				t.Errorf("code %q", mutual.ErrorCode(err))
			}
			p.Roles = []string{mutual.PartnerCustomer}
			if got := mutual.ErrorReason(p.CanSource()); got != mutual.ReasonPartnerNotSupplier {
				t.Errorf("customer: reason %q", got)
			}
			if got, want := p.Tended(), status == "onboarding" || status == "active"; got != want {
				t.Errorf("Tended() = %v, want %v", got, want)
			}
		})
	}
}
